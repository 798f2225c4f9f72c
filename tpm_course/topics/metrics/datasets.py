"""A meal-planning app's event log: first visits, signups, activations, purchases and return visits.

The funnel is visit → signup → activate (plans a first week of meals) → purchase (orders a
grocery box). Users arrive over eight weeks; signed-up users come back on later days with a
retention that decays. ``event_frame(seed, weekly_visitors, start)`` gives logs of the same
shape from other seeds and calendars: the hidden tests grade learners' functions on them.
"""

from __future__ import annotations

import datetime as dt

from tpm_course.data.dataset import Dataset

SEED = 20260105
COLUMNS = ["event_time", "user_id", "event", "platform", "signup_date"]
STEPS = ("visit", "signup", "activate", "purchase")

START = dt.date(2026, 1, 5)  # a Monday
WEEKLY_VISITORS = (1500, 1700, 2000, 2400, 2900, 3500, 4200, 5000)  # paid campaigns ramp up
OBSERVED_DAYS = 35  # the log runs five weeks past the last first visit
MAX_SIGNUP_DELAY = 7  # days after the first visit

PLATFORMS = ("web", "ios", "android")
PLATFORM_SHARE = (0.45, 0.32, 0.23)
SIGNUP_RATE = (0.33, 0.38, 0.36)  # by platform
ACTIVATION_RATE = (0.63, 0.66, 0.44)  # by platform: Android's meal-planner onboarding is broken
PURCHASE_RATE = 0.27  # of activated users, ever
FIRST_VISIT_BY_WEEKDAY = (1.0, 0.95, 0.95, 1.0, 0.9, 1.1, 1.3)  # Monday … Sunday
SIGNUP_BY_WEEKDAY = (0.9, 0.9, 0.95, 0.95, 1.0, 1.15, 1.25)  # weekend planners sign up more
ACTIVE_BY_WEEKDAY = (0.95, 0.9, 0.9, 0.95, 0.95, 1.1, 1.25)
KEEPER_SHARE = 0.5  # of signups, the users who make the app a habit (more if activated, fewer in late cohorts)
KEEPER_D1, KEEPER_DECAY = 0.72, 0.4  # a keeper is active on day N with chance 0.72 · N ** -0.4
DRIFTER_D1, DRIFTER_DECAY = 0.05, 0.6  # everyone else rarely comes back


def _cohort_quality(week: int, weeks: int) -> float:
    """Later cohorts come from broader campaigns and engage less: 1.3 for the first week down to 0.65."""
    return 1.3 - 0.65 * week / max(weeks - 1, 1)


def _clock(rng, day: dt.date, low_hour: float = 6.0, high_hour: float = 21.5) -> dt.datetime:
    """A moment on ``day``, most likely around lunch or the evening."""
    hour = rng.normal(12.5, 1.5) if rng.random() < 0.45 else rng.normal(19.5, 1.7)
    seconds = int(min(max(hour, low_hour), high_hour) * 3600) + int(rng.integers(0, 60))
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)


def _later(moment: dt.datetime, rng, low: int, high: int) -> dt.datetime:
    return moment + dt.timedelta(seconds=int(rng.integers(low, high)))


def event_log(seed: int = SEED, weekly_visitors=WEEKLY_VISITORS, start: dt.date = START) -> list[tuple]:
    """Rows of (event_time, user_id, event, platform, signup_date) sorted by time.

    Every user's first event is a visit; a step is only ever reached after the ones before it,
    and a funnel event is always preceded by a visit on the same day. ``signup_date`` is blank
    for users who never signed up. The log ends ``OBSERVED_DAYS`` after the last first visit.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    weeks = len(weekly_visitors)
    end = start + dt.timedelta(days=7 * weeks - 1 + OBSERVED_DAYS)
    total = int(sum(weekly_visitors))
    ids = rng.permutation(total) + 100_001
    rows = []
    visitor = 0
    weekday_weights = np.array(FIRST_VISIT_BY_WEEKDAY) / sum(FIRST_VISIT_BY_WEEKDAY)
    for week, count in enumerate(weekly_visitors):
        quality = _cohort_quality(week, weeks)
        for _ in range(int(count)):
            user = int(ids[visitor])
            visitor += 1
            rows += _one_user(rng, user, start + dt.timedelta(days=7 * week), quality, weekday_weights, end)
    rows.sort(key=lambda r: (r[0], r[1], STEPS.index(r[2])))
    signup = {r[1]: r[0][:10] for r in rows if r[2] == "signup"}
    return [(time, user, event, platform, signup.get(user, "")) for time, user, event, platform in rows]


class _Timeline:
    """One user's events as they happen: visits, and a step taken on a visit."""

    def __init__(self, rng):
        self.rng = rng
        self.events: list[tuple] = []

    def visit(self, moment) -> None:
        self.events.append((moment, "visit"))

    def visit_then(self, day, name, previous=None):
        """A visit on ``day`` followed by ``name``; on the same day as ``previous``, after it."""
        if previous is not None and previous.date() == day:
            moment = _later(previous, self.rng, 120, 2400)
        else:
            moment = _clock(self.rng, day)
            self.visit(moment)
            moment = _later(moment, self.rng, 30, 900)
        self.events.append((moment, name))
        return moment

    def rows(self, user, platform, end) -> list[tuple]:
        return [(m.strftime("%Y-%m-%d %H:%M:%S"), user, name, platform) for m, name in self.events if m.date() <= end]


