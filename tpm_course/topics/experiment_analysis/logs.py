"""Seeded experiment logs: who saw which page, what they did, and what is planted in them.

One ``Plan`` describes one A/B test of a grocery app's pages and what to plant in it. The
exposure log copies the layout and the quirks of the public "ab_data" landing-page test
(``user_id, timestamp, group, landing_page, converted``: rows whose group and page disagree,
users logged twice), with its own rows and a few more columns; the session log holds the
rows of a ratio metric (clicks per session). Everything is drawn from one seed per plan.

The user model: each user has an order rate (gamma distributed, so a few loyal users order
often and most rarely), a basket size (log-normal, with a few office accounts ten times
larger: revenue is heavy-tailed), an activity level and a click propensity. The 28 days
before the test use the same traits, which is what makes ``pre_revenue`` a covariate CUPED
can use.
"""

from __future__ import annotations

from dataclasses import dataclass

EXPOSURE_COLUMNS = [
    "user_id",
    "timestamp",
    "group",
    "landing_page",
    "converted",
    "revenue",
    "pre_revenue",
    "support_contact",
]
SESSION_COLUMNS = ["user_id", "group", "timestamp", "clicks"]
SPLIT_COLUMNS = ["user_id", "timestamp", "group", "platform", "converted"]
PAGES = {"control": "old_page", "treatment": "new_page"}
PLATFORMS = {"web": 0.45, "ios": 0.30, "android": 0.25}
PRE_PERIOD_DAYS = 28


@dataclass(frozen=True)
class Plan:
    """One simulated test: its size, its true effects and the quirks planted in its logs."""

    seed: int
    users: int  # distinct users exposed (before any are lost)
    start: str = "2026-03-02"  # a Monday
    days: int = 14  # two whole weeks
    control_share: float = 0.5  # the designed split
    # primary metric: placed at least one order during the test
    conversion: float = 0.12  # the control's rate
    rate_shape: float = 0.3  # gamma shape of order rates: smaller means more unequal users
    order_lift: float = 0.0  # relative change of the treatment's order rate
    basket_lift: float = 0.0  # relative change of the treatment's order value
    # guardrail: contacted customer support during the test
    contact_rate: float = 0.03
    contact_change: float = 0.0  # absolute change in the treatment
    # sample-ratio mismatch: treatment users on one platform never logged, the least active first
    lost_share: float = 0.0
    lost_platform: str = "android"
    # logging quirks of the exposure log (shares of users)
    mismatch_share: float = 0.0  # the only row shows the other group's page
    reload_share: float = 0.0  # an extra row showing the other group's page
    double_fire_share: float = 0.0  # the row logged twice, seconds apart
    double_fire_extra_treatment: float = 0.0  # more double-firing in the treatment only
    both_groups_share: float = 0.0  # an extra row in the other group (and its page)
    # sessions: a sample of the analysable users, clicks per session with a novelty effect
    session_sample: float = 0.1
    sessions_per_user: float = 3.0  # on average over the test, on top of the first
    clicks_per_session: float = 2.5
    click_shape: float = 3.0  # gamma shape of users' click propensity
    novelty_lift: float = 0.0  # relative clicks lift on a user's first day in the treatment
    novelty_half_life: float = 2.0  # days for the novelty part of the lift to halve
    lasting_lift: float = 0.0  # relative clicks lift once the novelty has worn off


def _arrival_seconds(rng, n, days):
    """Seconds after the start of each user's first exposure: early days busiest, lunch and evening peaks."""
    import numpy as np

    day = np.arange(days)
    weekend = (day % 7) >= 5
    weights = (np.exp(-day / 3.0) + 0.15) * np.where(weekend, 1.15, 1.0)
    hour = np.arange(24)
    hourly = 0.15 + np.exp(-0.5 * ((hour - 12.5) / 1.5) ** 2) + 1.6 * np.exp(-0.5 * ((hour - 19.5) / 1.8) ** 2)
    first_day = rng.choice(days, size=n, p=weights / weights.sum())
    first_hour = rng.choice(24, size=n, p=hourly / hourly.sum())
    return first_day * 86_400 + first_hour * 3_600 + rng.integers(0, 3_600, size=n)


def _order_values(rng, orders, basket):
    """Total value of each user's ``orders`` orders, each around the user's basket size."""
    import numpy as np

    owner = np.repeat(np.arange(orders.size), orders)
    values = basket[owner] * rng.lognormal(0.0, 0.35, size=owner.size)
    return np.round(np.bincount(owner, weights=values, minlength=orders.size), 2)


