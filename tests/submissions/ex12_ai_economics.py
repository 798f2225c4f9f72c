"""Submissions for exercise 12 (see ``submissions.Submission``)."""

from submissions import Submission

COST = "def request_cost(prompt_tokens, cached_tokens, output_tokens, price):\n    {body}\n"
RIGHT_COST = (
    "(prompt_tokens - cached_tokens) * price['input_usd_per_mtok'] + cached_tokens * "
    "price['cached_input_usd_per_mtok'] + output_tokens * price['output_usd_per_mtok']"
)

# Q2 as a student writes it: one row per request, picked by hand, then a mean.
BILL = """standard = {{m: sheet[(sheet["model"] == m) & (sheet["tier"] == "standard")].iloc[0] for m in (LARGE, SMALL)}}
long = sheet[(sheet["model"] == LARGE) & (sheet["tier"] == "long context")].iloc[0]


def row(model, prompt_tokens):
    if {long_context} and model == LARGE and prompt_tokens > long["applies_above_prompt_tokens"]:
        return long
    return standard[model]


def bill(easy_model, hard_model):
    total = 0.0
    for r in requests.itertuples():
        price = row(easy_model if r.kind == "easy" else hard_model, r.prompt_tokens)
        cached = {cached}
        total += ((r.prompt_tokens - cached) * price["input_usd_per_mtok"] + cached * price["cached_input_usd_per_mtok"]
                  + r.output_tokens * price["{output_column}"]) / {per}
    return total / len(requests) * {scale}


monthly_costs = {{"all_on_pro_usd": bill(LARGE, LARGE), "routed_usd": bill(SMALL, LARGE)}}
"""


def bill(long_context="True", cached="r.cached_tokens", output_column="output_usd_per_mtok", per="1e6", scale=None):
    scale = scale or "REQUESTS_PER_MONTH"
    return BILL.format(long_context=long_context, cached=cached, output_column=output_column, per=per, scale=scale)


# Q2 written another way: a row per request from a dict, for the mistakes the template cannot make.
ROWS = """rows = {{(r["model"], r["tier"]): r for r in sheet.to_dict("records")}}


def cost(r, model):
    long = model == LARGE and r.prompt_tokens > 200_000
    price = dict(rows[(model, "long context" if long else "standard")])
{adjust}    return {formula}


def bill(easy_model, hard_model):
    costs = [cost(r, easy_model if r.kind == "easy" else hard_model) for r in requests.itertuples()]
    return {total}


monthly_costs = {{"all_on_pro_usd": bill(LARGE, LARGE), "routed_usd": bill(SMALL, LARGE)}}
"""
RIGHT_FORMULA = (
    "((r.prompt_tokens - r.cached_tokens) * price['input_usd_per_mtok'] + r.cached_tokens * "
    "price['cached_input_usd_per_mtok'] + r.output_tokens * price['output_usd_per_mtok']) / 1e6"
)


def rows_bill(adjust="", formula=RIGHT_FORMULA, total="sum(costs) / len(costs) * REQUESTS_PER_MONTH"):
    return ROWS.format(adjust=adjust, formula=formula, total=total)


RESPONSE = "def response_ms(ttft_ms, output_tokens, ms_per_output_token):\n    {body}\n"
LATENCY = (
    'full = requests["ttft_ms"] + requests["output_tokens"] * requests["ms_per_output_token"]\n'
    'generation = requests["output_tokens"] * requests["ms_per_output_token"]\n'
    'latency_p95 = {{"p95_first_token_ms": {first}, "p95_full_answer_ms": {full}}}\n'
)
P95_FIRST = 'requests["ttft_ms"].quantile(0.95)'

THRESHOLD = """def best_threshold(scores, labels, cost_fp, cost_fn, thresholds):
    best, best_cost = None, None
    for t in thresholds:
        fp = sum(1 for s, y in zip(scores, labels) if s >= t and y == 0)
        fn = sum(1 for s, y in zip(scores, labels) if s < t and y == 1)
        cost = {cost}
        if best_cost is None or cost < best_cost:
            best, best_cost = t, cost
    return best
"""

