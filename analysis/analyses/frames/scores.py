"""Frame evidence and scores per article and outlet, the table builder, and views for charts."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.analyses.frames.about import actor_frames, attribute_frame_hits
from analysis.analyses.frames.matcher import LexiconMatcher
from analysis.context import EventContext
from analysis.resources.lexicons import Lexicon, load_lexicons
from analysis.stats import check_level, poisson_interval
from analysis.text.names import title_cased
from analysis.text.quotation import in_spans, quote_spans
from analysis.text.sentences import UNITS, body_sentences, sentence_at, unit_articles, unit_sentences
from analysis.text.tokens import sentence_tokens, tokenize

__all__ = [
    "EVIDENCE_COLUMNS",
    "FRAME_COLUMNS",
    "VOICES",
    "build_frames_tables",
    "counted_evidence",
    "flag_evidence",
    "frame_evidence",
    "frame_score_table",
    "frames_tables",
    "in_title_name",
    "score_frames",
    "split_frame_rows",
]


VOICES = ("all", "author", "quoted")
"""What to count: everything, only the author's voice (outside quotation marks), or only quotes."""

FRAME_COLUMNS = [
    "outlet", "article_id", "lexicon", "frame", "hits", "per_1k", "sentence_share", "ci_low", "ci_high",
    "dominant", "n_tokens", "n_sentences", "voice",
]
"""Columns of :func:`score_frames`; ``article_id`` is empty on outlet rows. The builder writes the outlet
rows (without ``article_id``) to ``frames.csv`` and the article rows to ``article_frames.csv``."""

EVIDENCE_COLUMNS = [
    "article_id", "outlet", "lexicon", "frame", "entry", "matched_text", "sentence_id", "start", "end",
    "in_quote", "in_scare_quote", "in_name", "counted", "unit",
]
"""Columns of ``frame_evidence.csv``; ``start``/``end`` index ``articles.text`` for ``unit`` ``"body"`` and the
article's ``headline`` or ``deck`` for those units (``sentence_id`` -2 and -1). ``counted`` is false for
matches inside scare quotes or inside a proper name or title; only counted body rows enter the scores."""

NAME_JOINERS = frozenset({"and", "of", "for", "on", "the", "de", "&"})
"""Lower-case words that may sit inside a title-case name ("Partnership and Cooperation Program")."""


def _check_voice(voice: str) -> str:
    if voice not in VOICES:
        raise ValueError(f"voice must be one of {', '.join(VOICES)}, got {voice!r}")
    return voice


def _sentence_index(sentences: pd.DataFrame) -> dict[str, tuple[list[int], list[int]]]:
    out: dict[str, tuple[list[int], list[int]]] = {}
    ordered = sentences.sort_values(["article_id", "start", "sentence_id"], kind="stable")
    ordered = ordered[ordered["article_id"].notna().to_numpy()]  # as groupby: rows without an article belong to none
    ids = ordered["article_id"]
    # plain lists, one pass: a pandas group per article cost more than the article's sentences
    for article_id, start, sentence_id in zip(ids.astype(str).tolist(), ordered["start"].astype(int).tolist(),
                                              ordered["sentence_id"].astype(int).tolist(), strict=True):
        entry = out.get(article_id)
        if entry is None:
            entry = out[article_id] = ([], [])
        entry[0].append(start)
        entry[1].append(sentence_id)
    return out


def _sentence_of(index: tuple[list[int], list[int]] | None, position: int) -> int:
    if not index or not index[0]:
        return -1
    i = sentence_at(index[0], position)
    return index[1][max(i, 0)]


