"""Scoring a backlog: Intercom's RICE, SAFe's WSJF, CD3, and rankings by each.

Sources: Sean McBride, "RICE: Simple prioritization for product managers" (Intercom blog, 2016)
for RICE = reach × impact × confidence / effort, impact on the scale 3 / 2 / 1 / 0.5 / 0.25 and
confidence 100 / 80 / 50 %; Scaled Agile Framework, "WSJF" (scaledagileframework.com) for
WSJF = cost of delay / job size, cost of delay = user-business value + time criticality + risk
reduction or opportunity enablement, each on the modified Fibonacci scale; Donald Reinertsen,
*The Principles of Product Development Flow* (2009) for the cost of delay in money per unit of
time and scheduling by cost of delay / duration, which Joshua Arnold (blackswanfarming.com)
named CD3.
"""

from __future__ import annotations

IMPACT_SCALE = (3, 2, 1, 0.5, 0.25)  # massive, high, medium, low, minimal
CONFIDENCE_LEVELS = (100, 80, 50)  # percent: high, medium, low
FIBONACCI = (1, 2, 3, 5, 8, 13, 20)  # SAFe's modified Fibonacci scale for WSJF's relative scores
DAYS_PER_WEEK = 5  # an engineer-week is five engineer-days
METHODS = ("rice", "wsjf")


def rice(reach: float, impact: float, confidence_pct: float, effort: float) -> float:
    """RICE score: reach × impact × confidence / effort, with confidence in percent (80 for 80 %)."""
    if effort <= 0:
        raise ValueError(f"effort must be positive, not {effort!r}")
    return reach * impact * (confidence_pct / 100) / effort


def wsjf(business_value: float, time_criticality: float, risk_reduction: float, job_size: float) -> float:
    """WSJF: (business value + time criticality + risk reduction) / job size, all relative scores."""
    if job_size <= 0:
        raise ValueError(f"job size must be positive, not {job_size!r}")
    return (business_value + time_criticality + risk_reduction) / job_size


def cd3(cost_of_delay_per_week: float, duration_weeks: float) -> float:
    """Reinertsen's CD3: money lost per week of delay divided by the weeks the work takes."""
    if duration_weeks <= 0:
        raise ValueError(f"duration must be positive, not {duration_weeks!r}")
    return cost_of_delay_per_week / duration_weeks


def effort_weeks(effort: float, unit: str, days_per_week: float = DAYS_PER_WEEK) -> float:
    """An effort in engineer-weeks, from a number and its unit ("weeks" or "days")."""
    unit = unit.strip().lower()
    if unit in ("week", "weeks"):
        return float(effort)
    if unit in ("day", "days"):
        return float(effort) / days_per_week
    raise ValueError(f"unknown effort unit {unit!r}: use 'weeks' or 'days'")


def scores(
    backlog,
    method: str,
    *,
    convert_units: bool = True,
    use_size: bool = True,
    days_per_week: float = DAYS_PER_WEEK,
) -> dict[str, float]:
    """Each item's score by ``method`` ("rice" or "wsjf"), keyed by `id`.

    ``convert_units=False`` reads `effort` as if every row were in weeks, ``use_size=False``
    leaves out effort or job size, and ``days_per_week`` other than 5 converts days with another
    week (7: a calendar week; 0.2: days multiplied by 5): the mistakes the exercise names.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    result = {}
    for row in backlog.to_dict("records"):
        if method == "rice":
            weeks = effort_weeks(row["effort"], row["effort_unit"], days_per_week)
            effort = weeks if convert_units else float(row["effort"])
            result[row["id"]] = rice(row["reach"], row["impact"], row["confidence_pct"], effort if use_size else 1)
        else:
            size = row["job_size"] if use_size else 1
            result[row["id"]] = wsjf(row["business_value"], row["time_criticality"], row["risk_reduction"], size)
    return result


def ranking(backlog, method: str, **options) -> list[str]:
    """Item ids from the highest score to the lowest (ties keep the backlog's order)."""
    by_item = scores(backlog, method, **options)
    return sorted(by_item, key=lambda item: -by_item[item])


def largest_disagreement(backlog) -> str:
    """The item whose RICE rank and WSJF rank are furthest apart."""
    by_rice = {item: place for place, item in enumerate(ranking(backlog, "rice"))}
    by_wsjf = {item: place for place, item in enumerate(ranking(backlog, "wsjf"))}
    return max(by_rice, key=lambda item: abs(by_rice[item] - by_wsjf[item]))
