"""Do module 13's deadlines, DORA keys, tiers and canary sizes agree with their sources and with libraries?"""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from dateutil.relativedelta import relativedelta

from tpm_course.topics.experiment_design.maths import sample_size_per_arm
from tpm_course.topics.security_delivery import datasets as data
from tpm_course.topics.security_delivery import exercise, lesson
from tpm_course.topics.security_delivery.maths import (
    TIERS_2024,
    add_business_days,
    add_months,
    authority_deadline,
    california_holidays,
    canary_hours,
    ccpa_deadlines,
    deployment_frequency_tier,
    dora_keys,
    gdpr_reply_by,
    hours_between,
    lead_time_tier,
    rollback_error_rate,
    smallest_share,
)
from tpm_course.topics.security_delivery.question import (
    as_day,
    as_hours,
    as_instant,
    as_percent,
    as_share,
    as_whole,
)

UTC, DUBLIN = UTC, ZoneInfo("Europe/Dublin")


@pytest.fixture(scope="module")
def log():
    deployments = pd.DataFrame(data.deployments(), columns=data.DEPLOY_COLUMNS)
    changes = pd.DataFrame(data.changes(), columns=data.CHANGE_COLUMNS)
    return changes, deployments


def test_the_72_hours_run_in_elapsed_hours_across_the_clock_change():
    """Friday 18:30 in Dublin (UTC+1) + 72 h, with the clocks going back on Sunday: Monday 17:30 UTC, 17:30 in Dublin."""
    aware = datetime(2026, 10, 23, 18, 30, tzinfo=DUBLIN)
    deadline = authority_deadline(aware)
    assert deadline == datetime(2026, 10, 26, 17, 30, tzinfo=UTC)
    assert deadline.astimezone(DUBLIN).hour == 17  # three wall-clock days would say 18:30
    assert hours_between(aware, deadline) == 72
    assert hours_between(datetime(2026, 10, 26, 9, 0, tzinfo=DUBLIN), deadline) == 8.5


def test_a_time_without_a_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        authority_deadline(datetime(2026, 10, 23, 18, 30))


@pytest.mark.parametrize(
    "received,months",
    [(date(2027, 1, 31), 1), (date(2026, 10, 26), 1), (date(2026, 10, 26), 3), (date(2024, 1, 31), 1)],
)
def test_a_month_matches_dateutil_and_ends_on_the_last_day_when_the_date_is_missing(received, months):
    assert add_months(received, months) == received + relativedelta(months=months)


def test_gdpr_dates_by_hand():
    assert gdpr_reply_by(date(2027, 1, 31)) == date(2027, 2, 28)  # no 31 February
    assert gdpr_reply_by(date(2026, 10, 26), extended=True) == date(2027, 1, 26)


def test_ccpa_deadlines_by_hand_skip_veterans_day():
    """30 Oct 2026 (Fri): 10 business days skipping Wed 11 Nov is Mon 16 Nov; 45 and 90 calendar days."""
    assert date(2026, 11, 11) in california_holidays([2026])
    assert ccpa_deadlines(date(2026, 10, 30)) == {
        "confirm_by": date(2026, 11, 16),
        "reply_by": date(2026, 12, 14),
        "extended_by": date(2027, 1, 28),
    }


@pytest.mark.parametrize("start", [date(2026, 10, 30), date(2026, 12, 23), date(2027, 6, 14)])
def test_business_days_agree_with_pandas_custom_business_days(start):
    off = california_holidays([2026, 2027])
    offset = pd.offsets.CustomBusinessDay(holidays=off)
    assert add_business_days(start, 10, off) == (pd.Timestamp(start) + 10 * offset).date()


