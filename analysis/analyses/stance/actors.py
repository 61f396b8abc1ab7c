"""Actors and how each article names them.

An *actors file* (YAML) lists the organisations, countries, persons, media and groups of an event,
each with its aliases (names as written), the definite descriptions that may refer to it ("the
alliance", "the bloc": its ``heads``), and for persons an affiliation (the actor they speak for)
and a role. The package ships shared defaults (``analysis/data/actors.yaml``); an event folder may
hold its own ``actors.yaml`` which replaces them, or extends them with ``include_default: true``.

:func:`find_mentions` finds every reference to an actor in a cleaned text:

* **names**: every alias, matched case-sensitively on whole words (a hyphen also bounds a word,
  so "U.S.-led" and "Japan-NATO" mention the United States, Japan and NATO); where aliases
  overlap the longest wins. Aliases listed under ``places`` (capitals) are skipped after a place
  preposition ("an office in Tokyo" is a place, "Tokyo hopes" an actor). The ``label`` extends
  the alias to the left over its modifiers as written: titles and capitalised words ("Russian
  President Vladimir Putin", "Communist China"), possessives ("China’s top diplomat Qin Gang"),
  title connectors ("Ambassador to the United States"), a closed list of lower-case modifiers
  (:data:`MODIFIER_WORDS`: "late", "former", "top", "militaristic", ...) and "-led"/"-backed"
  compounds. A leading "the"/"a" is kept only when other modifiers follow it ("the U.S.-led North
  Atlantic Treaty Organization"), since in "the NATO summit" it belongs to "summit".
* **descriptions**: a head noun of the actors file preceded by "the" or "this" and at most four
  modifiers ("the US-led military bloc"). It is attributed only when context is unambiguous: the
  actors named earlier in the same sentence that list this head are exactly one; if none, those
  named in the three sentences before; if none, those named anywhere before in the article.
  Otherwise it is kept with an empty ``actor`` (unattributed), never guessed.

Demonyms ("Japanese officials") are not mentions. Pronouns are resolved only as speakers of
quotations and reporting verbs (see :mod:`analysis.analyses.stance.quotes`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from analysis.io import yaml_location as _where

__all__ = [
    "ACTOR_TYPES",
    "MODIFIER_WORDS",
    "Actor",
    "Mention",
    "actor_index",
    "find_mentions",
    "load_actors",
    "merge_actors",
    "validate_actors",
]

ACTOR_TYPES = ("country", "organisation", "person", "media", "group", "document")
"""Allowed values of an actor's ``type`` (``country`` covers countries and places; ``document`` is a
text that may be quoted: a law, a report, a statement)."""

_ACTOR_KEYS = {"name", "type", "affiliation", "role", "aliases", "places", "heads", "note", "source"}
_FILE_KEYS = {"source", "note", "include_default", "actors"}

MODIFIER_WORDS = frozenset(
    [
        "late", "former", "top", "deputy", "senior", "chief", "acting", "then", "military", "militaristic",
        "communist", "regional", "so-called", "self-proclaimed", "self-styled", "spokesperson", "spokesman",
        "spokeswoman", "diplomat", "minister", "ambassador", "president", "premier", "secretary", "general",
        "secretary-general", "envoy", "official", "professor", "assistant", "associate", "leader", "foreign",
        "defense", "defence", "prime", "current", "sitting", "outgoing", "incoming", "nazi", "fascist",
        "authoritarian", "democratic",
    ]
)
"""Lower-case words that may qualify an actor's name in its label (besides capitalised words)."""

_STOP = frozenset(
    [
        "a", "about", "above", "according", "after", "against", "along", "also", "although", "among", "an",
        "and", "another", "any", "are", "as", "at", "based", "be", "because", "been", "before", "being",
        "below", "besides", "between", "both", "but", "by", "can", "citing", "could", "did", "do", "does",
        "during", "each", "either", "even", "every", "for", "from", "had", "has", "have", "having", "he", "her",
        "here", "hers", "him", "his", "how", "however", "i", "if", "in", "including", "into", "is", "it", "its",
        "just", "like", "many", "meanwhile", "more", "most", "much", "must", "my", "near", "neither", "nor",
        "not", "notably", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "per",
        "since", "so", "some", "speaking", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "though", "through", "thus", "to", "too", "toward", "towards",
        "under", "unlike", "until", "upon", "us", "via", "was", "we", "were", "what", "when", "where",
        "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
        "would", "yet", "you", "your",
    ]
)
_CONNECTORS = frozenset({"to", "of", "for"})
_DETERMINERS = frozenset({"the", "a", "an"})
_DEFINITE = frozenset({"the", "this"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "into", "through", "near", "outside", "inside", "via", "from"})
_TOKEN = re.compile(r"[^\W_](?:[\w.’'-]*[\w.])?|[^\w\s]")
_COMPOUND = re.compile(r"-(?:led|backed|based|controlled|allied|friendly|leaning|aligned)$", re.IGNORECASE)


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


