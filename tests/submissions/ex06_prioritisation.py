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


GREEDY = """def plan_quarter(items, capacity_weeks):
    rows = items.assign(ratio=items["value"] / items["effort_weeks"])
    rows = rows.sort_values(["due_this_quarter", "ratio"], ascending=[False, False])
    chosen, used, used_must = [], 0, 0
    for r in rows.itertuples():
        m = r.effort_weeks if r.must else 0
        if used + r.effort_weeks <= capacity_weeks and used_must + m <= MUST_SHARE * capacity_weeks:
            chosen.append(r.id)
            used += r.effort_weeks
            used_must += m
    return chosen
"""

LP_RELAXATION = """import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def plan_quarter(items, capacity_weeks):
    e = items["effort_weeks"].to_numpy(float)
    A = np.vstack([e, e * items["must"].to_numpy(float)])
    res = milp(-items["value"].to_numpy(float), bounds=Bounds(items["due_this_quarter"].to_numpy(float), 1),
               constraints=LinearConstraint(A, -np.inf, [capacity_weeks, MUST_SHARE * capacity_weeks]))
    return {i for i, x in zip(items["id"], res.x) if x > 0.5}
"""

BRUTE_FORCE = """from itertools import combinations


def plan_quarter(items, capacity_weeks):
    rows = items.to_dict("records")
    best, best_value = None, -1
    for k in range(len(rows) + 1):
        for combo in combinations(rows, k):
            if sum(r["effort_weeks"] for r in combo) > capacity_weeks:
                continue
            if sum(r["effort_weeks"] for r in combo if r["must"]) > MUST_SHARE * capacity_weeks:
                continue
            if not all(r in combo for r in rows if r["due_this_quarter"]):
                continue
            value = sum(r["value"] for r in combo)
            if value > best_value:
                best, best_value = [r["id"] for r in combo], value
    return best
"""

RANK_WITH_OWN_SCORES = """def rank_backlog(backlog, method):
    score = {}
    for row in backlog.itertuples():
        weeks = row.effort / 5 if row.effort_unit == "days" else row.effort
        if method == "rice":
            score[row.id] = rice(row.reach, row.impact, row.confidence_pct, weeks)
        else:
            score[row.id] = wsjf(row.business_value, row.time_criticality, row.risk_reduction, row.job_size)
    return sorted(score, key=score.get, reverse=True)


rice_order = rank_backlog(backlog, "rice")
wsjf_order = rank_backlog(backlog, "wsjf")
"""

KANO_DECISIVE = """from collections import Counter


def kano_classes(survey):
    result = {}
    for feature, rows in survey.groupby("feature"):
        counts = Counter(KANO_TABLE[f][d] for f, d in zip(rows["functional"], rows["dysfunctional"]))
        for unclear in ("indifferent", "questionable", "reverse"):
            counts.pop(unclear, None)
        result[feature] = counts.most_common(1)[0][0]
    return result
"""

AS_A_PERSON_WRITES = (
    debt()
    + """debt_review = {
    "deploy_pipeline_interest": f"${interest['deploy_pipeline']:,.2f}",
    "db_upgrade_interest": f"{interest['db_upgrade']:,.2f} USD",
    "test_suite_interest": interest["test_suite"],
    "debt_ratio": f"{ratio:.0%}",
    "sqale_rating": f"C ({ratio:.0%})",
}
"""
)

MONEY_TEXT_REVIEW = """debt_review = {
    "deploy_pipeline_interest": "$22,550",
    "db_upgrade_interest": "$18,825",
    "test_suite_interest": "$7,500",
    "debt_ratio": "12 %",
    "sqale_rating": "C",
}
"""
FROM_THE_REVIEW = 'backlog["id"].map(lambda i: debt_review.get(f"{i}_interest"))'
FROM_THE_REVIEW_AS_NUMBERS = (
    'backlog["id"].map(lambda i: debt_review.get(f"{i}_interest")).str.lstrip("$").str.replace(",", "").astype(float)'
)

