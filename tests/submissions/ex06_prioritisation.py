"""Submissions for exercise 06 (see ``submissions.Submission``)."""

from submissions import Submission

RICE = "def rice(reach, impact, confidence, effort):\n    {body}\n"
WSJF = "def wsjf(business_value, time_criticality, risk_reduction, job_size):\n    {body}\n"

RANK = """def rank_backlog(backlog, method):
    weeks = backlog["effort"].where(backlog["effort_unit"] == "weeks", backlog["effort"] / 5)
    if method == "rice":
        score = {rice}
    else:
        score = {wsjf}
    return list(backlog.assign(score=score).sort_values("score", ascending={ascending})["id"])


rice_order = rank_backlog(backlog, "rice")
wsjf_order = rank_backlog(backlog, "wsjf")
"""
RICE_SCORE = 'backlog["reach"] * backlog["impact"] * backlog["confidence_pct"] / 100 / weeks'
WSJF_SCORE = (
    '(backlog["business_value"] + backlog["time_criticality"] + backlog["risk_reduction"]) / backlog["job_size"]'
)


def rank(rice=RICE_SCORE, wsjf=WSJF_SCORE, ascending="False") -> str:
    return RANK.format(rice=rice, wsjf=wsjf, ascending=ascending)


KANO = """def kano_classes(survey):
    categories = [KANO_TABLE[{row}][{column}] for f, d in zip(survey["functional"], survey["dysfunctional"])]
    counts = survey.assign(category=categories).groupby("feature")["category"].agg(lambda c: c.value_counts().idxmax())
    return counts.to_dict()
"""

DEBT = """cost = incidents["engineer_hours"] * HOURLY_COST + incidents["credits_usd"]
per_cause = cost.groupby(incidents["cause"]).sum() / {quarters}
debt = backlog[backlog["kind"] == "debt"].set_index("id")
interest = {{item: debt.loc[item, "hours_lost_per_sprint"] * {sprints} * HOURLY_COST + {incidents}
            for item in debt.index}}
ratio = {ratio}
debt_review = {{
    "deploy_pipeline_interest": interest["deploy_pipeline"],
    "db_upgrade_interest": interest["db_upgrade"],
    "test_suite_interest": interest["test_suite"],
    "debt_ratio": ratio,
    "sqale_rating": {rating},
}}
"""
RIGHT_RATIO = "(REMEDIATION_DAYS * 8) / (LINES_OF_CODE * 30 / 60)"


def debt(
    quarters="2", sprints="SPRINTS_PER_QUARTER", incidents="per_cause.get(item, 0)", ratio=RIGHT_RATIO, rating='"C"'
) -> str:
    return DEBT.format(quarters=quarters, sprints=sprints, incidents=incidents, ratio=ratio, rating=rating)


PLAN = """import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def plan_quarter(items, capacity_weeks):
    n = len(items)
    effort = items["effort_weeks"].to_numpy(float)
    must_effort = effort * items["must"].to_numpy(bool)
    rows, tops = {rows}, {tops}
    low = {low}
    result = milp(-items["value"].to_numpy(float), integrality=np.ones(n), bounds=Bounds(low, np.ones(n)),
                  constraints=[LinearConstraint(np.array(rows), -np.inf, tops)])
    return {{i for i, x in zip(items["id"], result.x) if round(x) == 1}}
"""


def plan(
    rows="[effort, must_effort]",
    tops="[capacity_weeks, 0.6 * capacity_weeks]",
    low='items["due_this_quarter"].to_numpy(float)',
) -> str:
    return PLAN.format(rows=rows, tops=tops, low=low)


