"""Small statistics shared by the stance tables: the speech kinds, a seeded bootstrap of a mean, VADER once per text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["SPEECH_KINDS", "VaderScores", "bootstrap_mean", "bootstrap_means"]

SPEECH_KINDS = ("direct", "partial", "unattributed")
"""Quotation kinds that are someone's speech (the ``quoted`` voice); scare quotes, terms and documents are not."""


def bootstrap_mean(
    values: Sequence[float], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """Mean of ``values`` and a percentile bootstrap interval (resampling the values, seeded).

    Examples
    --------
    >>> bootstrap_mean([0.5])
    (0.5, 0.5, 0.5)
    >>> mean, low, high = bootstrap_mean([0.0, 1.0, 0.5, 0.25], seed=1)
    >>> mean, low <= mean <= high
    (0.4375, True)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be positive, got {n_boot}")
    return _bootstrap(values, n_boot=n_boot, level=level, seed=seed, draws={})


def _bootstrap(
    values: Sequence[float], *, n_boot: int, level: float, seed: int, draws: dict[int, np.ndarray]
) -> tuple[float, float, float]:
    """:func:`bootstrap_mean`; ``draws`` keeps the resampling indices of each size between calls.

    A generator seeded with ``seed`` draws the same indices for every group of the same size, so
    they are drawn once per size.
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("bootstrap_mean needs at least one value")
    mean = float(x.mean())
    if x.size == 1:
        return mean, mean, mean
    index = draws.get(x.size)
    if index is None:
        index = draws[x.size] = np.random.default_rng(seed).integers(0, x.size, size=(n_boot, x.size))
    means = x[index].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return mean, float(low), float(high)


def bootstrap_means(
    groups: Iterable[Sequence[float]], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> list[tuple[float, float, float]]:
    """:func:`bootstrap_mean` of each group, computed once per distinct sequence of values.

    Every group is bootstrapped with its own generator seeded with ``seed``, so two groups with
    the same values (in the same order) get the same figures: the second is looked up, not
    resampled again (wire copy repeats whole articles, hence whole groups); two groups of the
    same size are resampled with the same indices, drawn once.

    Examples
    --------
    >>> bootstrap_means([[0.5], [0.0, 1.0], [0.0, 1.0]], seed=1) == [bootstrap_mean(g, seed=1)
    ...                                                             for g in ([0.5], [0.0, 1.0], [0.0, 1.0])]
    True
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be positive, got {n_boot}")
    done: dict[tuple[float, ...], tuple[float, float, float]] = {}
    draws: dict[int, np.ndarray] = {}
    out = []
    for values in groups:
        key = tuple(float(v) for v in values)
        if key not in done:
            done[key] = _bootstrap(key, n_boot=n_boot, level=level, seed=seed, draws=draws)
        out.append(done[key])
    return out


class VaderScores:
    """VADER (Hutto and Gilbert 2014) ``polarity_scores``, computed once per distinct text.

    One object per table build (no global state): news corpora repeat sentences and clauses
    (wire copy, boilerplate), and VADER's score depends on the text alone, so a repeated text is
    looked up. ``lexicon`` is VADER's word valences.

    Examples
    --------
    >>> vader = VaderScores()
    >>> vader("A good day.")["compound"] == vader("A good day.")["compound"] == 0.4404
    True
    """

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._analyzer = SentimentIntensityAnalyzer()
        self._scores: dict[str, dict[str, float]] = {}
        self.lexicon: dict[str, float] = self._analyzer.lexicon

    def __call__(self, text: str) -> dict[str, float]:
        """The scores of ``text`` (a dict shared between calls: do not change it)."""
        scores = self._scores.get(text)
        if scores is None:
            scores = self._scores[text] = self._analyzer.polarity_scores(text)
        return scores
