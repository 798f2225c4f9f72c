"""Checks for exercise 08, product metrics (answer keys live in the hidden tests).

Misconceptions that need the event log compute what the wrong method gives from the inputs
(a function question's case, or the ``events`` a hidden test passes), with the same
definitions as ``tpm_course.topics.metrics.maths`` changed in one place.
"""

import copy
from functools import lru_cache

from tpm_course.core import Misconception, Parts
from tpm_course.topics.metrics.maths import FUNNEL_STEPS, METRIC_DEFINITION_SCHEMA
from tpm_course.topics.metrics.question import (
    CarriedForwardQuestion,
    LabelledFrameQuestion,
    RowParts,
    UnambiguousFunctionQuestion,
)

NOTEBOOK = "08_metrics"

# A log small enough to follow by hand: the visible example of Q3.
TOY_COLUMNS = ["event_time", "user_id", "event", "platform", "signup_date"]
TOY_ROWS = [
    ("2026-01-05 09:00:00", 1, "visit", "web", "2026-01-05"),
    ("2026-01-05 09:05:00", 1, "signup", "web", "2026-01-05"),
    ("2026-01-05 10:00:00", 2, "visit", "ios", "2026-01-05"),
    ("2026-01-05 10:02:00", 2, "signup", "ios", "2026-01-05"),
    ("2026-01-05 12:00:00", 3, "visit", "web", None),
    ("2026-01-06 08:00:00", 1, "visit", "web", "2026-01-05"),
    ("2026-01-06 19:00:00", 1, "visit", "web", "2026-01-05"),
    ("2026-01-06 20:00:00", 4, "visit", "android", "2026-01-06"),
    ("2026-01-06 20:03:00", 4, "signup", "android", "2026-01-06"),
    ("2026-01-07 18:00:00", 2, "visit", "ios", "2026-01-05"),
    ("2026-01-08 07:30:00", 4, "visit", "android", "2026-01-06"),
    ("2026-01-12 09:00:00", 2, "visit", "ios", "2026-01-05"),
    ("2026-01-13 09:00:00", 3, "visit", "web", None),
    ("2026-01-13 21:00:00", 4, "visit", "android", "2026-01-06"),
]


@lru_cache(maxsize=1)
def _shipped():
    from tpm_course.data import load

    return load("events")


def shipped_events():
    """A fresh copy of the shipped log, read once per kernel (the hidden tests use it five times)."""
    return _shipped().copy()


# Two users who sign up the day after their first visit: on their signup day they have no other event.
LATE_SIGNUP_ROWS = [
    ("2026-01-06 23:00:00", 5, "visit", "web", "2026-01-07"),
    ("2026-01-07 08:00:00", 5, "signup", "web", "2026-01-07"),
    ("2026-01-14 09:00:00", 5, "visit", "web", "2026-01-07"),
    ("2026-01-06 21:00:00", 6, "visit", "ios", "2026-01-07"),
    ("2026-01-07 09:00:00", 6, "signup", "ios", "2026-01-07"),
    ("2026-01-16 09:00:00", 6, "visit", "ios", "2026-01-07"),
]


def late_signup_log():
    """The toy log with two late signups: a hidden case where counting the signup day changes the answer."""
    import pandas as pd

    return pd.DataFrame(TOY_ROWS + LATE_SIGNUP_ROWS, columns=TOY_COLUMNS)


def toy_log():
    """TOY_ROWS as a DataFrame typed like the shipped log."""
    import pandas as pd

    return pd.DataFrame(TOY_ROWS, columns=TOY_COLUMNS)


# -- what each wrong method gives --------------------------------------------------------------


def _dated(events):
    import pandas as pd

    log = events.copy()
    log["day"] = pd.to_datetime(log["event_time"]).dt.normalize()
    return log


def _funnel_from_counts(steps, counts):
    import pandas as pd

    table = pd.DataFrame({"step": list(steps), "users": counts})
    previous = table["users"].shift(1).fillna(table["users"].iloc[0])
    table["step_conversion"] = table["users"] / previous
    table["overall_conversion"] = table["users"] / table["users"].iloc[0]
    table["drop_off"] = 1 - table["step_conversion"]
    return table


