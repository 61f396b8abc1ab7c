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
    (``prune="minhash"``, datasketch, fixed seed; also near-copies: whole articles whose word
    3-grams collide and are at least half the same), each article keeping at most ``max_partners``
    candidate sources not published after it (:data:`~analysis.analyses.reuse.candidates.MAX_PARTNERS`;
    sentences held by more than :data:`~analysis.analyses.reuse.candidates.MAX_DF` articles count only
    their earliest holders; :mod:`analysis.analyses.reuse.candidates`),
    or pairs sharing at least ``min_shared`` word 3-grams that occur in few articles
    (``prune="ngrams"``). On a pruned event ``sentence_alignment`` keeps only each article against
    its likely source and back (``ReuseOptions.alignment``), so no table grows with the square of
    the number of articles.
"""

from __future__ import annotations

from analysis.analyses.reuse.derivation import (
    DERIVATION_COLUMNS,
    build_reuse_tables,
    reuse_tables,
)
from analysis.analyses.reuse.similarity import (
    PAIR_COLUMNS,
    RELATIONS,
    SENTENCE_ALIGNMENT_COLUMNS,
    ReuseOptions,
    candidate_pairs,
)
from analysis.analyses.reuse.sources import (
    GENERIC_NAME_WORDS,
    find_named_sources,
)

__all__ = [
    "DERIVATION_COLUMNS",
    "GENERIC_NAME_WORDS",
    "PAIR_COLUMNS",
    "RELATIONS",
    "SENTENCE_ALIGNMENT_COLUMNS",
    "ReuseOptions",
    "build_reuse_tables",
    "candidate_pairs",
    "find_named_sources",
    "reuse_tables",
]
