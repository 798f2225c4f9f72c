"""Reliability arithmetic: error budgets, burn rates, burn-rate alerts and the availability of a dependency chain.

Sources: Beyer et al., *Site Reliability Engineering* (O'Reilly, 2016), ch. 3 "Embracing Risk"
and ch. 4 "Service Level Objectives", for SLOs and error budgets; Beyer et al., *The Site
Reliability Workbook* (O'Reilly, 2018), ch. 5 "Alerting on SLOs", for burn rates and the
multiwindow, multi-burn-rate alerts. SLOs and availabilities are fractions: 99.9 % is 0.999.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from dataclasses import dataclass

MINUTES_PER_DAY = 1_440
HOURS_PER_DAY = 24


def _slo(slo: float) -> float:
    if isinstance(slo, bool) or not isinstance(slo, numbers.Real) or not 0 < slo < 1:
        raise ValueError(f"an SLO is a fraction strictly between 0 and 1 (99.9 % is 0.999), not {slo!r}")
    return float(slo)


def _positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return float(value)


def _availabilities(values: Iterable[float]) -> list[float]:
    values = list(values)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
            raise ValueError(f"an availability is a fraction between 0 and 1 (99.9 % is 0.999), not {value!r}")
    return [float(v) for v in values]


# -- error budgets -----------------------------------------------------------------


def allowed_downtime(slo: float, days: float) -> float:
    """Minutes a time-based SLO lets the service be down in a window of ``days`` days.

    The caller states the day count: a 30-day window, July's 31 days, a 365.25-day year.
    """
    return (1 - _slo(slo)) * _positive("days", days) * MINUTES_PER_DAY


def allowed_failures(slo: float, requests: float) -> float:
    """Failed requests a request-based SLO allows among ``requests`` requests in its window."""
    if isinstance(requests, bool) or not isinstance(requests, numbers.Real) or requests < 0:
        raise ValueError(f"requests must be a count of zero or more, not {requests!r}")
    return (1 - _slo(slo)) * requests


def burn_rate(error_rate: float, slo: float) -> float:
    """How fast the budget burns: the error rate over the rate the SLO allows (1 means exactly on budget)."""
    if isinstance(error_rate, bool) or not isinstance(error_rate, numbers.Real) or not 0 <= error_rate <= 1:
        raise ValueError(f"an error rate is a fraction between 0 and 1 (0.5 % is 0.005), not {error_rate!r}")
    return error_rate / (1 - _slo(slo))


def budget_spent(rate: float, hours: float, window_days: float) -> float:
    """Share of a window's error budget spent by burning at ``rate`` for ``hours`` hours.

    Exact for a time-based SLO; for a request-based one it assumes those hours carried
    average traffic.
    """
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or rate < 0:
        raise ValueError(f"a burn rate is zero or more, not {rate!r}")
    return rate * _positive("hours", hours) / (_positive("window_days", window_days) * HOURS_PER_DAY)


def burn_rate_threshold(budget_share: float, alert_window_hours: float, window_days: float = 30) -> float:
    """The burn rate that spends ``budget_share`` of a ``window_days`` budget within ``alert_window_hours``."""
    if not 0 < budget_share <= 1:
        raise ValueError(f"a budget share is a fraction between 0 and 1 (2 % is 0.02), not {budget_share!r}")
    window_hours = _positive("window_days", window_days) * HOURS_PER_DAY
    return budget_share * window_hours / _positive("alert_window_hours", alert_window_hours)


@dataclass(frozen=True)
class AlertRule:
    """One pair of the workbook's multiwindow alerts: it fires while both windows burn above the threshold."""

    severity: str
    budget_share: float
    long_window_hours: float
    short_window_hours: float

    def threshold(self, window_days: float = 30) -> float:
        return burn_rate_threshold(self.budget_share, self.long_window_hours, window_days)


MULTIWINDOW_ALERTS = (
    AlertRule("page", 0.02, 1, 5 / 60),
    AlertRule("page", 0.05, 6, 0.5),
    AlertRule("ticket", 0.10, 3 * HOURS_PER_DAY, 6),
)
"""The Site Reliability Workbook's recommended alerts for a 30-day SLO: burn rates 14.4, 6 and 1.

The short window is a twelfth of the long one: it makes the alert stop soon after the burn does.
"""


# -- availability of a dependency chain ---------------------------------------------


def in_series(availabilities: Iterable[float]) -> float:
    """Availability of components that must all work: the product of their availabilities."""
    return math.prod(_availabilities(availabilities))


def in_parallel(availabilities: Iterable[float]) -> float:
    """Availability of redundant replicas, any one of which is enough, failing independently."""
    values = _availabilities(availabilities)
    if not values:
        raise ValueError("redundancy needs at least one replica")
    return 1 - math.prod(1 - a for a in values)


def behind_shared(replicas: Iterable[float], shared: float) -> float:
    """Redundant replicas that all depend on one shared component: the replicas in parallel, then in series with it.

    The replicas' own failures are independent; the shared component's failure takes them all down.
    """
    return in_parallel(replicas) * in_series([shared])


def nines(availability: float) -> float:
    """How many nines an availability has: 0.999 -> 3, 0.9995 -> 3.3."""
    (value,) = _availabilities([availability])
    if value == 1:
        return math.inf
    return -math.log10(1 - value)