class Mention(NamedTuple):
    """A reference to an actor: ``label`` is ``text[start:end]``; ``actor`` is None if unattributed.

    ``head`` is the alias, head noun or pronoun the mention was found by; ``kind`` is ``"name"``,
    ``"description"`` or ``"pronoun"``.
    """

    actor: str | None
    label: str
    head: str
    start: int
    end: int
    kind: str


# --------------------------------------------------------------------------------------------------
# Loading and validation




def _string_list(value: Any, where: str, key: str, errors: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        errors.append(f"{where}: `{key}` must be a list of strings")
        return ()
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            at = _where(where.rsplit(":", 1)[0], value, i)
            errors.append(f"{at}: `{key}` item {i + 1} must be a non-empty string")
            continue
        if item.strip() in out:
            errors.append(f"{_where(where.rsplit(':', 1)[0], value, i)}: `{key}` repeats {item.strip()!r}")
            continue
        out.append(item.strip())
    return tuple(out)


def validate_actors(data: Any, *, name: str = "actors.yaml") -> tuple[list[Actor], bool]:
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
    for key in data:
        if key not in _FILE_KEYS:
            errors.append(f"{_where(name, data, key)}: unknown key {key!r} (allowed: {', '.join(sorted(_FILE_KEYS))})")
    if not isinstance(data.get("source"), str) or not data.get("source", "").strip():
        errors.append(f"{_where(name, data, 'source')}: `source` (where the list comes from) is required")
    include = data.get("include_default", False)
    if not isinstance(include, bool):
        errors.append(f"{_where(name, data, 'include_default')}: `include_default` must be true or false")
        include = False
    entries = data.get("actors")
    if not isinstance(entries, list) or not entries:
        errors.append(f"{_where(name, data, 'actors')}: `actors` must be a non-empty list")
        entries = []
    actors: list[Actor] = []
    lines: dict[str, str] = {}
    alias_owner: dict[str, tuple[str, str]] = {}
    affiliations: list[tuple[str, str, str]] = []
    for index, entry in enumerate(entries):
        where = _where(name, entries, index)
        if not isinstance(entry, dict):
            errors.append(f"{where}: each actor must be a mapping with name, type and aliases")
            continue
        for key in entry:
            if key not in _ACTOR_KEYS:
                allowed = ", ".join(sorted(_ACTOR_KEYS))
                errors.append(f"{_where(name, entry, key)}: unknown key {key!r} (allowed: {allowed})")
        actor_name = entry.get("name")
        if not isinstance(actor_name, str) or not actor_name.strip():
            errors.append(f"{where}: actor without a `name`")
            continue
        actor_name = actor_name.strip()
        label = f"actor {actor_name!r}"
        if actor_name in lines:
            first = lines[actor_name]
            errors.append(f"{_where(name, entry, 'name')}: duplicate actor name {actor_name!r} (first at {first})")
            continue
        lines[actor_name] = _where(name, entry, "name")
        kind = entry.get("type")
        if kind not in ACTOR_TYPES:
            types = ", ".join(ACTOR_TYPES)
            errors.append(f"{_where(name, entry, 'type')}: {label}: type {kind!r} is not one of {types}")
        aliases = _string_list(entry.get("aliases", []), _where(name, entry, "aliases"), "aliases", errors)
        if not aliases:
            errors.append(f"{_where(name, entry, 'aliases')}: {label}: needs at least one alias")
        for alias in aliases:
            if alias in alias_owner and alias_owner[alias][0] != actor_name:
                other, other_line = alias_owner[alias]
                errors.append(
                    f"{_where(name, entry, 'aliases')}: {label}: alias {alias!r} already belongs to "
                    f"{other!r} ({other_line})"
                )
            alias_owner.setdefault(alias, (actor_name, _where(name, entry, "aliases")))
        places = _string_list(entry.get("places", []), _where(name, entry, "places"), "places", errors)
        aliases = aliases + tuple(p for p in places if p not in aliases)  # places are aliases too
        heads = _string_list(entry.get("heads", []), _where(name, entry, "heads"), "heads", errors)
        for head in heads:
            if not re.fullmatch(r"[a-z][a-z-]*", head):
                errors.append(f"{_where(name, entry, 'heads')}: {label}: head {head!r} must be one lower-case word")
        affiliation = entry.get("affiliation")
        if affiliation is not None:
            if not isinstance(affiliation, str) or not affiliation.strip():
                errors.append(f"{_where(name, entry, 'affiliation')}: {label}: `affiliation` must be an actor name")
                affiliation = None
            else:
                affiliation = affiliation.strip()
                affiliations.append((actor_name, affiliation, _where(name, entry, "affiliation")))
        for key in ("role", "note", "source"):
            value = entry.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                errors.append(f"{_where(name, entry, key)}: {label}: `{key}` must be non-empty text")
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
    for actor_name, affiliation, where in affiliations:
        if affiliation == actor_name:
            errors.append(f"{where}: actor {actor_name!r}: affiliation cannot be the actor itself")
        elif affiliation not in lines and not include:
            errors.append(f"{where}: actor {actor_name!r}: affiliation {affiliation!r} is not an actor of this file")
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
    Affiliations must name actors of the merged list.
    """
    from analysis import io

    default_data, default_path = io.read_package_yaml("actors.yaml")
    default, _ = validate_actors(default_data, name=str(default_path))
    if path is None or not Path(path).exists():
        return default
    actors, include = validate_actors(io.read_yaml(path), name=str(path))
    if include:
        actors = merge_actors(default, actors)
    names = {actor.name for actor in actors}
    missing = sorted({a.affiliation for a in actors if a.affiliation and a.affiliation not in names})
    if missing:
        raise ValueError(f"{path}: affiliations name no actor: {', '.join(missing)}")
    return actors


def actor_index(actors: Sequence[Actor]) -> dict[str, Actor]:
    """Actors by name.

    Examples
    --------
    >>> actor_index([Actor("NATO", "organisation", ("NATO",))])["NATO"].type
    'organisation'
    """
    return {actor.name: actor for actor in actors}


# --------------------------------------------------------------------------------------------------
# Mentions


def _alias_pattern(actors: Sequence[Actor]) -> re.Pattern | None:
    aliases = sorted({a for actor in actors for a in actor.aliases}, key=lambda s: (-len(s), s))
    if not aliases:
        return None
    body = "|".join(re.escape(a) for a in aliases)
    return re.compile(rf"(?<![\w.])(?:{body})(?![^\W_])")


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _bare(token: str) -> str:
    return re.sub(r"['’]s$", "", token).lower()


def _label_start(text: str, start: int, floor: int, *, titles: bool) -> int:
    """Start of the label of an alias at ``start``: its modifiers, walking left (see module doc).

    ``titles`` allows title connectors ("Ambassador to the United States"), for persons only.
    """
    if start > floor and not text[start - 1].isspace():
        return start
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text, floor, start)]
    chosen: list[tuple[int, str]] = []  # nearest first
    i = len(tokens) - 1
    while i >= 0:
        pos, tok = tokens[i]
        low = _bare(tok)
        if text[pos + len(tok) : (chosen[-1][0] if chosen else start)].strip():
            break
        left = tokens[i - 1][1] if i > 0 else ""
        left_is_title = bool(left) and _is_capitalised(left) and _bare(left) not in _STOP
        if low in _DETERMINERS:
            chosen.append((pos, tok))
            if titles and low == "the" and _bare(left) in _CONNECTORS:
                i -= 1
                continue
            break
        if low in _CONNECTORS:
            if titles and (left_is_title or (_bare(left) == "the")):
                chosen.append((pos, tok))
                i -= 1
                continue
            break
        if not tok[:1].isalnum() or low in _STOP:
            break
        if _is_capitalised(tok) or low in MODIFIER_WORDS or _COMPOUND.search(low):
            chosen.append((pos, tok))
            i -= 1
            continue
        break
    while chosen and _bare(chosen[-1][1]) in _CONNECTORS:
        chosen.pop()
    if len(chosen) == 1 and _bare(chosen[0][1]) in _DETERMINERS:
        chosen.pop()
    return chosen[-1][0] if chosen else start


def _sentence_index(starts: list[int], position: int) -> int:
    return max(bisect.bisect_right(starts, position) - 1, 0)


def _resolve(candidates: list[Mention], head: str, by_name: dict[str, Actor]) -> str | None:
    names = {m.actor for m in candidates if m.actor and head in by_name[m.actor].heads}
    return names.pop() if len(names) == 1 else None


def find_mentions(
    text: str,
    actors: Sequence[Actor],
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    window: int = 3,
) -> list[Mention]:
    """Every name and definite description of an actor in ``text``, in order of position.

    Parameters
    ----------
    text : str
        A cleaned article body.
    actors : sequence of Actor
    sentences : sequence of (start, end), optional
        Sentence spans of ``text`` (labels and descriptions stay inside a sentence); by default
        the whole text is one sentence.
    window : int
        How many sentences before a description are searched when its own sentence names no
        candidate.

    Examples
    --------
    >>> nato = Actor("NATO", "organisation", ("NATO",), heads=("alliance", "bloc"))
    >>> japan = Actor("Japan", "country", ("Japan", "Tokyo"), places=("Tokyo",))
    >>> text = "Japan and NATO met in Tokyo. Tokyo said the US-led military bloc agreed."
    >>> [(m.actor, m.label) for m in find_mentions(text, [nato, japan], sentences=[(0, 28), (29, 72)])]
    [('Japan', 'Japan'), ('NATO', 'NATO'), ('Japan', 'Tokyo'), ('NATO', 'the US-led military bloc')]
    """
    if sentences is None:
        sentences = [(0, len(text))]
    starts = [s for s, _ in sentences]
    by_name = actor_index(actors)
    owner = {alias: actor.name for actor in actors for alias in actor.aliases}
    places = {place for actor in actors for place in actor.places}
    named: list[Mention] = []
    pattern = _alias_pattern(actors)
    if pattern is not None:
        for match in pattern.finditer(text):
            alias = match.group()
            sentence_start = sentences[_sentence_index(starts, match.start())][0]
            if alias in places:
                before = re.findall(r"[\w’']+", text[sentence_start : match.start()])
                if before and before[-1].lower() in _PLACE_PREPOSITIONS:
                    continue
            label_start = _label_start(
                text, match.start(), sentence_start, titles=by_name[owner[alias]].type == "person"
            )
            label = text[label_start : match.end()]
            named.append(Mention(owner[alias], label, alias, label_start, match.end(), "name"))
    alias_spans = sorted((m.end - len(m.head), m.end) for m in named)
    alias_starts = [s for s, _ in alias_spans]
    heads = sorted({h for actor in actors for h in actor.heads})
    descriptions: list[Mention] = []
    if heads:
        head_pattern = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, heads))})(?![\w-])", re.IGNORECASE)
        by_end = sorted(named, key=lambda m: (m.end, m.start))
        ends = [m.end for m in by_end]
        seen_with_head: dict[str, dict[str, int]] = {}  # head -> actor -> mentions before the cursor
        cursor = 0
        for match in head_pattern.finditer(text):
            at = bisect.bisect_right(alias_starts, match.start()) - 1
            if at >= 0 and alias_spans[at][0] <= match.start() < alias_spans[at][1]:
                continue
            # aliases never overlap one another, but a long one may cover a later start: check the widest
            if any(s <= match.start() < e for s, e in alias_spans[max(at - 3, 0) : at]):
                continue
            index = _sentence_index(starts, match.start())
            sentence_start = sentences[index][0]
            tokens = list(_TOKEN.finditer(text, sentence_start, match.start()))
            start = None
            for steps, token in enumerate(reversed(tokens)):
                low = token.group().lower()
                if low in _DEFINITE:
                    start = token.start()
                    break
                if steps >= 4 or not token.group()[:1].isalnum() or low in _STOP:
                    break
            if start is None:
                continue
            head = match.group().lower()
            n_before = bisect.bisect_right(ends, start)
            while cursor < n_before:  # actors with each head named before ``start``, kept up to date
                m = by_end[cursor]
                if m.actor:
                    for h in by_name[m.actor].heads:
                        counts = seen_with_head.setdefault(h, {})
                        counts[m.actor] = counts.get(m.actor, 0) + 1
                cursor += 1
            lo = sentences[max(index - window, 0)][0]
            first_near = bisect.bisect_left(ends, lo)
            near = [m for m in by_end[first_near:n_before] if m.start >= lo]
            same = [m for m in near if m.start >= sentence_start]
            actor = _resolve(same, head, by_name)
            if actor is None and not any(m.actor and head in by_name[m.actor].heads for m in same):
                actor = _resolve(near, head, by_name)
                if actor is None and not any(m.actor and head in by_name[m.actor].heads for m in near):
                    everyone = seen_with_head.get(head, {})
                    actor = next(iter(everyone)) if len(everyone) == 1 else None
            descriptions.append(Mention(actor, text[start : match.end()], head, start, match.end(), "description"))
    return sorted(named + descriptions, key=lambda m: (m.start, -m.end, m.head))