def simulate_users(plan: Plan):
    """One row per user: assignment, traits, outcomes and whether the user reached the logs."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(plan.seed)
    n = plan.users
    user_id = rng.choice(np.arange(100_000, 1_000_000), size=n, replace=False)
    treated = rng.random(n) >= plan.control_share
    platform = rng.choice(list(PLATFORMS), size=n, p=list(PLATFORMS.values()))
    arrival = _arrival_seconds(rng, n, plan.days)

    scale = (1 - plan.conversion) ** (-1 / plan.rate_shape) - 1  # P(no order) = (1 + scale)^-shape
    rate = rng.gamma(plan.rate_shape, scale, size=n)  # orders per test window
    basket = rng.lognormal(np.log(38.0), 0.45, size=n) * np.where(rng.random(n) < 0.003, 10.0, 1.0)
    pre_orders = rng.poisson(rate * PRE_PERIOD_DAYS / plan.days)
    orders = rng.poisson(rate * np.where(treated, 1 + plan.order_lift, 1.0))
    pre_revenue = _order_values(rng, pre_orders, basket)
    revenue = _order_values(rng, orders, basket * np.where(treated, 1 + plan.basket_lift, 1.0))
    contact = rng.random(n) < plan.contact_rate + np.where(treated, plan.contact_change, 0.0)

    # The least active treatment users of one platform never reach the logs (a crash, a redirect).
    on_platform = treated & (platform == plan.lost_platform)
    quiet = rate < np.median(rate[on_platform]) if on_platform.any() else np.zeros(n, bool)
    lost = on_platform & quiet & (rng.random(n) < 2 * plan.lost_share)

    return pd.DataFrame(
        {
            "user_id": user_id,
            "group": np.where(treated, "treatment", "control"),
            "platform": platform,
            "arrival": arrival,
            "order_rate": rate,
            "converted": (orders > 0).astype(int),
            "revenue": revenue,
            "pre_revenue": pre_revenue,
            "support_contact": contact.astype(int),
            "lost": lost,
        }
    )


def _timestamps(plan: Plan, seconds):
    import numpy as np

    start = np.datetime64(plan.start, "s")
    text = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
    return np.char.replace(text, "T", " ")


def _other(group):
    import numpy as np

    return np.where(group == "control", "treatment", "control")


def exposure_frame(plan: Plan):
    """The exposure log as a DataFrame, quirks included, sorted by time."""
    import numpy as np
    import pandas as pd

    users = simulate_users(plan)
    users = users[~users["lost"]].reset_index(drop=True)
    rng = np.random.default_rng([plan.seed, 1])
    n = len(users)
    kind = rng.random(n)
    edges = np.cumsum([plan.mismatch_share, plan.reload_share, plan.both_groups_share])
    mismatch, reload, both = (
        kind < edges[0],
        (kind >= edges[0]) & (kind < edges[1]),
        (kind >= edges[1]) & (kind < edges[2]),
    )
    double_share = plan.double_fire_share + np.where(
        users["group"] == "treatment", plan.double_fire_extra_treatment, 0.0
    )
    double = ~(mismatch | reload | both) & (rng.random(n) < double_share)

    group = users["group"].to_numpy()
    page = np.array([PAGES[g] for g in ("control", "treatment")])[(group == "treatment").astype(int)]
    page = np.where(mismatch, np.where(page == "old_page", "new_page", "old_page"), page)
    parts = [users.assign(group=group, landing_page=page, seconds=users["arrival"])]

    # A reload shows the other page, a few minutes to hours before or after the logged exposure.
    shift = rng.integers(60, 6 * 3_600, size=n)
    before = users["arrival"] - shift
    reloaded = np.where((rng.random(n) < 0.5) & (before >= 0), before, users["arrival"] + shift)
    extra = users[reload].assign(group=group[reload], seconds=reloaded[reload])
    parts.append(extra.assign(landing_page=np.where(extra["group"] == "control", "new_page", "old_page")))
    # A user logged in both groups: a second device before accounts were linked.
    later = users["arrival"] + rng.integers(3_600, 3 * 86_400, size=n)
    extra = users[both].assign(group=_other(group[both]), seconds=later[both])
    parts.append(extra.assign(landing_page=[PAGES[g] for g in extra["group"]]))
    # The exposure event fired twice.
    echo = users["arrival"] + rng.integers(0, 3, size=n)
    parts.append(parts[0][double].assign(seconds=echo[double]))

    log = pd.concat(parts, ignore_index=True)
    log = log[log["seconds"] < plan.days * 86_400]  # extra rows after the end are not logged
    log = log.sort_values(["seconds", "user_id", "group", "landing_page"], kind="stable", ignore_index=True)
    log["timestamp"] = _timestamps(plan, log["seconds"].to_numpy())
    return log[EXPOSURE_COLUMNS]


def rows(frame) -> list[tuple]:
    """A DataFrame's rows as tuples of Python values, the form ``tpm_course.data`` writes to CSV."""
    return list(zip(*(frame[column].tolist() for column in frame.columns)))


