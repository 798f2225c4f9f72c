"""Experiment design for a conversion rate: sample size per arm, the MDE a traffic budget reaches, duration.

Two methods for the sample size, and every question says which it uses:

- the **normal approximation with pooled variance**: per arm
  n = (z₁₋α/₂ + z₁₋β)² · 2 p̄(1 − p̄) / δ², with p̄ the mean of the baseline and target rates.
  At α = 0.05 two-sided and power 0.8 the constant 2 (z₁₋α/₂ + z₁₋β)² ≈ 15.7, which rounds to the
  rule of thumb n ≈ 16 σ²/δ² (Kohavi, Tang & Xu 2020, ch. 17); 0.10 → 0.11 needs 14,752 per arm;
- **statsmodels' power classes**: ``NormalIndPower`` with Cohen's h = 2 asin √p₂ − 2 asin √p₁
  (``proportion_effectsize``) as the effect size; h stabilises the variance, so the two methods
  agree closely near the middle of the scale and drift apart for small rates and large effects.

A test runs whole weeks because users behave differently on weekdays and at weekends
(Kohavi, Tang & Xu 2020, ch. 2): a test that stops mid-week over-weights some days.
"""

from __future__ import annotations

import math
from statistics import NormalDist


def _check_design(baseline: float, alpha: float, power: float) -> None:
    if not 0 < baseline < 1:
        raise ValueError(f"the baseline is a rate between 0 and 1, not {baseline}")
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError(f"alpha and power are probabilities between 0 and 1 (got alpha={alpha}, power={power})")
    if alpha >= power:
        raise ValueError(f"alpha ({alpha}) should be far below power ({power}); are they swapped?")


def target_rate(baseline: float, mde: float, *, relative: bool = False) -> float:
    """The rate the test should detect: baseline + mde, or baseline × (1 + mde) for a relative MDE."""
    target = baseline * (1 + mde) if relative else baseline + mde
    if mde <= 0 or not 0 < target < 1:
        raise ValueError(
            f"an MDE of {mde} ({'relative' if relative else 'absolute'}) on a baseline of "
            f"{baseline} gives a target rate of {target}; it must be above the baseline and below 1"
        )
    return target


def z_sum(alpha: float = 0.05, power: float = 0.8, *, two_sided: bool = True) -> float:
    """z₁₋α/₂ + z₁₋β (z₁₋α one-sided): about 1.96 + 0.84 = 2.80 at the usual α = 0.05 and power 0.8."""
    tail = alpha / 2 if two_sided else alpha
    normal = NormalDist()
    return normal.inv_cdf(1 - tail) + normal.inv_cdf(power)


def sample_size_per_arm(
    baseline: float,
    mde: float,
    alpha: float = 0.05,
    power: float = 0.8,
    *,
    relative: bool = False,
    two_sided: bool = True,
) -> int:
    """Users per arm by the normal approximation with pooled variance, rounded up to whole users."""
    _check_design(baseline, alpha, power)
    target = target_rate(baseline, mde, relative=relative)
    pooled = (baseline + target) / 2
    n = z_sum(alpha, power, two_sided=two_sided) ** 2 * 2 * pooled * (1 - pooled) / (target - baseline) ** 2
    return math.ceil(n - 1e-9)


def sample_size_statsmodels(
    baseline: float,
    mde: float,
    alpha: float = 0.05,
    power: float = 0.8,
    *,
    relative: bool = False,
    two_sided: bool = True,
) -> int:
    """Users per arm from statsmodels' ``NormalIndPower`` with Cohen's h, rounded up to whole users."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    _check_design(baseline, alpha, power)
    target = target_rate(baseline, mde, relative=relative)
    h = proportion_effectsize(target, baseline)
    n = NormalIndPower().solve_power(
        effect_size=h, alpha=alpha, power=power, ratio=1.0, alternative="two-sided" if two_sided else "larger"
    )
    return math.ceil(float(n) - 1e-9)


def rule_of_thumb_per_arm(variance: float, delta: float) -> float:
    """n ≈ 16 σ² / δ² per arm (α = 0.05 two-sided, power 0.8): the back-of-the-envelope version."""
    if variance <= 0 or delta == 0:
        raise ValueError("the variance must be positive and the difference non-zero")
    return 16 * variance / delta**2


def mde_for_budget(
    baseline: float,
    total_users: float,
    arms: int = 2,
    alpha: float = 0.05,
    power: float = 0.8,
    *,
    relative: bool = False,
    two_sided: bool = True,
) -> float:
    """The smallest lift ``total_users`` split evenly over ``arms`` detect (pooled normal approximation).

    Solves n = K · 2 p̄(1 − p̄) / δ² for δ with p̄ = p + δ/2, K = z_sum²: a quadratic in δ,
    (n + K/2) δ² − K (1 − 2p) δ − 2K p(1 − p) = 0. Returns δ, or δ / p when ``relative``.
    """
    _check_design(baseline, alpha, power)
    if arms < 2 or total_users <= 0:
        raise ValueError("a test needs at least two arms and some users")
    n = total_users / arms
    k = z_sum(alpha, power, two_sided=two_sided) ** 2
    a, b, c = n + k / 2, -k * (1 - 2 * baseline), -2 * k * baseline * (1 - baseline)
    delta = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return delta / baseline if relative else delta


def duration_days(users_per_arm: float, daily_eligible_users: float, allocation: float, arms: int = 2) -> int:
    """Days the test runs, rounded up to whole weeks so every weekday counts equally often.

    Each day ``daily_eligible_users × allocation`` users enter the test, split over ``arms``.
    """
    if not 0 < allocation <= 1:
        raise ValueError(f"the allocation is the share of eligible users in the test, in (0, 1], not {allocation}")
    if daily_eligible_users <= 0 or users_per_arm <= 0:
        raise ValueError("traffic and the sample size must be positive")
    days = users_per_arm * arms / (daily_eligible_users * allocation)
    return 7 * math.ceil(days / 7 - 1e-9)


def allocation_for_weeks(users_per_arm: float, daily_eligible_users: float, weeks: int, arms: int = 2) -> float:
    """The share of eligible traffic a test needs to finish within ``weeks`` whole weeks."""
    if weeks < 1:
        raise ValueError("a test runs at least one whole week")
    return users_per_arm * arms / (daily_eligible_users * 7 * weeks)
