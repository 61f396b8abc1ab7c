"""Small statistics shared by the stance tables: the speech kinds and a seeded bootstrap of a mean."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["SPEECH_KINDS", "bootstrap_mean"]

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
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("bootstrap_mean needs at least one value")
    mean = float(x.mean())
    if x.size == 1:
        return mean, mean, mean
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return mean, float(low), float(high)
