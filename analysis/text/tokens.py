"""Tokens of news English with character offsets into the cleaned text.

The tokeniser keeps news vocabulary whole: hyphenated words ("US-led", "Indo-Pacific",
"one-person"), acronyms with dots ("U.S.", "U.K.", "U.S.-led"), numbers ("11-12", "1.8", "2,000"),
and splits possessives off ("Japan's" and "Japan’s" -> "japan"). Curly and straight apostrophes are
treated alike; no-break spaces are white space. Offsets always index the text as given, so
``text[start:end]`` is the surface form.

For n-grams, :func:`token_runs` splits the tokens into runs that cross no punctuation and no
sentence boundary: any character that is neither white space nor part of a token ends a run.
:data:`RUN_PATTERN` and :func:`normalise_match` let a fast counter work on match strings alone
(see :mod:`analysis.analyses.terms`), with the same result as :func:`token_runs`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

__all__ = [
    "RUN_PATTERN",
    "TOKEN_PATTERN",
    "Token",
    "fold_case",
    "fold_case_keeping_length",
    "normalise_match",
    "normalise_token",
    "sentence_tokens",
    "token_runs",
    "tokenize",
]

TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?:[-‐–][^\W_]+)*"  # acronyms with dots, optionally hyphenated: U.S., U.S.-led
    r"|\d+(?:[.,:]\d+)*(?:[-‐–]\d+(?:[.,]\d+)*)?%?"  # numbers: 2022, 1.8, 2,000, 11-12, 72%
    r"|[^\W_]+(?:[-‐'’][^\W_]+)*"  # words, with inner hyphens or apostrophes: Indo-Pacific, haven't
)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
RUN_PATTERN = re.compile(TOKEN_PATTERN.pattern + r"|[^\w\s]|_")
"""Tokens, plus every other non-space character as a one-character *break* (punctuation)."""


class Token(NamedTuple):
    """A token: normalised form and the character span of its surface form."""

    text: str
    start: int
    end: int


_DOTTED = re.compile("(?<=[ij])\u0307+")


def fold_case(text: str) -> str:
    """The project's one case-insensitive form of a text: NFKC, then casefold, then no dot above i.

    Every comparison that ignores case (tokens and terms, KWIC queries, stop words, lexicon and
    actor matching) goes through this function, so "İstanbul", "ISTANBUL" and "istanbul" are one
    term, and full-width or ligature forms ("ﬁnance") match their plain spelling. ``"İ".lower()``
    would give ``"i̇"`` (i + U+0307 COMBINING DOT ABOVE), a form no query can type.

    Examples
    --------
    >>> fold_case("İstanbul"), fold_case("ISTANBUL"), fold_case("ﬁnance"), fold_case("Straße")
    ('istanbul', 'istanbul', 'finance', 'strasse')
    """
    # NFKC again at the end: casefolding can decompose ("ß̇" -> "ss" + dot above), and the result
    # must be its own fold (idempotent), so it is recomposed.
    return unicodedata.normalize("NFKC", _DOTTED.sub("", unicodedata.normalize("NFKC", text).casefold()))


def fold_case_keeping_length(text: str) -> str:
    """:func:`fold_case` character by character, keeping a character whose folded form is not one character.

    For searching a text with regular expressions while reporting offsets into the original:
    ``len(fold_case_keeping_length(t)) == len(t)``.

    Examples
    --------
    >>> fold_case_keeping_length("İSTANBUL ﬁ Straße")
    'istanbul ﬁ straße'
    """
    # ASCII capitals to small letters, and each distinct non-ASCII character of the text to its
    # one-character fold (the per-character rule of _fold_char). When every non-ASCII character's
    # fold is its str.lower() (curly quotes, dashes, accented small letters: most texts), that
    # is text.lower(), much faster than a translation table; but for capital sigma, which
    # str.lower() makes final or not by its context.
    special = {c: _fold_char(c) for c in set(text) if not c.isascii()}
    if "Σ" not in special and all(c.lower() == folded for c, folded in special.items()):
        return text.lower()
    table = dict(_ASCII_LOWER)
    table.update((ord(c), folded) for c, folded in special.items())
    return text.translate(table)


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def _fold_char(char: str) -> str:
    """One character's fold if it is one character, else its lower case if one character, else itself."""
    folded = fold_case(char) if not char.isascii() else char.lower()
    return folded if len(folded) == 1 else char.lower() if len(char.lower()) == 1 else char


