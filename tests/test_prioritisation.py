"""Does the prioritisation module agree with its sources and a brute-force search, and does its data plant what it says?"""

import io
import itertools

import pandas as pd
import pytest

from tpm_course.data import to_csv
from tpm_course.topics.prioritisation import debt, kano, plan, scoring
from tpm_course.topics.prioritisation.datasets import DATASETS


def _frame(name):
    return pd.read_csv(io.StringIO(to_csv(DATASETS[name])))


@pytest.fixture(scope="module")
def backlog():
    return _frame("backlog")


@pytest.fixture(scope="module")
def items(backlog):
    interest = debt.interest_by_item(
        backlog, _frame("incident_log"), sprints_per_quarter=6, hourly_cost=100, quarters=2
    )
    return plan.plan_items(backlog, interest)


def test_rice_is_reach_times_impact_times_confidence_over_effort():
    """Hand-worked: 500 customers, high impact (2), 80 % confidence, 4 weeks give 200."""
    assert scoring.rice(500, 2, 80, 4) == pytest.approx(200)
    assert scoring.rice(1_000, 0.25, 50, 0.5) == pytest.approx(250)
    with pytest.raises(ValueError):
        scoring.rice(1, 1, 100, 0)


def test_wsjf_adds_three_relative_scores_and_divides_by_job_size():
    assert scoring.wsjf(8, 5, 3, 5) == pytest.approx(3.2)
    assert scoring.wsjf(1, 20, 13, 2) == pytest.approx(17)


def test_cd3_is_money_per_week_over_weeks():
    """Reinertsen's CD3: $10,000 a week of delay on a 4-week job scores 2,500."""
    assert scoring.cd3(10_000, 4) == pytest.approx(2_500)


def test_effort_units_are_converted_to_weeks():
    assert scoring.effort_weeks(15, "days") == pytest.approx(3)
    assert scoring.effort_weeks(2, " Weeks ") == pytest.approx(2)
    with pytest.raises(ValueError):
        scoring.effort_weeks(1, "months")


def test_the_shipped_backlog_has_no_ties_and_plants_both_ranking_mistakes(backlog):
    """Every score is distinct, and mixing effort units or dropping the size changes the RICE order."""
    for method in scoring.METHODS:
        values = list(scoring.scores(backlog, method).values())
        assert len(set(values)) == len(values), method
    right = scoring.ranking(backlog, "rice")
    assert scoring.ranking(backlog, "rice", convert_units=False) != right
    assert scoring.ranking(backlog, "rice", use_size=False) != right
    assert right[0] == "bulk_export" and scoring.ranking(backlog, "wsjf")[0] == "audit_log"
    assert scoring.ranking(backlog, "rice", days_per_week=1 / 5).index("bulk_export") == 6
    seven_day = scoring.ranking(backlog, "rice", days_per_week=7)
    assert seven_day.index("slack_alerts") < seven_day.index("search_filters")


def test_wsjf_lifts_debt_and_compliance_above_where_rice_puts_them(backlog):
    by_rice, by_wsjf = scoring.ranking(backlog, "rice"), scoring.ranking(backlog, "wsjf")
    lifted = backlog[backlog["kind"] != "feature"]["id"]
    assert all(by_wsjf.index(item) < by_rice.index(item) for item in lifted)


def test_kano_table_is_bergers():
    """Berger et al. (1993): like/dislike is one-dimensional, expect/dislike must-be, like/neutral attractive."""
    assert kano.category("like", "dislike") == "one-dimensional"
    assert kano.category("expect", "dislike") == "must-be"
    assert kano.category("like", "neutral") == "attractive"
    assert kano.category("neutral", "tolerate") == "indifferent"
    assert kano.category("dislike", "like") == "reverse"
    assert kano.category("like", "like") == kano.category("dislike", "dislike") == "questionable"
    assert sum(row.count("reverse") for row in (list(r.values()) for r in kano.TABLE.values())) == 7


