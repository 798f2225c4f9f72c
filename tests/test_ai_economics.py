"""Does the AI-economics module price, time and screen as its sources say, and does its data plant what it says?"""

import io
import math

import numpy as np
import pandas as pd
import pytest

from tpm_course.data import to_csv
from tpm_course.topics.ai_economics import datasets as data
from tpm_course.topics.ai_economics import exercise, lesson, prices
from tpm_course.topics.ai_economics.maths import (
    best_threshold,
    confusion,
    expected_cost,
    impact_ratio,
    mistaken_bills,
    monthly_cost,
    price_rows,
    request_cost,
    response_ms,
    selection_rates,
)


@pytest.fixture(scope="module")
def sheet():
    return pd.read_csv(io.StringIO(to_csv(data.DATASETS["llm_price_sheet"])))


@pytest.fixture(scope="module")
def log():
    return pd.DataFrame(data.assistant_requests(), columns=data.REQUEST_COLUMNS)


@pytest.fixture(scope="module")
def tickets():
    return pd.DataFrame(data.ticket_scores(), columns=data.TICKET_COLUMNS)


def test_every_row_of_the_price_sheet_has_a_date_and_a_provider_source(sheet):
    assert sheet["price_date"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert sheet["source"].str.startswith("https://").all()
    assert set(sheet["source"]) == {prices.OPENAI, prices.ANTHROPIC, prices.GOOGLE}
    assert not sheet.duplicated(["model", "tier"]).any()


def test_cached_input_is_cheaper_than_input_and_output_dearer():
    """On every row of the sheet: cached input < input < output, the order the lesson teaches."""
    for row in prices.price_sheet():
        _, _, _, _, inp, cached, out, *_ = row
        assert inp < out
        if cached != "":
            assert cached < inp


def test_long_context_and_batch_are_rows_not_constants(sheet):
    long = sheet[sheet["tier"] == "long context"]
    assert set(long["model"]) == {"gemini-2.5-pro", "claude-sonnet-4"}
    assert (long["applies_above_prompt_tokens"] == 200_000).all()
    batch = sheet[sheet["tier"] == "batch"].set_index("model")
    standard = sheet[sheet["tier"] == "standard"].set_index("model")
    for model in batch.index:  # every provider's batch price on the sheet is half its standard price
        assert batch.loc[model, "input_usd_per_mtok"] == pytest.approx(standard.loc[model, "input_usd_per_mtok"] / 2)


def test_request_cost_by_hand():
    """10,000 prompt tokens (4,000 cached) and 500 output at $2 / $0.50 / $8 per million: $0.018."""
    price = {"input_usd_per_mtok": 2.0, "cached_input_usd_per_mtok": 0.5, "output_usd_per_mtok": 8.0}
    assert request_cost(10_000, 4_000, 500, price) == pytest.approx((6_000 * 2 + 4_000 * 0.5 + 500 * 8) / 1e6)
    assert request_cost(10_000, 4_000, 500, price) == pytest.approx(0.018)


def test_a_long_prompt_pays_the_long_context_row_for_the_whole_request(sheet):
    tokens = pd.Series([1_000, 200_000, 200_001])
    rows = price_rows(sheet, "gemini-2.5-pro", tokens)
    assert rows["input_usd_per_mtok"].tolist() == [1.25, 1.25, 2.5]
    assert rows["output_usd_per_mtok"].tolist() == [10.0, 10.0, 15.0]
    flash = price_rows(sheet, "gemini-2.5-flash", tokens)
    assert flash["input_usd_per_mtok"].tolist() == [0.3, 0.3, 0.3]


def test_monthly_cost_equals_a_loop_over_the_requests(sheet, log):
    rows = {(r["model"], r["tier"]): r for r in sheet.to_dict("records")}
    total = 0.0
    for r in log.itertuples():
        tier = "long context" if r.prompt_tokens > 200_000 else "standard"
        total += request_cost(r.prompt_tokens, r.cached_tokens, r.output_tokens, rows[("gemini-2.5-pro", tier)])
    assert monthly_cost(log, sheet, lambda kind: "gemini-2.5-pro", len(log)) == pytest.approx(total)


def test_the_log_plants_what_the_data_page_says(log):
    assert len(log) == data.DAYS * data.REQUESTS_PER_DAY
    assert (log["kind"] == "easy").mean() == pytest.approx(0.7, abs=0.03)
    assert (log["cached_tokens"] > 0).mean() == pytest.approx(data.CACHE_HIT_RATE, abs=0.03)
    assert (log["cached_tokens"] <= log["prompt_tokens"]).all()
    long = log[log["prompt_tokens"] > 200_000]
    assert len(long) >= 30 and set(long["kind"]) == {"hard"}
    ratio = (log["ticket_chars"] / log["ticket_tokens"]).groupby([log["has_code"], log["language"]]).median()
    assert ratio[(False, "English")] == pytest.approx(4.1, abs=0.1)
    assert ratio[True].max() < ratio[(False, "German")] < ratio[(False, "Spanish")] < ratio[(False, "English")]


def test_response_time_is_first_token_plus_the_rest():
    assert response_ms(400, 300, 12) == 4_000
    assert response_ms(600, 250, 20) == lesson.s2.expected == 5_600


def test_confusion_matches_pandas_crosstab(tickets):
    counts = confusion(tickets["score"], tickets["urgent"], 0.2)
    table = pd.crosstab(tickets["urgent"], tickets["score"] >= 0.2)
    assert counts == {
        "tp": table.loc[1, True],
        "fp": table.loc[0, True],
        "fn": table.loc[1, False],
        "tn": table.loc[0, False],
    }


@pytest.mark.parametrize("seed", range(40))
def test_confusion_counts_what_scikit_learns_confusion_matrix_counts(seed):
    """Random scores and labels, some labels outside 0/1 (left out by both), floats, NaN scores, lengths 1-60."""
    from sklearn.metrics import confusion_matrix

    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 60))
    scores = rng.random(size)
    scores[rng.random(size) < 0.1] = np.nan
    labels = rng.integers(0, 3 if seed % 4 == 0 else 2, size)
    labels = labels.astype(float) if seed % 3 == 0 else labels
    threshold = float(rng.random())
    tn, fp, fn, tp = confusion_matrix(list(labels), [int(s >= threshold) for s in scores], labels=[0, 1]).ravel()
    assert confusion(pd.Series(scores), list(labels), threshold) == {"tp": tp, "fp": fp, "fn": fn, "tn": tn}


