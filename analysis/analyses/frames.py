"""Framing lexicons: cited word lists, fast matching, per-article and per-outlet scores, evidence.

A *lexicon* is a YAML file naming a set of frames (its *categories*), each with a description, a
source, a note on how its terms were chosen and a list of *entries*: single words, multiword
phrases and prefix wildcards (``militar*``), plus optional *exclusions* (phrases that must not
count for that frame, e.g. "security council" for a security frame). Entries are literal text,
never regular expressions. :func:`parse_lexicon` validates a lexicon and reports the file and line
of every problem; :func:`load_lexicons` reads the shipped lexicons, an event folder's
``lexicon.yaml`` (and ``lexicons/*.yaml``) and any user paths (a user lexicon with the name of a
shipped one replaces it).

Lexicon scores are **proxies**: they count words that often carry a frame, not frames. A story
can carry a frame without any of the words and use the words without the frame; every score
therefore comes with the passages behind it (``frame_evidence.csv``) so a reader can check.

Matching (:class:`LexiconMatcher`) is on the tokens of :func:`analysis.text.tokens.tokenize`,
case-insensitive: an entry's words must be consecutive tokens separated only by white space (a
possessive 's is allowed, so "nato expansion" matches "NATO's expansion" but not "NATO. Expansion";
"war" does not match inside the token "anti-war"). A word
ending in ``*`` matches any token starting with it. Within one frame the longest match wins and
overlapping matches are counted once; a passage may count for two different frames. Candidate
positions are found with an Aho-Corasick automaton (pyahocorasick) and only the words around a
candidate are tokenised, so matching runs at tens of MB/s (``benchmarks/bench_frames.py``).

Scores (:func:`score_frames`) per article and per outlet: ``hits``, ``per_1k`` (hits per 1,000
tokens), ``sentence_share`` (share of sentences with at least one hit), the ``dominant`` frame of
each lexicon, and a seeded percentile-bootstrap interval of ``per_1k`` over sentences.

Examples
--------
>>> lexicon = parse_lexicon({
...     "name": "demo", "description": "d", "source": "s", "licence": "CC0-1.0",
...     "categories": {"bloc confrontation": {"description": "d", "source": "s", "note": "n",
...         "entries": ["cold war", "cold war mentality", "bloc*"]}}}, name="demo.yaml")
>>> matcher = LexiconMatcher([lexicon])
>>> [(m.entry, m.start, m.end) for m in matcher.match("A Cold War mentality of blocs.")]
[('cold war mentality', 2, 20), ('bloc*', 24, 29)]
"""

from __future__ import annotations

import bisect
import itertools
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.analyses.stance.quotes import in_spans, quote_spans
from analysis.text.tokens import Token, fold_case_keeping_length, tokenize

if TYPE_CHECKING:
    from analysis.tables.registry import EventContext

__all__ = [
    "EVIDENCE_COLUMNS",
    "FRAME_COLUMNS",
    "SHIPPED_LEXICONS",
    "VOICES",
    "Entry",
    "Frame",
    "Lexicon",
    "LexiconMatcher",
    "Match",
    "build_frame_tables",
    "frame_differences",
    "frame_evidence",
    "frame_tables",
    "lexicon_table",
    "load_lexicons",
    "mark_matches",
    "parse_lexicon",
    "score_frames",
    "top_evidence",
]

SHIPPED_LEXICONS = ("generic-frames", "policy-frames")
"""Lexicons packaged in ``analysis/data/lexicons/`` and always loaded."""

VOICES = ("all", "author", "quoted")
"""What to count: everything, only the author's voice (outside quotation marks), or only quotes."""

FRAME_COLUMNS = [
    "outlet", "article_id", "lexicon", "frame", "hits", "per_1k", "sentence_share", "ci_low", "ci_high",
    "dominant", "n_tokens", "n_sentences", "voice",
]
"""Columns of ``frames.csv``; ``article_id`` is empty on outlet rows."""

EVIDENCE_COLUMNS = [
    "article_id", "outlet", "lexicon", "frame", "entry", "matched_text", "sentence_id", "start", "end",
    "in_quote",
]
"""Columns of ``frame_evidence.csv``; ``start``/``end`` index ``articles.text``."""

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


def _line_of(container: Any, key: Any = None) -> int:
    if key is not None:
        lines = getattr(container, "lines", None)
        try:
            return int(lines[key]) if lines is not None else 0
        except (KeyError, IndexError, TypeError):
            pass
    return int(getattr(container, "line", 0) or 0)


