"""Checks for exercise 13, security, privacy and delivery health (answer keys live in the hidden tests)."""

from tpm_course.core import FunctionQuestion, Misconception, Parts
from tpm_course.core.units import is_number
from tpm_course.topics.experiment_design.maths import sample_size_per_arm  # module 09: math and statistics only
from tpm_course.topics.security_delivery.question import DAY, INSTANT, DatedQuestion, Either

NOTEBOOK = "13_security_delivery"

ACTIONS = ["keep", "pseudonymise", "drop"]
PAYLOAD_FIELDS = [
    "account_id",
    "email",
    "amount",
    "merchant_category",
    "age_band",
    "date_of_birth",
    "precise_location",
    "country",
]
TIERS = ["elite", "high", "medium", "low"]
FIFTH_METRICS = ["rework rate", "reliability", "availability", "mean time to restore"]
NOTICE = [
    "notify the authority by the deadline with what we know, and follow up in phases",
    "wait until the investigation is complete, then notify",
    "no notice: the leaked file was pseudonymised",
]
QUARTER = ["promise more scope next quarter", "hold scope: bring the change failure rate down first"]
CANARY_PERCENTS = [1, 5, 25]
MAX_FAILURE_RATE = 0.15  # the VP promises more only below this share of failed deployments
NUMBER = {"type": "number"}


def _unless(condition: bool, value):
    """The prediction, or None (no prediction) when it would equal the right answer."""
    return None if condition else value


# -- Q1 the authority's deadline -------------------------------------------------------------------

q1 = DatedQuestion(
    "q1",
    NOTEBOOK,
    "breach_notice",
    parts=Parts(2, noun="field"),  # 1 point for each field
    abs_tol=0.05,
    instants=["notify_by"],
    hours=["hours_left_at_standup"],
    schema={
        "type": "object",
        "required": ["notify_by", "hours_left_at_standup"],
        "properties": {"notify_by": {"type": "string", "pattern": INSTANT}, "hours_left_at_standup": NUMBER},
    },
    misconceptions=[
        Misconception(
            "72 hours from the breach",
            "Your clock starts when the attacker got in. Art. 33 counts the 72 hours from when the company "
            "became aware of the breach: security's confirmation, not the first access in the logs.",
            lambda expected, from_breach, **_: from_breach,
        ),
        Misconception(
            "three days on the wall clock",
            "You added three days to the local time. The clocks in Dublin go back an hour in the night of "
            "Saturday to Sunday: 72 elapsed hours end an hour earlier on the wall clock. Work in UTC.",
            lambda expected, wall_clock, **_: wall_clock,
        ),
        Misconception(
            "three business days",
            "You counted three business days. The 72 hours run through the weekend: they are calendar hours.",
            lambda expected, business_days, **_: business_days,
        ),
        Misconception(
            "summer offset kept",
            "Your deadline is an hour early in UTC. The conversion to UTC already accounts for Dublin's summer "
            "offset; taking an hour off again for the clock change moves the moment itself. Convert the moment "
            "of awareness to UTC once, add 72 hours, and let `astimezone` show it in Dublin time.",
            lambda expected, summer_offset, **_: summer_offset,
        ),
    ],
    hints=[
        "Turn the moment security confirmed the breach into UTC first, then add `timedelta(hours=72)`.",
        "Hours left = (deadline − the stand-up, both in UTC).total_seconds() / 3600.",
    ],
)


# -- Q2 the data requests ----------------------------------------------------------------------------

REQUEST_FIELDS = ["gdpr_reply_by", "gdpr_extended_by", "ccpa_confirm_by", "ccpa_reply_by", "ccpa_extended_by"]