ROUTER = """t = {threshold}
flag = tickets["score"] >= t
tp = int((flag & (tickets["urgent"] == 1)).sum())
fp = int((flag & (tickets["urgent"] == 0)).sum())
fn = int((~flag & (tickets["urgent"] == 1)).sum())
tn = int((~flag & (tickets["urgent"] == 0)).sum())
router = {{"threshold": t, "false_negatives": fn, "expected_cost_usd": fp * COST_FP + fn * COST_FN,
          "precision": {precision}, "recall": {recall}}}
"""


def router(threshold="best_threshold(tickets['score'], tickets['urgent'], COST_FP, COST_FN, THRESHOLDS)", **fields):
    fields = {"precision": "tp / (tp + fp)", "recall": "tp / (tp + fn)", **fields}
    return ROUTER.format(threshold=threshold, **fields)


FAIRNESS = """by_language = tickets.assign(flag=tickets["score"] >= router["threshold"]).groupby("language")
rates = by_language["flag"].mean()
half = (tickets["score"] >= 0.5).groupby(tickets["language"]).mean()
urgent_rates = by_language["urgent"].mean()
fairness = {{"impact_ratio": {ratio}, "lowest_group": {lowest}, "below_four_fifths": {below},
            "impact_ratio_at_0_5": half.min() / half.max()}}
"""


def fairness(ratio="rates.min() / rates.max()", lowest="rates.idxmin()", below="bool(rates.min() / rates.max() < 0.8)"):
    return FAIRNESS.format(ratio=ratio, lowest=lowest, below=below)


