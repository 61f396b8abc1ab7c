"""Small statistics shared by the stance tables: the speech kinds, a seeded bootstrap of a mean, VADER once per text."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["SPEECH_KINDS", "VaderScores", "bootstrap_mean", "bootstrap_means", "t_interval_mean"]

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


_CHUNK_VALUES = 4_000_000  # resampled values held at once by bootstrap_means (32 MB of floats)


def bootstrap_means(
    groups: Iterable[Sequence[float]], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> list[tuple[float, float, float]]:
    """:func:`bootstrap_mean` of each group, computed once per distinct sequence of values.

    Every group is bootstrapped with its own generator seeded with ``seed``, so two groups with
    the same values (in the same order) get the same figures: the second is looked up, not
    resampled again (wire copy repeats whole articles, hence whole groups); two groups of the
    same size are resampled with the same indices, drawn once, all in one array operation.

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
    keys = [tuple(float(v) for v in values) for values in groups]
    if any(not key for key in keys):
        raise ValueError("bootstrap_mean needs at least one value")
    by_size: dict[int, list[tuple[float, ...]]] = {}
    for key in dict.fromkeys(keys):
        by_size.setdefault(len(key), []).append(key)
    done: dict[tuple[float, ...], tuple[float, float, float]] = {}
    tail = (1 - level) / 2 * 100
    for size, same in by_size.items():
        if size == 1 or n_boot == 1:  # one resample is one row: numpy sums a lone row in another order
            draws: dict[int, np.ndarray] = {}
            done.update((key, _bootstrap(key, n_boot=n_boot, level=level, seed=seed, draws=draws)) for key in same)
            continue
        index = np.random.default_rng(seed).integers(0, size, size=(n_boot, size))
        # all groups of one size at once, in chunks of bounded memory; row by row the same
        # reductions as bootstrap_mean (mean over the last, contiguous axis; percentile per row)
        step = max(1, _CHUNK_VALUES // (n_boot * size))
        for at in range(0, len(same), step):
            chunk = same[at : at + step]
            x = np.asarray(chunk, dtype=float)
            # as one (groups x n_boot, size) table: the 3-D mean over axis 2 sums in another order
            means = x[:, index].reshape(-1, size).mean(axis=1).reshape(len(chunk), n_boot)
            low, high = np.percentile(means, [tail, 100 - tail], axis=1)
            done.update((key, (float(m), float(lo), float(hi)))
                        for key, m, lo, hi in zip(chunk, x.mean(axis=1), low, high, strict=True))
    return [done[key] for key in keys]


class VaderScores:
    """VADER (Hutto and Gilbert 2014) ``polarity_scores``, computed once per distinct text.

    One object per table build (no global state): news corpora repeat sentences and clauses
    (wire copy, boilerplate), and VADER's score depends on the text alone, so a repeated text is
    looked up. ``lexicon`` is VADER's word valences. The scorer is
    :class:`analysis.analyses.stance.vader.FastVader`: the library's scores, computed faster.

    Examples
    --------
    >>> vader = VaderScores()
    >>> vader("A good day.")["compound"] == vader("A good day.")["compound"] == 0.4404
    True
    """

    def __init__(self) -> None:
        from analysis.analyses.stance.vader import FastVader  # imports vaderSentiment: only when scoring

        self._analyzer = FastVader()
        self._scores: dict[str, dict[str, float]] = {}
        self.lexicon: dict[str, float] = self._analyzer.lexicon

    def __call__(self, text: str) -> dict[str, float]:
        """The scores of ``text`` (a dict shared between calls: do not change it)."""
        scores = self._scores.get(text)
        if scores is None:
            scores = self._scores[text] = self._analyzer.polarity_scores(text)
        return scores


@functools.lru_cache(maxsize=1024)
def _t_quantile(q: float, df: int) -> float:
    """Student t quantile (scipy's ``t.ppf``), once per (q, df): groups of the same size share it."""
    from scipy.stats import t

    return float(t.ppf(q, df))


def t_interval_mean(values: Sequence[float], *, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of ``values`` and a Student t interval; the interval is NaN (n too small) below two values.

    A bootstrap of one value gives the degenerate interval [x, x], which reads as certain; a t
    interval needs at least two values and widens honestly when there are few.

    Examples
    --------
    >>> t_interval_mean([0.5])
    (0.5, nan, nan)
    >>> [round(v, 3) for v in t_interval_mean([0.0, 1.0, 0.5, 0.25])]
    [0.438, -0.242, 1.117]
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("t_interval_mean needs at least one value")
    mean = float(x.mean())
    if x.size < 2:  # noqa: PLR2004 - a standard deviation needs two values
        return mean, float("nan"), float("nan")
    half = float(_t_quantile((1 + level) / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return mean, mean - half, mean + half
