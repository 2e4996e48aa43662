"""Trends in annual counts: Poisson and negative binomial regression on year (statsmodels)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

METHODS = {
    "poisson": "Poisson regression of the count on year (statsmodels GLM, log link)",
    "quasi-poisson": "quasi-Poisson regression of the count on year (statsmodels GLM, Pearson scale)",
    "negative binomial": "negative binomial (NB2) regression of the count on year (statsmodels GLM, dispersion "
                         "by the method of moments)",
}


@dataclass(frozen=True)
class CountTrend:
    """Average change per year as a rate ratio, with its 95% CI and p-value."""

    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    dispersion: float  # Pearson chi-squared / residual df of the Poisson fit: > 1 means over-dispersed
    family: str
    n_years: int

    @property
    def percent_per_year(self) -> float:
        return (self.rate_ratio - 1) * 100

    @property
    def method(self) -> str:
        return METHODS[self.family]


def count_trend(years: Sequence[float], counts: Sequence[float], family: str = "negative binomial",
                exposure: Sequence[float] | None = None) -> CountTrend:
    """Fit log E[count] = a + b * year (+ log exposure); the rate ratio is exp(b). Needs three years or more.

    With ``exposure`` (e.g. the child population each year) the trend is that of the rate count / exposure.
    """
    import numpy as np
    import statsmodels.api as sm

    if family not in METHODS:
        raise ValueError(f"family must be one of {', '.join(METHODS)}, not {family!r}")
    y = np.asarray(counts, dtype=float)
    x = np.asarray(years, dtype=float)
    if len(x) != len(y) or len(x) < 3:
        raise ValueError(f"need the same number of years and counts, at least 3 (got {len(x)} and {len(y)})")
    if np.any(y < 0) or np.any(y != np.round(y)):
        raise ValueError("counts must be non-negative whole numbers")
    offset = None
    if exposure is not None:
        size = np.asarray(exposure, dtype=float)
        if len(size) != len(y) or np.any(size <= 0):
            raise ValueError("exposure needs one positive value per year")
        offset = np.log(size)
    design = sm.add_constant(x - x.mean())
    poisson = sm.GLM(y, design, family=sm.families.Poisson(), offset=offset).fit()
    dispersion = float(poisson.pearson_chi2 / poisson.df_resid)
    if family == "poisson":
        fit = poisson
    elif family == "quasi-poisson":
        fit = sm.GLM(y, design, family=sm.families.Poisson(), offset=offset).fit(scale="X2")
    else:
        mu = poisson.fittedvalues
        alpha = max(float(np.sum((y - mu) ** 2 - y) / np.sum(mu ** 2)), 1e-8)  # NB2 moment estimator
        fit = sm.GLM(y, design, family=sm.families.NegativeBinomial(alpha=alpha), offset=offset).fit()
    slope, se, p_value = float(fit.params[1]), float(fit.bse[1]), float(fit.pvalues[1])
    z = 1.959963984540054
    return CountTrend(math.exp(slope), math.exp(slope - z * se), math.exp(slope + z * se), p_value, dispersion,
                      family, len(x))


def year_on_year(years: Sequence[int], values: Sequence[float]) -> list[tuple[int, float | None]]:
    """Percent change from the previous calendar year; None where the previous year is missing."""
    by_year = dict(zip(years, values, strict=True))
    return [(year, None if year - 1 not in by_year else (by_year[year] / by_year[year - 1] - 1) * 100)
            for year in sorted(by_year)]
