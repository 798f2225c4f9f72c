"""Submissions for exercise 02 (see ``submissions.Submission``)."""

from submissions import Submission

LOG = 'log = load_dataset("latency_log")\n'
GROUPED = LOG + (
    'table = log.groupby("region")["latency_ms"].quantile([0.5, 0.95, 0.99]).unstack()\n'
    'table.columns = ["p50_ms", "p95_ms", "p99_ms"]\n'
)
EFFECTIVE = "def effective_latency(hit_ratio, lookup_ms, origin_ms):\n    {body}\n"
NEEDED = "def hit_ratio_needed(target_ms, lookup_ms, origin_ms):\n    {body}\n"
POOL = "peak = AVERAGE_RPS * PEAK_FACTOR * (1 - HIT_RATIO)\nconnections_needed = {expr}\n"
SLOW = "def slow_page_share(slow_share, calls):\n    {body}\n"
CANARY = (
    'canary = load_dataset("latency_canary")\n'
    'by = canary.groupby(["option", "region"])["latency_ms"]\n'
    "p95 = by.quantile(0.95).unstack()\n"
    "p99 = by.quantile(0.99).unstack()\n"
    "ok = (p95 <= OBJECTIVE_P95_MS).all(axis=1) & (p99 <= OBJECTIVE_P99_MS).all(axis=1)\n"
)
REASON = '"The CDN is the cheapest option that meets the p95 and p99 limits in both far regions."'
FIGURES = (
    'f"The {choice} is the cheapest option that meets both limits in both far regions: p95 '
    '{p95.loc[choice, worst]:,.0f} ms in {worst}, for ${OPTION_COSTS_USD[choice]:,} a month."'
)


def recommendation(**changes) -> str:
    fields = {
        "option": "choice",
        "limiting_region": "worst",
        "p95_ms": "p95.loc[choice, worst]",
        "p99_ms": "p99.loc[choice, worst]",
        "monthly_cost_usd": "OPTION_COSTS_USD[choice]",
        "reason": REASON,
    }
    fields.update(changes)
    return "recommendation = {\n" + "".join(f'    "{k}": {v},\n' for k, v in fields.items()) + "}\n"


