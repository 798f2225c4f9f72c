"""Checks for exercise 09, experiment design (answer keys live in the hidden tests).

Misconceptions recompute the design with one thing changed, through ``tpm_course.topics.experiment_design.maths``
(imported when a prediction is made, so binding the checks stays cheap).
"""

import math

from tpm_course.core import FunctionQuestion, Misconception, Parts
from tpm_course.topics.experiment_design.question import EveryMistakeNamed, WholeCount

NOTEBOOK = "09_experiment_design"

# The brief of the notebook's decision question (Q5), as it states it.
BASELINE, RELATIVE_MDE, DAILY_ELIGIBLE, ALLOCATION, DEADLINE_WEEKS = 0.08, 0.10, 6_000, 0.10, 4


def _design():
    from tpm_course.topics.experiment_design import maths as experiment_design

    return experiment_design


def _swapped_power_and_alpha(baseline, relative_mde, alpha, power):
    """The pooled formula with z₁₋β/₂ + z₁₋α: the roles of alpha and 1 − power exchanged."""
    from statistics import NormalDist

    target = baseline * (1 + relative_mde)
    pooled = (baseline + target) / 2
    z = NormalDist().inv_cdf(1 - (1 - power) / 2) + NormalDist().inv_cdf(1 - alpha)
    return z**2 * 2 * pooled * (1 - pooled) / (target - baseline) ** 2


def _unpooled(baseline, relative_mde, alpha, power):
    """The normal approximation with each arm's own variance, p₁(1 − p₁) + p₂(1 − p₂), rounded up."""
    import math
    from statistics import NormalDist

    target = baseline * (1 + relative_mde)
    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)
    return math.ceil(z**2 * (baseline * (1 - baseline) + target * (1 - target)) / (target - baseline) ** 2)


def _at_baseline(baseline, per_arm, alpha, power):
    """The relative MDE with both arms' variance taken at the baseline: δ = z · √(2 p₁(1 − p₁) / n)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)
    return z * (2 * baseline * (1 - baseline) / per_arm) ** 0.5 / baseline


def _raw_effect(baseline, relative_mde, alpha, power):
    """statsmodels' sample size with the raw difference of the rates as its effect size, rounded up."""
    import math

    from statsmodels.stats.power import NormalIndPower

    effect = baseline * relative_mde
    return math.ceil(NormalIndPower().solve_power(effect_size=effect, alpha=alpha, power=power, ratio=1.0))


def _rule_of_16(baseline, relative_mde):
    target = baseline * (1 + relative_mde)
    pooled = (baseline + target) / 2
    return _design().rule_of_thumb_per_arm(pooled * (1 - pooled), target - baseline)


def _absolute(function, baseline, relative_mde, alpha, power):
    """The sample size when the relative MDE is read as percentage points."""
    return function(baseline, relative_mde, alpha, power, relative=False)


def _pooled_raw(baseline, relative_mde, alpha, power, *, z=None, variance_at_baseline=False):
    """The pooled formula's users per arm before rounding, with a z-sum or a variance changed."""
    target = baseline * (1 + relative_mde)
    pooled = (baseline + target) / 2
    z = _design().z_sum(alpha, power) if z is None else z
    spread = baseline * (1 - baseline) if variance_at_baseline else pooled * (1 - pooled)
    return z**2 * 2 * spread / (target - baseline) ** 2


def _statsmodels_raw(baseline, relative_mde, alpha, power):
    """statsmodels' users per arm before rounding."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    h = proportion_effectsize(baseline * (1 + relative_mde), baseline)
    return float(NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0))


def _rounded_not_up(raw):
    """The sample size rounded to the nearest whole user, where that is below the rounded-up one."""
    nearest = round(raw)
    return None if nearest >= math.ceil(raw - 1e-9) else nearest


def _power_z_sign(alpha, power):
    """z₁₋α/₂ − z₁₋β: `norm.ppf(1 - power)` (or `norm.ppf(alpha / 2)`) where z₁₋β was meant; squared, the same."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(1 - alpha / 2) - NormalDist().inv_cdf(power)


def _rounded_not_up_misconception(raw):
    return Misconception(
        "rounded, not up",
        "You rounded the sample size to the nearest whole user. Round up (`math.ceil`): rounding down "
        "leaves the test a little short of the power it was designed for.",
        lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _rounded_not_up(
            raw(baseline, relative_mde, alpha, power)
        ),
    )