def funnel_counting_events(events, window_days, steps=FUNNEL_STEPS):
    """The funnel with every event counted: rows of each step inside the window, not distinct users."""
    log = _dated(events)
    start = log[log["event"] == steps[0]].groupby("user_id")["day"].min()
    log = log[(log["day"] - log["user_id"].map(start)).dt.days < window_days]
    return _funnel_from_counts(steps, [int((log["event"] == step).sum()) for step in steps])


def funnel_with_window(events, window_days, steps=FUNNEL_STEPS):
    """The funnel with a window of ``window_days`` days (a misconception passes one day too many)."""
    from tpm_course.topics.metrics.maths import funnel

    return funnel(events, steps, window_days=window_days)


def funnel_without_window(events, steps=FUNNEL_STEPS):
    from tpm_course.topics.metrics.maths import funnel

    return funnel(events, steps)


def over_all_visitors(expected):
    """Each step's 'step conversion' taken over everyone at the first step."""
    return expected.assign(step_conversion=expected["overall_conversion"], drop_off=1 - expected["overall_conversion"])


def _active_offsets(events, first_weekday=0, origin="signup"):
    """Signed-up users' (user_id, cohort_week, days since ``origin``) for every event.

    Weeks start on ``first_weekday`` (0 Monday, 6 Sunday); days count from the user's first
    ``origin`` event ("signup", or "visit" for the misconception that counts from the first visit).
    """
    import pandas as pd

    log = _dated(events)
    signups = log[log["event"] == "signup"].groupby("user_id")["day"].min()
    log = log[log["user_id"].isin(signups.index)]
    start = log[log["event"] == origin].groupby("user_id")["day"].min() if origin != "signup" else signups
    log["offset"] = (log["day"] - log["user_id"].map(start)).dt.days
    week = signups - pd.to_timedelta((signups.dt.day_of_week - first_weekday) % 7, unit="D")
    log["cohort_week"] = log["user_id"].map(week.dt.strftime("%Y-%m-%d"))
    sizes = week.dt.strftime("%Y-%m-%d").value_counts()
    return log, sizes


def retention_with_days(events, days, first_day, last_day=None, **week):
    """The cohort table when 'retained on day N' means active on any day first_day … N (or last_day).

    ``week`` passes ``first_weekday`` and ``origin`` to ``_active_offsets``.
    """
    import pandas as pd

    log, sizes = _active_offsets(events, **week)
    table = pd.DataFrame({"cohort_week": sorted(sizes.index)})
    table["users"] = table["cohort_week"].map(sizes).astype(int)
    for day in days:
        top = day if last_day is None else last_day
        hit = log[(log["offset"] >= first_day) & (log["offset"] <= top)].drop_duplicates("user_id")
        table[f"d{day}_retention"] = (
            table["cohort_week"].map(hit["cohort_week"].value_counts()).fillna(0) / table["users"]
        )
    return table


def on_day_n(events, days=(1, 7), **week):
    """The cohort table, retained meaning active on day N exactly, with the week or origin of a misconception."""
    import pandas as pd

    log, sizes = _active_offsets(events, **week)
    table = pd.DataFrame({"cohort_week": sorted(sizes.index)})
    table["users"] = table["cohort_week"].map(sizes).astype(int)
    for day in days:
        hit = log[log["offset"] == day].drop_duplicates("user_id")
        table[f"d{day}_retention"] = (
            table["cohort_week"].map(hit["cohort_week"].value_counts()).fillna(0) / table["users"]
        )
    return table


def over_all_signups(expected, days=(1, 7)):
    """The cohort table with each cohort's retained users divided by every signup in the log."""
    table = expected.copy()
    for day in days:
        table[f"d{day}_retention"] = table[f"d{day}_retention"] * table["users"] / table["users"].sum()
    return table


def mean_of_cohort_rates(events, day):
    from tpm_course.topics.metrics.maths import cohort_retention

    return float(cohort_retention(events, [day])[f"d{day}_retention"].mean())


def over_every_user(events, day):
    from tpm_course.topics.metrics.maths import retention_counts

    return float(retention_counts(events, [day])["retained"].sum() / events["user_id"].nunique())


