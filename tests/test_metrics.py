"""Do the funnel and retention functions count what their definitions say, and does the event log plant its lessons?"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pandas as pd
import pytest

from tpm_course.data import load
from tpm_course.topics.metrics import exercise as ex08_metrics
from tpm_course.topics.metrics import lesson as lesson08_metrics
from tpm_course.topics.metrics.datasets import event_frame
from tpm_course.topics.metrics.maths import (
    FUNNEL_STEPS,
    cohort_retention,
    funnel,
    metric_definition_problems,
    retention_counts,
    retention_rate,
)


def log(*rows):
    """A log from (time, user, event) rows."""
    return pd.DataFrame(rows, columns=["event_time", "user_id", "event"])


@pytest.fixture(scope="module")
def shipped():
    return load("events")


@pytest.fixture(scope="module")
def unseen():
    """A log the exercise never shows: other seed, other start, other cohort sizes."""
    return event_frame(seed=4242, weekly_visitors=(350, 90, 500), start=dt.date(2025, 10, 6))


# -- by hand ---------------------------------------------------------------------------------------


def test_funnel_counts_people_within_the_window_and_in_order():
    events = log(
        ("2026-01-05 10:00:00", 1, "visit"),
        ("2026-01-05 10:01:00", 1, "visit"),
        ("2026-01-05 10:05:00", 1, "signup"),
        ("2026-01-06 09:00:00", 1, "activate"),
        ("2026-01-05 11:00:00", 2, "visit"),
        ("2026-01-09 11:00:00", 2, "signup"),  # day 4: outside 3 days
        ("2026-01-05 12:00:00", 3, "visit"),
        ("2026-01-05 12:10:00", 3, "purchase"),  # skipped two steps
        ("2026-01-07 23:59:00", 4, "visit"),
        ("2026-01-08 00:01:00", 4, "signup"),
    )
    table = funnel(events, window_days=3)
    assert table["users"].tolist() == [4, 2, 1, 0]  # users 1 and 4 sign up in time; user 3 never signed up
    assert table["step_conversion"].tolist() == pytest.approx([1, 0.5, 0.5, 0])
    assert table["overall_conversion"].tolist() == pytest.approx([1, 0.5, 0.25, 0])
    assert table["drop_off"].tolist() == pytest.approx([0, 0.5, 0.5, 1])
    assert funnel(events)["users"].tolist() == [4, 3, 1, 0]  # without a window user 2's signup counts
    with pytest.raises(ValueError, match="window_days"):
        funnel(events, window_days=0)


def test_retention_counts_calendar_days_after_signup_never_day_zero():
    tiny = pd.DataFrame(lesson08_metrics.TINY_ROWS, columns=lesson08_metrics.TINY_COLUMNS)
    assert retention_rate(tiny, 1) == pytest.approx(0.75)  # 23:30 → 00:15 is day 1; user 5 never signed up
    assert lesson08_metrics.s2.expected == pytest.approx(retention_rate(tiny, 1))
    toy = ex08_metrics.toy_log()
    assert [retention_rate(toy, 1), retention_rate(toy, 7)] == pytest.approx([1 / 3, 2 / 3])
    assert [case.expected for case in ex08_metrics.q3.cases] == pytest.approx([1 / 3, 2 / 3])
    with pytest.raises(ValueError, match="from day 1"):
        retention_rate(toy, 0)
    with pytest.raises(ValueError, match="past the end of the log"):
        retention_rate(toy, 8)  # user 4 signed up on 6 January; the log ends on 13 January


def test_cohorts_are_named_by_their_monday_and_pooled_by_users():
    events = log(
        ("2026-01-04 10:00:00", 1, "signup"),
        ("2026-01-05 10:00:00", 1, "visit"),  # a Sunday: week of 29 Dec
        ("2026-01-05 10:00:00", 2, "signup"),
        ("2026-01-06 10:00:00", 2, "visit"),
        ("2026-01-11 10:00:00", 3, "signup"),
        ("2026-01-13 10:00:00", 3, "visit"),
        ("2026-01-12 10:00:00", 4, "signup"),
    )
    table = cohort_retention(events, [1])
    assert table["cohort_week"].tolist() == ["2025-12-29", "2026-01-05", "2026-01-12"]
    assert table["users"].tolist() == [1, 2, 1]
    assert table["d1_retention"].tolist() == pytest.approx([1, 0.5, 0])
    assert retention_rate(events, 1) == pytest.approx(2 / 4)  # pooled, not the mean of 1, 0.5 and 0


# -- against a plain re-computation on a log the exercise never shows --------------------------------


def plain_funnel(events, window):
    """People reaching each step within `window` days of their first visit, by walking the rows."""
    first, seen = {}, defaultdict(set)
    rows = sorted(zip(events["event_time"], events["user_id"], events["event"]))
    for time, user, event in rows:
        day = dt.date.fromisoformat(time[:10])
        if event == "visit":
            first.setdefault(user, day)
        if user in first and (window is None or (day - first[user]).days < window):
            seen[event].add(user)
    reached, counts = set(first), []
    for step in FUNNEL_STEPS:
        reached &= seen[step]
        counts.append(len(reached))
    return counts


def plain_retention(events, day):
    signup, active = {}, set()
    for time, user, event in zip(events["event_time"], events["user_id"], events["event"]):
        when = dt.date.fromisoformat(time[:10])
        active.add((user, when))
        if event == "signup":
            signup[user] = min(when, signup.get(user, when))
    by_week = defaultdict(lambda: [0, 0])
    for user, when in signup.items():
        week = (when - dt.timedelta(days=when.weekday())).isoformat()
        by_week[week][0] += 1
        by_week[week][1] += (user, when + dt.timedelta(days=day)) in active
    return dict(by_week)


@pytest.mark.parametrize("window", [1, 7, 14, None])
def test_funnel_agrees_with_a_plain_recount(unseen, window):
    assert funnel(unseen, window_days=window)["users"].tolist() == plain_funnel(unseen, window)


@pytest.mark.parametrize("day", [1, 7, 20])
def test_retention_agrees_with_a_plain_recount(unseen, day):
    plain = plain_retention(unseen, day)
    table = cohort_retention(unseen, [day])
    assert dict(zip(table["cohort_week"], table["users"])) == {w: n for w, (n, _) in plain.items()}
    expected = {w: kept / n for w, (n, kept) in plain.items()}
    assert dict(zip(table["cohort_week"], table[f"d{day}_retention"])) == pytest.approx(expected)
    assert retention_rate(unseen, day) == pytest.approx(
        sum(kept for _, kept in plain.values()) / sum(n for n, _ in plain.values())
    )


def test_retention_counts_one_row_per_cohort_and_day(unseen):
    counts = retention_counts(unseen, range(1, 8))
    assert len(counts) == counts["cohort_week"].nunique() * 7
    assert (counts["retained"] <= counts["users"]).all()


# -- metric definitions --------------------------------------------------------------------------------


def test_metric_definition_needs_a_window_and_a_guardrail():
    complete = {
        "name": "D7 retention",
        "formula": "active on day 7 after signup / signed up",
        "unit": "share of users",
        "population": "users who signed up",
        "window_days": 7,
        "guardrails": ["notification opt-outs"],
    }
    assert metric_definition_problems(complete) == []
    problems = metric_definition_problems(
        {**{k: v for k, v in complete.items() if k != "window_days"}, "guardrails": []}
    )
    assert any("window_days" in p for p in problems)
    assert any("guardrails" in p for p in problems)


# -- what the shipped log plants -----------------------------------------------------------------------


def test_every_journey_starts_with_a_visit_and_follows_the_funnel_order(shipped):
    first_event = shipped.groupby("user_id")["event"].first()
    assert (first_event == "visit").all()
    firsts = shipped.groupby(["user_id", "event"])["event_time"].min().unstack()
    for earlier, later in itertools.pairwise(FUNNEL_STEPS):
        both = firsts[[earlier, later]].dropna()
        assert (both[earlier] <= both[later]).all(), (earlier, later)
        assert firsts[later].notna().sum() <= firsts[earlier].notna().sum()
    signups = shipped[shipped["event"] == "signup"].set_index("user_id")["event_time"].str[:10]
    assert (shipped["signup_date"].fillna("") == shipped["user_id"].map(signups).fillna("")).all()


def test_the_log_is_realistic_in_size_and_follows_every_cohort_28_days(shipped):
    assert 80_000 <= len(shipped) <= 200_000
    assert shipped["user_id"].nunique() == 23_200
    cohort_retention(shipped, [28])  # raises if any signup's day 28 is past the end of the log


def test_android_activation_is_planted_below_the_other_platforms(shipped):
    rate = {
        p: funnel(shipped[shipped["platform"] == p], window_days=14)["step_conversion"].iloc[2]
        for p in ("web", "ios", "android")
    }
    assert rate["android"] < min(rate["web"], rate["ios"]) - 0.1, rate


def test_later_cohorts_retain_worse_so_pooling_differs_from_averaging(shipped):
    table = cohort_retention(shipped, (1, 7, 14))
    full = table[table["users"] > 300]
    assert full["users"].is_monotonic_increasing  # campaigns ramp up
    for day in (1, 7, 14):
        rates = full[f"d{day}_retention"]
        assert rates.iloc[:3].mean() > rates.iloc[-3:].mean() + 0.03
        assert retention_rate(shipped, day) < table[f"d{day}_retention"].mean() * (0.97 if day > 1 else 1)


def test_the_window_matters_for_purchases_more_than_for_signups(shipped):
    short, whole = funnel(shipped, window_days=14), funnel(shipped)
    assert short["users"].iloc[1] >= 0.99 * whole["users"].iloc[1]
    assert short["users"].iloc[3] < 0.9 * whole["users"].iloc[3]


def test_weekend_visitors_sign_up_more(shipped):
    times = pd.to_datetime(shipped["event_time"])
    first = times[shipped["event"] == "visit"].groupby(shipped["user_id"]).min()
    signed = shipped[shipped["event"] == "signup"]["user_id"].unique()
    weekend = first.dt.day_of_week >= 5
    rate = pd.Series(first.index.isin(signed), index=first.index).groupby(weekend).mean()
    assert rate[True] > rate[False] + 0.05


def test_the_exercise_decision_is_not_the_step_that_loses_most(shipped):
    """Exercise 08 Q5's premise: the biggest loss in people is not where a 10 % win-back buys most orders."""
    table = funnel(shipped, window_days=14)
    users, conversion = table["users"].tolist(), table["step_conversion"].tolist()
    lost = {table["step"][i]: users[i - 1] - users[i] for i in range(1, 4)}
    orders = {
        step: 0.1 * lost[step] * pd.Series(conversion[i + 2 :], dtype=float).prod() for i, step in enumerate(lost)
    }
    assert max(lost, key=lost.get) == "signup"
    assert max(orders, key=orders.get) == "purchase"
    assert orders["purchase"] > 1.5 * orders["signup"]


