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
