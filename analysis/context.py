"""What a table builder receives besides the tables: :class:`EventContext`.

It sits at the bottom of the package (it imports nothing from it) so that analyses can name it
without importing the table registry above them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["EventContext"]


@dataclass(frozen=True)
class EventContext:
    """What table builders may need besides the tables: the event and where its files are.

    Parameters
    ----------
    slug : str
        The event folder's name.
    raw_dir : Path or None
        The event folder (``data/raw/<slug>``), for per-event data files such as ``actors.yaml``.
    meta : dict
        The event's title, description and date from ``event.yaml``.
    options : dict
        Builder options by name (e.g. ``{"lexicons": [...]}``), given on the command line.
    shared : dict
        Work done once per run and shared between builders, e.g. the tokens of every sentence
        (:func:`analysis.text.tokens.sentence_tokens`); never part of the tables written.

    Examples
    --------
    >>> EventContext(slug="demo").options
    {}
    """

    slug: str
    raw_dir: Path | None = None
    meta: dict = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