q2 = DatedQuestion(
    "q2",
    NOTEBOOK,
    "request_deadlines",
    parts=Parts(5, noun="field"),  # 1 point for each date
    days=REQUEST_FIELDS,
    schema={
        "type": "object",
        "required": REQUEST_FIELDS,
        "properties": {f: {"type": "string", "pattern": DAY} for f in REQUEST_FIELDS},
    },
    misconceptions=[
        Misconception(
            "a month as 30 days",
            "You counted a month as 30 days. Art. 12(3)'s month runs to the same date of the next month "
            "(pandas' `DateOffset(months=1)`), and the extension adds two such months.",
            lambda expected, thirty_days, **_: thirty_days,
        ),
        Misconception(
            "calendar days to confirm",
            "You counted 10 calendar days to confirm the Californian request. The rule says 10 business "
            "days: Monday to Friday, not a California state holiday.",
            lambda expected, confirm_calendar, **_: {"ccpa_confirm_by": confirm_calendar},
        ),
        Misconception(
            "holidays left out",
            "You counted weekdays but not California's state holidays, or counted the day of receipt as day 1: "
            "either gives this date. One holiday falls in the window, so pass `holidays=` to `np.busday_offset`; "
            "and the 10 days start the day after receipt, as `np.busday_offset(received, 10, ...)` counts them.",
            lambda expected, confirm_no_holidays, **_: {"ccpa_confirm_by": confirm_no_holidays},
        ),
        Misconception(
            "business days to answer",
            "You counted the 45 days to answer as business days. They are calendar days; only the "
            "confirmation counts business days.",
            lambda expected, reply_business, **_: {"ccpa_reply_by": reply_business},
        ),
    ],
    hints=[
        "GDPR: `pd.Timestamp(received) + pd.DateOffset(months=1)` (and 3 for the extended date).",
        "CCPA: `np.busday_offset(received, 10, holidays=CA_HOLIDAYS)` to confirm; `received + timedelta(days=45)` "
        "to answer, 90 when extended.",
    ],
)


# -- Q3 data minimisation ---------------------------------------------------------------------------------

q3 = DatedQuestion(
    "q3",
    NOTEBOOK,
    "minimisation",
    parts=Parts(4, each={**dict.fromkeys(PAYLOAD_FIELDS, 0.4), "purpose": 0.8}, noun="field"),
    spellings={"pseudonymize": "pseudonymise", "pseudonymized": "pseudonymise", "pseudonymised": "pseudonymise"},
    schema={
        "type": "object",
        "required": [*PAYLOAD_FIELDS, "purpose"],
        "properties": {
            **{f: {"enum": ACTIONS} for f in PAYLOAD_FIELDS},
            "purpose": {"type": "string", "minLength": 20},
        },
    },
    misconceptions=[
        Misconception(
            "kept in case it is useful",
            "You kept fields the feature never reads. Minimisation keeps only what the stated purpose needs: "
            "a field that may be useful later is a field to drop now.",
            lambda expected, **_: {f: "keep" for f in ("email", "date_of_birth", "precise_location")},
        ),
        Misconception(
            "a hash of the email",
            "You pseudonymised the email. A hashed email still singles a person out, and the feature does not "
            "need it at all: what the feature does not read is dropped, not hashed.",
            lambda expected, **_: {"email": "pseudonymise"},
        ),
        Misconception(
            "the link dropped",
            "You dropped `account_id`. The feature compares a person's months, so it needs a key that links "
            "their rows, but never who they are.",
            lambda expected, **_: {"account_id": "drop"},
        ),
        Misconception(
            "the link in the clear",
            "You kept `account_id` in the clear. The feature needs to link rows, not to know whose they are: "
            "that is what a pseudonym is for.",
            lambda expected, **_: {"account_id": "keep"},
        ),
    ],
    hints=[
        "For each field ask: does the feature read it, only link rows with it, or neither?",
        "Reads it: keep. Links rows only: pseudonymise. Neither: drop.",
    ],
)


# -- Q4 DORA's four keys --------------------------------------------------------------------------------------

DORA_FIELDS = ["deploys_per_week", "lead_time_hours", "change_failure_rate", "recovery_hours"]

