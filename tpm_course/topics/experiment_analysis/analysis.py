"""Reading an A/B test: two-proportion test and intervals, lifts, mean differences, many metrics at once.

Statistics come from statsmodels and scipy: ``proportions_ztest`` (pooled variance under the
null, two-sided), ``confint_proportions_2indep(method="wald")`` (unpooled), ``multipletests``.
The interval of a relative lift is the delta method's, as in Kohavi, Tang & Xu (2020), ch. 18:
Var(Δ/μ_c) ≈ Var(μ̂_t)/μ_c² + μ_t²·Var(μ̂_c)/μ_c⁴.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CORRECTIONS = {"holm": "holm", "benjamini-hochberg": "fdr_bh", "bonferroni": "bonferroni"}


@dataclass(frozen=True)
class Comparison:
    """Treatment against control on one metric: absolute and relative differences with intervals."""

    control: float
    treatment: float
    difference: float  # treatment - control, in the metric's unit
    ci_low: float
    ci_high: float
    relative_lift: float  # difference / control
    relative_ci_low: float
    relative_ci_high: float
    p_value: float  # two-sided
    level: float = 0.95

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value < alpha


def _z(level: float) -> float:
    from scipy.stats import norm

    if not 0 < level < 1:
        raise ValueError(f"a confidence level is between 0 and 1, got {level}")
    return float(norm.ppf(0.5 + level / 2))


def relative_interval(
    control: float, var_control: float, treatment: float, var_treatment: float, level: float = 0.95
) -> tuple[float, float, float]:
    """Relative lift and its interval by the delta method, from two independent means and their variances."""
    if control == 0:
        raise ValueError("a relative lift needs a control mean other than zero")
    lift = float(treatment / control - 1)
    se = math.sqrt(var_treatment / control**2 + treatment**2 * var_control / control**4)
    z = _z(level)
    return lift, lift - z * se, lift + z * se


def _counts(successes: int, trials: int, what: str) -> None:
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"{what}: need 0 <= conversions <= users and users > 0, got {successes} of {trials}")


def compare_proportions(
    conversions_control: int, users_control: int, conversions_treatment: int, users_treatment: int, level: float = 0.95
) -> Comparison:
    """Pooled two-sided z-test, unpooled Wald interval of the difference, delta-method relative interval."""
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    conversions_control, users_control = int(conversions_control), int(users_control)
    conversions_treatment, users_treatment = int(conversions_treatment), int(users_treatment)
    _counts(conversions_control, users_control, "control")
    _counts(conversions_treatment, users_treatment, "treatment")
    p_c = conversions_control / users_control
    p_t = conversions_treatment / users_treatment
    _, p_value = proportions_ztest([conversions_treatment, conversions_control], [users_treatment, users_control])
    low, high = confint_proportions_2indep(
        conversions_treatment,
        users_treatment,
        conversions_control,
        users_control,
        method="wald",
        compare="diff",
        alpha=1 - level,
    )
    lift, rel_low, rel_high = relative_interval(
        p_c, p_c * (1 - p_c) / users_control, p_t, p_t * (1 - p_t) / users_treatment, level
    )
    return Comparison(
        p_c,
        p_t,
        p_t - p_c,
        float(low),
        float(high),
        float(lift),
        float(rel_low),
        float(rel_high),
        float(p_value),
        level,
    )


def compare_means(control: Sequence[float], treatment: Sequence[float], level: float = 0.95) -> Comparison:
    """Difference of two means with unpooled (Welch) standard errors and the normal distribution.

    Test samples run to tens of thousands of users, where the normal and t distributions agree.
    """
    import numpy as np

    c, t = np.asarray(control, float), np.asarray(treatment, float)
    if c.size < 2 or t.size < 2:
        raise ValueError("each group needs at least two values")
    var_c, var_t = c.var(ddof=1) / c.size, t.var(ddof=1) / t.size
    return from_means(float(c.mean()), var_c, float(t.mean()), var_t, level)


def from_means(
    control: float, var_control: float, treatment: float, var_treatment: float, level: float = 0.95
) -> Comparison:
    """A comparison from two independent estimates and the variances of those estimates (normal)."""
    from scipy.stats import norm

    control, treatment = float(control), float(treatment)
    difference = treatment - control
    se = math.sqrt(var_control + var_treatment)
    z = _z(level)
    p_value = float(2 * norm.sf(abs(difference) / se)) if se > 0 else float(difference == 0)
    lift, rel_low, rel_high = relative_interval(control, var_control, treatment, var_treatment, level)
    return Comparison(
        control,
        treatment,
        difference,
        difference - z * se,
        difference + z * se,
        lift,
        rel_low,
        rel_high,
        p_value,
        level,
    )


def adjust_p_values(p_values: Mapping[str, float], method: str = "holm") -> dict[str, float]:
    """Adjusted p-values by metric name: ``holm``, ``benjamini-hochberg`` or ``bonferroni``."""
    from statsmodels.stats.multitest import multipletests

    if method not in CORRECTIONS:
        raise ValueError(f"unknown correction {method!r}; use one of {', '.join(CORRECTIONS)}")
    names = list(p_values)
    values = [float(p_values[n]) for n in names]
    if not values or not all(0 <= p <= 1 for p in values):
        raise ValueError("need at least one p-value, each between 0 and 1")
    adjusted = multipletests(values, method=CORRECTIONS[method])[1]
    return dict(zip(names, (float(a) for a in adjusted)))
