"""Term frequencies, distinctive terms of every outlet at once, and keyword in context.

The work is split so that it scales to large corpora:

1. :func:`count_terms` counts terms (n-grams that cross no punctuation or sentence boundary) in a
   DataFrame of articles and returns a tidy *count frame*: ``outlet, term, ngram, count, doc_freq``.
   Rows with ``ngram == 0`` and ``term == ""`` carry each outlet's totals: ``count`` is its number of
   running tokens (stop words included) and ``doc_freq`` its number of articles. Count frames of
   disjoint partitions of a corpus concatenate and re-aggregate by summing (:func:`aggregate_counts`),
   so counting can be mapped over Dask partitions.
2. :func:`term_table` turns aggregated counts into ``terms.csv`` (rates per 10,000 tokens).
3. :func:`distinctive_terms` scores every outlet against the rest of the event and against every
   other outlet: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn
   2008), log-likelihood G2 (Rayson and Garside 2000) and Log Ratio (Hardie 2014).
4. :func:`kwic` lists every occurrence of a term with its context, from the cleaned text.

Examples
--------
>>> import pandas as pd
>>> articles = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["A", "B"],
...     "text": ["The US-led bloc plans an office.", "The bloc denies the plans."]})
>>> counts = count_terms(articles)
>>> terms = term_table(counts)
>>> terms.loc[terms["outlet"] == "A", "term"].tolist()
['bloc', 'office', 'plans', 'us-led', 'bloc plans', 'us-led bloc']
>>> terms.loc[0, "per_10k"]  # 1 of A's 6 tokens, per 10,000
np.float64(1666.67)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, pairwise
from typing import Any

import numpy as np
import pandas as pd

from analysis.context import EventContext
from analysis.resources.stopwords import default_stopwords
from analysis.stats import bh_adjust
from analysis.text.tokens import RUN_PATTERN, fold_case, normalise_match, normalise_token, token_runs

__all__ = [
    "COUNT_COLUMNS",
    "DISTINCTIVE_COLUMNS",
    "POOLED_PRIOR",
    "TERM_COLUMNS",
    "aggregate_counts",
    "build_terms_tables",
    "count_terms",
    "display_labels",
    "distinctive_terms",
    "kwic",
    "kwic_for_top_terms",
    "low_token_warning",
    "outlet_sizes",
    "pick_outlet_pair",
    "score_terms",
    "surface_forms",
    "term_table",
    "term_table_limits",
    "terms_builder_options",
    "terms_tables",
]

COUNT_COLUMNS = ["outlet", "term", "ngram", "count", "doc_freq"]
"""Columns of a count frame (:func:`count_terms`)."""
TERM_COLUMNS = ["outlet", "term", "ngram", "count", "per_10k", "doc_freq"]
"""Columns of ``terms.csv``."""
DISTINCTIVE_COLUMNS = [
    "outlet", "reference", "term", "ngram", "count", "count_ref", "delta", "var", "z", "p_value", "p_adjusted",
    "g2", "log_ratio", "low_count", "prior",
]
"""Columns of ``distinctive_terms.csv``."""
POOLED_PRIOR = "pooled event counts"
"""The ``prior`` column's value for the default prior (alpha_w = the term's count over the event)."""
WHOLE_TABLE_TOKENS = 50_000  # up to about a hundred articles the distinctive-terms table stays whole
BOUNDED_TOP_K = 200  # above, each comparison keeps its terms of highest z: enough for every chart and reader
MAX_NGRAM = 3  # longer n-grams are almost all unique in one event and only slow counting
REST = "rest"
LOW_COUNT = 3
_BREAK = ""


# --------------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------------
# Counting


_BREAK_ID = 0  # punctuation or sentence start: ends a run of tokens
_ARTICLE_ID = 1  # boundary between two articles of a batch
_ARTICLE_MARK = "\x01"
_BATCH_CHARS = 100_000  # characters encoded at once: bounds memory, and small batches stay in CPU cache


class _Encoder(dict):
    """White-space chunk -> tuple of token ids (0 for a break), computed once per distinct chunk.

    Tokens never contain white space and :data:`RUN_PATTERN` matches never span it, so matching
    each chunk alone gives the matches of the whole text; the regex runs once per distinct chunk.
    """

    def __init__(self, *, lowercase: bool, stopwords: frozenset[str]) -> None:
        super().__init__()
        self.lowercase = lowercase
        self.stopwords = stopwords
        self.terms: list[str] = ["", ""]
        self.index: dict[str, int] = {}
        self.stop_flags = bytearray([1, 1])
        self[_ARTICLE_MARK] = (_ARTICLE_ID,)

    def __missing__(self, chunk: str) -> tuple[int, ...]:
        ids = []
        for surface in RUN_PATTERN.findall(chunk):
            token = normalise_match(surface, lowercase=self.lowercase)
            if not token:
                ids.append(_BREAK_ID)
                continue
            number = self.index.get(token)
            if number is None:
                number = len(self.terms)
                self.index[token] = number
                self.terms.append(token)
                self.stop_flags.append(fold_case(token) in self.stopwords)
            ids.append(number)
        out = tuple(ids)
        self[chunk] = out
        return out

    def is_stop(self) -> np.ndarray:
        return np.frombuffer(bytes(self.stop_flags), dtype=np.uint8).astype(bool)


def _check_ngram_range(ngram_range: tuple[int, int]) -> tuple[int, int]:
    low, high = ngram_range
    if not (isinstance(low, int) and isinstance(high, int)) or not 1 <= low <= high <= MAX_NGRAM:
        raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high <= 3, got {ngram_range!r}")
    return low, high


def _check_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {', '.join(missing)}")


def _sentence_starts(articles: pd.DataFrame, sentences: pd.DataFrame | None) -> dict[str, list[int]]:
    """Sorted sentence starts (after 0) of each article of ``articles``."""
    if sentences is None or sentences.empty:
        return {}
    rows = pd.DataFrame(
        {"article_id": sentences["article_id"].astype(str), "start": sentences["start"].astype("int64")}
    )
    rows = rows[rows["article_id"].isin(set(articles["article_id"].astype(str).tolist())) & (rows["start"] > 0)]
    rows = rows.drop_duplicates().sort_values(["article_id", "start"], kind="stable")
    ids = rows["article_id"].to_numpy(dtype=object)
    if ids.size == 0:
        return {}
    cuts = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    groups = np.split(rows["start"].to_numpy(), cuts)
    return dict(zip(ids[np.r_[0, cuts]].tolist(), (g.tolist() for g in groups), strict=True))


def _texts_with_breaks(ids: list[str], texts: list[str], starts: dict[str, list[int]]) -> Iterator[str]:
    """Each article's text with a lone NUL (a break for :data:`RUN_PATTERN`) at every sentence start."""
    for article_id, text in zip(ids, texts, strict=True):
        text = text.replace(_ARTICLE_MARK, "\0")
        cuts = starts.get(article_id)
        if not cuts:
            yield text
            continue
        bounds = [0, *cuts, len(text)]
        yield " \0 ".join(text[a:b] for a, b in pairwise(bounds))


