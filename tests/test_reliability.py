"""Does the reliability module agree with the SRE book and workbook, and does its data set plant what it says?"""

import math

import pytest

from tpm_course.topics.reliability.maths import (
    MULTIWINDOW_ALERTS,
    allowed_downtime,
    allowed_failures,
    behind_shared,
    budget_spent,
    burn_rate,
    burn_rate_threshold,
    in_parallel,
    in_series,
    nines,
)


def test_downtime_budgets_pinned_in_the_curriculum():
    assert allowed_downtime(0.999, 30) == pytest.approx(43.2)
    assert allowed_downtime(0.9999, 30) == pytest.approx(4.32)
    assert allowed_downtime(0.9999, 365) == pytest.approx(52.56)


def test_the_day_count_is_the_callers():
    """31 days give July more minutes than June; a 365.25-day year differs from a 365-day one."""
    assert allowed_downtime(0.999, 31) == pytest.approx(44.64)
    assert allowed_downtime(0.99999, 365.25) * 60 == pytest.approx(315.576)
    assert allowed_downtime(0.99999, 365) * 60 == pytest.approx(315.36)


def test_request_budget_pinned_in_the_curriculum():
    assert allowed_failures(0.9999, 2_500_000) == pytest.approx(250)
    assert allowed_failures(0.999, 0) == 0


def test_burn_rate_is_error_rate_over_the_allowed_error_rate():
    assert burn_rate(0.001, 0.999) == pytest.approx(1)
    assert burn_rate(0.0144, 0.999) == pytest.approx(14.4)
    assert burn_rate(0.006, 0.9995) == pytest.approx(12)


@pytest.mark.parametrize("rate,hours,share", [(14.4, 1, 0.02), (6, 6, 0.05), (1, 72, 0.10)])
def test_workbook_burn_rates_spend_the_pinned_shares_of_a_30_day_budget(rate, hours, share):
    assert budget_spent(rate, hours, 30) == pytest.approx(share)
    assert burn_rate_threshold(share, hours, 30) == pytest.approx(rate)


def test_multiwindow_alerts_are_the_workbooks_table():
    table = [
        (r.severity, r.long_window_hours, r.short_window_hours, round(r.threshold(), 6)) for r in MULTIWINDOW_ALERTS
    ]
    assert table == [("page", 1, 5 / 60, 14.4), ("page", 6, 0.5, 6.0), ("ticket", 72, 6, 1.0)]
    for rule in MULTIWINDOW_ALERTS:
        assert rule.short_window_hours == pytest.approx(rule.long_window_hours / 12)
    assert MULTIWINDOW_ALERTS[0].threshold(31) == pytest.approx(14.88)  # a longer window, a higher threshold


def test_series_multiplies_and_parallel_multiplies_the_failures():
    assert in_series([0.99, 0.95]) == pytest.approx(0.9405)
    assert in_series([]) == 1
    assert in_parallel([0.9, 0.9]) == pytest.approx(0.99)
    assert in_parallel([0.9, 0.8, 0.5]) == pytest.approx(1 - 0.1 * 0.2 * 0.5)


def test_summing_downtimes_is_close_only_near_one_hundred_percent():
    high = [0.9999, 0.9995, 0.999]
    low = [0.95, 0.9, 0.9]
    summed = lambda parts: 1 - sum(1 - a for a in parts)  # noqa: E731
    assert abs(in_series(high) - summed(high)) < 1e-6
    assert abs(in_series(low) - summed(low)) > 0.01


def test_a_shared_dependency_caps_redundancy():
    """Two 99 % replicas behind one 99.5 % dependency: 99.49 %, not the 99.99 % of independent replicas."""
    assert behind_shared([0.99, 0.99], 0.995) == pytest.approx(0.995 * 0.9999)
    assert behind_shared([0.99, 0.99], 1.0) == pytest.approx(in_parallel([0.99, 0.99]))
    independent_paths = in_parallel([0.99 * 0.995] * 2)
    assert independent_paths > behind_shared([0.99, 0.99], 0.995) + 0.004


