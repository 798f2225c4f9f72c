"""Written by hand because no library does it: CUPED and the delta method for a ratio metric.

CUPED (Deng, Xu, Kohavi & Walker, WSDM 2013): Y_cv = Y − θ·(X − mean X) with
θ = cov(Y, X) / var(X) from both groups pooled; the variance of the mean falls by the
factor 1 − ρ², ρ = corr(Y, X). X must be measured before the test, so the treatment cannot move it.

Delta method for R = ΣY / ΣD over n randomised units (Deng, Knoblich & Lu, KDD 2018):
Var(R) ≈ [Var(Y) − 2R·Cov(Y, D) + R²·Var(D)] / (n·μ_D²), with Y and D summed per unit.
Tested against simulations in ``tests/test_experiments.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .analysis import Comparison, from_means


@dataclass(frozen=True)
class Cuped:
    """CUPED on one metric: the adjustment and the comparisons with and without it."""

    theta: float
    correlation: float
    adjusted: Comparison
    unadjusted: Comparison

    @property
    def variance_factor(self) -> float:
        """1 − ρ²: the share of the variance left after the adjustment."""
        return 1 - self.correlation**2


def cuped_theta(y: Sequence[float], x: Sequence[float]) -> float:
    """θ = cov(Y, X) / var(X), the slope of Y on the pre-period covariate X."""
    import numpy as np

    y, x = np.asarray(y, float), np.asarray(x, float)
    if y.shape != x.shape or y.size < 2:
        raise ValueError("Y and X need the same length, at least two units")
    variance = x.var(ddof=1)
    if variance == 0:
        raise ValueError("the covariate does not vary, so it cannot explain any variance")
    return float(np.cov(y, x, ddof=1)[0, 1] / variance)


def cuped(y_control, x_control, y_treatment, x_treatment, level: float = 0.95) -> Cuped:
    """Compare treatment with control on Y, adjusted by the pre-period covariate X (θ pooled)."""
    import numpy as np

    from .analysis import compare_means

    y_c, x_c = np.asarray(y_control, float), np.asarray(x_control, float)
    y_t, x_t = np.asarray(y_treatment, float), np.asarray(x_treatment, float)
    y, x = np.concatenate([y_c, y_t]), np.concatenate([x_c, x_t])
    theta = cuped_theta(y, x)
    centre = x.mean()
    adjusted = compare_means(y_c - theta * (x_c - centre), y_t - theta * (x_t - centre), level)
    return Cuped(theta, float(np.corrcoef(y, x)[0, 1]), adjusted, compare_means(y_c, y_t, level))


@dataclass(frozen=True)
class Ratio:
    """A ratio metric over randomised units and the delta-method variance of the ratio."""

    value: float
    variance: float
    units: int


def ratio_estimate(numerators: Sequence[float], denominators: Sequence[float]) -> Ratio:
    """R = ΣY / ΣD and its delta-method variance; one (Y, D) pair per randomised unit."""
    import numpy as np

    y, d = np.asarray(numerators, float), np.asarray(denominators, float)
    if y.shape != d.shape or y.size < 2:
        raise ValueError("need one numerator and one denominator per unit, at least two units")
    if d.sum() <= 0:
        raise ValueError("the denominators add up to zero: the ratio is undefined")
    n, ratio, mean_d = y.size, y.sum() / d.sum(), d.mean()
    covariance = np.cov(y, d, ddof=1)
    variance = (covariance[0, 0] - 2 * ratio * covariance[0, 1] + ratio**2 * covariance[1, 1]) / (n * mean_d**2)
    return Ratio(float(ratio), float(variance), int(n))


def compare_ratios(
    numerators_control, denominators_control, numerators_treatment, denominators_treatment, level: float = 0.95
) -> Comparison:
    """Treatment against control on a ratio metric, each unit's totals in, delta-method variances."""
    control = ratio_estimate(numerators_control, denominators_control)
    treatment = ratio_estimate(numerators_treatment, denominators_treatment)
    return from_means(control.value, control.variance, treatment.value, treatment.variance, level)


def per_unit_totals(rows, unit: str = "user_id", numerator: str = "clicks"):
    """One row per unit: its group, the numerator summed and the number of rows (sessions)."""
    totals = rows.groupby([unit, "group"], sort=True).agg(
        **{numerator: (numerator, "sum"), "sessions": (numerator, "size")}
    )
    return totals.reset_index()
