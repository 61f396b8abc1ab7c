"""The event's tables from the per-partition results of :func:`analysis.tables.partition.article_steps`.

Each reduction calls the analyses' own functions on what the partitions give: summed term counts
(:func:`analysis.analyses.terms.terms_tables` with ``counts``), summed frame integers (the scores of
:func:`analysis.analyses.frames.score_frames`' outlet rows, recomputed from :func:`frame_sums`),
summed ``actor_frames`` rows, and for the stance tables of one row per outlet the article-level
tables (mentions, quotations, sentiment, stance evidence: not the sentence table), since their
bootstrap and t intervals need each group's values. The results equal the in-process builders'.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.tables.partition import FRAME_SUM_COLUMNS
from analysis.text.sentences import body_sentences

__all__ = ["frame_outlet_rows", "reduce_stance", "reduce_terms"]


def reduce_terms(counts: pd.DataFrame, context: Any) -> dict[str, pd.DataFrame]:
    """``terms`` and ``distinctive_terms`` from the event's summed term counts, with the builder's options.

    ``counts`` is the sum of the partitions' :func:`analysis.analyses.terms.count_terms` frames
    (any row order); :func:`analysis.analyses.terms.aggregate_counts` puts it in the order and types
    of one count over the whole event.
    """
    from analysis.analyses.terms import aggregate_counts, terms_builder_options, terms_tables

    return terms_tables(pd.DataFrame(), None, counts=aggregate_counts(counts), **terms_builder_options(context))


def frame_outlet_rows(sums: pd.DataFrame, context: Any, *, level: float = 0.95) -> pd.DataFrame:
    """The ``frames`` table (one row per outlet, lexicon and frame) from summed :func:`frame_sums`.

    The same figures as :func:`analysis.analyses.frames.score_frames` with its default Poisson
    interval: ``per_1k`` = 1000 hits / tokens, ``sentence_share`` = sentences with a hit /
    sentences, the exact Poisson interval, rounded to 3 decimals, and ``dominant``.
    """
    from analysis.analyses.frames.scores import frame_score_table
    from analysis.resources.lexicons import load_lexicons
    from analysis.stats import poisson_interval

    options = getattr(context, "options", None) or {}
    lexicons = load_lexicons(options.get("lexicons", []), event_dir=getattr(context, "raw_dir", None))
    voice = options.get("voice", "all")
    frame_keys = [(lex.name, f.name) for lex in lexicons for f in lex.frames]
    summed = sums.groupby(["outlet", "lexicon", "frame"], sort=True)[FRAME_SUM_COLUMNS[3:]].sum()
    records = []
    for outlet in sorted(summed.index.get_level_values("outlet").unique()):
        mine = summed.loc[outlet]
        totals = mine.iloc[0] if len(mine) else None
        n_tokens = int(totals["n_tokens"]) if totals is not None else 0
        n_sentences = int(totals["n_sentences"]) if totals is not None else 0
        hits = np.array([int(mine["hits"].get(k, 0)) for k in frame_keys], dtype=float)
        hit_sentences = np.array([int(mine["hit_sentences"].get(k, 0)) for k in frame_keys], dtype=float)
        nan = np.full(len(frame_keys), np.nan)
        per_1k = 1000.0 * hits / n_tokens if n_tokens else nan
        share = hit_sentences / n_sentences if n_sentences else nan
        low, high = poisson_interval(hits, np.full(len(frame_keys), n_tokens), level=level)
        for j, (lex, frame) in enumerate(frame_keys):
            records.append((outlet, None, lex, frame, int(hits[j]), per_1k[j], share[j], low[j], high[j], False,
                            n_tokens, n_sentences, voice))
    return frame_score_table(records, frame_keys).drop(columns="article_id")


def reduce_actor_frames(parts: pd.DataFrame) -> pd.DataFrame:
    """``actor_frames`` from the partitions' own: hits and sentences add up (sentences are an article's)."""
    from analysis.analyses.frames.about import ACTOR_FRAME_COLUMNS

    if parts.empty:
        return pd.DataFrame(columns=ACTOR_FRAME_COLUMNS)
    keys = ["outlet", "actor", "lexicon", "frame"]
    table = parts.groupby(keys, sort=True)[["hits", "hits_author", "n_sentences"]].sum().reset_index()
    return table.astype({"hits": "int64", "hits_author": "int64", "n_sentences": "int64"})[ACTOR_FRAME_COLUMNS]


def _body(frame: pd.DataFrame) -> pd.DataFrame:
    """The body rows of a table with a ``unit`` column, without it (as the stance builder had them)."""
    if "unit" not in frame:
        return frame
    out = body_sentences(frame).drop(columns="unit").reset_index(drop=True)
    if "sentence_id" in out:
        out["sentence_id"] = out["sentence_id"].astype("Int64")
    return out


def reduce_stance(tables: dict[str, pd.DataFrame], discovered: pd.DataFrame, context: Any) -> dict[str, pd.DataFrame]:
    """``actors``, ``actor_stance`` and ``actor_sentiment`` from the event's article-level stance tables.

    ``tables`` holds the concatenated ``actor_mentions``, ``quotes``, ``sentiment`` and
    ``actor_stance_evidence``; ``discovered`` the partitions' ``discovered_actors`` rows.
    """
    from analysis.analyses.stance.cues import actor_sentiment
    from analysis.analyses.stance.discovery import ACTOR_TABLE_COLUMNS, event_actors
    from analysis.analyses.stance.toward import summarise_stance

    options = dict((getattr(context, "options", None) or {}).get("stance", {}) or {})
    n_boot, seed = options.get("n_boot", 2000), options.get("seed", 0)
    mentions, quotes = _body(tables["actor_mentions"]), _body(tables["quotes"])
    return {
        "actors": event_actors(discovered, mentions) if len(discovered) else pd.DataFrame(columns=ACTOR_TABLE_COLUMNS),
        "actor_stance": summarise_stance(tables["actor_stance_evidence"], by="outlet", n_boot=n_boot, seed=seed),
        "actor_sentiment": actor_sentiment(mentions, tables["sentiment"], quotes, n_boot=n_boot, seed=seed),
    }


def concat_tables(parts: Sequence[pd.DataFrame], *, by: Sequence[str] = ("article_id",)) -> pd.DataFrame:
    """Tables of consecutive partitions as one, rows in partition order, stable-sorted by ``by``.

    Every article-level table of the in-process builders is ordered by article first (``article_frames``
    by outlet, then article), and within an article the partition keeps the builder's order.
    """
    frames = [p for p in parts if len(p)] or list(parts[:1])
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if len(out) and set(by) <= set(out.columns):
        out = out.sort_values(list(by), kind="stable").reset_index(drop=True)
    return out
