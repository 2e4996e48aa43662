"""Proportion helpers, checked against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from analysis.stats.proportions import (
    Z95,
    difference_independent,
    difference_of_proportions,
    se_from_ci,
    wilson_interval,
)


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


def wilson_by_hand(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval written out from its closed form."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(("successes", "n"), [(81, 263), (0, 20), (20, 20), (150, 1000), (3, 12)])
def test_wilson_interval_matches_closed_form(successes: int, n: int) -> None:
    low, high = wilson_interval(100 * successes / n, n)
    exp_low, exp_high = wilson_by_hand(successes, n)
    assert low == pytest.approx(exp_low, abs=1e-9)
    assert high == pytest.approx(exp_high, abs=1e-9)


def test_wilson_interval_stays_inside_zero_to_hundred() -> None:
    low, high = wilson_interval(0.0, 20)
    assert low == pytest.approx(0.0, abs=1e-12) and 0 < high < 20


def test_wilson_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="sample size"):
        wilson_interval(10, 0)
    with pytest.raises(ValueError, match="0-100"):
        wilson_interval(120, 10)


def newcombe_by_hand(x1: float, n1: float, x2: float, n2: float) -> tuple[float, float]:
    """Newcombe (1998) method 10: hybrid score interval from the two Wilson intervals."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = (v / 100 for v in wilson_by_hand(x1, n1))
    l2, u2 = (v / 100 for v in wilson_by_hand(x2, n2))
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return 100 * low, 100 * high


def test_difference_of_proportions_uses_newcombe_interval() -> None:
    diff = difference_of_proportions(21.0, 1000, 8.5, 1200)
    low, high = newcombe_by_hand(210, 1000, 102, 1200)
    assert diff.estimate == pytest.approx(12.5)
    assert diff.ci_low == pytest.approx(low, abs=1e-9)
    assert diff.ci_high == pytest.approx(high, abs=1e-9)
    assert diff.se == pytest.approx(100 * math.sqrt(0.21 * 0.79 / 1000 + 0.085 * 0.915 / 1200))
    assert diff.significant


def test_small_difference_in_small_samples_is_not_significant() -> None:
    assert not difference_of_proportions(16.0, 100, 15.0, 100).significant
