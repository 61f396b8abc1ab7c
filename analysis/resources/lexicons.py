"""Framing lexicons: the YAML format, its validation (file and line of every problem) and loading.

A *lexicon* names a set of frames (its *categories*), each with a description, a source, a note on
how its terms were chosen and a list of *entries*: single words, multiword phrases and prefix
wildcards (``militar*``), plus optional *exclusions*. Entries are literal text, never regular
expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import io
from analysis.resources.files import read_resource
from analysis.resources.schema import line_of, unknown_keys, where
from analysis.text.tokens import tokenize

__all__ = [
    "MIN_WILDCARD_PREFIX",
    "SHIPPED_LEXICONS",
    "Entry",
    "Frame",
    "Lexicon",
    "lexicon_table",
    "load_lexicons",
    "parse_entry",
    "parse_lexicon",
    "shipped_lexicons",
]


SHIPPED_LEXICONS = ("generic-frames", "policy-frames")
"""Lexicons packaged in ``analysis/data/lexicons/`` and always loaded."""


_LEXICON_KEYS = {"name", "description", "source", "licence", "note", "categories"}
_LEXICON_REQUIRED = ("name", "description", "source", "licence", "categories")
_FRAME_KEYS = {"description", "source", "note", "not_covered", "entries", "exclusions"}
_FRAME_REQUIRED = ("description", "source", "note", "entries")
_ENTRY_KEYS = {"term", "note", "source"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FRAME_NAME = re.compile(r"^[a-z0-9][a-z0-9 ,&'-]*$")
MIN_WILDCARD_PREFIX = 3
"""A prefix wildcard needs at least this many characters before the ``*``."""


# --------------------------------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: the term as written, its normalised words, and its line in the file.

    ``words`` are normalised tokens; a word ending in ``*`` is a prefix wildcard.
    """

    term: str
    words: tuple[str, ...]
    line: int = 0
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Frame:
    """A category of a lexicon: one frame with its entries, exclusions and documentation."""

    name: str
    description: str
    source: str
    note: str
    entries: tuple[Entry, ...]
    exclusions: tuple[Entry, ...] = ()
    not_covered: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon: name, description, citation, licence and frames in file order."""

    name: str
    description: str
    source: str
    licence: str
    frames: tuple[Frame, ...]
    note: str = ""
    path: str = ""

    @property
    def n_entries(self) -> int:
        """Number of entries over all frames (exclusions not counted)."""
        return sum(len(frame.entries) for frame in self.frames)


def parse_entry(term: Any, *, name: str = "<entry>", line: int = 0) -> tuple[tuple[str, ...], str]:
    """Normalised words of a lexicon term, or ``((), problem)`` when the term is malformed.

    Words are the tokens of :func:`analysis.text.tokens.tokenize`; a ``*`` may end a word (prefix
    wildcard, at least :data:`MIN_WILDCARD_PREFIX` characters before it). Anything else that is not
    part of a word (commas, quotes, brackets, a ``*`` inside or before a word) is refused, so that
    what is written is exactly what is matched.

    Examples
    --------
    >>> parse_entry("Cold War")
    (('cold', 'war'), '')
    >>> parse_entry("militar*")
    (('militar*',), '')
    >>> parse_entry("mil*tary")[1]
    "malformed wildcard 'mil*tary': '*' may only end a word (prefix wildcard such as 'militar*')"
    """
    if not isinstance(term, str) or not term.strip():
        return (), "empty entry"
    text = term.strip()
    plain = text.replace("*", " ")
    tokens = tokenize(plain)
    if not tokens:
        return (), f"entry {term!r} holds no words"
    stars = [i for i, c in enumerate(text) if c == "*"]
    ends = {t.end: t for t in tokens}
    words = [t.text for t in tokens]
    for star in stars:
        token = ends.get(star)
        after = text[star + 1] if star + 1 < len(text) else " "
        if token is None or not after.isspace():
            return (), (
                f"malformed wildcard {term!r}: '*' may only end a word (prefix wildcard such as 'militar*')"
            )
        if len(token.text) < MIN_WILDCARD_PREFIX:
            return (), (
                f"malformed wildcard {term!r}: at least {MIN_WILDCARD_PREFIX} characters must come before '*'"
            )
        if plain[token.start : token.end] != text[token.start : token.end] or token.end != star:
            return (), f"malformed wildcard {term!r}"
        if re.search(r"['’]s$", text[token.start : star], re.IGNORECASE):
            return (), f"malformed wildcard {term!r}: a possessive cannot take '*'"
        words[tokens.index(token)] = token.text + "*"
    # everything outside the tokens must be white space (or a possessive 's, or the stars)
    cursor = 0
    for i, token in enumerate(tokens):
        gap = text[cursor : token.start]
        if gap.strip() and not re.fullmatch(r"['’][sS]\s*|\*\s*", gap.lstrip()):
            return (), f"entry {term!r} holds characters that are not part of words: {gap.strip()!r}"
        if i and not any(c.isspace() for c in gap):
            return (), (
                f"entry {term!r} is split by the tokeniser into {tokens[i - 1].text!r} and {token.text!r} "
                "with nothing between them, so it can never match; write another form"
            )
        cursor = token.end
    tail = text[cursor:]
    if tail.strip() and not re.fullmatch(r"(?:['’][sS])?\*?\s*", tail):
        return (), f"entry {term!r} holds characters that are not part of words: {tail.strip()!r}"
    return tuple(words), ""


def _text_field(
    data: Mapping, key: str, name: str, errors: list[str], *, required: bool, frame: str = "", line: int = 0
) -> str:
    if key not in data:
        if required:
            in_frame = f" in frame {frame!r}" if frame else ""
            errors.append(f"{where(name, line or line_of(data))}: missing key {key!r}{in_frame}")
        return ""
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where(name, data, key)}: {key!r} must be non-empty text")
        return ""
    return " ".join(value.split())


def _entries(
    items: Any, *, key: str, frame: str, name: str, line: int, errors: list[str], required: bool
) -> list[Entry]:
    if items is None or (isinstance(items, list) and not items):
        if required:
            errors.append(f"{where(name, line)}: frame {frame!r} has no {key}")
        return []
    if not isinstance(items, list):
        errors.append(f"{where(name, line)}: {key!r} of frame {frame!r} must be a list")
        return []
    out = []
    for i, item in enumerate(items):
        item_line = line_of(items, i) or 0
        note = source = ""
        term = item
        if isinstance(item, Mapping):
            errors += unknown_keys(name, item, _ENTRY_KEYS,
                                   suffix=f" in an entry (known: {', '.join(sorted(_ENTRY_KEYS))})")
            term = item.get("term")
            note = " ".join(str(item.get("note", "")).split())
            source = " ".join(str(item.get("source", "")).split())
        elif not isinstance(item, str):
            errors.append(f"{where(name, item_line)}: entry must be text or a mapping with 'term', got {item!r}")
            continue
        words, problem = parse_entry(term)
        if problem:
            errors.append(f"{where(name, item_line)}: {problem} (frame {frame!r}, {key})")
            continue
        out.append(Entry(" ".join(str(term).split()), words, item_line, note, source))
    return out


def parse_lexicon(data: Any, *, name: str = "lexicon.yaml") -> Lexicon:
    """Validate a lexicon read by :func:`analysis.io.read_yaml` and return it.

    Parameters
    ----------
    data : mapping
        The parsed YAML (its ``lines`` attributes give line numbers for messages).
    name : str
        The file name used in error messages.

    Raises
    ------
    ValueError
        Listing every problem as ``file:line: message``: missing or unknown keys, empty frames,
        duplicate entries (with the line of the first), an entry that is also an exclusion,
        malformed wildcards, punctuation inside entries.

    Examples
    --------
    >>> parse_lexicon({"name": "x", "description": "d", "source": "s", "licence": "l",
    ...     "categories": {"c": {"description": "d", "source": "s", "note": "n", "entries": []}}})
    Traceback (most recent call last):
    ...
    ValueError: lexicon.yaml: frame 'c' has no entries
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{name}: a lexicon must be a mapping with keys {', '.join(_LEXICON_REQUIRED)}")
    errors: list[str] = []
    errors += unknown_keys(name, data, _LEXICON_KEYS, suffix=f" (known: {', '.join(sorted(_LEXICON_KEYS))})")
    fields = {
        key: _text_field(data, key, name, errors, required=key in _LEXICON_REQUIRED)
        for key in ("name", "description", "source", "licence", "note")
    }
    if fields["name"] and not _NAME.match(fields["name"]):
        errors.append(
            f"{where(name, data, 'name')}: name {fields['name']!r} must be lower-case letters, "
            "digits and hyphens"
        )
    categories = data.get("categories")
    frames: list[Frame] = []
    if "categories" in data and (not isinstance(categories, Mapping) or not categories):
        errors.append(f"{where(name, data, 'categories')}: 'categories' must be a non-empty mapping")
        categories = {}
    for frame_name, spec in (categories or {}).items():
        line = line_of(categories, frame_name) or 0
        if not isinstance(frame_name, str) or not _FRAME_NAME.match(frame_name):
            errors.append(
                f"{where(name, line)}: frame name {frame_name!r} must be lower-case words "
                "(letters, digits, spaces, hyphens, commas)"
            )
            continue
        if not isinstance(spec, Mapping):
            errors.append(f"{where(name, line)}: frame {frame_name!r} is empty or not a mapping")
            continue
        errors += unknown_keys(name, spec, _FRAME_KEYS,
                               suffix=f" in frame {frame_name!r} (known: {', '.join(sorted(_FRAME_KEYS))})")
        texts = {
            key: _text_field(spec, key, name, errors, required=key in _FRAME_REQUIRED, frame=frame_name, line=line)
            for key in ("description", "source", "note")
        }
        entries = _entries(
            spec.get("entries"), key="entries", frame=frame_name, name=name,
            line=line_of(spec, "entries") or line, errors=errors, required=True,
        )
        exclusions = _entries(
            spec.get("exclusions"), key="exclusions", frame=frame_name, name=name,
            line=line_of(spec, "exclusions") or line, errors=errors, required=False,
        )
        seen: dict[tuple[str, ...], int] = {}
        for entry in entries:
            if entry.words in seen:
                errors.append(
                    f"{where(name, entry.line)}: duplicate entry {entry.term!r} in frame {frame_name!r} "
                    f"(first at line {seen[entry.words]})"
                )
            seen.setdefault(entry.words, entry.line)
        seen_excl: dict[tuple[str, ...], int] = {}
        for entry in exclusions:
            if entry.words in seen_excl:
                errors.append(
                    f"{where(name, entry.line)}: duplicate exclusion {entry.term!r} in frame {frame_name!r} "
                    f"(first at line {seen_excl[entry.words]})"
                )
            elif entry.words in seen:
                errors.append(
                    f"{where(name, entry.line)}: {entry.term!r} is both an entry (line {seen[entry.words]}) "
                    f"and an exclusion of frame {frame_name!r}"
                )
            seen_excl.setdefault(entry.words, entry.line)
        not_covered = spec.get("not_covered") or []
        if not isinstance(not_covered, list) or not all(isinstance(x, str) and x.strip() for x in not_covered):
            errors.append(f"{where(name, spec, 'not_covered')}: 'not_covered' must be a list of text")
            not_covered = []
        frames.append(
            Frame(
                frame_name, texts["description"], texts["source"], texts["note"], tuple(entries),
                tuple(exclusions), tuple(" ".join(x.split()) for x in not_covered), line,
            )
        )
    if errors:
        raise ValueError("\n".join(errors))
    return Lexicon(
        fields["name"], fields["description"], fields["source"], fields["licence"], tuple(frames),
        fields["note"], name,
    )


