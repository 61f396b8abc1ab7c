"""Sentence boundaries with character offsets into the cleaned body.

Two interchangeable segmenters:

``"rules"`` (default)
    A fast rule-based splitter written for news English: it splits after ``.``, ``!``, ``?`` or
    ``…`` (with any closing quotes or brackets) before a capital, digit or opening quote, and not
    after abbreviations common in news ("Mr.", "Gen.", "Jan.", "No. 2", "U.S.", initials). Measured
    at tens of MB/s (``benchmarks/bench_sentences.py``).
``"pysbd"``
    pysbd's rule set (Sadvilkar and Neumann 2020), more thorough but about 0.3 MB/s.

A segmenter is any callable ``str -> list[(start, end)]``; pass your own to
:func:`split_sentences`. Sentences never cross paragraphs (blank-line separated) and
``body[start:end] == sentence`` always holds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "SEGMENTERS",
    "UNITS",
    "UNIT_SENTENCE_IDS",
    "body_sentences",
    "paragraph_spans",
    "sentence_at",
    "sentence_table",
    "split_pysbd",
    "split_rules",
    "split_sentences",
    "unit_articles",
    "unit_sentences",
]

UNITS = ("headline", "deck", "body")
"""Text units of an article: the headline, the deck (standfirst) and the cleaned body."""

UNIT_SENTENCE_IDS = {"headline": -2, "deck": -1}
"""``sentence_id`` of the one-sentence headline and deck rows of the ``sentences`` table (body sentences
count from 0), so ``(article_id, sentence_id)`` stays a key and the units sort before the body."""

Span = tuple[int, int]
Segmenter = Callable[[str], list[Span]]

_PARAGRAPH = re.compile(r"\n\s*\n")
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[\w\d])")

# Abbreviations that do not end a sentence when followed by a capitalised word.
ABBREVIATIONS = frozenset(
    [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "maj", "capt", "cmdr", "adm",
        "sgt", "cpl", "pvt", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "sec", "supt", "insp", "det",
        "atty", "messrs", "mmes", "fr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "nos",
        "vol", "vols", "art", "fig", "figs", "p", "pp", "para", "ch", "sec", "nr", "inc", "corp", "ltd", "co",
        "bros", "plc", "llc", "vs", "v", "cf", "approx", "est", "dept", "univ", "assn", "ave", "blvd", "rd",
        "mt", "ft",
    ]
)
# Abbreviations that only mean "not a boundary" when a number follows ("No. 2", "Art. 5").
NUMERIC_ABBREVIATIONS = frozenset(["no", "nos", "vol", "vols", "art", "fig", "figs", "p", "pp", "para", "ch", "nr"])
# Words that, after an acronym like "U.S.", show a new sentence has started.
SENTENCE_STARTERS = frozenset(
    [
        "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these", "those", "there",
        "but", "and", "or", "so", "yet", "in", "on", "at", "for", "as", "if", "when", "while", "after", "before",
        "however", "meanwhile", "still", "his", "her", "their", "our", "my", "you", "what", "who", "why", "how",
        "some", "many", "most", "all", "no", "one", "both", "each", "such",
    ]
)


def paragraph_spans(text: str) -> list[Span]:
    """Character spans of the blank-line separated paragraphs of ``text`` (whitespace trimmed).

    Examples
    --------
    >>> paragraph_spans("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    spans = []
    start = 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        chunk = text[a:b]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((a + lead, a + lead + len(stripped)))
    return out


_NEXT_WORD = re.compile(r"\s+[\"“‘'(\[]?(\w)")
_OPENERS = "\"'“‘(["


def _is_boundary(text: str, match: re.Match, start: int) -> bool:
    punct = match.group(0)
    first = punct[0]
    if first not in {".", "…"}:
        return True
    if len(punct.rstrip("\"'”’)]")) > 1:  # "..." or ".?" — an ellipsis or end mark
        return True
    nxt = _NEXT_WORD.match(text, match.end())
    initial = nxt.group(1) if nxt else ""
    if not (initial.isupper() or initial.isdigit()):
        return False  # sentences do not start in lower case: "e.g. this", "the U.K. and"
    stop = match.start()
    space = max(text.rfind(" ", start, stop), text.rfind("\n", start, stop), text.rfind("\u00a0", start, stop))
    token = text[space + 1 : stop].lstrip(_OPENERS)
    word = token.lower()
    if word in NUMERIC_ABBREVIATIONS:
        return not initial.isdigit()
    if word in ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():  # an initial: "J. Smith"
        return False
    if "." in token:  # an acronym with dots: "U.S.", "U.K.", "a.m."
        next_word = re.match(r"\w+", text[nxt.start(1) : nxt.start(1) + 30])
        return next_word is not None and next_word.group(0).lower() in SENTENCE_STARTERS
    return True


def split_rules(text: str) -> list[Span]:
    """Fast rule-based sentence spans for news English.

    Examples
    --------
    >>> body = "Mr. Smith met U.S. officials on Jan. 5. They agreed. He said: “Fine.” No. 2 was next."
    >>> [body[a:b] for a, b in split_rules(body)]
    ['Mr. Smith met U.S. officials on Jan. 5.', 'They agreed.', 'He said: “Fine.”', 'No. 2 was next.']
    >>> body = "It hit the U.K. and Japan. The U.S. The end."
    >>> [body[a:b] for a, b in split_rules(body)]
    ['It hit the U.K. and Japan.', 'The U.S.', 'The end.']
    """
    spans: list[Span] = []
    for p_start, p_end in paragraph_spans(text):
        start = p_start
        for match in _CANDIDATE.finditer(text, p_start, p_end):
            if _is_boundary(text, match, start):
                spans.append((start, match.end()))
                start = match.end()
                while start < p_end and text[start].isspace():
                    start += 1
        if start < p_end:
            spans.append((start, p_end))
    return spans


def split_pysbd(text: str) -> list[Span]:
    """Sentence spans from pysbd (slow, thorough), trimmed of surrounding white space."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    spans: list[Span] = []
    for p_start, p_end in paragraph_spans(text):
        cursor = p_start
        for sentence in segmenter.segment(text[p_start:p_end]):
            piece = sentence.strip()
            if not piece:
                continue
            found = text.find(piece, cursor, p_end)
            if found < 0:
                continue
            spans.append((found, found + len(piece)))
            cursor = found + len(piece)
    return spans


SEGMENTERS: dict[str, Segmenter] = {"rules": split_rules, "pysbd": split_pysbd}


def split_sentences(text: str, *, segmenter: str | Segmenter = "rules") -> list[dict]:
    """Split a cleaned body into sentences with offsets and paragraph index.

    Parameters
    ----------
    text : str
        A cleaned body (paragraphs separated by blank lines).
    segmenter : {"rules", "pysbd"} or callable
        Which segmenter to use; a callable maps text to ``(start, end)`` spans.

    Returns
    -------
    list of dict
        ``sentence_id`` (0-based), ``paragraph`` (0-based), ``start``, ``end``, ``text``.

    Examples
    --------
    >>> [s["text"] for s in split_sentences("It rained. Then it stopped.\\n\\nDone.")]
    ['It rained.', 'Then it stopped.', 'Done.']
    >>> [s["paragraph"] for s in split_sentences("It rained. Then it stopped.\\n\\nDone.")]
    [0, 0, 1]
    """
    if isinstance(segmenter, str):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {segmenter!r}; choose from {', '.join(SEGMENTERS)}")
        segmenter = SEGMENTERS[segmenter]
    paragraphs = paragraph_spans(text)
    out = []
    p_index = 0
    for start, end in segmenter(text):
        while p_index + 1 < len(paragraphs) and start >= paragraphs[p_index + 1][0]:
            p_index += 1
        out.append(
            {"sentence_id": len(out), "paragraph": p_index, "start": start, "end": end, "text": text[start:end]}
        )
    return out


def sentence_table(articles: pd.DataFrame, *, segmenter: str | Segmenter = "rules") -> pd.DataFrame:
    """The ``sentences`` table for articles with ``article_id`` and cleaned ``text`` columns.

    Columns: ``article_id``, ``sentence_id``, ``paragraph``, ``start``, ``end``, ``text``, ``unit``.
    Body sentences (``unit`` ``"body"``) index ``articles.text``; when the articles have ``headline``
    or ``deck`` columns, each non-empty one is a row of its own (:func:`unit_sentences`) whose offsets
    index that column instead.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["1"], "text": ["It opens. It is small."], "headline": ["Office opens"]})
    >>> sentence_table(arts)[["sentence_id", "unit", "text"]].to_numpy().tolist()
    [[-2, 'headline', 'Office opens'], [0, 'body', 'It opens.'], [1, 'body', 'It is small.']]
    """
    rows = []
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        rows.extend({"article_id": article_id, **s} for s in split_sentences(text, segmenter=segmenter))
    frame = pd.DataFrame(rows, columns=["article_id", "sentence_id", "paragraph", "start", "end", "text"])
    frame["unit"] = "body"
    units = unit_sentences(articles)
    if len(units):  # each article's headline and deck rows come before its body rows
        position = {aid: i for i, aid in enumerate(articles["article_id"])}
        frame = pd.concat([units, frame], ignore_index=True) if len(frame) else units
        order = np.lexsort((frame["sentence_id"].to_numpy(), frame["article_id"].map(position).to_numpy()))
        frame = frame.iloc[order].reset_index(drop=True)
    return frame.astype({"sentence_id": "int64", "paragraph": "int64", "start": "int64", "end": "int64"})


def unit_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One ``sentences`` row per non-empty headline and deck (``paragraph`` -1, offsets into that unit).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["1"], "headline": ["Office opens"], "deck": [None]})
    >>> unit_sentences(arts)[["article_id", "sentence_id", "start", "end", "unit"]].to_numpy().tolist()
    [['1', -2, 0, 12, 'headline']]
    """
    rows = []
    for unit, sentence_id in UNIT_SENTENCE_IDS.items():
        if unit not in articles:
            continue
        for article_id, text in zip(articles["article_id"], articles[unit], strict=True):
            if isinstance(text, str) and text.strip():
                rows.append({"article_id": article_id, "sentence_id": sentence_id, "paragraph": -1, "start": 0,
                             "end": len(text), "text": text, "unit": unit})
    columns = ["article_id", "sentence_id", "paragraph", "start", "end", "text", "unit"]
    frame = pd.DataFrame(rows, columns=columns).sort_values(["article_id", "sentence_id"], kind="stable")
    return frame.reset_index(drop=True).astype({"sentence_id": "int64", "paragraph": "int64", "start": "int64",
                                                "end": "int64"})


