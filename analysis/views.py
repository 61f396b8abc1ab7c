"""Views: small table-to-table summaries that charts, notebooks and the report share.

Each takes tidy tables (as written by ``python -m analysis tables``) and returns a new, small
DataFrame (or a value) for one chart or one reader's question: removed words by kind of reason,
the top distinctive terms, label and speaker shares, cue rates, frame differences, evidence
passages, and the sentences an article took from, added to or left out of its source. Nothing here
reads a file. Two choosers, :func:`report_distinctive_terms` and :func:`report_frames`, give a
notebook the pipeline's table when its options are the pipeline's, and recompute only otherwise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.analyses.findings import quote_voices
from analysis.analyses.frames.scores import counted_evidence
from analysis.text.sentences import body_sentences

# --------------------------------------------------------------------------------------------------
# Corpus


REASON_GROUPS = {
    "headline": "headline, standfirst, dateline, byline",
    "standfirst or repeated headline": "headline, standfirst, dateline, byline",
    "repeated headline": "headline, standfirst, dateline, byline",
    "deck": "headline, standfirst, dateline, byline",
    "dateline": "headline, standfirst, dateline, byline",
    "byline": "headline, standfirst, dateline, byline",
    "teaser repeating a body sentence": "headline, standfirst, dateline, byline",
    "before article start": "other text before the article",
    "boilerplate": "pitches, notices, bios (boilerplate rules)",
    "trailer": "trailer after the article",
    "after trailer start": "trailer after the article",
    "after article end": "trailer after the article",
    "caption": "photo captions and credits",
    "icon-font junk": "junk: icons, separators, links, repeats",
    "no text (separator)": "junk: icons, separators, links, repeats",
    "link list": "junk: icons, separators, links, repeats",
    "repeated line": "junk: icons, separators, links, repeats",
}
"""Kinds of removal reasons (the part before ':') grouped for charts; removed.csv keeps the detail."""


def reason_group(reason: str) -> str:
    """The chart group of a removal reason.

    Examples
    --------
    >>> reason_group("boilerplate: copyright notice")
    'pitches, notices, bios (boilerplate rules)'
    """
    return REASON_GROUPS.get(reason.split(":", maxsplit=1)[0], "other")


def removal_summary(removed: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Removed lines and words per article and group of reasons (see :data:`REASON_GROUPS`).

    Returns a tidy frame: ``article_id``, ``outlet``, ``kind``, ``lines``, ``words``.

    Examples
    --------
    >>> removed = pd.DataFrame({"article_id": ["a", "a"], "line": [1, 2],
    ...     "text": ["Share this", "Copyright 2023 X"], "reason": ["before article start", "boilerplate: c"]})
    >>> articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"]})
    >>> removal_summary(removed, articles)[["kind", "lines", "words"]].values.tolist()
    [['other text before the article', 1, 2], ['pitches, notices, bios (boilerplate rules)', 1, 3]]
    """
    frame = removed.assign(
        kind=removed["reason"].map(reason_group),
        words=removed["text"].fillna("").str.split().str.len(),
    )
    out = (
        frame.groupby(["article_id", "kind"], as_index=False)
        .agg(lines=("line", "size"), words=("words", "sum"))
        .merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    )
    return out[["article_id", "outlet", "kind", "lines", "words"]].sort_values(
        ["article_id", "kind"], kind="stable"
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Terms


def top_distinctive(
    distinctive: pd.DataFrame, *, reference: str = "rest", top_k: int = 10, outlets: Sequence[str] | None = None
) -> pd.DataFrame:
    """The ``top_k`` terms of highest z per outlet against ``reference`` (positive z only).

    Ties keep the table's order (z descending, then term). Outlets compared pairwise use
    ``reference`` = the other outlet's name.

    Examples
    --------
    >>> table = pd.DataFrame({"outlet": ["A", "A", "A"], "reference": "rest", "term": ["x", "y", "z"],
    ...     "z": [2.0, 1.0, -1.0]})
    >>> top_distinctive(table, top_k=5)["term"].tolist()
    ['x', 'y']
    """
    rows = distinctive[(distinctive["reference"] == reference) & (distinctive["z"] > 0)]
    if outlets:
        rows = rows[rows["outlet"].isin(list(outlets))]
    rows = rows.sort_values(["outlet", "z", "term"], ascending=[True, False, True], kind="stable")
    return rows.groupby("outlet", sort=True).head(top_k).reset_index(drop=True)


def report_distinctive_terms(
    counts: pd.DataFrame,
    table: pd.DataFrame | None,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = 0,
    prior: str = "wordfreq",
    prior_mix: float = 0.5,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The distinctive terms a report shows: the ``distinctive_terms`` table when its options are asked.

    The table (built by the pipeline from unigrams and bigrams of every outlet, with ``min_count``
    and ``top_k`` chosen from the event's size by :func:`analysis.analyses.terms.term_table_limits`,
    and the prior named in its ``prior`` column) is returned as it is when ``ngram_range`` is
    (1, 2), ``min_count`` is 0 ("as the tables"), ``outlets`` is empty and ``prior``/``prior_mix``
    name the table's prior. Otherwise the terms are scored again from ``counts`` (a count frame of
    :func:`analysis.analyses.terms.count_terms` with those options), with ``min_count`` (0: the
    table's limits for the event's size).

    Examples
    --------
    >>> table = pd.DataFrame({"outlet": ["A"], "prior": ["pooled event counts"], "term": ["x"]})
    >>> report_distinctive_terms(pd.DataFrame(), table, prior="pooled") is table
    True
    """
    from analysis.analyses.terms import POOLED_PRIOR, score_terms
    from analysis.resources.background import prior_name

    if prior not in ("wordfreq", "pooled"):
        raise ValueError(f"prior must be 'wordfreq' or 'pooled', got {prior!r}")
    if min_count < 0:
        raise ValueError(f"min_count must be 0 (as the tables) or more, got {min_count}")
    name = prior_name(mix=prior_mix) if prior == "wordfreq" else POOLED_PRIOR
    if (table is not None and min_count == 0 and tuple(ngram_range) == (1, 2) and not outlets
            and "prior" in table and table["prior"].astype(str).str.startswith(name).all()):
        return table
    return score_terms(counts, prior=prior, mix=prior_mix, min_count=min_count or None)


# --------------------------------------------------------------------------------------------------
# Stance


def _normal_label(label: str) -> str:
    text = " ".join(str(label).split())  # no-break spaces count as spaces here
    return re.sub(r"^(The|This|A|An)\b", lambda m: m.group().lower(), text)


def top_actors(mentions: pd.DataFrame, *, n: int = 4, actors: pd.DataFrame | None = None) -> list[str]:
    """The ``n`` most named actors of an event, at least one of them a person when a person is named twice.

    Counts name mentions (not descriptions or pronouns) over the event; ties go alphabetically.
    With the ``actors`` table (name, type), documents are left out, and when no person is among
    the first ``n`` the most named person (named at least twice) takes the last place. Notebooks
    use it (:func:`analysis.choices.pick_actors`) when their actor parameters are left empty, so no
    event inherits another's actors.

    Examples
    --------
    >>> m = pd.DataFrame({"actor": ["NATO"] * 3 + ["Japan"] * 3 + ["Ann Lee"] * 2, "kind": ["name"] * 8})
    >>> a = pd.DataFrame({"name": ["NATO", "Japan", "Ann Lee"], "type": ["organisation", "country", "person"]})
    >>> top_actors(m, n=2), top_actors(m, n=2, actors=a)
    (['Japan', 'NATO'], ['Japan', 'Ann Lee'])
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    mentions = body_sentences(mentions)
    named = mentions[(mentions["kind"] == "name") & mentions["actor"].notna() & (mentions["actor"] != "")]
    counts = named.groupby("actor").size()
    types = dict(zip(actors["name"], actors["type"], strict=True)) if actors is not None else {}
    ranked = sorted((a for a in counts.index if types.get(a) != "document"), key=lambda a: (-counts[a], a))
    chosen = ranked[:n]
    if types and not any(types.get(a) == "person" for a in chosen):
        people = [a for a in ranked if types.get(a) == "person" and counts[a] > 1]
        if people:
            chosen = chosen[: n - 1] + people[:1]
    return chosen


def label_shares(mentions: pd.DataFrame, *, actor: str, top: int = 6) -> pd.DataFrame:
    """How each outlet names ``actor``: share of its mentions per label (names and descriptions).

    Labels are compared with white space collapsed and a leading "The" lower-cased; each outlet's
    labels beyond its ``top`` most frequent are pooled as "(other labels)". Pronoun speaker tags
    are left out. Columns: outlet, label, n, share (of the outlet's mentions of the actor).

    Examples
    --------
    >>> m = pd.DataFrame({"outlet": ["RT"] * 3, "actor": ["NATO"] * 3, "kind": ["name"] * 3,
    ...                   "label": ["NATO", "the\\xa0bloc", "The bloc"]})
    >>> label_shares(m, actor="NATO").to_numpy().tolist()
    [['RT', 'the bloc', 2, 0.6666666666666666], ['RT', 'NATO', 1, 0.3333333333333333]]
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    mentions = body_sentences(mentions)
    rows = mentions[(mentions["actor"] == actor) & (mentions["kind"] != "pronoun")]
    counts = (
        rows.assign(label=rows["label"].map(_normal_label))
        .groupby(["outlet", "label"]).size().rename("n").reset_index()
        .sort_values(["outlet", "n", "label"], ascending=[True, False, True], kind="stable")
    )
    counts["rank"] = counts.groupby("outlet").cumcount()
    counts.loc[counts["rank"] >= top, "label"] = "(other labels)"
    counts = counts.groupby(["outlet", "label"], sort=False)["n"].sum().reset_index()
    counts["share"] = counts["n"] / counts.groupby("outlet")["n"].transform("sum")
    return counts.reset_index(drop=True)


def voice_counts(quotes: pd.DataFrame, *, actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quotations per outlet by who is heard: people (by affiliation), organisations or documents, scare quotes.

    Who is heard in each quotation is :func:`analysis.analyses.findings.quote_voices` (with ``actors``,
    the actors table); body quotations only (``unit``). Columns: outlet, voice (``person``,
    ``organisation or document``, ``scare quote``, ``other``), group (the affiliation, or the body),
    n_quotes, n_words.

    Examples
    --------
    >>> q = pd.DataFrame({"article_id": ["1"] * 3, "outlet": ["RT"] * 3,
    ...     "speaker": ["Vladimir Putin", "NATO", None], "affiliation": ["Russia", "NATO", None],
    ...     "kind": ["partial", "partial", "scare"], "text": ["global NATO", "systemic challenges", "partners"],
    ...     "sentence_ids": ["[9]", "[7]", "[1]"], "n_words": [2, 2, 1]})
    >>> voice_counts(q)[["voice", "group", "n_quotes"]].to_numpy().tolist()
    [['person', 'Russia', 1], ['organisation or document', 'NATO', 1], ['scare quote', '', 1]]
    """
    q = quote_voices(body_sentences(quotes), actors=actors)
    names = {"person": "person", "organisation": "organisation or document", "document": "organisation or document",
             "scare": "scare quote", "other": "other"}
    q["voice"] = q["voice"].map(names)
    q["group"] = np.where(q["voice"].isin(["person", "organisation or document"]), q["group"], "")
    words = q["n_words"] if "n_words" in q else q["text"].map(lambda t: len(str(t).split()))
    q = q.assign(n_words=pd.to_numeric(words, errors="coerce").fillna(0).astype("int64"))
    order = {"person": 0, "organisation or document": 1, "scare quote": 2, "other": 3}
    table = (
        q.groupby(["outlet", "voice", "group"]).agg(n_quotes=("text", "size"), n_words=("n_words", "sum")).reset_index()
    )
    table["_o"] = table["voice"].map(order)
    table = table.sort_values(["outlet", "_o", "group"], kind="stable").drop(columns="_o")
    return table.reset_index(drop=True)


def cue_rates(cues: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Cues per 1,000 words of each outlet, by cue type and category (author's voice only).

    Cues inside quotations are the speakers', not the outlet's, and are left out of the counts, as are
    the cues of headlines and decks (``unit``); the denominator is the outlet's whole body text
    (``n_words`` of ``articles``). Every outlet gets a row for every (cue_type, category) seen
    anywhere in the event, with zero where it has none.
    Columns: outlet, cue_type, category, n, n_words, per_1k_words.
    """
    words = articles.groupby("outlet")["n_words"].sum()
    cues = body_sentences(cues)
    own = cues[~cues["in_quote"].astype(bool)]
    counts = own.groupby(["outlet", "cue_type", "category"]).size()
    kinds = cues[["cue_type", "category"]].drop_duplicates().sort_values(["cue_type", "category"], kind="stable")
    rows = []
    for outlet in sorted(words.index):
        for kind in kinds.itertuples(index=False):
            n = int(counts.get((outlet, kind.cue_type, kind.category), 0))
            rows.append({"outlet": outlet, "cue_type": kind.cue_type, "category": kind.category, "n": n,
                         "n_words": int(words[outlet]), "per_1k_words": 1000 * n / words[outlet]})
    return pd.DataFrame(rows, columns=["outlet", "cue_type", "category", "n", "n_words", "per_1k_words"])


def cue_sentences(
    cues: pd.DataFrame, sentences: pd.DataFrame, *, cue_types: Sequence[str], categories: Sequence[str] | None = None
) -> pd.DataFrame:
    """Cues of the given types (and categories) with the sentence they stand in, for checking."""
    chosen = cues[cues["cue_type"].isin(cue_types)]
    if categories is not None:
        chosen = chosen[chosen["category"].isin(categories)]
    merged = chosen.merge(
        sentences[["article_id", "sentence_id", "text"]].rename(columns={"text": "sentence"}),
        on=["article_id", "sentence_id"], how="left",
    )
    columns = ["article_id", "outlet", "cue_type", "cue", "category", "speaker", "in_quote", "sentence_id", "sentence"]
    return merged[columns].sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Frames


def report_frames(
    tables: Mapping[str, pd.DataFrame],
    lexicons: Sequence[Any],
    *,
    extra: bool = False,
    voice: str = "all",
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """``{"frames", "frame_evidence"}`` for a report: the pipeline's tables when they hold what is asked.

    ``tables`` holds ``frames``, ``article_frames`` and ``frame_evidence`` as the pipeline wrote
    them (``article_frames`` may be read with its ``article_id, lexicon, frame, hits, n_tokens`` columns only),
    or ``articles``, ``sentences`` and ``quotes`` to score again. The written tables are used when
    no ``extra`` lexicon was given, their lexicons are those of ``lexicons``, their voice is
    ``voice`` and ``seed`` is the pipeline's (0); ``frames`` then holds the outlet rows (empty
    ``article_id``) followed by the article rows, as
    :func:`analysis.analyses.frames.frames_tables` returns them. Otherwise the frames are scored
    again with those options (scare quotes from ``quotes`` not counted, as in the pipeline).

    Examples
    --------
    >>> outlet = pd.DataFrame({"outlet": ["A"], "lexicon": ["x"], "frame": ["f"], "hits": [1], "n_tokens": [9],
    ...     "voice": ["all"]})
    >>> article = pd.DataFrame({"article_id": ["1"], "lexicon": ["x"], "frame": ["f"], "hits": [1], "n_tokens": [9]})
    >>> lexicon = type("Lexicon", (), {"name": "x"})()
    >>> out = report_frames({"frames": outlet, "article_frames": article, "frame_evidence": pd.DataFrame()},
    ...     [lexicon])
    >>> out["frames"][["outlet", "article_id", "hits"]].values.tolist()
    [['A', None, 1], [nan, '1', 1]]
    """
    written = tables.get("frames")
    if (written is not None and not extra and seed == 0 and "article_frames" in tables
            and sorted(set(written["lexicon"])) == sorted({lexicon.name for lexicon in lexicons})
            and set(written["voice"]) <= {voice}):
        frames = pd.concat([written.assign(article_id=None), tables["article_frames"]], ignore_index=True)
        return {"frames": frames, "frame_evidence": tables["frame_evidence"]}
    from analysis.analyses.frames import frames_tables

    return frames_tables(tables["articles"], tables["sentences"], lexicons=lexicons, voice=voice, seed=seed,
                         quotes=tables.get("quotes"))


def frame_differences(frames: pd.DataFrame, *, lexicon: str | None = None) -> pd.DataFrame:
    """Each outlet's ``per_1k`` minus the event's (all articles pooled), with the outlet's interval.

    Returns ``outlet, lexicon, frame, per_1k, event_per_1k, difference, diff_low, diff_high``; the
    interval is the outlet's bootstrap interval shifted by the event rate (the event rate is taken
    as fixed, so the interval understates uncertainty a little).

    Examples
    --------
    >>> frames = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "article_id": [None, "1", None, "2"],
    ...     "lexicon": "x", "frame": "f", "hits": [1, 1, 3, 3], "per_1k": [10.0, 10.0, 30.0, 30.0],
    ...     "n_tokens": 100, "ci_low": [0.0, 0.0, 10.0, 10.0], "ci_high": [30.0, 30.0, 50.0, 50.0]})
    >>> frame_differences(frames)[["outlet", "event_per_1k", "difference", "diff_low"]].values.tolist()
    [['A', 20.0, -10.0, -20.0], ['B', 20.0, 10.0, -10.0]]
    """
    articles = frames[frames["article_id"].notna() & (frames["article_id"].astype(str) != "")]
    outlets = frames[frames["article_id"].isna() | (frames["article_id"].astype(str) == "")]
    if lexicon is not None:
        articles = articles[articles["lexicon"] == lexicon]
        outlets = outlets[outlets["lexicon"] == lexicon]
    pooled = articles.groupby(["lexicon", "frame"], sort=False).agg(hits=("hits", "sum"), n_tokens=("n_tokens", "sum"))
    pooled["event_per_1k"] = (1000.0 * pooled["hits"] / pooled["n_tokens"]).round(3)
    out = outlets.merge(pooled["event_per_1k"].reset_index(), on=["lexicon", "frame"], how="left")
    out["difference"] = (out["per_1k"] - out["event_per_1k"]).round(3)
    out["diff_low"] = (out["ci_low"] - out["event_per_1k"]).round(3)
    out["diff_high"] = (out["ci_high"] - out["event_per_1k"]).round(3)
    columns = ["outlet", "lexicon", "frame", "per_1k", "event_per_1k", "difference", "diff_low", "diff_high"]
    return out[columns].reset_index(drop=True)


def mark_matches(text: str, spans: Iterable[tuple[int, int]], *, left: str = "**", right: str = "**") -> str:
    """``text`` with each (start, end) span wrapped in ``left``/``right`` (overlaps merged).

    Examples
    --------
    >>> mark_matches("a cold war mentality", [(2, 10), (6, 20)])
    'a **cold war mentality**'
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, cursor = [], 0
    for start, end in merged:
        out += [text[cursor:start], left, text[start:end], right]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def top_evidence(
    evidence: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicon: str,
    n: int = 2,
    voice: str = "all",
    frames: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The sentences with most hits per outlet and frame, matched words marked with ``**``.

    Returns ``outlet, frame, article_id, sentence_id, hits, sentence`` (at most ``n`` sentences per
    outlet and frame; ties: article, then sentence order).
    """
    counted = counted_evidence(evidence, voice)
    counted = counted[counted["lexicon"] == lexicon]
    if frames is not None:
        counted = counted[counted["frame"].isin(list(frames))]
    columns = ["outlet", "frame", "article_id", "sentence_id", "hits", "sentence"]
    if counted.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        counted.groupby(["outlet", "frame", "article_id", "sentence_id"], as_index=False)
        .agg(hits=("entry", "size"), spans=("start", list), ends=("end", list))
        .sort_values(["outlet", "frame", "hits", "article_id", "sentence_id"],
                     ascending=[True, True, False, True, True], kind="stable")
    )
    grouped = grouped.groupby(["outlet", "frame"], sort=False).head(n)
    sent = sentences.assign(article_id=sentences["article_id"].astype(str)).set_index(["article_id", "sentence_id"])
    texts = []
    for row in grouped.itertuples(index=False):
        start, text = sent.loc[(row.article_id, row.sentence_id), ["start", "text"]]
        spans = [(s - start, e - start) for s, e in zip(row.spans, row.ends, strict=True)]
        texts.append(mark_matches(text, spans))
    grouped["sentence"] = texts
    return grouped[columns].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Reuse


def aligned_sentences(
    alignment: pd.DataFrame, sentences: pd.DataFrame, article_id: str, source_article_id: str
) -> pd.DataFrame:
    """The sentences of an article next to their best match in a source, with the words changed.

    Returns ``sentence_id``, ``text``, ``relation``, ``similarity``, ``source_sentence_id``,
    ``source_text`` (empty for *new* sentences) and ``diff`` (see :func:`diff_words`).

    Examples
    --------
    >>> alignment = pd.DataFrame({"article_id": ["b"], "sentence_id": [0], "source_article_id": ["a"],
    ...     "source_sentence_id": [0], "similarity": [0.8], "relation": ["rewritten"]})
    >>> sentences = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0],
    ...     "text": ["Talks resume today.", "Talks resume on Monday."]})
    >>> aligned_sentences(alignment, sentences, "b", "a")["diff"].tolist()
    ['Talks resume [-today.-] {+on Monday.+}']
    """
    text = {(str(a), int(s)): t for a, s, t in zip(sentences["article_id"], sentences["sentence_id"],
                                                    sentences["text"], strict=True)}
    rows = alignment[(alignment["article_id"].astype(str) == str(article_id))
                     & (alignment["source_article_id"].astype(str) == str(source_article_id))]
    rows = rows.sort_values("sentence_id", kind="stable")
    out = []
    for r in rows.itertuples():
        own = text[(str(article_id), int(r.sentence_id))]
        source = text[(str(source_article_id), int(r.source_sentence_id))] if r.relation != "new" else ""
        out.append({
            "sentence_id": int(r.sentence_id),
            "text": own,
            "relation": r.relation,
            "similarity": float(r.similarity),
            "source_sentence_id": int(r.source_sentence_id) if r.relation != "new" else None,
            "source_text": source,
            "diff": diff_words(source, own) if r.relation != "new" else own,
        })
    return pd.DataFrame(out, columns=["sentence_id", "text", "relation", "similarity", "source_sentence_id",
                                      "source_text", "diff"])


def added_sentences(
    alignment: pd.DataFrame, sentences: pd.DataFrame, article_id: str, source_article_id: str
) -> pd.DataFrame:
    """Sentences of the article with no counterpart in the source: ``sentence_id``, ``text``, ``similarity``.

    Examples
    --------
    >>> alignment = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "source_article_id": ["b", "b"],
    ...     "source_sentence_id": [0, 0], "similarity": [1.0, 0.1], "relation": ["copied", "new"]})
    >>> sentences = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
    ...     "text": ["Kept.", "Added.", "Kept."]})
    >>> added_sentences(alignment, sentences, "a", "b")["text"].tolist()
    ['Added.']
    """
    return omitted_sentences(alignment, sentences, source_article_id, article_id)


def pick_article_pair(
    derivation: pd.DataFrame, *, article_id: str = "", source_article_id: str = ""
) -> tuple[str, str]:
    """The (article, source) pair to show side by side.

    The given ones; else the derived article with the strongest evidence (``confidence`` high,
    medium, low, then the larger ``reused_share``, then the smaller id; the first by id when the
    table has neither column), with its likely source; else, when no article was derived from
    another, the first two articles (the view then shows that they share nothing).

    Raises
    ------
    ValueError
        When ``article_id`` or ``source_article_id`` is not an article of the table.

    Examples
    --------
    >>> d = pd.DataFrame({"article_id": ["a", "b"], "likely_source_article_id": [None, "a"]})
    >>> pick_article_pair(d)
    ('b', 'a')
    >>> pick_article_pair(d, article_id="a", source_article_id="b")
    ('a', 'b')
    >>> pick_article_pair(d.assign(likely_source_article_id=None))
    ('a', 'b')
    >>> d = pd.DataFrame({"article_id": ["a", "b", "c"], "likely_source_article_id": ["c", None, "a"],
    ...                   "confidence": ["low", "none", "high"], "reused_share": [0.2, 0.0, 0.6]})
    >>> pick_article_pair(d)
    ('c', 'a')
    """
    ids = sorted(derivation["article_id"].astype(str))
    known = dict(zip(derivation["article_id"].astype(str), derivation["likely_source_article_id"], strict=True))
    for given in (article_id, source_article_id):
        if given and given not in known:
            raise ValueError(f"pick_article_pair: unknown article_id {given!r} (articles: {', '.join(ids)})")
    if not ids:
        raise ValueError("pick_article_pair: the derivation table is empty")
    if not article_id:
        derived = [a for a in ids if isinstance(known[a], str) and known[a]]
        rank = {"high": 0, "medium": 1, "low": 2}
        confidence = dict(zip(derivation["article_id"].astype(str),
                              derivation.get("confidence", pd.Series("", index=derivation.index)), strict=True))
        share = dict(zip(derivation["article_id"].astype(str),
                         pd.to_numeric(derivation.get("reused_share", pd.Series(0.0, index=derivation.index)),
                                       errors="coerce").fillna(0.0), strict=True))
        derived.sort(key=lambda a: (rank.get(str(confidence[a]), len(rank)), -share[a], a))
        article_id = derived[0] if derived else ids[0]
    source = source_article_id or known[article_id]
    if not isinstance(source, str) or not source:
        others = [a for a in ids if a != article_id]
        source = others[0] if others else article_id
    return article_id, source


def omitted_sentences(
    alignment: pd.DataFrame, sentences: pd.DataFrame, article_id: str, source_article_id: str
) -> pd.DataFrame:
    """Sentences of the source that the article left out: those *new* relative to the article.

    Returns ``sentence_id``, ``text`` and ``similarity`` (to the nearest sentence of the article).
    A pair without alignment rows shares nothing, so every sentence of the source is omitted.

    Examples
    --------
    >>> alignment = pd.DataFrame({"article_id": ["a", "a"], "sentence_id": [0, 1], "source_article_id": ["b", "b"],
    ...     "source_sentence_id": [0, 0], "similarity": [1.0, 0.1], "relation": ["copied", "new"]})
    >>> sentences = pd.DataFrame({"article_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
    ...     "text": ["Kept.", "Dropped.", "Kept."]})
    >>> omitted_sentences(alignment, sentences, "b", "a")["text"].tolist()
    ['Dropped.']
    """
    reverse = alignment[(alignment["article_id"].astype(str) == str(source_article_id))
                        & (alignment["source_article_id"].astype(str) == str(article_id))]
    source = sentences[sentences["article_id"].astype(str) == str(source_article_id)]
    source = source.sort_values("sentence_id", kind="stable")[["sentence_id", "text"]]
    if reverse.empty:
        return source.assign(similarity=0.0).reset_index(drop=True)
    keep = reverse.loc[reverse["relation"] == "new", ["sentence_id", "similarity"]]
    return source.merge(keep, on="sentence_id", how="inner").reset_index(drop=True)


def sentence_relations(derivation: pd.DataFrame) -> pd.DataFrame:
    """Tidy counts per article relative to its likely source: copied, rewritten, new, omitted.

    An article without a likely source has all its sentences *new* and nothing omitted.

    Examples
    --------
    >>> d = pd.DataFrame({"article_id": ["x"], "outlet": ["X"], "likely_source_article_id": ["y"],
    ...     "copied": [1], "rewritten": [2], "new": [3], "omitted": [4]})
    >>> sentence_relations(d)["sentences"].tolist()
    [1, 2, 3, 4]
    """
    long = derivation.melt(
        id_vars=["article_id", "outlet", "likely_source_article_id"],
        value_vars=["copied", "rewritten", "new", "omitted"],
        var_name="relation",
        value_name="sentences",
    )
    long["relation"] = pd.Categorical(long["relation"], ["copied", "rewritten", "new", "omitted"], ordered=True)
    long = long.sort_values(["article_id", "relation"], kind="stable").reset_index(drop=True)
    long["relation"] = long["relation"].astype(str)
    long["sentences"] = long["sentences"].astype("int64")
    return long


def diff_words(old: str, new: str) -> str:
    """Word diff of two sentences: ``[-removed-]`` and ``{+added+}`` (the wdiff convention).

    Examples
    --------
    >>> diff_words("NATO plans an office in Tokyo.", "NATO supposedly plans a station in Tokyo.")
    'NATO {+supposedly+} plans [-an office-] {+a station+} in Tokyo.'
    """
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)
