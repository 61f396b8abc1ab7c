"""Derivation: which article each one was most likely derived from, the table builder, and readers' views."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from analysis.analyses.reuse.similarity import (
    PAIR_COLUMNS,
    SENTENCE_ALIGNMENT_COLUMNS,
    ReuseOptions,
    SentenceIndex,
    align_pairs,
    candidate_pairs,
)
from analysis.analyses.reuse.sources import find_named_sources
from analysis.text.sentences import body_sentences
from analysis.text.tokens import sentence_tokens

__all__ = ["DERIVATION_COLUMNS", "build_reuse_tables", "reuse_tables"]


DERIVATION_COLUMNS = [
    "article_id",
    "outlet",
    "likely_source_article_id",
    "likely_source_outlet",
    "confidence",
    "evidence",
    "named_source",
    "named_source_article_id",
    "direction_score",
    "reused_share",
    "copied",
    "rewritten",
    "new",
    "omitted",
]
"""Columns of ``derivation.csv``."""


# Derivation thresholds (see the package docstring), each with the reason for its value.
CONTAINMENT_MARGIN = 0.1  # a smaller containment difference is noise between two versions of one text
HIGH_MIN_ALIGNED = 5  # "high" needs several aligned sentences: one or two shared quotes prove nothing
HIGH_MIN_IN_ORDER = 0.8  # ...mostly in the source's order, as a rewrite keeps it and shared quotes do not
HIGH_RUNNER_UP_SHARE = 0.75  # ...and no second candidate close behind (a runner-up this close is a rival)
MEDIUM_MIN_ALIGNED = 3  # "medium": a few aligned sentences plus names or dates pointing the same way
CONFIDENCE_LEVELS = ("high", "medium", "low", "none")


def _no_rows(x: str, y: str) -> bool:
    return False


# --------------------------------------------------------------------------------------------------
# Derivation


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _label(outlet: str, article_id: str) -> str:
    return f"{outlet} [{article_id}]"


def _direction(x: str, y: str, info: dict[str, dict[str, Any]], stats: dict) -> tuple[float, float, list[str]]:
    """Score for "y came before x", the part of it from names and dates, and the evidence phrases."""
    score = 0.0
    notes = []
    if info[x]["named_id"] == y:
        score += 2
        notes.append(f"names {info[y]['outlet']} as its source")
    if info[y]["named_id"] == x:
        score -= 2
        notes.append(f"{info[y]['outlet']} names it as its source")
    dx, dy = info[x]["date"], info[y]["date"]
    if dx is not None and dy is not None:
        if dy < dx:
            score += 1
            notes.append(f"{info[y]['outlet']} published earlier ({dy.date()} vs {dx.date()})")
        elif dy > dx:
            score -= 1
            notes.append(f"{info[y]['outlet']} published later ({dy.date()} vs {dx.date()})")
        else:
            notes.append(f"same publication date ({dx.date()})")
    else:
        notes.append("publication date unknown")
    external = score
    named_x, named_y = info[x]["named_by_others"], info[y]["named_by_others"]
    if named_y != named_x:
        score += 0.5 if named_y else -0.5
        notes.append(f"{info[y]['outlet'] if named_y else 'it'} is named as a source by other articles")
    cx, cy = stats[(x, y)].get("containment", 0.0), stats[(y, x)].get("containment", 0.0)
    if abs(cx - cy) >= CONTAINMENT_MARGIN:
        score += 0.5 if cx > cy else -0.5
        notes.append(
            f"3-gram containment {cx:.0%} of it in {info[y]['outlet']}, {cy:.0%} the other way "
            + ("(as in a shortened copy)" if cx > cy else "(points the other way, as in an expanded rewrite)")
        )
    return score, external, notes


def _derive(  # noqa: C901 - the ranking rules of the package docstring, in order
    articles: pd.DataFrame, named: pd.DataFrame, stats: dict, n_sentences: dict[str, int], options: ReuseOptions
) -> pd.DataFrame:
    dates = pd.to_datetime(articles.get("published"), errors="coerce")
    info: dict[str, dict[str, Any]] = {}
    named_by_id = named.set_index("article_id")
    for row, date in zip(articles.itertuples(), dates, strict=True):
        aid = str(row.article_id)
        info[aid] = {
            "outlet": str(row.outlet),
            "date": None if pd.isna(date) else date,
            "named": _text_or_none(named_by_id.loc[aid, "named_source"]),
            "named_id": _text_or_none(named_by_id.loc[aid, "named_source_article_id"]),
        }
    named_ids = {v["named_id"] for v in info.values()}
    for aid, value in info.items():
        value["named_by_others"] = aid in named_ids
    ids = sorted(info)
    partners: dict[str, list[str]] = defaultdict(list)  # the compared articles of each article (no n x n loop)
    for x, y in stats:
        partners[x].append(y)
    candidates: dict[str, list[dict[str, Any]]] = {}
    rejected: dict[str, list[str]] = {}
    for x in ids:
        found = []
        rejected[x] = []
        for y in sorted(partners.get(x, ())):
            s = stats[(x, y)]
            if y == x or y not in info or s["aligned"] < options.min_aligned or s["share"] < options.min_share:
                continue
            score, external, notes = _direction(x, y, info, stats)
            if score < 0:
                rejected[x].append(y)
                continue
            found.append({"source": y, "direction": score, "external": external, "notes": notes, **s})
        if found:
            best = max(c["score"] for c in found)
            for c in found:
                c["tied"] = c["score"] >= best * (1 - options.tie_margin)
            date_key = {c["source"]: info[c["source"]]["date"] or pd.Timestamp.max for c in found}
            found.sort(key=lambda c: (not c["tied"], -c["direction"] if c["tied"] else 0, -c["score"],
                                      date_key[c["source"]], c["source"]))
        candidates[x] = found
    # assign sources without cycles, strongest reuse first
    chosen: dict[str, dict[str, Any]] = {}
    order = sorted(ids, key=lambda x: (-(candidates[x][0]["score"] if candidates[x] else 0.0), x))
    for x in order:
        for c in candidates[x]:
            node, cycle = c["source"], False
            while node in chosen:
                node = chosen[node]["source"]
                if node == x:
                    cycle = True
                    break
            if not cycle and c["source"] != x:
                chosen[x] = c
                break
    reused_by: dict[str, list[str]] = defaultdict(list)
    for z in ids:
        for cc in candidates[z]:
            reused_by[cc["source"]].append(z)
    rows = []
    for x in ids:
        c = chosen.get(x)
        base = {
            "article_id": x,
            "outlet": info[x]["outlet"],
            "named_source": info[x]["named"],
            "named_source_article_id": info[x]["named_id"],
        }
        if c is None:
            reusers = sorted(set(reused_by[x]))
            if rejected[x]:
                evidence = (
                    "the articles it shares sentences with ("
                    + ", ".join(_label(info[y]["outlet"], y) for y in rejected[x])
                    + ") name it or came later; no earlier source found"
                )
            elif reusers:
                evidence = "no source found among the event's articles; reused by " + ", ".join(
                    _label(info[z]["outlet"], z) for z in reusers
                )
            else:
                evidence = (
                    f"no article shares at least {options.min_aligned} aligned sentences "
                    f"and {options.min_share:.0%} of its words with it"
                )
            rows.append({**base, "likely_source_article_id": None, "likely_source_outlet": None,
                         "confidence": "none", "evidence": evidence, "direction_score": None,
                         "reused_share": 0.0, "copied": 0, "rewritten": 0,
                         "new": n_sentences.get(x, 0), "omitted": 0})
            continue
        y = c["source"]
        in_order = c["in_order"] / c["aligned"] if c["aligned"] else 0.0
        others = [o for o in candidates[x] if o["source"] != y]
        runner = max(others, key=lambda o: (o["score"], o["source"])) if others else None
        clear = runner is None or runner["score"] < HIGH_RUNNER_UP_SHARE * c["score"]
        if c["aligned"] >= HIGH_MIN_ALIGNED and in_order >= HIGH_MIN_IN_ORDER and c["external"] >= 1 and clear:
            confidence = "high"
        elif c["aligned"] >= MEDIUM_MIN_ALIGNED and c["external"] >= 1:
            confidence = "medium"
        else:
            confidence = "low"
        parts = [
            f"{c['aligned']} of {c['n_sentences']} sentences ({c['share']:.0%} of words) aligned to "
            f"{_label(info[y]['outlet'], y)} ({c['copied']} copied, {c['rewritten']} rewritten), "
            f"{c['in_order']} of them in its order",
            *c["notes"],
        ]
        if info[x]["named"] and info[x]["named_id"] != y:
            parts.append(f"names {info[x]['named']}, not {info[y]['outlet']}")
        if c["direction"] == 0:
            parts.append("direction undetermined")
        if runner is not None:
            parts.append(f"next: {_label(info[runner['source']]['outlet'], runner['source'])} "
                         f"({runner['aligned']} sentences, {runner['share']:.0%})")
        omitted = stats[(y, x)]["new"] if "new" in stats.get((y, x), {}) else 0
        rows.append({**base, "likely_source_article_id": y, "likely_source_outlet": info[y]["outlet"],
                     "confidence": confidence, "evidence": "; ".join(parts), "direction_score": c["direction"],
                     "reused_share": round(c["share"], 4), "copied": c["copied"], "rewritten": c["rewritten"],
                     "new": c["new"], "omitted": omitted})
    out = pd.DataFrame(rows, columns=DERIVATION_COLUMNS, dtype=object)  # text columns keep None, not NaN
    return out.astype({"direction_score": "float64", "reused_share": "float64", "copied": "int64",
                       "rewritten": "int64", "new": "int64", "omitted": "int64"})


# --------------------------------------------------------------------------------------------------
# Entry points


def reuse_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    options: ReuseOptions | None = None,
    tokens: list[list[str]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Compare the articles of an event: ``reuse_pairs``, ``sentence_alignment`` and ``derivation``.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``platform``, ``source``, ``published``, ``text``.
    sentences : DataFrame
        ``article_id``, ``sentence_id``, ``text``.
    options : ReuseOptions, optional
    tokens : list of list of str, optional
        The tokens of each row of ``sentences`` (:func:`analysis.text.tokens.sentence_tokens`), when
        they were computed already; the same tables either way.

    Returns
    -------
    dict
        ``reuse_pairs`` (one row per unordered pair that shares an aligned sentence or an n-gram;
        columns :data:`PAIR_COLUMNS`), ``sentence_alignment`` (one row per sentence and other
        article for ordered pairs with at least one aligned sentence; ``source_sentence_id`` and
        ``similarity`` are those of the nearest sentence also for *new* sentences;
        ``likely_source`` marks the rows against the article's likely source) and ``derivation``
        (one row per article; columns :data:`DERIVATION_COLUMNS`).

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["Wire", "Daily"],
    ...     "platform": [None, None], "source": [None, "Wire"], "published": ["2023-05-01", "2023-05-02"],
    ...     "text": ["", ""]})
    >>> sentences = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "sentence_id": [0, 1, 0, 1],
    ...     "text": ["The minister resigned on Monday after a long scandal.", "Talks resume next week.",
    ...              "The minister resigned on Monday after a long scandal.", "Critics cheered loudly."]})
    >>> out = reuse_tables(articles, sentences)
    >>> out["derivation"][["article_id", "likely_source_article_id", "named_source"]].values.tolist()
    [['a', None, None], ['b', None, 'Wire']]
    >>> out["sentence_alignment"].query("article_id == 'b'")["relation"].tolist()
    ['copied', 'new']
    """
    options = options or ReuseOptions()
    articles = articles.assign(article_id=articles["article_id"].astype(str)).sort_values(
        "article_id", kind="stable").reset_index(drop=True)
    if tokens is not None and len(tokens) != len(sentences):
        raise ValueError(f"reuse_tables: {len(tokens)} token lists for {len(sentences)} sentences")
    sentences = body_sentences(sentences.reset_index(drop=True))  # headlines and decks are not compared
    sentences = sentences.assign(article_id=sentences["article_id"].astype(str))
    kept = sentences["article_id"].isin(set(articles["article_id"])).to_numpy()
    sentences = sentences[kept]
    if tokens is not None:  # the rows' positions in the table given: those of their tokens
        tokens = [tokens[i] for i in sentences.index]
    method = options.prune
    if method == "auto":
        method = "minhash" if len(articles) > options.prune_above else "none"
    all_rows = options.alignment == "all" or (options.alignment == "auto" and method == "none")
    named = find_named_sources(articles)
    if sentences.empty:
        stats: dict = {}
        alignment = pd.DataFrame(columns=SENTENCE_ALIGNMENT_COLUMNS[:-1])
        pairs_table = pd.DataFrame(columns=[c for c in PAIR_COLUMNS if "outlet" not in c])
    else:
        index = SentenceIndex(sentences, tokens=tokens)
        published = dict(zip(articles["article_id"], articles.get("published", pd.Series(dtype=object)), strict=False))
        pairs = candidate_pairs(
            sentences, method=method, ngram=options.ngram, max_partners=options.max_partners, published=published,
            tokens=index.tokens,
        )
        # on a pruned event no rows yet: only those against each likely source are kept, aligned again
        # below (fewer than the compared pairs; holding every compared pair's rows costs more memory)
        alignment, pairs_table, stats = align_pairs(index, pairs, options, keep_rows=None if all_rows else _no_rows)
    counts = {str(k): int(v) for k, v in sentences.groupby("article_id").size().items()}
    derivation = _derive(articles, named, stats, counts, options)
    if not sentences.empty and not all_rows:  # rows only for each article against its likely source, both ways
        source_of = {a: s for a, s in zip(derivation["article_id"], derivation["likely_source_article_id"],
                                          strict=True) if isinstance(s, str)}
        kept = sorted({(min(a, s), max(a, s)) for a, s in source_of.items()})
        alignment, _, _ = align_pairs(index, kept, options,
                                      keep_rows=lambda x, y: source_of.get(x) == y or source_of.get(y) == x)
    outlets = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    pairs_table.insert(2, "outlet_a", pairs_table["article_a"].map(outlets))
    pairs_table.insert(3, "outlet_b", pairs_table["article_b"].map(outlets))
    pairs_table = pairs_table.sort_values(["article_a", "article_b"], kind="stable").reset_index(drop=True)
    source_of = dict(zip(derivation["article_id"], derivation["likely_source_article_id"], strict=True))
    alignment["likely_source"] = [
        source_of.get(a) == s for a, s in zip(alignment["article_id"], alignment["source_article_id"], strict=True)
    ]
    alignment = alignment.astype({"sentence_id": "int64", "source_sentence_id": "int64", "similarity": "float64"})
    alignment = alignment.sort_values(
        ["article_id", "source_article_id", "sentence_id"], kind="stable"
    ).reset_index(drop=True)
    return {"reuse_pairs": pairs_table, "sentence_alignment": alignment, "derivation": derivation}


def build_reuse_tables(tables: dict[str, pd.DataFrame], context: Any) -> dict[str, pd.DataFrame]:
    """Table builder for the pipeline: ``reuse_pairs``, ``sentence_alignment`` and ``derivation``.

    The sentences are tokenised once per run and shared (``context.shared``) with later steps."""
    shared = getattr(context, "shared", None)
    tokens = sentence_tokens(tables["sentences"], cache=shared)
    return reuse_tables(tables["articles"], tables["sentences"], tokens=tokens)


