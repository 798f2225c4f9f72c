"""Does the experiment-design module reproduce the pinned facts and agree with statsmodels on unseen cases?"""

from __future__ import annotations

import math

import pytest
from scipy.optimize import brentq
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from tpm_course.topics.experiment_design import exercise as ex09
from tpm_course.topics.experiment_design import lesson as lesson09
from tpm_course.topics.experiment_design.maths import (
    allocation_for_weeks,
    duration_days,
    mde_for_budget,
    rule_of_thumb_per_arm,
    sample_size_per_arm,
    sample_size_statsmodels,
    target_rate,
    z_sum,
)

# (baseline, relative MDE, alpha, power): none of them appears in the exercise
UNSEEN = [
    (0.031, 0.12, 0.05, 0.8),
    (0.27, 0.04, 0.05, 0.9),
    (0.006, 0.35, 0.01, 0.8),
    (0.55, 0.07, 0.10, 0.85),
    (0.12, 0.2, 0.02, 0.95),
    (0.42, 0.015, 0.05, 0.8),
]


def test_pinned_facts_of_the_curriculum():
    """0.10 → 0.11 needs about 14,750 per arm; 2 (1.96 + 0.84)² ≈ 15.7; the rule of thumb uses 16."""
    assert sample_size_per_arm(0.10, 0.01) == 14_752
    assert sample_size_per_arm(0.10, 0.10, relative=True) == 14_752
    assert 2 * z_sum(0.05, 0.8) ** 2 == pytest.approx(15.7, abs=0.01)
    assert pytest.approx(15.68) == 2 * (1.96 + 0.84) ** 2
    assert rule_of_thumb_per_arm(0.09, 0.01) == pytest.approx(14_400)
    assert rule_of_thumb_per_arm(0.105 * 0.895, 0.01) / sample_size_per_arm(0.10, 0.01) == pytest.approx(
        16 / 15.7, rel=2e-3
    )


@pytest.mark.parametrize("baseline,relative_mde,alpha,power", UNSEEN)
def test_pooled_formula_is_statsmodels_normal_power_with_a_pooled_standardised_effect(
    baseline, relative_mde, alpha, power
):
    """The pooled formula is NormalIndPower with d = δ / √(p̄(1 − p̄)); only its second tail differs."""
    target = baseline * (1 + relative_mde)
    pooled = (baseline + target) / 2
    d = (target - baseline) / math.sqrt(pooled * (1 - pooled))
    reference = NormalIndPower().solve_power(effect_size=d, alpha=alpha, power=power, ratio=1.0)
    assert sample_size_per_arm(baseline, relative_mde, alpha, power, relative=True) == pytest.approx(
        math.ceil(reference), abs=1
    )


@pytest.mark.parametrize("baseline,relative_mde,alpha,power", UNSEEN)
def test_cohens_h_method_is_statsmodels_itself(baseline, relative_mde, alpha, power):
    h = proportion_effectsize(baseline * (1 + relative_mde), baseline)
    reference = NormalIndPower().solve_power(
        effect_size=h, alpha=alpha, power=power, ratio=1.0, alternative="two-sided"
    )
    assert sample_size_statsmodels(baseline, relative_mde, alpha, power, relative=True) == math.ceil(reference)
    one_sided = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, alternative="larger")
    assert sample_size_statsmodels(baseline, relative_mde, alpha, power, relative=True, two_sided=False) == math.ceil(
        one_sided
    )


def test_the_two_methods_agree_closely_and_drift_apart_for_small_rates_and_large_effects():
    """The lesson's claim, and the reason the exercise's tolerance (0.2 %) can tell the methods apart."""
    near_middle = sample_size_per_arm(0.35, 0.10, relative=True) / sample_size_statsmodels(0.35, 0.10, relative=True)
    small_large = sample_size_per_arm(0.01, 0.50, relative=True) / sample_size_statsmodels(0.01, 0.50, relative=True)
    assert abs(near_middle - 1) < 0.001
    assert small_large - 1 > 0.005
    for baseline, mde, alpha, power in [(0.05, 0.30, 0.05, 0.8), (0.012, 0.5, 0.05, 0.8), (0.08, 0.25, 0.10, 0.8)]:
        pooled = sample_size_per_arm(baseline, mde, alpha, power, relative=True)
        assert abs(pooled / sample_size_statsmodels(baseline, mde, alpha, power, relative=True) - 1) > 0.002


