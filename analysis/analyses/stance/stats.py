"""Small helpers shared by the stance tables: the speech kinds, a seeded bootstrap of a mean, VADER once per
text, tables from rows."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "SPEECH_KINDS", "VaderScores", "bootstrap_mean", "bootstrap_means", "frame_of_rows", "paused_collection",
    "resample_means", "t_interval_mean",
]

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


_CHUNK_VALUES = 4_000_000  # resampled means held at once by bootstrap_means (32 MB of floats)
_PAIRWISE_BLOCK = 128  # numpy's pairwise summation: rows up to this long are summed with 8 accumulators
_ACCUMULATORS = 8


def _pairwise_sum(column: Callable[[int], np.ndarray], at: int, n: int) -> np.ndarray:
    """Sums of rows ``at`` to ``at + n`` of many rows at once, added in the order numpy sums one row.

    ``column(j)`` is the ``j``-th value of every row (a new contiguous array: the sums are added
    into the first ones, not copied): NumPy's ``sum`` and
    ``mean`` over the last axis add a row of fewer than 8 values one by one, a row of 8 to 128
    values in 8 interleaved accumulators, and split a longer row in two halves (a multiple of 8
    first), so adding whole columns in that order gives each row's sum to the last bit, without
    building the rows. Tested against ``mean(axis=1)`` for every length from 1 to 300.

    Examples
    --------
    >>> rows = np.array([[0.1, 0.2, 0.3] * 4, [1e16, 1.0, -1e16] * 4])
    >>> sums = _pairwise_sum(lambda j: rows[:, j].copy(), 0, 12)
    >>> bool((sums == rows.sum(axis=1)).all())
    True
    """
    if n < _ACCUMULATORS:
        total = column(at)
        for j in range(at + 1, at + n):
            total += column(j)
        return total
    if n <= _PAIRWISE_BLOCK:
        acc = [column(at + k) for k in range(_ACCUMULATORS)]
        tail = n - n % _ACCUMULATORS
        for i in range(_ACCUMULATORS, tail, _ACCUMULATORS):
            for k in range(_ACCUMULATORS):
                acc[k] += column(at + i + k)
        total = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]))
        for i in range(tail, n):
            total += column(at + i)
        return total
    half = n // 2
    half -= half % _ACCUMULATORS
    return _pairwise_sum(column, at, half) + _pairwise_sum(column, at + half, n - half)


def resample_means(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The mean of each resample of each row of ``x``, to the last bit as NumPy takes the mean of one row.

    ``x`` is (groups, size), ``index`` (n_boot, size) column indices; the result is (groups,
    n_boot), equal to ``x[:, index].reshape(-1, size).mean(axis=1)`` reshaped (the same as
    :func:`bootstrap_mean` of each group; ``x[:, index].mean(axis=2)`` adds in another order
    from 8 values on). The resampled values are gathered one column at a time with ``take``
    (``size`` arrays of groups x n_boot, not one of groups x n_boot x size) and added in NumPy's
    order (:func:`_pairwise_sum`); the sum of an all-zero row is +0.0, as NumPy's.

    Examples
    --------
    >>> x = np.random.default_rng(1).uniform(-1, 1, size=(2, 12))
    >>> index = np.random.default_rng(0).integers(0, 12, size=(50, 12))
    >>> bool((resample_means(x, index) == x[:, index].reshape(-1, 12).mean(axis=1).reshape(2, 50)).all())
    True
    """
    columns = np.ascontiguousarray(index.T)
    size = index.shape[1]
    return (0.0 + _pairwise_sum(lambda j: x.take(columns[j], axis=1), 0, size)) / size


def bootstrap_means(
    groups: Iterable[Sequence[float]], *, n_boot: int = 2000, level: float = 0.95, seed: int = 0
) -> list[tuple[float, float, float]]:
    """:func:`bootstrap_mean` of each group, computed once per distinct sequence of values.

    Every group is bootstrapped with its own generator seeded with ``seed``, so two groups with
    the same values (in the same order) get the same figures: the second is looked up, not
    resampled again (wire copy repeats whole articles, hence whole groups); two groups of the
    same size are resampled with the same indices, drawn once (as 32-bit integers: the same
    values as the default 64-bit ones, half the time), all groups of a size at once
    (:func:`resample_means`).

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
        index = np.random.default_rng(seed).integers(0, size, size=(n_boot, size), dtype=np.int32)
        step = max(1, _CHUNK_VALUES // (n_boot * (_ACCUMULATORS + 2)))  # the accumulators, a column, the sum
        for at in range(0, len(same), step):
            chunk = same[at : at + step]
            x = np.asarray(chunk, dtype=float)
            low, high = np.percentile(resample_means(x, index), [tail, 100 - tail], axis=1)
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


def frame_of_rows(rows: Sequence[dict], columns: Sequence[str]) -> pd.DataFrame:
    """``pd.DataFrame(rows, columns=columns)`` for rows that all hold every column, built column by column.

    The same table (values and dtypes) as pandas' constructor from a list of dicts, which goes
    through a table of Python objects first and was a sizeable part of the stance step.

    Examples
    --------
    >>> rows = [{"a": 1, "b": None, "c": [0]}, {"a": 2, "b": "x", "c": []}]
    >>> frame_of_rows(rows, ["a", "b", "c"]).equals(pd.DataFrame(rows, columns=["a", "b", "c"]))
    True
    """
    if not rows:
        return pd.DataFrame(list(rows), columns=list(columns))
    return pd.DataFrame({name: [row[name] for row in rows] for name in columns}, columns=list(columns))


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused inside the block (if it was on), and on again after.

    The stance step allocates millions of small containers (rows, tokens, mentions) that all
    survive until its tables are built: each allocation burst set off a full collection that
    walked every object alive, about a tenth of the step's time. The step makes no reference
    cycles, so nothing is left for the collector to free (same peak memory on a 10 MB event);
    reference counting frees everything else as before. Results do not depend on it.

    Examples
    --------
    >>> with paused_collection():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
