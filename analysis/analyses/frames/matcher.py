"""Matching lexicon entries in text: :class:`LexiconMatcher` (Aho-Corasick candidates, token checks).

Matching is on the tokens of :func:`analysis.text.tokens.tokenize`, case-insensitive: an entry's
words must be consecutive tokens separated only by white space (a possessive 's is allowed, so
"nato expansion" matches "NATO's expansion" but not "NATO. Expansion"; "war" does not match inside
"anti-war"); a word ending in ``*`` matches any token starting with it. Within one frame the longest
match wins and overlapping matches count once; a passage may count for two frames. Only the words
around an Aho-Corasick candidate are tokenised (``benchmarks/bench_frames.py``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from analysis.resources.lexicons import Frame, Lexicon
from analysis.text.tokens import Token, fold_case_keeping_length, tokenize

__all__ = ["LexiconMatcher", "Match"]


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
TOKEN_CACHE_SIZE = 8  # tokenised white-space chunks kept per text: candidates cluster, older chunks are not revisited
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
        if len(cache) > TOKEN_CACHE_SIZE:
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
        >>> from analysis.resources.lexicons import parse_lexicon
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
