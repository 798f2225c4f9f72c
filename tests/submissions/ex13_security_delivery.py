"""Submissions for exercise 13 (see ``submissions.Submission``)."""

from submissions import Submission

NOTICE = 'breach_notice = {{"notify_by": {notify_by}, "hours_left_at_standup": {hours}}}\n'
RIGHT_NOTICE = NOTICE.format(
    notify_by="AWARE_AT.astimezone(UTC) + timedelta(hours=72)",
    hours="((AWARE_AT.astimezone(UTC) + timedelta(hours=72)) - STANDUP_AT).total_seconds() / 3600",
)

REQUESTS = """request_deadlines = {{
    "gdpr_reply_by": {gdpr},
    "gdpr_extended_by": {gdpr_extended},
    "ccpa_confirm_by": {confirm},
    "ccpa_reply_by": {reply},
    "ccpa_extended_by": CA_RECEIVED + timedelta(days=90),
}}
"""
RIGHT_REQUESTS = {
    "gdpr": "pd.Timestamp(EU_RECEIVED) + pd.DateOffset(months=1)",
    "gdpr_extended": "pd.Timestamp(EU_RECEIVED) + pd.DateOffset(months=3)",
    "confirm": "np.busday_offset(CA_RECEIVED, 10, holidays=CA_HOLIDAYS)",
    "reply": "CA_RECEIVED + timedelta(days=45)",
}


def requests(**changes):
    return REQUESTS.format(**{**RIGHT_REQUESTS, **changes})


RIGHT_MINIMISATION = {
    "account_id": "pseudonymise",
    "email": "drop",
    "amount": "keep",
    "merchant_category": "keep",
    "age_band": "keep",
    "date_of_birth": "drop",
    "precise_location": "drop",
    "country": "keep",
}


def minimisation(purpose="monthly spending by category against peers", **changes):
    fields = {**RIGHT_MINIMISATION, **changes, "purpose": purpose}
    return "minimisation = {\n" + "".join(f'    "{k}": "{v}",\n' for k, v in fields.items()) + "}\n"


DORA = """d = deployments.assign(at=pd.to_datetime(deployments["deployed_at"], utc=True))
c = changes.merge(d, on="deploy_id")
lead = (c["at"] - pd.to_datetime(c["{lead_from}"], utc=True)) / pd.Timedelta(hours=1)
bad = d[d["failed"] == 1]
rec = (pd.to_datetime(bad["restored_at"], utc=True) - bad["at"]) / pd.Timedelta(hours=1)
dora = {{
    "deploys_per_week": len(d) / {weeks},
    "lead_time_hours": lead.{lead_stat}(),
    "change_failure_rate": len(bad) / {failure_base},
    "recovery_hours": rec.{recovery_stat}(),
}}
"""


def dora(lead_from="committed_at", lead_stat="median", failure_base="len(d)", recovery_stat="median", weeks="WEEKS"):
    return DORA.format(
        lead_from=lead_from, lead_stat=lead_stat, failure_base=failure_base, recovery_stat=recovery_stat, weeks=weeks
    )


def tiers(year=2024, frequency='"high"', lead='"high"', metric='"rework rate"'):
    return (
        f'tiers = {{"report_year": {year}, "deployment_frequency_tier": {frequency}, '
        f'"lead_time_tier": {lead}, "fifth_metric_2025": {metric}}}\n'
    )


CANARY = "def canary_hours(baseline_error_rate, rise, requests_per_hour, share):\n    {body}\n"
RIGHT_CANARY = "return sample_size_per_arm(baseline_error_rate, rise) / (requests_per_hour * share)"

BOARD = """board = {{
    "notice": {notice},
    "first_stage_percent": {stage},
    "rollback_error_rate": {rollback},
    "quarter": {quarter},
    "reason": {reason},
}}
"""
RIGHT_BOARD = {
    "notice": '"notify the authority by the deadline with what we know, and follow up in phases"',
    "stage": "5",
    "rollback": "14.4 * (1 - SLO)",
    "quarter": '"hold scope: bring the change failure rate down first"',
    "reason": '"About 17 % of deployments failed over the last 12 weeks, more than the 15 % bar: fix that first."',
}