def _where(name: str, line: int) -> str:
    return f"{name}:{line}" if line else name


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
            where = f" in frame {frame!r}" if frame else ""
            errors.append(f"{_where(name, line or _line_of(data))}: missing key {key!r}{where}")
        return ""
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{_where(name, _line_of(data, key))}: {key!r} must be non-empty text")
        return ""
    return " ".join(value.split())


def _entries(
    items: Any, *, key: str, frame: str, name: str, line: int, errors: list[str], required: bool
) -> list[Entry]:
    if items is None or (isinstance(items, list) and not items):
        if required:
            errors.append(f"{_where(name, line)}: frame {frame!r} has no {key}")
        return []
    if not isinstance(items, list):
        errors.append(f"{_where(name, line)}: {key!r} of frame {frame!r} must be a list")
        return []
    out = []
    for i, item in enumerate(items):
        item_line = _line_of(items, i)
        note = source = ""
        term = item
        if isinstance(item, Mapping):
            unknown = sorted(set(item) - _ENTRY_KEYS, key=str)
            for bad in unknown:
                errors.append(
                    f"{_where(name, _line_of(item, bad))}: unknown key {bad!r} in an entry "
                    f"(known: {', '.join(sorted(_ENTRY_KEYS))})"
                )
            term = item.get("term")
            note = " ".join(str(item.get("note", "")).split())
            source = " ".join(str(item.get("source", "")).split())
        elif not isinstance(item, str):
            errors.append(f"{_where(name, item_line)}: entry must be text or a mapping with 'term', got {item!r}")
            continue
        words, problem = parse_entry(term)
        if problem:
            errors.append(f"{_where(name, item_line)}: {problem} (frame {frame!r}, {key})")
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
    for key in sorted(set(data) - _LEXICON_KEYS, key=str):
        errors.append(
            f"{_where(name, _line_of(data, key))}: unknown key {key!r} (known: {', '.join(sorted(_LEXICON_KEYS))})"
        )
    fields = {
        key: _text_field(data, key, name, errors, required=key in _LEXICON_REQUIRED)
        for key in ("name", "description", "source", "licence", "note")
    }
    if fields["name"] and not _NAME.match(fields["name"]):
        errors.append(
            f"{_where(name, _line_of(data, 'name'))}: name {fields['name']!r} must be lower-case letters, "
            "digits and hyphens"
        )
    categories = data.get("categories")
    frames: list[Frame] = []
    if "categories" in data and (not isinstance(categories, Mapping) or not categories):
        errors.append(f"{_where(name, _line_of(data, 'categories'))}: 'categories' must be a non-empty mapping")
        categories = {}
    for frame_name, spec in (categories or {}).items():
        line = _line_of(categories, frame_name)
        if not isinstance(frame_name, str) or not _FRAME_NAME.match(frame_name):
            errors.append(
                f"{_where(name, line)}: frame name {frame_name!r} must be lower-case words "
                "(letters, digits, spaces, hyphens, commas)"
            )
            continue
        if not isinstance(spec, Mapping):
            errors.append(f"{_where(name, line)}: frame {frame_name!r} is empty or not a mapping")
            continue
        for key in sorted(set(spec) - _FRAME_KEYS, key=str):
            errors.append(
                f"{_where(name, _line_of(spec, key))}: unknown key {key!r} in frame {frame_name!r} "
                f"(known: {', '.join(sorted(_FRAME_KEYS))})"
            )
        texts = {
            key: _text_field(spec, key, name, errors, required=key in _FRAME_REQUIRED, frame=frame_name, line=line)
            for key in ("description", "source", "note")
        }
        entries = _entries(
            spec.get("entries"), key="entries", frame=frame_name, name=name,
            line=_line_of(spec, "entries") or line, errors=errors, required=True,
        )
        exclusions = _entries(
            spec.get("exclusions"), key="exclusions", frame=frame_name, name=name,
            line=_line_of(spec, "exclusions") or line, errors=errors, required=False,
        )
        seen: dict[tuple[str, ...], int] = {}
        for entry in entries:
            if entry.words in seen:
                errors.append(
                    f"{_where(name, entry.line)}: duplicate entry {entry.term!r} in frame {frame_name!r} "
                    f"(first at line {seen[entry.words]})"
                )
            seen.setdefault(entry.words, entry.line)
        seen_excl: dict[tuple[str, ...], int] = {}
        for entry in exclusions:
            if entry.words in seen_excl:
                errors.append(
                    f"{_where(name, entry.line)}: duplicate exclusion {entry.term!r} in frame {frame_name!r} "
                    f"(first at line {seen_excl[entry.words]})"
                )
            elif entry.words in seen:
                errors.append(
                    f"{_where(name, entry.line)}: {entry.term!r} is both an entry (line {seen[entry.words]}) "
                    f"and an exclusion of frame {frame_name!r}"
                )
            seen_excl.setdefault(entry.words, entry.line)
        not_covered = spec.get("not_covered") or []
        if not isinstance(not_covered, list) or not all(isinstance(x, str) and x.strip() for x in not_covered):
            errors.append(f"{_where(name, _line_of(spec, 'not_covered'))}: 'not_covered' must be a list of text")
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
    from analysis import io

    loaded: dict[str, Lexicon] = {}
    sources: list[tuple[Any, str]] = []
    if shipped:
        for name in SHIPPED_LEXICONS:
            data, path = io.read_package_yaml(f"lexicons/{name}.yaml")
            sources.append((data, str(path)))
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


