"""Technical debt in money: the interest a debt item charges, and SQALE's debt ratio and rating.

Sources: Letouzey, "The SQALE method for evaluating technical debt" (MTD workshop, ICSE 2012) for
the technical-debt ratio = remediation cost / development cost; SonarQube's documentation
("Metric definitions", maintainability) for the default development cost of 30 minutes per
line of code and the rating grid A ≤ 5 %, B ≤ 10 %, C ≤ 20 %, D ≤ 50 %, E above.
"""

from __future__ import annotations

MINUTES_PER_LINE = 30  # SonarQube's default cost of developing one line of code
HOURS_PER_DAY = 8  # SonarQube reports remediation effort in days of eight hours
RATINGS = ("A", "B", "C", "D", "E")
_UPPER_BOUNDS = (0.05, 0.10, 0.20, 0.50)  # the highest ratio of ratings A to D


def interest_per_quarter(
    hours_lost_per_sprint: float, sprints_per_quarter: float, hourly_cost: float, incident_cost_per_quarter: float
) -> float:
    """Money a debt item costs each quarter: engineering hours it wastes plus the incidents it causes."""
    return hours_lost_per_sprint * sprints_per_quarter * hourly_cost + incident_cost_per_quarter


def incident_cost(incidents, hourly_cost: float, *, quarters: float) -> dict[str, float]:
    """Cost per quarter of each cause in an incident log: engineer hours at ``hourly_cost`` plus credits."""
    cost = incidents["engineer_hours"] * hourly_cost + incidents["credits_usd"]
    return (cost.groupby(incidents["cause"]).sum() / quarters).to_dict()


def interest_by_item(
    backlog, incidents, *, sprints_per_quarter: float, hourly_cost: float, quarters: float
) -> dict[str, float]:
    """Interest per quarter of each debt item of a backlog (rows whose `kind` is "debt")."""
    incident = incident_cost(incidents, hourly_cost, quarters=quarters)
    return {
        row["id"]: interest_per_quarter(
            row["hours_lost_per_sprint"], sprints_per_quarter, hourly_cost, incident.get(row["id"], 0.0)
        )
        for row in backlog.to_dict("records")
        if row["kind"] == "debt"
    }


def debt_ratio(remediation_hours: float, lines_of_code: float, minutes_per_line: float = MINUTES_PER_LINE) -> float:
    """SQALE technical-debt ratio: remediation cost over the cost of writing the code, both in hours."""
    development_hours = lines_of_code * minutes_per_line / 60
    return remediation_hours / development_hours


def rating(ratio: float) -> str:
    """SQALE maintainability rating of a debt ratio (a fraction: 0.12 for 12 %)."""
    for letter, bound in zip(RATINGS, _UPPER_BOUNDS):
        if ratio <= bound:
            return letter
    return RATINGS[-1]