BOTH_ARMS = Misconception(
    "both arms",
    "That is the users of both arms together. The question asks per arm: each of control and treatment needs it.",
    lambda expected, **_: 2 * expected,
)


def _relative_as_absolute(function):
    return Misconception(
        "relative as absolute",
        "You treated the relative MDE as an absolute one (percentage points). A relative MDE of 10 % on a "
        "baseline of 5 % means detecting 5 % → 5.5 %, not 5 % → 15 %: δ = baseline × relative MDE.",
        lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _absolute(
            getattr(_design(), function), baseline, relative_mde, alpha, power
        ),
    )


q1 = WholeCount(
    "q1",
    NOTEBOOK,
    "sample_size_per_arm",
    integer=True,  # users come whole: the statement says to round up
    rel_tol=0.0,  # a whole number, compared exactly: rounding to the nearest user is not rounding up
    abs_tol=0.0,
    cases=[({"baseline": 0.10, "relative_mde": 0.10}, 14_752)],
    misconceptions=[
        _relative_as_absolute("sample_size_per_arm"),
        _rounded_not_up_misconception(lambda *design: _pooled_raw(*design)),
        Misconception(
            "power z with the wrong sign",
            "Your z-values partly cancel: z₁₋β has the wrong sign (`norm.ppf(1 - power)` or "
            "`norm.ppf(alpha / 2)` is negative). Add z₁₋α/₂ = `norm.ppf(1 - alpha / 2)` and "
            "z₁₋β = `norm.ppf(power)`, both positive.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: math.ceil(
                _pooled_raw(baseline, relative_mde, alpha, power, z=_power_z_sign(alpha, power)) - 1e-9
            ),
        ),
        Misconception(
            "variance at the baseline",
            "You used the baseline's variance, 2 p₁(1 − p₁), for both arms. The method graded pools them: "
            "2 p̄(1 − p̄) with p̄ = (p₁ + p₂) / 2.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: math.ceil(
                _pooled_raw(baseline, relative_mde, alpha, power, variance_at_baseline=True) - 1e-9
            ),
        ),
        Misconception(
            "z typed in",
            "Your z-values are typed in (1.96 + 0.84), so they ignore the `alpha` and `power` the function "
            "is given, and are rounded. Compute them: `norm.ppf(1 - alpha / 2) + norm.ppf(power)`.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: math.ceil(
                _pooled_raw(baseline, relative_mde, alpha, power, z=1.96 + 0.84) - 1e-9
            ),
        ),
        Misconception(
            "one-sided alpha",
            "You used a one-sided test (z₁₋α ≈ 1.64 at α = 0.05). The question asks for a two-sided "
            "test: z₁₋α/₂ ≈ 1.96.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _design().sample_size_per_arm(
                baseline, relative_mde, alpha, power, relative=True, two_sided=False
            ),
        ),
        BOTH_ARMS,
        Misconception(
            "power and alpha swapped",
            "Alpha and power have swapped places: z₁₋α/₂ comes from alpha (1.96 at 0.05) and z₁₋β from "
            "power (0.84 at 0.8).",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _swapped_power_and_alpha(
                baseline, relative_mde, alpha, power
            ),
        ),
        Misconception(
            "rule of 16",
            "You used the rule of thumb's 16. It is fine on a napkin; this question asks for the exact "
            "constant from z-values, 2 (z₁₋α/₂ + z₁₋β)² ≈ 15.7 at the usual alpha and power.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: (
                None if (alpha, power) != (0.05, 0.8) else _rule_of_16(baseline, relative_mde)
            ),
        ),
        Misconception(
            "unpooled variance",
            "Your numbers match the formula with each arm's own variance, p₁(1 − p₁) + p₂(1 − p₂). The "
            "method graded pools them: 2 p̄(1 − p̄) with p̄ = (p₁ + p₂) / 2. The two differ most for large effects.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _unpooled(
                baseline, relative_mde, alpha, power
            ),
        ),
        Misconception(
            "Cohen's h",
            "Your numbers match statsmodels with Cohen's h. This question grades the normal approximation "
            "with pooled variance, p̄ = (p₁ + p₂) / 2; Q2 is the statsmodels one.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _design().sample_size_statsmodels(
                baseline, relative_mde, alpha, power, relative=True
            ),
        ),
    ],
    hints=[
        "Target rate p₂ = baseline × (1 + relative_mde); δ = p₂ − p₁; p̄ = (p₁ + p₂) / 2.",
        "n = (z₁₋α/₂ + z₁₋β)² · 2 p̄(1 − p̄) / δ², with z from `scipy.stats.norm.ppf`; round up.",
    ],
)

