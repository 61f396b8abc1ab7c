"""Candidate article pairs for reuse detection in linear time (MinHash LSH, bounded per article).

Comparing every pair of articles grows with the square of their number. This module proposes the
pairs worth aligning, from two MinHash LSH indexes (datasketch, fixed seed):

Sentence level
    Each sentence is its set of content words (tokens minus English stop words, longer than one
    character; sets of fewer than ``min_words`` words are skipped). Identical sets are hashed once.
    Two articles share a sentence when one sentence of each collides in the LSH index (estimated
    Jaccard similarity of about ``threshold`` or more).
Article level
    Each article is its set of word 3-grams; articles that collide (about ``article_threshold`` or
    more) are near-copies, which finds them even when every sentence was edited.

Bounds (the way text-reuse tools bound their work, e.g. passim's ``--max-df`` and its per-document
candidate lists)
    Only an article's possible *sources* are its candidates: articles not published after it
    (undated articles on either side count as possible). Each article keeps at most ``max_partners``
    (:data:`MAX_PARTNERS`) of them, ranked by evidence of reuse: near-copies first (3-gram sets
    colliding in LSH and of exact Jaccard similarity at least ``article_threshold``; the most
    similar first), then by the number of its sentences that collide with the candidate's
    (descending), then the earliest, then by article id. A pair
    is compared when either of its articles picked the other, so at most ``max_partners`` times the
    number of articles pairs are compared, and each article still meets the later articles that
    copied it (they pick it).

    A group of colliding sentences held by more than :data:`MAX_DF` articles (a wire paragraph
    every outlet relays) would bring the quadratic cost back: as passim drops n-gram features of
    document frequency above ``--max-df``, such a group counts, for each holder, only its
    ``max_partners + 1`` earliest holders (the likely originals of the paragraph) rather than all.
    Below these bounds every pair of the unbounded sentence-level LSH is counted, so small events
    are unaffected.

The work is linear in the number of sentences (one MinHash per distinct sentence, one LSH insert and
query each) plus at most :data:`MAX_DF` counts per sentence holder; the number of pairs is at most
``max_partners`` times the number of articles.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice

import numpy as np
import pandas as pd

from analysis.resources.stopwords import english_stop_words
from analysis.text.tokens import tokenize

__all__ = ["MAX_DF", "MAX_PARTNERS", "lsh_candidate_pairs"]

MAX_PARTNERS = 5  # candidate sources per article: the likely source is nearly always among the 5 richest
MAX_DF = 100  # a sentence held by more articles is wire copy: its holders meet only its earliest holders

_UNDATED = "9999-99-99"


def _content_words(tokens: list[str], stop_words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted({t for t in tokens if t not in stop_words and len(t) > 1}))


def _minhash_lsh(
    sets: Iterable[Iterable[str]], *, threshold: float, num_perm: int, seed: int, order: list, keep: int,
    with_values: bool = False,
) -> list[set[int]] | tuple[list[set[int]], np.ndarray]:
    """For each set, the indexes of the sets colliding with it in MinHash LSH (itself included);
    with ``with_values``, also the MinHash values (one row per set).

    The bands are those of datasketch's ``MinHashLSH(threshold, num_perm)``: two sets collide when
    every hash value of one band agrees, as in its ``query``. A band bucket of more than
    :data:`MAX_DF` sets (a phrase or template nearly every article repeats) links each of its sets
    only to its ``keep`` first sets by ``order`` (the earliest), not to each other, so the work
    stays linear; smaller buckets give exactly datasketch's collisions.
    """
    from datasketch import MinHash, MinHashLSH

    hashes = list(MinHash.generator(([w.encode("utf-8") for w in s] for s in sets), num_perm=num_perm, seed=seed))
    if not hashes:
        return ([], np.zeros((0, num_perm), dtype=np.uint64)) if with_values else []
    values = np.vstack([h.hashvalues for h in hashes])
    near = [{i} for i in range(len(hashes))]
    for start, stop in MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges:
        band = np.ascontiguousarray(values[:, start:stop])
        _, bucket, sizes = np.unique(band.view(np.dtype((np.void, band.itemsize * (stop - start)))).ravel(),
                                     return_inverse=True, return_counts=True)
        members = np.flatnonzero(sizes[bucket] > 1)
        members = members[np.argsort(bucket[members], kind="stable")]
        for group in np.split(members, np.flatnonzero(np.diff(bucket[members])) + 1) if members.size else ():
            linked = group.tolist()
            if len(linked) > MAX_DF:
                linked = sorted(linked, key=order.__getitem__)[:keep]
            for i in group.tolist():
                near[i].update(linked)
    return (near, values) if with_values else near


def _not_later(dates: Mapping[str, str]) -> Callable[[str, str], bool]:
    """``possible(y, x)``: whether y may be a source of x (not published after it; undated: possible)."""

    def possible(y: str, x: str) -> bool:
        dy, dx = dates.get(y, _UNDATED), dates.get(x, _UNDATED)
        return dy <= dx or dx == _UNDATED

    return possible


def _near_copies(
    article_ids: list[str],
    gram_sets: list[set[str]],
    possible: Callable[[str, str], bool],
    *,
    threshold: float,
    num_perm: int,
    seed: int,
    keep: int,
    rank: Callable[[str], tuple[str, str]],
) -> dict[str, dict[str, float]]:
    """Near-copy sources of each article with their Jaccard similarity (3-gram sets).

    LSH proposes the pairs; those whose MinHash estimate and exact Jaccard similarity both reach
    ``threshold`` are near-copies (the estimate, one array comparison per article, spares the exact
    set intersection for most LSH proposals), ranked by the exact value; only possible sources
    (``possible(y, x)``) are kept.
    """
    out: dict[str, dict[str, float]] = defaultdict(dict)
    order = [rank(a) for a in article_ids]
    colliding, values = _minhash_lsh(gram_sets, threshold=threshold, num_perm=num_perm, seed=seed, order=order,
                                     keep=keep, with_values=True)
    for i, near in enumerate(colliding):
        x = article_ids[i]
        others = [j for j in sorted(near) if j != i and possible(article_ids[j], x)]
        if not others:
            continue
        estimate = np.count_nonzero(values[others] == values[i], axis=1) / num_perm
        for j in np.asarray(others)[estimate >= threshold].tolist():
            common = len(gram_sets[i] & gram_sets[j])
            jaccard = common / (len(gram_sets[i]) + len(gram_sets[j]) - common)
            if jaccard >= threshold:
                out[x][article_ids[j]] = jaccard
    return out


def lsh_candidate_pairs(
    sentences: pd.DataFrame,
    *,
    published: Mapping[str, str] | None = None,
    threshold: float = 0.5,
    article_threshold: float = 0.5,
    num_perm: int = 64,
    seed: int = 1,
    min_words: int = 3,
    max_partners: int = MAX_PARTNERS,
    tokens: list[list[str]] | None = None,
) -> list[tuple[str, str]]:
    """The ``"minhash"`` candidates of :func:`~analysis.analyses.reuse.similarity.candidate_pairs` (sorted, a < b).

    Parameters
    ----------
    sentences : DataFrame
        The ``sentences`` table (``article_id``, ``sentence_id``, ``text``).
    published : mapping, optional
        Publication date (ISO text) by article id: an article's candidate sources are the articles
        not published after it, earliest first among equals. Missing or empty dates sort last and
        count as possible either way.
    threshold, article_threshold : float
        LSH thresholds (estimated Jaccard similarity) at sentence and article level.
    num_perm, seed : int
        MinHash permutations and seed.
    min_words : int
        Sentences with fewer distinct content words are not indexed.
    max_partners : int
        Most candidate sources per article (see the module docstring); at most ``max_partners``
        times the number of articles pairs are returned.
    tokens : list of lists, optional
        The tokens of each sentence (:func:`analysis.text.tokens.tokenize`, lower-cased), in the
        order of ``sentences`` sorted by ``article_id`` and ``sentence_id``, when already known.

    Examples
    --------
    >>> s = pd.DataFrame({"article_id": ["a", "b", "c"], "sentence_id": [0, 0, 0], "text": [
    ...     "The cat sat on the old red mat today.", "The cat sat on the old red mat today!",
    ...     "Stock markets fell sharply in Tokyo."]})
    >>> lsh_candidate_pairs(s)
    [('a', 'b')]
    """
    if max_partners < 1 or min_words < 1:
        raise ValueError("lsh_candidate_pairs: max_partners and min_words must be at least 1")
    stop_words = english_stop_words()
    data = sentences.sort_values(["article_id", "sentence_id"], kind="stable")
    owners = data["article_id"].astype(str).tolist()
    texts = data["text"].fillna("").astype(str).tolist()
    dates = {str(k): (v if isinstance(v, str) and v else _UNDATED) for k, v in (published or {}).items()}
    possible = _not_later(dates)

    def rank(article_id: str) -> tuple[str, str]:
        return (dates.get(article_id, _UNDATED), article_id)

    # distinct content-word sets, and who holds each
    key_id: dict[tuple[str, ...], int] = {}
    holders: list[set[str]] = []
    article_ids: list[str] = []
    gram_sets: list[set[str]] = []  # word 3-grams of each article, as "w1 w2 w3"
    current: set[str] = set()
    if tokens is not None and len(tokens) != len(texts):
        raise ValueError(f"lsh_candidate_pairs: {len(tokens)} token lists for {len(texts)} sentences")
    token_lists = tokens if tokens is not None else ([t.text for t in tokenize(text)] for text in texts)
    for n, (owner, words) in enumerate(zip(owners, token_lists, strict=False)):
        current.update(" ".join(g) for g in zip(words, words[1:], words[2:], strict=False))
        if n + 1 == len(owners) or owners[n + 1] != owner:
            article_ids.append(owner)
            gram_sets.append(current)
            current = set()
        key = _content_words(words, stop_words)
        if len(key) < min_words:
            continue
        k = key_id.setdefault(key, len(key_id))
        if k == len(holders):
            holders.append(set())
        holders[k].add(owner)
    ordered = [sorted(h, key=rank) for h in holders]
    neighbours = _minhash_lsh(list(key_id), threshold=threshold, num_perm=num_perm, seed=seed,
                              order=[rank(h[0]) for h in ordered], keep=max_partners + 1)

    # shared[x][y]: sentences of x colliding with a sentence of y, for y a possible source of x
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    for k, near in enumerate(neighbours):
        group = list(islice(_unique(heapq.merge(*(ordered[j] for j in near), key=rank)), MAX_DF + 1))
        if len(group) > MAX_DF:  # wire copy: only the earliest holders count
            group = group[: max_partners + 1]
        for x in ordered[k]:
            for y in group:
                if y != x and possible(y, x):
                    shared[x][y] += 1

    near_copies = _near_copies(
        article_ids, gram_sets, possible, threshold=article_threshold, num_perm=num_perm, seed=seed,
        keep=max_partners + 1, rank=rank,
    )

    pairs: set[tuple[str, str]] = set()
    for x in set(shared) | set(near_copies):
        copies, counts = near_copies.get(x, {}), shared.get(x, Counter())
        best = heapq.nsmallest(
            max_partners, set(counts) | set(copies), key=lambda y: (-copies.get(y, 0.0), -counts[y], *rank(y))
        )
        pairs.update((min(x, y), max(x, y)) for y in best)
    return sorted(pairs)


def _unique(items: Iterable[str]) -> Iterator[str]:
    last = None
    for item in items:
        if item != last:
            yield item
            last = item