# --------------------------------------------------------------------------------------------------
# Matching


class Match(NamedTuple):
    """A counted match: lexicon and frame names, the entry as written, character span in the text."""

    lexicon: str
    frame: str
    entry: str
    start: int
    end: int


_WHITESPACE = tuple(chr(i) for i in range(0x3001) if chr(i).isspace() and chr(i) != " ")
_PLAIN = (("’", "'"), ("‐", "-"), ("–", "-"))
_GAP = re.compile(r"(?:['’][sS])?\s+")


def _search_copy(text: str) -> str:
    """Lower-case copy of ``text`` of the same length, white space as ' ', apostrophes/hyphens plain.

    Examples
    --------
    >>> _search_copy("NATO’s\u00a0Indo‐Pacific")
    "nato's indo-pacific"
    """
    for char in _WHITESPACE:
        if char in text:
            text = text.replace(char, " ")
    for char, plain in _PLAIN:
        text = text.replace(char, plain)
    return fold_case_keeping_length(text)  # the tokens' case folding, offsets kept ('İ' -> 'i')


class _Pattern(NamedTuple):
    words: tuple[str, ...]
    frame: int  # index into matcher.frames_
    entry: int  # index into that frame's entries (or exclusions)
    exclusion: bool
    wildcards: int
    covered: bool  # its automaton key spells all its words (a wildcard, if any, only in the last word)


# Characters that can never join the token before or after them (fast boundary checks); anything
# else falls back to tokenising the white-space chunk around the candidate.
_SAFE_BEFORE = frozenset(" ([{\"“‘«—/…")
_SAFE_AFTER = frozenset(" )]}\"”»—/…;!?")
_SAFE_AFTER_UNLESS_DIGIT = frozenset(".,:")
_WORD_REST = re.compile(r"[^\W_]*")


def _keys(words: tuple[str, ...]) -> list[str]:
    """Automaton keys of an entry: its words up to the first wildcard's prefix, joined by one space.

    Multiword keys also come with a possessive ('s) before each space, so that "nato expansion"
    is found in "NATO's expansion".
    """
    head: list[str] = []
    for word in words:
        if word.endswith("*"):
            head.append(word[:-1])
            break
        head.append(word)
    keys = []
    for gaps in itertools.product((" ", "'s "), repeat=len(head) - 1):
        keys.append(head[0] + "".join(g + w for g, w in zip(gaps, head[1:], strict=True)))
    return keys


