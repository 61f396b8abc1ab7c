"""Tokens of news English with character offsets into the cleaned text.

The tokeniser keeps news vocabulary whole: hyphenated words ("US-led", "Indo-Pacific",
"one-person"), acronyms with dots ("U.S.", "U.K.", "U.S.-led"), numbers ("11-12", "1.8", "2,000"),
and splits possessives off ("Japan's" and "Japan’s" -> "japan"). Curly and straight apostrophes are
treated alike; no-break spaces are white space. Offsets always index the text as given, so
``text[start:end]`` is the surface form.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["TOKEN_PATTERN", "Token", "normalise_token", "tokenize"]

TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?:[-‐–][^\W_]+)*"  # acronyms with dots, optionally hyphenated: U.S., U.S.-led
    r"|\d+(?:[.,:]\d+)*(?:[-‐–]\d+(?:[.,]\d+)*)?%?"  # numbers: 2022, 1.8, 2,000, 11-12, 72%
    r"|[^\W_]+(?:[-‐'’][^\W_]+)*"  # words, with inner hyphens or apostrophes: Indo-Pacific, haven't
)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


class Token(NamedTuple):
    """A token: normalised form and the character span of its surface form."""

    text: str
    start: int
    end: int


def normalise_token(surface: str, *, lowercase: bool = True) -> str:
    """Normalise a token's surface form: straight apostrophes, plain hyphens, optional lower case.

    Examples
    --------
    >>> normalise_token("Haven’t")
    "haven't"
    >>> normalise_token("U.S.", lowercase=False)
    'U.S.'
    """
    text = surface.replace("’", "'").replace("‐", "-").replace("–", "-")
    return text.lower() if lowercase else text


def tokenize(text: str, *, lowercase: bool = True) -> list[Token]:
    """Split ``text`` into tokens with offsets.

    Parameters
    ----------
    text : str
    lowercase : bool
        Lower-case the normalised form (the span still points at the surface form).

    Examples
    --------
    >>> [t.text for t in tokenize("The U.S.-led bloc’s one-person office, Japan's 2,000 staff.")]
    ['the', 'u.s.-led', 'bloc', 'one-person', 'office', 'japan', '2,000', 'staff']
    >>> text = "NATO’s Indo-Pacific push"
    >>> [(t.text, text[t.start:t.end]) for t in tokenize(text)]
    [('nato', 'NATO'), ('indo-pacific', 'Indo-Pacific'), ('push', 'push')]
    """
    out = []
    for match in TOKEN_PATTERN.finditer(text):
        surface = match.group(0)
        start, end = match.span()
        possessive = _POSSESSIVE.search(surface)
        if possessive and possessive.start() > 0:
            end -= len(possessive.group(0))
            surface = surface[: possessive.start()]
        out.append(Token(normalise_token(surface, lowercase=lowercase), start, end))
    return out
