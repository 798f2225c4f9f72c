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
        "message": '"Routing easy tickets to flash keeps the bill near $17.7k a month at August 2025 prices; '
        'the urgent lane waits for a review because German tickets are flagged far less often."',
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
            "q3_answer": RESPONSE.format(body='return f"{(ttft_ms + output_tokens * ms_per_output_token) / 1000} s"'),
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
        "q4_seconds",
        {"q4_answer": LATENCY.format(first=f"{P95_FIRST} / 1000", full="full.quantile(0.95) / 1000")},
        ["q4"],
        "Those look like seconds",
    ),
    Submission(
        "q5_half",
        {"q5_answer": "def best_threshold(scores, labels, cost_fp, cost_fn, thresholds):\n    return 0.5\n"},
        ["q5", "q6", "q7"],
        "You returned 0.5 whatever the costs",
    ),
    Submission("q5_accuracy", {"q5_answer": THRESHOLD.format(cost="fp + fn")}, ["q5", "q6", "q7"], "the best accuracy"),
    Submission(
        "q5_costs_swapped",
        {"q5_answer": THRESHOLD.format(cost="fp * cost_fn + fn * cost_fp")},
        ["q5", "q6", "q7"],
        "You charged `cost_fp` to the misses",
    ),
    Submission("q6_half", {"q6_answer": router(threshold="0.5")}, ["q6"], "Your router flags at 0.5"),
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
        "q8_no_date", {"q8_answer": decision(prices_as_of='""')}, ["q8"], "A price without its date cannot be checked"
    ),
    Submission(
        "q8_todays_date",
        {"q8_answer": decision(prices_as_of="TODAY")},
        ["q8"],
        "That is today's month",
        earns={"q8": 2.5},
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
        earns={"q8": 2},
    ),
    Submission(
        "q8_shipped_through_the_screen",
        {"q8_answer": decision(router_decision='"ship the router at the cost-minimising threshold"')},
        ["q8"],
        "At the threshold you would ship, the router flags",
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
        "is not a number",
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
    Submission(
        "q2_syntax_error",
        {"q2_answer": "monthly_costs = {'all_on_pro_usd': 19784, 'routed_usd': }\n"},
        ["q2", "q8"],
        "the cell that defines it raised SyntaxError",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