q4 = DatedQuestion(
    "q4",
    NOTEBOOK,
    "dora",
    parts=Parts(4, noun="field"),  # 1 point for each key
    rel_tol=0.01,
    units={"lead_time_hours": "h", "recovery_hours": "h"},
    hours=["lead_time_hours", "recovery_hours"],
    shares=["change_failure_rate"],
    schema={
        "type": "object",
        "required": DORA_FIELDS,
        "properties": {f: {"type": "number", "minimum": 0} for f in DORA_FIELDS},
    },
    misconceptions=[
        Misconception(
            "lead time from the merge",
            "Your lead time starts at the merge. DORA's change lead time starts at the commit: the review "
            "and the wait for a merge are part of it.",
            lambda expected, from_merge, **_: {"lead_time_hours": from_merge},
        ),
        Misconception(
            "lead time from the ticket",
            "Your lead time starts when the ticket was created. That is a product lead time; DORA's change "
            "lead time starts at the commit.",
            lambda expected, from_ticket, **_: {"lead_time_hours": from_ticket},
        ),
        Misconception(
            "failures over commits",
            "You divided failed deployments by the number of changes. The change failure rate is failed "
            "deployments over deployments.",
            lambda expected, over_changes, **_: {"change_failure_rate": over_changes},
        ),
        Misconception(
            "mean recovery",
            "That is the mean recovery time, which one long outage pulls up. The brief asks for the median.",
            lambda expected, mean_recovery, **_: {"recovery_hours": mean_recovery},
        ),
        Misconception(
            "mean lead time",
            "That is the mean lead time. The brief asks for the median, as for recovery.",
            lambda expected, mean_lead, **_: {"lead_time_hours": mean_lead},
        ),
        Misconception(
            "deployments a day",
            "That is deployments a day. The key, and the 2024 table of Q5, count deployments a week.",
            lambda expected, **_: {"deploys_per_week": expected["deploys_per_week"] / 7},
        ),
        Misconception(
            "deployments a working day",
            "That is deployments a working day (a week's deployments over 5). The field, and the 2024 table "
            "of Q5, count deployments a week: deployments / `WEEKS`.",
            lambda expected, **_: {"deploys_per_week": expected["deploys_per_week"] / 5},
        ),
        Misconception(
            "recovery in days",
            "Your `recovery_hours` is in days. The field is in hours: divide a `Timedelta` by "
            "`pd.Timedelta(hours=1)`, not by a day.",
            lambda expected, **_: {"recovery_hours": expected["recovery_hours"] / 24},
        ),
        Misconception(
            "weeks from the first to the last deployment",
            "You counted the weeks between the first and the last deployment. The log covers `WEEKS` weeks, "
            "with quiet days at both ends: divide by the weeks of the log.",
            lambda expected, per_span, **_: {"deploys_per_week": per_span},
        ),
    ],
    hints=[
        "Join each change to its deployment on `deploy_id`; parse the times with `pd.to_datetime(..., utc=True)`.",
        "Deployments a week = deployments / `WEEKS`. Lead time = deployed_at − committed_at; failure rate = "
        "failed deployments / deployments; recovery = restored_at − deployed_at of the failed ones. Medians, in hours.",
    ],
)


# -- Q5 the tiers, with their year ------------------------------------------------------------------------------

TIER_FIELDS = ["report_year", "deployment_frequency_tier", "lead_time_tier", "fifth_metric_2025"]

