"""Cost of ownership: graduated seat prices, cash flows by year, present value, payback and break-even seats."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Tiers = Sequence[tuple[float | None, float]]
"""Price steps as (last seat of the step, price per seat): ``[(50, 240), (200, 180), (None, 120)]``."""


def licence_cost(seats: float, tiers: Tiers) -> float:
    """Yearly licence cost when each seat is priced at the step it falls in (graduated pricing)."""
    cost, below = 0.0, 0.0
    for last_seat, price in tiers:
        top = seats if last_seat is None else min(seats, last_seat)
        if top > below:
            cost += (top - below) * price
        if last_seat is None or seats <= last_seat:
            break
        below = last_seat
    return cost


def volume_licence_cost(seats: float, tiers: Tiers) -> float:
    """Every seat at the price of the step the last seat falls in (how some vendors price; not the brief's)."""
    for last_seat, price in tiers:
        if last_seat is None or seats <= last_seat:
            return seats * price
    raise ValueError("the last step of the tiers must be open-ended (None)")


@dataclass(frozen=True)
class Option:
    """One way to get the capability: what it costs now (year 0), each year after, and to leave at the end."""

    name: str
    upfront: float
    yearly: list[float] = field(default_factory=list)
    exit_cost: float = 0.0

    def cash_flows(self) -> list[float]:
        """Costs by year, year 0 first; the exit cost falls in the last year."""
        flows = [self.upfront, *self.yearly]
        flows[-1] += self.exit_cost
        return flows

    def tco(self) -> float:
        """Total cost of ownership over the horizon, undiscounted."""
        return sum(self.cash_flows())

    def present_cost(self, rate: float) -> float:
        """The costs discounted to today (year 0 is not discounted)."""
        return present_value(self.cash_flows(), rate)


def present_value(flows: Sequence[float], rate: float) -> float:
    """Σ flow_t / (1 + rate)^t with t = 0 for the first flow: numpy-financial's npv."""
    import numpy_financial as npf

    return float(npf.npv(rate, list(flows)))


def savings(expensive: Option, cheaper: Option) -> list[float]:
    """Cash flows of choosing ``cheaper`` over ``expensive``: the costs it avoids minus the costs it adds, by year."""
    return [a - b for a, b in zip(expensive.cash_flows(), cheaper.cash_flows(), strict=True)]


def payback_years(flows: Sequence[float], rate: float = 0.0) -> float | None:
    """Years until the cumulative (discounted at ``rate``) flows turn non-negative, linear within a year; None if never."""
    cumulative = 0.0
    for year, flow in enumerate(flows):
        value = flow / (1 + rate) ** year
        if cumulative < 0 <= cumulative + value and year > 0:
            return year - 1 + (-cumulative / value)
        cumulative += value
    return 0.0 if flows and flows[0] >= 0 else None


def break_even(cost_of: Callable[[int], float], target: float, high: int = 100_000) -> int | None:
    """The smallest whole number n >= 1 with ``cost_of(n) > target``, for a cost that grows with n; None if none up to ``high``."""
    if cost_of(high) <= target:
        return None
    low = 0  # cost_of(low) <= target is assumed at 0 seats
    while high - low > 1:
        middle = (low + high) // 2
        if cost_of(middle) > target:
            high = middle
        else:
            low = middle
    return high


LOCK_IN_CRITERIA = ("data_export", "proprietary_api", "contract_terms")
"""Each rated 0 (easy to leave), 1 or 2 (hard to leave); the score is their sum, 0 to 6."""


def lock_in_score(ratings: dict[str, int]) -> int:
    """The sum of the three lock-in ratings; ValueError for a missing criterion or a rating outside 0-2."""
    missing = [c for c in LOCK_IN_CRITERIA if c not in ratings]
    if missing:
        raise ValueError(f"rate every criterion: {', '.join(missing)} missing")
    if any(ratings[c] not in (0, 1, 2) for c in LOCK_IN_CRITERIA):
        raise ValueError("each rating is 0, 1 or 2")
    return sum(ratings[c] for c in LOCK_IN_CRITERIA)
