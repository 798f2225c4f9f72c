"""What the traffic history says: the busiest combined hour, the average, each region's own busiest hour."""

from __future__ import annotations

from functools import cache

from tpm_course.topics.estimation.maths import SECONDS_PER_DAY, peak_factor

SECONDS_PER_HOUR = SECONDS_PER_DAY // 24


@cache
def summary() -> dict[str, float]:
    """Peak and mean requests per second of both regions together, the peak factor, and the regions' peaks added."""
    from tpm_course.data import load

    traffic = load("capstone_traffic")
    combined = traffic.groupby("hour_utc")["requests"].sum()
    regional = traffic.groupby("region")["requests"].max()
    return {
        "peak_rps": float(combined.max()) / SECONDS_PER_HOUR,
        "mean_rps": float(combined.mean()) / SECONDS_PER_HOUR,
        "peak_factor": peak_factor(combined.tolist()),
        "regional_peaks_rps": float(regional.sum()) / SECONDS_PER_HOUR,
        "mean_requests_per_hour": float(combined.mean()),
    }
