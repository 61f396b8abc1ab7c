"""Name spans: runs of capitalised tokens in news English, with character offsets.

:func:`name_runs` finds every run of capitalised tokens ("Julianne Smith", "U.S.", "NAACP",
"Taxo-Jensen", "Kim Jong Un") joined by single spaces, possibly through lower-case connectors
that news names contain: name particles ("de", "van", "bin", ...) always, and "of", "for", "on",
"to", "the", "and" when the caller's ``joins`` predicate accepts them ("Institute for Fiscal
Studies", "Ambassador to the United States"). A run never crosses a line break or punctuation
other than the dots of abbreviations listed in ``abbreviations`` ("Rep.", "Mr.") and of
initials ("U.S.", "J."). A possessive ending ("Japan’s") ends a run unless ``joins`` accepts it
("King's Fund"); the possessive itself is not part of the token.

This module is pure text: it knows no list of names. What the runs are is decided by
:mod:`analysis.analyses.stance.discovery`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import NamedTuple

__all__ = ["PARTICLES", "NameRun", "headline_end", "name_runs", "title_cased"]

PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "el", "dos", "ibn"})
"""Lower-case name particles that may sit inside a personal name ("Ursula von der Leyen")."""

_CONNECTORS = frozenset({"of", "for", "on", "to", "the", "and"})
_CAP = re.compile(r"[A-Z][\w’'&-]*(?:\.[A-Z][\w’'&-]*)*|[A-Z]\d+\w*")
_LOWER = re.compile(r"[a-z]+")
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_CONNECTORS = 2  # lower-case words in a row inside a name ("of the", "von der")
_HEADLINE_WORDS = 3  # a headline has at least this many words
_HEADLINE_CAPITALISED = 0.8  # share of capitalised (or minor) words of a headline
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]$")


class NameRun(NamedTuple):
    """A run of capitalised tokens: ``tokens`` are (start, end) spans into the text, connectors included.

    ``text[start:end]`` is the run as written; ``possessive`` is true when "’s" follows it.
    """

    start: int
    end: int
    tokens: tuple[tuple[int, int], ...]
    possessive: bool


def _token_at(text: str, i: int, abbreviations: Collection[str]) -> tuple[int, int, bool] | None:
    """A capitalised token starting at ``i``: (start, end, possessive), else None."""
    match = _CAP.match(text, i)
    if match is None:
        return None
    end = match.end()
    word = match.group()
    possessive = False
    found = _POSSESSIVE.search(word)
    if found:
        end = i + found.start()
        possessive = True
    elif end < len(text) and text[end] == "." and (word + "." in abbreviations or _INITIALS.match(word)):
        end += 1
    while text[end - 1] in "-’'&":
        end -= 1
    return i, end, possessive


def name_runs(  # noqa: C901 - a hand-written scanner
    text: str,
    *,
    abbreviations: Collection[str] = (),
    joins: Callable[[str, str, str], bool] | None = None,
) -> list[NameRun]:
    """Runs of capitalised tokens in ``text``, in order.

    Parameters
    ----------
    text : str
    abbreviations : collection of str
        Capitalised words that end with a dot ("Rep.", "Mr.", "Inc."): the dot belongs to them.
    joins : callable, optional
        ``joins(left, connector, right)`` -> bool: may the run so far (``left``) go on through
        ``connector`` (a lower-case word, or ``"’s"`` for a possessive) to the capitalised token
        ``right``? Name particles always join. By default nothing else joins.

    Examples
    --------
    >>> text = "Rep. Tom Vander Ploeg met U.S. envoy Ursula von der Leyen and Japan’s PM."
    >>> [text[r.start:r.end] for r in name_runs(text, abbreviations={"Rep."})]
    ['Rep. Tom Vander Ploeg', 'U.S.', 'Ursula von der Leyen', 'Japan', 'PM']
    >>> text = "the Institute for Fiscal Studies and the King's Fund"
    >>> join = lambda left, word, right: left.endswith("Institute") or word == "’s" or word == "'s"
    >>> [text[r.start:r.end] for r in name_runs(text, joins=join)]
    ['Institute for Fiscal Studies', "King's Fund"]
    """
    runs: list[NameRun] = []
    n = len(text)
    i = 0
    while True:
        match = _CAP.search(text, i)
        if match is None:
            break
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "’'_"):
            i = match.end()
            continue
        first = _token_at(text, start, abbreviations)
        if first is None:
            i = match.end()
            continue
        tokens = [(first[0], first[1])]
        possessive = first[2]
        pos = first[1]
        while True:
            if possessive:
                nxt = pos + 2
                if nxt < n and text[nxt] in " \u00a0":
                    token = _token_at(text, nxt + 1, abbreviations)
                    if token and joins is not None and joins(
                        text[tokens[0][0] : pos], text[pos : pos + 2], text[token[0] : token[1]]
                    ):
                        tokens.append((token[0], token[1]))
                        possessive = token[2]
                        pos = token[1]
                        continue
                break
            if pos >= n or text[pos] not in " \u00a0":
                break
            k = pos + 1
            connectors: list[tuple[int, int]] = []
            while True:
                low = _LOWER.match(text, k)
                if low is None or low.group() not in _CONNECTORS | PARTICLES:
                    break
                after = low.end()
                if after >= n or text[after] not in " \u00a0" or len(connectors) >= _MAX_CONNECTORS:
                    break
                connectors.append((low.start(), low.end()))
                k = after + 1
            token = _token_at(text, k, abbreviations)
            if token is None:
                break
            if connectors:
                words = [text[a:b] for a, b in connectors]
                left = text[tokens[0][0] : pos]
                right = text[token[0] : token[1]]
                ok = all(w in PARTICLES for w in words) or (
                    joins is not None and joins(left, " ".join(words), right)
                )
                if not ok:
                    break
                tokens.extend(connectors)
            tokens.append((token[0], token[1]))
            possessive = token[2]
            pos = token[1]
        runs.append(NameRun(tokens[0][0], tokens[-1][1], tuple(tokens), possessive))
        i = max(pos, match.end())
    return runs


def headline_end(text: str) -> int:
    """End of a headline at the start of ``text`` (a first line in title case without final stop), else 0.

    Examples
    --------
    >>> headline_end("Kishida Protests Chinese Ships Near Senkakus\\n\\nTOKYO -- Prime Minister ...")
    44
    >>> headline_end("Japan and NATO met on Tuesday.\\n")
    0
    """
    line_end = text.find("\n")
    line = text if line_end < 0 else text[:line_end]
    words = re.findall(r"[^\W\d_][\w’'-]*", line)
    if len(words) < _HEADLINE_WORDS or line.rstrip().endswith((".", "!", "?", ":")):
        return 0
    minor = {"a", "an", "the", "of", "for", "in", "on", "to", "and", "as", "at", "by", "with", "or", "but", "is"}
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in minor)
    return len(line) if capitalised / len(words) >= _HEADLINE_CAPITALISED else 0


TITLE_CASE_MIN_WORDS = 3  # fewer long words say nothing about a text's case ("NATO in Japan")
TITLE_CASE_MIN_SHARE = 0.8  # share of the long words capitalised in a title-cased text
_LONG_WORD = re.compile(r"[^\W\d_]{4,}(?:[-'’][^\W\d_]+)*")


def title_cased(text: str) -> bool:
    """Whether a text is written in title case (a headline style), so capitals there mark no name.

    Words of four letters or more are looked at; at least 80 % of them (and three) must be capitalised.

    Examples
    --------
    >>> title_cased("NATO to Open Office in Japan to Increase Influence in Indo-Pacific")
    True
    >>> title_cased("NATO to open office in Japan – media"), title_cased("Tokyo hopes to sign a Partnership Programme.")
    (False, False)
    """
    words = _LONG_WORD.findall(text)
    if len(words) < TITLE_CASE_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) >= TITLE_CASE_MIN_SHARE * len(words)
