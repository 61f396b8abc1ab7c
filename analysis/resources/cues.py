"""Hedge and booster lists: the file format (``analysis/data/hedges.yaml``), its validation and loading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource
from analysis.resources.schema import is_text, mappings, required_list, unknown_keys, where

__all__ = ["CueList", "load_cue_lists", "validate_cue_lists"]


@dataclass(frozen=True)
class CueList:
    """One list of ``hedges.yaml``: its cue type, category and cues (lower case)."""

    cue_type: str
    category: str
    cues: tuple[str, ...]


_LIST_KEYS = {"cue_type", "category", "source", "note", "cues"}


def validate_cue_lists(data: Any, *, name: str = "hedges.yaml") -> list[CueList]:
    """Check a parsed hedge/booster file and return its lists.

    Raises
    ------
    ValueError
        Listing every problem with file and line: unknown keys, a cue type other than ``hedge`` or
        ``booster``, a list without category, source or cues, an empty cue, a cue listed twice.

    Examples
    --------
    >>> lists = validate_cue_lists({"source": "x", "lists": [
    ...     {"cue_type": "hedge", "category": "attribution", "source": "x", "cues": ["Reportedly"]}]})
    >>> lists[0].cues
    ('reportedly',)
    >>> validate_cue_lists({"source": "x", "lists": [
    ...     {"cue_type": "hedge", "category": "a", "source": "x", "cues": ["so", "so"]}]})
    Traceback (most recent call last):
    ...
    ValueError: hedges.yaml: invalid cue file:
      hedges.yaml: cue 'so' is listed twice
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(f"{name}: a cue file must be a mapping with `source` and `lists`")
    errors += unknown_keys(name, data, {"source", "note", "lists"})
    if not is_text(data.get("source")):
        errors.append(f"{where(name, data, 'source')}: `source` is required")
    lists = required_list(name, data, "lists", errors, problem="`lists` must be a non-empty list")
    out: list[CueList] = []
    seen: dict[str, str] = {}
    problem = "each list must be a mapping with cue_type, category, source and cues"
    for at, block in mappings(name, lists, errors, problem=problem, allowed=_LIST_KEYS):
        cue_type = block.get("cue_type")
        if cue_type not in {"hedge", "booster"}:
            errors.append(f"{where(name, block, 'cue_type')}: cue_type {cue_type!r} must be 'hedge' or 'booster'")
        category = block.get("category")
        if not is_text(category):
            errors.append(f"{at}: list without a `category`")
        if not is_text(block.get("source")):
            errors.append(f"{at}: list {category!r} needs a `source`")
        cues = required_list(name, block, "cues", errors, problem=f"list {category!r} needs a non-empty `cues` list")
        if not cues:
            continue
        clean = []
        for i, cue in enumerate(cues):
            if not is_text(cue):
                errors.append(f"{where(name, cues, i)}: empty cue in list {category!r}")
                continue
            cue = " ".join(cue.lower().split())
            if cue in seen:
                errors.append(f"{where(name, cues, i)}: cue {cue!r} is listed twice")
                continue
            seen[cue] = at
            clean.append(cue)
        if isinstance(cue_type, str) and isinstance(category, str):
            out.append(CueList(cue_type, category.strip(), tuple(clean)))
    if errors:
        raise ValueError(f"{name}: invalid cue file:\n  " + "\n  ".join(errors))
    return out


def load_cue_lists(path: str | Path | None = None) -> list[CueList]:
    """Read and validate a hedge/booster file (default: the packaged ``hedges.yaml``, read once).

    Examples
    --------
    >>> sorted({cues.cue_type for cues in load_cue_lists()})
    ['booster', 'hedge']
    """
    return list(load_resource(path, "hedges.yaml", validate_cue_lists))
