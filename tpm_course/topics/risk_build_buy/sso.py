"""The lesson's worked example: single sign-on for enterprise customers, built, bought or self-hosted."""

from __future__ import annotations

from tpm_course.topics.risk_build_buy.money import Option, licence_cost

GATEKEEP_TIERS = [(10, 1_500), (50, 1_000), (None, 600)]
"""The SaaS identity provider's price per enterprise connection per year, graduated."""

BASE = {
    "engineer_week": 4_500,  # loaded cost, USD
    "build_weeks": 24,
    "maintenance_share": 0.25,  # of the build cost, each year
    "build_hosting": 6_000,
    "buy_integration_weeks": 3,
    "connections_year_1": 30,
    "connection_growth": 15,  # more connections each year
    "price_factor": 1.0,  # the quote's prices times this
    "buy_exit": 30_000,
    "oss_setup_weeks": 10,
    "oss_hosting": 9_000,
    "oss_upkeep_weeks": 12,
    "oss_exit": 10_000,
    "rate": 0.08,
    "overrun": 1.0,  # actual build effort / estimate
}
YEARS = 3


def connections(connections_year_1: float, connection_growth: float) -> list[float]:
    """Enterprise connections in years 1, 2 and 3."""
    return [connections_year_1 + connection_growth * year for year in range(YEARS)]


def options(**inputs) -> dict[str, Option]:
    """The three options' costs by year for the given inputs (``BASE`` fills the rest)."""
    p = {**BASE, **inputs}
    week = p["engineer_week"]
    build_cost = p["build_weeks"] * p["overrun"] * week
    tiers = [(limit, price * p["price_factor"]) for limit, price in GATEKEEP_TIERS]
    yearly_licences = [licence_cost(n, tiers) for n in connections(p["connections_year_1"], p["connection_growth"])]
    return {
        "build": Option("build", build_cost, [p["maintenance_share"] * build_cost + p["build_hosting"]] * YEARS),
        "buy": Option("buy", p["buy_integration_weeks"] * week, yearly_licences, p["buy_exit"]),
        "open source": Option(
            "open source",
            p["oss_setup_weeks"] * week,
            [p["oss_hosting"] + p["oss_upkeep_weeks"] * week] * YEARS,
            p["oss_exit"],
        ),
    }


def buy_minus_build(**inputs) -> float:
    """Present cost of buying minus that of building: positive when building is cheaper."""
    rate = {**BASE, **inputs}["rate"]
    found = options(**inputs)
    return found["buy"].present_cost(rate) - found["build"].present_cost(rate)


RANGES = {
    "build_weeks": (18, 40),
    "maintenance_share": (0.15, 0.35),
    "connections_year_1": (20, 40),
    "connection_growth": (5, 25),
    "price_factor": (0.85, 1.2),
    "buy_exit": (10_000, 60_000),
    "rate": (0.04, 0.12),
    "engineer_week": (3_800, 5_200),
}
"""Low and high of each uncertain input, as the team would defend them in a review."""