def test_dora_keys_on_a_log_worked_by_hand():
    """Two deployments in one week, one failed and restored after 3 h; lead times 10 h and 30 h from commit."""
    deployments = pd.DataFrame(
        {
            "deploy_id": ["d1", "d2"],
            "deployed_at": ["2026-01-05T12:00:00Z", "2026-01-07T12:00:00Z"],
            "failed": [0, 1],
            "restored_at": ["", "2026-01-07T15:00:00Z"],
        }
    )
    changes = pd.DataFrame(
        {
            "change_id": ["c1", "c2"],
            "committed_at": ["2026-01-05T02:00:00Z", "2026-01-06T06:00:00Z"],
            "merged_at": ["2026-01-05T10:00:00Z", "2026-01-07T10:00:00Z"],
            "deploy_id": ["d1", "d2"],
        }
    )
    keys = dora_keys(changes, deployments, weeks=1)
    assert keys == {"deploys_per_week": 2, "lead_time_hours": 20, "change_failure_rate": 0.5, "recovery_hours": 3}
    assert dora_keys(changes, deployments, 1, lead_from="merged_at")["lead_time_hours"] == 2


def test_the_log_plants_what_its_page_says(log):
    changes, deployments = log
    keys = dora_keys(changes, deployments, data.WEEKS)
    assert len(deployments) == 47 and len(changes) == 235 and deployments["failed"].sum() == 8
    assert 0.15 < keys["change_failure_rate"] < 0.2 and deployments["failed"].sum() / len(changes) < 0.05
    assert deployment_frequency_tier(keys["deploys_per_week"]) == "high"
    assert lead_time_tier(keys["lead_time_hours"]) == "high"
    assert lead_time_tier(dora_keys(changes, deployments, 12, lead_from="merged_at")["lead_time_hours"]) == "elite"
    assert (
        lead_time_tier(dora_keys(changes, deployments, 12, lead_from="ticket_created_at")["lead_time_hours"])
        == "medium"
    )
    assert dora_keys(changes, deployments, 12, statistic="mean")["recovery_hours"] > 2 * keys["recovery_hours"]
    assert set(changes["deploy_id"]) <= set(deployments["deploy_id"])


def test_every_change_is_committed_before_its_merge_and_merged_before_its_deployment(log):
    changes, deployments = log
    merged = changes.merge(deployments, on="deploy_id")
    assert (merged["ticket_created_at"] < merged["committed_at"]).all()
    assert (merged["committed_at"] < merged["merged_at"]).all()
    assert (merged["merged_at"] < merged["deployed_at"]).all()


def test_the_2024_table_keeps_the_reports_oddities():
    """Shares of respondents 19/22/35/25 %; the medium tier's failure rate (10 %) below the high tier's (20 %)."""
    assert [TIERS_2024[t]["share"] for t in ("elite", "high", "medium", "low")] == [0.19, 0.22, 0.35, 0.25]
    assert TIERS_2024["medium"]["cfr"] < TIERS_2024["high"]["cfr"]


@pytest.mark.parametrize("per_week,tier", [(10, "elite"), (7, "high"), (1, "high"), (0.5, "medium"), (0.1, "low")])
def test_deployment_frequency_bands(per_week, tier):
    assert deployment_frequency_tier(per_week) == tier


def test_canary_hours_use_module_09s_sample_size():
    n = sample_size_per_arm(0.002, 0.003)
    assert canary_hours(0.002, 0.003, 40_000, 0.05) == pytest.approx(n / 2_000)
    assert smallest_share(0.002, 0.003, 40_000, [0.01, 0.05, 0.25], 6) == 0.05
    assert smallest_share(0.002, 0.003, 40_000, [0.01], 6) is None


def test_the_rollback_line_is_the_workbooks_page_now_burn_rate():
    """SRE workbook: 2 % of a 30-day budget in 1 h is a burn rate of 14.4; at 99.9 % that is 1.44 % errors."""
    assert rollback_error_rate(0.999) == pytest.approx(0.0144)