class LexiconMatcher:
    """Matcher compiled from one or more lexicons.

    Parameters
    ----------
    lexicons : sequence of Lexicon

    Attributes
    ----------
    frames_ : list of (lexicon name, Frame)
        Every frame of every lexicon, in order; matches are reported per frame.
    n_entries_ : int
        Number of entries (exclusions not counted).
    """

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        import ahocorasick

        self.lexicons_ = tuple(lexicons)
        self.frames_: list[tuple[str, Frame]] = [(lex.name, f) for lex in self.lexicons_ for f in lex.frames]
        self.n_entries_ = sum(lex.n_entries for lex in self.lexicons_)
        self._patterns: dict[str, list[tuple[_Pattern, int, bool, bool]]] = {}
        for index, (_, frame) in enumerate(self.frames_):
            for exclusion, items in ((False, frame.entries), (True, frame.exclusions)):
                for i, entry in enumerate(items):
                    wildcards = sum(w.endswith("*") for w in entry.words)
                    covered = not any(w.endswith("*") for w in entry.words[:-1])
                    pattern = _Pattern(entry.words, index, i, exclusion, wildcards, covered)
                    unpacked = (pattern, len(entry.words), covered, entry.words[-1].endswith("*"))
                    for key in _keys(entry.words):
                        self._patterns.setdefault(key, []).append(unpacked)
        self._automaton = ahocorasick.Automaton()
        for key in sorted(self._patterns):
            self._automaton.add_word(key, key)
        if len(self._automaton):
            self._automaton.make_automaton()

    # -- token access around a candidate position ---------------------------------------------------
    @staticmethod
    def _chunk_tokens(text: str, search: str, start: int, cache: dict) -> list[Token]:
        """Tokens of the white-space-delimited chunk holding ``start`` (offsets into ``text``).

        No token spans white space, so tokenising a chunk gives the tokens the whole text would.
        """
        ws = search.rfind(" ", 0, start) + 1
        hit = cache.get(ws)
        if hit is not None:
            return hit
        we = search.find(" ", start)
        if we < 0:
            we = len(search)
        tokens = [Token(t.text, t.start + ws, t.end + ws) for t in tokenize(text[ws:we])]
        if len(cache) > 8:
            cache.clear()
        cache[ws] = tokens
        return tokens

    def _token_at(self, text: str, search: str, start: int, cache: dict) -> Token | None:
        """The token starting at ``start``, or None when no token starts there."""
        for token in self._chunk_tokens(text, search, start, cache):
            if token.start == start:
                return token
            if token.start > start:
                break
        return None

    def _next_token(self, text: str, search: str, token: Token, cache: dict) -> Token | None:
        """The token a phrase may continue with after ``token`` (white space, optional 's, between)."""
        gap = _GAP.match(text, token.end)
        if gap is None or gap.end() >= len(text):
            return None
        return self._token_at(text, search, gap.end(), cache)

    def _candidates(self, text: str) -> list[tuple[int, int, int, _Pattern]]:
        """(start, end, number of words, pattern) of every entry and exclusion found in ``text``."""
        search = _search_copy(text)
        size = len(search)
        cache: dict = {}
        out: list[tuple[int, int, int, _Pattern]] = []
        append = out.append
        patterns_of = self._patterns
        word_rest = _WORD_REST.match
        safe_before, safe_after, safe_unless = _SAFE_BEFORE, _SAFE_AFTER, _SAFE_AFTER_UNLESS_DIGIT
        for end_index, key in self._automaton.iter(search):
            end = end_index + 1
            start = end - len(key)
            # Plain characters (white space, most punctuation) never join a token: a key found
            # between them is made of whole tokens, as tokenize() would give them (fast path).
            # Otherwise the white-space chunk around the candidate is tokenised (_walk).
            stop = -1
            if start == 0 or search[start - 1] in safe_before:
                stop = word_rest(search, end).end()
                if stop < size:
                    after = search[stop]
                    if after not in safe_after and not (
                        after in safe_unless and (stop + 1 >= size or not search[stop + 1].isalnum())
                    ):
                        stop = -1
            elif search[start - 1].isalnum():
                continue  # inside a word: no token starts here
            for pattern, n_words, covered, open_end in patterns_of[key]:
                if stop < 0 or not covered:
                    walked = self._walk(text, search, start, pattern, cache)
                    if walked is not None:
                        append(walked)
                elif stop == end or open_end:
                    append((start, stop, n_words, pattern))
        return out

    def _walk(self, text: str, search: str, start: int, pattern: _Pattern, cache: dict) -> tuple | None:
        """The match of ``pattern`` starting at ``start``, or None when its words do not follow."""
        token = self._token_at(text, search, start, cache)
        for i, word in enumerate(pattern.words):
            if i:
                token = self._next_token(text, search, token, cache)
            if token is None or not (token.text.startswith(word[:-1]) if word[-1] == "*" else token.text == word):
                return None
        return (start, token.end, len(pattern.words), pattern)

    def match(self, text: str) -> list[Match]:
        """Counted matches in ``text``, sorted by position.

        An entry's words must be consecutive tokens with only white space (and an optional
        possessive 's) between them: "cold war" matches "Cold War" and "Cold War's" but not
        "cold, war" or "Cold-War". Within one frame, matches overlapping an exclusion are dropped,
        then the longest match wins (most words, then most characters, then exact words over
        wildcards, then the earlier start, then file order) and overlapping ones are not counted.

        Examples
        --------
        >>> lex = parse_lexicon({"name": "x", "description": "d", "source": "s", "licence": "l",
        ...     "categories": {"security": {"description": "d", "source": "s", "note": "n",
        ...         "entries": ["security", "threat*"], "exclusions": ["security council"]}}})
        >>> [(m.entry, m.start) for m in LexiconMatcher([lex]).match("UN Security Council; security threats")]
        [('security', 21), ('threat*', 30)]
        """
        by_frame: dict[int, list] = {}
        for candidate in self._candidates(text):
            by_frame.setdefault(candidate[3].frame, []).append(candidate)
        kept: list[tuple[int, int, int, int]] = []  # start, end, frame index, entry index
        for index, found in by_frame.items():
            if len(found) == 1 or _disjoint(found):
                kept.extend((s, e, index, p.entry) for s, e, _, p in found if not p.exclusion)
                continue
            blocked = sorted((s, e) for s, e, _, p in found if p.exclusion)
            taken: list[tuple[int, int]] = []
            ranked = sorted(
                (c for c in found if not c[3].exclusion),
                key=lambda c: (-c[2], c[0] - c[1], c[3].wildcards, c[0], c[3].entry),
            )
            for start, end, _, pattern in ranked:
                if _overlaps(blocked, start, end) or _overlaps(taken, start, end):
                    continue
                bisect.insort(taken, (start, end))
                kept.append((start, end, index, pattern.entry))
        kept.sort()
        frames = self.frames_
        return [
            Match(frames[f][0], frames[f][1].name, frames[f][1].entries[e].term, s, end)
            for s, end, f, e in kept
        ]


