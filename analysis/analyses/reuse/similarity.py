"""Sentence similarity, candidate pairs and sentence alignment between articles; the reuse options."""

from __future__ import annotations

import bisect
import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse

from analysis.analyses.reuse.candidates import MAX_PARTNERS, lsh_candidate_pairs
from analysis.text.tokens import fold_case, tokenize

__all__ = [
    "PAIR_COLUMNS",
    "RELATIONS",
    "SENTENCE_ALIGNMENT_COLUMNS",
    "ReuseOptions",
    "SentenceIndex",
    "align_pairs",
    "candidate_pairs",
]


RELATIONS = ("copied", "rewritten", "new")
"""Relation of a sentence to its best match in another article."""

PAIR_COLUMNS = [
    "article_a",
    "article_b",
    "outlet_a",
    "outlet_b",
    "containment_a_in_b",
    "containment_b_in_a",
    "aligned_sentences",
    "shared_ngrams",
    "reused_share_a_in_b",
    "reused_share_b_in_a",
]
"""Columns of ``reuse_pairs.csv``."""

SENTENCE_ALIGNMENT_COLUMNS = [
    "article_id",
    "sentence_id",
    "source_article_id",
    "source_sentence_id",
    "similarity",
    "relation",
    "likely_source",
]
"""Columns of ``sentence_alignment.csv``."""


