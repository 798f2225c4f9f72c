"""Latency arithmetic: percentiles, caches, Little's law and the tail of a fan-out.

Sources: Little's law is J. D. C. Little, "A Proof for the Queuing Formula: L = λW",
Operations Research 9(3), 1961. Tail amplification is J. Dean and L. A. Barroso,
"The Tail at Scale", Communications of the ACM 56(2), 2013. Percentiles use linear
interpolation between the closest ranks: numpy's and pandas' default, definition 7 of
Hyndman and Fan, "Sample Quantiles in Statistical Packages", The American Statistician, 1996.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

PERCENTILES = (50, 95, 99)
"""The percentiles a latency objective usually names: the median and two tail percentiles."""

PERCENTILE_METHOD = "linear"
"""numpy's name for the method used here (its default, and pandas' default)."""


def percentiles(samples: Iterable[float], points: Sequence[float] = PERCENTILES) -> dict[float, float]:
    """The ``points`` (0-100) percentiles of ``samples``, by linear interpolation between ranks."""
    import numpy as np

    values = np.asarray(list(samples), dtype=float)
    if values.size == 0 or not np.isfinite(values).all():
        raise ValueError("need a non-empty series of finite latencies")
    if any(not 0 <= p <= 100 for p in points):
        raise ValueError("percentiles run from 0 to 100: the 95th percentile is 95")
    found = np.percentile(values, list(points), method=PERCENTILE_METHOD)
    return {p: float(v) for p, v in zip(points, found)}


def _check_fraction(value: float, what: str) -> None:
    if not 0 <= value <= 1:
        raise ValueError(f"{what} is a fraction from 0 to 1, not {value}")


def effective_latency(hit_ratio: float, lookup_ms: float, origin_ms: float) -> float:
    """Mean latency behind a cache: every request pays the lookup, a miss also pays the origin.

    ``lookup_ms`` is everything a hit costs; ``origin_ms`` is what a miss adds after the
    lookup failed. Mean = h·lookup + (1 − h)·(lookup + origin) = lookup + (1 − h)·origin.
    """
    _check_fraction(hit_ratio, "a hit ratio")
    return lookup_ms + (1 - hit_ratio) * origin_ms


def hit_ratio_needed(target_ms: float, lookup_ms: float, origin_ms: float) -> float:
    """The lowest hit ratio whose mean latency meets ``target_ms``: 0 when no cache is needed.

    Raises ValueError when even a perfect cache is slower than the target.
    """
    if target_ms < lookup_ms:
        raise ValueError(
            f"every request pays the {lookup_ms:,.4g} ms lookup: a {target_ms:,.4g} ms target cannot be met"
        )
    if origin_ms <= 0:
        return 0.0
    return max(0.0, 1 - (target_ms - lookup_ms) / origin_ms)


def mixture_percentile(
    hit_samples: Sequence[float], miss_samples: Sequence[float], hit_ratio: float, point: float
) -> float:
    """The ``point`` percentile of latencies when a share ``hit_ratio`` are hits.

    Hits and misses keep their measured distributions; only their mix changes. Each sample
    weighs its group's share divided by the group's size, and the percentile is the first
    latency whose cumulative weight reaches ``point``/100 (the inverted CDF of the mix).
    """
    import numpy as np

    _check_fraction(hit_ratio, "a hit ratio")
    hits, misses = np.asarray(hit_samples, float), np.asarray(miss_samples, float)
    if hits.size == 0 or misses.size == 0:
        raise ValueError("need samples of both hits and misses")
    values = np.concatenate([hits, misses])
    weights = np.concatenate(
        [np.full(hits.size, hit_ratio / hits.size), np.full(misses.size, (1 - hit_ratio) / misses.size)]
    )
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    index = int(np.searchsorted(cumulative, point / 100 - 1e-12))
    return float(values[order][min(index, values.size - 1)])


def in_flight(arrival_rate: float, time_in_system: float) -> float:
    """Little's law, L = λ·W: the average number of requests inside a system.

    ``arrival_rate`` per second and ``time_in_system`` in seconds (the mean, not a percentile).
    """
    if arrival_rate < 0 or time_in_system < 0:
        raise ValueError("arrival rate and time in the system cannot be negative")
    return arrival_rate * time_in_system


def pool_size(arrival_rate: float, time_in_system: float) -> int:
    """Connections or workers to hold the requests in flight at ``arrival_rate``: L rounded up.

    A product a hair above a whole number through floating point (50.000000001) counts as it.
    """
    return math.ceil(in_flight(arrival_rate, time_in_system) - 1e-9)


def slow_page_share(slow_share: float, calls: int) -> float:
    """Share of pages that wait on at least one slow call, when a page makes ``calls`` parallel
    calls and each is slow with probability ``slow_share``, independently: 1 − (1 − p)^N."""
    _check_fraction(slow_share, "the slow share of calls")
    if calls < 0:
        raise ValueError("a page cannot make a negative number of calls")
    return 1 - (1 - slow_share) ** calls


def call_percentile_for_page(page_share_fast: float, calls: int) -> float:
    """The share of calls that must be fast so that ``page_share_fast`` of pages are: q^(1/N)."""
    _check_fraction(page_share_fast, "the share of fast pages")
    if calls < 1:
        raise ValueError("a page makes at least one call")
    return page_share_fast ** (1 / calls)
