"""Random-effects pooling across countries with heterogeneity (statsmodels meta-analysis)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

METHODS = {"dl": "DerSimonian-Laird", "pm": "Paule-Mandel", "iterated": "Paule-Mandel"}


@dataclass(frozen=True)
class Pooled:
    """A random-effects pooled estimate with heterogeneity statistics."""

    estimate: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    q: float
    q_p_value: float
    k: int
    weights: tuple[float, ...]
    method: str
    scale: str

    def sentence(self) -> str:
        return (f"Random-effects pooled estimate ({self.method}, {self.scale} scale, k = {self.k}): "
                f"{self.estimate:.1f}% (95% CI {self.ci_low:.1f}-{self.ci_high:.1f}); "
                f"heterogeneity I\u00b2 = {100 * self.i2:.0f}%, Q = {self.q:.1f}, p = {self.q_p_value:.3g}")


def random_effects(effects: Sequence[float], variances: Sequence[float], method: str = "dl") -> Pooled:
    """Pool effects with known within-study variances; estimate and interval on the effects' scale."""
    from scipy import stats
    from statsmodels.stats.meta_analysis import combine_effects

    eff = np.asarray(effects, dtype=float)
    var = np.asarray(variances, dtype=float)
    if len(eff) < 2 or len(eff) != len(var):
        raise ValueError("random-effects pooling needs at least two effects, each with a variance")
    if np.any(var <= 0) or np.any(~np.isfinite(eff)):
        raise ValueError("each effect needs a finite value and a positive variance")
    with np.errstate(invalid="ignore"):  # statsmodels' unused HKSJ columns take sqrt of negatives
        result = combine_effects(eff, var, method_re=method, use_t=False)
        summary = result.summary_frame(alpha=0.05)
    tau2 = float(result.tau2)
    if tau2 < 0:
        # statsmodels' DerSimonian-Laird moment estimate is not truncated at zero (Q < k - 1 gives a
        # negative tau squared and negative weights); the estimator is defined as max(0, .), and with
        # tau squared = 0 the random-effects model is the fixed-effect one.
        tau2, row, raw_weights = 0.0, summary.loc["fixed effect"], 1 / var
    else:
        row, raw_weights = summary.loc["random effect"], result.weights_re
    weights = raw_weights / raw_weights.sum()
    k = len(eff)
    q = float(result.q)
    return Pooled(float(row["eff"]), float(row["ci_low"]), float(row["ci_upp"]), tau2,
                  float(max(0.0, (q - (k - 1)) / q)) if q > 0 else 0.0, q,
                  float(stats.chi2.sf(q, k - 1)), k, tuple(float(w) for w in weights),
                  METHODS.get(method, method), "identity")


def pool_proportions(percent: Sequence[float], n: Sequence[float], method: str = "dl") -> Pooled:
    """Pool proportions on the logit scale (variance 1/(n p (1-p))) and back-transform to percent."""
    p = np.asarray(percent, dtype=float) / 100
    size = np.asarray(n, dtype=float)
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("logit pooling needs proportions strictly between 0 and 100 percent")
    logit = np.log(p / (1 - p))
    pooled = random_effects(logit, 1 / (size * p * (1 - p)), method)

    def back(x: float) -> float:
        return float(100 / (1 + np.exp(-x)))

    return Pooled(back(pooled.estimate), back(pooled.ci_low), back(pooled.ci_high), pooled.tau2, pooled.i2,
                  pooled.q, pooled.q_p_value, pooled.k, pooled.weights, pooled.method, "logit")