def frame_evidence(
    articles: pd.DataFrame, sentences: pd.DataFrame, *, matcher: LexiconMatcher
) -> pd.DataFrame:
    """Every counted match of every article: the passages behind the scores (``frame_evidence.csv``).

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``text``.
    sentences : DataFrame
        ``article_id``, ``sentence_id``, ``start`` (offsets into ``articles.text``).
    matcher : LexiconMatcher

    Returns
    -------
    DataFrame
        :data:`EVIDENCE_COLUMNS`, one row per match; ``in_quote`` tells whether the match starts
        inside a quotation (:func:`analysis.text.quotation.quote_spans`). All matches are listed whatever
        the voice; :func:`score_frames` filters by ``in_quote``.

    Examples
    --------
    >>> from analysis.resources.lexicons import parse_lexicon
    >>> lex = parse_lexicon({"name": "x", "description": "d", "source": "s", "licence": "l",
    ...     "categories": {"threat": {"description": "d", "source": "s", "note": "n", "entries": ["threat*"]}}})
    >>> arts = pd.DataFrame({"article_id": ["1"], "outlet": ["A"], "text": ['A threat. He said "threats".']})
    >>> sents = pd.DataFrame({"article_id": ["1", "1"], "sentence_id": [0, 1], "start": [0, 10]})
    >>> frame_evidence(arts, sents, matcher=LexiconMatcher([lex]))[["matched_text", "sentence_id", "in_quote"]]
      matched_text  sentence_id  in_quote
    0       threat            0     False
    1      threats            1      True
    """
    index = _sentence_index(sentences)
    rows = []
    for article in articles.sort_values("article_id", kind="stable").itertuples(index=False):
        text = article.text if isinstance(article.text, str) else ""
        spans = quote_spans(text)
        article_id = str(article.article_id)
        for m in matcher.match(text):
            rows.append(
                (article_id, article.outlet, m.lexicon, m.frame, m.entry, text[m.start : m.end],
                 _sentence_of(index.get(article_id), m.start), m.start, m.end, in_spans(m.start, spans))
            )
    out = pd.DataFrame([(*r, False, False, True, "body") for r in rows], columns=EVIDENCE_COLUMNS)
    return out.astype({"sentence_id": "int64", "start": "int64", "end": "int64", "in_quote": "bool",
                       "in_scare_quote": "bool", "in_name": "bool", "counted": "bool"})


_WORD = re.compile(r"\S+")
_STRIP = "“”\"'‘’(),;:"


def _capitalised(word: str) -> bool:
    word = word.strip(_STRIP)
    return bool(word) and word[0].isupper()