def body_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The body rows of a table with a ``unit`` column (``sentences``, ``quotes``, ``cues``...); others whole.

    Examples
    --------
    >>> s = pd.DataFrame({"sentence_id": [-2, 0], "unit": ["headline", "body"]})
    >>> body_sentences(s)["sentence_id"].tolist()
    [0]
    """
    if "unit" not in sentences:
        return sentences
    return sentences[sentences["unit"].astype(str) == "body"]


def unit_articles(articles: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The articles with ``text`` replaced by their headline or deck; articles without one are left out.

    Any analysis of article texts then runs on the unit unchanged (offsets index the unit's text).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["1", "2"], "text": ["a", "b"], "headline": ["Office opens", None]})
    >>> unit_articles(arts, "headline")[["article_id", "text"]].to_numpy().tolist()
    [['1', 'Office opens']]
    """
    if unit == "body":
        return articles
    if unit not in UNIT_SENTENCE_IDS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    if unit not in articles:
        return articles.iloc[0:0].copy()
    keep = articles[unit].map(lambda t: isinstance(t, str) and bool(t.strip()))
    out = articles[keep].copy()
    out["text"] = out[unit]
    return out.reset_index(drop=True)


def sentence_at(starts: Sequence[int], position: int) -> int:
    """Index of the sentence holding ``position``, given the sentences' start offsets in order.

    -1 for a position before the first sentence (callers decide whether that means the first one).

    Examples
    --------
    >>> sentence_at([0, 10, 25], 12), sentence_at([0, 10, 25], 25), sentence_at([5], 2)
    (1, 2, -1)
    """
    return bisect.bisect_right(starts, position) - 1
