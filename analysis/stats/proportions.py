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
