"""An online shop's product database: users, their app events and their orders over four weeks.

Three tables (``users``, ``events``, ``orders``) shipped as ``datasets/shop_*.csv`` and loaded
into SQLite by ``tpm_course.data.database("shop")``. Another seed gives a second shop with the
same calendar and schema but other rows: the hidden tests run a learner's SQL on it.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import lru_cache, partial

from tpm_course.data.dataset import Dataset

SEED = 20260302
START = dt.date(2026, 3, 2)  # a Monday
DAYS = 28  # 2 to 29 March 2026
EXISTING_USERS = 600  # signed up in the eight weeks before the window
NEW_USERS_PER_DAY = 34  # mean signups a weekday; weekends bring a quarter more
EMAIL_DAY = dt.date(2026, 3, 17)  # a win-back e-mail brings lapsed users back
ANDROID_BUG_FROM = dt.date(2026, 3, 16)  # an Android release breaks part of checkout
IOS_DOUBLE_VIEWS = (dt.date(2026, 3, 24), dt.date(2026, 3, 25))  # the iOS app logs every view twice

TABLES = ("users", "events", "orders")
COLUMNS = {
    "users": ["user_id", "signup_date", "country", "platform"],
    "events": ["event_id", "user_id", "session_id", "event_time", "event_name"],
    "orders": ["order_id", "user_id", "created_at", "status", "total_cents"],
}
SCHEMA = {
    "users": """CREATE TABLE users (
    user_id     INTEGER PRIMARY KEY,
    signup_date TEXT NOT NULL,     -- 'YYYY-MM-DD'
    country     TEXT NOT NULL,     -- DE, FR, NL, ES, PL
    platform    TEXT NOT NULL      -- web, ios, android: where the account was created
)""",
    "events": """CREATE TABLE events (
    event_id    INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (user_id),
    session_id  INTEGER NOT NULL,
    event_time  TEXT NOT NULL,     -- 'YYYY-MM-DD HH:MM:SS', UTC
    event_name  TEXT NOT NULL      -- view_item, add_to_cart, begin_checkout, purchase
)""",
    "orders": """CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (user_id),
    created_at  TEXT NOT NULL,     -- 'YYYY-MM-DD HH:MM:SS', UTC
    status      TEXT NOT NULL,     -- paid, refunded, cancelled
    total_cents INTEGER NOT NULL   -- order value in euro cents
)""",
}
INDEXES = [
    "CREATE INDEX events_by_user ON events (user_id)",
    "CREATE INDEX events_by_time ON events (event_time)",
    "CREATE INDEX orders_by_user ON orders (user_id)",
]

COUNTRIES = ("DE", "FR", "NL", "ES", "PL")
COUNTRY_SHARES = (0.34, 0.24, 0.16, 0.15, 0.11)
PLATFORMS = ("web", "ios", "android")
PLATFORM_SHARES = (0.45, 0.30, 0.25)
NEVER_ACTIVE_SHARE = 0.14  # new accounts that never browse: no events at all


# Share of sessions starting in each hour of the day (UTC): a lunch bump and an evening peak.
_HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 5, 6, 6, 5, 5, 5, 6, 7, 9, 10, 9, 6, 3)


def _activity(engagement, age, day):
    """Chance that a user is active on ``day`` (0-based), ``age`` days after signing up."""
    import math

    weekday = (START + dt.timedelta(days=day)).weekday()
    weekend = 1.15 if weekday >= 5 else 1.0
    email = {0: 1.8, 1: 1.3}.get(day - (EMAIL_DAY - START).days, 1.0)
    return min(0.95, engagement * (1 + 2.0 * math.exp(-age / 4)) * weekend * email)


def _session(rng, platform, date):
    """The event names of one session: views, then perhaps the cart, checkout and a purchase."""
    names = ["view_item"] * (1 + int(rng.poisson(1.6)))
    if rng.random() < 0.28:
        names += ["add_to_cart"] * (1 + int(rng.binomial(1, 0.25)))
        if rng.random() < 0.6:
            names.append("begin_checkout")
            broken = platform == "android" and date >= ANDROID_BUG_FROM
            if rng.random() < (0.42 if broken else 0.72):
                names.append("purchase")
    elif rng.random() < 0.03:
        names.append("purchase")  # "buy now": straight from the product page, no cart
    return names


@lru_cache(maxsize=4)
def tables(seed: int = SEED) -> dict[str, list[tuple]]:
    """Every table of the shop as rows, for a seed (the shipped files use ``SEED``)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    signup_days = [int(d) for d in rng.integers(-56, 0, EXISTING_USERS)]
    for day in range(DAYS):
        weekend = (START + dt.timedelta(days=day)).weekday() >= 5
        signup_days += [day] * int(rng.poisson(NEW_USERS_PER_DAY * (1.25 if weekend else 1.0)))
    signup_days.sort()
    n = len(signup_days)
    country = rng.choice(len(COUNTRIES), n, p=COUNTRY_SHARES)
    platform = rng.choice(len(PLATFORMS), n, p=PLATFORM_SHARES)
    engagement = rng.beta(1.6, 7.0, n)
    never = rng.random(n) < NEVER_ACTIVE_SHARE
    hours = np.array(_HOUR_WEIGHTS) / sum(_HOUR_WEIGHTS)

    users, sessions = [], []  # a session: (start second since START, user, [(offset, name), ...])
    for i, signup in enumerate(signup_days):
        user, device = i + 1, PLATFORMS[platform[i]]
        users.append((user, (START + dt.timedelta(days=signup)).isoformat(), COUNTRIES[country[i]], device))
        if signup >= 0 and never[i]:
            continue
        for day in range(max(0, signup), DAYS):
            age = day - signup
            if age > 0 and rng.random() >= _activity(engagement[i], age, day):
                continue
            date = START + dt.timedelta(days=day)
            for _ in range(1 + int(rng.poisson(0.35))):
                start = day * 86_400 + min(int(rng.choice(24, p=hours)) * 3_600 + int(rng.integers(0, 3_600)), 84_600)
                offset, steps = 0, []
                for name in _session(rng, device, date):
                    steps.append((offset, name))
                    if device == "ios" and date in IOS_DOUBLE_VIEWS and name == "view_item":
                        steps.append((offset, name))  # the bug: the same view logged twice
                    offset += 5 + int(rng.exponential(40))
                sessions.append((start, user, steps))
    return _numbered(rng, users, sessions)


