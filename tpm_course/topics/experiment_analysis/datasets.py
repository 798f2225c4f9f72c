"""The plans behind the course's experiment data sets: three tests of Larder, a grocery app.

Each seed was picked among candidates so that the drawn sample shows what the plan plants
(a guardrail that clears significance, a revenue lift that CUPED resolves, a naive test that
disagrees with the delta method); the effects themselves are the plans' parameters.
"""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

from .logs import EXPOSURE_COLUMNS, SESSION_COLUMNS, SPLIT_COLUMNS, Plan, exposure_log, session_log, split_log

# Module 10's exercise: a new home page with a "subscribe & save" banner. Orders rise, baskets
# shrink a little, support contacts rise (people did not mean to subscribe).
HOMEPAGE = Plan(
    seed=20260313,
    users=296_000,
    conversion=0.12,
    rate_shape=0.15,
    order_lift=0.05,
    basket_lift=-0.02,
    contact_rate=0.03,
    contact_change=0.0025,
    mismatch_share=0.0065,
    reload_share=0.0065,
    double_fire_share=0.004,
    both_groups_share=0.0006,
    session_sample=0.1,
    click_shape=1.5,
    novelty_lift=0.035,
    novelty_half_life=2.0,
)

# Module 10's lesson: a new recipes page with an "add every ingredient" button. Orders rise;
# clicks jump while the page is new, then settle; the new page fires its exposure event twice
# more often, so rows (not users) are out of balance.
RECIPES = Plan(
    seed=20260306,
    users=100_000,
    conversion=0.12,
    rate_shape=0.15,
    order_lift=0.06,
    mismatch_share=0.006,
    reload_share=0.006,
    double_fire_share=0.004,
    double_fire_extra_treatment=0.03,
    both_groups_share=0.0005,
    session_sample=0.25,
    click_shape=1.5,
    novelty_lift=0.25,
    novelty_half_life=2.0,
    lasting_lift=0.03,
)

# Module 10's trust question: a one-tap reorder button with no real effect, whose Android
# build crashed before logging the exposure for some of the least active users.
REORDER = Plan(seed=20260328, users=60_000, conversion=0.2, lost_share=0.14, lost_platform="android")


def homepage_test() -> list[tuple]:
    return exposure_log(HOMEPAGE)


def homepage_sessions() -> list[tuple]:
    return session_log(HOMEPAGE)


def recipes_test() -> list[tuple]:
    return exposure_log(RECIPES)


def recipes_sessions() -> list[tuple]:
    return session_log(RECIPES)


def reorder_test() -> list[tuple]:
    return split_log(REORDER)


def _describe(plan: Plan, what: str) -> str:
    return f"{what}; {plan.users:,} users drawn, seed {plan.seed}, {plan.days} days from {plan.start}"


def describe_homepage_test() -> str:
    return _describe(
        HOMEPAGE, "home-page test exposure log: SRM-free after cleaning, guardrail worse, CUPED-ready revenue"
    )


def describe_homepage_sessions() -> str:
    return _describe(HOMEPAGE, "sessions of 10 % of the home-page test's users: clicks per session")


def describe_recipes_test() -> str:
    return _describe(RECIPES, "recipes-page test exposure log: rows out of balance, users in balance")


def describe_recipes_sessions() -> str:
    return _describe(RECIPES, "sessions of 25 % of the recipes-page test's users: a novelty effect")


def describe_reorder_test() -> str:
    return _describe(REORDER, "reorder-button test, one row per user: a sample-ratio mismatch on Android")


COLUMNS = {
    "homepage_test": EXPOSURE_COLUMNS,
    "homepage_sessions": SESSION_COLUMNS,
    "recipes_test": EXPOSURE_COLUMNS,
    "recipes_sessions": SESSION_COLUMNS,
    "reorder_test": SPLIT_COLUMNS,
}
DATASETS = {
    name: Dataset(name, columns, globals()[name], globals()[f"describe_{name}"], compressed=True)
    for name, columns in COLUMNS.items()
}
