"""The arithmetic of an AI feature: token cost from a price sheet, latency, a threshold by expected cost, fairness.

pandas, scikit-learn and fairlearn are imported inside the functions that need them.
"""

from __future__ import annotations

PER_MILLION = 1_000_000
FOUR_FIFTHS = 0.8  # 29 CFR 1607.4(D): a selection rate below 4/5 of the highest group's flags adverse impact
PRICE_COLUMNS = ["input_usd_per_mtok", "cached_input_usd_per_mtok", "output_usd_per_mtok"]
CHARS_PER_TOKEN_ENGLISH = 4  # OpenAI's rough rule for English text, not a tokenizer


def request_cost(prompt_tokens, cached_tokens, output_tokens, price) -> float:
    """Dollars for one request: uncached prompt, cached prompt and output tokens at a price row's rates.

    ``price`` holds ``input_usd_per_mtok``, ``cached_input_usd_per_mtok`` and ``output_usd_per_mtok``;
    ``cached_tokens`` are part of ``prompt_tokens``.
    """
    fresh = prompt_tokens - cached_tokens
    return (
        fresh * price["input_usd_per_mtok"]
        + cached_tokens * price["cached_input_usd_per_mtok"]
        + output_tokens * price["output_usd_per_mtok"]
    ) / PER_MILLION


def price_rows(sheet, model: str, prompt_tokens, tier: str = "standard") -> dict:
    """The prices that apply to each prompt: the long-context row's above its threshold, else ``tier``'s row.

    ``prompt_tokens`` is a pandas Series; the result maps each price column to a Series aligned with it.
    """
    rows = sheet[sheet["model"] == model]
    base = rows[rows["tier"] == tier].iloc[0]
    chosen = {column: prompt_tokens * 0 + base[column] for column in PRICE_COLUMNS}
    for _, long in rows[rows["tier"] == "long context"].iterrows():
        above = prompt_tokens > long["applies_above_prompt_tokens"]
        chosen = {column: chosen[column].where(~above, long[column]) for column in PRICE_COLUMNS}
    return chosen


def log_costs(log, sheet, model_for, *, cache: bool | str = True, long_context: bool | str = True) -> object:
    """Dollars of each request of a log, each on the model ``model_for(kind)`` names.

    The other values name the mistakes the exercise recognises: ``cache=False`` bills cached
    tokens at the input price, ``cache="twice"`` bills them at the input price and again at the
    cached price; ``long_context=False`` ignores the long-context rows, ``"input only"`` takes
    only their input prices (output at the standard row's), and ``"above the line"`` charges the
    long-context input price only on the prompt tokens above the row's threshold, like a tax band.
    """
    import pandas as pd

    costs = pd.Series(0.0, index=log.index)
    for kind, part in log.groupby("kind"):
        model = model_for(kind)
        rows = sheet if long_context else sheet[sheet["tier"] != "long context"]
        price = price_rows(rows, model, part["prompt_tokens"])
        standard = price_rows(sheet[sheet["tier"] != "long context"], model, part["prompt_tokens"])
        if long_context in ("input only", "above the line"):
            price = {**price, "output_usd_per_mtok": standard["output_usd_per_mtok"]}
        if long_context == "above the line":
            price = standard
        cached = part["cached_tokens"] if cache else 0
        costs.loc[part.index] = request_cost(part["prompt_tokens"], cached, part["output_tokens"], price)
        if cache == "twice":
            costs.loc[part.index] += part["cached_tokens"] * price["input_usd_per_mtok"] / PER_MILLION
        if long_context == "above the line":
            costs.loc[part.index] += _above_the_line(sheet, model, part["prompt_tokens"], standard)
    return costs


def _above_the_line(sheet, model: str, prompt_tokens, standard: dict):
    """The extra dollars of charging the long-context input price only on the tokens above its threshold."""
    extra = prompt_tokens * 0.0
    rows = sheet[(sheet["model"] == model) & (sheet["tier"] == "long context")]
    for _, long in rows.iterrows():
        above = (prompt_tokens - long["applies_above_prompt_tokens"]).clip(lower=0)
        extra = extra + above * (long["input_usd_per_mtok"] - standard["input_usd_per_mtok"]) / PER_MILLION
    return extra


