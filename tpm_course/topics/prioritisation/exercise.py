"""Checks for exercise 06, prioritisation and the roadmap (answer keys live in the hidden tests).

Predictions that need a table (a ranking with the units left mixed, a plan without a constraint)
run the topic's own maths on the case's inputs when a check runs, so binding these checks
imports nothing heavy.
"""

from tpm_course.core import FunctionQuestion, Misconception, Parts
from tpm_course.topics.prioritisation.kano import CATEGORIES
from tpm_course.topics.prioritisation.questions import (
    KanoQuestion,
    PlanQuestion,
    RatioDocumentQuestion,
    RoadmapQuestion,
)

NOTEBOOK = "06_prioritisation"
BACKLOG_IDS = [
    "sso",
    "dashboards",
    "bulk_export",
    "search_filters",
    "onboarding",
    "offline_mobile",
    "slack_alerts",
    "dark_mode",
    "audit_log",
    "deploy_pipeline",
    "db_upgrade",
    "test_suite",
]


def _unless(condition: bool, value):
    """The prediction, or None (no prediction) when it would equal the right answer."""
    return None if condition else value


# -- Q1 and Q2: the two scores ---------------------------------------------------------------------

q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "rice",
    rel_tol=1e-6,
    cases=[({"reach": 500, "impact": 2, "confidence": 80, "effort": 4}, 200)],
    misconceptions=[
        Misconception(
            "confidence as 80, not 0.8",
            "Your scores are 100 times too large: `confidence` arrives in percent (80 for 80 %). "
            "RICE multiplies by the fraction, 0.8.",
            lambda expected, **_: expected * 100,
        ),
        Misconception(
            "effort ignored",
            "Your score does not go down when the effort goes up: that ranks by value alone. "
            "RICE divides reach × impact × confidence by the effort.",
            lambda expected, effort, **_: _unless(effort == 1, expected * effort),
        ),
        Misconception(
            "multiplied by effort",
            "Your score grows with the effort. RICE divides by the effort: a bigger job, for the "
            "same value, should rank lower.",
            lambda expected, effort, **_: _unless(effort == 1, expected * effort**2),
        ),
    ],
    hints=[
        "Confidence arrives in percent: turn 80 into 0.8 before you multiply.",
        "RICE = reach × impact × (confidence / 100) / effort.",
    ],
)

q2 = FunctionQuestion(
    "q2",
    NOTEBOOK,
    "wsjf",
    rel_tol=1e-6,
    cases=[({"business_value": 8, "time_criticality": 5, "risk_reduction": 3, "job_size": 5}, 3.2)],
    misconceptions=[
        Misconception(
            "business value alone",
            "You divided only the business value by the job size. SAFe's cost of delay is the sum "
            "of three scores: business value, time criticality and risk reduction.",
            lambda expected, business_value, job_size, **_: business_value / job_size,
        ),
        Misconception(
            "job size ignored",
            "That is the cost of delay alone: ranking by it ignores how big the job is. WSJF divides "
            "the cost of delay by the job size.",
            lambda expected, job_size, **_: _unless(job_size == 1, expected * job_size),
        ),
        Misconception(
            "multiplied by job size",
            "Your score grows with the job size. WSJF divides by it, so that small jobs with the same "
            "cost of delay go first.",
            lambda expected, job_size, **_: _unless(job_size == 1, expected * job_size**2),
        ),
        Misconception(
            "cost of delay averaged",
            "You averaged the three scores. SAFe adds them: the cost of delay is their sum.",
            lambda expected, **_: expected / 3,
        ),
    ],
    hints=[
        "Cost of delay = business value + time criticality + risk reduction.",
        "WSJF = cost of delay / job size.",
    ],
)


# -- Q3: rankings ----------------------------------------------------------------------------------


def _ranking(backlog, method, **options):
    from tpm_course.topics.prioritisation.scoring import ranking

    return ranking(backlog, method, **options)


