"""Does the planning module agree with PERT, networkx and scipy, and does its data plant what it says?"""

import math

import networkx as nx
import numpy as np
import pytest
from scipy.stats import norm

from tpm_course.core import Status
from tpm_course.topics.planning import exercise
from tpm_course.topics.planning.datasets import INCIDENT_WEEK, migration_tasks, weekly_throughput
from tpm_course.topics.planning.maths import (
    BUY_DOWN,
    LATER_DATE,
    PROMISE,
    critical_path,
    duration_at,
    items_by,
    path_sd,
    pert,
    planning_decision,
    probability_by,
    schedule,
    simulated_lengths,
    simulated_totals,
    simulated_weeks,
    weeks_for,
)


def _migration():
    rows = migration_tasks()
    after = {r[0]: [p for p in r[3].split(";") if p] for r in rows}
    estimates = {r[0]: pert(*r[4:]) for r in rows}
    return rows, after, estimates


def test_pert_matches_the_curriculums_pinned_example():
    """5 / 8 / 14 → 8.5 with σ = 1.5 (CURRICULUM.md, after Malcolm et al. 1959)."""
    assert pert(5, 8, 14) == pytest.approx((8.5, 1.5))
    with pytest.raises(ValueError):
        pert(8, 5, 14)


def test_critical_path_length_agrees_with_networkx_weighted_longest_path():
    _, after, estimates = _migration()
    durations = {t: e for t, (e, _) in estimates.items()}
    graph = nx.DiGraph()
    for task, before in after.items():
        graph.add_node(task)
        for p in before:
            graph.add_edge(p, task, weight=durations[p])
    for task in list(graph.nodes):
        if graph.out_degree(task) == 0:
            graph.add_edge(task, "end", weight=durations[task])
    plan = critical_path(durations, after)
    assert plan["weeks"] == pytest.approx(nx.dag_longest_path_length(graph, weight="weight"))
    assert plan["path"] + ["end"] == nx.dag_longest_path(graph, weight="weight")


def test_the_migration_numbers_quoted_in_the_exercise():
    """14 weeks expected, σ = √(178/36) ≈ 2.22, E's slack 13/6 weeks, C holds 4 / (178/36) of the variance."""
    _, after, estimates = _migration()
    durations = {t: e for t, (e, _) in estimates.items()}
    sds = {t: s for t, (_, s) in estimates.items()}
    plan = critical_path(durations, after)
    assert plan == {"path": ["B", "C", "F", "I", "J"], "weeks": pytest.approx(14)}
    assert path_sd(sds, plan["path"]) == pytest.approx(math.sqrt(178 / 36))
    times = schedule(durations, after)
    assert times["E"]["slack"] == pytest.approx(13 / 6)
    assert all(times[t]["slack"] == pytest.approx(0, abs=1e-9) for t in plan["path"])
    assert sds["C"] ** 2 / path_sd(sds, plan["path"]) ** 2 == pytest.approx(4 / (178 / 36))


def test_slack_is_latest_minus_earliest_on_a_hand_worked_graph():
    times = schedule({"a": 3, "b": 1, "c": 2}, {"c": ["a", "b"]})
    assert times["b"]["slack"] == 2 and times["a"]["slack"] == 0 and times["c"]["earliest_start"] == 3


def test_a_cycle_is_refused():
    with pytest.raises(ValueError, match="cycle"):
        critical_path({"a": 1, "b": 1}, {"a": ["b"], "b": ["a"]})


def test_normal_approximation_is_scipys():
    assert probability_by(16, 14, 2) == pytest.approx(norm.cdf(1))
    assert duration_at(0.85, 14, 2) == pytest.approx(14 + 2 * 1.0364, abs=1e-3)


def test_simulations_repeat_on_a_seed_and_agree_with_the_mean():
    history = [3, 5, 4, 6, 2, 5, 0, 7]
    assert np.array_equal(simulated_totals(history, 8, 1000, 1), simulated_totals(history, 8, 1000, 1))
    assert simulated_totals(history, 8, 100_000, 2).mean() == pytest.approx(np.mean(history) * 8, rel=0.01)
    weeks = simulated_weeks(history, 40, 10_000, 3)
    assert weeks.min() >= math.ceil(40 / max(history))