# -- exercise 08's checks: carried forward, percent text, an earlier answer not done --------------------


def _q5_key(table):
    own = ex08_metrics.own_investment({"funnel_table": table}, {})
    return {"step": own["step"], "extra_purchasers": own["extra_purchasers"]}


def _q5_inputs(shipped):
    users = funnel(shipped, window_days=14)["users"].tolist()
    return {"users_won_back": 1e9, "users_at_step": users[3], "without_window": 1e9}


def test_q5_scores_an_investment_that_follows_the_learners_own_funnel(shipped):
    """Q1's mistake is charged in Q1: Q5 computed from that table earns its points, and says why."""
    right, unwindowed = funnel(shipped, window_days=14), funnel(shipped)
    key = _q5_key(right)
    assert key["step"] == "purchase"
    own = _q5_key(unwindowed)
    assert own["step"] == key["step"] and own["extra_purchasers"] != pytest.approx(key["extra_purchasers"], rel=0.01)
    investment = {**own, "reason": "Winning back a tenth at checkout adds the most first orders."}
    namespace = {"funnel_table": unwindowed, "investment": investment}
    q5 = ex08_metrics.q5
    graded = q5._outcome(lambda: q5.check_key(namespace, expected=key, **_q5_inputs(shipped)))
    assert graded.status.name == "CORRECT", graded.text()
    assert "Your `extra_purchasers` agrees with what your own `funnel_table` (Q1) gives" in graded.text()
    indexed = {"funnel_table": unwindowed.set_index("step"), "investment": investment}
    graded = q5._outcome(lambda: q5.check_key(indexed, expected=key, **_q5_inputs(shipped)))
    assert graded.status.name == "CORRECT", "a table with its steps as the index carries through too"
    right_table = {"funnel_table": right, "investment": investment}
    graded = q5._outcome(lambda: q5.check_key(right_table, expected=key, **_q5_inputs(shipped)))
    assert graded.status.name == "PARTIAL" and graded.earned == 1.5, "a right table: nothing to carry"
    assert "agrees with what your own" not in graded.text()