def decision(
    choose: str = "min((o for o in OPTION_COSTS_USD if ok[o]), key=OPTION_COSTS_USD.get)",
    prelude: str = CANARY,
    **changes,
) -> str:
    return prelude + f"choice = {choose}\n" + "worst = p95.loc[choice].idxmax()\n" + recommendation(**changes)


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "groupby_with_region_as_index",
        {
            "q1_answer": GROUPED + 'table.loc["all"] = log["latency_ms"].quantile([0.5, 0.95, 0.99]).to_numpy()\n'
            "region_percentiles = table\n",
            "q3_answer": NEEDED.format(
                body="if target_ms >= lookup_ms + origin_ms:\n        return 0.0\n"
                "    return 1 - (target_ms - lookup_ms) / origin_ms"
            ),
            "q4_answer": "connections_needed = int(np.ceil(1800 * 2.5 * 0.2 * 45 / 1000))\n",
            "q5_answer": "import math\n"
            + SLOW.format(body="return 1 - math.prod(1 - slow_share for _ in range(calls))"),
        },
    ),
    Submission(
        "numpy_loop_renamed_parameters",
        {
            "q1_answer": LOG
            + (
                "records = []\n"
                'for name in sorted(log["region"].unique()) + ["all"]:\n'
                '    values = log["latency_ms"] if name == "all" else log.loc[log["region"] == name, "latency_ms"]\n'
                "    p50, p95, p99 = np.percentile(values, [50, 95, 99])\n"
                '    records.append({"region": name, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99,\n'
                '                    "mean_ms": values.mean()})\n'
                "region_percentiles = pd.DataFrame(records)\n"
            ),
            "q2_answer": "def effective_latency(h, cache_ms, db_ms):\n    return cache_ms + (1 - h) * db_ms\n",
            "q3_answer": NEEDED.format(body="return float(np.clip(1 - (target_ms - lookup_ms) / origin_ms, 0, 1))"),
            "q5_answer": SLOW.format(body="return 1 - np.power(1 - slow_share, calls)"),
        },
    ),
    Submission(
        "decision_read_off_a_printed_table",
        {
            "q6_answer": (
                'canary = load_dataset("latency_canary")\n'
                'print(canary.groupby(["option", "region"])["latency_ms"].quantile([0.95, 0.99]).unstack().round(0))\n'
                "recommendation = {\n"
                '    "option": "cdn",\n'
                '    "limiting_region": "asia pacific",\n'
                '    "p95_ms": 401,\n'
                '    "p99_ms": 581,\n'
                '    "monthly_cost_usd": 14_000.0,\n'
                '    "reason": "Only the CDN options pass in both far regions: p95 401 ms in Asia Pacific, at $14,000 a month.",\n'
                "}\n"
            ),
        },
    ),
    Submission(
        "rounded_for_a_slide",
        {
            "q1_answer": GROUPED + 'table.loc["all"] = log["latency_ms"].quantile([0.5, 0.95, 0.99]).to_numpy()\n'
            "region_percentiles = table.round(0).reset_index()\n",
            "q3_answer": NEEDED.format(body="return round(max(0.0, 1 - (target_ms - lookup_ms) / origin_ms), 2)"),
            "q4_answer": "connections_needed = np.ceil(AVERAGE_RPS * PEAK_FACTOR * (1 - HIT_RATIO) * QUERY_MEAN_MS / 1000)\n",
            "q5_answer": SLOW.format(body="return round(1 - (1 - slow_share) ** calls, 3)"),
            "q6_answer": CANARY
            + (
                "recommendation = {\n"
                '    "reason": "The bigger cache (614 ms p95 in Asia Pacific) and the database change (620 ms) miss '
                "the 500 ms p95. The CDN meets it at 401 ms p95 and 581 ms p99, $9,000 a month less than adding "
                'the database change too.",\n'
                '    "monthly_cost_usd": 14_000,\n'
                '    "p99_ms": round(p99.loc["CDN", "Asia Pacific"]),\n'
                '    "p95_ms": round(p95.loc["CDN", "Asia Pacific"], 1),\n'
                '    "limiting_region": "Asia Pacific",\n'
                '    "option": "CDN",\n'
                "}\n"
            ),
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_averaged_all_row",
        {"q1_answer": GROUPED + 'table.loc["all"] = table.mean()\nregion_percentiles = table.reset_index()\n'},
        ["q1"],
        "averages the regions' percentiles",
    ),
    Submission(
        "q1_traffic_weighted_all_row",
        {
            "q1_answer": GROUPED
            + (
                'requests = log["region"].value_counts()\n'
                'table.loc["all"] = table.mul(requests, axis=0).sum() / requests.sum()\n'
                "region_percentiles = table.reset_index()\n"
            )
        },
        ["q1"],
        "weights each region's percentiles by its traffic",
    ),
    Submission(
        "q1_mean_for_median",
        {
            "q1_answer": LOG
            + (
                'stats = lambda s: pd.Series({"p50_ms": s.mean(), "p95_ms": s.quantile(0.95), "p99_ms": s.quantile(0.99)})\n'
                'table = log.groupby("region")["latency_ms"].apply(stats).unstack()\n'
                'table.loc["all"] = stats(log["latency_ms"])\n'
                "region_percentiles = table.reset_index()\n"
            )
        },
        ["q1"],
        "Your `p50_ms` is the mean",
    ),
    Submission(
        "q1_fractions_to_numpy",
        {
            "q1_answer": LOG
            + (
                "rows = []\n"
                'for name, group in list(log.groupby("region")) + [("all", log)]:\n'
                '    p50, p95, p99 = np.percentile(group["latency_ms"], [0.50, 0.95, 0.99])\n'
                '    rows.append({"region": name, "p50_ms": p50, "p95_ms": p95, "p99_ms": p99})\n'
                "region_percentiles = pd.DataFrame(rows)\n"
            )
        },
        ["q1"],
        "takes 0-100",
    ),
    Submission(
        "q2_hits_only",
        {"q2_answer": EFFECTIVE.format(body="return hit_ratio * lookup_ms")},
        ["q2"],
        "You counted the hits only",
    ),
    Submission(
        "q2_miss_skips_lookup",
        {"q2_answer": EFFECTIVE.format(body="return hit_ratio * lookup_ms + (1 - hit_ratio) * origin_ms")},
        ["q2"],
        "You charged misses the origin alone",
    ),
    Submission(
        "q2_hit_and_miss_swapped",
        {"q2_answer": EFFECTIVE.format(body="return lookup_ms + hit_ratio * origin_ms")},
        ["q2"],
        "weighted the origin by the hit ratio",
    ),
    Submission(
        "q3_not_clipped",
        {"q3_answer": NEEDED.format(body="return 1 - (target_ms - lookup_ms) / origin_ms")},
        ["q3"],
        "not a negative ratio",
    ),
    Submission(
        "q3_miss_skips_lookup",
        {"q3_answer": NEEDED.format(body="return max(0.0, (origin_ms - target_ms) / (origin_ms - lookup_ms))")},
        ["q3"],
        "a model where misses skip the lookup",
    ),
    Submission(
        "q3_lookup_ignored",
        {"q3_answer": NEEDED.format(body="return max(0.0, 1 - target_ms / origin_ms)")},
        ["q3"],
        "You left out the lookup",
    ),
    Submission(
        "q3_miss_ratio",
        {"q3_answer": NEEDED.format(body="return min(1.0, (target_ms - lookup_ms) / origin_ms)")},
        ["q3"],
        "largest miss ratio",
    ),
    Submission(
        "q3_percent",
        {"q3_answer": NEEDED.format(body="return max(0, 100 * (1 - (target_ms - lookup_ms) / origin_ms))")},
        ["q3"],
        "not a percentage",
    ),
    Submission(
        "q4_average_load",
        {"q4_answer": ("connections_needed = math.ceil(AVERAGE_RPS * (1 - HIT_RATIO) * QUERY_MEAN_MS / 1000)\n")},
        ["q4"],
        "That pool holds the average load",
    ),
    Submission(
        "q4_every_request",
        {"q4_answer": ("connections_needed = math.ceil(AVERAGE_RPS * PEAK_FACTOR * QUERY_MEAN_MS / 1000)\n")},
        ["q4"],
        "never take a database connection",
    ),
    Submission(
        "q4_hit_ratio_for_miss_ratio",
        {
            "q4_answer": (
                "connections_needed = math.ceil(AVERAGE_RPS * PEAK_FACTOR * HIT_RATIO * QUERY_MEAN_MS / 1000)\n"
            )
        },
        ["q4"],
        "You multiplied by the hit ratio",
    ),
    Submission(
        "q4_p99_holding_time",
        {"q4_answer": POOL.format(expr="math.ceil(peak * QUERY_P99_MS / 1000)")},
        ["q4"],
        "not the p99",
    ),
    Submission(
        "q4_milliseconds",
        {"q4_answer": POOL.format(expr="math.ceil(peak * QUERY_MEAN_MS)")},
        ["q4"],
        "W must be in seconds",
    ),
    Submission(
        "q4_rounded",
        {"q4_answer": POOL.format(expr="round(peak * QUERY_MEAN_MS / 1000)")},
        ["q4"],
        "Rounding down leaves",
    ),
    Submission(
        "q5_added", {"q5_answer": SLOW.format(body="return calls * slow_share")}, ["q5"], "You added the chances"
    ),
    Submission(
        "q5_no_call_slow",
        {"q5_answer": SLOW.format(body="return (1 - slow_share) ** calls")},
        ["q5"],
        "every call is fast",
    ),
    Submission(
        "q5_every_call_slow",
        {"q5_answer": SLOW.format(body="return slow_share ** calls")},
        ["q5"],
        "every call is slow at once",
    ),
    Submission(
        "q5_percent",
        {"q5_answer": SLOW.format(body="return 100 * (1 - (1 - slow_share) ** calls)")},
        ["q5"],
        "not a percentage",
    ),
    Submission(
        "q6_mean_against_percentiles",
        {
            "q6_answer": decision(
                prelude=(
                    'canary = load_dataset("latency_canary")\n'
                    'p95 = p99 = canary.groupby(["option", "region"])["latency_ms"].mean().unstack()\n'
                    "ok = (p95 <= OBJECTIVE_P95_MS).all(axis=1)\n"
                )
            )
        },
        ["q6"],
        "mean latency meets 500 ms",
    ),
    Submission(  # the other fields are that option's own: a wrong choice costs `option` alone
        "q6_fastest",
        {"q6_answer": decision(choose="p99.max(axis=1).idxmin()", reason=FIGURES)},
        ["q6"],
        "so does a cheaper one",
        earns={"q6": 4},
    ),
    Submission(
        "q6_averaged_regions",
        {"q6_answer": decision(p95_ms="p95.loc[choice].mean()", p99_ms="p99.loc[choice].mean()")},
        ["q6"],
        "average the two far regions' percentiles",
    ),
    Submission(
        "q6_pooled_regions",
        {
            "q6_answer": decision(
                p95_ms='canary.loc[canary["option"] == choice, "latency_ms"].quantile(0.95)',
                p99_ms='canary.loc[canary["option"] == choice, "latency_ms"].quantile(0.99)',
            )
        },
        ["q6"],
        "pool both far regions' requests",
    ),
]