def test_nines():
    assert nines(0.999) == pytest.approx(3)
    assert nines(0.99999) == pytest.approx(5)
    assert nines(1.0) == math.inf


@pytest.mark.parametrize(
    "call",
    [
        lambda: allowed_downtime(99.9, 30),
        lambda: allowed_downtime(0.999, 0),
        lambda: allowed_failures(0.999, -1),
        lambda: burn_rate(0.5, 1.0),
        lambda: burn_rate(2, 0.999),
        lambda: in_series([0.99, 99.9]),
        lambda: in_parallel([]),
        lambda: burn_rate_threshold(2, 1),
    ],
)
def test_bad_input_says_what_is_expected(call):
    with pytest.raises(ValueError, match=r"fraction|positive|zero or more|at least one"):
        call()


def test_slo_given_in_percent_is_refused_with_the_fraction_to_use():
    with pytest.raises(ValueError, match=r"99.9 % is 0.999"):
        allowed_downtime(99.9, 30)


# -- the data set the module uses ------------------------------------------------------


@pytest.fixture(scope="module")
def june():
    from tpm_course.data import load

    return load("checkout_june")


def _burn(rows, slo=0.999):
    return rows["errors"].sum() / rows["requests"].sum() / (1 - slo)


def _window(frame, start, end):
    return frame[(frame["start"] >= start) & (frame["start"] < end)]


def test_checkout_june_is_a_month_of_five_minute_intervals(june):
    assert len(june) == 30 * 288
    assert june["start"].iloc[0] == "2026-06-01 00:00" and june["start"].iloc[-1] == "2026-06-30 23:55"
    assert 1.7e6 < june["requests"].sum() / 30 < 1.9e6  # the README's 1.8 million a day


def test_checkout_june_plants_the_outage_the_blip_and_the_slow_burn(june):
    outage = _window(june, "2026-06-11 14:20", "2026-06-11 15:05")
    assert len(outage) == 9 and 100 < _burn(outage) < 130
    budget = allowed_failures(0.999, june["requests"].sum())
    by_requests = outage["errors"].sum() / budget
    by_time = budget_spent(_burn(outage), 0.75, 30)
    assert by_requests > 1.25 * by_time  # the README: it hit a busy afternoon
    slow = _window(june, "2026-06-22 10:00", "2026-06-23 04:00")
    assert 3.5 < _burn(slow) < 4.5
    quiet = june[~june.index.isin(outage.index) & ~june.index.isin(slow.index)]
    assert _burn(quiet) < 0.4
    assert 0.4 < june["errors"].sum() / budget < 0.6  # June met its 99.9 % SLO with about half its budget left


def _fires(frame, rule, slo=0.999):
    """Interval starts at which both windows of a workbook alert burn above its threshold."""
    long = (
        frame["errors"].rolling(round(rule.long_window_hours * 12)).sum()
        / frame["requests"].rolling(round(rule.long_window_hours * 12)).sum()
        / (1 - slo)
    )
    short = (
        frame["errors"].rolling(round(rule.short_window_hours * 12)).sum()
        / frame["requests"].rolling(round(rule.short_window_hours * 12)).sum()
        / (1 - slo)
    )
    threshold = rule.threshold(30)
    return frame["start"][(long > threshold) & (short > threshold)]


def test_the_workbook_alerts_page_for_the_outage_ticket_the_slow_burn_and_ignore_the_blip(june):
    fast, _, ticket = MULTIWINDOW_ALERTS
    paged = _fires(june, fast)
    assert len(paged) and paged.between("2026-06-11 14:20", "2026-06-11 15:05").all()
    assert _fires(june, MULTIWINDOW_ALERTS[1]).str.startswith("2026-06-11").all()
    assert _fires(june, ticket).str.startswith("2026-06-23").any()
    assert not _fires(june, ticket).str.startswith("2026-06-17").any()
