"""Photo-load latency logs: a week of production by region, and a canary of three fixes.

The photo service runs in one origin region (North America). Each logged request is a
photo load measured by the client: the network round trips to whoever answers (the origin
or, with a CDN, an edge near the user), plus a cache lookup, plus for a miss the fetch
from the origin's database and object store. Bodies are log-normal; rare slow events
(retransmissions, pauses, slow queries) add a Pareto tail.
"""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20260302
LOG_COLUMNS = ["timestamp", "region", "cache", "latency_ms"]
CANARY_COLUMNS = ["timestamp", "option", "region", "cache", "latency_ms"]

# region: (share of requests, round trip to the origin in ms, hit ratio of the origin cache,
#          median last-mile time in ms and its log-normal sigma: more mobile networks far away)
REGIONS = {
    "North America": (0.45, 30.0, 0.84, 15.0, 0.5),
    "Europe": (0.25, 90.0, 0.82, 15.0, 0.5),
    "South America": (0.15, 150.0, 0.78, 25.0, 0.8),
    "Asia Pacific": (0.15, 210.0, 0.76, 25.0, 0.8),
}
FAR_REGIONS = ["South America", "Asia Pacific"]
EDGE_RTT_MS = 15.0  # user to the nearest CDN edge, any region
OPTIONS = ["bigger cache", "database change", "CDN", "CDN and database change"]

LOG_ROWS = 20_000
CANARY_ROWS_PER_CELL = 2_000  # per option and far region
TIMEOUT_MS = 10_000.0  # the app gives up and logs the timeout


def _pareto(rng, size, scale, alpha):
    """Classic Pareto draws (minimum ``scale``) with tail index ``alpha``."""
    return scale * (1.0 + rng.pareto(alpha, size))


def _loads(
    rng, n, rtt, hit_ratio, last_mile, last_mile_sigma, *, edge=False, origin_median=110.0, slow_query_share=0.05
):
    """Latencies (ms) and hit flags of ``n`` photo loads for users ``rtt`` ms from the origin."""
    import numpy as np

    hit = rng.random(n) < hit_ratio
    near = EDGE_RTT_MS if edge else rtt
    network = 2 * near * rng.lognormal(0.0, 0.12, n) + rng.lognormal(np.log(last_mile), last_mile_sigma, n)
    lookup = rng.lognormal(np.log(6.0), 0.35, n)
    origin = rng.lognormal(np.log(origin_median), 0.45, n)
    origin += np.where(rng.random(n) < slow_query_share, _pareto(rng, n, 250.0, 1.6), 0.0)
    if edge:  # an edge miss crosses to the origin once more over a warm connection
        origin += rtt * rng.lognormal(0.0, 0.12, n)
    stalls = np.where(rng.random(n) < 0.03, _pareto(rng, n, 150.0, 1.6), 0.0)
    latency = network + lookup + np.where(hit, 0.0, origin) + stalls
    return np.minimum(latency, TIMEOUT_MS), hit


def _timestamps(rng, n, start, days):
    """Sorted ``YYYY-MM-DD HH:MM:SS`` strings spread over ``days`` days from ``start``."""
    import numpy as np

    seconds = np.sort(rng.integers(0, days * 86_400, n))
    stamps = np.datetime64(start, "s") + seconds.astype("timedelta64[s]")
    return [str(s).replace("T", " ") for s in stamps]


def latency_log(seed: int = SEED, rows: int = LOG_ROWS) -> list[tuple]:
    """Rows of (timestamp, region, cache, latency_ms): a week of sampled production photo loads."""
    import numpy as np

    rng = np.random.default_rng(seed)
    names = list(REGIONS)
    region = rng.choice(len(names), size=rows, p=[REGIONS[r][0] for r in names])
    latency = np.empty(rows)
    hit = np.empty(rows, dtype=bool)
    for i, name in enumerate(names):
        mask = region == i
        _, rtt, hit_ratio, *last_mile = REGIONS[name]
        latency[mask], hit[mask] = _loads(rng, int(mask.sum()), rtt, hit_ratio, *last_mile)
    stamps = _timestamps(rng, rows, "2026-02-23", 7)
    return [
        (t, names[r], "hit" if h else "miss", round(float(x), 1)) for t, r, h, x in zip(stamps, region, hit, latency)
    ]


def _option(name: str, rtt: float, hit_ratio: float) -> dict:
    """What each option changes about a far region's photo loads."""
    cdn = name.startswith("CDN")
    return {
        "rtt": rtt,
        "hit_ratio": 0.95 if name == "bigger cache" else 0.90 if cdn else hit_ratio,
        "edge": cdn,
        "origin_median": 45.0 if "database" in name else 110.0,
        "slow_query_share": 0.01 if "database" in name else 0.03,
    }


def latency_canary(seed: int = SEED + 1, rows_per_cell: int = CANARY_ROWS_PER_CELL) -> list[tuple]:
    """Rows of (timestamp, option, region, cache, latency_ms): each option's canary in the far regions."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for option in OPTIONS:
        for region in FAR_REGIONS:
            _, rtt, hit_ratio, *last_mile = REGIONS[region]
            settings = _option(option, rtt, hit_ratio)
            latency, hit = _loads(
                rng, rows_per_cell, settings.pop("rtt"), settings.pop("hit_ratio"), *last_mile, **settings
            )
            stamps = _timestamps(rng, rows_per_cell, "2026-03-02", 2)
            rows += [
                (t, option, region, "hit" if h else "miss", round(float(x), 1)) for t, h, x in zip(stamps, hit, latency)
            ]
    rows.sort(key=lambda row: row[0])
    return rows


def describe_log() -> str:
    return (
        f"{LOG_ROWS:,} sampled photo loads over a week in four regions; seed {SEED}; "
        "far regions slower, misses slower than hits, a Pareto tail"
    )


def describe_canary() -> str:
    return (
        f"{len(OPTIONS) * len(FAR_REGIONS) * CANARY_ROWS_PER_CELL:,} photo loads from two-day canaries "
        f"of {len(OPTIONS)} options in the two far regions; seed {SEED + 1}"
    )


DATASETS = {
    "latency_log": Dataset("latency_log", LOG_COLUMNS, latency_log, describe_log),
    "latency_canary": Dataset("latency_canary", CANARY_COLUMNS, latency_canary, describe_canary),
}