def test_confusion_refuses_mismatched_or_empty_input():
    with pytest.raises(ValueError, match="one label per score"):
        confusion([0.1, 0.9], [1], 0.5)
    with pytest.raises(ValueError, match="at least one"):
        confusion([], [], 0.5)


def test_the_cheapest_threshold_is_near_the_bayes_threshold_of_the_cost_ratio(tickets):
    """With calibrated scores, flag when p ≥ cost_fp / (cost_fp + cost_fn): 6 / 51 ≈ 0.12 for the brief."""
    grid = [round(0.05 * i, 2) for i in range(1, 20)]
    best = best_threshold(tickets["score"], tickets["urgent"], 6, 45, grid)
    assert best == 0.2
    assert abs(best - 6 / 51) <= 0.1
    assert expected_cost(tickets["score"], tickets["urgent"], best, 6, 45) < expected_cost(
        tickets["score"], tickets["urgent"], 0.5, 6, 45
    )


def test_the_example_of_q5_separates_its_misconceptions():
    (case,) = exercise.q5.cases
    args = case.inputs
    assert best_threshold(**args) == case.expected == 0.1
    wrong = {
        exercise._cheapest(args["scores"], args["labels"], 1, 1, args["thresholds"]),
        exercise._cheapest(args["scores"], args["labels"], args["cost_fn"], args["cost_fp"], args["thresholds"]),
        0.5,
    }
    assert len(wrong) == 3 and case.expected not in wrong


def test_impact_ratio_agrees_with_fairlearn(tickets):
    from fairlearn.metrics import demographic_parity_ratio

    flagged = tickets["score"] >= 0.2
    rates = selection_rates(flagged, tickets["language"])
    assert impact_ratio(rates) == pytest.approx(
        demographic_parity_ratio(tickets["urgent"], flagged, sensitive_features=tickets["language"])
    )
    assert min(rates, key=rates.get) == "German"


def test_the_tickets_plant_a_screen_that_fires_at_the_cheapest_threshold_only(tickets):
    """Urgent tickets are as common in every language; the scores are not, so the screen fires at 0.2, not at 0.5."""
    base = tickets.groupby("language")["urgent"].mean()
    assert base.min() / base.max() > 0.8
    at = lambda t: impact_ratio(selection_rates(tickets["score"] >= t, tickets["language"]))  # noqa: E731
    assert at(0.2) < 0.8 < at(0.5)


def test_lesson_answers_by_hand():
    assert lesson.s1.expected == pytest.approx((1_000 * 0.40 + 5_000 * 0.10 + 400 * 1.60) / 1e6 * 2_000_000)
    assert lesson.s3.expected == pytest.approx(0.7)
    assert math.isclose(lesson.s1.expected, 3_080)


