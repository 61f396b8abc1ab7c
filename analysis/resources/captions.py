"""Figure captions: ``analysis/data/captions.yaml`` maps a figure's stable name to its caption."""

from __future__ import annotations

from functools import cache

from analysis.resources.files import read_resource

__all__ = ["figure_captions"]


@cache
def _captions() -> tuple[tuple[str, str], ...]:
    data, name = read_resource(None, "captions.yaml")
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
    return dict(_captions())
