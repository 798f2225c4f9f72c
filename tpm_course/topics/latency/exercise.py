"""Checks for exercise 02, latency, caching and CDN (answer keys live in the hidden tests)."""

from tpm_course.core import DocumentQuestion, FrameQuestion, FunctionQuestion, Misconception, Parts, ValueQuestion
from tpm_course.core.errors import TpmCourseError
from tpm_course.topics.latency.datasets import FAR_REGIONS, OPTIONS, REGIONS

NOTEBOOK = "02_latency"
PERCENTILE_COLUMNS = ["p50_ms", "p95_ms", "p99_ms"]


def _with_all_row(expected, all_row):
    """The expected frame with its ``all`` row replaced by ``all_row`` (p50, p95, p99)."""
    frame = expected.copy()
    frame.loc[frame["region"] == "all", PERCENTILE_COLUMNS] = list(all_row)
    return frame


def _regions_only(expected):
    return expected[expected["region"] != "all"]


def _averaged(expected, **_):
    return _with_all_row(expected, _regions_only(expected)[PERCENTILE_COLUMNS].mean())


def _traffic_weighted(expected, requests, **_):
    regions = _regions_only(expected)
    weights = regions["region"].map(requests)
    return _with_all_row(expected, regions[PERCENTILE_COLUMNS].mul(weights, axis=0).sum() / weights.sum())


def _in_seconds(expected, **_):
    frame = expected.copy()
    frame[PERCENTILE_COLUMNS] = frame[PERCENTILE_COLUMNS] / 1_000
    return frame


def _mean_for_median(expected, means, **_):
    frame = expected.copy()
    frame["p50_ms"] = frame["region"].map(means)
    return frame


q1 = FrameQuestion(
    "q1",
    NOTEBOOK,
    "region_percentiles",
    parts=Parts(3, noun="region"),
    columns=["region", *PERCENTILE_COLUMNS],
    sort_by=["region"],
    rel_tol=0.005,  # percentiles rounded to whole milliseconds still match
    misconceptions=[
        Misconception(
            "averaged percentiles",
            "Your `all` row averages the regions' percentiles. Percentiles do not average: "
            "the p95 of all requests comes from all the requests pooled together.",
            _averaged,
        ),
        Misconception(
            "traffic-weighted percentiles",
            "Your `all` row weights each region's percentiles by its traffic. That is still an average "
            "of percentiles, and percentiles do not average: pool every request and take the percentile once.",
            _traffic_weighted,
        ),
        Misconception(
            "mean for median",
            "Your `p50_ms` is the mean. The p50 is the median, the middle request; in a heavy-tailed "
            "log the slow tail drags the mean well above it.",
            _mean_for_median,
        ),
        Misconception(
            "cache misses only",
            "Your percentiles come from the cache misses only. Users wait on every photo load, hits "
            "included: take the percentiles over all the requests of `latency_log`.",
            lambda expected, misses_only, **_: misses_only,
        ),
        Misconception(
            "seconds",
            "Your percentiles look like seconds: the columns are in milliseconds, as `latency_ms` is.",
            _in_seconds,
        ),
        Misconception(
            "fractions given to a 0-100 function",
            "Your percentiles sit near the fastest requests: `np.percentile` takes 0-100 (95), while "
            "pandas' `quantile` takes 0-1 (0.95). You gave a fraction where a percentage was expected.",
            lambda expected, fractions_as_percent, **_: fractions_as_percent,
        ),
    ],
    hints=[
        "Group the log by `region` and take the 0.5, 0.95 and 0.99 quantiles of `latency_ms`; "
        "then add a row `all` computed from every request.",
        "`log.groupby('region')['latency_ms'].quantile([0.5, 0.95, 0.99]).unstack()` gives one column "
        "per quantile; rename them, and compute the `all` row from `log['latency_ms']` itself.",
    ],
)


def _unless(value, expected):
    """A prediction only where it differs from the right answer."""
    return None if value == expected else value


q2 = FunctionQuestion(
    "q2",
    NOTEBOOK,
    "effective_latency",
    rel_tol=0.005,
    cases=[({"hit_ratio": 0.8, "lookup_ms": 20, "origin_ms": 200}, 60.0)],
    misconceptions=[
        Misconception(
            "no miss path",
            "You counted the hits only (hit ratio × lookup). The misses happen too: they pay the "
            "lookup and then the origin.",
            lambda expected, hit_ratio, lookup_ms, **_: hit_ratio * lookup_ms,
        ),
        Misconception(
            "miss skips the lookup",
            "A miss is only known after the cache was asked: it pays `lookup_ms` and then "
            "`origin_ms`. You charged misses the origin alone.",
            lambda expected, hit_ratio, lookup_ms, origin_ms, **_: hit_ratio * lookup_ms + (1 - hit_ratio) * origin_ms,
        ),
        Misconception(
            "hit and miss swapped",
            "You weighted the origin by the hit ratio. Only the misses, a share 1 − hit ratio, go on to the origin.",
            lambda expected, hit_ratio, lookup_ms, origin_ms, **_: lookup_ms + hit_ratio * origin_ms,
        ),
    ],
    hints=[
        "A hit costs `lookup_ms`. A miss costs `lookup_ms` and then `origin_ms`. Weigh each path by how often it happens.",
        "mean = hit_ratio × lookup + (1 − hit_ratio) × (lookup + origin).",
    ],
)