def decision(**changes) -> str:
    fields = {
        "easy_model": "SMALL",
        "monthly_cost_usd": 'monthly_costs["routed_usd"]',
        "budget_alarm_usd": '1.2 * monthly_costs["routed_usd"]',
        "prices_as_of": '"2025-08"',
        "router_decision": '"hold the router for a fairness review"',
        "threshold": 'router["threshold"]',
        "monitor": '["monthly spend against the budget alarm", "selection rate by language", "recall by language"]',
        "message": "f\"Routing easy tickets to flash keeps the bill near ${monthly_costs['routed_usd']:,.0f} a month at "
        'August 2025 prices; the urgent lane waits for a review because German tickets are flagged far less often."',
    }
    fields.update(changes)
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return f"decision = {{\n{body}}}\n"


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "vectorised_pandas_and_numpy_percentiles",
        {
            "q2_answer": (
                'prices = sheet.set_index(["model", "tier"])\n'
                "def bill(easy_model, hard_model):\n"
                '    model = np.where(requests["kind"] == "easy", easy_model, hard_model)\n'
                '    tier = np.where((model == LARGE) & (requests["prompt_tokens"] > 200_000), "long context", "standard")\n'
                "    p = prices.loc[list(zip(model, tier))].reset_index(drop=True)\n"
                '    fresh = requests["prompt_tokens"] - requests["cached_tokens"]\n'
                '    cost = (fresh * p["input_usd_per_mtok"] + requests["cached_tokens"] * p["cached_input_usd_per_mtok"]\n'
                '            + requests["output_tokens"] * p["output_usd_per_mtok"]) / 1e6\n'
                "    return cost.mean() * REQUESTS_PER_MONTH\n"
                'monthly_costs = {"routed_usd": bill(SMALL, LARGE), "all_on_pro_usd": bill(LARGE, LARGE)}\n'
            ),
            "q4_answer": (
                'full = response_ms(requests["ttft_ms"].to_numpy(), requests["output_tokens"].to_numpy(),\n'
                '                   requests["ms_per_output_token"].to_numpy())\n'
                'latency_p95 = {"p95_first_token_ms": np.percentile(requests["ttft_ms"], 95),\n'
                '               "p95_full_answer_ms": np.percentile(full, 95)}\n'
            ),
            "q5_answer": (
                "from sklearn.metrics import confusion_matrix as cm\n"
                "def best_threshold(scores, labels, cost_fp, cost_fn, thresholds):\n"
                "    costs = []\n"
                "    for t in thresholds:\n"
                "        tn, fp, fn, tp = cm(labels, [int(s >= t) for s in scores], labels=[0, 1]).ravel()\n"
                "        costs.append(fp * cost_fp + fn * cost_fn)\n"
                "    return thresholds[costs.index(min(costs))]\n"
            ),
        },
    ),
    Submission(
        "seconds_with_units_and_renamed_parameters",
        {
            "q1_answer": (
                "def request_cost(prompt, cached, output, row):\n"
                "    dollars = (prompt - cached) * row['input_usd_per_mtok'] / 1e6\n"
                "    dollars += cached * row['cached_input_usd_per_mtok'] / 1e6\n"
                "    return dollars + output * row['output_usd_per_mtok'] / 1e6\n"
            ),
            "q3_answer": RESPONSE.format(  # text with its unit for one request, the column of numbers for columns
                body="total = ttft_ms + output_tokens * ms_per_output_token\n"
                '    return f"{total / 1000} s" if isinstance(total, (int, float)) else total'
            ),
            "q4_answer": LATENCY.format(first=P95_FIRST, full="full.quantile(0.95)"),
        },
    ),
    Submission(
        "library_metrics_and_other_spellings",
        {
            "q6_answer": (
                "from sklearn.metrics import precision_score, recall_score\n"
                "t = best_threshold(list(tickets['score']), list(tickets['urgent']), COST_FP, COST_FN, THRESHOLDS)\n"
                "flag = (tickets['score'] >= t).astype(int)\n"
                "misses = int(((flag == 0) & (tickets['urgent'] == 1)).sum())\n"
                "alarms = int(((flag == 1) & (tickets['urgent'] == 0)).sum())\n"
                "router = {'threshold': t, 'false_negatives': misses, 'expected_cost_usd': alarms * 6 + misses * 45,\n"
                "          'precision': precision_score(tickets['urgent'], flag),\n"
                "          'recall': recall_score(tickets['urgent'], flag)}\n"
            ),
            "q7_answer": (
                "from fairlearn.metrics import MetricFrame, selection_rate\n"
                "def screen(t):\n"
                "    flags = (tickets['score'] >= t).astype(int)\n"
                "    return MetricFrame(metrics=selection_rate, y_true=tickets['urgent'], y_pred=flags,\n"
                "                       sensitive_features=tickets['language']).by_group\n"
                "rates = screen(router['threshold'])\n"
                "fairness = {'impact_ratio': rates.min() / rates.max(), 'lowest_group': rates.idxmin().lower(),\n"
                "            'below_four_fifths': rates.min() / rates.max() < 0.8,\n"
                "            'impact_ratio_at_0_5': screen(0.5).min() / screen(0.5).max()}\n"
            ),
            "q8_answer": decision(
                easy_model='"Gemini-2.5-Flash"',
                router_decision='"Hold the router for a fairness review"',
                prices_as_of='sheet["price_date"].iloc[0]',
            ),
        },
    ),
    Submission(
        "latency_as_text_with_units_and_a_ratio_quoted_as_a_percent",
        {
            "q4_answer": LATENCY.format(
                first="f\"{requests['ttft_ms'].quantile(0.95):.0f} ms\"",
                full='f"{full.quantile(0.95) / 1000:.2f} s"',
            ),
            "q8_answer": decision(
                message="f\"The urgent lane flags {fairness['lowest_group']} tickets at {fairness['impact_ratio']:.0%} "
                'of the highest rate, so we hold it for a review; easy tickets go to flash."'
            ),
        },
    ),
    Submission(
        "rounded_like_a_slide",
        {
            "q2_answer": 'monthly_costs = {"all_on_pro_usd": 19_784, "routed_usd": 17_656}\n',
            "q4_answer": 'latency_p95 = {"p95_first_token_ms": 1_092, "p95_full_answer_ms": 9_049}\n',
            "q6_answer": (
                'router = {"threshold": 0.2, "false_negatives": 49, "expected_cost_usd": 3_345, '
                '"precision": 0.689, "recall": 0.896}\n'
            ),
            "q7_answer": (
                'fairness = {"impact_ratio": 0.63, "lowest_group": "German", "below_four_fifths": True, '
                '"impact_ratio_at_0_5": 0.834}\n'
            ),
            "q8_answer": decision(monthly_cost_usd="17_656", budget_alarm_usd="21_187", threshold="0.20"),
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_per_thousand",
        {"q1_answer": COST.format(body=f"return ({RIGHT_COST}) / 1_000")},
        ["q1"],
        "Your cost is a thousand times too high",
    ),
    Submission(
        "q1_output_as_input",
        {
            "q1_answer": COST.format(
                body="return (prompt_tokens - cached_tokens + output_tokens) * price['input_usd_per_mtok'] / 1e6 "
                "+ cached_tokens * price['cached_input_usd_per_mtok'] / 1e6"
            )
        },
        ["q1"],
        "You priced the output tokens at the input price",
    ),
    Submission(
        "q1_cache_ignored",
        {
            "q1_answer": COST.format(
                body="return (prompt_tokens * price['input_usd_per_mtok'] "
                "+ output_tokens * price['output_usd_per_mtok']) / 1e6"
            )
        },
        ["q1"],
        "You billed every prompt token at the full input price",
    ),
    Submission(
        "q1_cached_twice",
        {
            "q1_answer": COST.format(
                body="return (prompt_tokens * price['input_usd_per_mtok'] + cached_tokens * "
                "price['cached_input_usd_per_mtok'] + output_tokens * price['output_usd_per_mtok']) / 1e6"
            )
        },
        ["q1"],
        "You billed the cached tokens twice",
    ),
    Submission("q2_per_thousand", {"q2_answer": bill(per="1e3")}, ["q2"], "Your bill is a thousand times too high"),
    Submission(
        "q2_output_as_input",
        {"q2_answer": bill(output_column="input_usd_per_mtok")},
        ["q2"],
        "You priced the output tokens at the input price",
    ),
    Submission(
        "q2_long_context_ignored",
        {"q2_answer": bill(long_context="False")},
        ["q2"],
        "You priced every request at the standard row",
    ),
    Submission(
        "q2_cache_ignored", {"q2_answer": bill(cached="0")}, ["q2"], "You billed the cached prompt tokens at the full"
    ),
    Submission(
        "q2_the_sample_only",
        {"q2_answer": bill(scale="len(requests)")},
        ["q2"],
        "That is the cost of the week's sample",
    ),
    Submission(
        "q2_cached_twice",
        {
            "q2_answer": rows_bill(
                formula="(r.prompt_tokens * price['input_usd_per_mtok'] + r.cached_tokens * "
                "price['cached_input_usd_per_mtok'] + r.output_tokens * price['output_usd_per_mtok']) / 1e6"
            )
        },
        ["q2"],
        "You billed the cached tokens twice",
    ),
    Submission(
        "q2_week_summed_to_a_month",
        {"q2_answer": rows_bill(total="sum(costs) * 52 / 12  # a week's bill, 52 weeks over 12 months")},
        ["q2"],
        "You summed the week's sample and scaled a week to a month",
    ),
    Submission(
        "q2_kinds_averaged_unweighted",
        {
            "q2_answer": rows_bill()
            + (
                "\n\ndef bill(easy_model, hard_model):\n"
                "    means = []\n"
                '    for kind, part in requests.groupby("kind"):\n'
                '        costs = [cost(r, easy_model if kind == "easy" else hard_model) for r in part.itertuples()]\n'
                "        means.append(sum(costs) / len(costs))\n"
                "    return sum(means) / len(means) * REQUESTS_PER_MONTH\n\n\n"
                'monthly_costs = {"all_on_pro_usd": bill(LARGE, LARGE), "routed_usd": bill(SMALL, LARGE)}\n'
            )
        },
        ["q2"],
        "You averaged the mean cost of easy requests with that of hard ones",
    ),
    Submission(
        "q2_long_context_on_the_input_only",
        {
            "q2_answer": rows_bill(
                adjust="    if long:  # the long-context row's input prices; output as usual\n"
                '        price["output_usd_per_mtok"] = rows[(model, "standard")]["output_usd_per_mtok"]\n'
            )
        },
        ["q2"],
        "You charged the long-context row's input prices but kept the standard output price",
    ),
    Submission(
        "q2_long_context_above_the_line",
        {
            "q2_answer": rows_bill(
                adjust='    price = dict(rows[(model, "standard")])\n'
                "    extra = 0.0\n"
                "    if long:  # only the tokens above 200k pay the long-context input price\n"
                '        step = rows[(model, "long context")]["input_usd_per_mtok"] - price["input_usd_per_mtok"]\n'
                "        extra = (r.prompt_tokens - 200_000) * step / 1e6\n",
                formula=RIGHT_FORMULA + " + extra",
            )
        },
        ["q2"],
        "You charged the long-context price only on the prompt tokens above the threshold",
    ),
    Submission(
        "q2_routed_by_the_input_price_ratio",
        {
            "q2_answer": rows_bill()
            + (
                'easy_share = (requests["kind"] == "easy").mean()\n'
                'ratio = rows[(SMALL, "standard")]["input_usd_per_mtok"] / rows[(LARGE, "standard")]["input_usd_per_mtok"]\n'
                'monthly_costs["routed_usd"] = monthly_costs["all_on_pro_usd"] * (1 - easy_share + easy_share * ratio)\n'
            )
        },
        ["q2"],
        "You scaled the easy requests' share of the bill by the ratio",
    ),
    Submission(
        "q3_one_output_token_fewer",
        {"q3_answer": RESPONSE.format(body="return ttft_ms + (output_tokens - 1) * ms_per_output_token")},
        ["q3"],
        "You counted one output token fewer",
    ),
    Submission(
        "q3_single_numbers_only",
        {
            "q3_answer": RESPONSE.format(
                body="return float(ttft_ms) + float(output_tokens) * float(ms_per_output_token)"
            )
        },
        ["q3"],
        "works on single numbers but not on whole pandas columns",
    ),
    Submission(
        "q3_first_token_left_out",
        {"q3_answer": RESPONSE.format(body="return output_tokens * ms_per_output_token")},
        ["q3"],
        "You multiplied the output tokens by the time per token",
    ),
    Submission(
        "q3_first_token_only",
        {"q3_answer": RESPONSE.format(body="return ttft_ms  # streaming shows text from here")},
        ["q3"],
        "That is when the first word appears",
    ),
    Submission(
        "q3_seconds",
        {"q3_answer": RESPONSE.format(body="return (ttft_ms + output_tokens * ms_per_output_token) / 1000")},
        ["q3"],
        "yours looks like seconds",
    ),
    Submission(
        "q4_mean",
        {"q4_answer": LATENCY.format(first=P95_FIRST, full="full.mean()")},
        ["q4"],
        "That is the mean time to the full answer",
        earns={"q4": 1},
    ),
    Submission(
        "q4_percentiles_added",
        {"q4_answer": LATENCY.format(first=P95_FIRST, full=f"{P95_FIRST} + generation.quantile(0.95)")},
        ["q4"],
        "Percentiles do not add",
        earns={"q4": 1},
    ),
    Submission(
        "q4_first_token_left_out",
        {"q4_answer": LATENCY.format(first=P95_FIRST, full="generation.quantile(0.95)")},
        ["q4"],
        "That is the p95 of the generation time alone",
        earns={"q4": 1},
    ),
    Submission(
        "q4_mean_first_token",
        {"q4_answer": LATENCY.format(first='requests["ttft_ms"].mean()', full="full.quantile(0.95)")},
        ["q4"],
        "`p95_first_token_ms` is the mean time to first token",
        earns={"q4": 1},
    ),
    Submission(
        "q4_p95_of_each_input",
        {
            "q4_answer": LATENCY.format(
                first=P95_FIRST,
                full='response_ms(requests["ttft_ms"].quantile(0.95), requests["output_tokens"].quantile(0.95), '
                'requests["ms_per_output_token"].quantile(0.95))',
            )
        },
        ["q4"],
        "You put the 95th percentile of each column into `response_ms`",
        earns={"q4": 1},
    ),
    Submission(
        "q4_hard_requests_only",
        {"q4_answer": LATENCY.format(first=P95_FIRST, full='full[requests["kind"] == "hard"].quantile(0.95)')},
        ["q4"],
        "That is the 95th percentile of the hard requests alone",
        earns={"q4": 1},
    ),
    Submission(  # Q3 in seconds, used by Q4: the full answer's field is named as seconds in Q4 too
        "q4_full_answer_in_seconds_from_q3",
        {
            "q3_answer": RESPONSE.format(body="return (ttft_ms + output_tokens * ms_per_output_token) / 1000"),
            "q4_answer": (
                'full = response_ms(requests["ttft_ms"], requests["output_tokens"], requests["ms_per_output_token"])\n'
                f"latency_p95 = {{'p95_first_token_ms': {P95_FIRST}, 'p95_full_answer_ms': full.quantile(0.95)}}\n"
            ),
        },
        ["q4", "q3"],
        "Those look like seconds",
        earns={"q4": 1},
    ),
    Submission(
        "q4_seconds",
        {"q4_answer": LATENCY.format(first=f"{P95_FIRST} / 1000", full="full.quantile(0.95) / 1000")},
        ["q4"],
        "Those look like seconds",
    ),
    Submission(
        "q5_half",
        {"q5_answer": "def best_threshold(scores, labels, cost_fp, cost_fn, thresholds):\n    return 0.5\n"},
        ["q5", "q8"],
        "You returned 0.5 whatever the costs",
        earns={"q8": 2.5},  # its own screen passes at 0.5, so its own key says ship; the planted decision holds
    ),
    Submission("q5_accuracy", {"q5_answer": THRESHOLD.format(cost="fp + fn")}, ["q5"], "the best accuracy"),
    Submission(
        "q5_costs_swapped",
        {"q5_answer": THRESHOLD.format(cost="fp * cost_fn + fn * cost_fp")},
        ["q5"],
        "You charged `cost_fp` to the misses",
    ),
    Submission(
        "q5_flagged_strictly_above",
        {
            "q5_answer": THRESHOLD.format(cost="fp * cost_fp + fn * cost_fn")
            .replace("s >= t", "s > t")
            .replace("s < t", "s <= t")
        },
        ["q5"],
        "You flagged the scores strictly above the threshold",
    ),
    Submission(
        "q5_last_of_tied",
        {
            "q5_answer": THRESHOLD.format(cost="fp * cost_fp + fn * cost_fn").replace(
                "cost < best_cost", "cost <= best_cost"
            )
        },
        ["q5"],
        "Where two thresholds cost the same, you returned the last of them",
    ),
    Submission(
        "q5_returns_the_cost",
        {
            "q5_answer": THRESHOLD.format(cost="fp * cost_fp + fn * cost_fn").replace(
                "return best\n", "return best_cost\n"
            ),
            "q6_answer": router(threshold="0.2  # read off the costs printed above"),
        },
        ["q5"],
        "You returned the lowest cost, not the threshold that gives it",
    ),
    Submission(
        "q5_returns_the_position",
        {
            "q5_answer": THRESHOLD.format(cost="fp * cost_fp + fn * cost_fn").replace(
                "return best\n", "return list(thresholds).index(best)\n"
            ),
            "q6_answer": router(
                threshold="THRESHOLDS[best_threshold(tickets['score'], tickets['urgent'], COST_FP, COST_FN, THRESHOLDS)]"
            ),
        },
        ["q5"],
        "You returned the position of the cheapest threshold in the list",
    ),
    Submission("q6_half", {"q6_answer": router(threshold="0.5")}, ["q6"], "Your router flags at 0.5"),
    Submission(
        "q6_false_alarms_as_misses",
        {"q6_answer": router().replace('"false_negatives": fn', '"false_negatives": fp')},
        ["q6"],
        "`false_negatives` counts the false alarms",
    ),
    Submission(
        "q6_cost_per_ticket",
        {
            "q6_answer": router().replace(
                "fp * COST_FP + fn * COST_FN,", "(fp * COST_FP + fn * COST_FN) / len(tickets),"
            )
        },
        ["q6"],
        "That is the cost of mistakes per ticket",
    ),
    Submission(
        "q6_percentages",
        {"q6_answer": router(precision="round(100 * tp / (tp + fp), 1)", recall="round(100 * tp / (tp + fn), 1)")},
        ["q6"],
        "`precision` and `recall` are percentages",
    ),
    Submission(
        "q6_precision_recall_swapped",
        {"q6_answer": router(precision="tp / (tp + fn)", recall="tp / (tp + fp)")},
        ["q6"],
        "`precision` and `recall` are swapped",
    ),
    Submission(
        "q6_accuracy_as_recall",
        {"q6_answer": router(recall="(tp + tn) / len(tickets)")},
        ["q6"],
        "That is the accuracy, not the recall",
    ),
    Submission(
        "q7_inverted",
        {"q7_answer": fairness(ratio="rates.max() / rates.min()", below="rates.max() / rates.min() < 0.8")},
        ["q7"],
        "you divided the highest selection rate by the lowest",
        earns={"q7": 2},
    ),
    Submission(  # Q8 follows the learner's own screen: an inverted ratio costs Q7's points, not Q8's too
        "q7_inverted_then_shipped_on_it",
        {
            "q7_answer": fairness(ratio="rates.max() / rates.min()", below="rates.max() / rates.min() < 0.8"),
            "q8_answer": decision(router_decision='"ship the router at the cost-minimising threshold"'),
        },
        ["q7"],
        "you divided the highest selection rate by the lowest",
        earns={"q7": 2, "q8": 3},
    ),
    Submission(
        "q7_against_the_overall_rate",
        {"q7_answer": fairness(ratio='rates.min() / (tickets["score"] >= router["threshold"]).mean()')},
        ["q7"],
        "You divided the lowest group's selection rate by the overall rate",
        earns={"q7": 3},
    ),
    Submission(
        "q7_a_percentage",
        {"q7_answer": fairness(ratio="round(100 * rates.min() / rates.max(), 2)")},
        ["q7"],
        "Your `impact_ratio` is a percentage",
        earns={"q7": 3},
    ),
    Submission(
        "q7_urgent_rates",
        {"q7_answer": fairness(ratio="urgent_rates.min() / urgent_rates.max()")},
        ["q7"],
        "You compared how often each group's tickets are urgent",
        earns={"q7": 3},
    ),
    Submission(
        "q7_at_half",
        {"q7_answer": fairness(ratio="half.min() / half.max()", below="False")},
        ["q7"],
        "That is the ratio at the 0.5 threshold",
        earns={"q7": 2},
    ),
    Submission(
        "q7_highest_group",
        {"q7_answer": fairness(lowest="rates.idxmax()")},
        ["q7"],
        "That group has the highest",
        earns={"q7": 3},
    ),
    Submission(
        "q8_no_date",
        {"q8_answer": decision(prices_as_of='""')},
        ["q8"],
        "A price without its date cannot be checked",
        earns={"q8": 2.75},
    ),
    Submission(
        "q8_todays_date",
        {"q8_answer": decision(prices_as_of="TODAY")},
        ["q8"],
        "That is today's month",
        earns={"q8": 2.75},
    ),
    Submission(
        "q8_half_to_pass_the_screen",
        {
            "q8_answer": decision(
                router_decision='"ship the router at 0.5, where the four-fifths screen passes"', threshold="0.5"
            )
        },
        ["q8"],
        "At 0.5 the screen passes only because",
        earns={"q8": 2.25},
    ),
    Submission(
        "q8_shipped_through_the_screen",
        {"q8_answer": decision(router_decision='"ship the router at the cost-minimising threshold"')},
        ["q8"],
        "At the threshold you would ship, the router flags",
        earns={"q8": 2.5},
    ),
    Submission(
        "q8_the_bill_before_routing",
        {"q8_answer": decision(monthly_cost_usd='monthly_costs["all_on_pro_usd"]')},
        ["q8"],
        "Your `monthly_cost_usd` is the bill with every request on the large model",
        earns={"q8": 2.5},
    ),
    Submission(
        "q8_alarm_on_the_old_bill",
        {"q8_answer": decision(budget_alarm_usd='1.2 * monthly_costs["all_on_pro_usd"]')},
        ["q8"],
        "Your alarm follows the bill with every request",
        earns={"q8": 2.5},
    ),
    Submission(
        "q8_alarm_without_headroom",
        {"q8_answer": decision(budget_alarm_usd='monthly_costs["routed_usd"]')},
        ["q8"],
        "Your alarm equals the forecast",
        earns={"q8": 2.5},
    ),
]


