"""Actors files: the format (see :mod:`analysis.analyses.stance.actors`), its validation and loading."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.resources.files import load_resource
from analysis.resources.schema import is_text, mappings, required_list, unknown_keys, where

__all__ = ["ACTOR_TYPES", "Actor", "load_actors", "merge_actors", "validate_actors"]


ACTOR_TYPES = ("country", "organisation", "person", "media", "group", "document")
"""Allowed values of an actor's ``type`` (``country`` covers countries and places; ``document`` is a
text that may be quoted: a law, a report, a statement)."""

_ACTOR_KEYS = {"name", "type", "affiliation", "role", "aliases", "places", "heads", "note", "source"}
_FILE_KEYS = {"source", "note", "include_default", "actors"}


@dataclass(frozen=True)
class Actor:
    """One actor of an actors file (see the module docstring for the meaning of each field).

    ``evidence`` says why a discovered actor (:mod:`analysis.analyses.stance.discovery`) has its type.
    """

    name: str
    type: str
    aliases: tuple[str, ...]
    affiliation: str | None = None
    role: str | None = None
    places: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()
    note: str | None = None
    evidence: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------------
# Loading and validation


def _string_list(value: Any, at: str, key: str, errors: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        errors.append(f"{at}: `{key}` must be a list of strings")
        return ()
    out = []
    for i, item in enumerate(value):
        item_at = where(at.rsplit(":", 1)[0], value, i)
        if not is_text(item):
            errors.append(f"{item_at}: `{key}` item {i + 1} must be a non-empty string")
            continue
        if item.strip() in out:
            errors.append(f"{item_at}: `{key}` repeats {item.strip()!r}")
            continue
        out.append(item.strip())
    return tuple(out)


def validate_actors(data: Any, *, name: str = "actors.yaml") -> tuple[list[Actor], bool]:  # noqa: C901 - a checklist of every problem
    """Check a parsed actors file and return its actors and its ``include_default`` flag.

    Parameters
    ----------
    data : dict
        As returned by :func:`analysis.io.read_yaml` (line numbers are used in messages).
    name : str
        The file name for error messages.

    Raises
    ------
    ValueError
        Listing every problem, each with file and line: unknown keys, missing or empty names,
        types or aliases, duplicate names, an alias used by two actors, an affiliation that is not
        an actor of the file, heads that are not single lower-case words.

    Examples
    --------
    >>> actors, include = validate_actors({"source": "me", "actors": [
    ...     {"name": "NATO", "type": "organisation", "aliases": ["NATO"], "heads": ["alliance"]}]})
    >>> actors[0].aliases, actors[0].heads, include
    (('NATO',), ('alliance',), False)
    >>> validate_actors({"source": "me", "actors": [{"name": "X", "type": "planet", "aliases": ["X"]}]})
    Traceback (most recent call last):
    ...
    ValueError: actors.yaml: invalid actors file:
      actors.yaml: actor 'X': type 'planet' is not one of country, organisation, person, media, group, document
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(f"{name}: an actors file must be a mapping with `source` and `actors`")
    errors += unknown_keys(name, data, _FILE_KEYS, suffix=f" (allowed: {', '.join(sorted(_FILE_KEYS))})")
    if not is_text(data.get("source")):
        errors.append(f"{where(name, data, 'source')}: `source` (where the list comes from) is required")
    include = data.get("include_default", False)
    if not isinstance(include, bool):
        errors.append(f"{where(name, data, 'include_default')}: `include_default` must be true or false")
        include = False
    entries = required_list(name, data, "actors", errors, problem="`actors` must be a non-empty list")
    actors: list[Actor] = []
    lines: dict[str, str] = {}
    alias_owner: dict[str, tuple[str, str]] = {}
    affiliations: list[tuple[str, str, str]] = []
    problem = "each actor must be a mapping with name, type and aliases"
    for at, entry in mappings(name, entries, errors, problem=problem, allowed=_ACTOR_KEYS):
        actor_name = entry.get("name")
        if not is_text(actor_name):
            errors.append(f"{at}: actor without a `name`")
            continue
        actor_name = actor_name.strip()
        label = f"actor {actor_name!r}"
        if actor_name in lines:
            first = lines[actor_name]
            errors.append(f"{where(name, entry, 'name')}: duplicate actor name {actor_name!r} (first at {first})")
            continue
        lines[actor_name] = where(name, entry, "name")
        kind = entry.get("type")
        if kind not in ACTOR_TYPES:
            types = ", ".join(ACTOR_TYPES)
            errors.append(f"{where(name, entry, 'type')}: {label}: type {kind!r} is not one of {types}")
        aliases = _string_list(entry.get("aliases", []), where(name, entry, "aliases"), "aliases", errors)
        if not aliases:
            errors.append(f"{where(name, entry, 'aliases')}: {label}: needs at least one alias")
        for alias in aliases:
            if alias in alias_owner and alias_owner[alias][0] != actor_name:
                other, other_line = alias_owner[alias]
                errors.append(
                    f"{where(name, entry, 'aliases')}: {label}: alias {alias!r} already belongs to "
                    f"{other!r} ({other_line})"
                )
            alias_owner.setdefault(alias, (actor_name, where(name, entry, "aliases")))
        places = _string_list(entry.get("places", []), where(name, entry, "places"), "places", errors)
        aliases = aliases + tuple(p for p in places if p not in aliases)  # places are aliases too
        heads = _string_list(entry.get("heads", []), where(name, entry, "heads"), "heads", errors)
        for head in heads:
            if not re.fullmatch(r"[a-z][a-z-]*", head):
                errors.append(f"{where(name, entry, 'heads')}: {label}: head {head!r} must be one lower-case word")
        affiliation = entry.get("affiliation")
        if affiliation is not None:
            if not is_text(affiliation):
                errors.append(f"{where(name, entry, 'affiliation')}: {label}: `affiliation` must be an actor name")
                affiliation = None
            else:
                affiliation = affiliation.strip()
                affiliations.append((actor_name, affiliation, where(name, entry, "affiliation")))
        for key in ("role", "note", "source"):
            value = entry.get(key)
            if value is not None and not is_text(value):
                errors.append(f"{where(name, entry, key)}: {label}: `{key}` must be non-empty text")
        actors.append(
            Actor(
                name=actor_name,
                type=kind if isinstance(kind, str) else "",
                aliases=aliases,
                affiliation=affiliation,
                role=entry.get("role") if isinstance(entry.get("role"), str) else None,
                places=places,
                heads=heads,
                note=entry.get("note") if isinstance(entry.get("note"), str) else None,
            )
        )
    for actor_name, affiliation, at in affiliations:
        if affiliation == actor_name:
            errors.append(f"{at}: actor {actor_name!r}: affiliation cannot be the actor itself")
        elif affiliation not in lines and not include:
            errors.append(f"{at}: actor {actor_name!r}: affiliation {affiliation!r} is not an actor of this file")
    if errors:
        raise ValueError(f"{name}: invalid actors file:\n  " + "\n  ".join(errors))
    return actors, include


