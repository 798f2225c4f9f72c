"""Checks for exercise 12, AI product economics (answer keys live in the hidden tests)."""

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Parts
from tpm_course.core.structure import is_flag
from tpm_course.core.units import is_number

NOTEBOOK = "12_ai_economics"

LANGUAGES = ["English", "Spanish", "German"]
MODELS = ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite"]
ROUTER_DECISIONS = [
    "ship the router at the cost-minimising threshold",
    "ship the router at 0.5, where the four-fifths screen passes",
    "hold the router for a fairness review",
]
MONITORS = [
    "monthly spend against the budget alarm",
    "p95 time to first token",
    "p95 time to the full answer",
    "share of requests above 200k prompt tokens",
    "selection rate by language",
    "recall by language",
    "overall accuracy",
]


def _unless(condition: bool, value):
    """The prediction, or None (no prediction) when it would equal the right answer."""
    return None if condition else value


# -- Q1 the cost of one request ---------------------------------------------------------------------


def _priced(prompt_tokens, cached_tokens, output_tokens, input_rate, cached_rate, output_rate):
    fresh = prompt_tokens - cached_tokens
    return (fresh * input_rate + cached_tokens * cached_rate + output_tokens * output_rate) / 1_000_000


def _rates(price):
    return price["input_usd_per_mtok"], price["cached_input_usd_per_mtok"], price["output_usd_per_mtok"]


def _output_as_input(expected, prompt_tokens, cached_tokens, output_tokens, price, **_):
    rate_in, rate_cached, rate_out = _rates(price)
    wrong = _priced(prompt_tokens, cached_tokens, output_tokens, rate_in, rate_cached, rate_in)
    return _unless(rate_in == rate_out or output_tokens == 0, wrong)


def _cache_ignored(expected, prompt_tokens, cached_tokens, output_tokens, price, **_):
    rate_in, _, rate_out = _rates(price)
    return _unless(cached_tokens == 0, _priced(prompt_tokens, 0, output_tokens, rate_in, 0, rate_out))


def _cached_twice(expected, prompt_tokens, cached_tokens, output_tokens, price, **_):
    rate_in, rate_cached, rate_out = _rates(price)
    wrong = _priced(prompt_tokens, 0, output_tokens, rate_in, 0, rate_out) + cached_tokens * rate_cached / 1_000_000
    return _unless(cached_tokens == 0, wrong)


OUTPUT_AS_INPUT = "output priced as input"
PER_THOUSAND = "per thousand, not per million"

q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "request_cost",
    rel_tol=0.001,
    cases=[
        (
            {
                "prompt_tokens": 10_000,
                "cached_tokens": 4_000,
                "output_tokens": 500,
                "price": {"input_usd_per_mtok": 2.0, "cached_input_usd_per_mtok": 0.5, "output_usd_per_mtok": 8.0},
            },
            0.018,
        )
    ],
    misconceptions=[
        Misconception(
            PER_THOUSAND,
            "Your cost is a thousand times too high: the sheet's prices are per million tokens "
            "(`usd_per_mtok`), and you divided by a thousand.",
            lambda expected, **_: expected * 1_000,
        ),
        Misconception(
            OUTPUT_AS_INPUT,
            "You priced the output tokens at the input price. Output tokens have their own, higher "
            "price on every row of the sheet: `output_usd_per_mtok`.",
            _output_as_input,
        ),
        Misconception(
            "cache ignored",
            "You billed every prompt token at the full input price. The `cached_tokens` are billed at "
            "`cached_input_usd_per_mtok`; only the rest of the prompt pays the input price.",
            _cache_ignored,
        ),
        Misconception(
            "cached tokens billed twice",
            "You billed the cached tokens twice: once inside the whole prompt at the input price and "
            "again at the cached price. They are part of `prompt_tokens`: subtract them first.",
            _cached_twice,
        ),
    ],
    hints=[
        "Three kinds of token, three prices: the prompt tokens not in the cache, the cached ones, the output.",
        "(uncached × input + cached × cached input + output × output price) / 1,000,000.",
    ],
)