q5 = DatedQuestion(
    "q5",
    NOTEBOOK,
    "tiers",
    rel_tol=0,  # a year is exact: 2025 is not within 1 % of 2024 for this purpose
    parts=Parts(
        3, each={"report_year": 0.5, "deployment_frequency_tier": 1, "lead_time_tier": 1, "fifth_metric_2025": 0.5}
    ),
    schema={
        "type": "object",
        "required": TIER_FIELDS,
        "properties": {
            "report_year": {"type": "integer"},
            "deployment_frequency_tier": {"enum": TIERS},
            "lead_time_tier": {"enum": TIERS},
            "fifth_metric_2025": {"enum": FIFTH_METRICS},
        },
    },
    misconceptions=[
        Misconception(
            "tiers of 2025",
            "The 2025 report has no tiers: it replaced them with team archetypes. The table you used is the "
            "2024 report's; name that year.",
            lambda expected, **_: {"report_year": 2025},
        ),
        Misconception(
            "tiers from an unnamed year",
            "Tiers move from one report to the next, and the table in this notebook is from one report. "
            "Name the year of the table you used.",
            lambda expected, **_: {"report_year": 2023},
        ),
        Misconception(
            "elite from the merge",
            "Elite needs a change lead time under a day. Your lead time is not under a day unless it starts "
            "at the merge; read the tier from your own `dora['lead_time_hours']`.",
            lambda expected, **_: _unless(expected.get("lead_time_tier") == "elite", {"lead_time_tier": "elite"}),
        ),
    ],
    hints=[
        "Read each of your numbers from Q4 against the 2024 table: deployments a week, lead time in hours.",
        "The paragraph under the table says what the 2025 report changed.",
    ],
)


def own_tiers_key(reference: dict, namespace: dict) -> dict:
    """Q5's key where a tier may be read from the learner's own Q4 numbers or the right ones: a Q4 slip costs once."""
    from tpm_course.topics.security_delivery.maths import deployment_frequency_tier, lead_time_tier

    key = dict(reference)
    dora = namespace.get("dora")
    if isinstance(dora, dict):
        if is_number(dora.get("deploys_per_week")):
            own = deployment_frequency_tier(float(dora["deploys_per_week"]))
            key["deployment_frequency_tier"] = Either(own, reference["deployment_frequency_tier"])
        if is_number(dora.get("lead_time_hours")):
            key["lead_time_tier"] = Either(lead_time_tier(float(dora["lead_time_hours"])), reference["lead_time_tier"])
    return key


# -- Q6 how long a canary stage runs ---------------------------------------------------------------------------------


def _relative_rise(expected, baseline_error_rate, rise, requests_per_hour, share, **_):
    try:
        needed = sample_size_per_arm(baseline_error_rate, rise, relative=True)
    except ValueError:  # the relative target is not a rate: no learner gets there
        return None
    return needed / (requests_per_hour * share)


q6 = FunctionQuestion(
    "q6",
    NOTEBOOK,
    "canary_hours",
    unit="h",
    rel_tol=0.01,
    abs_tol=0.05,  # within 1 % or 0.05 h: a result rounded to a tenth of an hour passes
    cases=[({"baseline_error_rate": 0.002, "rise": 0.003, "requests_per_hour": 40_000, "share": 0.05}, 3.042)],
    misconceptions=[
        Misconception(
            "the whole traffic",
            "Your stage is far too short: you divided by all the requests of an hour. The canary only sees "
            "its `share` of them.",
            lambda expected, share, **_: _unless(share == 1, expected * share),
        ),
        Misconception(
            "both arms counted",
            "You counted the requests of two arms. The canary is one arm: it must serve the per-arm sample "
            "size by itself, while the rest of the traffic is the control.",
            lambda expected, **_: expected * 2,
        ),
        Misconception(
            "the share as a percent",
            "Your stage is 100 times too long: you divided `share` by 100. It is already the canary's fraction "
            "of the traffic (0.05 is 5 %).",
            lambda expected, **_: expected * 100,
        ),
        Misconception(
            "a relative rise",
            "You read `rise` as a relative lift. It is absolute: the error rate goes from `baseline_error_rate` "
            "to `baseline_error_rate + rise`.",
            _relative_rise,
        ),
    ],
    hints=[
        "Module 09's `sample_size_per_arm(baseline, mde)` gives the requests the canary must serve.",
        "hours = requests needed / (requests_per_hour × share).",
    ],
)