q2 = WholeCount(
    "q2",
    NOTEBOOK,
    "sample_size_statsmodels",
    integer=True,  # users come whole: the statement says to round up
    rel_tol=0.0,  # a whole number, compared exactly: rounding to the nearest user is not rounding up
    abs_tol=0.0,
    cases=[({"baseline": 0.10, "relative_mde": 0.10}, 14_745)],
    misconceptions=[
        _relative_as_absolute("sample_size_statsmodels"),
        _rounded_not_up_misconception(lambda *design: _statsmodels_raw(*design)),
        Misconception(
            "one-sided alternative",
            "You solved for a one-sided test (`alternative='larger'`). The question asks two-sided, "
            "statsmodels' default `alternative='two-sided'`.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _design().sample_size_statsmodels(
                baseline, relative_mde, alpha, power, relative=True, two_sided=False
            ),
        ),
        BOTH_ARMS,
        Misconception(
            "raw difference as the effect size",
            "You gave `solve_power` the difference of the rates as its effect size. `NormalIndPower` "
            "takes a standardised effect, Cohen's h from `proportion_effectsize(target, baseline)`.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _raw_effect(
                baseline, relative_mde, alpha, power
            ),
        ),
        Misconception(
            "pooled formula",
            "Your numbers match the pooled normal approximation (Q1). This question grades statsmodels' "
            "`NormalIndPower` with Cohen's h from `proportion_effectsize` as the effect size.",
            lambda expected, baseline, relative_mde, alpha=0.05, power=0.8, **_: _design().sample_size_per_arm(
                baseline, relative_mde, alpha, power, relative=True
            ),
        ),
    ],
    hints=[
        "`h = proportion_effectsize(p2, p1)` with p₂ = baseline × (1 + relative_mde).",
        "`NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1)` gives users per arm; "
        "round up.",
    ],
)

q3 = FunctionQuestion(
    "q3",
    NOTEBOOK,
    "mde_for_budget",
    rel_tol=0.005,
    cases=[({"baseline": 0.10, "total_users": 29_504}, 0.10)],
    misconceptions=[
        Misconception(
            "traffic not split",
            "You gave every arm the whole budget. The users are split between the arms: each arm gets "
            "`total_users / arms`.",
            lambda expected, baseline, total_users, arms=2, alpha=0.05, power=0.8, **_: _design().mde_for_budget(
                baseline, total_users * arms, arms, alpha, power, relative=True
            ),
        ),
        Misconception(
            "absolute not relative",
            "That is the absolute MDE, in percentage points. The question asks for the relative MDE: "
            "divide by the baseline.",
            lambda expected, baseline, **_: expected * baseline,
        ),
        Misconception(
            "two arms whatever arms is",
            "You split the users over two arms whatever `arms` says: each arm gets `total_users / arms`.",
            lambda expected, baseline, total_users, arms=2, alpha=0.05, power=0.8, **_: (
                None if arms == 2 else _design().mde_for_budget(baseline, total_users, 2, alpha, power, relative=True)
            ),
        ),
        Misconception(
            "power z subtracted",
            "Your power term has the wrong sign: the formula adds z₁₋β (0.84 at 80 % power) to z₁₋α/₂, "
            "it does not subtract it.",
            lambda expected, baseline, total_users, arms=2, alpha=0.05, power=0.8, **_: _design().mde_for_budget(
                baseline, total_users, arms, alpha, 1 - power, relative=True
            ),
        ),
        Misconception(
            "variance at the baseline",
            "You used the baseline's variance, 2 p₁(1 − p₁), for both arms. The pooled formula of Q1 "
            "uses p̄ = (p₁ + p₂) / 2, which moves with the effect: solve for it.",
            lambda expected, baseline, total_users, arms=2, alpha=0.05, power=0.8, **_: _at_baseline(
                baseline, total_users / arms, alpha, power
            ),
        ),
        Misconception(
            "one-sided alpha",
            "You used a one-sided test. The question asks for a two-sided one: z₁₋α/₂ ≈ 1.96 at α = 0.05.",
            lambda expected, baseline, total_users, arms=2, alpha=0.05, power=0.8, **_: _design().mde_for_budget(
                baseline, total_users, arms, alpha, power, relative=True, two_sided=False
            ),
        ),
        Misconception(
            "percent",
            "Your function returns a percentage (10 for a 10 % lift). Return the fraction: 0.10.",
            lambda expected, **_: expected * 100,
        ),
    ],
    hints=[
        "Each arm gets n = total_users / arms. Which δ makes the pooled formula give exactly n?",
        "p̄ depends on δ, so solve numerically (`scipy.optimize.brentq` on n(δ) − n) or as a quadratic; "
        "return δ / baseline.",
    ],
)

