"""Quotation spans: double- and single-quoted passages of a text, with offsets.

:func:`quote_spans` finds double-quoted passages (curly “…” or straight "…"), which may run over
several sentences and paragraphs; with ``single=True`` also single-quoted ones (‘…’ or '…', as
RT writes 'partners'), telling them from apostrophes: an opening mark follows white space or a
bracket and precedes a letter or digit, a closing mark follows a non-space and is not followed
by a letter or digit ("Japan’s", "don't", "’90s" never open or close), and a single-quoted
passage never crosses a paragraph. :func:`in_spans` says whether a position is quoted.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

__all__ = ["QuoteSpan", "in_spans", "quote_spans", "single_quote_spans"]


_DOUBLE = re.compile(r"[“”\"]")
_SINGLE = re.compile(r"[‘’']")


class QuoteSpan(NamedTuple):
    """A quoted passage: ``start``/``end`` include the quotation marks; ``text`` excludes them."""

    start: int
    end: int
    text: str


def _opens(text: str, i: int) -> bool:
    mark = text[i]
    if mark == "“":
        return True
    if mark == "”":
        return False
    before = text[i - 1] if i > 0 else " "
    return before.isspace() or before in "([{—–-/"


def quote_spans(text: str, *, single: bool = False) -> list[QuoteSpan]:
    """Double-quoted passages of ``text`` (and single-quoted ones with ``single=True``), in order.

    A passage opens at “ (or a straight " after white space or an opening bracket) and closes at
    the next ” or straight ". A quote left open at the end of a paragraph and reopened at the start
    of the next (the news convention for a quote running over paragraphs) continues there; an
    opening mark never closed is ignored. With ``single=True`` the passages of
    :func:`single_quote_spans` that are not inside a double-quoted one are added (nested quotes
    stay part of their enclosing quotation).

    Examples
    --------
    >>> text = 'He said “We agree. It is done,” and left. She called it "fine".'
    >>> [s.text for s in quote_spans(text)]
    ['We agree. It is done,', 'fine']
    >>> quote_spans('No quotes here.')
    []
    >>> [s.text for s in quote_spans("its 'partners' and Japan’s “allies”", single=True)]
    ['partners', 'allies']
    """
    spans = _double_quote_spans(text)
    if single:
        spans = sorted(spans + [s for s in single_quote_spans(text) if not in_spans(s.start, spans)])
    return spans


def _double_quote_spans(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for match in _DOUBLE.finditer(text):
        i = match.start()
        if open_at is None:
            if _opens(text, i):
                open_at = i
            continue
        if text[i] == "“" or (text[i] == '"' and _opens(text, i) and "\n\n" in text[open_at:i]):
            # a new opening mark while open: the earlier quote ran to a paragraph end (news style)
            paragraph_end = text.find("\n\n", open_at)
            if 0 <= paragraph_end < i:
                spans.append(QuoteSpan(open_at, paragraph_end, text[open_at + 1 : paragraph_end]))
            open_at = i
            continue
        spans.append(QuoteSpan(open_at, i + 1, text[open_at + 1 : i]))
        open_at = None
    return spans


def single_quote_spans(text: str) -> list[QuoteSpan]:
    """Single-quoted passages (‘…’ or '…') of ``text``, not crossing paragraphs.

    Examples
    --------
    >>> [s.text for s in single_quote_spans("regional 'partners' and the allies’ ‘global NATO’ plan")]
    ['partners', 'global NATO']
    >>> single_quote_spans("Japan’s view; don't; the ’90s; members' votes")
    []
    """
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    for match in _SINGLE.finditer(text):
        i = match.start()
        mark = text[i]
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        can_open = mark in "‘'" and (before.isspace() or before in "([{—–-/“\"") and after.isalnum()
        can_close = mark in "’'" and not before.isspace() and not after.isalnum()
        if open_at is not None and "\n\n" in text[open_at:i]:
            open_at = None
        if open_at is None:
            if can_open:
                open_at = i
            continue
        if can_close:
            spans.append(QuoteSpan(open_at, i + 1, text[open_at + 1 : i]))
            open_at = None
        elif can_open and mark == "‘":
            open_at = i
    return spans


def in_spans(position: int, spans: list[QuoteSpan]) -> bool:
    """Whether a character position lies inside one of ``spans`` (sorted, non-overlapping).

    Examples
    --------
    >>> spans = quote_spans('a “b c” d')
    >>> in_spans(3, spans), in_spans(8, spans)
    (True, False)
    """
    index = bisect.bisect_right([s.start for s in spans], position) - 1
    return index >= 0 and spans[index].start <= position < spans[index].end
