"""Self-checks of lesson 09, experiment design (a lesson keeps its answers here)."""

import math

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.experiment_design.maths import sample_size_per_arm

NOTEBOOK = "lesson09_experiment_design"

# s1: the search team's test, as the self-check states it.
SEARCH_BASELINE, SEARCH_RELATIVE_MDE = 0.05, 0.10

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "search_test_per_arm",
    expected=sample_size_per_arm(SEARCH_BASELINE, SEARCH_RELATIVE_MDE, relative=True),
    rel_tol=0.005,
    misconceptions=[
        Misconception(
            "relative as absolute",
            "You detected 5 % → 15 %. A 10 % relative lift on a 5 % baseline is 5 % → 5.5 %: δ = 0.05 × 0.10 = 0.005.",
            lambda expected, **_: sample_size_per_arm(SEARCH_BASELINE, SEARCH_RELATIVE_MDE),
        ),
        Misconception(
            "both arms", "That is both arms together; the question asks per arm.", lambda expected, **_: 2 * expected
        ),
        Misconception(
            "one-sided",
            "You used a one-sided test. The course's tests are two-sided: z₁₋α/₂ ≈ 1.96.",
            lambda expected, **_: sample_size_per_arm(
                SEARCH_BASELINE, SEARCH_RELATIVE_MDE, relative=True, two_sided=False
            ),
        ),
    ],
    hints=[
        "Target rate = 0.05 × 1.10. Use `sample_size_per_arm` with `relative=True`, or the formula by hand.",
        "n = (1.96 + 0.84)² · 2 p̄(1 − p̄) / δ² with p̄ = (0.05 + 0.055) / 2 and δ = 0.005; round up.",
    ],
    solution="search_test_per_arm = sample_size_per_arm(0.05, 0.10, relative=True)  # 5 % → 5.5 %",
)

HALVING = ["it halves", "it doubles", "it roughly quadruples", "it stays the same"]

s2 = ChoiceQuestion(
    "s2",
    NOTEBOOK,
    "halved_mde",
    options=HALVING,
    expected="it roughly quadruples",
    misconceptions=[
        Misconception("inverse", "A smaller effect needs more users, not fewer.", lambda expected, **_: "it halves"),
        Misconception(
            "linear",
            "n grows with 1/δ², not 1/δ: half the effect needs about four times the users.",
            lambda expected, **_: "it doubles",
        ),
        Misconception(
            "unchanged",
            "The MDE is in the denominator of the formula, squared: it moves n a lot.",
            lambda expected, **_: "it stays the same",
        ),
    ],
    hints=["Where does δ appear in n = 16 σ² / δ²?"],
    solution="halved_mde = 'it roughly quadruples'  # n ∝ 1/δ²; p̄ moves a little too, hence 'roughly'",
)

# s3: the onboarding test's traffic.
ONBOARDING_PER_ARM, ONBOARDING_DAILY, ONBOARDING_ALLOCATION, ONBOARDING_ARMS = 20_000, 9_000, 0.30, 2
_DAYS = ONBOARDING_PER_ARM * ONBOARDING_ARMS / (ONBOARDING_DAILY * ONBOARDING_ALLOCATION)

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "onboarding_days",
    expected=7 * math.ceil(_DAYS / 7),
    integer=True,
    misconceptions=[
        Misconception(
            "whole days",
            "You rounded to whole days. Round up to whole weeks, so every weekday counts equally often.",
            lambda expected, **_: math.ceil(_DAYS),
        ),
        Misconception(
            "one arm",
            "You filled one arm: both arms need 20,000 users each.",
            lambda expected, **_: 7 * math.ceil(_DAYS / ONBOARDING_ARMS / 7),
        ),
        Misconception(
            "allocation ignored",
            "Only 30 % of the eligible users enter the test.",
            lambda expected, **_: 7 * math.ceil(_DAYS * ONBOARDING_ALLOCATION / 7),
        ),
        Misconception("weeks", "That is weeks; the question asks for days.", lambda expected, **_: expected / 7),
    ],
    hints=[
        "Users needed = 20,000 × 2. Users entering per day = 9,000 × 0.30.",
        "Days = needed ÷ per day, then round up to a multiple of 7.",
    ],
    solution="onboarding_days = duration_days(20_000, 9_000, 0.30)  # 14.8 days of traffic → 3 weeks = 21 days",
)

WHY_WEEKS = [
    "weekday and weekend users behave differently",
    "statistical tests need a multiple of seven days of data",
    "a week of traffic always gives power 0.8",
    "experiment platforms only report weekly",
]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "why_whole_weeks",
    options=WHY_WEEKS,
    expected="weekday and weekend users behave differently",
    misconceptions=[
        Misconception(
            "statistics",
            "The tests themselves do not care about days. The users do: see the weekday chart of the lesson.",
            lambda expected, **_: WHY_WEEKS[1],
        ),
        Misconception(
            "power",
            "Power comes from the number of users per arm, whatever the calendar.",
            lambda expected, **_: WHY_WEEKS[2],
        ),
        Misconception(
            "reporting",
            "Reporting cadence is a tooling choice; the reason is in the users' behaviour.",
            lambda expected, **_: WHY_WEEKS[3],
        ),
    ],
    hints=["Look at the sign-up rate by weekday of the first visit in the lesson."],
    solution=(
        "# A test that stops mid-week over-weights some weekdays; weekday and weekend users differ\n"
        "# (Kohavi, Tang & Xu 2020, ch. 2), so the measured effect would not be the week's effect.\n"
        "why_whole_weeks = 'weekday and weekend users behave differently'"
    ),
)