def _first_positions(codes: np.ndarray) -> np.ndarray:
    """Position of the first occurrence of each code of :func:`pandas.factorize` (numbered in order)."""
    running = np.maximum.accumulate(codes)
    first = np.ones(codes.size, dtype=bool)
    first[1:] = running[1:] > running[:-1]
    return np.flatnonzero(first)


def _count_ngrams(ids: np.ndarray, articles: np.ndarray, is_stop: np.ndarray, n: int) -> tuple:
    """``(token ids per gram (n x m), counts, doc_freq)`` of the n-grams of one encoded batch."""
    real = ids > _ARTICLE_ID
    edge = real & ~is_stop[ids]
    length = ids.size - n + 1
    if length <= 0:
        return np.empty((n, 0), dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    valid = edge[:length] & edge[n - 1 :]
    for k in range(1, n - 1):
        valid &= real[k : k + length]
    at = np.flatnonzero(valid)
    code = ids[at]
    for k in range(1, n):  # dense code of the (k)-gram, times vocabulary, plus the next token: no overflow
        code = pd.factorize(code)[0].astype(np.int64) * is_stop.size + ids[at + k]
    codes, uniques = pd.factorize(code)
    counts = np.bincount(codes, minlength=len(uniques))
    pairs = pd.unique(articles[at] * len(uniques) + codes)
    docs = np.bincount(pairs % len(uniques), minlength=len(uniques))
    first = at[_first_positions(codes)]
    grams = np.stack([ids[first + k] for k in range(n)])
    return grams, counts, docs


def _merge_ngrams(parts: list[tuple], n: int, vocabulary: int) -> tuple:
    """Sum the per-batch n-gram counts of one order."""
    grams = np.concatenate([p[0] for p in parts], axis=1)
    code = grams[0]
    for k in range(1, n):
        code = pd.factorize(code)[0].astype(np.int64) * vocabulary + grams[k]
    codes, uniques = pd.factorize(code)
    counts = np.bincount(codes, weights=np.concatenate([p[1] for p in parts]), minlength=len(uniques))
    docs = np.bincount(codes, weights=np.concatenate([p[2] for p in parts]), minlength=len(uniques))
    first = _first_positions(codes)
    return grams[:, first], counts.astype(np.int64), docs.astype(np.int64)


def _count_texts(texts: Iterable[str], low: int, high: int, stop: frozenset[str], lowercase: bool) -> dict:
    """Counts and document frequencies of the n-grams of some texts (one outlet), in batches."""
    encoder = _Encoder(lowercase=lowercase, stopwords=stop)
    get = encoder.__getitem__
    n_tokens = 0
    parts: dict[int, list[tuple]] = {n: [] for n in range(low, high + 1)}
    batch: list[str] = []
    size = 0
    n_articles = 0
    sentinel = object()
    iterator = iter(texts)
    text = next(iterator, sentinel)
    while text is not sentinel:
        batch.append(text)
        size += len(text)
        n_articles += 1
        text = next(iterator, sentinel)
        if size < _BATCH_CHARS and text is not sentinel:
            continue
        joined = f" {_ARTICLE_MARK} ".join(batch)
        ids = np.fromiter(chain.from_iterable(map(get, joined.split())), dtype=np.int64)
        articles = np.cumsum(ids == _ARTICLE_ID)
        n_tokens += int(np.count_nonzero(ids > _ARTICLE_ID))
        is_stop = encoder.is_stop()
        for n, counted in parts.items():
            counted.append(_count_ngrams(ids, articles, is_stop, n))
        batch, size = [], 0
    rows: dict[str, list] = {"term": [_BREAK], "ngram": [0], "count": [n_tokens], "doc_freq": [n_articles]}
    terms = encoder.terms
    for n, batches in parts.items():
        if not batches:
            continue
        grams, counts, docs = _merge_ngrams(batches, n, len(terms))
        columns = [[terms[i] for i in row] for row in grams.tolist()]
        rows["term"].extend(columns[0] if n == 1 else map(" ".join, zip(*columns, strict=True)))
        rows["ngram"].extend([n] * counts.size)
        rows["count"].extend(counts.tolist())
        rows["doc_freq"].extend(docs.tolist())
    return rows


def count_terms(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    stopwords: Iterable[str] | None = None,
    lowercase: bool = True,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count the terms of each outlet: a tidy count frame that partitions can sum.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``text`` (the cleaned body).
    sentences : DataFrame, optional
        ``article_id``, ``start``: sentence offsets into ``text``; n-grams do not cross them. Rows of
        articles not in ``articles`` are ignored, so the whole sentence table may be passed with a
        partition of the articles. Without it, only punctuation breaks n-grams.
    ngram_range : (int, int)
        Smallest and largest n-gram order, from 1 to 3.
    stopwords : iterable of str, optional
        Lower-case stop words; default :func:`default_stopwords`. Unigrams that are stop words and
        n-grams that start or end with one are dropped (matching ignores case).
    lowercase : bool
        Lower-case the terms (see :func:`surface_forms` for the forms seen in the text).
    outlets : sequence of str, optional
        Count only these outlets (None or empty: all).

    Returns
    -------
    DataFrame
        :data:`COUNT_COLUMNS`, sorted by outlet, ngram, term. ``doc_freq`` is the number of the
        outlet's articles using the term. The ``ngram == 0`` row of each outlet holds its number of
        running tokens (``count``, stop words included) and of articles (``doc_freq``). Map this over
        partitions, concatenate and call :func:`aggregate_counts`.

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["1"], "outlet": ["A"], "text": ["Japan's office. Japan’s plan"]})
    >>> count_terms(articles, stopwords=[])[["term", "ngram", "count"]].values.tolist()
    [['', 0, 4], ['japan', 1, 2], ['office', 1, 1], ['plan', 1, 1], ['japan office', 2, 1], ['japan plan', 2, 1]]
    """
    _check_columns(articles, ["article_id", "outlet", "text"], "articles")
    if sentences is not None:
        _check_columns(sentences, ["article_id", "start"], "sentences")
    low, high = _check_ngram_range(ngram_range)
    stop = default_stopwords() if stopwords is None else frozenset(fold_case(w) for w in stopwords)
    if isinstance(outlets, str):
        raise ValueError(f"outlets must be a list of outlet names, not the string {outlets!r}")
    if outlets:
        unknown = sorted(set(outlets) - set(articles["outlet"]))
        if unknown:
            raise ValueError(f"outlets: no articles from {', '.join(map(repr, unknown))}")
        articles = articles[articles["outlet"].isin(list(outlets))]
    starts = _sentence_starts(articles, sentences)
    names = articles["outlet"].astype(str)
    frames = []
    for outlet in sorted(set(names.tolist())):
        mine = articles[(names == outlet).to_numpy()]  # one outlet's texts at a time: bounded memory
        ids = mine["article_id"].astype(str).tolist()
        texts = mine["text"].fillna("").astype(str).tolist()
        rows = _count_texts(_texts_with_breaks(ids, texts, starts), low, high, stop, lowercase)
        frame = pd.DataFrame(rows)
        frame.insert(0, "outlet", outlet)
        frames.append(frame)
    if not frames:
        return _empty(COUNT_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return _typed(out).sort_values(["outlet", "ngram", "term"], kind="stable").reset_index(drop=True)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _typed(counts: pd.DataFrame) -> pd.DataFrame:
    out = counts.copy()
    out["outlet"] = out["outlet"].astype(str)
    out["term"] = out["term"].fillna("").astype(str)  # the totals rows' "" reads back from CSV as NaN
    for column in ("ngram", "count", "doc_freq"):
        out[column] = out[column].astype("int64")
    return out


def aggregate_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Sum count frames of disjoint partitions (concatenated) into one count frame.

    Examples
    --------
    >>> part = pd.DataFrame({"outlet": ["A"], "term": ["nato"], "ngram": [1], "count": [2], "doc_freq": [1]})
    >>> aggregate_counts(pd.concat([part, part])).values.tolist()
    [['A', 'nato', 1, 4, 2]]
    """
    _check_columns(counts, COUNT_COLUMNS, "counts")
    if counts.empty:
        return _empty(COUNT_COLUMNS)
    summed = _typed(counts).groupby(["outlet", "ngram", "term"], sort=True)[["count", "doc_freq"]].sum()
    return summed.reset_index()[COUNT_COLUMNS]


