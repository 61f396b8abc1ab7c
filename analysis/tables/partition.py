"""The per-article steps of an event (cleaning, sentences, the articles table) on one partition.

:func:`process_partition` is pure, and the results of several partitions concatenate into the
results for their union, so both :mod:`analysis.tables.registry` (one partition: the whole event)
and :mod:`analysis.tables.scale` (Dask partitions) run it.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.cleaning import CleanOptions, clean_corpus
from analysis.text.sentences import body_sentences, sentence_table

__all__ = ["ARTICLE_TABLE_COLUMNS", "article_table", "process_partition"]


ARTICLE_TABLE_COLUMNS = [
    "article_id",
    "outlet",
    "platform",
    "source",
    "published",
    "authors",
    "title",
    "n_words",
    "n_sentences",
    "text",
    "reposted",
    "language",
    "url",
    "file",
    "encoding",
    "headline",
    "deck",
    "dateline",
    "place",
]
"""Columns of ``articles.csv``: the ten the project promises, then provenance and page metadata."""


def article_table(cleaned: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The ``articles`` table from a cleaned corpus and its sentences.

    ``n_words`` is ``len(text.split())`` (white-space words of the cleaned body) and
    ``n_sentences`` the number of body sentences (the headline and deck rows are not counted).
    """
    out = cleaned.copy()
    out["n_words"] = out["text"].map(lambda t: len(t.split())).astype("int64")
    counts = body_sentences(sentences).groupby("article_id").size()
    out["n_sentences"] = out["article_id"].map(counts).fillna(0).astype("int64")
    out = out.reindex(columns=ARTICLE_TABLE_COLUMNS)  # metadata a corpus lacks is left empty
    return out.sort_values("article_id", kind="stable").reset_index(drop=True)


def process_partition(
    corpus: pd.DataFrame, *, clean_options: CleanOptions | None = None, segmenter: str = "rules"
) -> dict[str, pd.DataFrame]:
    """Per-article steps on one partition of a corpus: ``articles``, ``sentences``, ``removed``.

    The results of several partitions concatenate into the results for their union, so this can
    be mapped over a Dask bag or DataFrame of a large corpus.
    """
    cleaned, removed = clean_corpus(corpus, options=clean_options)
    sentences = sentence_table(cleaned, segmenter=segmenter)
    return {
        "articles": article_table(cleaned, sentences),
        "sentences": sentences,
        "removed": removed.sort_values(["article_id", "line"], kind="stable").reset_index(drop=True),
    }