def _disjoint(found: list) -> bool:
    """Whether candidates (in text order) overlap nowhere; then every non-exclusion one counts."""
    last = -1
    for start, end, _, _ in found:
        if start < last:
            return False
        last = end
    return True


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_left(spans, (start, end))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


# --------------------------------------------------------------------------------------------------
# Evidence and scores


def _check_voice(voice: str) -> str:
    if voice not in VOICES:
        raise ValueError(f"voice must be one of {', '.join(VOICES)}, got {voice!r}")
    return voice


def _sentence_index(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[int]]]:
    out = {}
    ordered = sentences.sort_values(["article_id", "start", "sentence_id"], kind="stable")
    for article_id, group in ordered.groupby("article_id", sort=True):
        out[str(article_id)] = (group["start"].astype(int).tolist(), group["sentence_id"].astype(int).tolist())
    return out


def _sentence_of(index: tuple[list[int], list[int]] | None, position: int) -> int:
    if not index or not index[0]:
        return -1
    i = bisect.bisect_right(index[0], position) - 1
    return index[1][max(i, 0)]


def frame_evidence(
    articles: pd.DataFrame, sentences: pd.DataFrame, *, matcher: LexiconMatcher
) -> pd.DataFrame:
    """Every counted match of every article: the passages behind the scores (``frame_evidence.csv``).

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``text``.
    sentences : DataFrame
        ``article_id``, ``sentence_id``, ``start`` (offsets into ``articles.text``).
    matcher : LexiconMatcher

    Returns
    -------
    DataFrame
        :data:`EVIDENCE_COLUMNS`, one row per match; ``in_quote`` tells whether the match starts
        inside a quotation (:func:`analysis.analyses.stance.quotes.quote_spans`). All matches are listed whatever
        the voice; :func:`score_frames` filters by ``in_quote``.

    Examples
    --------
    >>> lex = parse_lexicon({"name": "x", "description": "d", "source": "s", "licence": "l",
    ...     "categories": {"threat": {"description": "d", "source": "s", "note": "n", "entries": ["threat*"]}}})
    >>> arts = pd.DataFrame({"article_id": ["1"], "outlet": ["A"], "text": ['A threat. He said "threats".']})
    >>> sents = pd.DataFrame({"article_id": ["1", "1"], "sentence_id": [0, 1], "start": [0, 10]})
    >>> frame_evidence(arts, sents, matcher=LexiconMatcher([lex]))[["matched_text", "sentence_id", "in_quote"]]
      matched_text  sentence_id  in_quote
    0       threat            0     False
    1      threats            1      True
    """
    index = _sentence_index(sentences)
    rows = []
    for article in articles.sort_values("article_id", kind="stable").itertuples(index=False):
        text = article.text if isinstance(article.text, str) else ""
        spans = quote_spans(text)
        article_id = str(article.article_id)
        for m in matcher.match(text):
            rows.append(
                (article_id, article.outlet, m.lexicon, m.frame, m.entry, text[m.start : m.end],
                 _sentence_of(index.get(article_id), m.start), m.start, m.end, in_spans(m.start, spans))
            )
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return out.astype({"sentence_id": "int64", "start": "int64", "end": "int64", "in_quote": "bool"})