q3 = FunctionQuestion(
    "q3",
    NOTEBOOK,
    "hit_ratio_needed",
    rel_tol=0.005,
    abs_tol=1e-9,
    cases=[
        ({"target_ms": 60, "lookup_ms": 20, "origin_ms": 200}, 0.8),
        ({"target_ms": 400, "lookup_ms": 20, "origin_ms": 200}, 0.0),
    ],
    misconceptions=[
        Misconception(
            "not clipped at zero",
            "When even a 0 % hit ratio meets the target, no cache is needed: return 0, not a negative ratio.",
            lambda expected, target_ms, lookup_ms, origin_ms, **_: (
                None if expected else 1 - (target_ms - lookup_ms) / origin_ms
            ),
        ),
        Misconception(
            "miss skips the lookup",
            "You solved a model where misses skip the lookup. Every request asks the cache first, so "
            "mean = lookup + (1 − hit ratio) × origin; solve that for the hit ratio.",
            lambda expected, target_ms, lookup_ms, origin_ms, **_: _unless(
                (origin_ms - target_ms) / (origin_ms - lookup_ms), expected
            ),
        ),
        Misconception(
            "lookup ignored",
            "You left out the lookup that every request pays: the origin only has "
            "`target_ms - lookup_ms` of budget to share out.",
            lambda expected, target_ms, origin_ms, **_: _unless(1 - target_ms / origin_ms, expected),
        ),
        Misconception(
            "miss ratio",
            "That is the largest miss ratio the target allows. The question asks for the hit ratio: 1 minus it.",
            lambda expected, **_: _unless(1 - expected, expected),
        ),
        Misconception(
            "percent",
            "Give the hit ratio as a fraction from 0 to 1 (0.8), not a percentage (80).",
            lambda expected, **_: _unless(100 * expected, expected),
        ),
    ],
    hints=[
        "Start from your `effective_latency`: set it equal to `target_ms` and solve for the hit ratio.",
        "target = lookup + (1 − h) × origin, so 1 − h = (target − lookup) / origin. Never return less than 0.",
    ],
)

q4 = ValueQuestion(
    "q4",
    NOTEBOOK,
    "connections_needed",
    integer=True,
    misconceptions=[
        Misconception(
            "sized for average",
            "That pool holds the average load. Pools run out at the peak: use the peak rate (average × peak factor).",
            lambda expected, sized_for_average, **_: sized_for_average,
        ),
        Misconception(
            "every request queries the database",
            "Hits are answered by the cache and never take a database connection: only the misses, "
            "a share 1 − hit ratio of the requests, arrive at the pool.",
            lambda expected, every_request, **_: every_request,
        ),
        Misconception(
            "hit ratio for the miss ratio",
            "You multiplied by the hit ratio, but hits never reach the database: the queries are the "
            "misses, a share 1 − hit ratio of the requests.",
            lambda expected, hits_for_misses, **_: hits_for_misses,
        ),
        Misconception(
            "p99 holding time",
            "Little's law relates averages: L = λ × W with W the mean time a query holds its connection, not the p99.",
            lambda expected, p99_holding_time, **_: p99_holding_time,
        ),
        Misconception(
            "milliseconds",
            "λ is per second, so W must be in seconds too: 45 ms is 0.045 s.",
            lambda expected, milliseconds, **_: milliseconds,
        ),
        Misconception(
            "rounded down",
            "Rounding down leaves the peak a connection short: round up.",
            lambda expected, rounded_down, **_: rounded_down,
        ),
    ],
    hints=[
        "Little's law: connections in use = queries arriving per second × seconds each holds a connection.",
        "Queries at the peak = average requests/s × peak factor × share of misses. W = 45 ms = 0.045 s. Round up.",
    ],
)

q5 = FunctionQuestion(
    "q5",
    NOTEBOOK,
    "slow_page_share",
    rel_tol=0.005,
    cases=[
        ({"slow_share": 0.01, "calls": 100}, 1 - 0.99**100),
        ({"slow_share": 0.05, "calls": 3}, 1 - 0.95**3),
    ],
    misconceptions=[
        Misconception(
            "added probabilities",
            "You added the chances (calls × slow share). Chances of overlapping events do not add: "
            "with 200 calls at 1 % that would be 200 %. Work out the share of pages where no call is "
            "slow, and take it from 1.",
            lambda expected, slow_share, calls, **_: calls * slow_share,
        ),
        Misconception(
            "no call slow",
            "That is the share of pages where every call is fast. The question asks for the pages "
            "that wait on at least one slow call: 1 minus it.",
            lambda expected, slow_share, calls, **_: (1 - slow_share) ** calls,
        ),
        Misconception(
            "every call slow",
            "That is the chance that every call is slow at once. One slow call is enough to hold the page back.",
            lambda expected, slow_share, calls, **_: slow_share**calls,
        ),
        Misconception(
            "percent",
            "Give a fraction from 0 to 1 (0.63), not a percentage (63).",
            lambda expected, **_: 100 * expected,
        ),
    ],
    hints=[
        "A page is fast only if every one of its calls is fast. What is the chance that one call is fast?",
        "All `calls` fast: (1 − slow_share) ** calls. At least one slow: 1 minus that.",
    ],
)

