"""Deadlines of breach notices and data requests, DORA's four keys, and a canary's size and rollback line.

Sources: GDPR Art. 33(1) (notify the supervisory authority within 72 hours of becoming aware of a
breach) and Art. 12(3) (answer a data-subject request within one month of receipt, extendable by
two further months); Cal. Code Regs. tit. 11 §7021 (CCPA: confirm receipt within 10 business
days, answer within 45 calendar days, extendable once by 45); DORA, *Accelerate State of DevOps
Report 2024* (the four keys and the last table of four performance tiers). Canary sizes reuse
module 09's sample-size maths and rollback lines module 03's burn rates, by import.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tpm_course.topics.experiment_design.maths import sample_size_per_arm
from tpm_course.topics.reliability.maths import burn_rate_threshold

NOTICE_HOURS = 72
CCPA_CONFIRM_BUSINESS_DAYS = 10
CCPA_ANSWER_DAYS = 45
CCPA_EXTENSION_DAYS = 45
GDPR_MONTHS, GDPR_EXTENSION_MONTHS = 1, 2


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone: a deadline in hours needs one (UTC or the office's zone)")
    return moment


def authority_deadline(aware_at: datetime) -> datetime:
    """GDPR Art. 33: 72 elapsed hours after the controller became aware, as an instant in UTC.

    Elapsed hours, not wall-clock days: across a change of the clocks the local time moves by an hour.
    """

    return _aware(aware_at).astimezone(UTC) + timedelta(hours=NOTICE_HOURS)


def hours_between(start: datetime, end: datetime) -> float:
    """Elapsed hours from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return (_aware(end) - _aware(start)).total_seconds() / 3600


def add_months(day: date, months: int) -> date:
    """The same date ``months`` later, or that month's last day when it has no such date (pandas' DateOffset)."""
    import pandas as pd

    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def gdpr_reply_by(received: date, extended: bool = False) -> date:
    """GDPR Art. 12(3): one month from receipt, three when extended by the two further months."""
    return add_months(received, GDPR_MONTHS + (GDPR_EXTENSION_MONTHS if extended else 0))


def california_holidays(years) -> list[date]:
    """California's state holidays of ``years`` from the ``holidays`` library (US, subdivision CA)."""
    import holidays

    return sorted(holidays.country_holidays("US", subdiv="CA", years=list(years)))


def add_business_days(day: date, count: int, holiday_list=()) -> date:
    """The date ``count`` business days after ``day`` (Monday to Friday, not in ``holiday_list``), numpy's busday."""
    import numpy as np

    moved = np.busday_offset(np.datetime64(day, "D"), count, roll="forward", holidays=list(holiday_list))
    return date.fromisoformat(str(moved))


def ccpa_deadlines(received: date) -> dict[str, date]:
    """CCPA (11 CCR §7021): confirm within 10 business days; answer within 45 calendar days, or 90 when extended."""
    off = california_holidays({received.year, received.year + 1})
    return {
        "confirm_by": add_business_days(received, CCPA_CONFIRM_BUSINESS_DAYS, off),
        "reply_by": received + timedelta(days=CCPA_ANSWER_DAYS),
        "extended_by": received + timedelta(days=CCPA_ANSWER_DAYS + CCPA_EXTENSION_DAYS),
    }


# -- DORA's four keys ------------------------------------------------------------------------------


