"""Linear trends across survey cycles: inverse-variance weighted regression and a binomial GLM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.stats.proportions import Z95


@dataclass(frozen=True)
class Trend:
    """A fitted linear trend: slope per year with its 95% interval and two-sided p-value."""

    method: str
    slope: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    intercept: float
    first_year: int
    last_year: int
    points: int
    unit: str

    def fitted(self, years: Sequence[float]) -> np.ndarray:
        """Fitted values (in the data's units; for the GLM, percent on the response scale)."""
        x = np.asarray(years, dtype=float) - self.first_year
        linear = self.intercept + self.slope * x
        if self.method.startswith("binomial"):
            return 100 / (1 + np.exp(-linear))
        return linear

    def sentence(self, alpha: float = 0.05) -> str:
        verdict = "a statistically significant" if self.p_value < alpha else "no statistically significant"
        return (f"{verdict.capitalize()} linear trend {self.first_year}-{self.last_year} "
                f"(slope {self.slope:+.2f} {self.unit} per year, "
                f"95% CI {self.ci_low:+.2f} to {self.ci_high:+.2f}, "
                f"p = {self.p_value:.2f}; {self.method}, {self.points} cycles)")


def _check(years: Sequence[float], *columns: Sequence[float]) -> None:
    if len(years) < 3:
        raise ValueError(f"a trend needs at least 3 survey cycles, got {len(years)}")
    for column in columns:
        if len(column) != len(years):
            raise ValueError("years and values must have the same length")
        if np.any(~np.isfinite(np.asarray(column, dtype=float))):
            raise ValueError("values, standard errors and sizes must all be known (no missing values)")


def weighted_linear_trend(years: Sequence[float], percent: Sequence[float], se: Sequence[float]) -> Trend:
    """Slope (percentage points per year) by inverse-variance weighted least squares with known variances.

    The published standard errors are taken as known (scale fixed at 1), as in a meta-regression,
    so the test does not borrow residual scatter to inflate or shrink them.
    """
    import statsmodels.api as sm

    _check(years, percent, se)
    se_arr = np.asarray(se, dtype=float)
    if np.any(se_arr <= 0):
        raise ValueError("standard errors must be positive")
    first = int(min(years))
    x = sm.add_constant(np.asarray(years, dtype=float) - first)
    fit = sm.WLS(np.asarray(percent, dtype=float), x, weights=1 / se_arr**2).fit(
        cov_type="fixed scale", cov_kwds={"scale": 1.0})
    slope, slope_se = float(fit.params[1]), float(fit.bse[1])
    return Trend("inverse-variance weighted linear regression", slope, slope_se, slope - Z95 * slope_se,
                 slope + Z95 * slope_se, float(fit.pvalues[1]), float(fit.params[0]), first, int(max(years)),
                 len(years), "percentage points")


def binomial_trend(years: Sequence[float], percent: Sequence[float], n: Sequence[float]) -> Trend:
    """Slope on the log-odds scale per year from a binomial GLM on (effective) counts percent/100 * n."""
    import statsmodels.api as sm

    _check(years, percent, n)
    n_arr = np.asarray(n, dtype=float)
    share = np.asarray(percent, dtype=float) / 100
    first = int(min(years))
    x = sm.add_constant(np.asarray(years, dtype=float) - first)
    fit = sm.GLM(share, x, family=sm.families.Binomial(), var_weights=n_arr).fit()
    slope, slope_se = float(fit.params[1]), float(fit.bse[1])
    return Trend("binomial GLM (logit link)", slope, slope_se, slope - Z95 * slope_se, slope + Z95 * slope_se,
                 float(fit.pvalues[1]), float(fit.params[0]), first, int(max(years)), len(years), "log-odds")
