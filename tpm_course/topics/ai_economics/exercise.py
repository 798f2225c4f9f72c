"""Checks for exercise 12, AI product economics (answer keys live in the hidden tests)."""

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Parts, Status, carried
from tpm_course.core.structure import as_sequence, is_flag
from tpm_course.core.units import is_number

from .question import ColumnFunctionQuestion, Holding, NamingDocumentQuestion, Watchlist

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
    rel_tol=0.001,  # 0.1 %: a bill rounded to the dollar passes; long-context prices on the input only do not
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
            "long context on the input only",
            "You charged the long-context row's input prices but kept the standard output price. Above "
            "the threshold the long-context row prices the whole request: its output price too.",
            lambda expected, long_input_only, **_: {"all_on_pro_usd": long_input_only},
        ),
        Misconception(
            "long context above the line only",
            "You charged the long-context price only on the prompt tokens above the threshold, like a tax "
            "band. The row applies to the whole request once its prompt is above the threshold: every "
            "token of it, input and output, at the long-context prices.",
            lambda expected, long_above_the_line, **_: {"all_on_pro_usd": long_above_the_line},
        ),
        Misconception(
            "cached tokens billed twice",
            "You billed the cached tokens twice: once inside the whole prompt at the input price and "
            "again at the cached price. The log's `cached_tokens` are part of `prompt_tokens`.",
            lambda expected, cached_twice, **_: {"all_on_pro_usd": cached_twice},
        ),
        Misconception(
            "the week summed, times 52 / 12",
            "You summed the week's sample and scaled a week to a month. The sample is a sample of the "
            "week's requests, not all of them: take the mean cost per request and multiply by the "
            "month's forecast, `REQUESTS_PER_MONTH`.",
            lambda expected, week_to_month, **_: {"all_on_pro_usd": week_to_month},
        ),
        Misconception(
            "kinds averaged unweighted",
            "You averaged the mean cost of easy requests with that of hard ones as if each kind were "
            "half the traffic. Most requests are easy: take the mean over all requests (or weigh each "
            "kind by its share).",
            lambda expected, kinds_unweighted, **_: {"all_on_pro_usd": kinds_unweighted},
        ),
        Misconception(
            "routed bill by the input-price ratio",
            "You scaled the easy requests' share of the bill by the ratio of the two models' input "
            "prices. The two models' output and cached prices are in other ratios, and the long-context "
            "requests are all hard: price each request on its own model's row instead.",
            lambda expected, routed_by_price_ratio, **_: {"routed_usd": routed_by_price_ratio},
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


def _per_request(formula):
    """A prediction made from a case's inputs: one request, or columns of them (then a list, as the key)."""

    def predict(expected, ttft_ms, output_tokens, ms_per_output_token, **_):
        columns = [as_sequence(v) for v in (ttft_ms, output_tokens, ms_per_output_token)]
        if any(c is not None for c in columns):
            return [formula(*row) for row in zip(*columns)] if all(c is not None for c in columns) else None
        return formula(ttft_ms, output_tokens, ms_per_output_token)

    return predict


q3 = ColumnFunctionQuestion(
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
            _per_request(lambda t, n, m: _unless(t == 0, n * m)),
        ),
        Misconception(
            "first token only",
            "That is when the first word appears, which is what a streaming user waits for. The question "
            "asks when the whole answer has arrived.",
            _per_request(lambda t, n, m: _unless(n * m == 0, t)),
        ),
        Misconception(
            "one output token fewer",
            "You counted one output token fewer. In this log `ttft_ms` is the wait before the answer starts "
            "to stream, and every one of the `output_tokens`, the first included, takes `ms_per_output_token` "
            "after it.",
            _per_request(lambda t, n, m: _unless(m == 0, t + (n - 1) * m)),
        ),
        Misconception(
            "seconds",
            "A bare number is read as milliseconds, and yours looks like seconds. Return milliseconds, "
            "or a string with its unit such as `'2.5 s'`.",
            _per_request(lambda t, n, m: (t + n * m) / 1_000),
        ),
    ],
    hints=[
        "The answer arrives in two phases: the wait for the first token, then one token after another.",
        "time to first token + output tokens × time per output token, with `+` and `*` only, so columns work too.",
    ],
)