@dataclass(frozen=True)
class ReuseOptions:
    """Options of the reuse comparison.

    Parameters
    ----------
    rewrite_threshold : float
        Sentence similarity (0-1) from which two sentences are aligned (copied or rewritten).
    copy_ratio : float
        difflib ratio of the two token sequences from which an aligned sentence is *copied*.
    ngram : int
        Word n-gram length for containment and shared n-grams.
    min_aligned : int
        A candidate source shares at least this many aligned sentences with the article...
    min_share : float
        ...holding at least this share of the article's words.
    tie_margin : float
        Candidates whose reuse score is within this fraction of the best one count as tied.
    prune : str
        ``"auto"`` (``"minhash"`` above ``prune_above`` articles, else ``"none"``), ``"none"``,
        ``"minhash"`` or ``"ngrams"``.
    prune_above : int
        Number of articles above which ``"auto"`` prunes.
    max_partners : int
        With ``prune="minhash"``, the most candidate sources each article keeps (articles not
        published after it, richest evidence first; see :mod:`analysis.analyses.reuse.candidates`):
        at most ``max_partners`` times the number of articles pairs are compared.
    alignment : str
        Which ordered pairs get rows in ``sentence_alignment``: ``"all"`` (every compared pair
        with an aligned sentence), ``"sources"`` (only each article against its likely source and
        back, so the table grows with the number of sentences, not of pairs) or ``"auto"``
        (``"all"`` when every pair is compared, ``"sources"`` when pruned).
    """

    rewrite_threshold: float = 0.3
    copy_ratio: float = 0.9
    ngram: int = 3
    min_aligned: int = 2
    min_share: float = 0.1
    tie_margin: float = 0.05
    prune: str = "auto"
    prune_above: int = 50
    max_partners: int = MAX_PARTNERS
    alignment: str = "auto"

    def __post_init__(self) -> None:
        for name in ("rewrite_threshold", "copy_ratio", "min_share", "tie_margin"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ValueError(f"ReuseOptions.{name} must be between 0 and 1, got {value!r}")
        if self.ngram < 1 or self.min_aligned < 1 or self.prune_above < 1 or self.max_partners < 1:
            raise ValueError("ReuseOptions.ngram, min_aligned, prune_above and max_partners must be at least 1")
        if self.alignment not in ("auto", "all", "sources"):
            raise ValueError(f"ReuseOptions.alignment must be 'auto', 'all' or 'sources', got {self.alignment!r}")
        if self.prune not in ("auto", "none", "minhash", "ngrams"):
            raise ValueError(
                f"ReuseOptions.prune must be 'auto', 'none', 'minhash' or 'ngrams', got {self.prune!r}"
            )


# --------------------------------------------------------------------------------------------------
# Sentence vectors


def _normalise_text(text: str) -> str:
    return fold_case(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"'))


def _tokens(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def _word_features(tokens: list[str]) -> list[str]:
    """Word unigrams and bigrams of a token list."""
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def _distinct(documents: list, key: Callable[[Any], Any]) -> tuple[list[int], np.ndarray]:
    """The position of the first of each distinct document (by ``key``), and each document's distinct row.

    Examples
    --------
    >>> firsts, rows = _distinct(["a", "b", "a"], str)
    >>> firsts, rows.tolist()
    ([0, 1], [0, 1, 0])
    """
    distinct: dict[Any, int] = {}
    firsts: list[int] = []
    rows = np.empty(len(documents), dtype=np.int64)
    for i, document in enumerate(documents):
        k = distinct.setdefault(key(document), len(distinct))
        if k == len(firsts):
            firsts.append(i)
        rows[i] = k
    return firsts, rows


def _tfidf_rows(firsts: list, rows: np.ndarray, **counting: Any) -> scipy.sparse.csr_matrix:
    """The TF-IDF rows of the distinct documents ``firsts``, when ``rows`` maps every document of the
    collection to its distinct one: document frequencies count every document, so row ``rows[i]`` is
    row ``i`` of ``TfidfVectorizer(sublinear_tf=True, norm="l2", **counting)`` on the whole collection.

    The steps are those of scikit-learn's ``TfidfTransformer`` (smooth idf, ``1 + log`` tf, l2 rows),
    with each distinct row's document frequency weighted by how many documents it stands for.
    """
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    counts = CountVectorizer(dtype=np.float64, **counting).fit_transform(firsts).tocsr()
    held = np.repeat(np.bincount(rows, minlength=len(firsts)).astype(np.float64), np.diff(counts.indptr))
    df = np.bincount(counts.indices, weights=held, minlength=counts.shape[1])  # exact: sums of integers
    df += 1.0
    idf = np.full_like(df, fill_value=len(rows) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(counts.data, counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return scipy.sparse.csr_matrix(normalize(counts, norm="l2", copy=False))


def _tfidf(documents: list, key: Callable[[Any], Any], **counting: Any) -> scipy.sparse.csr_matrix:
    """``TfidfVectorizer(sublinear_tf=True, norm="l2", **counting).fit_transform(documents)``, counting
    each distinct document once.

    Repeated sentences (wire copy, boilerplate) are counted and weighted once (:func:`_tfidf_rows`)
    and their rows copied: the very TF-IDF matrix of the vectorizer on all documents.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> docs = ["Talks resume.", "Markets fell.", "Talks resume."]
    >>> m = _tfidf(docs, str, analyzer="char_wb", ngram_range=(3, 5))
    >>> (m != TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(docs)).nnz
    0
    """
    firsts, rows = _distinct(documents, key)
    return _tfidf_rows([documents[i] for i in firsts], rows, **counting)[rows]


class SentenceIndex:
    """Sentence vectors of an event, grouped by article (rows sorted by article_id, sentence_id)."""

    def __init__(self, sentences: pd.DataFrame, *, tokens: list[list[str]] | None = None) -> None:
        """``tokens``: the tokens of each row of ``sentences`` (:func:`analysis.text.tokens.sentence_tokens`),
        when another step has them already; else each sentence is tokenised here."""
        data = sentences.reset_index(drop=True).sort_values(["article_id", "sentence_id"], kind="stable")
        order = data.index.tolist()
        data = data.reset_index(drop=True)
        self.data = data
        texts = data["text"].fillna("").astype(str).tolist()
        if tokens is not None and len(tokens) != len(order):
            raise ValueError(f"SentenceIndex: {len(tokens)} token lists for {len(order)} sentences")
        self.tokens = [tokens[i] for i in order] if tokens is not None else [_tokens(t) for t in texts]
        self.n_words = np.array([len(t) for t in self.tokens], dtype=float)
        # one row per distinct sentence text (wire copy repeats sentences verbatim): the same vectors,
        # held once; distinct_of[i] is the row of sentence i
        firsts, self.distinct_of = _distinct(texts, str)
        word = (
            _tfidf_rows([self.tokens[i] for i in firsts], self.distinct_of, analyzer=_word_features)
            if any(self.tokens) else None
        )
        char = (
            _tfidf_rows([texts[i] for i in firsts], self.distinct_of, analyzer="char_wb", ngram_range=(3, 5),
                        preprocessor=_normalise_text)
            if any(t.strip() for t in texts) else None
        )
        # both vectors side by side: one sparse product gives the sum of the two cosines
        parts = [m for m in (word, char) if m is not None]  # not kept apart: only their sum is read
        self.matrix = scipy.sparse.hstack(parts, format="csr") if parts else None
        # scratch lookup from a feature to its column in one article's product (-1: not held)
        self.feature_slots = np.full(self.matrix.shape[1] if self.matrix is not None else 0, -1, dtype=np.int64)
        self.rows: dict[str, tuple[int, int]] = {}
        owners = data["article_id"].astype(str).to_numpy()
        if len(owners):
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            stops = np.r_[starts[1:], len(owners)]
            self.rows = {str(owners[a]): (int(a), int(b)) for a, b in zip(starts, stops, strict=True)}
        distinct: dict[tuple[str, ...], int] = {}
        self.token_ids = [distinct.setdefault(tuple(t), len(distinct)) for t in self.tokens]
        self.ratios: dict[tuple[int, int], float] = {}  # difflib ratio by pair of distinct token lists
        self.quick_ratios: dict[tuple[int, int], float] = {}  # difflib quick_ratio, the same way

    @property
    def both(self) -> scipy.sparse.csr_matrix | None:
        """The vectors of every sentence, one row each (``matrix`` holds each distinct sentence once)."""
        return None if self.matrix is None else self.matrix[self.distinct_of]

    def ngrams(self, article_id: str, n: int) -> set[tuple[str, ...]]:
        start, stop = self.rows[article_id]
        out: set[tuple[str, ...]] = set()
        for toks in self.tokens[start:stop]:
            out.update(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))
        return out

    def ngram_hashes(self, article_id: str, n: int) -> np.ndarray:
        """The distinct word ``n``-grams of an article as sorted 64-bit hashes (compact, for intersections)."""
        return np.unique(np.fromiter((hash(g) for g in self.ngrams(article_id, n)), dtype=np.int64))

    def ratio(self, row_x: int, row_y: int) -> float:
        """difflib ratio of the token lists of two sentences, computed once per distinct pair."""
        key = (self.token_ids[row_x], self.token_ids[row_y])
        value = self.ratios.get(key)
        if value is None:
            a, b = self.tokens[row_x], self.tokens[row_y]
            value = self.ratios[key] = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        return value

    def is_copy(self, row_x: int, row_y: int, threshold: float) -> bool:
        """Whether the difflib ratio of two sentences' token lists reaches ``threshold``.

        difflib's own upper bounds of the ratio are tried first (lengths, then shared tokens counted
        as multisets, with its formula ``2 * matches / total``): most aligned sentences of a
        rewrite fail them, and the ratio itself (the longest-match search, most of the reuse step's
        time on text that does not repeat) is computed only when they pass; the same answer.

        Examples
        --------
        >>> s = pd.DataFrame({"article_id": ["a", "b"], "sentence_id": [0, 0],
        ...                   "text": ["Talks resume in Tokyo next week.", "Next week talks resume in Tokyo."]})
        >>> index = SentenceIndex(s)
        >>> index.is_copy(0, 1, 0.9), round(index.ratio(0, 1), 4), index.is_copy(0, 1, 0.6)
        (False, 0.6667, True)
        """
        key = (self.token_ids[row_x], self.token_ids[row_y])
        exact = self.ratios.get(key)
        if exact is not None:
            return exact >= threshold
        a, b = self.tokens[row_x], self.tokens[row_y]
        total = len(a) + len(b)
        if total and 2.0 * min(len(a), len(b)) / total < threshold:  # difflib's real_quick_ratio
            return False
        quick = self.quick_ratios.get(key)
        if quick is None:  # its quick_ratio, once per distinct pair (wire copy meets the same pairs again)
            quick = self.quick_ratios[key] = 2.0 * sum((Counter(a) & Counter(b)).values()) / total if total else 0.0
        if total and quick < threshold:
            return False
        return self.ratio(row_x, row_y) >= threshold


# --------------------------------------------------------------------------------------------------
# Candidate pairs


def candidate_pairs(
    sentences: pd.DataFrame,
    *,
    method: str = "minhash",
    threshold: float = 0.5,
    num_perm: int = 64,
    seed: int = 1,
    ngram: int = 3,
    min_shared: int = 2,
    max_articles: int = 50,
    max_partners: int = MAX_PARTNERS,
    published: Mapping[str, str] | None = None,
    tokens: list[list[str]] | None = None,
) -> list[tuple[str, str]]:
    """Pairs of articles worth comparing, as sorted ``(article_a, article_b)`` tuples with a < b.

    Parameters
    ----------
    sentences : DataFrame
        ``article_id``, ``sentence_id``, ``text``.
    method : str
        ``"none"``: every pair. ``"minhash"``: pairs with two sentences whose sets of content words
        (tokens minus English stop words) have an estimated Jaccard similarity of about ``threshold``
        or more (MinHash LSH of datasketch, ``num_perm`` permutations, seed ``seed``), plus
        near-copies at article level, at most ``max_partners`` candidate sources per article (not
        published after it, by ``published``): see :mod:`analysis.analyses.reuse.candidates`.
        ``"ngrams"``: pairs sharing at least ``min_shared`` word ``ngram``-grams, counting only
        n-grams found in at most ``max_articles`` articles (common phrases say nothing about reuse
        and would bring back the quadratic cost).
    max_partners, published, tokens
        ``"minhash"`` only: see :func:`analysis.analyses.reuse.candidates.lsh_candidate_pairs`.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": [0, 0, 0], "text": [
    ...     "Talks resume in Tokyo next week.", "Talks resume in Tokyo next week, officials said.", "Markets fell."]})
    >>> candidate_pairs(s, method="ngrams")
    [('a', 'b')]
    >>> candidate_pairs(s, method="none")
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    data = sentences.sort_values(["article_id", "sentence_id"], kind="stable")
    article_ids = sorted(data["article_id"].astype(str).unique())
    if method == "none":
        return list(combinations(article_ids, 2))
    token_lists = tokens if tokens is not None else [_tokens(str(t)) for t in data["text"].fillna("")]
    owners = data["article_id"].astype(str).tolist()
    pairs: set[tuple[str, str]] = set()
    if method == "minhash":
        return lsh_candidate_pairs(
            data, published=published, threshold=threshold, num_perm=num_perm, seed=seed, max_partners=max_partners,
            tokens=tokens,
        )
    elif method == "ngrams":
        postings: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for toks, owner in zip(token_lists, owners, strict=True):
            for k in range(len(toks) - ngram + 1):
                postings[tuple(toks[k : k + ngram])].add(owner)
        shared: Counter[tuple[str, str]] = Counter()
        for holders in postings.values():
            if 1 < len(holders) <= max_articles:
                shared.update(combinations(sorted(holders), 2))
        pairs = {pair for pair, count in shared.items() if count >= min_shared}
    else:
        raise ValueError(f"candidate_pairs: method must be 'none', 'minhash' or 'ngrams', got {method!r}")
    return sorted(pairs)


# --------------------------------------------------------------------------------------------------
# Alignment


def _lis_length(values: list[int]) -> int:
    """Length of the longest non-decreasing subsequence."""
    tails: list[int] = []
    for v in values:
        k = bisect.bisect_right(tails, v)
        if k == len(tails):
            tails.append(v)
        else:
            tails[k] = v
    return len(tails)


def _relations(index: SentenceIndex, rows_x: range, rows_y: range, sim: np.ndarray, options: ReuseOptions):
    """Best match, similarity and relation of each sentence of X in Y."""
    best = sim.argmax(axis=1)
    values = sim[np.arange(sim.shape[0]), best]
    relations = []
    for i, (j, value) in enumerate(zip(best.tolist(), values.tolist(), strict=True)):
        if value < options.rewrite_threshold:
            relations.append("new")
            continue
        copied = index.is_copy(rows_x[i], rows_y[j], options.copy_ratio)
        relations.append("copied" if copied else "rewritten")
    return best, values, relations


def align_pairs(
    index: SentenceIndex,
    pairs: list[tuple[str, str]],
    options: ReuseOptions,
    *,
    keep_rows: Callable[[str, str], bool] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[tuple[str, str], dict[str, Any]]]:
    """Alignment rows, pair rows and per-ordered-pair statistics for the given pairs.

    ``keep_rows(x, y)`` says whether the alignment rows of the ordered pair (x, y) are kept (default: all).
    """
    data = index.data
    sentence_ids = data["sentence_id"].to_numpy()
    align_parts: dict[str, list] = {c: [] for c in SENTENCE_ALIGNMENT_COLUMNS[:-1]}
    pair_rows: list[dict[str, Any]] = []
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    grams: dict[str, np.ndarray] = {}
    for aid in sorted({a for pair in pairs for a in pair}):
        grams[aid] = index.ngram_hashes(aid, options.ngram)
    by_first: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        by_first[a].append(b)
    for a in sorted(by_first):
        a0, a1 = index.rows[a]
        partners = by_first[a]
        blocks = [index.rows[b] for b in partners]
        # one product per article against all its partners' sentences (they are contiguous per partner)
        cols = np.concatenate([np.arange(b0, b1) for b0, b1 in blocks])
        full = _similarity_columns(index, slice(a0, a1), cols)
        offset = 0
        parts: dict[str, list] = {c: [] for c in align_parts}  # this article's rows, joined once (few arrays)
        for b, (b0, b1) in zip(partners, blocks, strict=True):
            sim = full[:, offset : offset + (b1 - b0)]
            offset += b1 - b0
            shared = len(np.intersect1d(grams[a], grams[b], assume_unique=True))
            aligned_pairs: set[tuple[int, int]] = set()
            shares = {}
            if sim.size and sim.max() >= options.rewrite_threshold:
                for x, y, s, (x0, x1), (y0, y1) in ((a, b, sim, (a0, a1), (b0, b1)), (b, a, sim.T, (b0, b1), (a0, a1))):
                    best, values, relations = _relations(index, range(x0, x1), range(y0, y1), s, options)
                    if keep_rows is None or keep_rows(x, y):
                        parts["article_id"].append(np.full(x1 - x0, x, dtype=object))
                        parts["sentence_id"].append(sentence_ids[x0:x1])
                        parts["source_article_id"].append(np.full(x1 - x0, y, dtype=object))
                        parts["source_sentence_id"].append(sentence_ids[y0 + best])
                        parts["similarity"].append(values)
                        parts["relation"].append(np.array(relations, dtype=object))
                    rel = np.array(relations)
                    aligned = rel != "new"
                    words = index.n_words[x0:x1]
                    total = words.sum() or 1.0
                    order = [int(j) for j, keep in zip(best, aligned, strict=True) if keep]
                    for i, keep in enumerate(aligned):
                        if keep:
                            aligned_pairs.add((i, int(best[i])) if x == a else (int(best[i]), i))
                    stats[(x, y)] = {
                        "aligned": int(aligned.sum()),
                        "copied": int((rel == "copied").sum()),
                        "rewritten": int((rel == "rewritten").sum()),
                        "new": int((rel == "new").sum()),
                        "n_sentences": int(x1 - x0),
                        "share": float(words[aligned].sum() / total),
                        "score": float((words * values)[aligned].sum() / total),
                        "in_order": _lis_length(order),
                    }
                    shares[x] = stats[(x, y)]["share"]
            if not aligned_pairs and not shared:
                continue
            for x, y in ((a, b), (b, a)):
                size = grams[x].size
                stats.setdefault((x, y), {"aligned": 0, "share": 0.0, "score": 0.0})
                stats[(x, y)]["containment"] = shared / size if size else 0.0
            pair_rows.append(
                {
                    "article_a": a,
                    "article_b": b,
                    "containment_a_in_b": round(stats[(a, b)]["containment"], 4),
                    "containment_b_in_a": round(stats[(b, a)]["containment"], 4),
                    "aligned_sentences": len(aligned_pairs),
                    "shared_ngrams": shared,
                    "reused_share_a_in_b": round(shares.get(a, 0.0), 4),
                    "reused_share_b_in_a": round(shares.get(b, 0.0), 4),
                }
            )
        if parts["article_id"]:
            for c, arrays in parts.items():
                align_parts[c].append(np.concatenate(arrays))
    columns = SENTENCE_ALIGNMENT_COLUMNS[:-1]
    if align_parts["article_id"]:
        alignment = pd.DataFrame({c: np.concatenate(v) for c, v in align_parts.items()}, columns=columns)
    else:
        alignment = pd.DataFrame(columns=columns)
    return alignment, pd.DataFrame(pair_rows, columns=[c for c in PAIR_COLUMNS if "outlet" not in c]), stats


def _similarity_columns(index: SentenceIndex, rows: slice, cols: np.ndarray) -> np.ndarray:
    """Similarities of the sentences ``rows`` (one article's) to the sentences ``cols`` (its partners').

    Only the features the ``rows`` sentences hold can add to a product; they are numbered 0..k-1
    (in the matrix's order) and the ``cols`` sentences keep only those, so each call costs what the
    sentences hold, not the event's vocabulary (slicing columns of the transposed event matrix, as
    before, scanned all of it for every article: quadratic in the corpus). Each sum runs over the
    same features in the same order as the product of the whole matrices: the same floats.
    """
    if index.matrix is None:
        return np.zeros((rows.stop - rows.start, len(cols)))
    # each distinct sentence once: a repeated sentence's row of the product is the same floats
    row_ids, row_of = np.unique(index.distinct_of[rows], return_inverse=True)
    col_ids, col_of = np.unique(index.distinct_of[np.asarray(cols, dtype=np.int64)], return_inverse=True)
    left, right = index.matrix[row_ids], index.matrix[col_ids]
    used = np.unique(left.indices)
    lookup = index.feature_slots
    lookup[used] = np.arange(used.size, dtype=lookup.dtype)
    try:
        mapped = lookup[right.indices]
        left_cols = lookup[left.indices]
    finally:
        lookup[used] = -1
    keep = mapped >= 0
    owner = np.repeat(np.arange(right.shape[0]), np.diff(right.indptr))
    indptr = np.zeros(right.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner[keep], minlength=right.shape[0]), out=indptr[1:])
    left = scipy.sparse.csr_matrix((left.data, left_cols, left.indptr), shape=(left.shape[0], used.size))
    right = scipy.sparse.csr_matrix((right.data[keep], mapped[keep], indptr), shape=(right.shape[0], used.size))
    total = (left @ right.T.tocsr()).toarray()
    return np.round(total[row_of][:, col_of] / 2, 4)