def in_title_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer title-case name or title.

    The match must itself be title-case (every word capitalised, joiners such as "and" or "of"
    allowed) and a capitalised word must touch it, before (not across a sentence end) or after,
    possibly over joiners: "Tailored Partnership Programme", "Partnership and Cooperation Program".

    Examples
    --------
    >>> t = "Tokyo hopes to sign an Individually Tailored Partnership Programme. Cooperation grows."
    >>> in_title_name(t, t.index("Partnership"), t.index("Partnership") + 11)
    True
    >>> in_title_name(t, t.index("Cooperation"), t.index("Cooperation") + 11)
    False
    >>> u = "a Cold War mentality"
    >>> in_title_name(u, 2, len(u))
    False
    """
    matched = text[start:end].split()
    if not matched or not all(w.lower() in NAME_JOINERS or (_capitalised(w) and w.strip(_STRIP).istitle())
                              for w in matched):
        return False
    before = _WORD.findall(text[max(0, start - 80):start])
    while before and before[-1].lower() in NAME_JOINERS:
        before.pop()
    if before and not before[-1].rstrip("“”\"'‘’)").endswith((".", "!", "?", ",", ";", ":")) \
            and _capitalised(before[-1]):
        return True
    after = _WORD.findall(text[end:end + 80])
    if after and after[0][:1] in ".!?,;:":
        return False
    while after and after[0].lower() in NAME_JOINERS:
        after.pop(0)
    return bool(after) and _capitalised(after[0]) and text[end:end + 1] not in ".!?,;:"


def flag_evidence(
    evidence: pd.DataFrame, articles: pd.DataFrame, *, quotes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Mark the matches that are not frame words at face value; returns a new frame.

    ``in_scare_quote``: the match lies inside a scare quote (``quotes`` rows of kind ``scare``: the
    writer holds the word at a distance). ``in_name``: the match is part of a longer title-case name
    (:func:`in_title_name`; not in a text written wholly in title case, a headline, where capitals mark
    no name) or lies inside a quoted name or title (``quotes`` kind ``term``).
    ``counted`` is true when neither holds.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["1"], "text": ["Its 'partners' signed the Partnership Programme."]})
    >>> ev = pd.DataFrame({"article_id": ["1", "1"], "matched_text": ["partners", "Partnership"],
    ...     "start": [5, 26], "end": [13, 37]})
    >>> q = pd.DataFrame({"article_id": ["1"], "kind": ["scare"], "start": [4], "end": [14]})
    >>> flag_evidence(ev, arts, quotes=q)[["in_scare_quote", "in_name", "counted"]].to_numpy().tolist()
    [[True, False, False], [False, True, False]]
    """
    out = evidence.copy()
    texts = dict(zip(articles["article_id"].astype(str), articles["text"], strict=True))
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    if quotes is not None and len(quotes):
        for aid, kind, lo, hi in zip(quotes["article_id"].astype(str).tolist(), quotes["kind"].tolist(),
                                     quotes["start"].tolist(), quotes["end"].tolist(), strict=True):
            spans.setdefault((aid, str(kind)), []).append((int(lo), int(hi)))

    def inside(aid: str, kind: str, lo: int, hi: int) -> bool:
        return any(a <= lo and hi <= b for a, b in spans.get((aid, kind), []))

    headline_style: dict[str, bool] = {}  # title_cased once per article, not once per match
    scare, name = [], []
    for aid, lo, hi in zip(out["article_id"].astype(str).tolist(), out["start"].astype(int).tolist(),
                           out["end"].astype(int).tolist(), strict=True):
        scare.append(inside(aid, "scare", lo, hi))
        text = str(texts.get(aid, ""))
        if aid not in headline_style:
            headline_style[aid] = title_cased(text)
        name.append(inside(aid, "term", lo, hi) or (not headline_style[aid] and in_title_name(text, lo, hi)))
    out["in_scare_quote"] = np.array(scare, dtype=bool)
    out["in_name"] = np.array(name, dtype=bool)
    out["counted"] = ~(out["in_scare_quote"] | out["in_name"])
    return out


def counted_evidence(evidence: pd.DataFrame, voice: str) -> pd.DataFrame:
    """The rows of ``frame_evidence`` that count for ``voice`` (``all``, ``author`` or ``quoted``).

    Rows whose ``counted`` is false (:func:`flag_evidence`) never count.

    Examples
    --------
    >>> ev = pd.DataFrame({"entry": ["a", "b"], "in_quote": [False, True]})
    >>> counted_evidence(ev, "author")["entry"].tolist()
    ['a']
    """
    _check_voice(voice)
    if "counted" in evidence:  # matches in scare quotes or in names and titles never count
        evidence = evidence[evidence["counted"].astype(bool)]
    if voice == "author":
        return evidence[~evidence["in_quote"].astype(bool)]
    if voice == "quoted":
        return evidence[evidence["in_quote"].astype(bool)]
    return evidence


def _sentence_tokens(
    articles: pd.DataFrame, sentences: pd.DataFrame, voice: str, tokens: list[list[str]] | None = None
) -> pd.DataFrame:
    """Counted tokens per sentence (``article_id, sentence_id, n_tokens``) for the voice.

    With ``tokens`` (those of each row of ``sentences``, shared by an earlier step) and the voice
    ``all``, the counts are their lengths: a sentence is ``text[start:end]`` and no token crosses
    a sentence boundary, so they equal the counts of the article's tokens by position.
    """
    index = _sentence_index(sentences)
    lengths = None
    if voice == "all" and tokens is not None:
        lengths = {
            (str(a), int(s)): len(t)
            for a, s, t in zip(sentences["article_id"], sentences["sentence_id"], tokens, strict=True)
        }
    rows = []
    for article_id, text in zip(articles["article_id"].astype(str), articles["text"], strict=True):
        sentence_index = index.get(article_id)
        if lengths is not None and sentence_index:
            rows.extend((article_id, sid, lengths[(article_id, sid)]) for sid in dict.fromkeys(sentence_index[1]))
            continue
        text = text if isinstance(text, str) else ""
        spans = quote_spans(text) if voice != "all" else []
        counts: dict[int, int] = dict.fromkeys(sentence_index[1] if sentence_index else [], 0)
        for token in tokenize(text):
            if voice != "all" and in_spans(token.start, spans) != (voice == "quoted"):
                continue
            sid = _sentence_of(sentence_index, token.start)
            counts[sid] = counts.get(sid, 0) + 1
        rows.extend((article_id, sid, n) for sid, n in counts.items())
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "n_tokens"])


