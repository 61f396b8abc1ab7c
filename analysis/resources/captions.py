"""Figure captions: ``analysis/data/captions.yaml`` maps a figure's stable name to its caption."""

from __future__ import annotations

from typing import Any

from analysis.resources.files import load_resource

__all__ = ["figure_captions"]


def _validate_captions(data: Any, name: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValueError(f"{name}: must map figure names to caption strings")
    return tuple((str(k), " ".join(v.split())) for k, v in data.items())


def figure_captions() -> dict[str, str]:
    """Captions of the project's figures by stable name (``analysis/data/captions.yaml``, read once).

    Examples
    --------
    >>> all(isinstance(caption, str) and caption for caption in figure_captions().values())
    True
    """
    return dict(load_resource(None, "captions.yaml", _validate_captions))