ROADMAP = """import pandas as pd

plan_items = pd.DataFrame({{
    "id": backlog["id"],
    "value": backlog["id"].map(interest).fillna(backlog["value_usd"]){debt_value},
    "effort_weeks": backlog["effort"].where(backlog["effort_unit"] == "weeks", backlog["effort"] / 5),
    "due_this_quarter": {due},
    "must": backlog["moscow"].eq("must"),
}})
now = {now}
smaller = plan_quarter(plan_items, 48)
others = [i for i in backlog["id"] if i not in now]
{before}roadmap = {{
    "now": now,
    "next": [i for i in others if i != "offline_mobile"],
    "later": [i for i in others if i == "offline_mobile"],
    "cut_if_capacity_drops": {cut},
    "rice_first": rice_order[0],
    "wsjf_first": wsjf_order[0],
    "wsjf_lifts": {lifts},
    "scope_vs_delay_measure": {measure},
    "reasons": [
        "The plan fits 59 of the 60 engineer-weeks and ships the audit log before week 8.",
        "The flaky deploy pipeline costs more each quarter than dark mode is worth, so it goes in now.",
    ],
}}
"""


def roadmap(
    debt_value="",
    due='backlog["due_week"].notna()',
    now="sorted(plan_quarter(plan_items, 60))",
    lifts='"debt and compliance"',
    measure='"CD3"',
    before="",
    cut="set(now) - set(smaller)",
) -> str:
    return ROADMAP.format(debt_value=debt_value, due=due, now=now, lifts=lifts, measure=measure, before=before, cut=cut)


BOTTOM_CUT = """weeks = dict(zip(plan_items["id"], plan_items["effort_weeks"]))
left, bottom_cut = sum(weeks[i] for i in now), []
for item in rice_order[::-1]:  # cheapest to lose first: the lowest RICE scores
    if item in now and item != "audit_log" and left > CAPACITY_WEEKS * (1 - CAPACITY_DROP):
        bottom_cut.append(item)
        left -= weeks[item]
"""


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "pandas_vectorised_and_sets",
        {
            "q3_answer": rank(),
            "q4_answer": KANO.format(row="f", column="d"),
            "q5_answer": debt(),
            "q6_answer": plan(),
            "q7_answer": roadmap(),
        },
    ),
    Submission(
        "renamed_parameters_and_tuples",
        {
            "q1_answer": "def rice(r, i, c, e):\n    return r * i * c / 100 / e\n",
            "q2_answer": "def wsjf(bv, tc, rr, size):\n    return sum([bv, tc, rr]) / size\n",
            "q3_answer": rank().replace(
                'return list(backlog.assign(score=score).sort_values("score", ascending=False)["id"])',
                'return tuple(backlog.assign(score=score).nlargest(len(backlog), "score")["id"])',
            ),
            "q6_answer": plan()
            .replace("return {i for i", "return tuple(sorted(i for i")
            .replace("round(x) == 1}", "round(x) == 1))"),
        },
    ),
    Submission(
        "spelled_differently",
        {
            "q4_answer": (
                "def kano_classes(survey):\n"
                "    result = {}\n"
                "    for feature, rows in survey.groupby('feature'):\n"
                "        labels = [KANO_TABLE[f][d] for f, d in zip(rows['functional'], rows['dysfunctional'])]\n"
                "        top = max(set(labels), key=labels.count)\n"
                "        result[feature] = top.replace('-', ' ').title()\n"
                "    return pd.Series(result)\n\n\nimport pandas as pd\n"
            ),
            "q7_answer": roadmap(lifts='"Debt and Compliance"', measure='"cd3"'),
        },
    ),
    Submission(
        "rounded_like_a_slide",
        {
            "q1_answer": RICE.format(body="return round(reach * impact * confidence / 100 / effort, 6)"),
            "q5_answer": (
                "debt_review = {\n"
                '    "deploy_pipeline_interest": 22_550,\n'
                '    "db_upgrade_interest": 18_800,\n'
                '    "test_suite_interest": 7_500,\n'
                '    "debt_ratio": "12 %",\n'
                '    "sqale_rating": "c",\n'
                "}\n"
                'interest = {"deploy_pipeline": 22_550, "db_upgrade": 18_825, "test_suite": 7_500}\n'
            ),
        },
    ),
    Submission("q2_test_cell_edited", {"q2": "pass  # the check was here\n"}),
]

