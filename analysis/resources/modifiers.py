"""Evaluative modifiers of actors (``analysis/data/actor_modifiers.yaml``): validation and loading.

Words written before an actor's name ("crooked", "militaristic") and their valence on VADER's
-4..+4 scale; used by :func:`analysis.analyses.stance.toward.stance_toward_actors`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from analysis.resources.files import read_resource

__all__ = ["load_actor_modifiers"]

_VADER_MAX = 4  # VADER word valences run from -4 to +4


def load_actor_modifiers(path: str | Path | None = None) -> dict[str, float]:
    """Evaluative modifiers and their valence (VADER's -4..+4 scale) from ``actor_modifiers.yaml``.

    The packaged file (``path`` None) is read once per process.

    Examples
    --------
    >>> load_actor_modifiers()["militaristic"]
    -1.6
    """
    return dict(_default_modifiers()) if path is None else _read_modifiers(path)


@functools.cache
def _default_modifiers() -> tuple[tuple[str, float], ...]:
    return tuple(_read_modifiers(None).items())


def _read_modifiers(path: str | Path | None) -> dict[str, float]:
    data, where = read_resource(path, "actor_modifiers.yaml")
    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, dict) or not words:
        raise ValueError(f"{where}: `words` must map each modifier to its valence")
    bad = [w for w, v in words.items() if not isinstance(v, (int, float)) or not -_VADER_MAX <= v <= _VADER_MAX]
    if bad:
        raise ValueError(f"{where}: valence must be a number from -4 to 4 for: {', '.join(map(str, bad))}")
    return {str(w).lower(): float(v) for w, v in words.items()}
