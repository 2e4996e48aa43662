"""Proportions: standard errors from published intervals and differences between groups."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # two-sided 95% normal quantile


@dataclass(frozen=True)
class Difference:
    """A difference of two estimates, in the estimates' units, with its 95% interval."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float

    @property
    def significant(self) -> bool:
        """True when the 95% interval excludes zero."""
        return self.ci_low > 0 or self.ci_high < 0


def se_from_ci(ci_low: float, ci_high: float, z: float = Z95) -> float:
    """Standard error recovered from a published symmetric-normal 95% interval.

    Survey publications often give asymmetric (logit) intervals; half the width divided by
    z is then an approximation, which is the usual practice when microdata are unavailable.
    """
    if ci_high < ci_low:
        raise ValueError(f"interval bounds are reversed: {ci_low} > {ci_high}")
    return (ci_high - ci_low) / (2 * z)


def difference_independent(est_a: float, se_a: float, est_b: float, se_b: float,
                           z: float = Z95) -> Difference:
    """Difference a - b of two independent estimates with a Wald interval."""
    se = math.hypot(se_a, se_b)
    diff = est_a - est_b
    return Difference(diff, se, diff - z * se, diff + z * se)


def wilson_interval(percent: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score 95% interval, in percent, for a proportion published as a percentage of n.

    The count is recovered as percent/100 * n (an effective count when n is a design-adjusted size).
    """
    from statsmodels.stats.proportion import proportion_confint

    if n <= 0:
        raise ValueError(f"sample size must be positive, got {n}")
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be within 0-100, got {percent}")
    alpha = 2 * (1 - _normal_cdf(z))
    low, high = proportion_confint(percent / 100 * n, n, alpha=alpha, method="wilson")
    return 100 * float(low), 100 * float(high)


def difference_of_proportions(percent_a: float, n_a: float, percent_b: float, n_b: float) -> Difference:
    """Difference a - b (percentage points) of two independent proportions, Newcombe's hybrid score interval.

    The standard error is the Wald one; the interval is Newcombe's (method 10), which behaves well
    near 0 and 1.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    p_a, p_b = percent_a / 100, percent_b / 100
    low, high = confint_proportions_2indep(p_a * n_a, n_a, p_b * n_b, n_b, method="newcomb", compare="diff")
    se = math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    return Difference(100 * (p_a - p_b), 100 * se, 100 * float(low), 100 * float(high))


def _normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))