def monthly_cost(log, sheet, model_for, requests_per_month: float, **mistakes) -> float:
    """Dollars a month: the log's mean cost per request times the month's requests."""
    return float(log_costs(log, sheet, model_for, **mistakes).mean() * requests_per_month)


def mistaken_bills(log, sheet, large: str, small: str, requests_per_month: float) -> dict:
    """What the named mistakes of exercise 12's Q2 give for the month's bills, by the mistake's name."""
    everything_large = lambda kind: large  # noqa: E731
    bill = lambda model_for, **mistake: monthly_cost(log, sheet, model_for, requests_per_month, **mistake)  # noqa: E731
    sample = log_costs(log, sheet, everything_large)
    standard = sheet[sheet["tier"] == "standard"].set_index("model")["input_usd_per_mtok"]
    easy = float((log["kind"] == "easy").mean())
    return {
        "output_as_input": monthly_cost(
            log, sheet.assign(output_usd_per_mtok=sheet["input_usd_per_mtok"]), everything_large, requests_per_month
        ),
        "long_context_ignored": bill(everything_large, long_context=False),
        "long_input_only": bill(everything_large, long_context="input only"),
        "long_above_the_line": bill(everything_large, long_context="above the line"),
        "cache_ignored": bill(everything_large, cache=False),
        "cached_twice": bill(everything_large, cache="twice"),
        "sample_cost": float(sample.sum()),
        "week_to_month": float(sample.sum() * 52 / 12),
        "kinds_unweighted": float(sample.groupby(log["kind"]).mean().mean() * requests_per_month),
        "routed_by_price_ratio": bill(everything_large) * (1 - easy + easy * standard[small] / standard[large]),
    }


def response_ms(ttft_ms, output_tokens, ms_per_output_token):
    """Milliseconds until the whole answer has arrived: the wait for the first token, then every output token."""
    return ttft_ms + output_tokens * ms_per_output_token


def confusion(scores, labels, threshold: float) -> dict:
    """tp, fp, fn, tn of flagging every score at or above ``threshold``: the counts of scikit-learn's
    ``confusion_matrix(labels, flagged, labels=[0, 1])`` (a label other than 0 or 1 is left out), by numpy."""
    import numpy as np

    given = np.asarray(list(scores))
    if given.dtype.kind in "biuf":
        flagged = given >= threshold
    else:
        flagged = np.fromiter((s >= threshold for s in scores), dtype=bool, count=len(given))
    truth = np.asarray(list(labels))
    if truth.shape != flagged.shape or not len(truth):
        raise ValueError(f"{len(flagged)} scores and {len(truth)} labels: one label per score, at least one")
    kept = (truth == 0) | (truth == 1)
    urgent, flagged = truth[kept] == 1, flagged[kept]
    return {
        "tp": int(np.sum(urgent & flagged)),
        "fp": int(np.sum(~urgent & flagged)),
        "fn": int(np.sum(urgent & ~flagged)),
        "tn": int(np.sum(~urgent & ~flagged)),
    }


def expected_cost(scores, labels, threshold: float, cost_fp: float, cost_fn: float) -> float:
    """FP × cost(FP) + FN × cost(FN) at a threshold."""
    counts = confusion(scores, labels, threshold)
    return counts["fp"] * cost_fp + counts["fn"] * cost_fn


def best_threshold(scores, labels, cost_fp: float, cost_fn: float, thresholds) -> float:
    """The threshold of ``thresholds`` with the lowest expected cost (the first one on a tie)."""
    costs = [expected_cost(scores, labels, t, cost_fp, cost_fn) for t in thresholds]
    return list(thresholds)[costs.index(min(costs))]


def selection_rates(flagged, groups) -> dict:
    """Share of each group flagged, by fairlearn's MetricFrame and selection_rate."""
    from fairlearn.metrics import MetricFrame, selection_rate

    frame = MetricFrame(metrics=selection_rate, y_true=list(flagged), y_pred=list(flagged), sensitive_features=groups)
    return {str(k): float(v) for k, v in frame.by_group.items()}


def impact_ratio(rates: dict) -> float:
    """The four-fifths rule's ratio: the lowest group's selection rate over the highest's."""
    return min(rates.values()) / max(rates.values())


def estimated_tokens(characters: int, chars_per_token: float = CHARS_PER_TOKEN_ENGLISH) -> float:
    """A rough token count from characters: about 4 characters a token in English, worse elsewhere."""
    return characters / chars_per_token