def _bootstrap(hits: np.ndarray, tokens: np.ndarray, *, n_boot: int, seed: int, key: str, level: float):
    """Percentile interval of 1000 * sum(hits) / sum(tokens) over sentences drawn with replacement."""
    n = len(tokens)
    if n == 0 or n_boot <= 0:
        nan = np.full(hits.shape[1], np.nan)
        return nan, nan
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)
    total = weights @ tokens
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = 1000.0 * (weights @ hits) / total[:, None]
    rates[total == 0] = np.nan
    tail = (1.0 - level) / 2.0 * 100.0
    if np.isnan(rates).all():
        nan = np.full(hits.shape[1], np.nan)
        return nan, nan
    low, high = np.nanpercentile(rates, [tail, 100.0 - tail], axis=0)
    return low, high


def score_frames(
    evidence: pd.DataFrame,
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicons: Sequence[Lexicon],
    voice: str = "all",
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
    interval: str = "poisson",
    tokens: list[list[str]] | None = None,
) -> pd.DataFrame:
    """Frame scores per article and per outlet (``frames.csv``).

    Parameters
    ----------
    evidence : DataFrame
        From :func:`frame_evidence`.
    articles, sentences : DataFrame
        The foundation tables.
    lexicons : sequence of Lexicon
        Every frame of these lexicons gets a row for every article and outlet, hits or not.
    voice : {"all", "author", "quoted"}
        Count every match, only those outside quotation marks, or only those inside. Tokens and
        sentences are counted the same way (a sentence counts when it holds a counted token).
    n_boot : int
        Bootstrap resamples of sentences (0 for no intervals).
    seed : int
        Seed of the bootstrap; each unit's stream is derived from it and the unit's name, so a
        unit's interval does not change when other articles are added.
    level : float
        Confidence level of the interval.
    interval : {"poisson", "bootstrap"}
        ``poisson`` (default): the exact Poisson interval of the rate (Garwood 1936), honest for zero
        and small counts (0 hits in 500 tokens gives [0, 7.4] per 1,000, not [0, 0]);
        ``bootstrap``: the percentile bootstrap over sentences (``n_boot``, ``seed``).
    tokens : list of list of str, optional
        The tokens of each row of ``sentences`` (:func:`analysis.text.tokens.sentence_tokens`) when an
        earlier step has them: the voice ``all`` counts them instead of tokenising again.

    Returns
    -------
    DataFrame
        :data:`FRAME_COLUMNS`. ``per_1k`` = 1000 * hits / n_tokens; ``sentence_share`` = sentences
        with a hit / n_sentences; ``ci_low``/``ci_high``: interval of ``per_1k`` (see ``interval``);
        ``dominant``: the frame with the highest ``per_1k`` of its lexicon for that unit (none when
        no frame has hits or when the highest value is shared). Rows are ordered by outlet, each
        outlet's own row (``article_id`` empty) before its articles' rows.

    Examples
    --------
    >>> from analysis.resources.lexicons import parse_lexicon
    >>> lex = parse_lexicon({"name": "x", "description": "d", "source": "s", "licence": "l",
    ...     "categories": {"threat": {"description": "d", "source": "s", "note": "n", "entries": ["threat"]}}})
    >>> arts = pd.DataFrame({"article_id": ["1"], "outlet": ["A"], "text": ["A threat. No other word here."]})
    >>> sents = pd.DataFrame({"article_id": ["1", "1"], "sentence_id": [0, 1], "start": [0, 10]})
    >>> ev = frame_evidence(arts, sents, matcher=LexiconMatcher([lex]))
    >>> scores = score_frames(ev, arts, sents, lexicons=[lex], n_boot=0)
    >>> row = scores.iloc[1]  # the article row; 1 hit in 6 tokens, in 1 of 2 sentences
    >>> int(row["hits"]), float(row["per_1k"]), float(row["sentence_share"]), bool(row["dominant"])
    (1, 166.667, 0.5, True)
    """
    _check_voice(voice)
    check_level(level)
    if interval not in ("poisson", "bootstrap"):
        raise ValueError(f"interval must be 'poisson' or 'bootstrap', got {interval!r}")
    frame_keys = [(lex.name, f.name) for lex in lexicons for f in lex.frames]
    column = {key: i for i, key in enumerate(frame_keys)}
    tokens = _sentence_tokens(articles, sentences, voice, tokens)
    counted = counted_evidence(evidence, voice)
    known = np.array([(a, b) in column for a, b in zip(counted["lexicon"].tolist(), counted["frame"].tolist(),
                                                          strict=True)], dtype=bool)
    counted = counted.loc[known]  # a boolean array: an empty list would select no *columns*
    outlet_of = dict(zip(articles["article_id"].astype(str), articles["outlet"], strict=True))
    # one (sentences x frames) hit matrix and a token vector per article
    per_article: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    tokens = tokens[tokens["n_tokens"] > 0]
    # each article's sentences and hits, grouped in one pass over plain lists (a pandas group per
    # article cost more than the article)
    rows_of: dict[Any, tuple[list, list]] = {}
    for a, s, n in zip(tokens["article_id"].tolist(), tokens["sentence_id"].tolist(), tokens["n_tokens"].tolist(),
                       strict=True):
        entry = rows_of.get(a)
        if entry is None:
            entry = rows_of[a] = ([], [])
        entry[0].append(s)
        entry[1].append(n)
    hits_of: dict[Any, list[tuple[Any, Any, Any]]] = {}
    for a, s, lex, frame in zip(counted["article_id"].tolist(), counted["sentence_id"].tolist(),
                                counted["lexicon"].tolist(), counted["frame"].tolist(), strict=True):
        hits_of.setdefault(a, []).append((s, lex, frame))
    for article_id in outlet_of:
        sentence_ids, counts = rows_of.get(article_id, ([], []))
        matrix = np.zeros((len(sentence_ids), len(frame_keys)))
        position = {s: i for i, s in enumerate(sentence_ids)}
        for s, lex, frame in hits_of.get(article_id, ()):
            i = position.get(s)
            if i is not None:
                matrix[i, column[(lex, frame)]] += 1
        per_article[article_id] = (matrix, np.array(counts, dtype=float))
    units: list[tuple[str, str | None, list[str]]] = []
    for outlet in sorted(set(outlet_of.values())):
        ids = sorted(a for a, o in outlet_of.items() if o == outlet)
        units.append((outlet, None, ids))
        units.extend((outlet, a, [a]) for a in ids)
    measured = []
    for _, _, ids in units:
        matrix = np.vstack([per_article[a][0] for a in ids])
        weights = np.concatenate([per_article[a][1] for a in ids])
        n_tokens, n_sentences = int(weights.sum()), len(weights)
        hits = matrix.sum(axis=0)
        per_1k = 1000.0 * hits / n_tokens if n_tokens else np.full(len(frame_keys), np.nan)
        share = (matrix > 0).sum(axis=0) / n_sentences if n_sentences else np.full(len(frame_keys), np.nan)
        if interval == "poisson":
            low = high = None  # below, for every unit at once
        else:
            low, high = _bootstrap(
                matrix, weights, n_boot=n_boot, seed=seed, key="\x1f".join(ids), level=level
            )
        measured.append((hits, per_1k, share, low, high, n_tokens, n_sentences))
    if interval == "poisson" and measured:  # one call for all units: the same values, element by element
        width = len(frame_keys)
        lows, highs = poisson_interval(np.concatenate([m[0] for m in measured]),
                                       np.repeat([float(m[5]) for m in measured], width), level=level)
        measured = [(*m[:3], lows[u * width:(u + 1) * width], highs[u * width:(u + 1) * width], *m[5:])
                    for u, m in enumerate(measured)]
    records = []
    for (outlet, article_id, _), (hits, per_1k, share, low, high, n_tokens, n_sentences) in zip(
            units, measured, strict=True):
        for j, (lex, frame) in enumerate(frame_keys):
            records.append(
                (outlet, article_id, lex, frame, int(hits[j]), per_1k[j], share[j], low[j], high[j],
                 False, n_tokens, n_sentences, voice)
            )
    return frame_score_table(records, frame_keys)