def counting_day_zero(events, day):
    log, sizes = _active_offsets(events)
    hit = log[(log["offset"] >= 0) & (log["offset"] <= day)]["user_id"].nunique()
    return hit / sizes.sum()


def in_24_hour_periods(events, day):
    """Retention when day N means N whole 24-hour periods after the signup's time, not a calendar day."""
    import pandas as pd

    time = pd.to_datetime(events["event_time"])
    signed = time[events["event"] == "signup"].groupby(events["user_id"]).min()
    periods = (time - events["user_id"].map(signed)) // pd.Timedelta(days=1)
    return events.loc[periods == day, "user_id"].nunique() / len(signed)


def events_on_day(events, day):
    log, sizes = _active_offsets(events)
    return int((log["offset"] == day).sum()) / sizes.sum()


def funnel_in_hours(events, window_days, steps=FUNNEL_STEPS):
    """The funnel with a window of ``window_days`` × 24 hours from the first visit's timestamp, not calendar days."""
    import pandas as pd

    time = pd.to_datetime(events["event_time"])
    first = time[events["event"] == steps[0]].groupby(events["user_id"]).min()
    since = time - events["user_id"].map(first)
    inside = events[(since >= pd.Timedelta(0)) & (since < pd.Timedelta(days=window_days))]
    return _funnel_from_counts(steps, [inside.loc[inside["event"] == s, "user_id"].nunique() for s in steps])


def as_percentages(expected, columns):
    """The answer key with its rates written as percentages (35.77 for 0.3577)."""
    return expected.assign(**{c: expected[c] * 100 for c in columns})


def cohorts_in_24_hour_periods(events, days=(1, 7)):
    """The cohort table when day N means N whole 24-hour periods after the signup's time."""
    import pandas as pd

    time = pd.to_datetime(events["event_time"])
    signed = time[events["event"] == "signup"].groupby(events["user_id"]).min()
    periods = (time - events["user_id"].map(signed)) // pd.Timedelta(days=1)
    day = signed.dt.normalize()
    week = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    table = week.value_counts().rename("users").rename_axis("cohort_week").reset_index()
    for n in days:
        back = week[week.index.isin(events.loc[periods == n, "user_id"])].value_counts()
        table[f"d{n}_retention"] = table["cohort_week"].map(back).fillna(0) / table["users"]
    return table.sort_values("cohort_week", ignore_index=True)


@lru_cache(maxsize=16)
def _shipped_rate(day):
    from tpm_course.topics.metrics.maths import retention_rate

    return retention_rate(_shipped(), day)


def from_first_visit(events, day):
    """Pooled retention with days counted from each signed-up user's first visit, not the signup."""
    log, sizes = _active_offsets(events, origin="visit")
    return log.loc[log["offset"] == day, "user_id"].nunique() / sizes.sum()


def within_days(events, day):
    """Pooled retention when 'retained on day N' means active on any day 1 … N."""
    log, sizes = _active_offsets(events)
    return log.loc[log["offset"].between(1, day), "user_id"].nunique() / sizes.sum()


def own_investment(namespace: dict, context: dict) -> dict | None:
    """The step and extra purchasers the learner's own ``funnel_table`` gives (Q5's method on it); None when unreadable."""
    import math

    try:
        table = namespace["funnel_table"]  # not .get: the grader's namespace asks the kernel only on a lookup
    except KeyError:
        return None
    if hasattr(table, "columns") and "step" not in table.columns and getattr(table.index, "name", None) == "step":
        table = table.reset_index()  # the steps kept as the index, as Q1's check allows
    if not hasattr(table, "columns") or not {"step", "users", "step_conversion"} <= set(table.columns):
        return None
    table = table.reset_index(drop=True)
    users = [float(u) for u in table["users"]]
    conversion = [float(c) for c in table["step_conversion"]]
    steps = [str(s).strip().lower() for s in table["step"]]
    gains = {steps[i]: 0.1 * (users[i - 1] - users[i]) * math.prod(conversion[i + 1 :]) for i in range(1, len(users))}
    if not gains or not all(math.isfinite(g) for g in gains.values()):
        return None
    best = max(gains, key=gains.get)
    return {"step": best, "extra_purchasers": gains[best]}