def test_the_percentiles_read_opposite_ends():
    """85 % confidence of a count is its 15th percentile; of a number of weeks, its 85th."""
    history = [3, 5, 4, 6, 2, 5, 0, 7]
    assert items_by(history, 8, 10_000, 1) < np.mean(history) * 8 < items_by(history, 8, 10_000, 1, confidence=0.15)
    assert (
        weeks_for(history, 40, 10_000, 1, confidence=0.15) < 40 / np.mean(history) < weeks_for(history, 40, 10_000, 1)
    )


@pytest.mark.parametrize(
    "throughput,weeks,items,seed,expected_items,expected_weeks",
    [
        ([9, 4, 12, 7, 0, 6, 11, 8, 5, 3, 10, 7], 13, 150, 11, 76, 25),
        ([2, 0, 5, 1, 3, 8, 2, 4, 1, 0, 6, 3, 2, 5], 20, 85, 5, 50, 33),
        ([15, 22, 9, 30, 18, 12, 25, 20], 6, 400, 3, 97, 23),
    ],
)
def test_hidden_keys_of_q5_and_q6_are_the_librarys(throughput, weeks, items, seed, expected_items, expected_weeks):
    """The literal keys in the solution's hidden tests, and every misconception well outside the tolerance band."""
    assert items_by(throughput, weeks, 10_000, seed) == expected_items
    assert weeks_for(throughput, items, 10_000, seed) == expected_weeks
    assert abs(items_by(throughput, weeks, 10_000, seed, confidence=0.15) - expected_items) > 2 * 1.5
    assert abs(np.mean(throughput) * weeks - expected_items) > 2 * 1.5
    assert abs(weeks_for(throughput, items, 10_000, seed, confidence=0.15) - expected_weeks) > 2
    assert abs(items / np.mean(throughput) - expected_weeks) > 1
    assert weeks != len(throughput)  # drawing without replacement raises rather than looking like the average


@pytest.mark.parametrize(
    "throughput,items,expected_weeks",
    [
        ([3, 5, 4, 6, 2, 5, 0, 7], 80, 23),
        ([9, 4, 12, 7, 0, 6, 11, 8, 5, 3, 10, 7], 150, 25),
        ([2, 0, 5, 1, 3, 8, 2, 4, 1, 0, 6, 3, 2, 5], 85, 33),
        ([15, 22, 9, 30, 18, 12, 25, 20], 400, 23),
    ],
)
def test_q6_keys_do_not_move_with_the_draws(throughput, items, expected_weeks):
    """Q6 accepts ± 0.5 week, so an off-by-one week fails: every correct simulation must land on the key's week.

    The week's 85th percentile sits well inside its step of the distribution (about four standard
    errors of a 10,000-trial percentile from either edge), so other seeds, and other generators, agree.
    """
    weeks = simulated_weeks(throughput, items, 400_000, 99)
    assert (weeks <= expected_weeks - 1).mean() < 0.85 - 0.015 and (weeks <= expected_weeks).mean() > 0.85 + 0.015
    assert {weeks_for(throughput, items, 10_000, seed) for seed in range(20, 30)} == {expected_weeks}


def test_the_brief_leads_to_buying_down_the_risk():
    assert planning_decision(0.82, 57, 60, 0.81, date_fixed=False) == BUY_DOWN
    assert planning_decision(0.9, 61, 60, 0.81, date_fixed=False) == PROMISE
    assert planning_decision(0.82, 57, 60, 0.4, date_fixed=False) == LATER_DATE


def test_throughput_plants_its_incident_and_quiet_weeks():
    rows = weekly_throughput()
    assert len(rows) == 52 and rows == weekly_throughput()
    by_week = {(team, week): n for team, week, n in rows}
    assert by_week[INCIDENT_WEEK] == 0
    services = [n for team, _, n in rows if team == "services"]
    assert 4 < np.mean(services) < 5 and items_by(services, 16, 10_000, 2027) < 60 <= np.mean(services) * 16


def test_an_unseeded_simulation_is_named():
    """q5's repeat runs catch a forecast that changes between runs on the same seed."""

    def forecast_items(throughput, weeks, trials, seed):
        rng = np.random.default_rng()
        return float(np.percentile(rng.choice(throughput, size=(trials, weeks)).sum(axis=1), 15))

    outcome = exercise.q5.check_visible({"forecast_items": forecast_items})
    assert outcome.status is Status.INCORRECT
    assert "not seeded" in outcome.text()