# -- Q2 the month's bill -----------------------------------------------------------------------------

COST_FIELDS = ["all_on_pro_usd", "routed_usd"]

q2 = DocumentQuestion(
    "q2",
    NOTEBOOK,
    "monthly_costs",
    rel_tol=0.005,
    schema={
        "type": "object",
        "required": COST_FIELDS,
        "properties": {f: {"type": "number", "exclusiveMinimum": 0} for f in COST_FIELDS},
    },
    misconceptions=[
        Misconception(
            PER_THOUSAND,
            "Your bill is a thousand times too high: the sheet's prices are per million tokens.",
            lambda expected, **_: {"all_on_pro_usd": expected["all_on_pro_usd"] * 1_000},
        ),
        Misconception(
            OUTPUT_AS_INPUT,
            "You priced the output tokens at the input price. Each row has its own output price, "
            "several times the input price.",
            lambda expected, output_as_input, **_: {"all_on_pro_usd": output_as_input},
        ),
        Misconception(
            "long context ignored",
            "You priced every request at the standard row. Requests whose prompt is above the "
            "long-context row's `applies_above_prompt_tokens` pay that row's prices for the whole request.",
            lambda expected, long_context_ignored, **_: {"all_on_pro_usd": long_context_ignored},
        ),
        Misconception(
            "cache ignored",
            "You billed the cached prompt tokens at the full input price. The log's `cached_tokens` "
            "pay the row's `cached_input_usd_per_mtok`.",
            lambda expected, cache_ignored, **_: {"all_on_pro_usd": cache_ignored},
        ),
        Misconception(
            "the sample's cost, not the month's",
            "That is the cost of the week's sample of requests. Finance asks for the month: the mean "
            "cost per request times the month's forecast requests.",
            lambda expected, sample_cost, **_: {"all_on_pro_usd": sample_cost},
        ),
    ],
    hints=[
        "Pick each request's row first: the long-context row when its prompt is above the row's threshold.",
        "Use your `request_cost` on each request, take the mean, and multiply by `REQUESTS_PER_MONTH`.",
    ],
)


# -- Q3 how long an answer takes ---------------------------------------------------------------------

q3 = FunctionQuestion(
    "q3",
    NOTEBOOK,
    "response_ms",
    unit="ms",
    rel_tol=0.001,
    cases=[({"ttft_ms": 400, "output_tokens": 300, "ms_per_output_token": 12}, 4_000)],
    misconceptions=[
        Misconception(
            "first token left out",
            "You multiplied the output tokens by the time per token and stopped there. Nothing arrives "
            "before the first token: add the time to first token.",
            lambda expected, ttft_ms, **_: _unless(ttft_ms == 0, expected - ttft_ms),
        ),
        Misconception(
            "first token only",
            "That is when the first word appears, which is what a streaming user waits for. The question "
            "asks when the whole answer has arrived.",
            lambda expected, ttft_ms, **_: ttft_ms,
        ),
        Misconception(
            "seconds",
            "A bare number is read as milliseconds, and yours looks like seconds. Return milliseconds, "
            "or a string with its unit such as `'2.5 s'`.",
            lambda expected, **_: expected / 1_000,
        ),
    ],
    hints=[
        "The answer arrives in two phases: the wait for the first token, then one token after another.",
        "time to first token + output tokens × time per output token.",
    ],
)


# -- Q4 the latency the support agents feel ------------------------------------------------------------

LATENCY_FIELDS = ["p95_first_token_ms", "p95_full_answer_ms"]

