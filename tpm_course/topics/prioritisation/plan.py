"""The quarter's plan as a knapsack: most value within capacity, deadline items in, Must-haves capped.

Solved with ``scipy.optimize.milp`` (HiGHS). The Must-have cap is DSDM's rule of thumb that
Must-haves take at most 60 % of a timebox's effort (DSDM Agile Project Framework, "MoSCoW
prioritisation").
"""

from __future__ import annotations

MUST_SHARE = 0.6


def plan_items(backlog, interest: dict[str, float]):
    """The plan's table from a backlog: value (debt valued at its interest), effort in weeks, deadline, Must."""
    import pandas as pd

    from tpm_course.topics.prioritisation.scoring import effort_weeks

    return pd.DataFrame(
        {
            "id": backlog["id"],
            "value": [interest.get(i, v) for i, v in zip(backlog["id"], backlog["value_usd"])],
            "effort_weeks": [effort_weeks(e, u) for e, u in zip(backlog["effort"], backlog["effort_unit"])],
            "due_this_quarter": backlog["due_week"].notna(),
            "must": backlog["moscow"] == "must",
        }
    )


def plan(
    items,
    capacity_weeks: float,
    *,
    must_share: float = MUST_SHARE,
    deadlines: bool = True,
    capacity: bool = True,
    must_cap: bool = True,
    relaxed: bool = False,
) -> list[str]:
    """Ids of the items to build, sorted: the most total `value` that fits.

    ``items`` has columns `id`, `value`, `effort_weeks`, `due_this_quarter` and `must`.
    Constraints: total effort ≤ capacity; every item due this quarter is in; the effort of
    Must-haves is at most ``must_share`` of capacity. The flags switch a constraint off, and
    ``relaxed`` drops integrality (the LP relaxation, rounded at 0.5): the mistakes the exercise
    names. Raises ValueError when no plan meets the constraints.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    ids = [str(i) for i in items["id"]]
    value = np.asarray(items["value"], dtype=float)
    effort = np.asarray(items["effort_weeks"], dtype=float)
    due = np.asarray(items["due_this_quarter"], dtype=bool)
    must = np.asarray(items["must"], dtype=bool)
    rows, upper = [], []
    if capacity:
        rows.append(effort)
        upper.append(capacity_weeks)
    if must_cap:
        rows.append(effort * must)
        upper.append(must_share * capacity_weeks)
    lower_bound = due.astype(float) if deadlines else np.zeros(len(ids))
    constraints = [LinearConstraint(np.array(rows), -np.inf, np.array(upper))] if rows else []
    result = milp(
        -value,
        integrality=np.zeros(len(ids)) if relaxed else np.ones(len(ids)),
        bounds=Bounds(lower_bound, np.ones(len(ids))),
        constraints=constraints,
    )
    if result.x is None:
        raise ValueError(f"no plan fits: {result.message}")
    return sorted(i for i, x in zip(ids, result.x) if x > 0.5)


def greedy(items, capacity_weeks: float, must_share: float = MUST_SHARE) -> list[str]:
    """The plan a greedy pick gives: deadline items first, then by value per week while it fits."""
    rows = items.to_dict("records")
    order = sorted(rows, key=lambda r: (not bool(r["due_this_quarter"]), -r["value"] / r["effort_weeks"]))
    chosen, used, used_must = [], 0.0, 0.0
    for row in order:
        must = row["effort_weeks"] if bool(row["must"]) else 0.0
        if (
            used + row["effort_weeks"] <= capacity_weeks + 1e-9
            and used_must + must <= must_share * capacity_weeks + 1e-9
        ):
            chosen.append(str(row["id"]))
            used += row["effort_weeks"]
            used_must += must
    return sorted(chosen)


def total(items, chosen, column: str) -> float:
    """The sum of ``column`` over the chosen ids."""
    picked = items[items["id"].astype(str).isin([str(c) for c in chosen])]
    return float(picked[column].sum())