def normalise_token(surface: str, *, lowercase: bool = True) -> str:
    """Normalise a token's surface form: case folded (:func:`fold_case`), straight apostrophes, plain hyphens.

    Examples
    --------
    >>> normalise_token("Haven’t")
    "haven't"
    >>> normalise_token("U.S.", lowercase=False)
    'U.S.'
    >>> normalise_token("İstanbul’s")
    "istanbul's"
    """
    text = fold_case(surface) if lowercase else surface
    return text.replace("’", "'").replace("‐", "-").replace("–", "-")


def normalise_match(surface: str, *, lowercase: bool = True) -> str:
    """The token of one :data:`RUN_PATTERN` match: possessive split off, normalised; ``""`` for a break.

    Examples
    --------
    >>> normalise_match("Japan’s"), normalise_match("U.S.", lowercase=False), normalise_match(",")
    ('japan', 'U.S.', '')
    """
    if not surface[0].isalnum():
        return ""
    possessive = _POSSESSIVE.search(surface)
    if possessive and possessive.start() > 0:
        surface = surface[: possessive.start()]
    return _normalised(surface) if lowercase else normalise_token(surface, lowercase=False)


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
        out.append(Token(_normalised(surface) if lowercase else normalise_token(surface, lowercase=False), start, end))
    return out


@functools.lru_cache(maxsize=1 << 17)
def _normalised(surface: str) -> str:
    """:func:`normalise_token` of a surface form, kept for the most recent distinct forms (words repeat)."""
    return normalise_token(surface)


def token_runs(text: str, *, lowercase: bool = True, boundaries: Iterable[int] = ()) -> list[list[Token]]:
    """Tokens of ``text`` in runs broken by punctuation and by the given sentence boundaries.

    A run ends at any character that is neither white space nor part of a token (comma, full
    stop, quote mark, bracket, dash...) and at every offset in ``boundaries`` (sentence starts).
    The possessive ending split off a token does not break a run. N-grams are taken within runs.

    Parameters
    ----------
    text : str
    lowercase : bool
    boundaries : iterable of int
        Character offsets where a new sentence starts.

    Examples
    --------
    >>> text = "Japan's liaison office, in Tokyo. NATO (the bloc) said"
    >>> [[t.text for t in run] for run in token_runs(text, boundaries=[34])]
    [['japan', 'liaison', 'office'], ['in', 'tokyo'], ['nato'], ['the', 'bloc'], ['said']]
    """
    cuts = sorted(set(boundaries))
    runs: list[list[Token]] = []
    run: list[Token] = []
    cut_index = 0
    for match in RUN_PATTERN.finditer(text):
        start, end = match.span()
        while cut_index < len(cuts) and cuts[cut_index] <= start:
            cut_index += 1
            if run:
                runs.append(run)
                run = []
        surface = match.group(0)
        token = normalise_match(surface, lowercase=lowercase)
        if not token:
            if run:
                runs.append(run)
                run = []
            continue
        possessive = _POSSESSIVE.search(surface)
        if possessive and possessive.start() > 0:
            end -= len(possessive.group(0))
        run.append(Token(token, start, end))
    if run:
        runs.append(run)
    return runs


SHARED_SENTENCE_TOKENS = "sentence_tokens"
"""Key of :func:`sentence_tokens`' result in a builder's shared cache (``EventContext.shared``)."""


def sentence_tokens(sentences: Any, *, cache: dict | None = None) -> list[list[str]]:
    """The normalised tokens (:func:`tokenize`) of each sentence, in the row order of ``sentences``.

    Every sentence is tokenised once per run: with a ``cache`` (a table builder's
    ``context.shared``), the lists are kept there for the same ``sentences`` table and handed to
    every later caller (reuse, frames and any other step that counts or compares tokens), instead
    of each step tokenising the corpus again. The lists must not be changed by callers.

    Parameters
    ----------
    sentences : DataFrame
        With a ``text`` column (``body[start:end]`` of each sentence).
    cache : dict, optional
        Where the result is kept, tied to this very ``sentences`` object.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["NATO’s office opens.", "Japan's 2,000 staff"]})
    >>> shared = {}
    >>> sentence_tokens(frame, cache=shared)
    [['nato', 'office', 'opens'], ['japan', '2,000', 'staff']]
    >>> sentence_tokens(frame, cache=shared) is sentence_tokens(frame, cache=shared)
    True
    """
    if cache is not None:
        held = cache.get(SHARED_SENTENCE_TOKENS)
        if held is not None and held[0] is sentences:
            return held[1]
    texts = sentences["text"].tolist()
    out = [[t.text for t in tokenize(text)] if isinstance(text, str) else [] for text in texts]
    if cache is not None:
        cache[SHARED_SENTENCE_TOKENS] = (sentences, out)
    return out