def _example_backlog():
    """The four-item example of Q3's statement, as a table (built at the first check)."""
    import pandas as pd

    backlog = pd.DataFrame(
        {
            "id": ["invoices", "api_limits", "sandbox", "cache_upgrade"],
            "reach": [1_000, 300, 2_000, 150],
            "impact": [1, 2, 0.5, 0.25],
            "confidence_pct": [80, 100, 50, 80],
            "effort": [10, 2, 4, 5],
            "effort_unit": ["days", "weeks", "weeks", "days"],
            "business_value": [5, 8, 3, 1],
            "time_criticality": [3, 5, 1, 2],
            "risk_reduction": [1, 2, 1, 13],
            "job_size": [3, 8, 3, 2],
        }
    )
    return [
        ({"backlog": backlog, "method": "rice"}, ["invoices", "api_limits", "sandbox", "cache_upgrade"]),
        ({"backlog": backlog, "method": "wsjf"}, ["cache_upgrade", "invoices", "api_limits", "sandbox"]),
    ]


q3 = FunctionQuestion(
    "q3",
    NOTEBOOK,
    "rank_backlog",
    cases=_example_backlog,
    misconceptions=[
        Misconception(
            "effort in mixed units",
            "Your RICE order reads every `effort` as if it were in the same unit. Some rows are in "
            "days and some in weeks (`effort_unit`): convert them to one unit before dividing.",
            lambda expected, backlog, method, **_: _unless(
                method != "rice", _ranking(backlog, method, convert_units=False)
            ),
        ),
        Misconception(
            "value alone",
            "Your order ranks by value alone: it leaves out the effort (RICE) or the job size (WSJF) "
            "that the score divides by.",
            lambda expected, backlog, method, **_: _ranking(backlog, method, use_size=False),
        ),
        Misconception(
            "lowest first",
            "Your order is upside down: put the highest score first.",
            lambda expected, **_: list(reversed(expected)),
        ),
    ],
    hints=[
        "Turn `effort` into engineer-weeks first: five engineer-days make one engineer-week.",
        "Score every row with your `rice` or `wsjf`, then sort the ids by score, highest first.",
    ],
)


# -- Q4: Kano ----------------------------------------------------------------------------------------


def _kano(survey, **options):
    from tpm_course.topics.prioritisation.kano import classify

    return classify(survey, **options)


def _example_survey():
    """Q4's example: two features, five respondents each."""
    import pandas as pd

    answers = [
        ("exports", "like", "dislike"),
        ("exports", "like", "dislike"),
        ("exports", "expect", "dislike"),
        ("exports", "like", "neutral"),
        ("exports", "like", "dislike"),
        ("themes", "like", "neutral"),
        ("themes", "like", "tolerate"),
        ("themes", "neutral", "neutral"),
        ("themes", "like", "neutral"),
        ("themes", "neutral", "dislike"),
    ]
    survey = pd.DataFrame(answers, columns=["feature", "functional", "dysfunctional"])
    survey.insert(0, "respondent", [1, 2, 3, 4, 5] * 2)
    return [({"survey": survey}, {"exports": "one-dimensional", "themes": "attractive"})]


q4 = KanoQuestion(
    "q4",
    NOTEBOOK,
    "kano_classes",
    cases=_example_survey,
    misconceptions=[
        Misconception(
            "functional and dysfunctional swapped",
            "You looked the answers up the wrong way round. The table's rows are the functional answer "
            "(the feature is there), its columns the dysfunctional one (it is not).",
            lambda expected, survey, **_: _kano(survey, swapped=True),
        ),
        Misconception(
            "the typical pair, not each respondent",
            "You looked up one pair: the most common functional answer with the most common "
            "dysfunctional one. Classify each respondent's own pair first, then take the category "
            "most respondents fall in.",
            lambda expected, survey, **_: _kano(survey, modal_pair=True),
        ),
    ],
    hints=[
        "Look up each row's (functional, dysfunctional) pair in `KANO_TABLE` first.",
        "Then, for each feature, the category with the most respondents: "
        "`value_counts().idxmax()` on each feature's categories.",
    ],
)


# -- Q5: the interest on technical debt ----------------------------------------------------------------

DEBT_SCHEMA = {
    "type": "object",
    "required": [
        "deploy_pipeline_interest",
        "db_upgrade_interest",
        "test_suite_interest",
        "debt_ratio",
        "sqale_rating",
    ],
    "properties": {
        "deploy_pipeline_interest": {"type": "number", "minimum": 0},
        "db_upgrade_interest": {"type": "number", "minimum": 0},
        "test_suite_interest": {"type": "number", "minimum": 0},
        "debt_ratio": {"type": "number", "exclusiveMinimum": 0},
        "sqale_rating": {"enum": ["A", "B", "C", "D", "E"]},
    },
}