BROKEN = [
    Submission(
        "q1_regions_in_an_unnamed_index",
        {
            "q1_answer": LOG
            + (
                'region_percentiles = pd.DataFrame({r: {"p50_ms": g.median(), "p95_ms": g.quantile(0.95),\n'
                '                                       "p99_ms": g.quantile(0.99)}\n'
                '                                   for r, g in log.groupby("region")["latency_ms"]}).T\n'
            )
        },
        ["q1"],
        "lacks column(s) 'region'",
    ),
    Submission(
        "q1_all_row_capitalised",
        {
            "q1_answer": GROUPED
            + (
                'table.loc["All"] = log["latency_ms"].quantile([0.5, 0.95, 0.99]).to_numpy()\n'
                "region_percentiles = table.reset_index()\n"
            )
        },
        ["q1"],
        "no row for region 'all'",
    ),
    Submission(
        "q1_all_row_missing",
        {"q1_answer": GROUPED + "region_percentiles = table.reset_index()\n"},
        ["q1"],
        "no row for region 'all'",
    ),
    Submission(
        "q2_prints",
        {"q2_answer": EFFECTIVE.format(body="print(lookup_ms + (1 - hit_ratio) * origin_ms)")},
        ["q2"],
        "It has no `return` with a value",
    ),
    Submission(
        "q4_fraction", {"q4_answer": POOL.format(expr="peak * QUERY_MEAN_MS / 1000")}, ["q4"], "must be a whole number"
    ),
    Submission(
        "q5_raises",
        {"q5_answer": SLOW.format(body="return 1 - (1 - slow_share) ** calls / 0")},
        ["q5"],
        "raised ZeroDivisionError",
    ),
    Submission(
        "q6_option_not_offered",
        {
            "q6_answer": (
                "recommendation = {\n"
                '    "option": "Cloudflare",\n'
                '    "limiting_region": "Asia Pacific",\n'
                '    "p95_ms": 380,\n'
                '    "p99_ms": 560,\n'
                '    "monthly_cost_usd": 12_000,\n'
                '    "reason": "A vendor quote beats every option engineering priced.",\n'
                "}\n"
            )
        },
        ["q6"],
        "is not one of",
    ),
    Submission("q6_unfinished", {"q6_answer": decision(reason="...")}, ["q6"], "is not finished"),
]