def outlet_sizes(counts: pd.DataFrame) -> pd.DataFrame:
    """Each outlet's running tokens and articles, from the totals rows of a count frame.

    Examples
    --------
    >>> part = pd.DataFrame({"outlet": ["A"], "term": [""], "ngram": [0], "count": [120], "doc_freq": [1]})
    >>> outlet_sizes(part).values.tolist()
    [['A', 120, 1]]
    """
    totals = aggregate_counts(counts)
    totals = totals[totals["ngram"] == 0]
    out = totals.rename(columns={"count": "n_tokens", "doc_freq": "n_articles"})
    return out[["outlet", "n_tokens", "n_articles"]].reset_index(drop=True)


def term_table(counts: pd.DataFrame, *, min_count: int = 1) -> pd.DataFrame:
    """``terms.csv``: count, rate per 10,000 running tokens and document frequency per outlet and term.

    Parameters
    ----------
    counts : DataFrame
        A count frame (:func:`count_terms`), possibly the concatenation of several partitions.
    min_count : int
        Keep terms used at least this often by the outlet.

    Returns
    -------
    DataFrame
        :data:`TERM_COLUMNS`, sorted by outlet, ngram, count (descending), term. ``per_10k`` is
        rounded to 2 decimals.
    """
    counts = aggregate_counts(counts)
    sizes = outlet_sizes(counts).set_index("outlet")["n_tokens"]
    out = counts[(counts["ngram"] > 0) & (counts["count"] >= min_count)].copy()
    tokens = out["outlet"].map(sizes).astype(float)
    out["per_10k"] = (out["count"] / tokens.where(tokens > 0) * 10_000).round(2)
    out = out.sort_values(["outlet", "ngram", "count", "term"], ascending=[True, True, False, True], kind="stable")
    return out[TERM_COLUMNS].reset_index(drop=True)