@pytest.mark.parametrize("baseline,relative_mde,alpha,power", UNSEEN)
def test_mde_for_budget_inverts_the_sample_size(baseline, relative_mde, alpha, power):
    n = sample_size_per_arm(baseline, relative_mde, alpha, power, relative=True)
    for arms in (2, 3):
        found = mde_for_budget(baseline, n * arms, arms, alpha, power, relative=True)
        assert found == pytest.approx(relative_mde, rel=2e-3)  # n was rounded up, so a hair below
        assert found <= relative_mde

    def excess(delta):  # an independent numeric inversion of the unrounded formula
        pooled = baseline + delta / 2
        return z_sum(alpha, power) ** 2 * 2 * pooled * (1 - pooled) / delta**2 - n

    assert mde_for_budget(baseline, 2 * n, 2, alpha, power) == pytest.approx(
        brentq(excess, 1e-7, 1 - baseline - 1e-9), rel=1e-9
    )


def test_duration_rounds_up_to_whole_weeks():
    assert duration_days(18_873, 6_000, 0.10) == 63  # 62.9 days of traffic: 9 weeks
    assert duration_days(14_752, 6_000, 0.10) == 56
    assert duration_days(10_500, 3_000, 1.0) == 7  # exactly one week stays one week
    assert duration_days(10_500, 3_000, 0.1 * 10) == 7  # floating noise does not add a week
    assert duration_days(10_501, 3_000, 1.0) == 14
    assert duration_days(1_000, 3_000, 1.0, arms=4) == 7
    assert allocation_for_weeks(18_873, 6_000, 4) == pytest.approx(2 * 18_873 / (6_000 * 28))
    with pytest.raises(ValueError, match="allocation"):
        duration_days(1_000, 3_000, 10)


def test_bad_designs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="baseline"):
        sample_size_per_arm(1.2, 0.1)
    with pytest.raises(ValueError, match="swapped"):
        sample_size_per_arm(0.1, 0.01, alpha=0.8, power=0.05)
    with pytest.raises(ValueError, match="below 1"):
        target_rate(0.6, 0.8, relative=True)
    with pytest.raises(ValueError, match="two arms"):
        mde_for_budget(0.1, 1_000, arms=1)


def test_more_power_less_alpha_or_a_smaller_effect_cost_users():
    base = sample_size_per_arm(0.08, 0.10, relative=True)
    assert sample_size_per_arm(0.08, 0.10, power=0.9, relative=True) > base
    assert sample_size_per_arm(0.08, 0.10, alpha=0.01, relative=True) > base
    assert sample_size_per_arm(0.08, 0.10, relative=True, two_sided=False) < base
    assert sample_size_per_arm(0.08, 0.05, relative=True) / base == pytest.approx(4, rel=0.05)


def test_the_exercise_brief_needs_nine_weeks_at_ten_percent():
    """Exercise 09 Q5's premise: the test as briefed misses the four-week deadline."""
    n = sample_size_per_arm(ex09.BASELINE, ex09.RELATIVE_MDE, relative=True)
    assert n == 18_873
    assert duration_days(n, ex09.DAILY_ELIGIBLE, ex09.ALLOCATION) == 63
    assert allocation_for_weeks(n, ex09.DAILY_ELIGIBLE, ex09.DEADLINE_WEEKS) == pytest.approx(0.2247, abs=1e-4)
    assert mde_for_budget(ex09.BASELINE, ex09.DAILY_ELIGIBLE * ex09.ALLOCATION * 28, relative=True) == pytest.approx(
        0.1515, abs=1e-4
    )
    assert [case.expected for case in ex09.q1.cases] == [14_752]
    assert [case.expected for case in ex09.q2.cases] == [sample_size_statsmodels(0.10, 0.10, relative=True)]


def test_lesson_self_check_answers():
    assert lesson09.s3.expected == 21  # 40,000 users at 2,700 a day: 14.8 days, so three weeks
    assert lesson09.s1.expected == sample_size_per_arm(0.05, 0.055 - 0.05)