# -- Q4 the latency the support agents feel ------------------------------------------------------------

LATENCY_FIELDS = ["p95_first_token_ms", "p95_full_answer_ms"]

q4 = NamingDocumentQuestion(
    "q4",
    NOTEBOOK,
    "latency_p95",
    parts=Parts(2, noun="field"),  # 1 point for each field
    rel_tol=0.005,
    units={field: "ms" for field in LATENCY_FIELDS},  # "1092 ms" and "9.05 s" are read in milliseconds
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
            "mean first token, not p95",
            "`p95_first_token_ms` is the mean time to first token. Product asked for the 95th percentile: "
            "the wait 19 drafts in 20 beat.",
            lambda expected, mean_first, **_: {"p95_first_token_ms": mean_first},
        ),
        Misconception(
            "percentiles added",
            "You added the p95 of the first token to the p95 of the generation time. Percentiles do not "
            "add: compute each request's full time first, then take the 95th percentile of those.",
            lambda expected, sum_of_p95s, **_: {"p95_full_answer_ms": sum_of_p95s},
        ),
        Misconception(
            "p95 of each input",
            "You put the 95th percentile of each column into `response_ms`. The slowest first tokens, "
            "the longest answers and the slowest tokens are rarely the same requests: compute each "
            "request's full time, then take the 95th percentile of those.",
            lambda expected, p95_of_each_input, **_: {"p95_full_answer_ms": p95_of_each_input},
        ),
        Misconception(
            "hard requests only",
            "That is the 95th percentile of the hard requests alone. Agents wait for every draft, easy "
            "ones too: take the percentile over the whole log.",
            lambda expected, hard_full, **_: {"p95_full_answer_ms": hard_full},
        ),
        Misconception(
            "first token left out",
            "That is the p95 of the generation time alone. Each request's full time starts with its "
            "time to first token.",
            lambda expected, p95_without_first, **_: {"p95_full_answer_ms": p95_without_first},
        ),
        Misconception(
            "seconds",
            "Those look like seconds; a bare number is read as milliseconds. Give milliseconds, or a "
            "string with its unit such as `'9.05 s'` (if your `response_ms` returns seconds, Q3 says so).",
            lambda expected, **_: {"p95_full_answer_ms": expected["p95_full_answer_ms"] / 1_000},
        ),
    ],
    hints=[
        "Apply your `response_ms` to the columns of `requests`: it works on whole columns at once.",
        "`.quantile(0.95)` of `ttft_ms`, and of the full times you computed.",
    ],
)


# -- Q5 the threshold by expected cost ----------------------------------------------------------------


def _cost_at(scores, labels, threshold, cost_fp, cost_fn, strict=False):
    flagged = [s > threshold if strict else s >= threshold for s in scores]
    fp = sum(1 for f, y in zip(flagged, labels) if f and not y)
    fn = sum(1 for f, y in zip(flagged, labels) if not f and y)
    return fp * cost_fp + fn * cost_fn


def _costs(scores, labels, cost_fp, cost_fn, thresholds, strict=False):
    return [_cost_at(list(scores), list(labels), t, cost_fp, cost_fn, strict) for t in thresholds]


def _cheapest(scores, labels, cost_fp, cost_fn, thresholds, strict=False):
    costs = _costs(scores, labels, cost_fp, cost_fn, thresholds, strict)
    return list(thresholds)[costs.index(min(costs))]


def _last_of_tied(expected, scores, labels, cost_fp, cost_fn, thresholds, **_):
    costs = _costs(scores, labels, cost_fp, cost_fn, thresholds)
    last = len(costs) - 1 - costs[::-1].index(min(costs))
    return _unless(list(thresholds)[last] == expected, list(thresholds)[last])