def test_the_survey_plants_a_feature_whose_typical_pair_misleads():
    survey = _frame("kano_survey")
    right = kano.classify(survey)
    assert right == {
        "sso": "must-be",
        "bulk_export": "must-be",
        "dark_mode": "indifferent",
        "slack_alerts": "attractive",
    }
    assert kano.classify(survey, modal_pair=True)["bulk_export"] == "one-dimensional"
    assert kano.classify(survey, swapped=True) != right
    assert kano.classify(survey, decisive_only=True)["dark_mode"] == "attractive"
    shares = kano.shares(survey)
    assert shares.sum(axis=1).round(9).eq(1).all()


def test_interest_counts_wasted_hours_and_incidents_per_quarter():
    """Hand-worked: 10 h a sprint × 6 sprints × $100 + $8,000 of incidents over 2 quarters = $10,000."""
    assert debt.interest_per_quarter(10, 6, 100, 8_000 / 2) == pytest.approx(10_000)
    incidents = pd.DataFrame({"cause": ["x", "x", "y"], "engineer_hours": [10, 20, 5], "credits_usd": [0, 1_000, 0]})
    assert debt.incident_cost(incidents, 100, quarters=2) == {"x": 2_000, "y": 250}


def test_sqale_ratio_and_rating():
    """120,000 lines at 30 minutes are 60,000 hours; 900 days of 8 hours are 12 % of it: rated C."""
    assert debt.debt_ratio(900 * 8, 120_000) == pytest.approx(0.12)
    assert [debt.rating(r) for r in (0.05, 0.0501, 0.10, 0.2, 0.5, 0.51)] == ["A", "B", "B", "C", "D", "E"]


def _brute_force(items, capacity, must_share=0.6):
    """Every subset, checked by hand: the best value and every plan that reaches it."""
    rows = items.to_dict("records")
    best, plans = float("-inf"), []
    for size in range(len(rows) + 1):
        for chosen in itertools.combinations(rows, size):
            effort = sum(r["effort_weeks"] for r in chosen)
            must = sum(r["effort_weeks"] for r in chosen if r["must"])
            due = all(r in chosen for r in rows if r["due_this_quarter"])
            if effort > capacity + 1e-9 or must > must_share * capacity + 1e-9 or not due:
                continue
            value = sum(r["value"] for r in chosen)
            if value > best + 1e-6:
                best, plans = value, [sorted(r["id"] for r in chosen)]
            elif abs(value - best) <= 1e-6:
                plans.append(sorted(r["id"] for r in chosen))
    return best, plans


@pytest.mark.parametrize("capacity", [60, 48])
def test_milp_plan_is_the_single_best_plan_by_brute_force(items, capacity):
    best, plans = _brute_force(items, capacity)
    assert plans == [plan.plan(items, capacity)]
    assert plan.total(items, plans[0], "value") == pytest.approx(best)


def test_the_plan_plants_each_mistake(items):
    """Dropping a constraint, or valuing debt at nothing, changes the quarter's plan."""
    right = plan.plan(items, 60)
    assert plan.total(items, right, "effort_weeks") <= 60
    assert "audit_log" in right and "deploy_pipeline" in right
    for switch in ("deadlines", "capacity", "must_cap"):
        assert plan.plan(items, 60, **{switch: False}) != right, switch
    debt_free = items.assign(
        value=[
            0 if i in ("deploy_pipeline", "db_upgrade", "test_suite") else v
            for i, v in zip(items["id"], items["value"])
        ]
    )
    assert plan.plan(debt_free, 60) != right
    assert set(plan.plan(items, 48)) < set(right), "a smaller quarter only cuts"


def test_a_plan_that_cannot_meet_its_deadlines_is_refused():
    impossible = pd.DataFrame(
        {"id": ["a"], "value": [1.0], "effort_weeks": [10.0], "due_this_quarter": [True], "must": [False]}
    )
    with pytest.raises(ValueError):
        plan.plan(impossible, 5)


