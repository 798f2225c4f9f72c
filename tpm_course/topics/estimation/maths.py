"""Back-of-the-envelope estimation: the reference tables and a capacity estimate from a brief.

Sources: the latency table is Jeff Dean's "Numbers everyone should know" (2009) as
tabulated by Peter Norvig and others; the day length is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SECONDS_PER_DAY = 86_400
"""Exact. Rough work often uses 10**5; every question says which it uses."""

LATENCY_NUMBERS_NS: dict[str, float] = {
    "L1 cache reference": 0.5,
    "Branch mispredict": 5,
    "L2 cache reference": 7,
    "Mutex lock/unlock": 25,
    "Main memory reference": 100,
    "Compress 1 KB with a fast codec": 3_000,
    "Send 2 KB over a 1 Gbps network": 20_000,
    "SSD random read": 150_000,
    "Read 1 MB sequentially from memory": 250_000,
    "Round trip within the same datacenter": 500_000,
    "Read 1 MB sequentially from SSD": 1_000_000,
    "Disk seek": 10_000_000,
    "Read 1 MB sequentially from disk": 20_000_000,
    "Send a packet California → Netherlands → California": 150_000_000,
}
"""Nanoseconds, as commonly tabulated from Jeff Dean's 2009 talk; orders of magnitude, not benchmarks."""

POWERS_OF_TWO: list[tuple[int, str, str]] = [
    (10, "thousand", "KB"),
    (20, "million", "MB"),
    (30, "billion", "GB"),
    (40, "trillion", "TB"),
    (50, "quadrillion", "PB"),
]
"""2**power ≈ 10**(3·power/10): the approximate value and the byte unit it names."""


def peak_factor(counts) -> float:
    """Busiest interval divided by the average interval of a series of request counts."""
    counts = list(counts)
    if not counts or min(counts) < 0:
        raise ValueError("need a non-empty series of non-negative counts")
    mean = sum(counts) / len(counts)
    if mean == 0:
        raise ValueError("a series with no requests has no peak factor")
    return max(counts) / mean


@dataclass(frozen=True)
class Brief:
    """The numbers of a product brief that drive capacity."""

    daily_active_users: float
    requests_per_user: float  # per day
    uploads_per_user: float  # per day
    bytes_per_upload: float  # stored, all sizes of one photo
    bytes_per_response: float  # served per request
    peak_factor: float = 2.0
    replicas: int = 3
    days: int = 365


@dataclass(frozen=True)
class Estimate:
    """What a brief implies: request rates, storage to provision and peak egress."""

    average_rps: float
    peak_rps: float
    storage_bytes: float
    peak_egress_bits_per_second: float


def estimate(brief: Brief) -> Estimate:
    """Average and peak request rate, replicated storage over ``days`` and peak egress."""
    average = brief.daily_active_users * brief.requests_per_user / SECONDS_PER_DAY
    peak = average * brief.peak_factor
    stored = brief.daily_active_users * brief.uploads_per_user * brief.bytes_per_upload * brief.days * brief.replicas
    egress = peak * brief.bytes_per_response * 8
    return Estimate(average, peak, stored, egress)


def servers_for(peak_rps: float, per_server_rps: float, utilisation: float = 0.75, spares: int = 1) -> int:
    """Servers to run a peak load at the target utilisation, plus spares for failures (N+1)."""
    if per_server_rps <= 0 or not 0 < utilisation <= 1:
        raise ValueError("per-server capacity must be positive and utilisation in (0, 1]")
    return math.ceil(peak_rps / (per_server_rps * utilisation)) + spares