MISCONCEPTIONS = [
    Submission(
        "q1_confidence_as_80",
        {"q1_answer": RICE.format(body="return reach * impact * confidence / effort")},
        ["q1"],
        "`confidence` arrives in percent",
    ),
    Submission(
        "q1_effort_ignored",
        {"q1_answer": RICE.format(body="return reach * impact * confidence / 100")},
        ["q1"],
        "ranks by value alone",
    ),
    Submission(
        "q1_multiplied_by_effort",
        {"q1_answer": RICE.format(body="return reach * impact * confidence / 100 * effort")},
        ["q1"],
        "Your score grows with the effort",
    ),
    Submission(
        "q2_business_value_alone",
        {"q2_answer": WSJF.format(body="return business_value / job_size")},
        ["q2"],
        "You divided only the business value",
    ),
    Submission(
        "q2_job_size_ignored",
        {"q2_answer": WSJF.format(body="return business_value + time_criticality + risk_reduction")},
        ["q2"],
        "That is the cost of delay alone",
    ),
    Submission(
        "q2_multiplied_by_job_size",
        {"q2_answer": WSJF.format(body="return (business_value + time_criticality + risk_reduction) * job_size")},
        ["q2"],
        "Your score grows with the job size",
    ),
    Submission(
        "q2_averaged",
        {"q2_answer": WSJF.format(body="return (business_value + time_criticality + risk_reduction) / 3 / job_size")},
        ["q2"],
        "You averaged the three scores",
    ),
    Submission(
        "q3_effort_in_mixed_units",
        {
            "q3_answer": rank(
                rice='backlog["reach"] * backlog["impact"] * backlog["confidence_pct"] / 100 / backlog["effort"]'
            )
        },
        ["q3"],
        "Some rows are in days and some in weeks",
    ),
    Submission(
        "q3_value_alone",
        {
            "q3_answer": rank(
                rice='backlog["reach"] * backlog["impact"] * backlog["confidence_pct"]',
                wsjf='backlog["business_value"] + backlog["time_criticality"] + backlog["risk_reduction"]',
            )
        },
        ["q3"],
        "Your order ranks by value alone",
    ),
    Submission(
        "q3_lowest_first",
        {"q3_answer": rank(ascending="True")},
        ["q3"],
        "Your order is upside down",
    ),
    Submission(
        "q4_swapped",
        {"q4_answer": KANO.format(row="d", column="f")},
        ["q4"],
        "You looked the answers up the wrong way round",
    ),
    Submission(
        "q4_typical_pair",
        {
            "q4_answer": (
                "def kano_classes(survey):\n"
                "    result = {}\n"
                "    for feature, rows in survey.groupby('feature'):\n"
                "        usual_f = rows['functional'].mode()[0]\n"
                "        usual_d = rows['dysfunctional'].mode()[0]\n"
                "        result[feature] = KANO_TABLE[usual_f][usual_d]\n"
                "    return result\n"
            )
        },
        ["q4"],
        "You looked up one pair",
    ),
    Submission(
        "q5_incidents_left_out",
        {"q5_answer": debt(incidents="0")},
        ["q5"],
        "Your interest counts only the hours lost in sprints",
        earns={"q5": 1.2},
    ),
    Submission(
        "q5_whole_log",
        {"q5_answer": debt(quarters="1")},
        ["q5"],
        "You charged the whole incident log to one quarter",
    ),
    Submission(
        "q5_one_sprint",
        {"q5_answer": debt(sprints="1")},
        ["q5"],
        "You counted the hours lost in one sprint",
    ),
    Submission(
        "q5_days_as_hours",
        {"q5_answer": debt(ratio="REMEDIATION_DAYS / (LINES_OF_CODE * 30 / 60)", rating='"A"')},
        ["q5"],
        "the remediation effort is in days of eight",
        earns={"q5": 1.8},
    ),
    Submission(
        "q5_lines_as_hours",
        {"q5_answer": debt(ratio="REMEDIATION_DAYS * 8 / LINES_OF_CODE", rating='"B"')},
        ["q5"],
        "writing one line costs 30 minutes",
    ),
    Submission(
        "q5_percent",
        {"q5_answer": debt(ratio=f"100 * {RIGHT_RATIO}")},
        ["q5"],
        "bare number of percent",
    ),
    Submission(
        "q6_over_capacity",
        {"q6_answer": plan(rows="[must_effort]", tops="[0.6 * capacity_weeks]")},
        ["q6"],
        "Your plan needs more engineer-weeks than",
    ),
    Submission(
        "q6_deadline_left_out",
        {"q6_answer": plan(low="np.zeros(n)")},
        ["q6"],
        "Your plan leaves out an item that is due this quarter",
    ),
    Submission(
        "q6_must_haves_uncapped",
        {"q6_answer": plan(rows="[effort]", tops="[capacity_weeks]")},
        ["q6"],
        "more than 60 % of the capacity on Must-haves",
    ),
    Submission(
        "q7_debt_valued_at_nothing",
        {"q7_answer": roadmap(debt_value='.fillna(0) * backlog["kind"].ne("debt")')},
        ["q7"],
        "treats the debt items as worth nothing",
        earns={"q7": 2},
    ),
    Submission(
        "q7_deadline_scheduled_late",
        {"q7_answer": roadmap(due="False")},
        ["q7"],
        "it belongs in `now`, whatever its score",
    ),
    Submission(
        "q7_plan_over_capacity",
        {"q7_answer": roadmap(now='sorted(plan_quarter(plan_items, 60)) + ["offline_mobile"]')},
        ["q7"],
        "needs more engineer-weeks than the quarter's 60",
    ),
    Submission(
        "q7_cut_from_the_bottom",
        {"q7_answer": roadmap(before=BOTTOM_CUT, cut="bottom_cut")},
        ["q7"],
        "You cut the lowest-scoring items of `now`",
        earns={"q7": 3},
    ),
    Submission(
        "q7_wsjf_as_money",
        {"q7_answer": roadmap(measure='"WSJF"')},
        ["q7"],
        "SAFe's cost of delay is a sum of relative scores",
        earns={"q7": 3},
    ),
    Submission(
        "q7_rice_as_money",
        {"q7_answer": roadmap(measure='"RICE"')},
        ["q7"],
        "RICE's reach × impact × confidence is a score, not money",
    ),
]