def test_data_sets_are_reproducible():
    for dataset in DATASETS.values():
        assert to_csv(dataset) == to_csv(dataset)
    assert len(_frame("kano_survey")) == 480


@pytest.mark.parametrize("name", ["s1", "s2", "s3", "s4"])
def test_lesson_self_checks_accept_their_worked_solution_and_name_a_known_slip(name, capsys):
    """The lesson's solution passes its self-check; the first declared misconception fails with its message."""
    from tpm_course.core import CheckFailed
    from tpm_course.topics.prioritisation import lesson

    question = getattr(lesson, name)
    namespace = {name: question}
    exec(question._solution, namespace)
    exec(f"{name}.check()", namespace)
    slip = question.misconceptions[0]
    namespace[question.name] = slip.predict(question.expected)
    with pytest.raises(CheckFailed):
        exec(f"{name}.check()", namespace)
    assert slip.message in capsys.readouterr().out


@pytest.mark.parametrize("capacity", [40, 48, 60, 72])
def test_a_greedy_pick_keeps_the_rules_and_never_beats_the_solver(items, capacity):
    picked, best = plan.greedy(items, capacity), plan.plan(items, capacity)
    assert plan.total(items, picked, "effort_weeks") <= capacity
    assert plan.total(items[items["must"]], picked, "effort_weeks") <= 0.6 * capacity
    assert plan.total(items, picked, "value") <= plan.total(items, best, "value")


def test_answers_written_as_a_person_writes_them_are_read():
    """Money text, a rating with its ratio, option text naming one option, and a text of sentences."""
    from tpm_course.topics.prioritisation import reading

    assert [reading.money(m) for m in ("$22,550", "22,550 USD", "$22.5k a quarter", 7_500)] == [
        22_550,
        22_550,
        22_500,
        7_500,
    ]
    assert reading.money("about twenty grand") == "about twenty grand"
    assert [reading.rating_letter(r) for r in ("C (12 %)", "c", "rating C", "E above")] == ["C", "C", "C", "E above"]
    measures = {"RICE": ("rice",), "WSJF": ("wsjf",), "CD3": ("cd3",)}
    assert reading.named_option("CD3 (cost of delay / duration)", measures) == "CD3"
    assert reading.named_option("WSJF, not CD3", measures) == "WSJF, not CD3", "two options named: left as written"
    kinds = {"customer features": ("customer", "feature"), "debt and compliance": ("debt", "compliance")}
    assert reading.named_option("debt & compliance items", kinds) == "debt and compliance"
    assert reading.sentences("It fits 59 of 60 weeks. The pipeline costs $22,550, e.g. more.") == [
        "It fits 59 of 60 weeks.",
        "The pipeline costs $22,550, e.g. more.",
    ]


def test_q3s_example_tells_each_unit_slip_apart():
    """On the statement's example, right, unconverted, days × 5, a 7-day week and value alone give five orders."""
    from tpm_course.topics.prioritisation.exercise import q3

    backlog = q3.cases[0].inputs["backlog"]
    slips = [{}, {"convert_units": False}, {"days_per_week": 1 / 5}, {"days_per_week": 7}, {"use_size": False}]
    orders = {tuple(scoring.ranking(backlog, "rice", **slip)) for slip in slips}
    assert len(orders) == len(slips)
    assert list(scoring.ranking(backlog, "rice")) == q3.cases[0].expected


RATIO_TRAP = pd.DataFrame(
    {
        "id": ["mobile", "billing", "reports", "gdpr_export", "alerts", "sso", "cache"],
        "value": [36_000, 28_000, 27_000, 3_000, 5_000, 20_000, 4_000],
        "effort_weeks": [12, 10, 10, 4, 3, 10, 2],
        "due_this_quarter": [False, False, False, True, False, False, False],
        "must": [False, False, False, True, False, True, False],
    }
)