# -- the questions -------------------------------------------------------------------------------

FUNNEL_COLUMNS = ["step", "users", "step_conversion", "overall_conversion", "drop_off"]

RATE_COLUMNS = ("step_conversion", "overall_conversion", "drop_off")

q1 = LabelledFrameQuestion(
    "q1",
    NOTEBOOK,
    "funnel_table",
    abs_tol=5e-5,  # rates rounded to 4 decimals or more pass
    columns=FUNNEL_COLUMNS,
    labels=("step",),  # "Visit" and " visit" name the step "visit"
    rates=RATE_COLUMNS,
    parts=RowParts(3, noun="step"),  # each of the four steps' rows earns 0.75 points
    misconceptions=[
        Misconception(
            "events not users",
            "You counted events, not people: a user who visits five times is still one visitor. "
            "Count distinct `user_id`s at each step.",
            lambda expected, events, window_days, **_: funnel_counting_events(events, window_days),
        ),
        Misconception(
            "over all visitors",
            "Your step conversion divides by everyone who visited. Step conversion divides by the users "
            "who reached the step before; the share of all visitors is the overall conversion.",
            lambda expected, **_: over_all_visitors(expected),
        ),
        Misconception(
            "day 14 kept",
            "Your window keeps day 14. Fourteen days from the first visit are days 0 to 13: keep an event "
            "when fewer than 14 days have passed since the first visit, not up to 14.",
            lambda expected, events, window_days, **_: funnel_with_window(events, window_days + 1),
        ),
        Misconception(
            "no window",
            "You counted steps reached at any time in the log. The question counts a step only within "
            "14 days of the user's first visit (days 0 to 13), so early and late visitors are measured alike.",
            lambda expected, events, **_: funnel_without_window(events),
        ),
        Misconception(
            "percentages",
            "Your rates are percentages (35.8 for 0.358). The table holds fractions between 0 and 1: "
            "do not multiply by 100.",
            lambda expected, **_: as_percentages(expected, RATE_COLUMNS),
        ),
        Misconception(
            "drop-off from the first step",
            "Your `drop_off` is 1 − overall conversion: the share lost since the first visit. Drop-off is "
            "the share lost at this step, 1 − step conversion.",
            lambda expected, **_: expected.assign(drop_off=1 - expected["overall_conversion"]),
        ),
        Misconception(
            "24-hour window",
            "Your window is 14 × 24 hours from the first visit's time. The window is in calendar days: an "
            "event on day 13 after the first visit's day counts whatever its hour.",
            lambda expected, events, window_days, **_: funnel_in_hours(events, window_days),
        ),
    ],
    hints=[
        "Start from each user's first visit day; keep events whose day is fewer than 14 days after it.",
        "For each step count `nunique()` of `user_id`; step conversion = users ÷ the previous row's users.",
    ],
)

RETENTION_COLUMNS = ["cohort_week", "users", "d1_retention", "d7_retention"]

