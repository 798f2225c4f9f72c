"""A day of per-minute request counts with a diurnal curve and a push-notification burst."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20260310
COLUMNS = ["minute", "time", "requests"]


def _shape(minute):
    """Relative load by minute of day: night trough, lunch bump, evening peak near 21:00."""
    import numpy as np

    hour = minute / 60
    bump = lambda centre, width, height: height * np.exp(-0.5 * ((hour - centre) / width) ** 2)  # noqa: E731
    return 0.18 + bump(8.5, 1.2, 0.45) + bump(12.8, 1.1, 0.55) + bump(20.8, 1.9, 1.0)


def traffic_day(seed: int = SEED, mean_per_minute: float = 60_000) -> list[tuple]:
    """Rows of (minute, "HH:MM", requests) for one day of the current region's photo API.

    Planted: a marketing push at 19:30 that lifts traffic for four minutes, so the
    busiest minute stands well above the busiest hour's average.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    minute = np.arange(24 * 60)
    shape = _shape(minute)
    rate = mean_per_minute * shape / shape.mean()
    rate *= rng.lognormal(mean=0.0, sigma=0.04, size=minute.size)
    push = 19 * 60 + 30
    rate[push : push + 4] *= np.array([1.7, 1.45, 1.2, 1.05])
    counts = rng.poisson(rate)
    return [(int(m), f"{m // 60:02d}:{m % 60:02d}", int(c)) for m, c in zip(minute, counts)]


def describe() -> str:
    return (
        f"1,440 rows, one a minute of a day; seed {SEED}; a diurnal curve peaking near 21:00 "
        f"with a four-minute push-notification burst at 19:30"
    )


DATASETS = {"traffic_day": Dataset("traffic_day", COLUMNS, traffic_day, describe)}