def board(**changes):
    return BOARD.format(**{**RIGHT_BOARD, **changes})


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "iso_text_and_dublin_time",
        {
            "q1_answer": (
                "deadline = AWARE_AT + timedelta(hours=72)  # wrong on the wall clock, so convert first\n"
                "deadline = (AWARE_AT.astimezone(UTC) + timedelta(hours=72)).astimezone(DUBLIN)\n"
                'breach_notice = {"notify_by": deadline.isoformat(), '
                '"hours_left_at_standup": (deadline - STANDUP_AT) / timedelta(hours=1)}\n'
            ),
            "q2_answer": (
                "from dateutil.relativedelta import relativedelta\n"
                "request_deadlines = {\n"
                '    "gdpr_reply_by": (EU_RECEIVED + relativedelta(months=1)).isoformat(),\n'
                '    "gdpr_extended_by": str(EU_RECEIVED + relativedelta(months=3)),\n'
                '    "ccpa_confirm_by": str(np.busday_offset(np.datetime64("2026-10-30"), 10, holidays=CA_HOLIDAYS)),\n'
                '    "ccpa_reply_by": pd.Timestamp(CA_RECEIVED) + pd.Timedelta(days=45),\n'
                '    "ccpa_extended_by": "2027-01-28",\n'
                "}\n"
            ),
        },
    ),
    Submission(
        "percentages_units_and_pandas_timestamps",
        {
            "q1_answer": NOTICE.format(
                notify_by='pd.Timestamp("2026-10-23 17:30", tz="UTC") + pd.Timedelta(hours=72)',
                hours='(pd.Timestamp("2026-10-26 17:30", tz="UTC") - pd.Timestamp(STANDUP_AT)).total_seconds() / 3600',
            ),
            "q4_answer": dora()
            + (
                'dora["change_failure_rate"] = round(100 * dora["change_failure_rate"], 1)\n'
                'dora["lead_time_hours"] = round(dora["lead_time_hours"], 1)\n'
            ),
            "q7_answer": board(rollback="1.44", reason='"17 percent of deployments failed; hold scope."'),
        },
    ),
    Submission(
        "keyword_order_and_another_library",
        {
            "q6_answer": (
                "import math\n"
                "from statistics import NormalDist\n"
                "def canary_hours(baseline_error_rate, rise, requests_per_hour, share):\n"
                "    z = NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8)\n"
                "    p = baseline_error_rate + rise / 2\n"
                "    n = math.ceil(z ** 2 * 2 * p * (1 - p) / rise ** 2)\n"
                "    return n / share / requests_per_hour\n"
            ),
            "q5_answer": tiers(frequency='"High"', lead='" high "'),
        },
    ),
    Submission(
        "other_spellings_and_pandas_calendars",
        {
            "q2_answer": (
                "business = pd.offsets.CustomBusinessDay(holidays=CA_HOLIDAYS)\n"
                "request_deadlines = {\n"
                '    "gdpr_reply_by": date(2026, 11, 26),\n'
                '    "gdpr_extended_by": date(2027, 1, 26),\n'
                '    "ccpa_confirm_by": (pd.Timestamp(CA_RECEIVED) + 10 * business).date(),\n'
                '    "ccpa_reply_by": pd.Timestamp(CA_RECEIVED) + pd.Timedelta(days=45),\n'
                '    "ccpa_extended_by": pd.Timestamp(CA_RECEIVED) + pd.Timedelta(days=90),\n'
                "}\n"
            ),
            "q3_answer": minimisation(account_id="Pseudonymise", email="DROP", amount="Keep", country=" keep"),
            "q4_answer": (
                'd = deployments.set_index("deploy_id")\n'
                'c = changes.join(d, on="deploy_id")\n'
                'lead = [(pd.Timestamp(a) - pd.Timestamp(b)).total_seconds() / 3600 for a, b in zip(c["deployed_at"], c["committed_at"])]\n'
                'bad = d[d["failed"].astype(bool)]\n'
                'rec = [(pd.Timestamp(r) - pd.Timestamp(a)).total_seconds() / 3600 for a, r in zip(bad["deployed_at"], bad["restored_at"])]\n'
                'dora = {"deploys_per_week": float(len(d)) / 12, "lead_time_hours": float(np.median(lead)),\n'
                '        "change_failure_rate": len(bad) / len(d), "recovery_hours": float(np.median(rec))}\n'
            ),
        },
    ),
]