# -- Q7 the board ----------------------------------------------------------------------------------------------------------

BOARD_FIELDS = ["notice", "first_stage_percent", "rollback_error_rate", "quarter", "reason"]

q7 = DatedQuestion(
    "q7",
    NOTEBOOK,
    "board",
    parts=Parts(5, noun="field"),  # 1 point for each field
    rel_tol=0.01,
    shares=["rollback_error_rate"],
    percents=["first_stage_percent"],
    schema={
        "type": "object",
        "required": BOARD_FIELDS,
        "properties": {
            "notice": {"enum": NOTICE},
            "first_stage_percent": {"enum": CANARY_PERCENTS},
            "rollback_error_rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "quarter": {"enum": QUARTER},
            "reason": {"type": "string", "minLength": 30},
        },
    },
    misconceptions=[
        Misconception(
            "a canary too small to see the rise",
            "A 1 % first stage is the cautious-looking choice, but it cannot see the rise within the stage's "
            "hours: it would pass a bad release. Pick the smallest stage your `canary_hours` says is long enough.",
            lambda expected, **_: {"first_stage_percent": 1},
        ),
        Misconception(
            "roll back at the SLO",
            "Your line is the SLO's own error rate: ordinary noise crosses it. Roll back when the canary burns "
            "the budget fast, at module 03's page-now burn rate (2 % of the 30-day budget in an hour).",
            lambda expected, slo_rate, **_: {"rollback_error_rate": slo_rate},
        ),
        Misconception(
            "the burn rate as the line",
            "Your line is the burn rate itself. A burn rate says how many times faster than allowed the error "
            "budget is spent; the rollback line is an error rate: that burn rate times the error budget, "
            "`1 - SLO`.",
            lambda expected, slo_rate, **_: {"rollback_error_rate": expected["rollback_error_rate"] / slo_rate / 100},
        ),
        Misconception(
            "wait for the full picture",
            "Art. 33 does not wait for the investigation: when the facts are not all known, the notice gives "
            "what is known by the deadline and the rest in phases (Art. 33(4)).",
            lambda expected, **_: {"notice": NOTICE[1]},
        ),
        Misconception(
            "promise on a flattering rate",
            "More than one deployment in seven failed: the VP's condition for promising more is not met. "
            "A failure rate over commits looks far better than it is.",
            lambda expected, **_: _unless(expected.get("quarter") == QUARTER[0], {"quarter": QUARTER[0]}),
        ),
    ],
    hints=[
        "`first_stage_percent`: the smallest of 1, 5, 25 whose `canary_hours` fits the stage's hours.",
        "Rollback line = 14.4 × (1 − SLO); the quarter follows your change failure rate against 15 %.",
    ],
)


def own_board_key(reference: dict, namespace: dict, shares=CANARY_PERCENTS, **brief) -> dict:
    """Q7's key following the learner's own numbers: the stage from their Q6 function, the quarter from their Q4 rate.

    ``brief`` holds the stage's numbers (baseline, rise, requests_per_hour, max_hours). A missing
    or broken earlier answer keeps the reference value.
    """
    key = dict(reference)
    dora = namespace.get("dora")
    rate = dora.get("change_failure_rate") if isinstance(dora, dict) else None
    if is_number(rate):
        rate = rate / 100 if 1 < rate <= 100 else rate
        key["quarter"] = QUARTER[1] if rate >= MAX_FAILURE_RATE else QUARTER[0]
    function = namespace.get("canary_hours")
    if callable(function) and brief:
        try:
            hours = {
                p: float(function(brief["baseline"], brief["rise"], brief["requests_per_hour"], p / 100))
                for p in shares
            }
        except Exception:
            return key
        fitting = [p for p in sorted(shares) if hours[p] <= brief["max_hours"]]
        if fitting:
            key["first_stage_percent"] = fitting[0]
    return key
