"""Self-checks of lesson 02, latency, caching and CDN (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.latency.maths import effective_latency, pool_size, slow_page_share

NOTEBOOK = "lesson02_latency"

# The numbers the self-checks state.
SEARCH_HIT_RATIO = 0.9
SEARCH_LOOKUP_MS = 10
SEARCH_ORIGIN_MS = 150
CHECKOUT_AVERAGE_RPS = 240
CHECKOUT_PEAK_RPS = 600
CHECKOUT_SECONDS = 0.150
SHARDS = 40
SLOW_SHARE = 0.01

SEARCH_MEAN_MS = effective_latency(SEARCH_HIT_RATIO, SEARCH_LOOKUP_MS, SEARCH_ORIGIN_MS)
CHECKOUT_WORKERS = pool_size(CHECKOUT_PEAK_RPS, CHECKOUT_SECONDS)
SLOW_SEARCH_SHARE = slow_page_share(SLOW_SHARE, SHARDS)

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "search_mean_ms",
    expected=SEARCH_MEAN_MS,
    misconceptions=[
        Misconception(
            "miss skips the lookup",
            "A miss asks the cache first, so it pays the 10 ms lookup as well as the 150 ms origin. "
            "You charged misses the origin alone.",
            lambda expected, **_: SEARCH_HIT_RATIO * SEARCH_LOOKUP_MS + (1 - SEARCH_HIT_RATIO) * SEARCH_ORIGIN_MS,
        ),
        Misconception(
            "no miss path",
            "You counted the hits only. One search in ten misses and goes on to the origin.",
            lambda expected, **_: SEARCH_HIT_RATIO * SEARCH_LOOKUP_MS,
        ),
        Misconception(
            "hit and miss swapped",
            "You weighted the origin by the hit ratio; only the 10 % of misses reach the origin.",
            lambda expected, **_: SEARCH_LOOKUP_MS + SEARCH_HIT_RATIO * SEARCH_ORIGIN_MS,
        ),
    ],
    hints=[
        "A hit costs the lookup. A miss costs the lookup and then the origin.",
        "mean = lookup + (1 − hit ratio) × origin, or effective_latency(0.9, 10, 150).",
    ],
    solution="search_mean_ms = effective_latency(0.9, 10, 150)  # 10 + 0.1 × 150 = 25 ms",
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "checkout_workers",
    integer=True,
    expected=CHECKOUT_WORKERS,
    misconceptions=[
        Misconception(
            "sized for average",
            "That is the average load. Workers run out at the peak: use the 600 requests/s.",
            lambda expected, **_: pool_size(CHECKOUT_AVERAGE_RPS, CHECKOUT_SECONDS),
        ),
        Misconception(
            "milliseconds",
            "λ is per second, so W must be in seconds: 150 ms is 0.15 s.",
            lambda expected, **_: pool_size(CHECKOUT_PEAK_RPS, CHECKOUT_SECONDS * 1_000),
        ),
    ],
    hints=[
        "Little's law: requests in flight = arrival rate × time each request spends inside.",
        "600 requests/s × 0.15 s; `pool_size` rounds up for you.",
    ],
    solution="checkout_workers = pool_size(600, 0.150)  # 600 × 0.15 = 90 requests in flight at the peak",
)

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "slow_search_share",
    expected=SLOW_SEARCH_SHARE,
    misconceptions=[
        Misconception(
            "added probabilities",
            "You added the chances: 40 × 1 % = 40 %. Overlapping chances do not add; take the share "
            "of searches where all 40 shards are fast, and subtract it from 1.",
            lambda expected, **_: SHARDS * SLOW_SHARE,
        ),
        Misconception(
            "no shard slow",
            "That is the share of searches where every shard is fast. The question asks for the rest.",
            lambda expected, **_: (1 - SLOW_SHARE) ** SHARDS,
        ),
        Misconception(
            "percent", "Give a fraction from 0 to 1, not a percentage.", lambda expected, **_: 100 * expected
        ),
    ],
    hints=[
        "A search is fast only if all 40 shards answer fast. Each does so 99 % of the time.",
        "1 − 0.99 ** 40, or slow_page_share(0.01, 40).",
    ],
    solution="slow_search_share = slow_page_share(0.01, 40)  # 1 − 0.99^40 ≈ 0.33",
)

LEVERS = ["bigger cache", "database change", "CDN", "more API servers"]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "asia_lever",
    options=LEVERS,
    expected="CDN",
    misconceptions=[
        Misconception(
            "cache cures distance",
            "A bigger cache turns misses into hits, but in Asia Pacific a hit still crosses the ocean "
            "twice: the hit path itself is too slow.",
            lambda expected, **_: "bigger cache",
        ),
        Misconception(
            "database cures distance",
            "A faster database shortens the miss path only. Most requests are hits, and they are slow "
            "because of the distance, not the database.",
            lambda expected, **_: "database change",
        ),
        Misconception(
            "servers cure distance",
            "More servers help when requests queue. These requests are slow on the wire, between the "
            "user and the region, and no server count changes that.",
            lambda expected, **_: "more API servers",
        ),
    ],
    hints=[
        "Read Asia Pacific's hit columns in the hit/miss table: how long does a hit take, and where does the time go?",
        "Which lever moves the answer closer to the user instead of making the far-away answer faster?",
    ],
    solution=(
        "# Hits are already slow in Asia Pacific: the time is the distance to the origin.\n"
        "# Only a CDN answers from an edge near the user.\n"
        "asia_lever = 'CDN'"
    ),
)