q4 = FunctionQuestion(
    "q4",
    NOTEBOOK,
    "duration_days",
    rel_tol=0.0,
    cases=[({"users_per_arm": 14_752, "daily_eligible_users": 6_000, "allocation": 0.10}, 56)],
    misconceptions=[
        Misconception(
            "not whole weeks",
            "You rounded up to whole days. Round up to whole weeks: users behave differently on weekdays "
            "and at weekends, so every weekday must appear equally often in the test.",
            lambda expected, users_per_arm, daily_eligible_users, allocation, arms=2, **_: math.ceil(
                users_per_arm * arms / (daily_eligible_users * allocation) - 1e-9
            ),
        ),
        Misconception(
            "weeks rounded down",
            "You rounded the weeks down (floor division, or to the nearest week when that is the one below), "
            "which stops the test before every arm has its users. Round up to the next whole week: "
            "`7 * math.ceil(days / 7)`.",
            lambda expected, users_per_arm, daily_eligible_users, allocation, arms=2, **_: (
                7 * math.floor(users_per_arm * arms / (daily_eligible_users * allocation) / 7 + 1e-9)
            ),
        ),
        Misconception(
            "a week added",
            "You add a week even when the users fill whole weeks exactly (`days // 7 + 1`): a test that "
            "needs exactly 7 days runs 7, not 14. Round up with `math.ceil(days / 7)`.",
            lambda expected, users_per_arm, daily_eligible_users, allocation, arms=2, **_: (
                7 * (math.floor(users_per_arm * arms / (daily_eligible_users * allocation) / 7 + 1e-9) + 1)
            ),
        ),
        Misconception(
            "one arm of traffic",
            "You filled one arm only. Every arm needs `users_per_arm`: the test needs "
            "`users_per_arm × arms` users from its share of the traffic.",
            lambda expected, users_per_arm, daily_eligible_users, allocation, **_: (
                7 * math.ceil(users_per_arm / (daily_eligible_users * allocation) / 7 - 1e-9)
            ),
        ),
        Misconception(
            "allocation ignored",
            "You used all eligible traffic. Only `allocation` of it enters the test.",
            lambda expected, users_per_arm, daily_eligible_users, arms=2, **_: (
                7 * math.ceil(users_per_arm * arms / daily_eligible_users / 7 - 1e-9)
            ),
        ),
        Misconception(
            "weeks not days",
            "That looks like a number of weeks. Return days (a multiple of 7).",
            lambda expected, **_: expected / 7,
        ),
    ],
    hints=[
        "Users entering the test each day = daily_eligible_users × allocation; it needs users_per_arm × arms.",
        "Days = needed ÷ per day; round up to the next multiple of 7 (`7 * math.ceil(days / 7)`).",
    ],
)

DECISIONS = ["run as designed", "do not run", "change the design"]
DECISION_SCHEMA = {
    "type": "object",
    "required": [
        "decision",
        "users_per_arm",
        "weeks_as_designed",
        "allocation_for_deadline",
        "relative_mde_by_deadline",
        "reason",
    ],
    "properties": {
        "decision": {"enum": DECISIONS},
        "users_per_arm": {"type": "integer", "minimum": 1},
        "weeks_as_designed": {"type": "integer", "minimum": 1},
        "allocation_for_deadline": {"type": "number", "exclusiveMinimum": 0},
        "relative_mde_by_deadline": {"type": "number", "exclusiveMinimum": 0},
        "reason": {"type": "string", "minLength": 20},
    },
}

