"""analysis.stats: the closed-form intervals."""

from __future__ import annotations

import numpy as np
from scipy.stats import chi2

from analysis.stats import poisson_interval


def test_poisson_interval_is_garwoods_chi_square_interval_to_the_last_bit():
    hits = np.array([0, 1, 2, 3, 7, 40, 1_000, 123_457])
    exposure = np.full(len(hits), 500.0)
    for level in (0.5, 0.9, 0.95, 0.99):
        alpha = 1 - level
        low, high = poisson_interval(hits, exposure, level=level)
        expected_low = np.where(hits > 0, chi2.ppf(alpha / 2, 2 * hits) / 2, 0.0) * 2.0
        expected_high = chi2.ppf(1 - alpha / 2, 2 * hits + 2) / 2 * 2.0
        assert np.array_equal(low, expected_low) and np.array_equal(high, expected_high)


def test_poisson_interval_of_no_exposure_is_undefined():
    low, high = poisson_interval([0, 3], [0, 1000])
    assert np.isnan(low[0]) and np.isnan(high[0])
    assert [round(float(low[1]), 3), round(float(high[1]), 3)] == [0.619, 8.767]
