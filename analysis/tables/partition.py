"""The per-article steps of an event (cleaning, sentences, the articles table) on one partition.

:func:`process_partition` is pure, and the results of several partitions concatenate into the
results for their union, so both :mod:`analysis.tables.registry` (one partition: the whole event)
and :mod:`analysis.tables.scale` (Dask partitions) run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.corpus.cleaning import CleanOptions, clean_corpus
from analysis.text.sentences import body_sentences, sentence_table

__all__ = [
    "ARTICLE_STEPS", "ARTICLE_TABLE_COLUMNS", "FRAMES_ARTICLE_TABLES", "FRAME_SUM_COLUMNS", "STANCE_ARTICLE_TABLES",
    "article_steps", "article_table", "frame_sums", "process_partition",
]


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


ARTICLE_STEPS = ("terms", "stance", "frames")
"""Steps with per-article work that :func:`article_steps` runs on a partition (the others, ``reuse``
and ``findings``, compare articles with each other and run on the whole event)."""

STANCE_ARTICLE_TABLES = (
    "actor_mentions", "quotes", "cues", "sentiment", "actor_stance_evidence", "actor_stance_articles",
)
"""Stance tables of one row per article (or sentence, mention, ...): those of a partition are the
event's rows of its articles."""

FRAMES_ARTICLE_TABLES = ("article_frames", "frame_evidence")
"""Frames tables of one row per article (or match)."""

FRAME_SUM_COLUMNS = ["outlet", "lexicon", "frame", "hits", "hit_sentences", "n_tokens", "n_sentences"]
"""Columns of :func:`frame_sums`: integer sums that add up over partitions."""


def frame_sums(article_frames: pd.DataFrame, evidence: pd.DataFrame, *, voice: str = "all") -> pd.DataFrame:
    """Per outlet, lexicon and frame: the integers the ``frames`` scores are made of, for partial sums.

    ``hits``, ``n_tokens`` and ``n_sentences`` add up the article rows of
    :func:`analysis.analyses.frames.score_frames`; ``hit_sentences`` counts the body sentences with a
    counted hit (:func:`analysis.analyses.frames.scores.counted_evidence`). Sentences belong to one
    article, so the sums of disjoint partitions are the event's sums.

    Examples
    --------
    >>> af = pd.DataFrame({"outlet": ["A", "A"], "article_id": ["1", "2"], "lexicon": ["x", "x"],
    ...     "frame": ["f", "f"], "hits": [2, 1], "n_tokens": [10, 5], "n_sentences": [2, 1]})
    >>> ev = pd.DataFrame({"article_id": ["1", "1", "2"], "lexicon": ["x"] * 3, "frame": ["f"] * 3,
    ...     "sentence_id": [0, 0, 0], "in_quote": [False] * 3, "counted": [True] * 3, "unit": ["body"] * 3})
    >>> frame_sums(af, ev).to_numpy().tolist()
    [['A', 'x', 'f', 3, 2, 15, 3]]
    """
    from analysis.analyses.frames.scores import counted_evidence

    keys = ["outlet", "lexicon", "frame"]
    sums = article_frames.groupby(keys, sort=True)[["hits", "n_tokens", "n_sentences"]].sum()
    body = evidence[evidence["unit"].astype(str) == "body"] if "unit" in evidence else evidence
    counted = counted_evidence(body, voice)
    outlets = article_frames.drop_duplicates("article_id").set_index("article_id")["outlet"]
    counted = counted.assign(outlet=counted["article_id"].map(outlets))
    hit = counted.drop_duplicates(["article_id", "sentence_id", "lexicon", "frame"]).groupby(keys).size()
    sums["hit_sentences"] = hit.reindex(sums.index, fill_value=0)
    return sums.reset_index().astype({c: "int64" for c in FRAME_SUM_COLUMNS[3:]})[FRAME_SUM_COLUMNS]


def article_steps(tables: dict[str, pd.DataFrame], context: Any, *, steps: Sequence[str]) -> dict[str, pd.DataFrame]:
    """The per-article work of ``steps`` on one partition's foundation tables, as tables and partial sums.

    Calls the analyses' own builders on the partition (``build_stance_tables``,
    ``build_frames_tables``) and :func:`analysis.analyses.terms.count_terms`; returns the article
    tables (:data:`STANCE_ARTICLE_TABLES`, :data:`FRAMES_ARTICLE_TABLES`) and partials named with a
    leading ``_``: ``_term_counts``, ``_discovered_actors``, ``_frame_sums`` (:func:`frame_sums`) and
    ``_actor_frames``, which :mod:`analysis.tables.reduce` turns into the event's tables.
    """
    from dataclasses import replace

    out: dict[str, pd.DataFrame] = {}
    context = replace(context, shared={})  # a partition's tokens are its own
    if "terms" in steps:
        from analysis.analyses.terms import count_terms, default_stopwords

        out["_term_counts"] = count_terms(tables["articles"], tables["sentences"], stopwords=default_stopwords())
    have = dict(tables)
    if "stance" in steps:
        from analysis.analyses.stance import build_stance_tables

        options = dict(context.options)
        options["stance"] = {**(options.get("stance") or {}), "keep_discovered": True}
        stance = build_stance_tables(have, replace(context, options=options))
        out["_discovered_actors"] = stance["discovered_actors"]
        out.update({name: stance[name] for name in STANCE_ARTICLE_TABLES})
        have.update(stance)
    if "frames" in steps:
        from analysis.analyses.frames import build_frames_tables

        frames = build_frames_tables(have, context)
        out.update({name: frames[name] for name in FRAMES_ARTICLE_TABLES})
        voice = (context.options or {}).get("voice", "all")
        out["_frame_sums"] = frame_sums(frames["article_frames"], frames["frame_evidence"], voice=voice)
        out["_actor_frames"] = frames["actor_frames"]
    return out