@pytest.mark.parametrize("capacity", [24, 30])
def test_q6s_ratio_trap_has_one_best_plan_that_greedy_and_the_relaxation_miss(capacity):
    """The hidden table where the best value per week is not in the best plan (Q6 names greedy by it)."""
    best, plans = _brute_force(RATIO_TRAP, capacity)
    assert plans == [plan.plan(RATIO_TRAP, capacity)]
    assert plan.total(RATIO_TRAP, plan.greedy(RATIO_TRAP, capacity), "value") < best
    assert plan.plan(RATIO_TRAP, capacity, relaxed=True) != plans[0]


def _reference_key(backlog, items):
    now = plan.plan(items, 60)
    return {
        "now": now,
        "cut_if_capacity_drops": sorted(set(now) - set(plan.plan(items, 48))),
        "rice_first": scoring.ranking(backlog, "rice")[0],
        "wsjf_first": scoring.ranking(backlog, "wsjf")[0],
        "wsjf_lifts": "debt and compliance",
        "scope_vs_delay_measure": "CD3",
    }


def test_q7s_key_follows_the_learners_own_plan_ranking_and_interest(backlog, items):
    """An upstream mistake is charged once: Q7 is checked against the learner's own functions, or the right answer."""
    from tpm_course.topics.prioritisation.exercise import own_roadmap_key

    interest = {
        i: v for i, v in zip(items["id"], items["value"]) if i in ("deploy_pipeline", "db_upgrade", "test_suite")
    }
    reference = _reference_key(backlog, items)
    assert own_roadmap_key(reference, {}, backlog, interest) == reference, "nothing to follow: the reference"
    uncapped = lambda table, capacity: plan.plan(table, capacity, must_cap=False)  # noqa: E731
    lowest_first = lambda table, method: scoring.ranking(table, method)[::-1]  # noqa: E731
    mine = {"plan_quarter": uncapped, "rank_backlog": lowest_first, "roadmap": {"now": reference["now"][::-1]}}
    key = own_roadmap_key(reference, mine, backlog, interest)
    assert key["now"] == reference["now"], "answered as the reference: the right answer counts"
    assert key["cut_if_capacity_drops"] != reference["cut_if_capacity_drops"]
    assert key["rice_first"] == scoring.ranking(backlog, "rice")[-1]
    as_given = {"rank_backlog": lambda table, method: list(table["id"]), "roadmap": {"rice_first": "sso"}}
    degenerate = own_roadmap_key(reference, as_given, backlog, interest)
    assert degenerate["rice_first"] == reference["rice_first"], "ids in the rows' order rank nothing: not followed"
    review = {"deploy_pipeline_interest": "$1", "db_upgrade_interest": 1.0, "test_suite_interest": 1.0}
    broken = {"plan_quarter": lambda table, capacity: 1 / 0, "debt_review": review}
    assert own_roadmap_key(reference, broken, backlog, interest)["now"] == plan.plan(
        plan.plan_items(backlog, {k: 1.0 for k in interest}), 60
    ), "a plan that raises is not followed; the learner's interests are"


def test_q7_follows_a_ranking_whose_wrong_scores_tie_items(backlog, items):
    """Efforts read as weeks tie sso and bulk_export: the rows reversed swap them, yet the ranking is followed."""
    from tpm_course.topics.prioritisation.exercise import own_roadmap_key

    unconverted = lambda table, method: scoring.ranking(table, method, convert_units=False)  # noqa: E731
    reversed_rows = backlog.iloc[::-1].reset_index(drop=True)
    assert unconverted(backlog, "rice") != unconverted(reversed_rows, "rice"), "the planted tie"
    interest = {
        i: v for i, v in zip(items["id"], items["value"]) if i in ("deploy_pipeline", "db_upgrade", "test_suite")
    }
    reference = _reference_key(backlog, items)
    mine = {"rank_backlog": unconverted, "roadmap": {"rice_first": "search_filters"}}
    assert own_roadmap_key(reference, mine, backlog, interest)["rice_first"] == "search_filters"
    tied_first = lambda table, method: scoring.ranking(table, method, use_size=False)  # noqa: E731
    assert tied_first(backlog, "rice")[:2] == ["bulk_export", "search_filters"] != tied_first(reversed_rows, "rice")[:2]
    mine = {"rank_backlog": tied_first, "roadmap": {"rice_first": "bulk_export"}}
    assert own_roadmap_key(reference, mine, backlog, interest)["rice_first"] == "bulk_export"