MISCONCEPTIONS += [
    Submission(
        "q8_alarm_at_the_headroom_alone",
        {"q8_answer": decision(budget_alarm_usd='0.2 * monthly_costs["routed_usd"]')},
        ["q8"],
        "Your alarm is 20 % of the bill",
        earns={"q8": 2.5},
    ),
    Submission(
        "q8_overall_accuracy_watched",
        {
            "q8_answer": decision(
                monitor='["overall accuracy", "monthly spend against the budget alarm", "selection rate by language"]'
            )
        },
        ["q8"],
        "Overall accuracy is not worth a place on the watch list",
        earns={"q8": 2.75},
    ),
    Submission(
        "q8_message_without_a_figure",
        {
            "q8_answer": decision(
                message='"We recommend routing the easy tickets to the cheaper model and holding the urgent lane '
                'until legal has reviewed it."'
            )
        },
        ["q8"],
        "quotes none of the figures that drive the decision",
        earns={"q8": 2.5},
    ),
    Submission(
        "q8_free_text_monitor_and_a_short_message",
        {"q8_answer": decision(monitor='["cost", "latency", "fairness by language"]', message='"ok"')},
        ["q8"],
        "'cost' is not one of",
        earns={"q8": 2.25},
    ),
    Submission(
        "q8_threshold_left_none",
        {"q8_answer": decision(threshold="None")},
        ["q8"],
        "None is not a number",
        earns={"q8": 2.75},
    ),
]

