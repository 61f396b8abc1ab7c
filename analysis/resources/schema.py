"""The helpers every resource loader shares: ``file:line`` locations and key checks (pure, no I/O).

A resource is a YAML data file (a word list, rules, actors, a lexicon). Files are read by
:func:`analysis.io.read_yaml` into mappings and lists that remember the line of each key and item;
:func:`where` turns that into the ``file:line`` prefix of every validation message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["is_text", "line_of", "mappings", "required_list", "unknown_keys", "where"]


def line_of(container: Any, key: Any = None) -> int | None:
    """The 1-based line of ``key`` in a mapping or list read by :func:`analysis.io.read_yaml`.

    Falls back to the line of the container itself, and to None for plain Python objects.

    Examples
    --------
    >>> line_of({"a": 1}, "a") is None
    True
    """
    lines = getattr(container, "lines", None)
    if lines is not None and key is not None:
        try:
            return int(lines[key])
        except (KeyError, IndexError, TypeError):
            pass
    line = getattr(container, "line", None)
    return int(line) if line else None


def where(name: str, container: Any = None, key: Any = None) -> str:
    """``"file:line"`` of ``key`` in ``container`` (or of ``container``; or a line number), else ``"file"``.

    Examples
    --------
    >>> where("a.yaml", {"x": 1}, "x"), where("a.yaml", 12), where("a.yaml", 0)
    ('a.yaml', 'a.yaml:12', 'a.yaml')
    """
    line = container if isinstance(container, int) else line_of(container, key)
    return f"{name}:{line}" if line else name


def unknown_keys(name: str, data: Any, allowed: Any, *, prefix: str = "", suffix: str = "") -> list[str]:
    """One message per key of the mapping ``data`` not in ``allowed``, in file order.

    Each reads ``"<file:line>: <prefix>unknown key '<key>'<suffix>"``.

    Examples
    --------
    >>> unknown_keys("a.yaml", {"nme": 1, "name": 2}, {"name"}, suffix=" (allowed: name)")
    ["a.yaml: unknown key 'nme' (allowed: name)"]
    """
    return [f"{where(name, data, key)}: {prefix}unknown key {key!r}{suffix}" for key in data if key not in allowed]


def is_text(value: Any) -> bool:
    """Whether ``value`` is a string with something other than white space in it.

    Examples
    --------
    >>> is_text(" x "), is_text("  "), is_text(None)
    (True, False, False)
    """
    return isinstance(value, str) and bool(value.strip())


def required_list(name: str, data: Any, key: str, errors: list[str], *, problem: str) -> list:
    """``data[key]`` when it is a non-empty list; else ``[]``, with ``"<file:line>: <problem>"`` in ``errors``.

    Examples
    --------
    >>> errors = []
    >>> required_list("a.yaml", {"cues": []}, "cues", errors, problem="`cues` must be a non-empty list")
    []
    >>> errors
    ['a.yaml: `cues` must be a non-empty list']
    """
    value = data.get(key)
    if isinstance(value, list) and value:
        return value
    errors.append(f"{where(name, data, key)}: {problem}")
    return []


def mappings(name: str, items: list, errors: list[str], *, problem: str, allowed: Any) -> Iterator[tuple[str, Any]]:
    """Each mapping of ``items`` with its ``file:line``; reports the items that are not mappings
    (``problem``) and the unknown keys of those that are (listing the ``allowed`` ones).

    Examples
    --------
    >>> errors = []
    >>> [at for at, _ in mappings("a.yaml", [{"x": 1}, 2], errors, problem="not a mapping", allowed={"y"})]
    ['a.yaml']
    >>> errors
    ["a.yaml: unknown key 'x' (allowed: y)", 'a.yaml: not a mapping']
    """
    for index, item in enumerate(items):
        at = where(name, items, index)
        if not isinstance(item, dict):
            errors.append(f"{at}: {problem}")
            continue
        errors += unknown_keys(name, item, allowed, suffix=f" (allowed: {', '.join(sorted(allowed))})")
        yield at, item