def _stamp(second: int) -> str:
    """Seconds since the start of the window as 'YYYY-MM-DD HH:MM:SS'."""
    moment = dt.datetime.combine(START, dt.time()) + dt.timedelta(seconds=second)
    return moment.isoformat(sep=" ")


def _numbered(rng, users, sessions) -> dict[str, list[tuple]]:
    """Sessions numbered by start time, events by time, and one order for every purchase."""
    import numpy as np

    sessions.sort(key=lambda s: (s[0], s[1]))
    timed = []
    for session_id, (start, user, steps) in enumerate(sessions, start=1):
        timed += [(start + offset, session_id, step, user, name) for step, (offset, name) in enumerate(steps)]
    timed.sort()
    events, orders = [], []
    for event_id, (second, session_id, _, user, name) in enumerate(timed, start=1):
        events.append((event_id, user, session_id, _stamp(second), name))
        if name == "purchase":
            status = ("paid", "refunded", "cancelled")[int(rng.choice(3, p=(0.9, 0.06, 0.04)))]
            cents = round(float(rng.lognormal(np.log(4_200), 0.55)))
            orders.append((len(orders) + 1, user, _stamp(second), status, cents))
    return {"users": users, "events": events, "orders": orders}


def table(name: str, seed: int = SEED) -> list[tuple]:
    """One table's rows."""
    return tables(seed)[name]


def describe(name: str) -> str:
    sizes = {t: len(rows) for t, rows in tables().items()}
    return f"{sizes[name]:,} rows of `{name}`; seed {SEED}; {START:%d %B} to {START + dt.timedelta(days=DAYS - 1):%d %B %Y}"


DATASETS = {
    f"shop_{name}": Dataset(f"shop_{name}", COLUMNS[name], partial(table, name), partial(describe, name))
    for name in TABLES
}
DATABASES = {"shop": sys.modules[__name__]}
"""name -> the module that declares its TABLES, SCHEMA, INDEXES, COLUMNS and tables(seed)."""
