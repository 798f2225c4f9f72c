"""A month of Express Checkout requests and failures, every five minutes, with three incidents planted."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20260611
COLUMNS = ["start", "requests", "errors"]
FIRST_DAY = "2026-06-01"
DAYS = 30
SLOTS_PER_DAY = 288  # five-minute intervals

BASELINE_ERROR_RATE = 0.0002
# (first slot "YYYY-MM-DD HH:MM", error rate of each five-minute slot from there)
OUTAGE = ("2026-06-11 14:20", [0.09, 0.13, 0.14, 0.14, 0.13, 0.14, 0.13, 0.11, 0.06])
BLIP = ("2026-06-17 03:10", [0.03])
SLOW_BURN = ("2026-06-22 10:00", [0.004] * (18 * 12))


def _shape(minute, weekday):
    """Relative checkout load by minute of day and day of week: a night trough, lunch, an evening peak."""
    import numpy as np

    hour = minute / 60
    bump = lambda centre, width, height: height * np.exp(-0.5 * ((hour - centre) / width) ** 2)  # noqa: E731
    daily = 0.15 + bump(12.5, 1.6, 0.55) + bump(15.0, 2.5, 0.35) + bump(20.5, 1.8, 0.9)
    return daily * np.where(weekday >= 5, 1.12, 1.0)


def _slot(stamp: str) -> int:
    """Index of the five-minute slot that starts at ``stamp``."""
    from datetime import datetime

    moment = datetime.strptime(stamp, "%Y-%m-%d %H:%M")
    delta = moment - datetime.strptime(FIRST_DAY, "%Y-%m-%d")
    return int(delta.total_seconds()) // 300


def checkout_june(seed: int = SEED, mean_per_slot: float = 6_250) -> list[tuple]:
    """Rows of ("YYYY-MM-DD HH:MM", requests, errors) for June 2026, one every five minutes.

    Planted: the payment provider's 45-minute outage on 11 June from 14:20; a single bad
    five-minute slot at 03:10 on 17 June (a blip no alert should page for); and an inventory
    deploy that fails 0.4 % of requests for 18 hours from 10:00 on 22 June (a slow burn).
    """
    from datetime import datetime, timedelta

    import numpy as np

    rng = np.random.default_rng(seed)
    slot = np.arange(DAYS * SLOTS_PER_DAY)
    minute = (slot % SLOTS_PER_DAY) * 5
    first = datetime.strptime(FIRST_DAY, "%Y-%m-%d")
    weekday = (first.weekday() + slot // SLOTS_PER_DAY) % 7
    shape = _shape(minute, weekday)
    rate = mean_per_slot * shape / shape.mean() * rng.lognormal(0.0, 0.05, slot.size)
    requests = rng.poisson(rate)
    error_rate = BASELINE_ERROR_RATE * rng.lognormal(0.0, 0.3, slot.size)
    for start, rates in (OUTAGE, BLIP, SLOW_BURN):
        at = _slot(start)
        error_rate[at : at + len(rates)] = rates
    errors = rng.binomial(requests, error_rate)
    stamps = [(first + timedelta(minutes=5 * int(s))).strftime("%Y-%m-%d %H:%M") for s in slot]
    return [(t, int(r), int(e)) for t, r, e in zip(stamps, requests, errors)]


def describe() -> str:
    return (
        f"{DAYS * SLOTS_PER_DAY:,} rows, one every five minutes of June 2026; seed {SEED}; "
        f"a 45-minute payment outage on 11 June, a one-slot blip on 17 June, "
        f"an 18-hour slow burn from 22 June"
    )


DATASETS = {"checkout_june": Dataset("checkout_june", COLUMNS, checkout_june, describe)}