CORRECT_IN_OTHER_FORMS += [
    Submission(
        "us_spelling_year_as_text_durations_and_rounding",
        {
            "q1_answer": NOTICE.format(
                notify_by="AWARE_AT.astimezone(UTC) + timedelta(hours=72)",
                hours="pd.Timedelta(AWARE_AT.astimezone(UTC) + timedelta(hours=72) - STANDUP_AT)",
            ),
            "q3_answer": minimisation(account_id="pseudonymize"),
            "q5_answer": tiers(year='"2024"'),
            "q6_answer": CANARY.format(body=f"return round({RIGHT_CANARY.removeprefix('return ')}, 1)"),
        },
    ),
    Submission("year_named_with_its_report", {"q5_answer": tiers(year='"DORA 2024"')}),
    Submission(
        "hours_and_percent_written_with_their_units",
        {
            "q1_answer": NOTICE.format(
                notify_by="AWARE_AT.astimezone(UTC) + timedelta(hours=72)",
                hours='f"{(AWARE_AT.astimezone(UTC) + timedelta(hours=72) - STANDUP_AT) / timedelta(hours=1)} h"',
            ),
            "q7_answer": board(stage='"5 %"'),
        },
    ),
    Submission("stage_as_a_fraction", {"q7_answer": board(stage="0.05")}),
]

