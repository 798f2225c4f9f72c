"""Self-checks of lesson 10, experiment analysis (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.experiment_analysis.trust import GO, STOP

NOTEBOOK = "lesson10_experiment_analysis"

s1 = ChoiceQuestion(
    "s1",
    NOTEBOOK,
    "search_test_verdict",
    options=[GO, STOP],
    expected=GO,
    misconceptions=[
        Misconception(
            "alarm at 0.05",
            "p ≈ 0.0095 is below 0.05, but the SRM alarm is 0.001: the check runs on every test, and at "
            "0.05 it would stop one healthy test in twenty.",
            lambda expected, **_: STOP,
        ),
    ],
    hints=[
        "Run `srm_check([50_410, 49_590])` and compare its p-value with `SRM_ALARM`.",
    ],
    solution=(
        "check = srm_check([50_410, 49_590])   # p ≈ 0.0095: unusual, not alarming at 0.001\n"
        "search_test_verdict = check.verdict   # 'go: split as designed'"
    ),
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "relative_lift",
    expected=0.05,
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "absolute lift",
            "0.006 is the absolute lift (0.6 percentage points). The relative lift divides it by the control's 12.0 %.",
            lambda expected, **_: 0.006,
        ),
        Misconception(
            "percentage points as a number",
            "0.6 is the absolute lift in percentage points. The relative lift is that difference over "
            "the control's rate, as a fraction.",
            lambda expected, **_: 0.6,
        ),
        Misconception(
            "percent, not a fraction", "Give the relative lift as a fraction: 0.05 for +5 %.", lambda expected, **_: 5.0
        ),
        Misconception(
            "relative to the treatment",
            "You divided by the treatment's 12.6 %. A lift is measured against the baseline, the control.",
            lambda expected, **_: 0.006 / 0.126,
        ),
    ],
    hints=["Relative lift = (treatment rate − control rate) / control rate."],
    solution="relative_lift = (0.126 - 0.120) / 0.120   # 0.05, that is +5 %",
)

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "variance_left",
    expected=1 - 0.7**2,
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "1 − ρ",
            "CUPED leaves 1 − ρ² of the variance, not 1 − ρ: square the correlation first.",
            lambda expected, **_: 0.3,
        ),
        Misconception(
            "ρ², the part removed",
            "ρ² = 0.49 is the share CUPED removes. The question asks for the share left.",
            lambda expected, **_: 0.49,
        ),
        Misconception(
            "the width, not the variance",
            "≈ 0.71 is how much the interval's width is left: the square root of the variance factor. "
            "The question asks for the variance.",
            lambda expected, **_: (1 - 0.49) ** 0.5,
        ),
    ],
    hints=["The variance of the adjusted metric is (1 − ρ²) times the original (Deng et al. 2013)."],
    solution="variance_left = 1 - 0.7**2   # 0.51: as if the test had about twice the users",
)

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "clicks_analysis",
    options=["t-test on session rows", "delta method on per-user totals", "t-test on per-user averages"],
    expected="delta method on per-user totals",
    misconceptions=[
        Misconception(
            "per-session t-test",
            "Sessions are not independent: the users were randomised, and one user's sessions move "
            "together. A per-session test is too confident, as the reshuffled A/A tests above showed.",
            lambda expected, **_: "t-test on session rows",
        ),
        Misconception(
            "mean of ratios",
            "Averaging each user's clicks per session answers a different question: it weighs a user with "
            "one session like a user with twenty. The metric is total clicks over total sessions.",
            lambda expected, **_: "t-test on per-user averages",
        ),
    ],
    hints=["Which unit was randomised? The analysis unit must be the same, or its variance must account for it."],
    solution="clicks_analysis = 'delta method on per-user totals'",
)

s5 = ChoiceQuestion(
    "s5",
    NOTEBOOK,
    "peeking_reply",
    options=["stop at the first p < 0.05", "run the planned 14 days and read once", "run until p < 0.05"],
    expected="run the planned 14 days and read once",
    misconceptions=[
        Misconception(
            "stop at the first significant day",
            "Checking every day and stopping at the first p < 0.05 turns a 5 % false-positive rate into "
            "about 20 % over 14 looks: the simulation above shows it.",
            lambda expected, **_: "stop at the first p < 0.05",
        ),
        Misconception(
            "run until significant",
            "Running until the p-value dips below 0.05 is peeking with no end: given enough looks, even "
            "an A/A test gets there.",
            lambda expected, **_: "run until p < 0.05",
        ),
    ],
    hints=["Look at the chart of the false-positive rate against the number of looks."],
    solution=(
        "# Fix the duration before the start (whole weeks), read once at the end;\n"
        "# if the business needs early stopping, use a sequential method designed for it.\n"
        "peeking_reply = 'run the planned 14 days and read once'"
    ),
)