def frame_score_table(records: list[tuple], frame_keys: list[tuple[str, str]]) -> pd.DataFrame:
    """The ``frames`` table from its rows: rates rounded to 3 decimals, ``hits`` integers, ``dominant`` set.

    ``records`` are tuples in the order of :data:`FRAME_COLUMNS` (``dominant`` given as False);
    :func:`score_frames` and the partitioned path's per-outlet reduction
    (:func:`analysis.tables.reduce.frame_outlet_rows`) both finish their rows here.

    Examples
    --------
    >>> keys = [("lex", "a"), ("lex", "b")]
    >>> rows = [("O", None, "lex", f, h, r, 0.5, 0.1, 0.9, False, 100, 4, "all")
    ...         for f, h, r in (("a", 2, 20.0004), ("b", 1, 10.0))]
    >>> frame_score_table(rows, keys)[["frame", "per_1k", "dominant"]].values.tolist()
    [['a', 20.0, True], ['b', 10.0, False]]
    """
    out = pd.DataFrame(records, columns=FRAME_COLUMNS)
    for name in ("per_1k", "sentence_share", "ci_low", "ci_high"):
        out[name] = out[name].astype(float).round(3)
    out["hits"] = out["hits"].astype("int64")
    out["dominant"] = _dominant(out, frame_keys)
    return out.reset_index(drop=True)