ROADMAP_IN_PROSE = roadmap(lifts='"debt & compliance items"', measure='"CD3 (cost of delay / duration)"') + (
    'roadmap["reasons"] = ("The plan fits 59 of the 60 engineer-weeks and ships the audit log before week 8. "\n'
    '                      "The deploy pipeline costs more each quarter than dark mode is worth, so it goes in now.")\n'
)


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
    Submission(
        "written_as_a_person_writes",
        {
            "q1_answer": RICE.format(body="return round(reach * impact * confidence / 100 / effort, 2)"),
            "q2_answer": WSJF.format(
                body="return round((business_value + time_criticality + risk_reduction) / job_size, 2)"
            ),
            "q5_answer": AS_A_PERSON_WRITES,
            "q7_answer": ROADMAP_IN_PROSE,
        },
    ),
    Submission("q6_every_combination", {"q6_answer": BRUTE_FORCE}),
    Submission(
        "q5_money_text_turned_into_numbers_for_q7",
        {
            "q5_answer": MONEY_TEXT_REVIEW,
            "q7_answer": roadmap().replace('backlog["id"].map(interest)', FROM_THE_REVIEW_AS_NUMBERS),
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_floor_division",
        {"q1_answer": RICE.format(body="return reach * impact * confidence // (100 * effort)")},
        ["q1"],
        "`//` is floor division",
    ),
    Submission(
        "q1_rounded_to_whole_numbers",
        {"q1_answer": RICE.format(body="return round(reach * impact * confidence / 100 / effort)")},
        ["q1"],
        "Your score is rounded to a whole number",
    ),
    Submission(
        "q2_operator_precedence",
        {"q2_answer": WSJF.format(body="return business_value + time_criticality + risk_reduction / job_size")},
        ["q2"],
        "Only `risk_reduction` is divided by the job size",
    ),
    Submission(
        "q2_cost_of_delay_multiplied",
        {"q2_answer": WSJF.format(body="return business_value * time_criticality * risk_reduction / job_size")},
        ["q2"],
        "You multiplied the three scores",
    ),
    Submission(
        "q2_divided_by_five",
        {"q2_answer": WSJF.format(body="return (business_value + time_criticality + risk_reduction) / 5")},
        ["q2"],
        "Your score divides by 5 whatever the job size",
    ),
    Submission(
        "q2_rounded_to_whole_numbers",
        {
            "q2_answer": WSJF.format(
                body="return round((business_value + time_criticality + risk_reduction) / job_size)"
            )
        },
        ["q2"],
        "Your score is rounded to a whole number",
    ),
    Submission(
        "q2_multiplied_carried_into_q3_and_q7",
        {
            "q2_answer": WSJF.format(body="return business_value * time_criticality * risk_reduction / job_size"),
            "q3_answer": RANK_WITH_OWN_SCORES,
        },
        ["q2"],
        "You multiplied the three scores",
        earns={"q3": 3, "q7": 4},
    ),
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
        # Q7's rice_first follows this ranking (search_filters), although its wrong scores tie sso and bulk_export
        earns={"q7": 4},
    ),
    Submission(
        "q3_seven_day_week",
        {
            "q3_answer": rank(
                rice='backlog["reach"] * backlog["impact"] * backlog["confidence_pct"] / 100 / '
                'backlog["effort"].where(backlog["effort_unit"] == "weeks", backlog["effort"] / 7)'
            )
        },
        ["q3"],
        "turns days into weeks with a 7-day week",
    ),
    Submission(
        "q3_days_times_five",
        {
            "q3_answer": rank(
                rice='backlog["reach"] * backlog["impact"] * backlog["confidence_pct"] / 100 / '
                'backlog["effort"].where(backlog["effort_unit"] == "weeks", backlog["effort"] * 5)'
            )
        },
        ["q3"],
        "converts days the wrong way",
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
        "q4_indifferent_set_aside",
        {"q4_answer": KANO_DECISIVE},
        ["q4"],
        "You set aside the indifferent, reverse and questionable answers",
    ),
    Submission(
        "q5_credits_left_out",
        {"q5_answer": debt().replace(' + incidents["credits_usd"]', "")},
        ["q5"],
        "Your interest leaves out the customer credits",
        earns={"q5": 1.8},  # test_suite caused no credits: its interest stays right
    ),
    Submission(
        "q5_development_cost_in_minutes",
        {"q5_answer": debt(ratio="REMEDIATION_DAYS * 8 / (LINES_OF_CODE * 30)", rating='"A"')},
        ["q5"],
        "Your debt ratio is 60 times too small",
        earns={"q5": 2.4},  # its "A" is what its own ratio gives: the ratio loses its part, not the rating
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
        earns={"q5": 1.2, "q7": 4},  # Q7 plans with these interests: not charged twice
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
        earns={"q5": 2.4},  # its "A" is what its own ratio gives: the ratio loses its part, not the rating
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
    Submission("q6_greedy", {"q6_answer": GREEDY}, ["q6"], "a greedy pick"),
    Submission("q6_lp_relaxation", {"q6_answer": LP_RELAXATION}, ["q6"], "solves the linear relaxation"),
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
        earns={"q7": 4},  # Q7's now and cut follow this plan_quarter: not charged twice
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
        "q7_cut_lists_what_stays",
        {"q6_answer": plan(low="np.zeros(n)"), "q7_answer": roadmap(cut="sorted(smaller)")},
        ["q7", "q6"],
        "lists the plan at 80 % of the capacity: what stays",
        earns={"q7": 3},  # `now` follows this plan_quarter and is right; only the cut is wrong, and named
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
        earns={"q3": 3},  # rank_backlog graded with the right rice lent to it (set in the kernel)
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

BROKEN += [
    Submission(
        "q7_computes_with_q5s_money_text",
        {
            "q5_answer": MONEY_TEXT_REVIEW,
            "q7_answer": roadmap().replace('backlog["id"].map(interest)', FROM_THE_REVIEW),
        },
        ["q7"],
        "The error was raised in this question's answer cell, not by the check: `plan_items['value']` holds text",
    ),
    Submission(
        "q7_cut_explained",
        {"q6_answer": plan(low="np.zeros(n)"), "q7_answer": roadmap(cut='["sso"]')},
        ["q7", "q6"],
        "solve the plan again at 80 % of the capacity and list what leaves it",
        earns={"q7": 3},  # no misconception gives this cut: what the field holds is said, and nothing about `now`
    ),
    Submission(
        "q7_one_short_reason",
        {"q7_answer": roadmap() + 'roadmap["reasons"] = "Fits."\n'},
        ["q7"],
        "should hold at least 2 sentences of at least 20 characters",
    ),
    Submission(
        "q7_title_for_an_id",
        {"q7_answer": roadmap() + 'roadmap["rice_first"] = "Bulk CSV export"\n'},
        ["q7"],
        "is not one of",
        earns={"q7": 3.75},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