def _roadmap_of(backlog, key, **changes):
    rest = [i for i in backlog["id"] if i not in key["now"]]
    reasons = ["The plan fits 59 of 60 engineer-weeks this quarter.", "The deploy pipeline costs $22,550 a quarter."]
    return {**key, "next": rest[:1], "later": rest[1:], "reasons": reasons, **changes}


def test_q7_names_no_misconception_for_a_field_that_is_right_and_explains_the_wrong_one(backlog, items):
    """A `now` right by the learner's own plan (which ignores the deadline) is not blamed for the deadline."""
    from tpm_course.topics.prioritisation.exercise import q7

    no_deadline = plan.plan(items, 60, deadlines=False)
    key = {**_reference_key(backlog, items), "now": no_deadline}  # the key follows the learner's plan_quarter
    predictions = {
        "debt_at_zero": [],
        "no_deadline": no_deadline,
        "no_capacity": [],
        "bottom_cut": [],
        "kept_if_capacity_drops": ["dark_mode", "offline_mobile"],
    }
    roadmap = _roadmap_of(backlog, key, cut_if_capacity_drops=["sso"])
    graded = q7._outcome(lambda: q7.check_key({"roadmap": roadmap}, expected=key, **predictions))
    assert graded.status.name == "PARTIAL" and graded.earned == 3, graded.text()
    assert "belongs in `now`" not in graded.text()
    assert "solve the plan again at 80 % of the capacity" in graded.text()
    roadmap = _roadmap_of(backlog, key, cut_if_capacity_drops=["offline_mobile", "dark_mode"])
    graded = q7._outcome(lambda: q7.check_key({"roadmap": roadmap}, expected=key, **predictions))
    assert "what stays" in graded.text() and "solve the plan again" not in graded.text()
    right_key = _reference_key(backlog, items)
    roadmap = _roadmap_of(backlog, right_key, now=no_deadline)
    roadmap["next"] = [i for i in backlog["id"] if i not in no_deadline]
    roadmap["later"] = []
    graded = q7._outcome(lambda: q7.check_key({"roadmap": roadmap}, expected=right_key, **predictions))
    assert "belongs in `now`" in graded.text(), "a `now` that is wrong is still explained"


def test_q7_says_when_its_cell_computed_with_q5s_money_text(backlog):
    """The learner's cell, not the check, met '$22,550': the feedback says where the text came from."""
    from tpm_course.core import cell_errors
    from tpm_course.core.value import arithmetic_cause
    from tpm_course.topics.prioritisation.exercise import q7

    error = TypeError("bad operand type for unary -: 'str'")
    review = {"deploy_pipeline_interest": "$22,550", "db_upgrade_interest": 18_825.0, "test_suite_interest": 7_500}
    items = pd.DataFrame({"id": ["deploy_pipeline"], "value": ["$22,550"]})
    cell_errors.use_source(lambda name: error if name == "roadmap" else None)
    try:
        shown = q7._outcome(lambda: q7.check_visible({"debt_review": review, "plan_items": items})).text()
        numbers = {"debt_review": {**review, "deploy_pipeline_interest": 22_550.0}}
        plain = q7._outcome(lambda: q7.check_visible(numbers)).text()
    finally:
        cell_errors.use_source(None)
    assert "raised in this question's answer cell, not by the check" in shown
    assert "`plan_items['value']` holds text ('$22,550')" in shown and "'$22,550'.lstrip('$')" in shown
    assert arithmetic_cause(error) not in shown, "not the other module's functions returning '5.256 PB'"
    assert "holds money as text" not in plain and arithmetic_cause(error) in plain


