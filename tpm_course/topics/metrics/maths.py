"""Product metrics from an event log: funnel conversion, retention by signup cohort, metric definitions.

An event log has one row per event with at least ``user_id``, ``event`` and ``event_time``
(text or datetime). The definitions used throughout:

- A user **reaches a funnel step** when they have an event of that name, have reached every
  step before it, and (with a window) the event falls on calendar day 0 … ``window_days − 1``
  counted from the day of their first event of the first step.
- **Step conversion** is users at a step ÷ users at the step before; **overall conversion**
  is users at a step ÷ users at the first step; **drop-off** is 1 − step conversion.
- A user is **retained on day N** when they have any event on the calendar day N days after
  their signup day (day 0 is the signup day and never counts). **Day-N retention** of a cohort
  is its retained users ÷ the users who signed up in it. Pooled retention divides all
  retained users by all signed-up users; it is not the average of the cohorts' rates.
"""

from __future__ import annotations

FUNNEL_STEPS = ("visit", "signup", "activate", "purchase")
SIGNUP_EVENT = "signup"

METRIC_DEFINITION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "A product metric definition",
    "type": "object",
    "required": ["name", "formula", "unit", "population", "window_days", "guardrails"],
    "properties": {
        "name": {"type": "string", "minLength": 3},
        "formula": {"type": "string", "minLength": 10, "description": "numerator ÷ denominator, in words"},
        "unit": {"type": "string", "minLength": 1},
        "population": {"type": "string", "minLength": 3, "description": "who is in the denominator"},
        "window_days": {"type": "integer", "minimum": 1, "description": "days after the anchor event"},
        "guardrails": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 3},
            "description": "metrics that must not get worse while this one improves",
        },
    },
}


def _days(events):
    """``events`` with a ``day`` column: the calendar day of each event as a datetime at midnight."""
    import pandas as pd

    missing = {"user_id", "event", "event_time"} - set(events.columns)
    if missing:
        raise ValueError(f"the event log lacks column(s) {sorted(missing)}; it has {list(events.columns)}")
    days = events[["user_id", "event"]].copy()
    days["day"] = pd.to_datetime(events["event_time"]).dt.normalize()
    return days


def funnel(events, steps=FUNNEL_STEPS, window_days: int | None = None):
    """Users reaching each step, with step and overall conversion and drop-off.

    Columns: ``step``, ``users``, ``step_conversion``, ``overall_conversion``, ``drop_off``;
    the first step's step conversion is 1 and its drop-off 0.
    """
    import pandas as pd

    steps = list(steps)
    if len(steps) < 2:
        raise ValueError("a funnel needs at least two steps")
    if window_days is not None and window_days < 1:
        raise ValueError(f"window_days must be at least 1, not {window_days}")
    days = _days(events)
    start = days[days["event"] == steps[0]].groupby("user_id")["day"].min()
    reached = set(start.index)
    counts = []
    for step in steps:
        rows = days[(days["event"] == step) & days["user_id"].isin(reached)]
        if window_days is not None:
            elapsed = (rows["day"] - rows["user_id"].map(start)).dt.days
            rows = rows[elapsed < window_days]
        reached = reached & set(rows["user_id"])
        counts.append(len(reached))
    table = pd.DataFrame({"step": steps, "users": counts})
    previous = table["users"].shift(1).fillna(table["users"].iloc[0]).to_numpy()
    table["step_conversion"] = _ratio(table["users"], previous)
    table["overall_conversion"] = _ratio(table["users"], table["users"].iloc[0])
    table["drop_off"] = 1 - table["step_conversion"]
    return table


def _ratio(numerator, denominator):
    """numerator ÷ denominator, 0 where the denominator is 0 (a step nobody reached)."""
    import numpy as np

    numerator = np.asarray(numerator, dtype=float)
    denominator = np.broadcast_to(np.asarray(denominator, dtype=float), numerator.shape)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def retention_counts(events, days=(1, 7)):
    """Signups and retained users of each weekly signup cohort on each day N in ``days``.

    Columns: ``cohort_week`` (the cohort's Monday, ``YYYY-MM-DD``), ``day``, ``users`` (signups
    that week) and ``retained`` (of them, users with an event on day N after their signup day).
    """
    import pandas as pd

    days = sorted({int(d) for d in days})
    if not days or days[0] < 1:
        raise ValueError(f"retention counts days after signup, from day 1 (day 0 is the signup day); got {days}")
    log = _days(events)
    signups = log[log["event"] == SIGNUP_EVENT].groupby("user_id")["day"].min()
    if signups.empty:
        raise ValueError(f"the event log has no {SIGNUP_EVENT!r} events, so no cohorts")
    last = log["day"].max()
    late = signups[signups + pd.Timedelta(days=days[-1]) > last]
    if len(late):
        raise ValueError(
            f"day {days[-1]} after signup is past the end of the log ({last:%Y-%m-%d}) for "
            f"{len(late)} users who signed up from {late.min():%Y-%m-%d}"
        )
    cohort = (signups - pd.to_timedelta(signups.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    log["day_n"] = (log["day"] - log["user_id"].map(signups)).dt.days
    active = log[log["day_n"].isin(days)].drop_duplicates(["user_id", "day_n"]).astype({"day_n": int})
    retained = active.groupby([active["user_id"].map(cohort).rename("cohort_week"), "day_n"]).size()
    grid = pd.MultiIndex.from_product([sorted(cohort.unique()), days], names=["cohort_week", "day_n"])
    table = retained.reindex(grid, fill_value=0).rename("retained").reset_index()
    table = table.rename(columns={"day_n": "day"})
    table.insert(2, "users", table["cohort_week"].map(cohort.value_counts()).astype(int))
    return table


def cohort_retention(events, days=(1, 7)):
    """Day-N retention of each weekly signup cohort (weeks start on Monday).

    Columns: ``cohort_week`` (the Monday, ``YYYY-MM-DD``), ``users`` (signups that week) and
    ``d{N}_retention`` for each N in ``days``.
    """
    counts = retention_counts(events, days)
    counts["rate"] = counts["retained"] / counts["users"]
    table = counts.pivot(index=["cohort_week", "users"], columns="day", values="rate")
    table.columns = [f"d{day}_retention" for day in table.columns]
    return table.reset_index()


def retention_rate(events, day: int) -> float:
    """Pooled day-N retention: users active on day N after signup ÷ all users who signed up."""
    counts = retention_counts(events, [day])
    return float(counts["retained"].sum() / counts["users"].sum())


def metric_definition_problems(definition) -> list[str]:
    """Every way a metric definition breaks ``METRIC_DEFINITION_SCHEMA`` (empty when it is complete)."""
    from tpm_course.core.document import schema_problems

    return schema_problems(definition, METRIC_DEFINITION_SCHEMA)