MISCONCEPTIONS = [
    Submission(
        "q4_lead_time_from_the_merge_and_q5_follows",
        {
            "q4_answer": dora(lead_from="merged_at"),
            "q5_answer": tiers(lead='"elite"'),
        },
        ["q4"],
        "Your lead time starts at the merge",
        earns={"q4": 3, "q5": 3},
    ),
    Submission(
        "q1_from_the_breach",
        {
            "q1_answer": NOTICE.format(
                notify_by="BREACH_AT + timedelta(hours=72)",
                hours="((BREACH_AT + timedelta(hours=72)) - STANDUP_AT).total_seconds() / 3600",
            )
        },
        ["q1"],
        "Your clock starts when the attacker got in",
        earns={"q1": 0},
    ),
    Submission(
        "q1_wall_clock",
        {
            "q1_answer": NOTICE.format(
                notify_by="datetime(2026, 10, 26, 18, 30, tzinfo=DUBLIN)",
                hours="(datetime(2026, 10, 26, 18, 30) - datetime(2026, 10, 26, 9, 0)).total_seconds() / 3600",
            )
        },
        ["q1"],
        "You added three days to the local time",
        earns={"q1": 0},
    ),
    Submission(
        "q1_business_days",
        {
            "q1_answer": NOTICE.format(
                notify_by='pd.Timestamp("2026-10-28 17:30", tz="UTC")',
                hours='(pd.Timestamp("2026-10-28 17:30", tz="UTC") - STANDUP_AT).total_seconds() / 3600',
            )
        },
        ["q1"],
        "You counted three business days",
        earns={"q1": 0},
    ),
    Submission(
        "q1_summer_offset_kept",
        {
            "q1_answer": NOTICE.format(
                notify_by="AWARE_AT.astimezone(UTC) + timedelta(hours=72) - timedelta(hours=1)",
                hours="((AWARE_AT.astimezone(UTC) + timedelta(hours=71)) - STANDUP_AT).total_seconds() / 3600",
            )
        },
        ["q1"],
        "Your deadline is an hour early in UTC",
        earns={"q1": 0},
    ),
    Submission(
        "q2_thirty_days",
        {
            "q2_answer": requests(
                gdpr="EU_RECEIVED + timedelta(days=30)", gdpr_extended="EU_RECEIVED + timedelta(days=90)"
            )
        },
        ["q2"],
        "You counted a month as 30 days",
        earns={"q2": 3},
    ),
    Submission(
        "q2_calendar_days_to_confirm",
        {"q2_answer": requests(confirm="CA_RECEIVED + timedelta(days=10)")},
        ["q2"],
        "You counted 10 calendar days to confirm",
        earns={"q2": 4},
    ),
    Submission(
        "q2_holidays_left_out",
        {"q2_answer": requests(confirm="np.busday_offset(CA_RECEIVED, 10)")},
        ["q2"],
        "You counted weekdays but not California's state holidays",
        earns={"q2": 4},
    ),
    Submission(
        "q2_day_of_receipt_counted",
        {"q2_answer": requests(confirm="np.busday_offset(CA_RECEIVED, 9, holidays=CA_HOLIDAYS)")},
        ["q2"],
        "or counted the day of receipt as day 1",
        earns={"q2": 4},
    ),
    Submission(
        "q2_business_days_to_answer",
        {"q2_answer": requests(reply="np.busday_offset(CA_RECEIVED, 45, holidays=CA_HOLIDAYS)")},
        ["q2"],
        "You counted the 45 days to answer as business days",
        earns={"q2": 4},
    ),
    Submission(
        "q3_kept_in_case",
        {"q3_answer": minimisation(email="keep", date_of_birth="keep", precise_location="keep")},
        ["q3"],
        "You kept fields the feature never reads",
        earns={"q3": 2.8},
    ),
    Submission(
        "q3_hashed_email",
        {"q3_answer": minimisation(email="pseudonymise")},
        ["q3"],
        "You pseudonymised the email",
        earns={"q3": 3.6},
    ),
    Submission(
        "q3_link_dropped",
        {"q3_answer": minimisation(account_id="drop")},
        ["q3"],
        "You dropped `account_id`",
        earns={"q3": 3.6},
    ),
    Submission(
        "q3_link_in_the_clear",
        {"q3_answer": minimisation(account_id="keep")},
        ["q3"],
        "You kept `account_id` in the clear",
        earns={"q3": 3.6},
    ),
    Submission(
        "q4_lead_time_from_the_ticket",
        {"q4_answer": dora(lead_from="ticket_created_at")},
        ["q4"],
        "Your lead time starts when the ticket was created",
        earns={"q4": 3},
    ),
    Submission(
        "q4_failures_over_commits",
        {"q4_answer": dora(failure_base="len(changes)")},
        ["q4"],
        "You divided failed deployments by the number of changes",
        earns={"q4": 3},
    ),
    Submission(
        "q4_mean_recovery",
        {"q4_answer": dora(recovery_stat="mean")},
        ["q4"],
        "That is the mean recovery time",
        earns={"q4": 3},
    ),
    Submission(
        "q4_mean_lead_time",
        {"q4_answer": dora(lead_stat="mean")},
        ["q4"],
        "That is the mean lead time",
        earns={"q4": 3},
    ),
    Submission(
        "q4_deployments_a_day",
        {"q4_answer": dora(weeks="(WEEKS * 7)")},
        ["q4"],
        "That is deployments a day",
        earns={"q4": 3},
    ),
    Submission(
        "q4_deployments_a_working_day",
        {"q4_answer": dora(weeks="(WEEKS * 5)")},
        ["q4"],
        "That is deployments a working day",
        earns={"q4": 3},
    ),
    Submission(
        "q4_recovery_in_days",
        {"q4_answer": dora() + 'dora["recovery_hours"] = rec.median() / 24  # the median outage, in days\n'},
        ["q4"],
        "Your `recovery_hours` is in days",
        earns={"q4": 3},
    ),
    Submission(
        "q4_weeks_from_the_first_to_the_last_deployment",
        {"q4_answer": dora(weeks='((d["at"].max() - d["at"].min()) / pd.Timedelta(weeks=1))')},
        ["q4"],
        "You counted the weeks between the first and the last deployment",
        earns={"q4": 3},
    ),
    Submission(
        "q4_failures_over_changes_quoted_to_the_whole_percent_in_q7",
        {
            "q4_answer": dora(failure_base="len(changes)"),
            "q7_answer": board(
                quarter='"promise more scope next quarter"',
                reason="f\"Only {dora['change_failure_rate']:.0%} of our changes failed, under the 15 % line.\"",
            ),
        },
        ["q4"],
        "You divided failed deployments by the number of changes",
        earns={"q4": 3, "q7": 5},
    ),
    Submission(
        "q4_two_mistakes_both_named",
        {"q4_answer": dora(failure_base="len(changes)", lead_stat="mean")},
        ["q4"],
        "You divided failed deployments by the number of changes",
        earns={"q4": 2},
    ),
    Submission(
        "q4_two_mistakes_the_second_named_too",
        {"q4_answer": dora(failure_base="len(changes)", lead_stat="mean")},
        ["q4"],
        "That is the mean lead time",
        earns={"q4": 2},
    ),
    Submission(
        "q5_tiers_of_2025",
        {"q5_answer": tiers(year=2025)},
        ["q5"],
        "The 2025 report has no tiers",
        earns={"q5": 2.5},
    ),
    Submission(
        "q5_unnamed_year",
        {"q5_answer": tiers(year=2023)},
        ["q5"],
        "Name the year of the table you used",
        earns={"q5": 2.5},
    ),
    Submission(
        "q5_elite_from_the_merge",
        {"q5_answer": tiers(lead='"elite"')},
        ["q5"],
        "Elite needs a change lead time under a day",
        earns={"q5": 2},
    ),
    Submission(
        "q6_whole_traffic",
        {"q6_answer": CANARY.format(body="return sample_size_per_arm(baseline_error_rate, rise) / requests_per_hour")},
        ["q6"],
        "you divided by all the requests of an hour",
    ),
    Submission(
        "q6_both_arms",
        {
            "q6_answer": CANARY.format(
                body="return 2 * sample_size_per_arm(baseline_error_rate, rise) / (requests_per_hour * share)"
            )
        },
        ["q6"],
        "You counted the requests of two arms",
    ),
    Submission(
        "q6_share_as_a_percent",
        {
            "q6_answer": CANARY.format(
                body="return sample_size_per_arm(baseline_error_rate, rise) / (requests_per_hour * share / 100)"
            )
        },
        ["q6"],
        "you divided `share` by 100",
    ),
    Submission(
        "q6_relative_rise",
        {
            "q6_answer": CANARY.format(
                body="return sample_size_per_arm(baseline_error_rate, rise, relative=True) / (requests_per_hour * share)"
            )
        },
        ["q6"],
        "You read `rise` as a relative lift",
    ),
    Submission(
        "q7_canary_too_small",
        {"q7_answer": board(stage="1")},
        ["q7"],
        "A 1 % first stage is the cautious-looking choice",
        earns={"q7": 4},
    ),
    Submission(
        "q7_roll_back_at_the_slo",
        {"q7_answer": board(rollback="1 - SLO")},
        ["q7"],
        "Your line is the SLO's own error rate",
        earns={"q7": 4},
    ),
    Submission(
        "q7_burn_rate_as_the_line",
        {"q7_answer": board(rollback="burn_rate_threshold(0.02, 1, 30)")},
        ["q7"],
        "Your line is the burn rate itself",
        earns={"q7": 4},
    ),
    Submission(
        "q7_burn_rate_echoed_as_written",
        {"q7_answer": board(rollback="burn_rate_threshold(0.02, 1, 30)")},
        ["q7"],
        "(read as 14.4 %)",
        earns={"q7": 4},
    ),
    Submission(
        "q7_wait_for_the_investigation",
        {"q7_answer": board(notice='"wait until the investigation is complete, then notify"')},
        ["q7"],
        "Art. 33 does not wait for the investigation",
        earns={"q7": 4},
    ),
    Submission(
        "q7_promise_more",
        {"q7_answer": board(quarter='"promise more scope next quarter"')},
        ["q7"],
        "the VP's condition for promising more is not met",
        earns={"q7": 4},
    ),
    Submission(
        "q7_reason_without_a_figure",
        {"q7_answer": board(reason='"Too many deployments fail; we fix that before promising more."')},
        ["q7"],
        "quotes none of the figures",
        earns={"q7": 4},
    ),
]