def _strict(expected, scores, labels, cost_fp, cost_fn, thresholds, **_):
    found = _cheapest(scores, labels, cost_fp, cost_fn, thresholds, strict=True)
    return _unless(found == expected, found)


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
            "the last of tied thresholds",
            "Where two thresholds cost the same, you returned the last of them. The statement asks for the "
            "lowest of the tied thresholds: keep the first cheapest one (`<`, not `<=`, when you compare).",
            _last_of_tied,
        ),
        Misconception(
            "flagged above, not at or above",
            "You flagged the scores strictly above the threshold. A ticket whose score equals the threshold "
            "is flagged: `score >= threshold`.",
            _strict,
        ),
        Misconception(
            "the cost returned",
            "You returned the lowest cost, not the threshold that gives it. Return the threshold, one of `thresholds`.",
            lambda expected, scores, labels, cost_fp, cost_fn, thresholds, **_: min(
                _costs(scores, labels, cost_fp, cost_fn, thresholds)
            ),
        ),
        Misconception(
            "the position returned",
            "You returned the position of the cheapest threshold in the list (`argmin`), not the threshold. "
            "Return `thresholds[i]`, one of `thresholds`.",
            lambda expected, thresholds, **_: _unless(
                expected not in list(thresholds), list(thresholds).index(expected)
            ),
        ),
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
        "Cost = FP × cost_fp + FN × cost_fn. Return the cheapest candidate, the lowest one on a tie.",
    ],
)


# -- Q6 the router at that threshold -------------------------------------------------------------------

ROUTER_FIELDS = ["threshold", "false_negatives", "expected_cost_usd", "precision", "recall"]
COST_FP, COST_FN = 6, 45  # the brief's dollars for a false alarm and a missed urgent ticket
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


def _threshold(value):
    """A threshold from an answer (a number between 0 and 1, numpy's included), or None."""
    value = _number(value)
    return value if value is not None and 0 <= value <= 1 else None


def own_threshold(namespace: dict, tickets, reference: float) -> float:
    """The threshold the learner's own `best_threshold` of Q5 picks on the tickets, else ``reference``.

    Q6 is checked at it, so a mistake in Q5 costs Q5's points only. A function that is missing,
    raises or returns something other than one of the `THRESHOLDS` leaves the reference threshold.
    """
    function = namespace.get("best_threshold")
    if not callable(function):
        return reference
    try:
        found = _threshold(function(tickets["score"], tickets["urgent"], COST_FP, COST_FN, list(THRESHOLDS)))
    except Exception:  # the learner's code: Q5 reports it
        return reference
    return found if found is not None and any(abs(found - t) < 1e-9 for t in THRESHOLDS) else reference


def router_key(tickets, threshold: float) -> tuple[dict, dict]:
    """Q6's answer key at ``threshold``, and the values its misconceptions compare with."""
    from .maths import confusion

    c = confusion(tickets["score"], tickets["urgent"], threshold)
    expected = {
        "threshold": threshold,
        "false_negatives": c["fn"],
        "expected_cost_usd": c["fp"] * COST_FP + c["fn"] * COST_FN,
        "precision": c["tp"] / (c["tp"] + c["fp"]),
        "recall": c["tp"] / (c["tp"] + c["fn"]),
    }
    context = {"accuracy": (c["tp"] + c["tn"]) / len(tickets), "false_positives": c["fp"], "tickets": len(tickets)}
    return expected, context


def fairness_key(tickets, threshold: float) -> tuple[dict, dict]:
    """Q7's answer key at ``threshold``, and the values its misconceptions compare with."""
    flagged = tickets["score"] >= threshold
    rates = flagged.groupby(tickets["language"]).mean()
    half = (tickets["score"] >= 0.5).groupby(tickets["language"]).mean()
    base = tickets.groupby("language")["urgent"].mean()
    ratio = float(rates.min() / rates.max()) if rates.max() > 0 else float("nan")
    expected = {
        "impact_ratio": ratio,
        "lowest_group": str(rates.idxmin()),
        "below_four_fifths": bool(ratio < 0.8),
        "impact_ratio_at_0_5": float(half.min() / half.max()),
    }
    context = {
        "base_rate_ratio": float(base.min() / base.max()),
        "highest_group": str(rates.idxmax()),
        "overall_ratio": float(rates.min() / flagged.mean()) if flagged.mean() > 0 else float("nan"),
    }
    return expected, context