def test_answers_are_read_in_the_forms_a_learner_writes():
    instant = "2026-10-26T17:30Z"
    assert as_instant(datetime(2026, 10, 26, 17, 30, tzinfo=UTC)) == instant
    assert as_instant(pd.Timestamp("2026-10-26 17:30", tz="Europe/Dublin")) == instant
    assert as_instant("2026-10-26T17:30:00+00:00") == as_instant("2026-10-26 17:30 UTC") == instant
    assert "no time zone" in as_instant(datetime(2026, 10, 26, 17, 30))
    day = "2026-11-16"
    forms = [date(2026, 11, 16), pd.Timestamp(day), np.datetime64(day), day, datetime(2026, 11, 16, 0, 0)]
    assert {as_day(f) for f in forms} == {day}
    assert as_share(17.0) == 0.17 and as_share("17 %") == 0.17 and as_share(0.17) == 0.17
    assert as_percent("5 %") == as_percent("5%") == as_percent(0.05) == as_percent(5) == 5
    assert as_percent(0.125) == 12.5 and as_percent("five %") == "five %" and as_percent(25) == 25


def test_own_numbers_keys_follow_the_learners_earlier_answers():
    reference = {"report_year": 2024, "deployment_frequency_tier": "high", "lead_time_tier": "high"}
    key = exercise.own_tiers_key(reference, {"dora": {"deploys_per_week": 0.5, "lead_time_hours": 16.0}})
    assert key["deployment_frequency_tier"] == "medium" and key["lead_time_tier"] == "elite"
    assert key["deployment_frequency_tier"] == "high" and key["lead_time_tier"] == "high"  # the right tiers count too
    assert key["lead_time_tier"] != "medium"
    assert exercise.own_tiers_key(reference, {"dora": "not a dict"}) == reference

    board = {"first_stage_percent": 5, "quarter": exercise.QUARTER[1]}
    brief = {"baseline": 0.002, "rise": 0.003, "requests_per_hour": 40_000, "max_hours": 6}
    too_fast = {"dora": {"change_failure_rate": 3.4}, "canary_hours": lambda b, r, rph, s: 1 / s / 1_000}
    key = exercise.own_board_key(board, too_fast, **brief)
    assert key["first_stage_percent"] == 1 and key["quarter"] == exercise.QUARTER[0]
    assert exercise.own_board_key(board, {"canary_hours": lambda *a: 1 / 0}, **brief) == board


def test_durations_and_years_are_read_as_numbers():
    assert as_hours(timedelta(hours=8, minutes=30)) == as_hours(pd.Timedelta(hours=8.5)) == 8.5
    assert as_hours(np.timedelta64(90, "m")) == as_hours(np.timedelta64(5_400_000_000_000, "ns")) == 1.5
    assert as_hours(8.5) == as_hours("8.5 h") == as_hours("8.5 hours") == as_hours("510 min") == 8.5
    assert as_hours("8.5") == "8.5" and as_hours("8.5 GB") == "8.5 GB"  # no unit, or not a duration: the schema says
    assert as_whole("2024") == as_whole(" 2024 ") == as_whole("DORA 2024") == 2024 and as_whole("twenty") == "twenty"
    assert as_whole("2024-2025") == "2024-2025" and as_whole("20.24") == "20.24"  # several numbers: the schema says why


NOTICE_KEY = {"notify_by": "2026-10-26T17:30Z", "hours_left_at_standup": 8.5}
NOTICE_SLIPS = {
    slip: {"notify_by": moment, "hours_left_at_standup": hours}
    for slip, moment, hours in [
        ("from_breach", "2026-10-24T22:40Z", -34.3),
        ("wall_clock", "2026-10-26T18:30Z", 9.5),
        ("business_days", "2026-10-28T17:30Z", 56.5),
        ("summer_offset", "2026-10-26T16:30Z", 7.5),
    ]
}
DORA_SLIPS = dict.fromkeys(
    ["from_merge", "from_ticket", "over_changes", "mean_recovery", "mean_lead", "per_span"], 99.0
)


def _graded(question, answer: dict, **key):
    return question._outcome(lambda: question.check_key({question.name: answer}, **key))