def surface_forms(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    stopwords: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The surface forms seen for each lower-cased term, with their counts over all outlets.

    Returns ``term, ngram, surface, count`` sorted by term, count (descending), surface.

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["1"], "outlet": ["A"], "text": ["NATO said Nato would."]})
    >>> surface_forms(articles).values.tolist()
    [['nato', 1, 'NATO', 1], ['nato', 1, 'Nato', 1]]
    """
    counts = count_terms(articles, sentences, ngram_range=ngram_range, stopwords=stopwords, lowercase=False)
    counts = counts[counts["ngram"] > 0]
    out = counts.groupby(["term", "ngram"], sort=True)["count"].sum().reset_index()
    out = out.rename(columns={"term": "surface"})
    out.insert(0, "term", out["surface"].map(normalise_token))  # the counted form of each surface
    out = out.sort_values(["term", "count", "surface"], ascending=[True, False, True], kind="stable")
    return out[["term", "ngram", "surface", "count"]].reset_index(drop=True)


def display_labels(surfaces: pd.DataFrame) -> dict[str, str]:
    """Term -> its most frequent surface form (ties: the first in sorted order), for chart labels.

    Examples
    --------
    >>> display_labels(pd.DataFrame({"term": ["nato", "nato"], "surface": ["Nato", "NATO"], "count": [1, 3]}))
    {'nato': 'NATO'}
    """
    ordered = surfaces.sort_values(["term", "count", "surface"], ascending=[True, False, True], kind="stable")
    first = ordered.drop_duplicates("term")
    return dict(zip(first["term"], first["surface"], strict=True))


def low_token_warning(counts: pd.DataFrame, *, min_tokens: int = 500) -> str:
    """A Markdown warning naming the outlets with fewer than ``min_tokens`` running tokens, or ``""``.

    Examples
    --------
    >>> part = pd.DataFrame({"outlet": ["A", "B"], "term": ["", ""], "ngram": [0, 0], "count": [120, 900],
    ...     "doc_freq": [1, 2]})
    >>> low_token_warning(part).startswith("**Warning: small samples.** A has 120 tokens (under 500);")
    True
    """
    sizes = outlet_sizes(counts)
    small = sizes[sizes["n_tokens"] < min_tokens].sort_values("outlet", kind="stable")
    if small.empty:
        return ""
    names = "; ".join(f"{r.outlet} has {r.n_tokens:,} tokens" for r in small.itertuples())
    return (
        f"**Warning: small samples.** {names} (under {min_tokens:,}); "
        f"{'its' if len(small) == 1 else 'their'} z-scores and keyness figures rest on few words and can "
        "mislead: read them with the counts and the passages (keyword in context)."
    )


# --------------------------------------------------------------------------------------------------
# Distinctive terms


def _prior_vector(terms: pd.Index, pooled: np.ndarray, prior: pd.DataFrame | None, prior_total: float | None):
    """alpha_w for the terms of one n-gram order."""
    if prior is None:
        alpha = pooled.astype(float)
        if prior_total is not None:
            alpha = alpha / alpha.sum() * prior_total
        return alpha
    reference = prior.groupby(prior["term"].astype(str).map(fold_case))["count"].sum()
    raw = reference.reindex(terms).fillna(0.0).to_numpy(dtype=float) + 0.5  # unseen terms: half a count
    total = pooled.sum() if prior_total is None else prior_total
    return raw / raw.sum() * total


def _scores(y_i, y_j, n_i, n_j, *, alpha, alpha0) -> dict[str, np.ndarray]:
    from scipy.special import xlogy
    from scipy.stats import chi2

    y_i = y_i.astype(float)
    y_j = y_j.astype(float)
    log_odds_i = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha))
    log_odds_j = np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha))
    delta = log_odds_i - log_odds_j
    var = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    expected_i = n_i * (y_i + y_j) / (n_i + n_j)
    expected_j = n_j * (y_i + y_j) / (n_i + n_j)
    g2 = 2.0 * (xlogy(y_i, y_i / expected_i) + xlogy(y_j, y_j / expected_j))
    sign = np.sign(y_i / n_i - y_j / n_j)
    a = np.where(y_i == 0, 0.5, y_i)
    b = np.where(y_j == 0, 0.5, y_j)
    return {
        "delta": delta,
        "var": var,
        "z": delta / np.sqrt(var),
        "p_value": chi2.sf(g2, 1),
        "g2": sign * g2,
        "log_ratio": np.log2((a / n_i) / (b / n_j)),
    }


def distinctive_terms(
    counts: pd.DataFrame,
    *,
    prior: pd.DataFrame | None = None,
    prior_total: float | None = None,
    prior_name: str = "reference",
    min_count: int = 1,
    pairs: bool = True,
    top_k: int | None = None,
) -> pd.DataFrame:
    """Every outlet's distinctive terms against the rest of the event and against every other outlet.

    For each n-gram order, with counts ``y_i`` (target) and ``y_j`` (reference), totals ``n_i``,
    ``n_j`` (all counted terms of that order, after stop words) and prior ``alpha_w``
    (``alpha_0 = sum alpha_w``), Monroe, Colaresi and Quinn (2008)::

        delta = log((y_i+a_w)/(n_i+a_0-y_i-a_w)) - log((y_j+a_w)/(n_j+a_0-y_j-a_w))
        var = 1/(y_i+a_w) + 1/(y_j+a_w);  z = delta / sqrt(var)

    ``g2`` is Rayson and Garside's (2000) log-likelihood ``2 (y_i ln(y_i/E_i) + y_j ln(y_j/E_j))``
    with ``E_i = n_i (y_i+y_j)/(n_i+n_j)``, signed + when the target uses the term more than
    expected, ``p_value`` its chi-square (1 df) tail; ``log_ratio`` is Hardie's (2014)
    ``log2((y_i/n_i)/(y_j/n_j))`` with 0.5 in place of a zero count. ``p_adjusted`` is the
    Benjamini-Hochberg correction of ``p_value`` over every term of the n-gram order tested in the
    same comparison (before any ``top_k`` cut).

    Parameters
    ----------
    counts : DataFrame
        A count frame (:func:`count_terms`), possibly concatenated partitions.
    prior : DataFrame, optional
        A reference frequency table ``term, count`` (e.g. read from a CSV with
        :func:`analysis.io.read_table`). Default: the pooled counts of the event (``alpha_w`` = the
        term's count over all outlets). A reference table is restricted to the event's terms, given
        half a count for each term it lacks and scaled so that ``alpha_0 = prior_total``.
    prior_total : float, optional
        ``alpha_0``; default the pooled total of the n-gram order. With the pooled prior it rescales it.
    prior_name : str
        Name of the reference table, recorded in the ``prior`` column.
    min_count : int
        Keep a term in a comparison when ``count + count_ref >= min_count``.
    pairs : bool
        Also compare every pair of outlets (both directions), not only each outlet against the rest.
    top_k : int, optional
        Keep only the ``top_k`` terms of highest z (ties: term) of each comparison and n-gram order;
        default every term. :func:`term_table_limits` chooses it from the corpus size.

    Returns
    -------
    DataFrame
        :data:`DISTINCTIVE_COLUMNS`; ``reference`` is ``"rest"`` or the other outlet;
        ``low_count`` marks ``count < 3``. Sorted by outlet, reference (``"rest"`` first, then
        outlets by name), z descending, term.

    Examples
    --------
    >>> counts = pd.DataFrame({"outlet": ["A", "A", "A", "B", "B", "B"], "term": ["", "bloc", "office"] * 2,
    ...     "ngram": [0, 1, 1] * 2, "count": [10, 4, 1, 10, 1, 4], "doc_freq": [1] * 6})
    >>> table = distinctive_terms(counts, pairs=False)
    >>> table[["outlet", "term", "count", "z"]].round(3).values.tolist()
    [['A', 'bloc', 4, 1.539], ['A', 'office', 1, -1.539], ['B', 'office', 4, 1.539], ['B', 'bloc', 1, -1.539]]
    """
    counts = aggregate_counts(counts)
    if REST in set(counts["outlet"]):
        raise ValueError(f"an outlet is named {REST!r}, which names the one-vs-rest comparison; rename it")
    if prior is not None:
        _check_columns(prior, ["term", "count"], "prior")
        if (pd.to_numeric(prior["count"], errors="coerce").fillna(-1) < 0).any():
            raise ValueError("prior: 'count' must hold non-negative numbers")
    if prior_total is not None and not prior_total > 0:
        raise ValueError(f"prior_total must be positive, got {prior_total!r}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be at least 1 or None, got {top_k!r}")
    outlets = sorted(counts["outlet"].unique())
    frames = []
    terms_only = counts[counts["ngram"] > 0]
    for ngram, group in terms_only.groupby("ngram", sort=True):
        matrix = group.pivot_table(index="term", columns="outlet", values="count", aggfunc="sum", fill_value=0)
        matrix = matrix.reindex(columns=outlets, fill_value=0).sort_index()
        values = matrix.to_numpy(dtype=float)
        pooled = values.sum(axis=1)
        totals = values.sum(axis=0)
        alpha = _prior_vector(matrix.index, pooled, prior, prior_total)
        alpha0 = alpha.sum()
        label = POOLED_PRIOR if prior is None else f"{prior_name} (alpha_0={alpha0:g})"
        terms = matrix.index.to_numpy()
        for i, outlet in enumerate(outlets):
            references = [REST] + ([o for o in outlets if o != outlet] if pairs else [])
            for reference in references:
                if reference == REST:
                    y_j, n_j = pooled - values[:, i], totals.sum() - totals[i]
                else:
                    j = outlets.index(reference)
                    y_j, n_j = values[:, j], totals[j]
                y_i, n_i = values[:, i], totals[i]
                if n_i == 0 or n_j == 0:
                    continue
                keep = ((y_i + y_j) >= max(min_count, 1))
                scores = _scores(y_i[keep], y_j[keep], n_i, n_j, alpha=alpha[keep], alpha0=alpha0)
                # Benjamini-Hochberg over every term tested (before any top_k cut)
                scores["p_adjusted"] = bh_adjust(scores["p_value"])
                if top_k is not None and keep.sum() > top_k:
                    # terms are sorted, so a stable sort on -z breaks ties by term
                    best = np.sort(np.argsort(-scores["z"], kind="stable")[:top_k])
                    keep = np.flatnonzero(keep)[best]
                    scores = {name: values[best] for name, values in scores.items()}
                frame = pd.DataFrame({
                    "outlet": outlet, "reference": reference, "term": terms[keep], "ngram": int(ngram),
                    "count": y_i[keep].astype("int64"), "count_ref": y_j[keep].astype("int64"), **scores,
                })
                frames.append(frame)
    if not frames:
        return _empty(DISTINCTIVE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["low_count"] = out["count"] < LOW_COUNT
    out["prior"] = label
    rank = {REST: ""} | {o: f"~{o}" for o in outlets}  # "rest" first, then outlets by name
    out["_ref"] = out["reference"].map(rank)
    out["_neg_z"] = -out["z"]
    out = out.sort_values(["outlet", "_ref", "_neg_z", "term"], kind="stable")
    return out[DISTINCTIVE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Keyword in context

_SPACES = re.compile(r"\s+")


def kwic(
    articles: pd.DataFrame,
    query: str,
    *,
    sentences: pd.DataFrame | None = None,
    width: int = 60,
    lowercase: bool = True,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of a term or phrase, with its context in the cleaned text.

    The query is tokenised like the texts, so "Japan" also finds "Japan's" and a phrase matches
    only where it is counted: within a run of tokens not broken by punctuation or a sentence start.
    The number of rows per outlet therefore equals the term's count in :func:`count_terms`.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``text``.
    query : str
        A term or phrase, e.g. ``"liaison office"``; it may not contain punctuation between words.
    sentences : DataFrame, optional
        ``article_id``, ``start``: matches do not cross sentence starts.
    width : int
        Characters of context on each side (white space runs shown as one space).
    lowercase : bool
        Match ignoring case.
    outlets : sequence of str, optional
        Only these outlets (None or empty: all).

    Returns
    -------
    DataFrame
        ``outlet, article_id, start, end, left, match, right``; ``text[start:end] == match``.
        Sorted by outlet, article_id, start.

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["1"], "outlet": ["A"],
    ...     "text": ["NATO's liaison office in Tokyo. The liaison, office"]})
    >>> kwic(articles, "liaison office", width=10).values.tolist()
    [['A', '1', 7, 21, "NATO's ", 'liaison office', ' in Tokyo.']]
    """
    _check_columns(articles, ["article_id", "outlet", "text"], "articles")
    if not isinstance(width, int) or width < 0:
        raise ValueError(f"width must be a non-negative int, got {width!r}")
    runs = token_runs(query, lowercase=lowercase)
    if len(runs) != 1:
        raise ValueError(f"query {query!r} must be words without punctuation between them")
    wanted = [t.text for t in runs[0]]
    size = len(wanted)
    if outlets:
        articles = articles[articles["outlet"].isin(list(outlets))]
    starts: dict[str, list[int]] = {}
    if sentences is not None:
        for article_id, start in zip(sentences["article_id"].astype(str), sentences["start"], strict=True):
            starts.setdefault(article_id, []).append(int(start))
    rows = []
    for article in articles.itertuples(index=False):
        text = "" if pd.isna(article.text) else str(article.text)
        article_id = str(article.article_id)
        for run in token_runs(text, lowercase=lowercase, boundaries=starts.get(article_id, ())):
            words = [t.text for t in run]
            for k in range(len(run) - size + 1):
                if words[k : k + size] == wanted:
                    start, end = run[k].start, run[k + size - 1].end
                    rows.append({
                        "outlet": str(article.outlet), "article_id": article_id, "start": start, "end": end,
                        "left": _SPACES.sub(" ", text[max(0, start - width) : start]),
                        "match": text[start:end],
                        "right": _SPACES.sub(" ", text[end : end + width]),
                    })
    columns = ["outlet", "article_id", "start", "end", "left", "match", "right"]
    if not rows:
        return _empty(columns)
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["outlet", "article_id", "start"], kind="stable").reset_index(drop=True)