q5 = RatioDocumentQuestion(
    "q5",
    NOTEBOOK,
    "debt_review",
    schema=DEBT_SCHEMA,
    percent_fields=["debt_ratio"],
    parts=Parts(3, noun="field"),  # 0.6 point for each of the five fields
    rel_tol=0.005,
    misconceptions=[
        Misconception(
            "incidents left out",
            "Your interest counts only the hours lost in sprints. The incident log charges interest "
            "too: the engineer hours and credits of the incidents each item caused.",
            lambda expected, hours_only, **_: hours_only,
        ),
        Misconception(
            "the whole log as one quarter",
            "You charged the whole incident log to one quarter. The log covers two quarters, January "
            "to June: divide its costs by two.",
            lambda expected, whole_log, **_: whole_log,
        ),
        Misconception(
            "one sprint, not a quarter",
            "You counted the hours lost in one sprint. The quarter has six sprints.",
            lambda expected, one_sprint, **_: one_sprint,
        ),
        Misconception(
            "days read as hours",
            "Your debt ratio is eight times too small: the remediation effort is in days of eight "
            "hours, the development cost in hours.",
            lambda expected, **_: {"debt_ratio": expected["debt_ratio"] / 8},
        ),
        Misconception(
            "lines read as hours",
            "Your debt ratio is twice too small: writing one line costs 30 minutes, so the development "
            "cost in hours is half the number of lines.",
            lambda expected, **_: {"debt_ratio": expected["debt_ratio"] / 2},
        ),
        Misconception(
            "percent, not a fraction",
            "Give the debt ratio as a fraction (0.07 for 7 %) or as text with its unit ('7 %'), not as a "
            "bare number of percent.",
            lambda expected, **_: {"debt_ratio": expected["debt_ratio"] * 100},
        ),
    ],
    hints=[
        "Interest per quarter = hours lost per sprint × 6 sprints × $100 + the item's incident costs "
        "(engineer hours × $100 + credits) over the log, divided by its 2 quarters.",
        "Debt ratio = remediation hours / development hours; development hours = lines × 30 / 60. "
        "A is up to 5 %, B up to 10 %, C up to 20 %, D up to 50 %, E above.",
    ],
)


# -- Q6: the plan ----------------------------------------------------------------------------------------


def _plan(items, capacity_weeks, **options):
    from tpm_course.topics.prioritisation.plan import plan

    return plan(items, capacity_weeks, **options)


def _example_items():
    """Q6's example: six items, 20 engineer-weeks."""
    import pandas as pd

    items = pd.DataFrame(
        {
            "id": ["reports", "sso", "pci_scan", "cache", "themes", "search"],
            "value": [30_000, 40_000, 5_000, 12_000, 9_000, 7_000],
            "effort_weeks": [8, 10, 4, 3, 5, 6],
            "due_this_quarter": [False, False, True, False, False, False],
            "must": [False, True, True, False, False, False],
        }
    )
    return [({"items": items, "capacity_weeks": 20}, ["cache", "pci_scan", "reports", "themes"])]


q6 = PlanQuestion(
    "q6",
    NOTEBOOK,
    "plan_quarter",
    cases=_example_items,
    misconceptions=[
        Misconception(
            "over capacity",
            "Your plan needs more engineer-weeks than `capacity_weeks`. Keep the total effort within it.",
            lambda expected, items, capacity_weeks, **_: _plan(items, capacity_weeks, capacity=False),
        ),
        Misconception(
            "deadline left out",
            "Your plan leaves out an item that is due this quarter. Items with `due_this_quarter` "
            "are not optional: constrain them in (a lower bound of 1).",
            lambda expected, items, capacity_weeks, **_: _plan(items, capacity_weeks, deadlines=False),
        ),
        Misconception(
            "Must-haves over 60 %",
            "Your plan spends more than 60 % of the capacity on Must-haves. DSDM caps them at 60 % so "
            "that the rest can absorb surprises.",
            lambda expected, items, capacity_weeks, **_: _plan(items, capacity_weeks, must_cap=False),
        ),
    ],
    hints=[
        "One binary variable per item; maximise total value, so give `milp` the negated values.",
        "Constraints: effort · x ≤ capacity; (effort × must) · x ≤ 0.6 × capacity; "
        "x ≥ 1 for items due this quarter (use `Bounds`).",
    ],
)