def _one_user(rng, user, week_start, quality, weekday_weights, end) -> list[tuple]:
    """The events of one user, first visit in the week starting ``week_start``."""
    weekday = int(rng.choice(7, p=weekday_weights))
    first_day = week_start + dt.timedelta(days=weekday)
    p = int(rng.choice(3, p=PLATFORM_SHARE))
    platform = PLATFORMS[p]
    engagement = rng.lognormal(-0.045, 0.3)  # mean 1
    timeline = _Timeline(rng)
    first = _clock(rng, first_day, 0.5, 21.5)
    timeline.visit(first)
    signup_chance = SIGNUP_RATE[p] * SIGNUP_BY_WEEKDAY[weekday] * (0.94 + 0.06 * quality)
    if rng.random() >= signup_chance:
        for gap in rng.integers(1, 21, size=rng.poisson(0.35)):
            day = first_day + dt.timedelta(days=int(gap))
            if day <= end:
                timeline.visit(_clock(rng, day))
        return [(m.strftime("%Y-%m-%d %H:%M:%S"), user, name, platform) for m, name in timeline.events]
    delay = 0 if rng.random() < 0.7 else min(int(rng.geometric(0.45)), MAX_SIGNUP_DELAY)
    if delay == 0:
        signed = _later(first, rng, 60, 900)
        timeline.events.append((signed, "signup"))
    else:
        signed = timeline.visit_then(first_day + dt.timedelta(days=delay), "signup")
    activated, busy = _activate_and_buy(timeline, p, quality, signed, end)
    _return_visits(timeline, signed.date(), busy, engagement, quality, activated, end)
    return timeline.rows(user, platform, end)


def _activate_and_buy(timeline: _Timeline, p: int, quality: float, signed, end) -> tuple[bool, set]:
    """Activation, then a first purchase, after signing up; returns (activated, the days already visited)."""
    rng = timeline.rng
    signup_day = signed.date()
    activated = rng.random() < min(0.95, ACTIVATION_RATE[p] * (0.85 + 0.15 * quality))
    busy = {signup_day}
    moment = signed
    if activated:
        gap = 0 if rng.random() < 0.55 else min(int(rng.geometric(0.35)), 12)
        day = signup_day + dt.timedelta(days=gap)
        moment = timeline.visit_then(day, "activate", moment)
        busy.add(day)
        if rng.random() < PURCHASE_RATE:
            gap = 0 if rng.random() < 0.3 else int(rng.geometric(0.12))
            day = moment.date() + dt.timedelta(days=gap)
            if day <= end:
                timeline.visit_then(day, "purchase", moment)
                busy.add(day)
    return activated, busy


def _return_visits(timeline: _Timeline, signup_day, busy, engagement, quality, activated, end) -> None:
    """Return visits on the days after signup, decaying: habitual users (keepers) come back often."""
    import numpy as np

    rng = timeline.rng
    first_order = min((m.date() for m, name in timeline.events if name == "purchase"), default=None)
    keeper = rng.random() < KEEPER_SHARE * quality * (1.2 if activated else 0.7)
    d1, decay = (KEEPER_D1 * engagement, KEEPER_DECAY) if keeper else (DRIFTER_D1, DRIFTER_DECAY)
    horizon = (end - signup_day).days
    n = np.arange(1, horizon + 1)
    weekdays = (signup_day.weekday() + n) % 7
    chance = np.minimum(0.95, d1 * n**-decay * np.array(ACTIVE_BY_WEEKDAY)[weekdays])
    for offset in n[rng.random(n.size) < chance]:
        day = signup_day + dt.timedelta(days=int(offset))
        if day in busy:
            continue
        moment = _clock(rng, day)
        timeline.visit(moment)
        for _ in range(rng.poisson(0.3)):
            moment = _later(moment, rng, 600, 5400)
            if moment.date() == day:
                timeline.visit(moment)
        if first_order is not None and day > first_order and rng.random() < 0.12:  # repeat orders
            bought = _later(moment, rng, 60, 600)
            if bought.date() == day:
                timeline.events.append((bought, "purchase"))


def event_frame(seed: int = SEED, weekly_visitors=WEEKLY_VISITORS, start: dt.date = START):
    """The log as a DataFrame typed exactly as ``load('events')`` reads the shipped file."""
    import csv
    import io

    import pandas as pd

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(event_log(seed, weekly_visitors, start))
    buffer.seek(0)
    return pd.read_csv(buffer)


def describe() -> str:
    return (
        f"a meal-planning app's events, first visits over {len(WEEKLY_VISITORS)} weeks from "
        f"{START.isoformat()}; seed {SEED}; funnel visit → signup → activate → purchase"
    )


DATASETS = {"events": Dataset("events", COLUMNS, event_log, describe, compressed=True)}