def test_the_decision_is_checked_against_the_learners_own_numbers():
    """A wrong plan hears whether its decision follows from its own numbers, without being told the decision."""
    plan = {
        "decision": "announce the 85 % date",
        "p_requested_date": 0.8158,
        "services_by_requested_date": 57.0,
        "weeks_for_all_services": 17.0,
        "biggest_risk": "C",
        "risk_share": 0.809,
        "message": "We will come back with a date at 85 % confidence after a spike.",
    }
    key = {**{k: v for k, v in plan.items() if k != "message"}, "decision": BUY_DOWN}
    extra = {
        "sd_share": 0.55,
        "services_85th_percentile": 87.0,
        "services_average": 72.0,
        "figures": {"message": [0.8158, 57.0, 17.0, 0.809]},
    }
    inconsistent = exercise.q7._outcome(lambda: exercise.q7.check_key({"launch_plan": plan}, expected=key, **extra))
    assert inconsistent.status is Status.PARTIAL and inconsistent.earned == 2  # the decision's point lost
    assert "does not follow from your own numbers" in inconsistent.text() and BUY_DOWN not in inconsistent.text()
    wrong_numbers = {**plan, "risk_share": 0.4}
    consistent = exercise.q7._outcome(
        lambda: exercise.q7.check_key({"launch_plan": wrong_numbers}, expected=key, **extra)
    )
    assert "follows from your own numbers" in consistent.text()
    assert "looks at the biggest risk" not in consistent.text()  # no lesson on the rule its own numbers followed
    assert "looks at the biggest risk" in inconsistent.text()
    right = exercise.q7._outcome(
        lambda: exercise.q7.check_key({"launch_plan": {**plan, "decision": BUY_DOWN}}, expected=key, **extra)
    )
    assert right.status is Status.CORRECT


def test_a_simulated_chain_has_the_pert_mean_and_variances_that_add():
    """Beta-PERT's mean is (O + 4M + P) / 6; along a chain the simulated variance is the sum of the tasks' (near σ²)."""
    estimates = {"a": (1, 2, 4), "b": (2, 4, 14), "c": (3, 3, 3)}
    lengths = simulated_lengths(estimates, {"b": ["a"], "c": ["b"]}, 200_000, 1)
    assert lengths.mean() == pytest.approx(sum(pert(*e)[0] for e in estimates.values()), rel=0.005)
    assert lengths.std() == pytest.approx(math.sqrt(sum(pert(*e)[1] ** 2 for e in estimates.values())), rel=0.15)
    parallel = simulated_lengths(estimates, {}, 200_000, 1)
    assert parallel.mean() > max(pert(*e)[0] for e in estimates.values())  # merge bias: the max of parallel tasks


def test_q7_reads_an_option_as_written_and_scores_a_bad_field_alone():
    """Spacing around %, case and a closing full stop do not matter; a percentage or a `...` costs its field only."""
    plan = {
        "decision": "Buy down the biggest risk first.",
        "p_requested_date": 0.8158,
        "services_by_requested_date": 57.0,
        "weeks_for_all_services": 17.0,
        "biggest_risk": "C",
        "risk_share": 0.809,
        "message": "Week 16 is an 82 % chance; task C holds 81 % of the variance, so we spike it first.",
    }
    key = {**{k: v for k, v in plan.items() if k != "message"}, "decision": BUY_DOWN}
    extra = {"sd_share": 0.55, "services_85th_percentile": 87.0, "services_average": 72.0}
    figures = {"message": [0.8158, 57.0, 17.0, 0.809]}

    def graded(document):
        check = exercise.q7.check_key
        return exercise.q7._outcome(lambda: check({"launch_plan": document}, expected=key, figures=figures, **extra))

    assert graded(plan).status is Status.CORRECT
    assert exercise.q7._read({"launch_plan": {**plan, "decision": "announce the 85% date"}})["decision"] == LATER_DATE
    percent = graded({**plan, "risk_share": 80.9})
    assert percent.earned == pytest.approx(2.7) and "looks like a percentage" in percent.text()
    unfinished = graded({**plan, "message": ...})
    assert unfinished.earned == pytest.approx(2.5) and "is not finished" in unfinished.text()
    tally = unfinished.text()  # every part, the wrong ones first
    assert "risk_share: " in tally and "more." not in tally and unfinished.details[0].startswith("message: 0")
    shown = exercise.q7._outcome(lambda: exercise.q7.check_visible({"launch_plan": {**plan, "risk_share": 80.9}}))
    assert shown.status is Status.PENDING and "looks like a percentage" in shown.text()  # the grader still runs
