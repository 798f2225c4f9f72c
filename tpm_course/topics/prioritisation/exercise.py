"""Checks for exercise 06, prioritisation and the roadmap (answer keys live in the hidden tests).

Predictions that need a table (a ranking with the units left mixed, a plan without a constraint)
run the topic's own maths on the case's inputs when a check runs, so binding these checks
imports nothing heavy. Q3 is graded with the right ``rice`` and ``wsjf`` lent when the learner's
disagree with Q1 and Q2; Q7's key follows the learner's own Q3, Q5 and Q6 (``own_roadmap_key``).
"""

import math

from tpm_course.core import FunctionQuestion, Misconception, Parts
from tpm_course.core.numbers import close
from tpm_course.topics.prioritisation.kano import CATEGORIES
from tpm_course.topics.prioritisation.questions import (
    KanoQuestion,
    PlanQuestion,
    RankingQuestion,
    RatioDocumentQuestion,
    RoadmapQuestion,
    id_set,
)
from tpm_course.topics.prioritisation.reading import money

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

SCORE_TOLERANCE = (0.005, 0.005)  # 0.5 % or 0.005: a score rounded to two decimals passes (stated)


def _floored(expected):
    """What `//` gives, unless rounding would give the same (then the two cannot be told apart)."""
    return _unless(math.floor(expected) == round(expected), math.floor(expected))


def _rounded(expected, floor_named: bool = False):
    """A score rounded to a whole number, unless that is within the tolerance (or, in Q1, what `//` gives too)."""
    whole = round(expected)
    return _unless(close(whole, expected, *SCORE_TOLERANCE) or (floor_named and whole == math.floor(expected)), whole)


ROUNDED = (
    "Your score is rounded to a whole number. Return it as computed: the check allows 0.5 % (two "
    "decimals are fine), and rounding for a slide belongs where you show the number."
)

q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "rice",
    rel_tol=SCORE_TOLERANCE[0],
    abs_tol=SCORE_TOLERANCE[1],
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
        Misconception(
            "floor division",
            "Your score loses its fraction: `//` is floor division, which rounds down. Divide with `/`.",
            lambda expected, **_: _floored(expected),
        ),
        Misconception("rounded to a whole number", ROUNDED, lambda expected, **_: _rounded(expected, True)),
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
    rel_tol=SCORE_TOLERANCE[0],
    abs_tol=SCORE_TOLERANCE[1],
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
        Misconception(
            "operator precedence",
            "Only `risk_reduction` is divided by the job size: `/` binds tighter than `+`. Put the sum of "
            "the three scores in brackets before dividing.",
            lambda expected, business_value, time_criticality, risk_reduction, job_size, **_: _unless(
                job_size == 1, business_value + time_criticality + risk_reduction / job_size
            ),
        ),
        Misconception(
            "cost of delay multiplied",
            "You multiplied the three scores. SAFe's cost of delay adds them.",
            lambda expected, business_value, time_criticality, risk_reduction, job_size, **_: (
                business_value * time_criticality * risk_reduction / job_size
            ),
        ),
        Misconception(
            "divided by the example's 5",
            "Your score divides by 5 whatever the job size: the example's job size happened to be 5. "
            "Divide by `job_size`.",
            lambda expected, job_size, **_: _unless(job_size == 5, expected * job_size / 5),
        ),
        Misconception("rounded to a whole number", ROUNDED, lambda expected, **_: _rounded(expected)),
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
            "reach": [1_000, 300, 500, 1_000],
            "impact": [1, 2, 0.5, 0.5],
            "confidence_pct": [80, 100, 50, 80],
            "effort": [15, 2, 8, 5],
            "effort_unit": ["days", "weeks", "weeks", "days"],
            "business_value": [5, 8, 3, 1],
            "time_criticality": [3, 5, 1, 2],
            "risk_reduction": [1, 2, 1, 13],
            "job_size": [3, 8, 3, 2],
        }
    )
    return [
        ({"backlog": backlog, "method": "rice"}, ["cache_upgrade", "api_limits", "invoices", "sandbox"]),
        ({"backlog": backlog, "method": "wsjf"}, ["cache_upgrade", "invoices", "api_limits", "sandbox"]),
    ]


