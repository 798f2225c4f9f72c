"""Self-checks of lesson 07, planning under uncertainty (a lesson keeps its answers here)."""

import math

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion

NOTEBOOK = "lesson07_planning"

# s1: the security review's three-point estimate, in days.
REVIEW = (2, 3, 10)
# s2: three tasks in a row on a critical path, their PERT standard deviations in weeks.
PATH_SDS = (1.0, 2.0, 2.0)

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "review_expected_days",
    expected=(REVIEW[0] + 4 * REVIEW[1] + REVIEW[2]) / 6,
    misconceptions=[
        Misconception(
            "most likely as the expected time",
            "That is the most likely estimate. PERT's expected time also weighs the ends: (O + 4M + P) / 6.",
            lambda expected, **_: REVIEW[1],
        ),
        Misconception(
            "plain average",
            "That is the plain average of the three. PERT counts the most likely estimate four times and divides by 6.",
            lambda expected, **_: sum(REVIEW) / 3,
        ),
    ],
    hints=[
        "O = 2, M = 3, P = 10 days.",
        "(2 + 4 × 3 + 10) / 6.",
    ],
    solution="review_expected_days = (2 + 4 * 3 + 10) / 6   # 4 days: the long tail pulls it past the most likely 3",
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "path_sd_weeks",
    expected=math.sqrt(sum(s**2 for s in PATH_SDS)),
    misconceptions=[
        Misconception(
            "standard deviations added",
            "You added the standard deviations. Variances add: square, add, take the square root.",
            lambda expected, **_: sum(PATH_SDS),
        ),
        Misconception(
            "the variance",
            "That is the variance of the path, in weeks squared. Take its square root for the standard deviation.",
            lambda expected, **_: sum(s**2 for s in PATH_SDS),
        ),
    ],
    hints=[
        "Square each standard deviation: 1, 4 and 4.",
        "√(1 + 4 + 4).",
    ],
    solution="path_sd_weeks = math.sqrt(1**2 + 2**2 + 2**2)   # 3 weeks, not 1 + 2 + 2 = 5",
)

PERCENTILES = ["the 15th percentile", "the 50th percentile", "the 85th percentile"]

s3 = ChoiceQuestion(
    "s3",
    NOTEBOOK,
    "percentile_for_scope",
    options=PERCENTILES,
    expected="the 15th percentile",
    misconceptions=[
        Misconception(
            "the 85th percentile",
            "85 % of the futures finish fewer items than the 85th percentile: promising it is promising a "
            "count the team misses most of the time.",
            lambda expected, **_: "the 85th percentile",
        ),
        Misconception(
            "the median",
            "The median is a coin flip: half of the futures finish fewer items.",
            lambda expected, **_: "the 50th percentile",
        ),
    ],
    hints=[
        "You want a count that 85 % of the simulated futures reach or beat.",
        "Which percentile has 85 % of the counts at or above it?",
    ],
    solution=("percentile_for_scope = 'the 15th percentile'  # 85 % of the futures finish at least this many items"),
)
