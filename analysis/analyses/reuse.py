"""Reuse and derivation: who copied whom, and what each outlet added or dropped.

Outlets often rewrite another outlet's report instead of reporting an event themselves, sometimes
while citing a different outlet. This module compares every pair of articles of an event and says,
with its evidence, which article each one was most likely derived from.

Method
------
Sentence similarity
    Every sentence is a TF-IDF vector of word 1-2-grams (tokens of :mod:`analysis.text.tokens`) and one
    of character 3-5-grams inside words; the similarity of two sentences is the mean of the two
    cosines (0 to 1). Word n-grams reward shared phrasing, character n-grams survive inflection and
    small edits; both ignore word order, so a sentence with its clauses reordered stays similar.
    IDF weights are fitted on all sentences of the event, so words every article uses ("NATO",
    "Tokyo") count for less than rarer shared wording.
Sentence alignment
    For an ordered pair (article X, article Y) each sentence of X is aligned to its most similar
    sentence of Y (ties: the earlier one). It is *copied* when the similarity reaches
    ``rewrite_threshold`` and the word sequences agree to at least ``copy_ratio`` (difflib ratio on
    tokens: at most about one word in ten changed), *rewritten* when only the similarity reaches
    ``rewrite_threshold``, and *new* otherwise. Sentences of Y that are *new* relative to X are
    the ones X left out.
Containment
    Broder's containment on word 3-grams inside sentences: the share of an article's distinct
    3-grams that also occur in the other article.
Derivation
    For article X, every other article Y with at least ``min_aligned`` aligned sentences and at
    least ``min_share`` of X's words in them is a candidate source. A direction score says whether
    Y came before X: Y named by X as its source +2 (X named by Y -2); Y published earlier +1 (later
    -1; dates are evidence, not proof, and missing dates count 0); Y named as a source by some
    article of the event and X not +0.5 (the reverse -0.5); X contained in Y more than Y in X by
    at least 0.1 +0.5 (the reverse -0.5; a shortened rewrite is more contained in its source than
    the source in it, but expansions reverse this, so it weighs least). Candidates with a
    negative score are dropped (Y is more likely derived from X). The rest are ranked by reuse
    score (share of X's words in aligned sentences, weighted by their similarity), so the article
    whose wording X follows most closely wins even if X names another; candidates within
    ``tie_margin`` of the best are ranked by direction score, then reuse score, then date and id.
    Sources are assigned so that the derivation graph has no cycle. Confidence is *high* with at
    least 5 aligned sentences, at least 80% of them in the source's order, direction score of at
    least 1 from names and dates alone, and a runner-up below 75% of the best reuse score;
    *medium* with at least 3 aligned sentences and names-and-dates score of at least 1; *low*
    otherwise; *none* when no candidate is left.
Named source
    From the articles table's ``source`` column when set; otherwise from attribution phrases
    naming another article's outlet or platform ("according to a May 3 report by Nikkei Asia",
    "Nikkei Asia reported", "This was reported by Nikkei Asia", "citing Nikkei", "Nikkei sources").
    A multi-word name also matches by its first word ("Nikkei") unless that word is generic
    (:data:`GENERIC_NAME_WORDS`). The most often named outlet wins, then the first named.
Pruning
    Pairwise work grows with the square of the number of articles. For large events
    (``prune="auto"`` above ``prune_above`` articles) only candidate pairs are compared: pairs with
    at least one pair of sentences whose content-word sets collide in MinHash LSH
    (``prune="minhash"``, datasketch, fixed seed), or pairs sharing at least ``min_shared`` word
    3-grams that occur in few articles (``prune="ngrams"``).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse

from analysis.text.tokens import tokenize

__all__ = [
    "DERIVATION_COLUMNS",
    "GENERIC_NAME_WORDS",
    "PAIR_COLUMNS",
    "RELATIONS",
    "SENTENCE_ALIGNMENT_COLUMNS",
    "ReuseOptions",
    "added_sentences",
    "aligned_sentences",
    "build_reuse_tables",
    "candidate_pairs",
    "choose_pair",
    "compare_articles",
    "diff_words",
    "find_named_sources",
    "omitted_sentences",
    "sentence_relations",
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

GENERIC_NAME_WORDS = frozenset(
    [
        "the", "a", "an", "new", "global", "daily", "times", "news", "post", "world", "international", "national",
        "asia", "asian", "japan", "japanese", "china", "chinese", "korea", "korean", "india", "indian", "russia",
        "russian", "europe", "european", "america", "american", "us", "uk", "british", "herald", "tribune",
        "journal", "morning", "evening", "sunday", "weekly", "today", "press", "media", "first", "free", "radio",
        "tv", "voice", "public", "one", "north", "south", "east", "west", "central", "capital", "city", "star",
        "sun", "mail", "telegraph", "express",
    ]
)
"""First words of outlet names too common to stand for the outlet on their own ("New", "Global")."""

CONFIDENCE_LEVELS = ("high", "medium", "low", "none")


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
        With ``prune="minhash"``, the most articles each article is compared with (earliest first
        among equals; see :mod:`analysis.analyses.reuse_candidates`).
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
    max_partners: int = 20
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
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').lower()


def _tokens(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def _word_features(tokens: list[str]) -> list[str]:
    """Word unigrams and bigrams of a token list."""
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


class _SentenceIndex:
    """Sentence vectors of an event, grouped by article (rows sorted by article_id, sentence_id)."""

    def __init__(self, sentences: pd.DataFrame) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        data = sentences.sort_values(["article_id", "sentence_id"], kind="stable").reset_index(drop=True)
        self.data = data
        texts = data["text"].fillna("").astype(str).tolist()
        self.tokens = [_tokens(t) for t in texts]
        self.n_words = np.array([len(t) for t in self.tokens], dtype=float)
        word = TfidfVectorizer(analyzer=_word_features, sublinear_tf=True, norm="l2")
        char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), preprocessor=_normalise_text, sublinear_tf=True, norm="l2"
        )
        self.word = word.fit_transform(self.tokens).tocsr() if any(self.tokens) else None
        self.char = char.fit_transform(texts).tocsr() if any(t.strip() for t in texts) else None
        # both vectors side by side: one sparse product gives the sum of the two cosines
        parts = [m for m in (self.word, self.char) if m is not None]
        self.both = scipy.sparse.hstack(parts, format="csr") if parts else None
        self.both_t = self.both.T.tocsr() if self.both is not None else None
        self.rows: dict[str, tuple[int, int]] = {}
        owners = data["article_id"].astype(str).to_numpy()
        if len(owners):
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            stops = np.r_[starts[1:], len(owners)]
            self.rows = {str(owners[a]): (int(a), int(b)) for a, b in zip(starts, stops, strict=True)}
        distinct: dict[tuple[str, ...], int] = {}
        self.token_ids = [distinct.setdefault(tuple(t), len(distinct)) for t in self.tokens]
        self.ratios: dict[tuple[int, int], float] = {}  # difflib ratio by pair of distinct token lists

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


# --------------------------------------------------------------------------------------------------
# Candidate pairs


def _content_words(tokens: list[str]) -> set[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return {t for t in tokens if t not in ENGLISH_STOP_WORDS and len(t) > 1}


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
    max_partners: int = 20,
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
        near-copies at article level, at most ``max_partners`` per article (earliest first, by
        ``published``): see :mod:`analysis.analyses.reuse_candidates`.
        ``"ngrams"``: pairs sharing at least ``min_shared`` word ``ngram``-grams, counting only
        n-grams found in at most ``max_articles`` articles (common phrases say nothing about reuse
        and would bring back the quadratic cost).
    max_partners : int
        ``"minhash"`` only: the most partners per article.
    published : mapping, optional
        ``"minhash"`` only: publication date (ISO text) by article id; earlier partners are preferred.
    tokens : list of lists, optional
        Tokens of each sentence in ``article_id``, ``sentence_id`` order, when already computed.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": [0, 0, 0], "text": [
    ...     "The cat sat on the old red mat today.", "The cat sat on the old red mat today!",
    ...     "Stock markets fell sharply in Tokyo."]})
    >>> candidate_pairs(s)
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
        from analysis.analyses.reuse_candidates import lsh_candidate_pairs

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
# Named sources

_NAME_FLAGS = re.IGNORECASE
_CUE_AFTER = (
    r"(?:has\s+|had\s+|have\s+)?(?:first\s+)?(?:reported|reports|wrote|writes|said|says|noted|notes|revealed|"
    r"reveals|learned|learnt|cited|cites|quoted|quotes|claimed|claims|pointed\s+out|stated|states|added)\b"
)
_ATTRIBUTION_TEMPLATES = (
    r"according\s+to\s+(?:(?:a|an|the)\s+)?(?:[\w\s,.-]{{0,40}}?\s)?(?:report|article|story|piece)s?"
    r"\s+(?:by|from|in|of)\s+{name}",
    r"according\s+to\s+{name}",
    r"(?:reported|published|cited|quoted|revealed|written)\s+(?:first\s+)?(?:by|in)\s+{name}",
    r"(?:citing|quoting|per)\s+(?:(?:a|an|the)\s+)?(?:(?:report|article|story)\s+(?:by|from|in)\s+)?{name}",
    r"(?:report|article|story)s?\s+(?:by|from|in)\s+{name}",
    r"{name}\s+(?:also\s+|further\s+)?" + _CUE_AFTER,
    r"{name}(?:'s|’s)?\s+(?:report|reporting|article|story|sources?)\b",
)


def _name_aliases(name: str) -> list[str]:
    """The name, without a leading "The", and its first word when that is distinctive."""
    name = " ".join(str(name).split())
    out = [name]
    if name.lower().startswith("the "):
        out.append(name[4:])
    words = out[-1].split()
    first = words[0] if words else ""
    if len(words) > 1 and len(first) >= 3 and first[0].isupper() and first.lower() not in GENERIC_NAME_WORDS:
        out.append(first)
    return sorted(set(out), key=lambda s: (-len(s), s))


def find_named_sources(articles: pd.DataFrame) -> pd.DataFrame:
    """Who each article says it relays: ``article_id``, ``named_source``, ``named_source_article_id``, ``named_by``.

    ``named_source`` is the ``source`` column when it is set (``named_by`` = ``"source column"``);
    otherwise the outlet of the other article whose outlet or platform name appears most often in
    an attribution phrase of the text (ties: the first named), with ``named_by`` quoting the first
    such phrase. Names of the article's own outlet and platform are ignored ("Nikkei Asia has
    learned" in Nikkei's own report).

    Examples
    --------
    >>> a = pd.DataFrame({"article_id": ["1", "2"], "outlet": ["Nikkei Asia", "RT"],
    ...     "platform": [None, None], "source": [None, None], "published": [None, None],
    ...     "text": ["NATO will open an office, Nikkei Asia has learned.",
    ...              "NATO will open an office, Nikkei reported on Wednesday."]})
    >>> find_named_sources(a)[["article_id", "named_source", "named_source_article_id"]].values.tolist()
    [['1', None, None], ['2', 'Nikkei Asia', '1']]
    """
    data = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)  # alias -> [(article_id, outlet)], by date
    for row in _by_date(data).itertuples():
        for field in ("outlet", "platform"):
            value = getattr(row, field, None)
            if isinstance(value, str) and value.strip():
                for alias in _name_aliases(value):
                    if (str(row.article_id), str(row.outlet)) not in holders[alias]:
                        holders[alias].append((str(row.article_id), str(row.outlet)))
    by_lower: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for alias, owners in holders.items():
        by_lower[alias.lower()].extend(o for o in owners if o not in by_lower[alias.lower()])
    patterns = []
    if holders:
        names = "|".join(re.escape(a) for a in sorted(holders, key=lambda s: (-len(s), s)))
        name = rf"(?<![\w-])(?:the\s+)?(?P<name>(?-i:{names}))(?![\w-])"
        patterns = [re.compile(t.format(name=name), flags=_NAME_FLAGS) for t in _ATTRIBUTION_TEMPLATES]
    rows = []
    for row in data.itertuples():
        article_id = str(row.article_id)
        declared = getattr(row, "source", None)
        if isinstance(declared, str) and declared.strip():
            match = [aid for aid, _ in by_lower.get(declared.strip().lower(), []) if aid != article_id]
            rows.append((article_id, declared.strip(), match[0] if match else None, "source column"))
            continue
        own = {n.lower() for f in ("outlet", "platform") for n in _name_aliases(getattr(row, f, None) or "x")}
        text = str(row.text) if isinstance(row.text, str) else ""
        hits: dict[str, dict[int, str]] = defaultdict(dict)  # outlet -> {position of the name: phrase}
        first_id: dict[str, str] = {}
        for pattern in patterns:
            for match in pattern.finditer(text):
                alias = match.group("name")
                if alias.lower() in own:
                    continue
                for aid, outlet in holders[alias]:
                    if aid != article_id:
                        hits[outlet].setdefault(match.start("name"), " ".join(match.group(0).split()))
                        first_id.setdefault(outlet, aid)
        if hits:
            ranked = sorted((-len(h), min(h), outlet) for outlet, h in hits.items())
            _, first, outlet = ranked[0]
            rows.append((article_id, outlet, first_id[outlet], f"“{hits[outlet][first]}”"))
        else:
            rows.append((article_id, None, None, None))
    columns = ["article_id", "named_source", "named_source_article_id", "named_by"]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _by_date(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles sorted by publication date (undated last), then article_id."""
    dates = pd.to_datetime(articles.get("published"), errors="coerce")
    return (
        articles.assign(_date=dates)
        .sort_values(["_date", "article_id"], kind="stable", na_position="last")
        .drop(columns="_date")
    )


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