q6 = NamingDocumentQuestion(
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
            "precision": {"type": "number", "minimum": 0},  # no maximum: a percentage is read, then named
            "recall": {"type": "number", "minimum": 0},
        },
    },
    misconceptions=[
        Misconception(
            "0.5 taken as given",
            "Your router flags at 0.5, the default of a classifier's `predict`. Use the threshold your "
            "`best_threshold` finds for the brief's costs.",
            lambda expected, **_: _unless(expected["threshold"] == 0.5, {"threshold": 0.5}),
        ),
        Misconception(
            "percentages, not fractions",
            "`precision` and `recall` are percentages. The statement asks for fractions: 0.69, not 69.",
            lambda expected, **_: {"precision": 100 * expected["precision"], "recall": 100 * expected["recall"]},
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
        Misconception(
            "false alarms counted as misses",
            "`false_negatives` counts the false alarms. A false negative is an urgent ticket the lane "
            "leaves unflagged (`urgent == 1` and score below the threshold); a flagged ticket that is "
            "not urgent is a false positive.",
            lambda expected, false_positives, **_: _unless(
                false_positives == expected["false_negatives"], {"false_negatives": false_positives}
            ),
        ),
        Misconception(
            "cost per ticket",
            "That is the cost of mistakes per ticket. Support asks for the month's cost: the false "
            "alarms times $6 plus the misses times $45, over all of last month's tickets.",
            lambda expected, tickets, **_: {"expected_cost_usd": expected["expected_cost_usd"] / tickets},
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


def own_router_threshold(namespace: dict, reference: float) -> float:
    """The threshold of the learner's `router` (Q6), when it is a number between 0 and 1; else ``reference``."""
    router = namespace.get("router")
    found = _threshold(router.get("threshold")) if isinstance(router, dict) else None
    return reference if found is None else found


q7 = NamingDocumentQuestion(
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
            "a percentage",
            "Your `impact_ratio` is a percentage. The four-fifths rule compares a ratio with 0.8: give it "
            "as a fraction, 0.63 rather than 63.",
            lambda expected, **_: {"impact_ratio": 100 * expected["impact_ratio"]},
        ),
        Misconception(
            "against the overall rate",
            "You divided the lowest group's selection rate by the overall rate. The four-fifths rule "
            "compares it with the highest group's rate.",
            lambda expected, overall_ratio, **_: {"impact_ratio": overall_ratio},
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
    return {**reference, **{field: value for field, (value, _) in _own_fields(namespace).items()}}


def _own_fields(namespace: dict) -> dict[str, tuple]:
    """Q8's fields that follow the learner's own earlier answers: field -> (value, the answer it follows)."""
    costs, router, fairness = (namespace.get(name) for name in ("monthly_costs", "router", "fairness"))
    found = {}
    routed = _number(costs.get("routed_usd")) if isinstance(costs, dict) else None
    if routed is not None:
        found["monthly_cost_usd"] = (routed, "`monthly_costs` (Q2)")
        found["budget_alarm_usd"] = (1.2 * routed, "`monthly_costs` (Q2)")
    threshold = _number(router.get("threshold")) if isinstance(router, dict) else None
    if threshold is not None:
        found["threshold"] = (threshold, "`router` (Q6)")
    fires = fairness.get("below_four_fifths") if isinstance(fairness, dict) else None
    if is_flag(fires):
        found["router_decision"] = (ROUTER_DECISIONS[2] if fires else ROUTER_DECISIONS[0], "`fairness` (Q7)")
    return found


def own_figures(reference: list, namespace: dict) -> list:
    """The figures a message may quote: the reference's, and the learner's own bills, alarm and ratio."""
    costs, fairness = namespace.get("monthly_costs"), namespace.get("fairness")
    mine = []
    if isinstance(costs, dict):
        mine += [_number(costs.get(k)) for k in COST_FIELDS]
        routed = _number(costs.get("routed_usd"))
        mine.append(1.2 * routed if routed is not None else None)
    if isinstance(fairness, dict):
        mine.append(_number(fairness.get("impact_ratio")))
    return [*reference, *(f for f in mine if f)]


WATCHED = Watchlist(
    MONITORS,
    required="monthly spend against the budget alarm",
    any_of=["selection rate by language", "recall by language"],
    never=["overall accuracy"],
)

DECISION_PARTS = {
    "easy_model": 0.25,
    "monthly_cost_usd": 0.5,
    "budget_alarm_usd": 0.5,
    "prices_as_of": 0.25,
    "router_decision": 0.5,
    "threshold": 0.25,
    "monitor": 0.25,
    "message": 0.5,
}


class DecisionQuestion(NamingDocumentQuestion):
    """Q8: the key's fields, the `monitor` list checked by its rule and the message by the figures it quotes.

    A field the key takes from the learner's own earlier answer (``own_numbers_key``) and that is
    wrong is said to be judged against that answer, so that a sensible decision marked wrong says why.
    """

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context):
        expected = {**(expected or {}), "monitor": WATCHED}
        outcome = super().check_key(namespace, expected, figures, **context)
        if outcome.status is Status.CORRECT:
            return outcome
        document = self._read(namespace, finished=False)
        own = _own_fields(namespace) if isinstance(document, dict) else {}
        wrong = [
            field
            for field, (value, _) in own.items()
            if field in document
            and value == expected.get(field)
            and not self._field_right(field, document[field], value)
        ]
        if wrong:
            outcome.details.append(carried.judged(wrong, sorted({own[field][1] for field in wrong})))
        return outcome


q8 = DecisionQuestion(
    "q8",
    NOTEBOOK,
    "decision",
    parts=Parts(3, each=DECISION_PARTS, noun="field"),
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
            lambda expected, **_: _unless(
                expected["router_decision"] == ROUTER_DECISIONS[1], {"router_decision": ROUTER_DECISIONS[1]}
            ),
        ),
        Misconception(
            "shipped through the screen",
            "At the threshold you would ship, the router flags one language's tickets below four fifths "
            "as often as English ones, though urgent tickets are as common in every language. A screen "
            "that fires is a reason to review before launch.",
            lambda expected, **_: _unless(
                expected["router_decision"] != ROUTER_DECISIONS[2], {"router_decision": ROUTER_DECISIONS[0]}
            ),
        ),
        Misconception(
            "the bill before routing",
            "Your `monthly_cost_usd` is the bill with every request on the large model, today's. The "
            "decision ships the router: quote the routed bill, your `monthly_costs['routed_usd']`.",
            lambda expected, all_on_pro, **_: {"monthly_cost_usd": all_on_pro},
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
        Misconception(
            "alarm at the headroom alone",
            "Your alarm is 20 % of the bill, so it rings on the first days of every month. Finance's alarm "
            "rings at 120 % of the forecast: the bill plus its 20 % headroom.",
            lambda expected, **_: {"budget_alarm_usd": 0.2 * expected["monthly_cost_usd"]},
        ),
        Misconception(
            "overall accuracy watched",
            "Overall accuracy is not worth a place on the watch list: with few urgent tickets it stays high "
            "while the lane misses one language's urgent tickets. Watch the spend against the alarm and "
            "a measure by language (selection rate or recall).",
            lambda expected, **_: {"monitor": Holding("overall accuracy")},
        ),
    ],
    hints=[
        "`monthly_cost_usd` is your routed bill; the alarm is 120 % of it; the date is the sheet's `price_date`.",
        "Read `fairness`: a screen that fires at the threshold you would ship decides the router's launch.",
    ],
)