def exposure_log(plan: Plan) -> list[tuple]:
    """Rows of the exposure log, as written to CSV."""
    return rows(exposure_frame(plan))


def split_log(plan: Plan) -> list[tuple]:
    """One row per logged user with the platform: the layout of a test checked for its split."""
    users = simulate_users(plan)
    users = users[~users["lost"]].sort_values(["arrival", "user_id"], kind="stable")
    stamps = _timestamps(plan, users["arrival"].to_numpy())
    return list(
        zip(
            users["user_id"].tolist(),
            stamps.tolist(),
            users["group"].tolist(),
            users["platform"].tolist(),
            users["converted"].tolist(),
        )
    )


def analysable_users(plan: Plan):
    """Users the cleaning rules keep (one clean row, one group), from the generator's own records."""
    import numpy as np

    users = simulate_users(plan)
    users = users[~users["lost"]].reset_index(drop=True)
    rng = np.random.default_rng([plan.seed, 1])
    kind = rng.random(len(users))
    dropped = (kind < plan.mismatch_share) | (
        (kind >= plan.mismatch_share + plan.reload_share)
        & (kind < plan.mismatch_share + plan.reload_share + plan.both_groups_share)
    )
    return users[~dropped].reset_index(drop=True)


def session_frame(plan: Plan):
    """Sessions of a sample of the analysable users: clicks per session, with the novelty effect."""
    import numpy as np
    import pandas as pd

    users = analysable_users(plan)
    rng = np.random.default_rng([plan.seed, 2])
    users = users[rng.random(len(users)) < plan.session_sample].reset_index(drop=True)
    n = len(users)
    first_day = users["arrival"].to_numpy() // 86_400
    days_left = plan.days - first_day
    activity = rng.gamma(2.0, plan.sessions_per_user / 2.0, size=n)
    sessions = 1 + rng.poisson(activity * days_left / plan.days)
    propensity = rng.gamma(plan.click_shape, plan.clicks_per_session / plan.click_shape, size=n)

    owner = np.repeat(np.arange(n), sessions)
    first = np.r_[0, np.cumsum(sessions)[:-1]]
    is_first = np.zeros(owner.size, bool)
    is_first[first] = True
    offset_days = np.where(is_first, 0, rng.integers(0, days_left[owner]))
    seconds = np.where(
        is_first,
        users["arrival"].to_numpy()[owner],
        (first_day[owner] + offset_days) * 86_400 + rng.integers(6 * 3_600, 23 * 3_600, owner.size),
    )
    seconds = np.maximum(seconds, users["arrival"].to_numpy()[owner])
    age = (seconds - users["arrival"].to_numpy()[owner]) / 86_400
    treated = (users["group"].to_numpy() == "treatment")[owner]
    novelty = plan.lasting_lift + (plan.novelty_lift - plan.lasting_lift) * 0.5 ** (age / plan.novelty_half_life)
    clicks = rng.poisson(propensity[owner] * np.where(treated, 1 + novelty, 1.0))

    log = pd.DataFrame(
        {
            "user_id": users["user_id"].to_numpy()[owner],
            "group": users["group"].to_numpy()[owner],
            "seconds": seconds,
            "clicks": clicks,
        }
    )
    log = log.sort_values(["seconds", "user_id"], kind="stable", ignore_index=True)
    log["timestamp"] = _timestamps(plan, log["seconds"].to_numpy())
    return log[SESSION_COLUMNS]


def session_log(plan: Plan) -> list[tuple]:
    """Rows of the session log, as written to CSV."""
    return rows(session_frame(plan))