q4 = DocumentQuestion(
    "q4",
    NOTEBOOK,
    "latency_p95",
    parts=Parts(2, noun="field"),  # 1 point for each field
    rel_tol=0.005,
    schema={
        "type": "object",
        "required": LATENCY_FIELDS,
        "properties": {f: {"type": "number", "exclusiveMinimum": 0} for f in LATENCY_FIELDS},
    },
    misconceptions=[
        Misconception(
            "mean, not p95",
            "That is the mean time to the full answer. Product asked for the 95th percentile: the time "
            "19 answers in 20 beat, which the slow tail sets.",
            lambda expected, mean_full, **_: {"p95_full_answer_ms": mean_full},
        ),
        Misconception(
            "percentiles added",
            "You added the p95 of the first token to the p95 of the generation time. Percentiles do not "
            "add: compute each request's full time first, then take the 95th percentile of those.",
            lambda expected, sum_of_p95s, **_: {"p95_full_answer_ms": sum_of_p95s},
        ),
        Misconception(
            "first token left out",
            "That is the p95 of the generation time alone. Each request's full time starts with its "
            "time to first token.",
            lambda expected, p95_without_first, **_: {"p95_full_answer_ms": p95_without_first},
        ),
        Misconception(
            "seconds",
            "Those look like seconds; the fields ask for milliseconds.",
            lambda expected, **_: {k: v / 1_000 for k, v in expected.items()} if expected else None,
        ),
    ],
    hints=[
        "Apply your `response_ms` to the columns of `requests`: it works on whole columns at once.",
        "`.quantile(0.95)` of `ttft_ms`, and of the full times you computed.",
    ],
)


# -- Q5 the threshold by expected cost ----------------------------------------------------------------


def _cost_at(scores, labels, threshold, cost_fp, cost_fn):
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    return fp * cost_fp + fn * cost_fn


def _cheapest(scores, labels, cost_fp, cost_fn, thresholds):
    costs = [_cost_at(scores, labels, t, cost_fp, cost_fn) for t in thresholds]
    return list(thresholds)[costs.index(min(costs))]


q5 = FunctionQuestion(
    "q5",
    NOTEBOOK,
    "best_threshold",
    rel_tol=1e-9,
    cases=[
        (
            {
                "scores": [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95],
                "labels": [0, 0, 1, 1, 0, 0, 0, 1, 0, 1],
                "cost_fp": 1,
                "cost_fn": 8,
                "thresholds": [0.1, 0.3, 0.5, 0.7, 0.9],
            },
            0.1,
        )
    ],
    misconceptions=[
        Misconception(
            "0.5 taken as given",
            "You returned 0.5 whatever the costs. 0.5 is only a default: the cheapest threshold depends "
            "on how much a miss costs against a false alarm. Compute the cost at every candidate.",
            lambda expected, thresholds, **_: _unless(expected == 0.5 or 0.5 not in thresholds, 0.5),
        ),
        Misconception(
            "accuracy, not cost",
            "You picked the threshold with the fewest errors (the best accuracy). On imbalanced data "
            "accuracy counts a missed urgent ticket the same as a false alarm: weigh each by its cost.",
            lambda expected, scores, labels, thresholds, **_: _cheapest(scores, labels, 1, 1, thresholds),
        ),
        Misconception(
            "costs swapped",
            "You charged `cost_fp` to the misses and `cost_fn` to the false alarms. A false positive is "
            "a flagged ticket that was not urgent; a false negative an urgent one left unflagged.",
            lambda expected, scores, labels, cost_fp, cost_fn, thresholds, **_: _cheapest(
                scores, labels, cost_fn, cost_fp, thresholds
            ),
        ),
    ],
    hints=[
        "At each candidate threshold, flag the scores at or above it and count false positives and false negatives.",
        "Cost = FP × cost_fp + FN × cost_fn. Return the candidate with the lowest cost, the first on a tie.",
    ],
)


# -- Q6 the router at that threshold -------------------------------------------------------------------

ROUTER_FIELDS = ["threshold", "false_negatives", "expected_cost_usd", "precision", "recall"]