def test_q3_lends_the_right_rice_while_it_grades_and_gives_the_learners_back():
    """A wrong `rice` costs Q1, not Q3 again; the learner's own function is back after the check."""
    from tpm_course.topics.prioritisation.exercise import q3

    notebook = {}
    exec(
        "def rice(reach, impact, confidence, effort):\n"
        "    return reach * impact * confidence * effort  # wrong\n"
        "def wsjf(business_value, time_criticality, risk_reduction, job_size):\n"
        "    return (business_value + time_criticality + risk_reduction) / job_size\n"
        "def rank_backlog(backlog, method):\n"
        "    weeks = backlog['effort'].where(backlog['effort_unit'] == 'weeks', backlog['effort'] / 5)\n"
        "    if method == 'rice':\n"
        "        score = rice(backlog['reach'], backlog['impact'], confidence=backlog['confidence_pct'], effort=weeks)\n"
        "    else:\n"
        "        score = wsjf(backlog['business_value'], backlog['time_criticality'], backlog['risk_reduction'],\n"
        "                     backlog['job_size'])\n"
        "    return list(backlog.assign(score=score).sort_values('score', ascending=False)['id'])\n",
        notebook,
    )
    wrong = notebook["rice"]
    outcome = q3._outcome(lambda: q3.check_visible(notebook))
    assert outcome.status.name == "PENDING", outcome.text()
    assert "Graded with the right `rice`" in outcome.text() and "`wsjf`" not in outcome.text()
    assert notebook["rice"] is wrong


def test_a_roadmap_in_prose_is_read_and_an_unreadable_scored_field_costs_only_its_points(backlog, items):
    from tpm_course.topics.prioritisation.exercise import q7

    key = _reference_key(backlog, items)
    rest = [i for i in backlog["id"] if i not in key["now"]]
    roadmap = {
        **key,
        "next": rest[:1],
        "later": rest[1:],
        "wsjf_lifts": "debt & compliance items",
        "scope_vs_delay_measure": "CD3 (cost of delay / duration)",
        "reasons": "The plan fits 59 of 60 engineer-weeks. The deploy pipeline costs $22,550 a quarter.",
    }
    predictions = {
        "debt_at_zero": [],
        "no_deadline": [],
        "no_capacity": [],
        "bottom_cut": [],
        "kept_if_capacity_drops": [],
    }
    graded = q7._outcome(lambda: q7.check_key({"roadmap": roadmap}, expected=key, **predictions))
    assert graded.status.name == "CORRECT", graded.text()
    titled = {**roadmap, "rice_first": "Bulk CSV export"}
    visible = q7._outcome(lambda: q7.check_visible({"roadmap": titled}))
    assert visible.status.name == "PENDING" and "is not one of" in visible.text()
    graded = q7._outcome(lambda: q7.check_key({"roadmap": titled}, expected=key, **predictions))
    assert graded.status.name == "PARTIAL" and graded.earned == 3.75
    short = q7._outcome(lambda: q7.check_visible({"roadmap": {**roadmap, "reasons": "Fits."}}))
    assert short.status.name == "INCORRECT" and "at least 2 sentences" in short.text()


def test_an_unreadable_now_refuses_the_whole_roadmap(backlog, items):
    """`now`, `next` and `later` must share out the backlog: a `now` of solver output is not a lost point but no roadmap."""
    from tpm_course.topics.prioritisation.exercise import q7

    key = _reference_key(backlog, items)
    garbled = {**key, "now": ["0.0", "1.0"], "next": list(backlog["id"]), "later": [], "reasons": ["x" * 20] * 2}
    assert q7._outcome(lambda: q7.check_visible({"roadmap": garbled})).status.name == "INCORRECT"
    graded = q7._outcome(lambda: q7.check_key({"roadmap": garbled}, expected=key))
    assert graded.status.name == "INCORRECT" and graded.earned is None, graded.text()
