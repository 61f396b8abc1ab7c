"""Candidate article pairs for reuse detection in near-linear time (MinHash LSH, bounded per article).

Comparing every pair of articles grows with the square of their number. This module proposes the
pairs worth aligning, from two MinHash LSH indexes (datasketch, fixed seed):

Sentence level
    Each sentence is its set of content words (tokens minus English stop words, longer than one
    character; sets of fewer than ``min_words`` words are skipped). Identical sets are hashed once.
    Two articles are candidates when one sentence of each collides in the LSH index (estimated
    Jaccard similarity of about ``threshold`` or more).
Article level
    Each article is its set of word 3-grams; articles that collide (about ``article_threshold`` or
    more) are candidates, which finds near-copies even when every sentence was edited.

Bounds
    A sentence shared by thousands of articles (a wire paragraph every outlet relays) would bring
    the quadratic cost back. When the articles holding a group of colliding sentences number more
    than ``max_partners + 1``, each holder is paired only with the ``max_partners`` *earliest* of them
    (by publication date, undated last, then article id): the likely sources. Finally each article
    keeps at most ``max_partners`` partners, article-level neighbours first, then by the number of its
    sentences that collide with the partner (descending), then date and id. Below these bounds the
    pairs are exactly those of an unbounded sentence-level LSH, so small events are unaffected.

The work is linear in the number of sentences (one MinHash per distinct sentence, one LSH insert and
query each) plus ``max_partners`` per sentence holder; the number of pairs is at most
``max_partners`` times the number of articles.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

import pandas as pd

from analysis.resources.stopwords import english_stop_words
from analysis.text.tokens import tokenize

__all__ = ["lsh_candidate_pairs"]

_UNDATED = "9999-99-99"


def _content_words(tokens: list[str], stop_words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted({t for t in tokens if t not in stop_words and len(t) > 1}))


def _minhash_lsh(sets: Iterable[Iterable[str]], *, threshold: float, num_perm: int, seed: int) -> list[list[int]]:
    """For each set, the indexes of the sets colliding with it in MinHash LSH (itself included), sorted."""
    from datasketch import MinHash, MinHashLSH

    hashes = list(MinHash.generator(([w.encode("utf-8") for w in s] for s in sets), num_perm=num_perm, seed=seed))
    if not hashes:
        return []
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, h in enumerate(hashes):
            session.insert(i, h, check_duplication=False)
    return [sorted(lsh.query(h)) for h in hashes]


def lsh_candidate_pairs(  # noqa: C901 - one pass over sentence and article LSH with its bounds
    sentences: pd.DataFrame,
    *,
    published: Mapping[str, str] | None = None,
    threshold: float = 0.5,
    article_threshold: float = 0.5,
    num_perm: int = 64,
    seed: int = 1,
    min_words: int = 3,
    max_partners: int = 20,
    tokens: list[list[str]] | None = None,
) -> list[tuple[str, str]]:
    """The ``"minhash"`` candidates of :func:`~analysis.analyses.reuse.similarity.candidate_pairs` (sorted, a < b).

    Parameters
    ----------
    sentences : DataFrame
        The ``sentences`` table (``article_id``, ``sentence_id``, ``text``).
    published : mapping, optional
        Publication date (ISO text) by article id; earlier articles are preferred as partners when
        a bound applies. Missing or empty dates sort last.
    threshold, article_threshold : float
        LSH thresholds (estimated Jaccard similarity) at sentence and article level.
    num_perm, seed : int
        MinHash permutations and seed.
    min_words : int
        Sentences with fewer distinct content words are not indexed.
    max_partners : int
        Most partners per article (see the module docstring).
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

    def rank(article_id: str) -> tuple[str, str]:
        return (dates.get(article_id, _UNDATED), article_id)

    # distinct content-word sets, and who holds each
    key_id: dict[tuple[str, ...], int] = {}
    holders: list[set[str]] = []
    article_ids: list[str] = []
    gram_sets: list[tuple[str, ...]] = []  # word 3-grams of each article, as "w1 w2 w3"
    current: set[str] = set()
    if tokens is not None and len(tokens) != len(texts):
        raise ValueError(f"lsh_candidate_pairs: {len(tokens)} token lists for {len(texts)} sentences")
    token_lists = tokens if tokens is not None else ([t.text for t in tokenize(text)] for text in texts)
    for n, (owner, words) in enumerate(zip(owners, token_lists, strict=False)):
        current.update(" ".join(g) for g in zip(words, words[1:], words[2:], strict=False))
        if n + 1 == len(owners) or owners[n + 1] != owner:
            article_ids.append(owner)
            gram_sets.append(tuple(sorted(current)))
            current = set()
        key = _content_words(words, stop_words)
        if len(key) < min_words:
            continue
        k = key_id.setdefault(key, len(key_id))
        if k == len(holders):
            holders.append(set())
        holders[k].add(owner)
    ordered = [sorted(h, key=rank) for h in holders]
    neighbours = _minhash_lsh(list(key_id), threshold=threshold, num_perm=num_perm, seed=seed)

    shared: dict[str, Counter[str]] = defaultdict(Counter)
    limit = max_partners + 1
    for k, near in enumerate(neighbours):
        group = list(islice(_unique(heapq.merge(*(ordered[j] for j in near), key=rank)), limit + 1))
        if len(group) <= limit:  # small group: every holder with every article of the group
            for x in ordered[k]:
                for y in group:
                    if y != x:
                        shared[x][y] += 1
        else:  # large group: every holder with the earliest articles of the group only
            for x in ordered[k]:
                for y in group[:limit]:
                    if y != x:
                        shared[x][y] += 1
                        shared[y][x] += 1

    near_copies: dict[str, set[str]] = defaultdict(set)
    for i, near in enumerate(
        _minhash_lsh(gram_sets, threshold=article_threshold, num_perm=num_perm, seed=seed)
    ):
        others = sorted((article_ids[j] for j in near if j != i), key=rank)
        for y in others[:max_partners]:
            near_copies[article_ids[i]].add(y)
            near_copies[y].add(article_ids[i])

    pairs: set[tuple[str, str]] = set()
    for x in set(shared) | set(near_copies):
        partners = set(shared[x]) | near_copies[x]
        best = sorted(partners, key=lambda y: (y not in near_copies[x], -shared[x][y], *rank(y)))
        for y in best[:max_partners]:
            pairs.add((min(x, y), max(x, y)))
    return sorted(pairs)


def _unique(items: Iterable[str]) -> Iterator[str]:
    last = None
    for item in items:
        if item != last:
            yield item
            last = item