def _relations(index: _SentenceIndex, rows_x: range, rows_y: range, sim: np.ndarray, options: ReuseOptions):
    """Best match, similarity and relation of each sentence of X in Y."""
    best = sim.argmax(axis=1)
    values = sim[np.arange(sim.shape[0]), best]
    relations = []
    for i, (j, value) in enumerate(zip(best, values, strict=True)):
        if value < options.rewrite_threshold:
            relations.append("new")
            continue
        ratio = index.ratio(rows_x[i], rows_y[int(j)])
        relations.append("copied" if ratio >= options.copy_ratio else "rewritten")
    return best, values, relations


def _compare(
    index: _SentenceIndex,
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
                        align_parts["article_id"].append(np.full(x1 - x0, x, dtype=object))
                        align_parts["sentence_id"].append(sentence_ids[x0:x1])
                        align_parts["source_article_id"].append(np.full(x1 - x0, y, dtype=object))
                        align_parts["source_sentence_id"].append(sentence_ids[y0 + best])
                        align_parts["similarity"].append(values)
                        align_parts["relation"].append(np.array(relations, dtype=object))
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
    columns = SENTENCE_ALIGNMENT_COLUMNS[:-1]
    if align_parts["article_id"]:
        alignment = pd.DataFrame({c: np.concatenate(v) for c, v in align_parts.items()}, columns=columns)
    else:
        alignment = pd.DataFrame(columns=columns)
    return alignment, pd.DataFrame(pair_rows, columns=[c for c in PAIR_COLUMNS if "outlet" not in c]), stats


def _no_rows(x: str, y: str) -> bool:
    return False


def _similarity_columns(index: _SentenceIndex, rows: slice, cols: np.ndarray) -> np.ndarray:
    if index.both is None:
        return np.zeros((rows.stop - rows.start, len(cols)))
    total = (index.both[rows] @ index.both_t[:, cols]).toarray()
    return np.round(total / 2, 4)


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
    if abs(cx - cy) >= 0.1:
        score += 0.5 if cx > cy else -0.5
        notes.append(
            f"3-gram containment {cx:.0%} of it in {info[y]['outlet']}, {cy:.0%} the other way "
            + ("(as in a shortened copy)" if cx > cy else "(points the other way, as in an expanded rewrite)")
        )
    return score, external, notes


def _derive(
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
        clear = runner is None or runner["score"] < 0.75 * c["score"]
        if c["aligned"] >= 5 and in_order >= 0.8 and c["external"] >= 1 and clear:
            confidence = "high"
        elif c["aligned"] >= 3 and c["external"] >= 1:
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


def compare_articles(
    articles: pd.DataFrame, sentences: pd.DataFrame, *, options: ReuseOptions | None = None
) -> dict[str, pd.DataFrame]:
    """Compare the articles of an event: ``reuse_pairs``, ``sentence_alignment`` and ``derivation``.

    Parameters
    ----------
    articles : DataFrame
        ``article_id``, ``outlet``, ``platform``, ``source``, ``published``, ``text``.
    sentences : DataFrame
        ``article_id``, ``sentence_id``, ``text``.
    options : ReuseOptions, optional

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
    >>> out = compare_articles(articles, sentences)
    >>> out["derivation"][["article_id", "likely_source_article_id", "named_source"]].values.tolist()
    [['a', None, None], ['b', None, 'Wire']]
    >>> out["sentence_alignment"].query("article_id == 'b'")["relation"].tolist()
    ['copied', 'new']
    """
    options = options or ReuseOptions()
    articles = articles.assign(article_id=articles["article_id"].astype(str)).sort_values(
        "article_id", kind="stable").reset_index(drop=True)
    sentences = sentences.assign(article_id=sentences["article_id"].astype(str))
    sentences = sentences[sentences["article_id"].isin(set(articles["article_id"]))]
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
        index = _SentenceIndex(sentences)
        published = dict(zip(articles["article_id"], articles.get("published", pd.Series(dtype=object)), strict=False))
        pairs = candidate_pairs(
            sentences, method=method, ngram=options.ngram, max_partners=options.max_partners, published=published,
            tokens=index.tokens,
        )
        alignment, pairs_table, stats = _compare(index, pairs, options, keep_rows=None if all_rows else _no_rows)
    counts = {str(k): int(v) for k, v in sentences.groupby("article_id").size().items()}
    derivation = _derive(articles, named, stats, counts, options)
    if not sentences.empty and not all_rows:  # rows only for each article against its likely source, both ways
        source_of = {a: s for a, s in zip(derivation["article_id"], derivation["likely_source_article_id"],
                                          strict=True) if isinstance(s, str)}
        kept = sorted({(min(a, s), max(a, s)) for a, s in source_of.items()})
        alignment, _, _ = _compare(index, kept, options,
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
    """Table builder for the pipeline: ``reuse_pairs``, ``sentence_alignment`` and ``derivation``."""
    return compare_articles(tables["articles"], tables["sentences"])


# --------------------------------------------------------------------------------------------------
# Views for readers


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


def choose_pair(derivation: pd.DataFrame, *, article_id: str = "", source_article_id: str = "") -> tuple[str, str]:
    """The (article, source) pair to show side by side.

    The given ones; else the first article (by id) that has a likely source, with that source;
    else, when no article was derived from another, the first two articles (the view then shows
    that they share nothing).

    Raises
    ------
    ValueError
        When ``article_id`` or ``source_article_id`` is not an article of the table.

    Examples
    --------
    >>> d = pd.DataFrame({"article_id": ["a", "b"], "likely_source_article_id": [None, "a"]})
    >>> choose_pair(d)
    ('b', 'a')
    >>> choose_pair(d, article_id="a", source_article_id="b")
    ('a', 'b')
    >>> choose_pair(d.assign(likely_source_article_id=None))
    ('a', 'b')
    """
    ids = sorted(derivation["article_id"].astype(str))
    known = dict(zip(derivation["article_id"].astype(str), derivation["likely_source_article_id"], strict=True))
    for given in (article_id, source_article_id):
        if given and given not in known:
            raise ValueError(f"choose_pair: unknown article_id {given!r} (articles: {', '.join(ids)})")
    if not ids:
        raise ValueError("choose_pair: the derivation table is empty")
    if not article_id:
        derived = [a for a in ids if isinstance(known[a], str) and known[a]]
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