RECOMMENDATION_SCHEMA = {
    "type": "object",
    "required": ["option", "limiting_region", "p95_ms", "p99_ms", "monthly_cost_usd", "reason"],
    "properties": {
        "option": {"enum": OPTIONS},
        "limiting_region": {"enum": list(REGIONS)},
        "p95_ms": {"type": "number", "exclusiveMinimum": 0},
        "p99_ms": {"type": "number", "exclusiveMinimum": 0},
        "monthly_cost_usd": {"type": "number", "minimum": 0},
        "reason": {"type": "string", "minLength": 20},
    },
}


def _other_far_region(region):
    """The far region that is not ``region``."""
    others = [r for r in FAR_REGIONS if r != region]
    return others[0] if len(others) == 1 else None


def that_options_figures(namespace: dict, context: dict) -> dict | None:
    """The region, percentiles and cost of the option the learner chose (the key's ``by_option``): the
    exercise defines those fields from "that option", so a wrong choice costs `option` alone."""
    try:
        chosen = q6.lookup(namespace).get("option")
    except (TpmCourseError, AttributeError, TypeError):  # no recommendation of their own yet: the key alone
        return None
    if not isinstance(chosen, str):
        return None
    figures = {option.casefold(): fields for option, fields in (context.get("by_option") or {}).items()}
    return figures.get(chosen.strip().casefold())


q6 = DocumentQuestion(
    "q6",
    NOTEBOOK,
    "recommendation",
    # money as text ("$2,500", "2500 USD") is read in dollars, durations ("581 ms", "0.58 s") in ms
    units={"monthly_cost_usd": "USD", "p95_ms": "ms", "p99_ms": "ms"},
    follows=that_options_figures,
    follows_from="`option`",
    parts=Parts(
        5, each={"option": 1, "limiting_region": 1, "p95_ms": 0.5, "p99_ms": 0.5, "monthly_cost_usd": 1, "reason": 1}
    ),
    schema=RECOMMENDATION_SCHEMA,
    misconceptions=[
        Misconception(
            "mean against a percentile objective",
            "That option's mean latency meets 500 ms, but the objective is on the p95 and p99: "
            "check every far region's percentiles, not its mean.",
            lambda expected, mean_choice, **_: _unless({"option": mean_choice}, {"option": expected["option"]}),
        ),
        Misconception(
            "fastest, not cheapest",
            "That option meets the objective, but so does a cheaper one: recommend the lowest-cost "
            "option that meets it.",
            lambda expected, fastest_choice, **_: _unless({"option": fastest_choice}, {"option": expected["option"]}),
        ),
        Misconception(
            "one far region",
            "That option meets the objective in one far region only. It must meet both limits in "
            "each far region: check both before you pick.",
            lambda expected, one_region_choice, **_: _unless(
                {"option": one_region_choice}, {"option": expected["option"]}
            ),
        ),
        Misconception(
            "the other far region",
            "That is not where this option's p95 is highest. The limiting region is the far region "
            "with the higher p95: compare both regions' p95 for the option you chose.",
            lambda expected, **_: {"limiting_region": _other_far_region(expected["limiting_region"])},
        ),
        Misconception(
            "a year's cost",
            "That is a year's cost: the field asks for the cost per month, as `OPTION_COSTS_USD` gives it.",
            lambda expected, **_: {"monthly_cost_usd": expected["monthly_cost_usd"] * 12},
        ),
        Misconception(
            "averaged regions",
            "Your p95 and p99 average the two far regions' percentiles. The objective holds in every "
            "region: report the limiting region's own percentiles.",
            lambda expected, averaged, **_: averaged,
        ),
        Misconception(
            "pooled regions",
            "Your p95 and p99 pool both far regions' requests. The objective holds in every region: "
            "take the percentiles region by region and report the limiting one.",
            lambda expected, pooled, **_: pooled,
        ),
    ],
    hints=[
        f"Load `latency_canary`, group by `option` and `region`, and take the 0.95 and 0.99 quantiles. "
        f"An option passes only if both far regions ({' and '.join(FAR_REGIONS)}) meet both limits.",
        "Of the options that pass, pick the cheapest. Its limiting region is the far region with the higher p95; "
        "report that region's p95 and p99.",
    ],
)