def test_a_field_of_the_wrong_form_costs_only_its_part():
    """A moment without a zone, a Series where a number goes: each loses its own point and says why in words."""
    naive = _graded(
        exercise.q1,
        {"notify_by": datetime(2026, 10, 26, 17, 30), "hours_left_at_standup": 8.5},
        expected=NOTICE_KEY,
        **NOTICE_SLIPS,
    )
    assert naive.earned == 1
    assert any("has no time zone: say which zone" in line for line in naive.details)
    assert not any("\\d" in line for line in naive.details)  # no pattern shown
    timed = _graded(
        exercise.q1,
        {"notify_by": "2026-10-26T18:30+01:00", "hours_left_at_standup": pd.Timedelta(hours=8.5)},
        expected=NOTICE_KEY,
        **NOTICE_SLIPS,
    )
    assert timed.status.name == "CORRECT"
    dora = {"deploys_per_week": 4.0, "lead_time_hours": 30.0, "change_failure_rate": 0.17}
    key = {**dora, "recovery_hours": 2.0}
    series = _graded(exercise.q4, {**dora, "recovery_hours": pd.Series([2.0])}, expected=key, **DORA_SLIPS)
    assert series.earned == 3 and any("is a pandas Series" in line for line in series.details)


def test_a_percentage_is_echoed_as_written_and_every_known_mistake_is_named():
    board = {
        "notice": exercise.NOTICE[0],
        "first_stage_percent": 5,
        "rollback_error_rate": 14.4,
        "quarter": exercise.QUARTER[1],
        "reason": "17 % of deployments failed, above the 15 % line.",
    }
    key = {
        "notice": exercise.NOTICE[0],
        "first_stage_percent": 5,
        "rollback_error_rate": 0.0144,
        "quarter": exercise.QUARTER[1],
    }
    outcome = _graded(exercise.q7, board, expected=key, figures={"reason": [0.17]}, slo_rate=0.001)
    assert outcome.earned == 4
    assert any("= 14.4 (read as 14.4 %)" in line for line in outcome.details)
    assert not any("0.144" in line for line in outcome.details)
    assert any("burn rate itself" in line for line in outcome.details)


def test_a_year_is_read_as_text_and_shown_without_a_comma():
    key = {"report_year": 2024, "deployment_frequency_tier": "high", "lead_time_tier": "high"}
    tiers = {**key, "fifth_metric_2025": "rework rate"}
    assert _graded(exercise.q5, {**tiers, "report_year": "2024"}, expected=key).status.name == "CORRECT"
    late = _graded(exercise.q5, {**tiers, "report_year": 2025}, expected=key)
    assert any("= 2025 does not agree" in line for line in late.details), late.details


def test_lesson_answers_by_hand():
    paris = ZoneInfo("Europe/Paris")
    aware = datetime(2026, 3, 28, 20, 0, tzinfo=paris)
    assert (aware.astimezone(UTC) + timedelta(hours=72)).astimezone(paris).hour == lesson.s1.expected == 21
    assert lesson.s2.expected == 0.15
    assert lesson.s4.expected == sample_size_per_arm(0.01, 0.005)


@pytest.mark.parametrize(
    "question,slip",
    [
        (lesson.s1, "paris_deadline_hour = 20"),
        (lesson.s2, "failure_rate = 6 / 220"),
        (lesson.s3, "last_report_with_tiers = '2025'"),
        (lesson.s4, "canary_requests_needed = 2 * sample_size_per_arm(0.01, 0.005)"),
    ],
    ids=["s1", "s2", "s3", "s4"],
)
def test_each_self_check_accepts_its_solution_and_names_a_slip(question, slip):
    from tpm_course.core import Status

    namespace = {
        "datetime": datetime,
        "timedelta": timedelta,
        "timezone": timezone,
        "ZoneInfo": ZoneInfo,
        "sample_size_per_arm": sample_size_per_arm,
    }
    exec(question._solution, namespace)
    assert question._outcome(lambda: question.check_visible(namespace)).status is Status.CORRECT
    exec(slip, namespace)
    outcome = question._outcome(lambda: question.check_visible(namespace))
    assert outcome.status is Status.INCORRECT
    assert any(m.message in outcome.details for m in question.misconceptions), outcome.details