q2 = LabelledFrameQuestion(
    "q2",
    NOTEBOOK,
    "retention_table",
    abs_tol=5e-5,  # rates rounded to 4 decimals or more pass
    rates=("d1_retention", "d7_retention"),
    parts=RowParts(3, noun="cohort"),
    columns=RETENTION_COLUMNS,
    sort_by=["cohort_week"],
    misconceptions=[
        Misconception(
            "day zero counted",
            "Your users count as retained for activity on their signup day. Day 0 is the signup itself and "
            "nearly everyone is active then: D1 means active on the calendar day after signup.",
            lambda expected, events, **_: retention_with_days(events, (1, 7), 0),
        ),
        Misconception(
            "within N days",
            "You counted users active on any day from 1 to N. D7 retention asks about day 7 itself; "
            "'active at some point in the first week' is a different, larger metric.",
            lambda expected, events, **_: retention_with_days(events, (1, 7), 1),
        ),
        Misconception(
            "weeks from Sunday",
            "Your cohort weeks start on Sunday. The brief's cohort week is the Monday of the signup "
            "week (ISO weeks), so a Sunday signup belongs to the week that began six days before.",
            lambda expected, events, **_: on_day_n(events, first_weekday=6),
        ),
        Misconception(
            "days from the first visit",
            "You counted days from each user's first visit. Retention counts days from the signup: "
            "day 1 is the calendar day after the user signed up.",
            lambda expected, events, **_: on_day_n(events, origin="visit"),
        ),
        Misconception(
            "all signups as denominator",
            "Each cohort's retained users are divided by every signup in the log. Divide by the cohort's "
            "own size (its `users`), so that cohorts of different sizes can be compared.",
            lambda expected, **_: over_all_signups(expected),
        ),
        Misconception(
            "percentages",
            "Your retention rates are percentages (50.8 for 0.508). The table holds fractions between 0 and 1: "
            "do not multiply by 100.",
            lambda expected, **_: as_percentages(expected, ("d1_retention", "d7_retention")),
        ),
        Misconception(
            "24-hour periods",
            "You counted whole 24-hour periods from the signup's time. Day N is a calendar day: an event "
            "on the N-th calendar day after the signup day counts, whatever its hour.",
            lambda expected, events, **_: cohorts_in_24_hour_periods(events),
        ),
    ],
    hints=[
        "A user's cohort is the Monday of their signup week: `day - pd.to_timedelta(day.dt.day_of_week, unit='D')`.",
        "Days since signup = (event day − signup day).dt.days. Retained on day 7: some event with exactly 7.",
    ],
)

q3 = UnambiguousFunctionQuestion(
    "q3",
    NOTEBOOK,
    "retention_rate",
    rel_tol=1e-6,
    cases=lambda: [({"events": toy_log(), "day": 1}, 1 / 3), ({"events": toy_log(), "day": 7}, 2 / 3)],
    misconceptions=[
        Misconception(
            "mean of cohort rates",
            "You averaged the cohorts' rates, so a cohort of 200 users weighs as much as one of 2,000. "
            "Pool them: every retained user ÷ every user who signed up.",
            lambda expected, events, day, **_: mean_of_cohort_rates(events, day),
        ),
        Misconception(
            "every user as denominator",
            "You divided by every user in the log, visitors who never signed up included. Retention is "
            "measured on the signup cohort: divide by the users who signed up.",
            lambda expected, events, day, **_: over_every_user(events, day),
        ),
        Misconception(
            "within N days",
            "You counted users active on any day from 1 to N. Retained on day N means active on the N-th "
            "calendar day after the signup day itself; 'active at some point in the first N days' is a "
            "different, larger metric.",
            lambda expected, events, day, **_: within_days(events, day),
        ),
        Misconception(
            "day zero counted",
            "You counted activity from the signup day on. Day 0 never counts: retained on day N means "
            "active on the N-th calendar day after the signup day.",
            lambda expected, events, day, **_: counting_day_zero(events, day),
        ),
        Misconception(
            "events not users",
            "You counted events on day N, so a user who visits twice counts twice. Count users.",
            lambda expected, events, day, **_: events_on_day(events, day),
        ),
        Misconception(
            "24-hour periods",
            "You counted whole 24-hour periods from the signup's time. Day N is a calendar day: an event "
            "on the N-th calendar day after the signup day counts, whatever its hour.",
            lambda expected, events, day, **_: in_24_hour_periods(events, day),
        ),
        Misconception(
            "percent",
            "Your function returns a percentage (17 for 0.17). Return the fraction between 0 and 1.",
            lambda expected, **_: expected * 100,
        ),
        Misconception(
            "days from the first visit",
            "You counted days from each user's first visit. Retention counts days from the signup: "
            "day 1 is the calendar day after the user signed up.",
            lambda expected, events, day, **_: from_first_visit(events, day),
        ),
        Misconception(
            "the notebook's log",
            "Your function reads the notebook's `events`, not the log it is given: on another log it "
            "still returns the shipped log's retention. Compute from the function's argument.",
            lambda expected, day, **_: _shipped_rate(day),
        ),
    ],
    hints=[
        "Find each signed-up user's signup day, then the days on which they have any event.",
        "Retained on day N: an event on signup day + N. Rate = retained users ÷ users who signed up (all cohorts).",
    ],
)