BROKEN = [
    Submission(
        "q1_syntax_error",
        {"q1_answer": "def rice(reach, impact, confidence, effort)\n    return 1\n"},
        ["q1"],
        "`rice` is not defined",
    ),
    Submission(
        "q3_raises",
        {"q3_answer": rank(rice='backlog["reach"] / backlog["effort_weeks"]')},
        ["q3"],
        "raised KeyError",
    ),
    Submission(
        "q4_returns_a_list",
        {"q4_answer": "def kano_classes(survey):\n    return sorted(set(survey['feature']))\n"},
        ["q4"],
        "which is not a dict",
    ),
    Submission(
        "q5_text_value",
        {"q5_answer": debt(ratio='"C, about twelve"')},
        ["q5"],
        "is not a number",
    ),
    Submission(
        "q6_returns_the_value",
        {
            "q6_answer": plan().replace(
                'return {i for i, x in zip(items["id"], result.x) if round(x) == 1}', "return -result.fun"
            )
        },
        ["q6"],
        "which is not a collection of item ids",
    ),
    Submission(
        "q7_item_in_two_slots",
        {
            "q7_answer": roadmap().replace(
                '"later": [i for i in others if i == "offline_mobile"]',
                '"later": [i for i in others if i == "offline_mobile"] + ["sso"]',
            )
        },
        ["q7"],
        "must hold every backlog item exactly once",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