CORRECT_IN_OTHER_FORMS += [
    Submission("q6_cost_with_a_dollar_sign", {"q6_answer": decision(monthly_cost_usd='"$14,000"', reason=FIGURES)}),
    Submission(  # the numbers that rule the other options out are the figures a reason quotes
        "q6_reason_rules_the_others_out",
        {
            "q6_answer": decision(
                reason="f\"The bigger cache leaves Asia Pacific's p95 at {p95.loc['bigger cache', 'Asia Pacific']:.0f} "
                'ms, over the 500 ms target. The CDN is the cheapest option that meets it."'
            )
        },
    ),
    Submission(
        "q6_percentiles_with_units",
        {
            "q6_answer": decision(
                p95_ms='f"{p95.loc[choice, worst]:.1f} ms"',
                p99_ms='f"{p99.loc[choice, worst] / 1000} s"',
                reason=FIGURES,
            )
        },
    ),
    Submission("q6_cost_in_usd", {"q6_answer": decision(monthly_cost_usd='"14000 USD"', reason=FIGURES)}),
]

MISCONCEPTIONS += [
    Submission(
        "q1_cache_misses_only",
        {
            "q1_answer": LOG
            + 'log = log[log["cache"] == "miss"]\n'
            + 'table = log.groupby("region")["latency_ms"].quantile([0.5, 0.95, 0.99]).unstack()\n'
            'table.columns = ["p50_ms", "p95_ms", "p99_ms"]\n'
            'table.loc["all"] = log["latency_ms"].quantile([0.5, 0.95, 0.99]).to_numpy()\n'
            "region_percentiles = table.reset_index()\n"
        },
        ["q1"],
        "Your percentiles come from the cache misses only",
    ),
    Submission(
        "q1_in_seconds",
        {
            "q1_answer": GROUPED + 'table.loc["all"] = log["latency_ms"].quantile([0.5, 0.95, 0.99]).to_numpy()\n'
            "region_percentiles = (table / 1000).reset_index()\n"
        },
        ["q1"],
        "Your percentiles look like seconds",
    ),
    Submission(
        "q6_other_region_and_a_years_cost",
        {
            "q6_answer": decision(
                limiting_region='"South America"',
                p95_ms='p95.loc[choice, "South America"]',
                p99_ms='p99.loc[choice, "South America"]',
                monthly_cost_usd="OPTION_COSTS_USD[choice] * 12",
                reason=FIGURES,
            )
        },
        ["q6"],
        "That is a year's cost",
        earns={"q6": 2},
    ),
    Submission(
        "q6_database_change_checked_in_one_region",
        {
            "q6_answer": decision(
                choose='"database change"',
                limiting_region='"South America"',
                p95_ms='p95.loc[choice, "South America"]',
                p99_ms='p99.loc[choice, "South America"]',
                reason='"The database change brings South America\'s p95 to 490 ms, under 500 ms, for $9,000 a month."',
            )
        },
        ["q6"],
        "That option meets the objective in one far region only",
        earns={"q6": 1},  # its own cost: the rest is wrong for that option too
    ),
    Submission(
        "q6_pooled_lowercase_money_text",
        {
            "q6_answer": 'canary = load_dataset("latency_canary")\n'
            'pooled = canary.groupby("option")["latency_ms"].quantile([0.95, 0.99]).unstack()\n'
            'recommendation = {"option": "cdn", "limiting_region": "Asia Pacific",\n'
            '    "p95_ms": pooled.loc["CDN", 0.95], "p99_ms": pooled.loc["CDN", 0.99], "monthly_cost_usd": "$14,000",\n'
            '    "reason": "The CDN brings p95 down to 380 ms, under the 500 ms target. The cheaper options stay above."}\n'
        },
        ["q6"],
        "pool both far regions' requests",
        earns={"q6": 3},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