q6 = DocumentQuestion(
    "q6",
    NOTEBOOK,
    "router",
    rel_tol=0.005,
    schema={
        "type": "object",
        "required": ROUTER_FIELDS,
        "properties": {
            "threshold": {"type": "number", "minimum": 0, "maximum": 1},
            "false_negatives": {"type": "integer", "minimum": 0},
            "expected_cost_usd": {"type": "number", "minimum": 0},
            "precision": {"type": "number", "minimum": 0, "maximum": 1},
            "recall": {"type": "number", "minimum": 0, "maximum": 1},
        },
    },
    misconceptions=[
        Misconception(
            "0.5 taken as given",
            "Your router flags at 0.5, the default of a classifier's `predict`. Use the threshold your "
            "`best_threshold` finds for the brief's costs.",
            lambda expected, **_: {"threshold": 0.5},
        ),
        Misconception(
            "precision and recall swapped",
            "`precision` and `recall` are swapped. Recall is the share of urgent tickets the router "
            "flags; precision the share of flagged tickets that are urgent.",
            lambda expected, **_: {"precision": expected["recall"], "recall": expected["precision"]},
        ),
        Misconception(
            "accuracy as recall",
            "That is the accuracy, not the recall. With 8 % of tickets urgent, flagging nothing is already "
            "92 % accurate: recall counts the urgent tickets the router catches.",
            lambda expected, accuracy, **_: {"recall": accuracy},
        ),
    ],
    hints=[
        "Flag `score >= threshold`; compare with `urgent` (scikit-learn's `confusion_matrix` or `pd.crosstab`).",
        "precision = TP / (TP + FP); recall = TP / (TP + FN); cost = FP × COST_FP + FN × COST_FN.",
    ],
)


# -- Q7 the four-fifths screen -----------------------------------------------------------------------------

FAIRNESS_SCHEMA = {
    "type": "object",
    "required": ["impact_ratio", "lowest_group", "below_four_fifths", "impact_ratio_at_0_5"],
    "properties": {
        "impact_ratio": {"type": "number", "exclusiveMinimum": 0},
        "lowest_group": {"enum": LANGUAGES},
        "below_four_fifths": {"type": "boolean"},
        "impact_ratio_at_0_5": {"type": "number", "exclusiveMinimum": 0},
    },
}

q7 = DocumentQuestion(
    "q7",
    NOTEBOOK,
    "fairness",
    parts=Parts(4, noun="field"),  # 1 point for each field
    rel_tol=0.005,
    schema=FAIRNESS_SCHEMA,
    misconceptions=[
        Misconception(
            "ratio inverted",
            "Your ratio is above 1: you divided the highest selection rate by the lowest. The four-fifths "
            "rule divides the lowest group's rate by the highest group's.",
            lambda expected, **_: {"impact_ratio": 1 / expected["impact_ratio"]},
        ),
        Misconception(
            "urgent rates, not selection rates",
            "You compared how often each group's tickets are urgent. The screen compares how often the "
            "router selects them: the share of each group's tickets it flags.",
            lambda expected, base_rate_ratio, **_: {"impact_ratio": base_rate_ratio},
        ),
        Misconception(
            "screened at 0.5",
            "That is the ratio at the 0.5 threshold. Legal asks about the router you would ship, at the "
            "threshold of Q6; 0.5 goes in `impact_ratio_at_0_5`.",
            lambda expected, **_: {"impact_ratio": expected["impact_ratio_at_0_5"]},
        ),
        Misconception(
            "the highest group named",
            "That group has the highest selection rate. `lowest_group` is the one the router flags least often.",
            lambda expected, highest_group, **_: {"lowest_group": highest_group},
        ),
    ],
    hints=[
        "Selection rate of a group = the share of its tickets flagged. `groupby('language')` and a mean.",
        "Impact ratio = lowest rate / highest rate; the screen flags a ratio below 0.8.",
    ],
)


# -- Q8 the decision -----------------------------------------------------------------------------------------

DECISION_SCHEMA = {
    "type": "object",
    "required": [
        "easy_model",
        "monthly_cost_usd",
        "budget_alarm_usd",
        "prices_as_of",
        "router_decision",
        "threshold",
        "monitor",
        "message",
    ],
    "properties": {
        "easy_model": {"enum": MODELS},
        "monthly_cost_usd": {"type": "number", "exclusiveMinimum": 0},
        "budget_alarm_usd": {"type": "number", "exclusiveMinimum": 0},
        "prices_as_of": {"type": "string", "pattern": r"^\d{4}-\d{2}"},
        "router_decision": {"enum": ROUTER_DECISIONS},
        "threshold": {"type": "number", "minimum": 0, "maximum": 1},
        "monitor": {"type": "array", "items": {"enum": MONITORS}, "minItems": 3, "uniqueItems": True},
        "message": {"type": "string", "minLength": 40},
    },
}