# -- Q7: the roadmap ------------------------------------------------------------------------------------

MEASURES = ["RICE", "WSJF", "CD3"]
WSJF_LIFTS = ["customer features", "debt and compliance"]
_IDS = {"type": "array", "items": {"enum": BACKLOG_IDS}, "uniqueItems": True}
ROADMAP_SCHEMA = {
    "type": "object",
    "required": [
        "now",
        "next",
        "later",
        "cut_if_capacity_drops",
        "rice_first",
        "wsjf_first",
        "wsjf_lifts",
        "scope_vs_delay_measure",
        "reasons",
    ],
    "properties": {
        "now": _IDS,
        "next": _IDS,
        "later": _IDS,
        "cut_if_capacity_drops": _IDS,
        "rice_first": {"enum": BACKLOG_IDS},
        "wsjf_first": {"enum": BACKLOG_IDS},
        "wsjf_lifts": {"enum": WSJF_LIFTS},
        "scope_vs_delay_measure": {"enum": MEASURES},
        "reasons": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 20}},
    },
}

ROADMAP_POINTS = {
    "now": 1,
    "cut_if_capacity_drops": 1,
    "rice_first": 0.25,
    "wsjf_first": 0.25,
    "wsjf_lifts": 0.5,
    "scope_vs_delay_measure": 1,
}

q7 = RoadmapQuestion(
    "q7",
    NOTEBOOK,
    "roadmap",
    schema=ROADMAP_SCHEMA,
    id_fields=["now", "next", "later", "cut_if_capacity_drops"],
    items=BACKLOG_IDS,
    parts=Parts(4, each=ROADMAP_POINTS, noun="field"),
    misconceptions=[
        Misconception(
            "debt valued at nothing",
            "Your `now` treats the debt items as worth nothing because no customer asked for them. "
            "Their interest is money the company loses each quarter: use it as their value.",
            lambda expected, debt_at_zero, **_: {"now": debt_at_zero},
        ),
        Misconception(
            "deadline item scheduled late",
            "The audit log is due in week 8 of this quarter: it belongs in `now`, whatever its score.",
            lambda expected, no_deadline, **_: {"now": no_deadline},
        ),
        Misconception(
            "plan over capacity",
            "Your `now` needs more engineer-weeks than the quarter's 60.",
            lambda expected, no_capacity, **_: {"now": no_capacity},
        ),
        Misconception(
            "cut from the bottom of a ranking",
            "You cut the lowest-scoring items of `now` until the rest fitted. That can break the "
            "Must-have cap and keep less value than a fresh plan: solve the plan again at 80 % of the "
            "capacity and cut what it leaves out.",
            lambda expected, bottom_cut, **_: {"cut_if_capacity_drops": bottom_cut},
        ),
        Misconception(
            "WSJF read as money",
            "SAFe's cost of delay is a sum of relative scores, not money per week, so WSJF cannot "
            "weigh $100k of scope against a month of delay. CD3 divides a cost of delay in money per "
            "week (Reinertsen's) by the duration: that can.",
            lambda expected, **_: {"scope_vs_delay_measure": "WSJF"},
        ),
        Misconception(
            "RICE read as money",
            "RICE's reach × impact × confidence is a score, not money: it cannot weigh $100k of "
            "scope against a month of delay. Use the measure whose cost of delay is in money per week.",
            lambda expected, **_: {"scope_vs_delay_measure": "RICE"},
        ),
    ],
    hints=[
        "`now` is your `plan_quarter` on `plan_items` at 60 engineer-weeks; `cut_if_capacity_drops` "
        "is what leaves `now` when you plan again at 80 % of it.",
        "`rice_first` and `wsjf_first` are the first ids of your two rankings of `backlog`.",
    ],
)

__all__ = ["CATEGORIES", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]