METRIC_SCHEMA = copy.deepcopy(METRIC_DEFINITION_SCHEMA)
METRIC_SCHEMA["required"] = [*METRIC_SCHEMA["required"], "value"]
METRIC_SCHEMA["properties"].update(
    {
        "unit": {"enum": ["share of users", "events per user", "number of users"]},
        "population": {"enum": ["everyone who visited", "users who signed up", "users who activated"]},
        "value": {"type": "number", "minimum": 0, "maximum": 1},
    }
)

q4 = CarriedForwardQuestion(
    "q4",
    NOTEBOOK,
    "d7_definition",
    parts=Parts(2, noun="field"),
    schema=METRIC_SCHEMA,
    share_fields=["value"],  # "17.04 %" reads as 0.1704
    misconceptions=[
        Misconception(
            "no guardrail",
            "A metric with no guardrail invites gaming: daily push notifications would lift D7 retention "
            "while users mute or uninstall the app. Name at least one metric that must not get worse.",
            lambda expected, **_: {"guardrails": []},
        ),
        Misconception(
            "no window",
            "A retention metric without its window is not a definition: D1, D7 and D30 are different "
            "numbers. Give `window_days`.",
            lambda expected, **_: {"window_days": None},
        ),
        Misconception(
            "the funnel's window",
            "14 days is the funnel's window. D7 retention looks at one day, the 7th after signup: `window_days` is 7.",
            lambda expected, **_: {"window_days": 14},
        ),
        Misconception(
            "everyone who visited",
            "Retention is measured on the users who signed up: visitors who never created an account "
            "cannot come back to an account. That is the wrong population (denominator).",
            lambda expected, **_: {"population": "everyone who visited"},
        ),
        Misconception(
            "mean of cohort rates",
            "Your `value` is the average of the cohorts' rates. The catalogue's number is pooled: every "
            "retained user ÷ every signup, so each user counts once.",
            lambda expected, events, **_: {"value": mean_of_cohort_rates(events, 7)},
        ),
    ],
    hints=[
        "Retention counts users, as a share of a population over a window: which population and which window?",
        "`value` is your `retention_rate(events, 7)`. A guardrail is a metric that must not get worse, "
        "such as notification opt-outs.",
    ],
)

DECISION_SCHEMA = {
    "type": "object",
    "required": ["step", "extra_purchasers", "reason"],
    "properties": {
        "step": {"enum": ["signup", "activate", "purchase"]},
        "extra_purchasers": {"type": "number", "minimum": 0},
        "reason": {"type": "string", "minLength": 20},
    },
}

q5 = CarriedForwardQuestion(
    "q5",
    NOTEBOOK,
    "investment",
    parts=Parts(3, noun="field"),
    schema=DECISION_SCHEMA,
    misconceptions=[
        Misconception(
            "users at the step",
            "You counted the users won back at the step. Those at an early step still convert at the later "
            "steps' rates: multiply by the conversion from that step to purchase.",
            lambda expected, users_won_back, **_: {"extra_purchasers": users_won_back},
        ),
        Misconception(
            "most users lost",
            "That step loses the most people, but they are far from buying: each one won back there still "
            "has to pass every later step. Compare extra purchasers, not users lost.",
            lambda expected, **_: {"step": "signup"},
        ),
        Misconception(
            "no window",
            "Your figures come from the funnel without the 14-day window. Use the windowed funnel of Q1.",
            lambda expected, without_window, **_: {"extra_purchasers": without_window},
        ),
        Misconception(
            "10 % of the wrong base",
            "You took a tenth of the users who reach the step. The proposal wins back a tenth of the users "
            "the step loses: users at the step before minus users at the step.",
            lambda expected, users_at_step, **_: {"extra_purchasers": 0.1 * users_at_step},
        ),
    ],
    follows=own_investment,  # the learner's own funnel_table: a Q1 mistake is charged in Q1 only
    follows_from="`funnel_table` (Q1)",
    builds_on={"funnel_table": "Q1"},
    hints=[
        "Users lost at a step = users at the step before − users at the step. A tenth of them come back.",
        "Those users then convert at every later step's rate: extra purchasers = won back × product of the "
        "later step conversions. Pick the step with the most extra purchasers.",
    ],
)
