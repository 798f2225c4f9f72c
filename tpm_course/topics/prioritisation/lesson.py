"""Self-checks of lesson 06, prioritisation and the roadmap (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.prioritisation.kano import CATEGORIES

NOTEBOOK = "lesson06_prioritisation"

# s1: card freeze, from the lesson's backlog.
CARD_FREEZE = {"reach": 8_000, "impact": 2, "confidence_pct": 80, "effort_weeks": 3}
# s2: open banking connections.
OPEN_BANKING = {"business_value": 13, "time_criticality": 3, "risk_reduction": 5, "job_size": 13}
# s4: the card-issuing service's code-analysis report.
LINES, REMEDIATION_DAYS = 50_000, 400

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "card_freeze_rice",
    rel_tol=0.001,
    expected=CARD_FREEZE["reach"] * CARD_FREEZE["impact"] * 0.8 / CARD_FREEZE["effort_weeks"],
    misconceptions=[
        Misconception(
            "confidence as 80",
            "That is 100 times too large: confidence is 80 %, so multiply by 0.8, not 80.",
            lambda expected, **_: expected * 100,
        ),
        Misconception(
            "effort ignored",
            "You left out the effort. RICE divides by it: 3 engineer-weeks.",
            lambda expected, **_: expected * CARD_FREEZE["effort_weeks"],
        ),
    ],
    hints=["Reach 8,000, impact 2, confidence 80 %, effort 3 weeks.", "8,000 × 2 × 0.8 / 3."],
    solution="card_freeze_rice = 8_000 * 2 * 0.80 / 3  # ≈ 4,267",
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "open_banking_wsjf",
    rel_tol=0.001,
    expected=(13 + 3 + 5) / 13,
    misconceptions=[
        Misconception(
            "job size ignored",
            "That is the cost of delay. WSJF divides it by the job size, 13.",
            lambda expected, **_: expected * OPEN_BANKING["job_size"],
        ),
        Misconception(
            "business value alone",
            "You used only the business value. The cost of delay adds time criticality and risk reduction.",
            lambda expected, **_: OPEN_BANKING["business_value"] / OPEN_BANKING["job_size"],
        ),
    ],
    hints=["Cost of delay = 13 + 3 + 5.", "WSJF = 21 / 13."],
    solution="open_banking_wsjf = (13 + 3 + 5) / 13  # ≈ 1.62",
)

s3 = ChoiceQuestion(
    "s3",
    NOTEBOOK,
    "expect_dislike",
    options=list(CATEGORIES),
    expected="must-be",
    misconceptions=[
        Misconception(
            "one-dimensional",
            "One-dimensional is 'like' when present and 'dislike' when absent. 'Expect' when present "
            "means the customer takes it for granted.",
            lambda expected, **_: "one-dimensional",
        ),
        Misconception(
            "row and column swapped",
            "You read the dysfunctional answer as the row. Rows are the functional answer ('expect').",
            lambda expected, **_: "reverse",
        ),
    ],
    hints=["Row: the functional answer, 'expect'. Column: the dysfunctional answer, 'dislike'."],
    solution="expect_dislike = 'must-be'  # customers take it for granted and are angry without it",
)

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "card_service_rating",
    options=["A", "B", "C", "D", "E"],
    expected="C",
    misconceptions=[
        Misconception(
            "days read as hours",
            "You divided days by hours. 400 days of 8 hours are 3,200 hours.",
            lambda expected, **_: "A",
        ),
        Misconception(
            "lines read as hours",
            "Writing a line costs 30 minutes: 50,000 lines are 25,000 hours, not 50,000.",
            lambda expected, **_: "B",
        ),
    ],
    hints=[
        "Remediation: 400 × 8 hours. Development: 50,000 lines × 30 minutes.",
        "3,200 / 25,000 = 12.8 %: which band?",
    ],
    solution="card_service_rating = 'C'  # 3,200 h / 25,000 h = 12.8 %, between 10 % and 20 %",
)