def merge_actors(base: Sequence[Actor], extra: Sequence[Actor]) -> list[Actor]:
    """``base`` actors, with those of ``extra`` replacing equal names and added after them.

    Raises
    ------
    ValueError
        When an alias of ``extra`` belongs to a different actor of ``base``.

    Examples
    --------
    >>> a = Actor("Japan", "country", ("Japan",))
    >>> b = Actor("Japan", "country", ("Japan", "Tokyo"), places=("Tokyo",))
    >>> [x.aliases for x in merge_actors([a], [b])]
    [('Japan', 'Tokyo')]
    """
    replaced = {actor.name for actor in extra}
    out = [actor for actor in base if actor.name not in replaced] + list(extra)
    owner: dict[str, str] = {}
    for actor in out:
        for alias in actor.aliases:
            if owner.setdefault(alias, actor.name) != actor.name:
                raise ValueError(f"alias {alias!r} is used by both {owner[alias]!r} and {actor.name!r}")
    return out


def load_actors(path: str | Path | None = None) -> list[Actor]:
    """Read and validate an actors file; without ``path`` (or if it does not exist) the packaged default.

    An event file with ``include_default: true`` is merged on top of the default (its entries win).
    Affiliations must name actors of the merged list. The packaged default is read once.

    Examples
    --------
    >>> load_actors() == load_actors(None) and all(isinstance(a, Actor) for a in load_actors())
    True
    """
    default = list(load_resource(None, "actors.yaml", validate_actors)[0])
    if path is None or not Path(path).exists():
        return default
    actors, include = load_resource(path, "actors.yaml", validate_actors)
    if include:
        actors = merge_actors(default, actors)
    names = {actor.name for actor in actors}
    missing = sorted({a.affiliation for a in actors if a.affiliation and a.affiliation not in names})
    if missing:
        raise ValueError(f"{path}: affiliations name no actor: {', '.join(missing)}")
    return actors
