"""Self-checks of lesson 13, security, privacy and delivery health (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.experiment_design.maths import sample_size_per_arm  # module 09, no heavy imports

NOTEBOOK = "lesson13_security_delivery"

# s1: awareness Saturday 28 March 2026, 20:00 in Paris (UTC+1); clocks go forward at 02:00 on the
# 29th (to UTC+2). 19:00 UTC + 72 h = Tuesday 31 March 19:00 UTC = 21:00 in Paris.
S1_AWARE_LOCAL_HOUR, S1_OFFSET_BEFORE, S1_OFFSET_AFTER = 20, 1, 2

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "paris_deadline_hour",
    expected=S1_AWARE_LOCAL_HOUR - S1_OFFSET_BEFORE + S1_OFFSET_AFTER,
    abs_tol=0.01,
    misconceptions=[
        Misconception(
            "three days on the wall clock",
            "You added three days to the Paris wall clock. The clocks go forward an hour on Sunday, so 72 "
            "elapsed hours end an hour later on the wall clock.",
            lambda expected, **_: S1_AWARE_LOCAL_HOUR,
        ),
        Misconception(
            "UTC read as Paris time",
            "That is the deadline's hour in UTC. The question asks for the hour on a clock in Paris, "
            "which runs two hours ahead of UTC by Tuesday.",
            lambda expected, **_: S1_AWARE_LOCAL_HOUR - S1_OFFSET_BEFORE,
        ),
    ],
    hints=["Convert 20:00 Paris time on Saturday to UTC, add 72 hours, convert back with Tuesday's offset."],
    solution=(
        "aware = datetime(2026, 3, 28, 20, 0, tzinfo=ZoneInfo('Europe/Paris'))\n"
        "deadline = (aware.astimezone(timezone.utc) + timedelta(hours=72)).astimezone(ZoneInfo('Europe/Paris'))\n"
        "paris_deadline_hour = deadline.hour   # 21: Tuesday 31 March, 21:00 in Paris (19:00 UTC)"
    ),
)

S2_DEPLOYS, S2_CHANGES, S2_FAILED = 40, 220, 6

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "failure_rate",
    expected=S2_FAILED / S2_DEPLOYS,
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "failures over changes",
            "You divided by the 220 changes. The change failure rate counts deployments: failed deployments "
            "over deployments.",
            lambda expected, **_: S2_FAILED / S2_CHANGES,
        ),
        Misconception(
            "failures over successes",
            "You divided the failed deployments by the ones that went well. Divide by all 40 deployments.",
            lambda expected, **_: S2_FAILED / (S2_DEPLOYS - S2_FAILED),
        ),
    ],
    hints=["Failed deployments / all deployments, as a fraction."],
    solution="failure_rate = 6 / 40   # 0.15: 15 % of deployments failed",
)

REPORT_YEARS = ["2023", "2024", "2025"]

s3 = ChoiceQuestion(
    "s3",
    NOTEBOOK,
    "last_report_with_tiers",
    options=REPORT_YEARS,
    expected="2024",
    misconceptions=[
        Misconception(
            "2025",
            "The 2025 report is the one that dropped the four tiers: it describes seven team archetypes instead.",
            lambda expected, **_: "2025",
        ),
        Misconception(
            "2023",
            "2023 had tiers, but it was not the last report to have them.",
            lambda expected, **_: "2023",
        ),
    ],
    hints=["The lesson's table names its year, and the paragraph after it says what changed next."],
    solution="last_report_with_tiers = '2024'   # 2025 replaced the tiers with archetypes and added rework rate",
)


s4 = ValueQuestion(
    "s4",
    NOTEBOOK,
    "canary_requests_needed",
    expected=sample_size_per_arm(0.01, 0.005),
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "both arms",
            "You counted both arms. The canary alone must serve the per-arm sample size.",
            lambda expected, **_: 2 * expected,
        ),
        Misconception(
            "a relative rise",
            "You passed the rise as a relative lift (`relative=True`). 1 % to 1.5 % is an absolute rise of 0.005.",
            lambda expected, **_: sample_size_per_arm(0.01, 0.005, relative=True),
        ),
    ],
    hints=["`sample_size_per_arm(baseline, mde)` from module 09, with the rise as an absolute mde."],
    solution="canary_requests_needed = sample_size_per_arm(0.01, 0.005)   # about 7,700 requests",
)