BROKEN = [
    Submission(
        "q1_wrong_column_name",
        {"q1_answer": COST.format(body="return prompt_tokens * price['input_price'] / 1e6")},
        ["q1"],
        "raised KeyError",
    ),
    Submission(
        "q4_text_and_q7_off_the_menu",
        {
            "q4_answer": 'latency_p95 = {"p95_first_token_ms": "about 1 s", "p95_full_answer_ms": 9049}\n',
            "q7_answer": fairness(lowest='"Deutsch"'),
        },
        ["q4", "q7"],
        "should be a number in ms",
    ),
    Submission(
        "q6_field_missing",
        {"q6_answer": 'router = {"threshold": 0.2, "false_negatives": 49, "precision": 0.69, "recall": 0.9}\n'},
        ["q6"],
        "'expected_cost_usd' is a required property",
    ),
    Submission(
        "q3_check_cell_edited_and_wrong_answer",
        {
            "q3": "# q3.check()  I will check it later\n",
            "q3_answer": RESPONSE.format(body="return output_tokens * ms_per_output_token"),
        },
        ["q3", "q4"],
        "You multiplied the output tokens by the time per token",
    ),
    Submission(  # one field left `...` costs that field's part, not the question's
        "q7_and_q8_one_field_unfinished",
        {"q7_answer": fairness(lowest="..."), "q8_answer": decision(threshold="...")},
        ["q7", "q8"],
        "is not finished",
        earns={"q7": 3, "q8": 2.75},
    ),
    Submission(
        "q2_syntax_error",
        {"q2_answer": "monthly_costs = {'all_on_pro_usd': 19784, 'routed_usd': }\n"},
        ["q2", "q8"],
        "the cell that defines it raised SyntaxError",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