@cache
def shipped_lexicons() -> tuple[Lexicon, ...]:
    """The lexicons of :data:`SHIPPED_LEXICONS`, read and validated once.

    Examples
    --------
    >>> [lexicon.name for lexicon in shipped_lexicons()]
    ['generic-frames', 'policy-frames']
    """
    return tuple(parse_lexicon(data, name=name) for data, name in (
        read_resource(None, f"lexicons/{lexicon}.yaml") for lexicon in SHIPPED_LEXICONS))


def load_lexicons(
    paths: Iterable[str | Path] = (), *, event_dir: str | Path | None = None, shipped: bool = True
) -> list[Lexicon]:
    """Read and validate lexicons: the shipped ones, the event folder's, then ``paths``.

    Parameters
    ----------
    paths : iterable of paths
        Extra lexicon files (``--lexicon PATH`` on the command line, ``lexicons`` in the notebook).
    event_dir : path, optional
        An event folder; its ``lexicon.yaml`` and ``lexicons/*.yaml`` files are loaded after the
        shipped lexicons.
    shipped : bool
        Load :data:`SHIPPED_LEXICONS` first.

    Returns
    -------
    list of Lexicon
        In load order; a later lexicon with the same ``name`` replaces the earlier one in its place.

    Raises
    ------
    ValueError
        From :func:`parse_lexicon` (file and line of each problem), or when a path does not exist.
    """
    loaded: dict[str, Lexicon] = {}
    for lexicon in shipped_lexicons() if shipped else ():
        loaded[lexicon.name] = lexicon
    sources: list[tuple[Any, str]] = []
    files: list[Path] = []
    if event_dir is not None:
        single = Path(event_dir) / "lexicon.yaml"
        files = ([single] if single.is_file() else []) + io.list_yaml_files(Path(event_dir) / "lexicons")
    for path in [*files, *(Path(p) for p in paths)]:
        if not Path(path).is_file():
            raise ValueError(f"{path}: lexicon file not found")
        sources.append((io.read_yaml(path), str(path)))
    for data, name in sources:
        lexicon = parse_lexicon(data, name=name)
        loaded[lexicon.name] = lexicon
    return list(loaded.values())


def lexicon_table(lexicons: Sequence[Lexicon]) -> pd.DataFrame:
    """One row per frame: ``lexicon, frame, description, entries, exclusions, not_covered, source, file``.

    Examples
    --------
    >>> lex = Lexicon("x", "d", "s", "l", (Frame("f", "what", "src", "n", (Entry("a", ("a",)),)),))
    >>> lexicon_table([lex])[["lexicon", "frame", "entries"]].values.tolist()
    [['x', 'f', 1]]
    """
    rows = [
        {
            "lexicon": lex.name,
            "frame": frame.name,
            "description": frame.description,
            "entries": len(frame.entries),
            "exclusions": len(frame.exclusions),
            "not_covered": "; ".join(frame.not_covered),
            "source": frame.source,
            "file": lex.path,
        }
        for lex in lexicons
        for frame in lex.frames
    ]
    columns = ["lexicon", "frame", "description", "entries", "exclusions", "not_covered", "source", "file"]
    return pd.DataFrame(rows, columns=columns)
