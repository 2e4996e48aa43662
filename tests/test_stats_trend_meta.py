"""Trend and random-effects pooling, checked against closed-form calculations written out here."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from analysis.stats.meta import pool_proportions, random_effects
from analysis.stats.trend import binomial_trend, weighted_linear_trend

YEARS = [2011, 2013, 2015, 2017, 2019]
VALUES = [16.2, 14.8, 15.5, 14.9, 15.7]
SES = [0.6, 0.5, 0.7, 0.6, 0.5]


def test_weighted_trend_matches_normal_equations() -> None:
    x = np.array(YEARS, float) - YEARS[0]
    w = 1 / np.array(SES) ** 2
    xbar = np.sum(w * x) / np.sum(w)
    ybar = np.sum(w * np.array(VALUES)) / np.sum(w)
    sxx = np.sum(w * (x - xbar) ** 2)
    slope = np.sum(w * (x - xbar) * (np.array(VALUES) - ybar)) / sxx
    se = math.sqrt(1 / sxx)  # known variances: no residual scale
    trend = weighted_linear_trend(YEARS, VALUES, SES)
    assert trend.slope == pytest.approx(slope, rel=1e-10)
    assert trend.se == pytest.approx(se, rel=1e-10)
    assert trend.p_value == pytest.approx(2 * stats.norm.sf(abs(slope / se)), rel=1e-8)
    assert trend.fitted([2011])[0] == pytest.approx(ybar - slope * xbar, rel=1e-10)
    assert "No statistically significant" in trend.sentence()


def test_steep_trend_is_significant() -> None:
    trend = weighted_linear_trend([2000, 2002, 2004, 2006], [10, 12, 14, 16], [0.3] * 4)
    assert trend.slope == pytest.approx(1.0)
    assert trend.p_value < 1e-6
    assert trend.sentence().startswith("A statistically significant")


def test_trend_refuses_missing_values_and_short_series() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        weighted_linear_trend([2011, 2013], [1, 2], [1, 1])
    with pytest.raises(ValueError, match="missing"):
        weighted_linear_trend(YEARS, VALUES, [0.6, float("nan"), 0.7, 0.6, 0.5])


def test_binomial_trend_matches_logistic_fit_by_newton() -> None:
    n = np.array([15000, 13000, 15000, 14000, 13500], float)
    y = np.array(VALUES) / 100
    x = np.column_stack([np.ones(5), np.array(YEARS, float) - YEARS[0]])
    beta = np.zeros(2)
    for _ in range(50):  # Newton-Raphson on the binomial log-likelihood
        mu = 1 / (1 + np.exp(-x @ beta))
        info = x.T @ (x * (n * mu * (1 - mu))[:, None])
        beta = beta + np.linalg.solve(info, x.T @ (n * (y - mu)))
    cov = np.linalg.inv(info)
    trend = binomial_trend(YEARS, VALUES, n)
    assert trend.slope == pytest.approx(beta[1], rel=1e-6)
    assert trend.se == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-6)


def dersimonian_laird(effects: np.ndarray, variances: np.ndarray) -> tuple[float, float, float, float]:
    w = 1 / variances
    fixed = np.sum(w * effects) / np.sum(w)
    q = float(np.sum(w * (effects - fixed) ** 2))
    k = len(effects)
    tau2 = max(0.0, (q - (k - 1)) / (np.sum(w) - np.sum(w**2) / np.sum(w)))
    w_star = 1 / (variances + tau2)
    pooled = float(np.sum(w_star * effects) / np.sum(w_star))
    return pooled, math.sqrt(1 / np.sum(w_star)), tau2, max(0.0, (q - (k - 1)) / q)


def test_random_effects_matches_dersimonian_laird_by_hand() -> None:
    effects = np.array([0.10, 0.30, 0.35, 0.65, 0.45, 0.15])
    variances = np.array([0.03, 0.03, 0.05, 0.01, 0.05, 0.02])
    pooled, se, tau2, i2 = dersimonian_laird(effects, variances)
    result = random_effects(effects, variances)
    assert result.estimate == pytest.approx(pooled, rel=1e-10)
    assert result.tau2 == pytest.approx(tau2, rel=1e-10)
    assert result.i2 == pytest.approx(i2, rel=1e-10)
    assert result.ci_low == pytest.approx(pooled - 1.959963984540054 * se, rel=1e-8)
    assert sum(result.weights) == pytest.approx(1.0)


def test_homogeneous_studies_have_zero_heterogeneity() -> None:
    result = random_effects([0.2, 0.2, 0.2], [0.01, 0.02, 0.03])
    assert result.tau2 == 0 and result.i2 == 0
    assert result.estimate == pytest.approx(0.2)


def test_pool_proportions_on_logit_scale() -> None:
    percent, n = np.array([10.0, 15.0, 20.0, 12.0]), np.array([1000, 800, 500, 900])
    p = percent / 100
    pooled, _, _, _ = dersimonian_laird(np.log(p / (1 - p)), 1 / (n * p * (1 - p)))
    result = pool_proportions(percent, n)
    assert result.estimate == pytest.approx(100 / (1 + math.exp(-pooled)), rel=1e-10)
    assert result.ci_low < result.estimate < result.ci_high
    assert result.scale == "logit" and result.k == 4


def test_pooling_needs_two_effects() -> None:
    with pytest.raises(ValueError, match="at least two"):
        random_effects([0.1], [0.01])


def test_dersimonian_laird_truncates_negative_between_study_variance() -> None:
    # Q (0.35) is below k - 1 (2): the moment estimate is negative and must be truncated to zero,
    # which makes the pooled estimate the inverse-variance (fixed-effect) mean.
    effects, variances = np.array([0.20, 0.25, 0.22]), np.array([0.01, 0.02, 0.03])
    result = random_effects(effects, variances)
    w = 1 / variances
    assert result.tau2 == 0
    assert result.estimate == pytest.approx(np.sum(w * effects) / np.sum(w), rel=1e-12)
    assert all(weight > 0 for weight in result.weights)