def _counted(evidence: pd.DataFrame, voice: str) -> pd.DataFrame:
    if voice == "author":
        return evidence[~evidence["in_quote"].astype(bool)]
    if voice == "quoted":
        return evidence[evidence["in_quote"].astype(bool)]
    return evidence


def _sentence_tokens(articles: pd.DataFrame, sentences: pd.DataFrame, voice: str) -> pd.DataFrame:
    """Counted tokens per sentence (``article_id, sentence_id, n_tokens``) for the voice."""
    index = _sentence_index(sentences)
    rows = []
    for article in articles.itertuples(index=False):
        article_id = str(article.article_id)
        text = article.text if isinstance(article.text, str) else ""
        spans = quote_spans(text) if voice != "all" else []
        sentence_index = index.get(article_id)
        counts: dict[int, int] = dict.fromkeys(sentence_index[1] if sentence_index else [], 0)
        for token in tokenize(text):
            if voice != "all" and in_spans(token.start, spans) != (voice == "quoted"):
                continue
            sid = _sentence_of(sentence_index, token.start)
            counts[sid] = counts.get(sid, 0) + 1
        rows.extend((article_id, sid, n) for sid, n in counts.items())
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "n_tokens"])


def _bootstrap(hits: np.ndarray, tokens: np.ndarray, *, n_boot: int, seed: int, key: str, level: float):
    """Percentile interval of 1000 * sum(hits) / sum(tokens) over sentences drawn with replacement."""
    n = len(tokens)
    if n == 0 or n_boot <= 0:
        nan = np.full(hits.shape[1], np.nan)
        return nan, nan
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)
    total = weights @ tokens
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 1000.0 * (weights @ hits) / total[:, None]
    rates[total == 0] = np.nan
    tail = (1.0 - level) / 2.0 * 100.0
    if np.isnan(rates).all():
        nan = np.full(hits.shape[1], np.nan)
        return nan, nan
    low, high = np.nanpercentile(rates, [tail, 100.0 - tail], axis=0)
    return low, high


