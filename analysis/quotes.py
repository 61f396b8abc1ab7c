"""Quotation marks: where quoted passages are in a cleaned text.

:func:`quote_spans` finds double-quoted passages (curly “…” or straight "…"), which may run over
several sentences. It is the shared base for everything that needs to know whether a position is
inside a quotation (author's voice vs quoted voice).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

__all__ = ["QuoteSpan", "in_spans", "quote_spans"]

_DOUBLE = re.compile(r"[“”\"]")


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


def quote_spans(text: str) -> list[QuoteSpan]:
    """Double-quoted passages of ``text``, in order, not nested.

    A passage opens at “ (or a straight " after white space or an opening bracket) and closes at
    the next ” or straight ". A quote left open at the end of a paragraph and reopened at the start
    of the next (the news convention for a quote running over paragraphs) continues there; an
    opening mark never closed is ignored.

    Examples
    --------
    >>> text = 'He said “We agree. It is done,” and left. She called it "fine".'
    >>> [s.text for s in quote_spans(text)]
    ['We agree. It is done,', 'fine']
    >>> quote_spans('No quotes here.')
    []
    """
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
