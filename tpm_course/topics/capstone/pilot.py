"""The lesson's smaller worked brief, a Lisbon pilot: how one assumption ripples through the other sections.

Each figure comes from an earlier module's maths; ``ripple`` returns, for one set of assumptions,
how much of each limit the brief uses (above 1: that section no longer agrees with the others).
"""

from __future__ import annotations

from tpm_course.topics.estimation.maths import servers_for
from tpm_course.topics.reliability.maths import allowed_downtime, in_series
from tpm_course.topics.security_delivery.maths import canary_hours

from . import scenario as s
from .rules import monthly_cost

AVERAGE_RPS = 60  # the pilot city's average tracking requests per second
PLANNED_SERVERS = 4
CHAIN = [s.COMPONENTS[c] for c in ("load balancer", "tracking API", "position store", "carrier feed")]
QUESTIONS_PER_MONTH = 60_000
AI_BUDGET_USD = 400
FIRST_STAGE = 0.05  # the first stage takes 5 % of the pilot's traffic ...
FIRST_STAGE_HOURS = 2  # ... for two hours
WINDOW_DAYS = 30


def ripple(peak_factor: float, slo: float, model: str) -> dict[str, dict]:
    """For each section, the figure the assumptions give, its limit and the share of the limit used."""
    design_peak = AVERAGE_RPS * peak_factor * s.GROWTH
    servers = servers_for(design_peak, s.PER_SERVER_RPS, s.MAX_UTILISATION, spares=0)
    chain = in_series(CHAIN)
    chain_minutes, budget_minutes = allowed_downtime(chain, WINDOW_DAYS), allowed_downtime(slo, WINDOW_DAYS)
    rise = (1 - slo) - s.BASELINE_ERROR_RATE  # the stage must see errors climb to what the SLO allows
    hours = canary_hours(s.BASELINE_ERROR_RATE, rise, AVERAGE_RPS * 3_600, FIRST_STAGE) if rise > 1e-9 else float("inf")
    cost = monthly_cost(model, QUESTIONS_PER_MONTH)
    return {
        "capacity": {"figure": servers, "limit": PLANNED_SERVERS, "unit": "servers", "design_peak": design_peak},
        "reliability": {"figure": chain_minutes, "limit": budget_minutes, "unit": "min the chain is down"},
        "rollout": {"figure": hours, "limit": FIRST_STAGE_HOURS, "unit": "h the first stage needs", "rise": rise},
        "ai_assistant": {"figure": cost, "limit": AI_BUDGET_USD, "unit": "$ a month"},
    }