def test_q5_names_no_misconception_for_a_step_that_is_right(shipped):
    """The step 'signup' right by the learner's own table is not blamed as 'the step that loses the most'."""
    key = _q5_key(funnel(shipped, window_days=14))
    investment = {"step": "signup", "extra_purchasers": 1.0, "reason": "Winning back a tenth at sign-up adds most."}
    graded = ex08_metrics.q5._outcome(
        lambda: ex08_metrics.q5.check_key(
            {"investment": investment}, expected={**key, "step": "signup"}, **_q5_inputs(shipped)
        )
    )
    assert graded.status.name == "PARTIAL" and graded.earned == 1.5, graded.text()
    assert "That step loses the most people" not in graded.text()


@pytest.mark.parametrize("written", ["17.0%", "17.04 %", "17 percent", "0.1704"])
def test_q4_reads_a_share_written_as_percent_text(shipped, written):
    q4 = ex08_metrics.q4
    definition = {
        "name": "D7 retention",
        "formula": "users active on day 7 after signup / users who signed up",
        "unit": "share of users",
        "population": "users who signed up",
        "window_days": 7,
        "guardrails": ["notification opt-outs"],
        "value": written,
    }
    key = {"unit": "share of users", "population": "users who signed up", "window_days": 7, "value": 0.1704}
    graded = q4._outcome(lambda: q4.check_key({"d7_definition": definition}, expected=key, events=shipped))
    assert graded.status.name == "CORRECT", graded.text()
    wrong = q4._outcome(
        lambda: q4.check_key({"d7_definition": {**definition, "value": "about 17"}}, expected=key, events=shipped)
    )
    assert wrong.status.name == "PARTIAL" and "is not a number" in wrong.text()


def test_q5_names_q1_when_its_cell_stopped_on_an_unfinished_funnel():
    from tpm_course.core import cell_errors

    q5 = ex08_metrics.q5
    error = TypeError("'ellipsis' object is not subscriptable")
    template = {"step": ..., "extra_purchasers": ..., "reason": ...}
    cell_errors.use_source(lambda name: error if name == "investment" else None)
    try:
        unset = q5._outcome(lambda: q5.check_visible({"funnel_table": ..., "investment": template}))
        undefined = q5._outcome(lambda: q5.check_visible({"funnel_table": ...}))
        started = q5._outcome(lambda: q5.check_visible({"funnel_table": pd.DataFrame(), "investment": template}))
    finally:
        cell_errors.use_source(None)
    said = "stopped at your `funnel_table` (Q1), which is still `...`: answer Q1 first"
    assert unset.status.name == "NOT_ATTEMPTED" and said in unset.text()
    assert undefined.status.name == "INCORRECT" and said in undefined.text()
    assert said not in started.text()
    blank = q5._outcome(lambda: q5.check_visible({"funnel_table": ..., "investment": template}))
    assert blank.status.name == "NOT_ATTEMPTED" and said not in blank.text(), "no cell failed: not started"