def kwic_for_top_terms(
    articles: pd.DataFrame,
    distinctive: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    per_outlet: int = 2,
    width: int = 50,
) -> pd.DataFrame:
    """Keyword in context for each outlet's ``per_outlet`` most distinctive terms (vs the rest).

    Returns the :func:`kwic` rows of each term in the outlet it is distinctive of, with the term
    and its z in front: ``term, z, outlet, article_id, start, end, left, match, right``.

    Examples
    --------
    >>> articles = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["A", "B"],
    ...     "text": ["The bloc plans, the bloc says.", "Tokyo plans an office."]})
    >>> table = distinctive_terms(count_terms(articles, ngram_range=(1, 1)))
    >>> kwic_for_top_terms(articles, table, per_outlet=1)[["term", "outlet", "start"]].values.tolist()
    [['bloc', 'A', 4], ['bloc', 'A', 20], ['office', 'B', 15]]
    """
    if per_outlet < 1:
        raise ValueError(f"per_outlet must be at least 1, got {per_outlet!r}")
    rows = distinctive[(distinctive["reference"] == REST) & (distinctive["z"] > 0)]
    rows = rows.sort_values(["outlet", "z", "term"], ascending=[True, False, True], kind="stable")
    frames = []
    for row in rows.groupby("outlet", sort=True).head(per_outlet).itertuples():
        found = kwic(articles, row.term, sentences=sentences, width=width, outlets=[row.outlet])
        found.insert(0, "z", round(float(row.z), 2))
        found.insert(0, "term", row.term)
        frames.append(found)
    columns = ["term", "z", "outlet", "article_id", "start", "end", "left", "match", "right"]
    if not frames:
        return _empty(columns)
    return pd.concat(frames, ignore_index=True)[columns]