def _dominant(scores: pd.DataFrame, frame_keys: list[tuple[str, str]]) -> pd.Series:
    """True where a frame has the unique highest ``per_1k`` (> 0) of its lexicon for that unit."""
    unit = scores["outlet"] + "\x1f" + scores["article_id"].fillna("") + "\x1f" + scores["lexicon"]
    best = scores.groupby(unit)["per_1k"].transform("max")
    top = (scores["per_1k"] == best) & (scores["hits"] > 0)
    unique = top.groupby(unit).transform("sum") == 1
    return top & unique


def frames_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    lexicons: Sequence[Lexicon],
    voice: str = "all",
    n_boot: int = 1000,
    seed: int = 0,
    quotes: pd.DataFrame | None = None,
    tokens: list[list[str]] | None = None,
) -> dict[str, pd.DataFrame]:
    """``{"frames": ..., "frame_evidence": ...}`` for the articles, with the given lexicons.

    Headlines and decks (``headline`` and ``deck`` columns of ``articles``) are matched as text units of
    their own: their rows in ``frame_evidence`` have ``unit`` ``"headline"`` or ``"deck"``; the scores in
    ``frames`` are the body's.

    Matches inside scare quotes (``quotes`` of kind ``scare``) or inside names and titles are listed
    but not counted (:func:`flag_evidence`). ``tokens``: see :func:`score_frames`.
    """
    _check_voice(voice)
    matcher = LexiconMatcher(lexicons)
    body = body_sentences(sentences)
    parts = []
    for unit in UNITS:
        texts = unit_articles(articles, unit)
        if not len(texts):
            continue
        unit_rows = body if unit == "body" else unit_sentences(articles).query("unit == @unit")
        found = flag_evidence(frame_evidence(texts, unit_rows, matcher=matcher), texts,
                              quotes=_unit_quotes(quotes, unit))
        parts.append(found.assign(unit=unit))
    evidence = pd.concat(parts, ignore_index=True) if parts else frame_evidence(articles, body, matcher=matcher)
    rank = {u: i for i, u in enumerate(UNITS)}
    evidence = (evidence.assign(_unit=evidence["unit"].map(rank))
                .sort_values(["article_id", "_unit"], kind="stable").drop(columns="_unit").reset_index(drop=True))
    scores = score_frames(
        evidence[evidence["unit"] == "body"], articles, body, lexicons=lexicons, voice=voice, n_boot=n_boot,
        seed=seed, tokens=None if tokens is None else [tokens[i] for i in _body_positions(sentences)],
    )
    return {"frames": scores, "frame_evidence": evidence}