BROKEN = [
    Submission(
        "q4_wrong_column_name",
        {"q4_answer": dora(lead_from="commit_time")},
        ["q4", "q5", "q7"],
        "raised KeyError",
    ),
    Submission(
        "q1_naive_datetime",
        {"q1_answer": NOTICE.format(notify_by="datetime(2026, 10, 26, 17, 30)", hours="8.5")},
        ["q1"],
        "has no time zone: say which zone, the deadline is a moment",
        earns={"q1": 1},
    ),
    Submission(
        "q1_iso_text_without_an_offset",
        {"q1_answer": NOTICE.format(notify_by='"2026-10-26T17:30"', hours="8.5")},
        ["q1"],
        "has no time zone: say which zone",
        earns={"q1": 1},
    ),
    Submission(
        "q3_purpose_too_short",
        {"q3_answer": minimisation(purpose="insights")},
        ["q3"],
        "is too short",
        earns={"q3": 3.2},
    ),
    Submission(
        "q4_recovery_as_a_series",
        {"q4_answer": dora() + 'dora["recovery_hours"] = rec.to_frame().median()\n'},
        ["q4"],
        "is a pandas Series",
        earns={"q4": 3},
    ),
    Submission(
        "q3_action_off_the_menu",
        {"q3_answer": minimisation(email="encrypt")},
        ["q3"],
        "'encrypt' is not one of",
        earns={"q3": 3.6},
    ),
    Submission(
        "q6_check_cell_edited_and_wrong_answer",
        {
            "q6": "# q6.check()  later\n",
            "q6_answer": CANARY.format(
                body="return sample_size_per_arm(baseline_error_rate, rise) / requests_per_hour"
            ),
        },
        ["q6"],
        "you divided by all the requests of an hour",
    ),
    Submission(
        "q2_returns_a_string_of_words",
        {"q2_answer": requests(reply='"mid December"')},
        ["q2"],
        "is not a date",
        earns={"q2": 4},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