def dora_keys(
    changes, deployments, weeks: float, *, statistic: str = "median", lead_from: str = "committed_at"
) -> dict:
    """Deployment frequency (a week), change lead time and recovery time (hours), change failure rate.

    ``changes`` has one row per change (``lead_from`` and ``deploy_id``); ``deployments`` one row
    per production deployment (``deploy_id``, ``deployed_at``, ``failed``, ``restored_at``).
    Lead time runs from the commit to the deployment that shipped it; the failure rate is failed
    deployments over deployments; recovery runs from a failed deployment to the restore.
    """
    import pandas as pd

    deploys = deployments.assign(deployed_at=pd.to_datetime(deployments["deployed_at"], utc=True))
    merged = changes.merge(deploys[["deploy_id", "deployed_at"]], on="deploy_id")
    lead = (merged["deployed_at"] - pd.to_datetime(merged[lead_from], utc=True)).dt.total_seconds() / 3600
    failed = deploys[deploys["failed"].astype(bool)]
    recovery = (pd.to_datetime(failed["restored_at"], utc=True) - failed["deployed_at"]).dt.total_seconds() / 3600
    average = (lambda s: float(s.median())) if statistic == "median" else (lambda s: float(s.mean()))
    return {
        "deploys_per_week": len(deploys) / weeks,
        "lead_time_hours": average(lead),
        "change_failure_rate": len(failed) / len(deploys),
        "recovery_hours": average(recovery),
    }


# The 2024 report's four tiers (Accelerate State of DevOps Report 2024, the software delivery
# performance levels). Bounds are the upper edge of each band, in the units of ``dora_keys``.
TIERS_2024 = {
    "elite": {
        "share": 0.19,
        "deploys": "on demand (several a day)",
        "lead": "under a day",
        "cfr": 0.05,
        "recovery": "under an hour",
    },
    "high": {
        "share": 0.22,
        "deploys": "daily to weekly",
        "lead": "a day to a week",
        "cfr": 0.20,
        "recovery": "under a day",
    },
    "medium": {
        "share": 0.35,
        "deploys": "weekly to monthly",
        "lead": "a week to a month",
        "cfr": 0.10,
        "recovery": "under a day",
    },
    "low": {
        "share": 0.25,
        "deploys": "monthly to every six months",
        "lead": "a month to six months",
        "cfr": 0.40,
        "recovery": "a week to a month",
    },
}
TIER_YEAR = 2024


def deployment_frequency_tier(deploys_per_week: float) -> str:
    """The 2024 tier of a deployment frequency: elite above one a day, high at least weekly, medium at least monthly."""
    if deploys_per_week > 7:
        return "elite"
    if deploys_per_week >= 1:
        return "high"
    return "medium" if deploys_per_week >= 12 / 52 else "low"


def lead_time_tier(hours: float) -> str:
    """The 2024 tier of a change lead time: elite under a day, high under a week, medium under a month."""
    if hours < 24:
        return "elite"
    if hours < 24 * 7:
        return "high"
    return "medium" if hours < 24 * 30 else "low"


# -- a staged rollout ------------------------------------------------------------------------------


def canary_requests(baseline_error_rate: float, rise: float, alpha: float = 0.05, power: float = 0.8) -> int:
    """Requests the canary must serve to detect an error rate of baseline + rise (module 09's pooled formula)."""
    return sample_size_per_arm(baseline_error_rate, rise, alpha, power)


def canary_hours(baseline_error_rate: float, rise: float, requests_per_hour: float, share: float) -> float:
    """Hours a canary taking ``share`` of the traffic needs to serve enough requests to see the rise."""
    if not 0 < share <= 1:
        raise ValueError(f"the canary's share of traffic is in (0, 1], not {share}")
    return canary_requests(baseline_error_rate, rise) / (requests_per_hour * share)


def smallest_share(baseline_error_rate, rise, requests_per_hour, shares, max_hours: float):
    """The smallest of ``shares`` whose canary sees the rise within ``max_hours``, or None."""
    fitting = [s for s in sorted(shares) if canary_hours(baseline_error_rate, rise, requests_per_hour, s) <= max_hours]
    return fitting[0] if fitting else None


def rollback_error_rate(
    slo: float, budget_share: float = 0.02, window_hours: float = 1, window_days: float = 30
) -> float:
    """The error rate that spends ``budget_share`` of the SLO's budget in ``window_hours``: roll back above it.

    Module 03's page-now alert: 2 % of a 30-day budget in one hour is a burn rate of 14.4.
    """
    return burn_rate_threshold(budget_share, window_hours, window_days) * (1 - slo)
