"""Proportion helpers, checked against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from analysis.stats.proportions import Z95, difference_independent, se_from_ci


def test_z95_is_the_normal_quantile() -> None:
    from scipy.stats import norm

    assert pytest.approx(norm.ppf(0.975), abs=1e-12) == Z95


def test_se_from_symmetric_interval() -> None:
    # An interval 10 +/- 1.96 has SE 1 (to the precision of 1.96 vs 1.95996).
    assert se_from_ci(8.04, 11.96) == pytest.approx(1.96 / Z95, rel=1e-12)
    assert se_from_ci(8.04, 11.96) == pytest.approx(1.0, abs=1e-4)


def test_se_rejects_reversed_bounds() -> None:
    with pytest.raises(ValueError, match="reversed"):
        se_from_ci(5.0, 4.0)


def test_difference_of_independent_estimates() -> None:
    # 20 (SE 3) minus 10 (SE 4): difference 10, SE 5 (3-4-5 triangle), CI 10 +/- 1.96*5.
    diff = difference_independent(20.0, 3.0, 10.0, 4.0)
    assert diff.estimate == 10.0
    assert diff.se == pytest.approx(5.0)
    assert diff.ci_low == pytest.approx(10 - 5 * Z95)
    assert diff.ci_high == pytest.approx(10 + 5 * Z95)
    assert diff.significant


def test_difference_not_significant_when_interval_spans_zero() -> None:
    diff = difference_independent(10.5, 1.0, 10.0, 1.0)
    assert diff.se == pytest.approx(math.sqrt(2))
    assert diff.ci_low < 0 < diff.ci_high
    assert not diff.significant