def pick_outlet_pair(
    counts: pd.DataFrame, *, outlet_a: str = "", outlet_b: str = "", derivation: pd.DataFrame | None = None
) -> tuple[str, str]:
    """Two outlets to compare: the ones given; else, with a ``derivation`` table, the most informative pair.

    The most informative pair is a derived text against its likely source (the relay of highest
    confidence, then largest reused share), else the two outlets whose unigram distributions differ
    most (Jensen-Shannon divergence). Without ``derivation``: the two outlets with the most running
    tokens. Ties go by name.

    With fewer than two outlets counted and none given, the missing ones are ``""`` (nothing to
    compare: :func:`analysis.charts.terms.plot_term_scatter` then says so).

    Examples
    --------
    >>> part = pd.DataFrame({"outlet": ["A", "B", "C"], "term": "", "ngram": 0, "count": [5, 90, 40],
    ...     "doc_freq": 1})
    >>> pick_outlet_pair(part), pick_outlet_pair(part, outlet_a="C")
    (('B', 'C'), ('C', 'B'))
    >>> relay = pd.DataFrame({"outlet": ["A", "C"], "likely_source_outlet": [None, "B"],
    ...     "confidence": ["none", "high"], "reused_share": [0.0, 0.4]})
    >>> pick_outlet_pair(part, derivation=relay)
    ('C', 'B')
    >>> pick_outlet_pair(part[part["outlet"] == "A"])
    ('A', '')
    """
    sizes = outlet_sizes(counts).sort_values(["n_tokens", "outlet"], ascending=[False, True], kind="stable")
    names = sizes["outlet"].tolist()
    for given in (outlet_a, outlet_b):
        if given and given not in names:
            raise ValueError(f"outlet {given!r} not among the counted outlets ({', '.join(sorted(names))})")
    if not outlet_a and not outlet_b and derivation is not None and len(names) > 1:
        return _informative_pair(counts, names, derivation)
    a = outlet_a or next((n for n in names if n != outlet_b), "")
    b = outlet_b or next((n for n in names if n != a), "")
    if len(names) <= 1 and not (outlet_a and outlet_b):
        return a, b  # fewer than two outlets counted: nothing to compare
    if not a or not b or a == b:
        raise ValueError("need two different outlets to compare")
    return a, b