def test_the_decision_is_checked_against_the_learners_own_numbers():
    """An earlier mistake costs points once: Q8's key follows the learner's Q2, Q6 and Q7 where they are numbers."""
    import numpy as np

    reference = {"monthly_cost_usd": 100.0, "budget_alarm_usd": 120.0, "threshold": 0.2, "router_decision": "x"}
    mine = {
        "monthly_costs": {"routed_usd": np.float64(90.0)},
        "router": {"threshold": 0.3},
        "fairness": {"below_four_fifths": np.bool_(False)},
    }
    key = exercise.own_numbers_key(reference, mine)
    assert key["monthly_cost_usd"] == 90 and key["budget_alarm_usd"] == pytest.approx(108)
    assert key["threshold"] == 0.3 and key["router_decision"] == exercise.ROUTER_DECISIONS[0]
    unfinished = {"monthly_costs": {"routed_usd": ...}, "router": "not a dict", "fairness": {"below_four_fifths": ...}}
    assert exercise.own_numbers_key(reference, unfinished) == reference


@pytest.mark.parametrize(
    "question,slip",
    [
        (lesson.s1, "drafts_monthly_usd = (1_000 * 0.40 + 5_000 * 0.10 + 400 * 0.40) / 1e6 * 2_000_000"),
        (lesson.s2, "summary_wait_ms = 250 * 20"),
        (lesson.s3, "callback_impact_ratio = 0.30 / 0.21"),
        (lesson.s4, "rule_fails_most_on = 'German tickets'"),
    ],
    ids=["s1", "s2", "s3", "s4"],
)
def test_each_self_check_accepts_its_solution_and_names_a_slip(question, slip):
    from tpm_course.core import Status

    namespace = {}
    exec(question._solution, namespace)
    assert question._outcome(lambda: question.check_visible(namespace)).status is Status.CORRECT
    exec(slip, namespace)
    outcome = question._outcome(lambda: question.check_visible(namespace))
    assert outcome.status is Status.INCORRECT
    assert any(m.message in outcome.details for m in question.misconceptions), outcome.details


def test_long_context_on_the_input_only_falls_outside_q2s_tolerance(sheet, log):
    """Billing only the input at long-context prices is 0.19 % off: Q2's 0.1 % tolerance separates it (probe s10)."""
    bills = mistaken_bills(log, sheet, "gemini-2.5-pro", "gemini-2.5-flash", 1_100_000)
    right = monthly_cost(log, sheet, lambda kind: "gemini-2.5-pro", 1_100_000)
    assert abs(bills["long_input_only"] / right - 1) > 1.5 * exercise.q2.rel_tol
    assert abs(round(right) / right - 1) < exercise.q2.rel_tol  # a bill rounded to the dollar still passes
    named = {k: v for k, v in bills.items() if k != "sample_cost"}
    assert all(abs(v / right - 1) > exercise.q2.rel_tol for k, v in named.items() if k != "routed_by_price_ratio")


def test_q5s_designed_cases_separate_at_or_above_and_the_tie_rule():
    """A score on a threshold makes `>` pick another threshold; a tie makes the last of tied differ from the lowest."""
    grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    at = dict(
        scores=[0.51, 0.3, 0.48, 0.7, 0.37, 0.42, 0.4, 0.3, 0.8, 0.2, 0.44, 0.8],
        labels=[0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1],
        cost_fp=2,
        cost_fn=23,
        thresholds=grid,
    )
    assert best_threshold(**at) == 0.3 and exercise._strict(0.3, **at) == 0.2
    tie = dict(
        scores=[0.7, 0.8, 0.05, 0.8, 0.31, 0.22, 0.2, 0.6, 0.73, 0.33, 0.4, 0.2],
        labels=[1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0],
        cost_fp=4,
        cost_fn=12,
        thresholds=grid,
    )
    assert best_threshold(**tie) == 0.1 and exercise._last_of_tied(0.1, **tie) == 0.2


def test_q6_follows_the_learners_own_best_threshold(tickets):
    """Q6 is checked at the threshold the learner's function picks; a function returning no threshold leaves 0.2."""
    assert exercise.own_threshold({"best_threshold": lambda *a: 0.3}, tickets, 0.2) == 0.3
    assert exercise.own_threshold({"best_threshold": lambda *a: 3_345}, tickets, 0.2) == 0.2
    assert exercise.own_threshold({"best_threshold": lambda *a: 1 / 0}, tickets, 0.2) == 0.2
    assert exercise.own_threshold({}, tickets, 0.2) == 0.2
    assert exercise.own_router_threshold({"router": {"threshold": 0.5}}, 0.2) == 0.5
    assert exercise.own_router_threshold({"router": {"threshold": None}}, 0.2) == 0.2