def _number(value):
    """A plain number from an answer (numpy's included), or None."""
    value = getattr(value, "item", lambda: value)() if hasattr(value, "dtype") else value
    return value if is_number(value) else None


def own_numbers_key(reference: dict, namespace: dict) -> dict:
    """Q8's answer key with the fields that follow from the learner's own earlier answers.

    The alarm follows the learner's routed bill of Q2, the threshold their Q6 router's, and the
    router's decision their own four-fifths screen of Q7, so an earlier mistake costs points once.
    A field whose earlier answer is missing or not a number keeps the reference value.
    """
    key = dict(reference)
    costs, router, fairness = (namespace.get(name) for name in ("monthly_costs", "router", "fairness"))
    routed = _number(costs.get("routed_usd")) if isinstance(costs, dict) else None
    if routed is not None:
        key["monthly_cost_usd"] = routed
        key["budget_alarm_usd"] = 1.2 * routed
    threshold = _number(router.get("threshold")) if isinstance(router, dict) else None
    if threshold is not None:
        key["threshold"] = threshold
    fires = fairness.get("below_four_fifths") if isinstance(fairness, dict) else None
    if is_flag(fires):
        key["router_decision"] = ROUTER_DECISIONS[2] if fires else ROUTER_DECISIONS[0]
    return key


q8 = DocumentQuestion(
    "q8",
    NOTEBOOK,
    "decision",
    parts=Parts(3, noun="field"),  # 0.5 points for each of the six checked fields
    rel_tol=0.005,
    schema=DECISION_SCHEMA,
    misconceptions=[
        Misconception(
            "prices quoted without a date",
            "A price without its date cannot be checked: give the month of the price sheet's rows "
            "(`price_date`), as YYYY-MM, so finance knows how old the prices are.",
            lambda expected, **_: {"prices_as_of": ""},
        ),
        Misconception(
            "today's date on old prices",
            "That is today's month, not the month the prices are from. Quote the sheet's `price_date`, "
            "and re-check the provider's page before the figure goes into a budget.",
            lambda expected, today, **_: {"prices_as_of": today},
        ),
        Misconception(
            "0.5 to pass the screen",
            "At 0.5 the screen passes only because the router flags few tickets in every language: it "
            "misses far more urgent tickets and costs more. The four-fifths rule is a screen, not a "
            "verdict: a ratio this low asks for a review of why, not a threshold that hides it.",
            lambda expected, **_: {"router_decision": ROUTER_DECISIONS[1]},
        ),
        Misconception(
            "shipped through the screen",
            "At the threshold you would ship, the router flags one language's tickets below four fifths "
            "as often as English ones, though urgent tickets are as common in every language. A screen "
            "that fires is a reason to review before launch.",
            lambda expected, **_: {"router_decision": ROUTER_DECISIONS[0]},
        ),
        Misconception(
            "alarm on the old bill",
            "Your alarm follows the bill with every request on the large model. Set it on the forecast "
            "of what you ship, with finance's 20 % headroom.",
            lambda expected, all_on_pro, **_: {"budget_alarm_usd": 1.2 * all_on_pro},
        ),
        Misconception(
            "alarm without headroom",
            "Your alarm equals the forecast, so an ordinary busy month trips it. Finance asked for the "
            "forecast plus 20 %.",
            lambda expected, **_: {"budget_alarm_usd": expected["monthly_cost_usd"]},
        ),
    ],
    hints=[
        "`monthly_cost_usd` is your routed bill; the alarm is 120 % of it; the date is the sheet's `price_date`.",
        "Read `fairness`: a screen that fires at the threshold you would ship decides the router's launch.",
    ],
)