def _unit_slip(backlog, method, **slip):
    """The RICE order a unit slip gives, unless the other slip gives the same order (then it is not told apart)."""
    if method != "rice":
        return None
    wrong_way = _ranking(backlog, method, days_per_week=1 / 5)
    unconverted = _ranking(backlog, method, convert_units=False)
    if wrong_way == unconverted:
        return None
    return wrong_way if slip.get("days_per_week") else unconverted


def reference_rice(reach, impact, confidence, effort):
    """Q1's right answer, lent to Q3 when the learner's `rice` disagrees with it (works on columns too)."""
    return reach * impact * (confidence / 100) / effort


def reference_wsjf(business_value, time_criticality, risk_reduction, job_size):
    """Q2's right answer, lent to Q3 when the learner's `wsjf` disagrees with it."""
    return (business_value + time_criticality + risk_reduction) / job_size


SCORE_PROBES = {
    "rice": (reference_rice, [(500, 2, 80, 4), (3_000, 0.5, 50, 2.5), (100, 1, 80, 3), (120, 3, 100, 0.5)]),
    "wsjf": (reference_wsjf, [(8, 5, 3, 5), (20, 1, 2, 13), (1, 13, 8, 2), (5, 2, 1, 1)]),
}

q3 = RankingQuestion(
    "q3",
    NOTEBOOK,
    "rank_backlog",
    cases=_example_backlog,
    scores=SCORE_PROBES,
    score_tol=SCORE_TOLERANCE,
    misconceptions=[
        Misconception(
            "days multiplied by 5",
            "Your RICE order converts days the wrong way: it multiplies an effort in days by 5. Five "
            "engineer-days make one engineer-week, so an effort in days is divided by 5.",
            lambda expected, backlog, method, **_: _unit_slip(backlog, method, days_per_week=1 / 5),
        ),
        Misconception(
            "a 7-day week",
            "Your RICE order turns days into weeks with a 7-day week. An engineer-week is 5 engineer-days "
            "(`DAYS_PER_WEEK` in the brief): divide an effort in days by 5.",
            lambda expected, backlog, method, **_: _unless(
                method != "rice", _ranking(backlog, method, days_per_week=7)
            ),
        ),
        Misconception(
            "effort in mixed units",
            "Your RICE order reads every `effort` as if it were in the same unit. Some rows are in "
            "days and some in weeks (`effort_unit`): convert them to one unit before dividing.",
            lambda expected, backlog, method, **_: _unit_slip(backlog, method),
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
        Misconception(
            "indifferent answers set aside",
            "You set aside the indifferent, reverse and questionable answers before counting. The "
            "category is the one most respondents fall in, counting every answer: a feature most "
            "customers are indifferent to is indifferent.",
            lambda expected, survey, **_: _kano(survey, decisive_only=True),
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


def rating_from_own_ratio(namespace: dict, context: dict) -> dict | None:
    """The SQALE rating the learner's own debt ratio gives, read as the check reads it ("1.5 %" is 0.015)."""
    from tpm_course.core.errors import TpmCourseError
    from tpm_course.topics.prioritisation.debt import rating

    try:
        ratio = q5.lookup(namespace)["debt_ratio"]
    except (TpmCourseError, KeyError, TypeError):  # no ratio of their own yet: the key alone
        return None
    if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 <= ratio < 1:
        return None
    return {"sqale_rating": rating(ratio)}


q5 = RatioDocumentQuestion(
    "q5",
    NOTEBOOK,
    "debt_review",
    schema=DEBT_SCHEMA,
    follows=rating_from_own_ratio,  # a wrong ratio costs its own part, not the rating's as well
    follows_from="`debt_ratio`",
    percent_fields=["debt_ratio"],
    money_fields=["deploy_pipeline_interest", "db_upgrade_interest", "test_suite_interest"],
    letter_fields=["sqale_rating"],
    scored_fields=DEBT_SCHEMA["required"],
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
            "credits left out",
            "Your interest leaves out the customer credits. An incident costs its engineer hours at the "
            "hourly cost plus the credits paid to customers (`credits_usd`).",
            lambda expected, no_credits, **_: no_credits,
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
            "development cost in minutes",
            "Your debt ratio is 60 times too small: lines × 30 minutes is the development cost in "
            "minutes. Turn it into hours before dividing the remediation hours by it.",
            lambda expected, **_: {"debt_ratio": expected["debt_ratio"] / 60},
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


def _greedy(items, capacity_weeks, expected):
    """The greedy pick, unless it happens to be the best plan."""
    from tpm_course.topics.prioritisation.plan import greedy

    picked = greedy(items, capacity_weeks)
    return _unless(picked == id_set(expected), picked)


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
            "greedy by value per week",
            "Your plan picks items by value per engineer-week while they fit: a greedy pick. It can fill "
            "the quarter with good ratios and leave out a pair worth more together; a knapsack solver "
            "(`milp` with one binary variable per item) compares whole plans.",
            lambda expected, items, capacity_weeks, **_: _greedy(items, capacity_weeks, expected),
        ),
        Misconception(
            "LP relaxation",
            "Your plan rounds a solution that builds fractions of items: `milp` without `integrality` "
            "solves the linear relaxation. Set `integrality=1` for every variable, so each item is in or out.",
            lambda expected, items, capacity_weeks, **_: _plan(items, capacity_weeks, relaxed=True),
        ),
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

OPTION_WORDS = {  # text naming exactly one option by these words is read as that option
    "wsjf_lifts": {"customer features": ("customer", "feature"), "debt and compliance": ("debt", "compliance")},
    "scope_vs_delay_measure": {"RICE": ("rice",), "WSJF": ("wsjf",), "CD3": ("cd3",)},
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
    option_words=OPTION_WORDS,
    sentence_fields=["reasons"],
    scored_fields=[k for k in ROADMAP_POINTS if k != "now"],  # an unreadable `now` cannot share out the backlog
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
            "the plan that stays",
            "Your `cut_if_capacity_drops` lists the plan at 80 % of the capacity: what stays. It asks for what "
            "goes: the items of `now` that the plan at 80 % leaves out.",
            lambda expected, kept_if_capacity_drops, **_: {"cut_if_capacity_drops": kept_if_capacity_drops},
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
    field_notes={
        "now": "`now` is your `plan_quarter(plan_items, CAPACITY_WEEKS)`, with `plan_items` built as the question "
        "says: effort in engineer-weeks, a debt item valued at its Q5 interest, due this quarter when it has a "
        "`due_week`, a Must-have when labelled `must`.",
        "cut_if_capacity_drops": "`cut_if_capacity_drops` holds the items of the plan at the full capacity "
        "that are not in `plan_quarter(plan_items, CAPACITY_WEEKS * (1 - CAPACITY_DROP))`, the plan at 48 "
        "engineer-weeks: solve the plan again at 80 % of the capacity and list what leaves it.",
        "rice_first": '`rice_first` is the first id of your `rank_backlog(backlog, "rice")` (`rice_order[0]`).',
        "wsjf_first": '`wsjf_first` is the first id of your `rank_backlog(backlog, "wsjf")` (`wsjf_order[0]`).',
        "wsjf_lifts": "Compare where each item sits in `rice_order` and in `wsjf_order`: which kind of item, "
        "customer features or debt and compliance, moves up under WSJF?",
    },
    numbers_from={"debt_review": DEBT_SCHEMA["required"][:3]},  # Q5's interests, which may be money text
    hints=[
        "`now` is your `plan_quarter` on `plan_items` at 60 engineer-weeks; `cut_if_capacity_drops` "
        "is what leaves `now` when you plan again at 80 % of it.",
        "`rice_first` and `wsjf_first` are the first ids of your two rankings of `backlog`.",
    ],
)


def _own_interest(interest: dict, review) -> dict:
    """The reference interest of each debt item, replaced by the learner's Q5 figure where that is a number."""
    own = dict(interest)
    if not isinstance(review, dict):
        return own
    for item in interest:
        value = money(review.get(f"{item}_interest"))
        value = value.item() if hasattr(value, "item") and getattr(value, "size", 1) == 1 else value
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            own[item] = float(value)
    return own


def _own_plan(function, items, capacity_weeks) -> list | None:
    """The learner's `plan_quarter` on the items, when it returns backlog ids; None otherwise."""
    if not callable(function):
        return None
    try:
        chosen = id_set(function(items.copy(), capacity_weeks))
    except Exception:  # the learner's code: a plan that raises is not followed
        return None
    known = {str(i) for i in items["id"]}
    if not isinstance(chosen, list) or len(set(chosen)) != len(chosen) or not set(chosen) <= known:
        return None
    return chosen


def _own_first(function, backlog, method) -> str | None:
    """The first id of the learner's `rank_backlog` on the backlog, when it ranks; None otherwise.

    A ranking by scores puts the same items first whatever order the rows come in; one that does
    not (the ids as given, say) ranks nothing, and is not followed. Items with equal scores may
    swap places when the rows are reversed (a wrong score can tie two items even where the right
    one does not): the ranking is followed when both orders open with the same group of items,
    and its first id on the backlog as given is the learner's `rice_order[0]`.
    """
    if not callable(function):
        return None
    try:
        order = [str(i) for i in function(backlog.copy(), method)]
        reordered = [str(i) for i in function(backlog.iloc[::-1].reset_index(drop=True), method)]
    except Exception:  # the learner's code: a ranking that raises is not followed
        return None
    if not order or order[0] not in {str(i) for i in backlog["id"]}:
        return None
    return order[0] if _same_top_group(order, reordered) else None


def _same_top_group(order: list, reordered: list) -> bool:
    """Whether two orders open with the same set of items (tied items in either order), short of all of them."""
    return any(set(order[:size]) == set(reordered[:size]) for size in range(1, len(order)))


def _own_plans(namespace: dict, backlog, interest: dict, capacity_weeks, drop) -> tuple[list, list]:
    """The plans at the full and the reduced capacity: the learner's `plan_quarter`'s, or the right ones."""
    from tpm_course.topics.prioritisation.plan import plan, plan_items

    items = plan_items(backlog, _own_interest(interest, namespace.get("debt_review")))
    function = namespace.get("plan_quarter")
    now = _own_plan(function, items, capacity_weeks) or plan(items, capacity_weeks)
    smaller = _own_plan(function, items, capacity_weeks * (1 - drop)) or plan(items, capacity_weeks * (1 - drop))
    return now, smaller


def own_kept_plan(namespace: dict, backlog, interest: dict, capacity_weeks=60, drop=0.2) -> list:
    """The plan at the reduced capacity, as `own_roadmap_key` follows it: what a cut listing what stays gives."""
    return sorted(_own_plans(namespace, backlog, interest, capacity_weeks, drop)[1])


def own_roadmap_key(reference: dict, namespace: dict, backlog, interest: dict, capacity_weeks=60, drop=0.2) -> dict:
    """Q7's key following the learner's own earlier answers, so a mistake there is not charged twice.

    `now` and `cut_if_capacity_drops` follow the learner's `plan_quarter` (Q6) on the backlog's
    plan with their Q5 interests; `rice_first` and `wsjf_first` their `rank_backlog` (Q3, with
    their own scores). A field the learner answered as the reference does keeps the reference:
    the right answer always counts. What cannot be followed (a missing or failing function)
    keeps the reference, computed with the learner's interests.
    """
    key = dict(reference)
    answer = namespace.get("roadmap")
    answer = answer if isinstance(answer, dict) else {}
    now, smaller = _own_plans(namespace, backlog, interest, capacity_weeks, drop)
    own = {"now": sorted(now), "cut_if_capacity_drops": sorted(set(now) - set(smaller))}
    for field, method in (("rice_first", "rice"), ("wsjf_first", "wsjf")):
        first = _own_first(namespace.get("rank_backlog"), backlog, method)
        if first is not None:
            own[field] = first
    for field, value in own.items():
        if field in key and id_set(answer.get(field)) != id_set(reference[field]):
            key[field] = value
    return key


__all__ = ["CATEGORIES", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]