def test_the_watch_list_rule():
    """Spend against the alarm, a measure by language, three or more of the list, and never overall accuracy."""
    spend, by_language = "monthly spend against the budget alarm", "recall by language"
    assert [spend, by_language, "p95 time to first token"] == exercise.WATCHED
    assert [spend, by_language] != exercise.WATCHED
    assert [spend, by_language, "overall accuracy"] != exercise.WATCHED
    assert ["p95 time to first token", by_language, "p95 time to the full answer"] != exercise.WATCHED
    assert [spend, by_language, "latency"] != exercise.WATCHED


def test_q3_names_a_function_that_fails_on_columns_only():
    """float() of a column raises: the feedback says the function handles one number only."""
    from tpm_course.core import Status

    columns = {
        "ttft_ms": pd.Series([100, 200]),
        "output_tokens": pd.Series([10, 20]),
        "ms_per_output_token": pd.Series([1.0, 2.0]),
    }
    scalar_only = {
        "response_ms": lambda ttft_ms, output_tokens, ms_per_output_token: (
            float(ttft_ms) + output_tokens * ms_per_output_token
        )
    }
    q3 = exercise.q3
    outcome = q3._outcome(lambda: q3.check_key(scalar_only, cases=[(columns, [110.0, 240.0])]))
    assert outcome.status is Status.INCORRECT
    assert any("works on single numbers but not on whole pandas columns" in d for d in outcome.details)
    right = {"response_ms": response_ms}
    assert q3._outcome(lambda: q3.check_key(right, cases=[(columns, [110.0, 240.0])])).status is Status.CORRECT


def test_a_bad_field_of_q8_costs_its_part_in_the_visible_check_too():
    """The visible check (the test cell's first line) lets a scored field of the wrong form through to the graded one."""
    from tpm_course.core import Status

    decision = {
        "easy_model": "gemini-2.5-flash",
        "monthly_cost_usd": 100.0,
        "budget_alarm_usd": 120.0,
        "prices_as_of": "2025-08",
        "router_decision": exercise.ROUTER_DECISIONS[2],
        "threshold": None,
        "monitor": ["cost", "latency", "fairness"],
        "message": "ok",
    }
    q8 = exercise.q8
    visible = q8._outcome(lambda: q8.check_visible({"decision": decision}))
    assert visible.status is Status.PENDING and "`threshold`" in visible.title
    key = {
        k: decision[k]
        for k in ("easy_model", "monthly_cost_usd", "budget_alarm_usd", "prices_as_of", "router_decision")
    }
    graded = q8._outcome(
        lambda: q8.check_key(
            {"decision": decision},
            expected={**key, "threshold": 0.2},
            figures={"message": [100.0]},
            today="2026-12",
            all_on_pro=200.0,
        )
    )
    assert graded.status is Status.PARTIAL and graded.earned == 2.0
    assert not any("At the threshold you would ship" in d for d in graded.details)
    assert graded.details[:3] == ["threshold: 0 of 0.25", "monitor: 0 of 0.25", "message: 0 of 0.5"]  # lost parts first


def test_a_q8_field_wrong_by_the_learners_own_earlier_answer_says_which_answer_judged_it():
    """A sensible decision marked wrong says why: its key came from the learner's own Q7 (and Q2), not the brief."""
    from tpm_course.core import Status

    mine = {
        "monthly_costs": {"routed_usd": 100.0},
        "fairness": {"below_four_fifths": False},  # the learner's own screen did not fire
    }
    decision = {
        "easy_model": "gemini-2.5-flash",
        "monthly_cost_usd": 100.0,
        "budget_alarm_usd": 120.0,
        "prices_as_of": "2025-08",
        "router_decision": exercise.ROUTER_DECISIONS[2],  # held for review: right by the brief, not by their Q7
        "threshold": 0.2,
        "monitor": ["monthly spend against the budget alarm", "selection rate by language", "recall by language"],
        "message": "Routed bill 100 dollars a month, alarm at 120; the router waits for a fairness review.",
    }
    reference = {k: decision[k] for k in ("easy_model", "prices_as_of", "threshold")}
    reference.update(monthly_cost_usd=90.0, budget_alarm_usd=108.0, router_decision=exercise.ROUTER_DECISIONS[2])
    q8 = exercise.q8
    graded = q8._outcome(
        lambda: q8.check_key(
            {"decision": decision, **mine},
            expected=exercise.own_numbers_key(reference, mine),
            figures={"message": [100.0, 120.0]},
            today="2026-12",
            all_on_pro=200.0,
        )
    )
    assert graded.status is Status.PARTIAL and graded.earned == 2.5
    said = [d for d in graded.details if "judged against" in d]
    assert said == [
        "`router_decision` is judged against what your own `fairness` (Q7) gives: your own earlier answers count here."
    ]
