"""Four weeks of hourly order-tracking requests in two regions whose busiest hours do not coincide."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20261005
COLUMNS = ["hour_utc", "region", "requests"]
START = "2026-10-05"  # a Monday
DAYS = 28
_REGIONS = {  # region: (mean requests an hour, the local evening's peak hour in UTC)
    "eu": (800_000, 18.5),
    "us": (650_000, 1.0),
}


def _shape(hour_of_day, peak_hour):
    """Relative load by hour: a night trough, a lunch bump and an evening peak, in the region's own clock."""
    import numpy as np

    local = (hour_of_day - peak_hour + 20.5) % 24  # the evening peak falls at 20:30 local
    bump = lambda centre, width, height: height * np.exp(-0.5 * ((local - centre) / width) ** 2)  # noqa: E731
    return 0.15 + bump(12.5, 1.5, 0.5) + bump(20.5, 1.8, 1.0)


def tracking_traffic(seed: int = SEED) -> list[tuple]:
    """Rows of ("YYYY-MM-DD HH:00", region, requests) for four weeks from Monday 5 October 2026.

    Planted: Monday is 15 % busier (weekend parcels), and the regions peak about seven hours
    apart, so the busiest hour of the sum is well below the sum of each region's busiest hour.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    hours = np.arange(DAYS * 24)
    days = np.datetime64(START, "h") + hours.astype("timedelta64[h]")
    monday = np.where((hours // 24) % 7 == 0, 1.15, 1.0)
    rows = []
    for region, (mean, peak_hour) in _REGIONS.items():
        shape = _shape(hours % 24, peak_hour)
        rate = mean * shape / shape.mean() * monday * rng.lognormal(0.0, 0.03, hours.size)
        counts = rng.poisson(rate)
        rows += [(str(d).replace("T", " ") + ":00", region, int(c)) for d, c in zip(days, counts)]
    return sorted(rows)


def describe() -> str:
    return (
        f"1,344 rows, one an hour and region for 28 days from {START}; seed {SEED}; the EU and US "
        "evening peaks about seven hours apart; Mondays 15 % busier"
    )


DATASETS = {"capstone_traffic": Dataset("capstone_traffic", COLUMNS, tracking_traffic, describe)}