q5 = EveryMistakeNamed(
    "q5",
    NOTEBOOK,
    "test_plan",
    parts=Parts(5, noun="field"),
    schema=DECISION_SCHEMA,
    context={"baseline": BASELINE, "daily": DAILY_ELIGIBLE, "allocation": ALLOCATION},
    misconceptions=[
        Misconception(
            "past the deadline",
            "As designed, the test runs well past the four-week deadline: running it unchanged means no "
            "answer in time. Change the allocation or the MDE so that it fits.",
            lambda expected, **_: {"decision": "run as designed"},
        ),
        Misconception(
            "both arms as per arm",
            "`users_per_arm` holds the users of both arms. Give one arm's users.",
            lambda expected, **_: {"users_per_arm": 2 * expected["users_per_arm"]},
        ),
        Misconception(
            "one arm of traffic",
            "Your timings fill one arm only: the test needs `users_per_arm` in each of the two arms.",
            lambda expected, daily, allocation, **_: {
                "weeks_as_designed": math.ceil(expected["users_per_arm"] / (daily * allocation) / 7 - 1e-9)
            },
        ),
        Misconception(
            "allocation for one arm",
            "That allocation fills one arm in four weeks. Both arms draw on it: double it.",
            lambda expected, **_: {"allocation_for_deadline": expected["allocation_for_deadline"] / 2},
        ),
        Misconception(
            "absolute MDE",
            "`relative_mde_by_deadline` looks like percentage points. Give it relative to the baseline.",
            lambda expected, baseline, **_: {
                "relative_mde_by_deadline": expected["relative_mde_by_deadline"] * baseline
            },
        ),
        Misconception(
            "weeks in days",
            "`weeks_as_designed` looks like days. Give whole weeks: `duration_days(...) // 7`.",
            lambda expected, **_: {"weeks_as_designed": 7 * expected["weeks_as_designed"]},
        ),
        Misconception(
            "allocation in percent",
            "`allocation_for_deadline` looks like a percentage. Give the share as a fraction: 0.5 for 50 %.",
            lambda expected, **_: {"allocation_for_deadline": 100 * expected["allocation_for_deadline"]},
        ),
        Misconception(
            "allocation rounded",
            "`allocation_for_deadline` is rounded to a whole percent. The question asks for the share "
            "unrounded: the platform team rounds when it sets the split.",
            lambda expected, **_: {
                "allocation_for_deadline": math.ceil(100 * expected["allocation_for_deadline"]) / 100
            },
        ),
        Misconception(
            "MDE in percent",
            "`relative_mde_by_deadline` looks like a percentage. Give the relative lift as a fraction: 0.2 for 20 %.",
            lambda expected, **_: {"relative_mde_by_deadline": 100 * expected["relative_mde_by_deadline"]},
        ),
        Misconception(
            "MDE rounded",
            "`relative_mde_by_deadline` is rounded to two decimals. The question asks for it unrounded: "
            "the review sets it beside the lift the team hopes for, which may be close.",
            lambda expected, **_: {"relative_mde_by_deadline": round(expected["relative_mde_by_deadline"], 2)},
        ),
        Misconception(
            "five-day weeks",
            "Your weeks have five days. The test runs every day of the week, weekends included: a week is "
            "7 days of traffic.",
            lambda expected, daily, allocation, **_: {
                "weeks_as_designed": math.ceil(2 * expected["users_per_arm"] / (daily * allocation) / 5 - 1e-9)
            },
        ),
        Misconception(
            "five-day weeks for the allocation",
            "Your four weeks have twenty days. The test runs every day of the week, weekends included: "
            "four weeks are 28 days of traffic.",
            lambda expected, daily, **_: {"allocation_for_deadline": 2 * expected["users_per_arm"] / (daily * 20)},
        ),
        Misconception(
            "needless give-up",
            "The test can still answer the question in time with a change of design: that is not a reason to drop it.",
            lambda expected, **_: {"decision": "do not run"},
        ),
    ],
    hints=[
        "Your `sample_size_per_arm` and `duration_days` give the design as briefed. How many weeks is that?",
        "For the deadline: the allocation that fits 4 weeks, and the relative MDE that 4 weeks at 10 % can reach "
        "(`mde_for_budget` on the users those weeks bring).",
    ],
)
