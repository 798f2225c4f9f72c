"""Self-checks of lesson 08, product metrics (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion

NOTEBOOK = "lesson08_metrics"

# s1: a landing-page funnel, as the self-check states it.
VISITORS, SIGNUPS, ACTIVATED, PURCHASED = 8_000, 2_000, 1_100, 330

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "activate_to_purchase",
    expected=PURCHASED / ACTIVATED,
    misconceptions=[
        Misconception(
            "over all visitors",
            "That is the share of all visitors who purchased: the overall conversion. The step "
            "conversion divides by the users who reached the step before, here the activated ones.",
            lambda expected, **_: PURCHASED / VISITORS,
        ),
        Misconception(
            "over signups",
            "You divided by the signups. The step before purchase is activation.",
            lambda expected, **_: PURCHASED / SIGNUPS,
        ),
        Misconception(
            "drop-off",
            "That is the drop-off, the share who did not continue: 1 − the step conversion.",
            lambda expected, **_: 1 - PURCHASED / ACTIVATED,
        ),
    ],
    hints=[
        "Which users could have purchased at this step? Only those who activated.",
        "Step conversion = users at the step ÷ users at the step before it.",
    ],
    solution="activate_to_purchase = 330 / 1_100  # 0.30: 30 % of activated users purchase",
)

# s2: a log small enough to read, shown in the lesson as `tiny`.
TINY_COLUMNS = ["event_time", "user_id", "event"]
TINY_ROWS = [
    ("2026-02-02 10:00:00", 1, "signup"),
    ("2026-02-02 23:30:00", 2, "signup"),
    ("2026-02-02 14:00:00", 3, "signup"),
    ("2026-02-03 07:00:00", 4, "visit"),
    ("2026-02-03 07:05:00", 4, "signup"),
    ("2026-02-03 00:15:00", 2, "visit"),
    ("2026-02-03 08:00:00", 1, "visit"),
    ("2026-02-03 12:00:00", 1, "visit"),
    ("2026-02-03 19:00:00", 1, "visit"),
    ("2026-02-03 09:00:00", 5, "visit"),
    ("2026-02-04 18:00:00", 4, "visit"),
    ("2026-02-05 09:00:00", 3, "visit"),
]
TINY_SIGNUPS = 4
TINY_RETAINED_D1 = 3  # users 1, 2 and 4; user 3 only returns on day 3
TINY_EVENTS_ON_D1 = 5  # user 1 three times, users 2 and 4 once

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "tiny_d1",
    expected=TINY_RETAINED_D1 / TINY_SIGNUPS,
    misconceptions=[
        Misconception(
            "24-hour windows",
            "You measured 24-hour windows from the signup time. Day 1 is the next calendar day: user 2, "
            "who signed up at 23:30 and came back at 00:15, is retained on day 1.",
            lambda expected, **_: (TINY_RETAINED_D1 - 1) / TINY_SIGNUPS,
        ),
        Misconception(
            "every user as denominator",
            "User 5 never signed up, so they are not in any cohort: divide by the 4 users who signed up.",
            lambda expected, **_: TINY_RETAINED_D1 / (TINY_SIGNUPS + 1),
        ),
        Misconception(
            "day zero counted",
            "Everyone is active on their signup day. Day 0 never counts: look at the next calendar day.",
            lambda expected, **_: 1.0,
        ),
        Misconception(
            "events not users",
            "You counted events on day 1; user 1's three visits are one retained user.",
            lambda expected, **_: TINY_EVENTS_ON_D1 / TINY_SIGNUPS,
        ),
    ],
    hints=[
        "Write down each user's signup day, then the next calendar day. Who has an event on it?",
        "Divide the users retained on day 1 by the users who signed up (user 5 never did).",
    ],
    solution="tiny_d1 = 3 / 4  # users 1, 2 and 4 come back the next calendar day; user 3 only on day 3",
)

# s3: two cohorts of different sizes.
SMALL, SMALL_RATE, LARGE, LARGE_RATE = 1_000, 0.30, 4_000, 0.20

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "pooled_d7",
    expected=(SMALL * SMALL_RATE + LARGE * LARGE_RATE) / (SMALL + LARGE),
    misconceptions=[
        Misconception(
            "mean of cohort rates",
            "That is the average of the two rates, which gives the 1,000-user cohort as much say as the "
            "4,000-user one. Pool them: retained users of both ÷ users of both.",
            lambda expected, **_: (SMALL_RATE + LARGE_RATE) / 2,
        ),
        Misconception(
            "weights swapped",
            "You weighted each rate by the other cohort's size. Retained users = size × rate, cohort by cohort.",
            lambda expected, **_: (LARGE * SMALL_RATE + SMALL * LARGE_RATE) / (SMALL + LARGE),
        ),
    ],
    hints=[
        "How many users of each cohort were retained on day 7?",
        "Pooled rate = (1,000 × 0.30 + 4,000 × 0.20) ÷ (1,000 + 4,000).",
    ],
    solution="pooled_d7 = (1_000 * 0.30 + 4_000 * 0.20) / (1_000 + 4_000)  # 0.22",
)

GUARDRAILS = ["D7 retention of new signups", "activation rate on iOS", "landing-page visits", "number of signups"]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "activation_guardrail",
    options=GUARDRAILS,
    expected="D7 retention of new signups",
    misconceptions=[
        Misconception(
            "a slice of the goal",
            "Activation on iOS is a slice of the goal metric itself: it rises when the goal is gamed.",
            lambda expected, **_: "activation rate on iOS",
        ),
        Misconception(
            "upstream metric",
            "Visits happen before onboarding, so an onboarding change cannot move them: a guardrail watches "
            "what the change could harm.",
            lambda expected, **_: "landing-page visits",
        ),
        Misconception(
            "upstream count",
            "Signups happen before onboarding starts, so the squad's change cannot harm them. Which "
            "metric would suffer if activation were made trivially easy?",
            lambda expected, **_: "number of signups",
        ),
    ],
    hints=[
        "How could a squad raise the activation rate without making the product better?",
        "If activation became a click that means nothing, which later metric would show it?",
    ],
    solution=(
        "# An activation that means nothing (an auto-filled plan) lifts the goal and nothing else:\n"
        "# users who did not really start still leave, and D7 retention of new signups shows it.\n"
        "activation_guardrail = 'D7 retention of new signups'"
    ),
)