def _body_positions(sentences: pd.DataFrame) -> np.ndarray:
    """Row positions of the body sentences (:func:`analysis.text.sentences.body_sentences`) in ``sentences``."""
    return body_sentences(sentences.reset_index(drop=True)).index.to_numpy()


def _unit_quotes(quotes: pd.DataFrame | None, unit: str) -> pd.DataFrame | None:
    """The quotations of one text unit (a quotes table without ``unit`` is the body's)."""
    if quotes is None or "unit" not in quotes:
        return quotes if unit == "body" else None
    return quotes[quotes["unit"].astype(str) == unit]


def build_frames_tables(tables: Mapping[str, pd.DataFrame], context: EventContext | Any) -> dict[str, pd.DataFrame]:
    """Table builder for :mod:`analysis.tables.registry`: ``frames``, ``article_frames``, ``frame_evidence``
    (with the ``actor`` each hit is about, :func:`analysis.analyses.frames.about.attribute_frame_hits`) and
    ``actor_frames`` (hits per outlet, actor and frame).

    Lexicons: the shipped ones, ``<event folder>/lexicon.yaml`` and ``lexicons/*.yaml``, then
    ``context.options["lexicons"]``
    (paths; ``--lexicon PATH`` on the command line). ``context.options["voice"]`` selects the voice
    (default ``"all"``).
    """
    options = getattr(context, "options", {}) or {}
    lexicons = load_lexicons(options.get("lexicons", []), event_dir=getattr(context, "raw_dir", None))
    voice = options.get("voice", "all")
    # the voice "all" counts the tokens of each sentence: those the reuse step made, when it ran
    tokens = sentence_tokens(tables["sentences"], cache=getattr(context, "shared", None)) if voice == "all" else None
    scored = frames_tables(
        tables["articles"], tables["sentences"], lexicons=lexicons, voice=voice, quotes=tables.get("quotes"),
        tokens=tokens,
    )
    outlet_rows, article_rows = split_frame_rows(scored["frames"])
    evidence = attribute_frame_hits(scored["frame_evidence"], tables.get("actor_mentions"), tables["sentences"])
    return {"frames": outlet_rows, "article_frames": article_rows, "frame_evidence": evidence,
            "actor_frames": actor_frames(evidence)}


def split_frame_rows(frames: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Outlet rows (without ``article_id``) and article rows of a :func:`score_frames` table, apart.

    Written as ``frames.csv`` (one row per outlet, lexicon and frame) and ``article_frames.csv`` (one
    row per article, lexicon and frame), so that neither table mixes two kinds of row.

    Examples
    --------
    >>> mixed = pd.DataFrame({"outlet": ["A", "A"], "article_id": [None, "000"], "frame": "f", "hits": [2, 2]})
    >>> outlets, articles = split_frame_rows(mixed)
    >>> list(outlets.columns), articles["article_id"].tolist()
    (['outlet', 'frame', 'hits'], ['000'])
    """
    is_outlet = frames["article_id"].isna() | (frames["article_id"].astype(str) == "")
    outlet_rows = frames[is_outlet].drop(columns="article_id").reset_index(drop=True)
    return outlet_rows, frames[~is_outlet].reset_index(drop=True)