_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}


def _informative_pair(counts: pd.DataFrame, names: list[str], derivation: pd.DataFrame) -> tuple[str, str]:
    relays = derivation[derivation["confidence"].isin(list(_CONFIDENCE_RANK))].copy()
    relays = relays[relays["likely_source_outlet"].notna() & relays["outlet"].isin(names)
                    & relays["likely_source_outlet"].isin(names) & (relays["outlet"] != relays["likely_source_outlet"])]
    if len(relays):
        relays["_rank"] = relays["confidence"].map(_CONFIDENCE_RANK)
        best = relays.sort_values(["_rank", "reused_share", "outlet"], ascending=[True, False, True], kind="stable")
        row = best.iloc[0]
        return str(row["outlet"]), str(row["likely_source_outlet"])
    unigrams = counts[counts["ngram"] == 1].pivot_table(index="term", columns="outlet", values="count",
                                                         aggfunc="sum", fill_value=0)
    best_pair, best_value = None, -1.0
    for i, a in enumerate(sorted(names)):
        for b in sorted(names)[i + 1:]:
            if a not in unigrams or b not in unigrams:
                continue
            p, q = unigrams[a].to_numpy(float), unigrams[b].to_numpy(float)
            if p.sum() == 0 or q.sum() == 0:
                continue
            p, q = p / p.sum(), q / q.sum()
            m = (p + q) / 2
            with np.errstate(divide="ignore", invalid="ignore"):
                value = 0.5 * np.nansum(np.where(p > 0, p * np.log2(p / m), 0.0)) + 0.5 * np.nansum(
                    np.where(q > 0, q * np.log2(q / m), 0.0))
            if value > best_value + 1e-12:
                best_pair, best_value = (a, b), value
    if best_pair is None:
        if len(names) < 2:  # noqa: PLR2004 - a pair
            raise ValueError("need two different outlets to compare")
        return names[0], names[1]
    return best_pair