def score_frames(
    evidence: pd.DataFrame,
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicons: Sequence[Lexicon],
    voice: str = "all",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Frame scores per article and per outlet (``frames.csv``).

    Parameters
    ----------
    evidence : DataFrame
        From :func:`frame_evidence`.
    articles, sentences : DataFrame
        The foundation tables.
    lexicons : sequence of Lexicon
        Every frame of these lexicons gets a row for every article and outlet, hits or not.
    voice : {"all", "author", "quoted"}
        Count every match, only those outside quotation marks, or only those inside. Tokens and
        sentences are counted the same way (a sentence counts when it holds a counted token).
    n_boot : int
        Bootstrap resamples of sentences (0 for no intervals).
    seed : int
        Seed of the bootstrap; each unit's stream is derived from it and the unit's name, so a
        unit's interval does not change when other articles are added.
    level : float
        Confidence level of the percentile interval.

    Returns
    -------
    DataFrame
        :data:`FRAME_COLUMNS`. ``per_1k`` = 1000 * hits / n_tokens; ``sentence_share`` = sentences
        with a hit / n_sentences; ``ci_low``/``ci_high``: bootstrap interval of ``per_1k``;
        ``dominant``: the frame with the highest ``per_1k`` of its lexicon for that unit (none when
        no frame has hits or when the highest value is shared). Rows are ordered by outlet, each
        outlet's own row (``article_id`` empty) before its articles' rows.

    Examples
    --------
    >>> lex = parse_lexicon({"name": "x", "description": "d", "source": "s", "licence": "l",
    ...     "categories": {"threat": {"description": "d", "source": "s", "note": "n", "entries": ["threat"]}}})
    >>> arts = pd.DataFrame({"article_id": ["1"], "outlet": ["A"], "text": ["A threat. No other word here."]})
    >>> sents = pd.DataFrame({"article_id": ["1", "1"], "sentence_id": [0, 1], "start": [0, 10]})
    >>> ev = frame_evidence(arts, sents, matcher=LexiconMatcher([lex]))
    >>> scores = score_frames(ev, arts, sents, lexicons=[lex], n_boot=0)
    >>> row = scores.iloc[1]  # the article row; 1 hit in 6 tokens, in 1 of 2 sentences
    >>> int(row["hits"]), float(row["per_1k"]), float(row["sentence_share"]), bool(row["dominant"])
    (1, 166.667, 0.5, True)
    """
    _check_voice(voice)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    frame_keys = [(lex.name, f.name) for lex in lexicons for f in lex.frames]
    column = {key: i for i, key in enumerate(frame_keys)}
    tokens = _sentence_tokens(articles, sentences, voice)
    counted = _counted(evidence, voice)
    known = np.array([(a, b) in column for a, b in zip(counted["lexicon"], counted["frame"], strict=True)], dtype=bool)
    counted = counted.loc[known]  # a boolean array: an empty list would select no *columns*
    outlets = dict(zip(articles["article_id"].astype(str), articles["outlet"], strict=True))
    # one (sentences x frames) hit matrix and a token vector per article
    per_article: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    tokens = tokens[tokens["n_tokens"] > 0]
    rows_of = {a: g for a, g in tokens.groupby("article_id", sort=False)}
    hits_of = {a: g for a, g in counted.groupby("article_id", sort=False)}
    for article_id in outlets:
        sent = rows_of.get(article_id, tokens.iloc[0:0])
        matrix = np.zeros((len(sent), len(frame_keys)))
        position = {s: i for i, s in enumerate(sent["sentence_id"])}
        found = hits_of.get(article_id)
        if found is not None:
            for s, lex, frame in zip(found["sentence_id"], found["lexicon"], found["frame"], strict=True):
                i = position.get(s)
                if i is not None:
                    matrix[i, column[(lex, frame)]] += 1
        per_article[article_id] = (matrix, sent["n_tokens"].to_numpy(float))
    units: list[tuple[str, str | None, list[str]]] = []
    for outlet in sorted(set(outlets.values())):
        ids = sorted(a for a, o in outlets.items() if o == outlet)
        units.append((outlet, None, ids))
        units.extend((outlet, a, [a]) for a in ids)
    records = []
    for outlet, article_id, ids in units:
        matrix = np.vstack([per_article[a][0] for a in ids])
        weights = np.concatenate([per_article[a][1] for a in ids])
        n_tokens, n_sentences = int(weights.sum()), len(weights)
        hits = matrix.sum(axis=0)
        per_1k = 1000.0 * hits / n_tokens if n_tokens else np.full(len(frame_keys), np.nan)
        share = (matrix > 0).sum(axis=0) / n_sentences if n_sentences else np.full(len(frame_keys), np.nan)
        low, high = _bootstrap(
            matrix, weights, n_boot=n_boot, seed=seed, key="\x1f".join(ids), level=level
        )
        for j, (lex, frame) in enumerate(frame_keys):
            records.append(
                (outlet, article_id, lex, frame, int(hits[j]), per_1k[j], share[j], low[j], high[j],
                 False, n_tokens, n_sentences, voice)
            )
    out = pd.DataFrame(records, columns=FRAME_COLUMNS)
    for name in ("per_1k", "sentence_share", "ci_low", "ci_high"):
        out[name] = out[name].astype(float).round(3)
    out["hits"] = out["hits"].astype("int64")
    out["dominant"] = _dominant(out, frame_keys)
    return out.reset_index(drop=True)


def _dominant(scores: pd.DataFrame, frame_keys: list[tuple[str, str]]) -> pd.Series:
    """True where a frame has the unique highest ``per_1k`` (> 0) of its lexicon for that unit."""
    unit = scores["outlet"] + "\x1f" + scores["article_id"].fillna("") + "\x1f" + scores["lexicon"]
    best = scores.groupby(unit)["per_1k"].transform("max")
    top = (scores["per_1k"] == best) & (scores["hits"] > 0)
    unique = top.groupby(unit).transform("sum") == 1
    return top & unique


def frame_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicons: Sequence[Lexicon],
    voice: str = "all",
    n_boot: int = 1000,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """``{"frames": ..., "frame_evidence": ...}`` for the articles, with the given lexicons."""
    _check_voice(voice)
    evidence = frame_evidence(articles, sentences, matcher=LexiconMatcher(lexicons))
    scores = score_frames(
        evidence, articles, sentences, lexicons=lexicons, voice=voice, n_boot=n_boot, seed=seed
    )
    return {"frames": scores, "frame_evidence": evidence}


def build_frame_tables(tables: Mapping[str, pd.DataFrame], context: EventContext | Any) -> dict[str, pd.DataFrame]:
    """Table builder for :mod:`analysis.tables.registry`: ``frames.csv`` and ``frame_evidence.csv``.

    Lexicons: the shipped ones, ``<event folder>/lexicon.yaml`` and ``lexicons/*.yaml``, then
    ``context.options["lexicons"]``
    (paths; ``--lexicon PATH`` on the command line). ``context.options["voice"]`` selects the voice
    (default ``"all"``).
    """
    options = getattr(context, "options", {}) or {}
    lexicons = load_lexicons(options.get("lexicons", []), event_dir=getattr(context, "raw_dir", None))
    return frame_tables(
        tables["articles"], tables["sentences"], lexicons=lexicons, voice=options.get("voice", "all")
    )


# --------------------------------------------------------------------------------------------------
# Views for charts and notebooks


def frame_differences(frames: pd.DataFrame, *, lexicon: str | None = None) -> pd.DataFrame:
    """Each outlet's ``per_1k`` minus the event's (all articles pooled), with the outlet's interval.

    Returns ``outlet, lexicon, frame, per_1k, event_per_1k, difference, diff_low, diff_high``; the
    interval is the outlet's bootstrap interval shifted by the event rate (the event rate is taken
    as fixed, so the interval understates uncertainty a little).

    Examples
    --------
    >>> frames = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "article_id": [None, "1", None, "2"],
    ...     "lexicon": "x", "frame": "f", "hits": [1, 1, 3, 3], "per_1k": [10.0, 10.0, 30.0, 30.0],
    ...     "n_tokens": 100, "ci_low": [0.0, 0.0, 10.0, 10.0], "ci_high": [30.0, 30.0, 50.0, 50.0]})
    >>> frame_differences(frames)[["outlet", "event_per_1k", "difference", "diff_low"]].values.tolist()
    [['A', 20.0, -10.0, -20.0], ['B', 20.0, 10.0, -10.0]]
    """
    articles = frames[frames["article_id"].notna() & (frames["article_id"].astype(str) != "")]
    outlets = frames[frames["article_id"].isna() | (frames["article_id"].astype(str) == "")]
    if lexicon is not None:
        articles = articles[articles["lexicon"] == lexicon]
        outlets = outlets[outlets["lexicon"] == lexicon]
    pooled = articles.groupby(["lexicon", "frame"], sort=False).agg(hits=("hits", "sum"), n_tokens=("n_tokens", "sum"))
    pooled["event_per_1k"] = (1000.0 * pooled["hits"] / pooled["n_tokens"]).round(3)
    out = outlets.merge(pooled["event_per_1k"].reset_index(), on=["lexicon", "frame"], how="left")
    out["difference"] = (out["per_1k"] - out["event_per_1k"]).round(3)
    out["diff_low"] = (out["ci_low"] - out["event_per_1k"]).round(3)
    out["diff_high"] = (out["ci_high"] - out["event_per_1k"]).round(3)
    columns = ["outlet", "lexicon", "frame", "per_1k", "event_per_1k", "difference", "diff_low", "diff_high"]
    return out[columns].reset_index(drop=True)


def mark_matches(text: str, spans: Iterable[tuple[int, int]], *, left: str = "**", right: str = "**") -> str:
    """``text`` with each (start, end) span wrapped in ``left``/``right`` (overlaps merged).

    Examples
    --------
    >>> mark_matches("a cold war mentality", [(2, 10), (6, 20)])
    'a **cold war mentality**'
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out += [text[cursor:start], left, text[start:end], right]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def top_evidence(
    evidence: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicon: str,
    n: int = 2,
    voice: str = "all",
    frames: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The sentences with most hits per outlet and frame, matched words marked with ``**``.

    Returns ``outlet, frame, article_id, sentence_id, hits, sentence`` (at most ``n`` sentences per
    outlet and frame; ties: article, then sentence order).
    """
    _check_voice(voice)
    counted = _counted(evidence, voice)
    counted = counted[counted["lexicon"] == lexicon]
    if frames is not None:
        counted = counted[counted["frame"].isin(list(frames))]
    columns = ["outlet", "frame", "article_id", "sentence_id", "hits", "sentence"]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        counted.groupby(["outlet", "frame", "article_id", "sentence_id"], as_index=False)
        .agg(hits=("entry", "size"), spans=("start", list), ends=("end", list))
        .sort_values(["outlet", "frame", "hits", "article_id", "sentence_id"],
                     ascending=[True, True, False, True, True], kind="stable")
    )
    grouped = grouped.groupby(["outlet", "frame"], sort=False).head(n)
    sent = sentences.assign(article_id=sentences["article_id"].astype(str)).set_index(["article_id", "sentence_id"])
    texts = []
    for row in grouped.itertuples(index=False):
        start, text = sent.loc[(row.article_id, row.sentence_id), ["start", "text"]]
        spans = [(s - start, e - start) for s, e in zip(row.spans, row.ends, strict=True)]
        texts.append(mark_matches(text, spans))
    grouped["sentence"] = texts
    return grouped[columns].reset_index(drop=True)