# --------------------------------------------------------------------------------------------------
# Pipeline


def term_table_limits(n_tokens: int) -> dict[str, int | None]:
    """``min_count`` and ``top_k`` of :func:`distinctive_terms` for an event of ``n_tokens`` tokens.

    Up to 50,000 tokens (an event of about a hundred articles) the table is whole: ``min_count`` 1,
    no ``top_k``. Above, the table would grow with vocabulary x outlet pairs (millions of rows at
    a few MB of text), so a comparison keeps terms used at least 3 times by its two sides together
    (:data:`LOW_COUNT`, below which scores are marked unreliable anyway) and its 200 terms of highest z:
    at most 200 x 2 orders x outlets x outlets rows, whatever the corpus size.

    Examples
    --------
    >>> term_table_limits(50_000), term_table_limits(5_000_000)
    ({'min_count': 1, 'top_k': None}, {'min_count': 3, 'top_k': 200})
    """
    if n_tokens <= WHOLE_TABLE_TOKENS:
        return {"min_count": 1, "top_k": None}
    return {"min_count": LOW_COUNT, "top_k": BOUNDED_TOP_K}


def terms_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    prior: str = "wordfreq",
    mix: float = 0.5,
    full_tables: bool = False,
    counts: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """``terms`` and ``distinctive_terms`` of an event.

    Unigrams and bigrams, default stop words, every outlet against the rest and every pair of
    outlets; ``min_count`` and ``top_k`` from :func:`term_table_limits` (the whole table with
    ``full_tables``). The prior is general English from wordfreq mixed with the event's pooled
    counts in the share ``mix`` (:func:`analysis.resources.background.background_prior`), or with
    ``prior="pooled"`` the event's counts only. The prior used is recorded in the ``prior`` column.
    ``counts``: the event's :func:`count_terms` frame when already counted (e.g. summed over
    partitions with :func:`aggregate_counts`); ``articles`` and ``sentences`` are then not read.
    """
    if prior not in ("wordfreq", "pooled"):
        raise ValueError(f"terms option prior must be 'wordfreq' or 'pooled', got {prior!r}")
    if counts is None:
        counts = count_terms(articles, sentences, stopwords=default_stopwords())
    distinctive = score_terms(counts, prior=prior, mix=mix, min_count=1 if full_tables else None)
    return {"terms": term_table(counts), "distinctive_terms": distinctive}


def score_terms(
    counts: pd.DataFrame, *, prior: str = "wordfreq", mix: float = 0.5, min_count: int | None = None
) -> pd.DataFrame:
    """:func:`distinctive_terms` of ``counts`` under a named prior, as the tables score them.

    ``prior`` is ``"wordfreq"`` (general English mixed with the event's pooled counts in the share
    ``mix``: :func:`analysis.resources.background.background_prior`) or ``"pooled"`` (the event's
    counts only). ``min_count`` None takes ``min_count`` and ``top_k`` from the event's size
    (:func:`term_table_limits`); a number keeps every term used that often.

    Examples
    --------
    >>> part = pd.DataFrame({"outlet": ["A", "B"] * 3, "term": ["", "", "bloc", "bloc", "office", "office"],
    ...     "ngram": [0, 0, 1, 1, 1, 1], "count": [10, 10, 3, 1, 1, 3], "doc_freq": 1})
    >>> score_terms(part, prior="pooled").loc[0, ["outlet", "reference", "term", "prior"]].tolist()
    ['A', 'rest', 'bloc', 'pooled event counts']
    """
    from analysis.resources.background import background_prior, prior_name

    limits = (term_table_limits(int(counts.loc[counts["ngram"] == 0, "count"].sum())) if min_count is None
              else {"min_count": min_count, "top_k": None})
    if prior == "pooled":
        return distinctive_terms(counts, **limits)
    counts = aggregate_counts(counts)
    return distinctive_terms(counts, prior=background_prior(counts, mix=float(mix)),
                             prior_name=prior_name(mix=float(mix)), **limits)


def build_terms_tables(tables: Mapping[str, pd.DataFrame], context: EventContext | Any) -> dict[str, pd.DataFrame]:
    """Table builder: :func:`terms_tables` with ``context.options["terms"]`` (``prior``, ``mix``)
    and ``context.options["full_tables"]``."""
    return terms_tables(tables["articles"], tables.get("sentences"), **terms_builder_options(context))


def terms_builder_options(context: EventContext | Any) -> dict[str, Any]:
    """The keyword options of :func:`terms_tables` a table builder takes from ``context.options``.

    ``options["terms"]`` may hold ``prior`` and ``mix``; ``options["full_tables"]`` asks for the
    whole distinctive-terms table.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> terms_builder_options(SimpleNamespace(options={"terms": {"mix": 0.5}, "full_tables": True}))
    {'full_tables': True, 'mix': 0.5}
    >>> terms_builder_options(SimpleNamespace(options={"terms": {"top": 3}}))
    Traceback (most recent call last):
    ...
    ValueError: unknown terms option(s): top
    """
    options = getattr(context, "options", None) or {}
    terms_options = dict(options.get("terms", {}) or {})
    unknown = set(terms_options) - {"prior", "mix"}
    if unknown:
        raise ValueError(f"unknown terms option(s): {', '.join(sorted(unknown))}")
    return {"full_tables": bool(options.get("full_tables")), **terms_options}
