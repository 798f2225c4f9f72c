"""Does module 11's maths agree with numpy-financial and hand-worked values, and does its data plant what it says?"""

import pytest

from tpm_course.topics.risk_build_buy.money import (
    Option,
    break_even,
    licence_cost,
    lock_in_score,
    payback_years,
    present_value,
    savings,
    volume_licence_cost,
)
from tpm_course.topics.risk_build_buy.uncertainty import resampled_overruns, share_above, simulate, tornado

SWITCHBOARD = [(50, 240), (200, 180), (500, 120), (None, 90)]


def test_graduated_seats_are_priced_at_their_own_step():
    assert licence_cost(120, SWITCHBOARD) == 50 * 240 + 70 * 180
    assert licence_cost(650, SWITCHBOARD) == 50 * 240 + 150 * 180 + 300 * 120 + 150 * 90
    assert licence_cost(50, SWITCHBOARD) == 50 * 240
    assert licence_cost(0, SWITCHBOARD) == 0


def test_volume_pricing_puts_every_seat_on_one_step_and_can_fall_as_seats_rise():
    assert volume_licence_cost(120, SWITCHBOARD) == 120 * 180
    assert volume_licence_cost(501, SWITCHBOARD) < volume_licence_cost(500, SWITCHBOARD)


def test_present_value_is_numpy_financials_npv_and_the_hand_formula():
    """-100 + 60 / 1.1 + 60 / 1.21 = 4.1322 (year 0 is not discounted)."""
    assert present_value([-100, 60, 60], 0.10) == pytest.approx(4.132231, rel=1e-6)
    flows = [164_000, 40_800, 40_800, 40_800]
    assert present_value(flows, 0.1) == pytest.approx(sum(c / 1.1**t for t, c in enumerate(flows)))
    assert present_value([100, 110, 121], 0.10) == pytest.approx(300)


def test_a_spreadsheets_npv_discounts_year_0_once_more():
    """Excel's NPV(rate, values) treats the first value as a year away: ours divided by (1 + rate)."""
    flows = [-136_000, 22_200, 36_000, 92_700]
    spreadsheet = sum(c / 1.1 ** (t + 1) for t, c in enumerate(flows))
    assert spreadsheet == pytest.approx(present_value(flows, 0.1) / 1.1)


def test_option_cash_flows_put_the_exit_in_the_last_year():
    buy = Option("buy", 28_000, [63_000, 76_800, 88_500], exit_cost=45_000)
    assert buy.cash_flows() == [28_000, 63_000, 76_800, 133_500]
    assert buy.tco() == 301_300
    assert buy.present_cost(0.1) == pytest.approx(249_044.33, abs=0.01)


def test_payback_interpolates_within_the_year_and_says_never():
    assert payback_years([-100, 50, 100]) == pytest.approx(1.5)
    assert payback_years([-100, 10, 10]) is None
    flows = [-136_000, 22_200, 36_000, 92_700]
    assert payback_years(flows) == pytest.approx(2 + 77_800 / 92_700)
    assert payback_years(flows, 0.10) is None  # discounted, the savings never catch up in three years


def test_savings_of_building_instead_of_buying_are_buys_costs_minus_builds():
    build = Option("build", 164_000, [40_800] * 3)
    buy = Option("buy", 28_000, [63_000, 76_800, 88_500], exit_cost=45_000)
    assert savings(buy, build) == [-136_000, 22_200, 36_000, 92_700]


def test_break_even_matches_a_linear_scan():
    build = Option("build", 164_000, [40_800] * 3).present_cost(0.1)

    def buy(seats):
        return Option("buy", 28_000, [licence_cost(seats, SWITCHBOARD)] * 3, exit_cost=45_000).present_cost(0.1)

    scanned = next(n for n in range(1, 5_000) if buy(n) > build)
    assert break_even(buy, build) == scanned == 577
    assert break_even(lambda n: n, 10, high=5) is None


def test_lock_in_score_adds_three_ratings_and_refuses_a_missing_one():
    assert lock_in_score({"data_export": 1, "proprietary_api": 1, "contract_terms": 2}) == 4
    with pytest.raises(ValueError):
        lock_in_score({"data_export": 1, "proprietary_api": 1})
    with pytest.raises(ValueError):
        lock_in_score({"data_export": 3, "proprietary_api": 0, "contract_terms": 0})


def test_tornado_puts_the_widest_swing_first():
    def model(a, b):
        return 10 * a + b

    bars = tornado(model, {"a": 1, "b": 1}, {"b": (0, 2), "a": (0, 2)})
    assert [bar.name for bar in bars] == ["a", "b"]
    assert bars[0].at_low == 1 and bars[0].at_high == 21


def test_monte_carlo_is_seeded_and_counts_the_share_above():
    first = resampled_overruns([1.0, 1.5, 2.0], 1_000, seed=7)
    assert (first == resampled_overruns([1.0, 1.5, 2.0], 1_000, seed=7)).all()
    assert set(first) <= {1.0, 1.5, 2.0}
    values = simulate(lambda x, y: x - y, {"x": 0, "y": 1}, {"x": [0.5, 1.5, 2.5]})
    assert values == [-0.5, 0.5, 1.5]
    assert share_above(values) == pytest.approx(2 / 3)


def test_the_register_plants_what_its_page_says():
    from tpm_course.data import load
    from tpm_course.topics.risk_build_buy.risk import biggest_residual_risks, risk_plan, top_risk_ids

    register = load("launch_risks")
    assert len(register) == 12
    top = top_risk_ids(register, 5)
    assert top == ["R06", "R07", "R02", "R10", "R01"]
    assert register.nlargest(1, "impact_usd")["risk_id"].item() == "R05" not in top
    assert register.nlargest(1, "likelihood")["risk_id"].item() == "R09" not in top
    plan = risk_plan(register)
    assert sorted(set(register["risk_id"]) - set(plan["funded"])) == ["R05", "R08"]
    assert plan["buy"] == {"residual": pytest.approx(55_875), "mitigation_cost": 54_000}
    assert biggest_residual_risks(register, "buy") == ["R05", "R08"]


def test_build_overruns_are_reproducible_and_carry_a_long_tail():
    from tpm_course.topics.risk_build_buy.datasets import build_overruns

    rows = build_overruns()
    assert rows == build_overruns() and len(rows) == 36
    factors = sorted(actual / estimated for _, estimated, actual in rows)
    assert factors[len(factors) // 2] == pytest.approx(1.25, abs=0.1)
    assert sum(f >= 2 for f in factors) >= 3


def test_the_recommendation_names_a_decision_its_own_numbers_do_not_support():
    """A decision other than the option the learner's own present costs put lowest is named; a matching one is not."""
    from tpm_course.topics.risk_build_buy.exercise import q8

    def present_cost(costs, rate):
        return sum(c / (1 + rate) ** t for t, c in enumerate(costs))

    namespace = {
        "present_cost": present_cost,
        "DISCOUNT_RATE": 0.1,
        "build_costs": [164_000, 40_800, 40_800, 40_800],
        "buy_costs": [28_000, 63_000, 76_800, 133_500],
        "oss_costs": [52_000, 90_000, 90_000, 105_000],
        "recommendation": {"decision": "build"},
    }
    assert "put `buy` lowest" in q8.consistency(namespace)
    namespace["recommendation"] = {"decision": "Buy"}
    assert q8.consistency(namespace) is None
    del namespace["present_cost"]  # an unfinished notebook gives no comparison, and no error
    assert q8.consistency(namespace) is None


def test_the_explorers_figures_draw_the_lessons_numbers():
    """The charts the widgets redraw build without error: a tornado with a bar per input, a histogram with its share."""
    from tpm_course.data import load
    from tpm_course.topics.risk_build_buy.sso import BASE, RANGES, buy_minus_build
    from tpm_course.topics.risk_build_buy.widgets import _histogram, _simulated, _tornado_figure, usd

    figure = _tornado_figure(BASE)
    assert [len(trace.y) for trace in figure.data] == [len(RANGES)] * 2
    assert usd(buy_minus_build()) in figure.layout.title.text
    overruns = load("build_overruns")
    factors = (overruns["actual_weeks"] / overruns["estimated_weeks"]).tolist()
    assert "0% of them" in _histogram(_simulated(factors, 200, False, 11), False).layout.title.text
    assert usd(-1234.4) == "−$1,234" and usd(5) == "$5"


def test_the_lessons_tornado_has_one_input_that_flips_the_decision():
    """Self-check s4's answer: only the build estimate crosses break-even within its range."""
    from tpm_course.topics.risk_build_buy.sso import BASE, RANGES, buy_minus_build

    crossing = [bar.name for bar in tornado(buy_minus_build, BASE, RANGES) if max(bar.at_low, bar.at_high) > 0]
    assert crossing == ["build_weeks"]


def _brief_namespace(**changes):
    """The brief's numbers and a right answer to Q3 to Q5, as a notebook holds them; ``changes`` replace some."""
    from tpm_course.topics.risk_build_buy.question import brief_costs

    namespace = {
        "ENGINEER_WEEK": 4_000,
        "DISCOUNT_RATE": 0.10,
        "SEATS": [400, 520, 650],
        "SWITCHBOARD_TIERS": SWITCHBOARD,
        "MIGRATION": 20_000,
        "BUILD_WEEKS": 36,
        "BUILD_MAINTENANCE_SHARE": 0.20,
        "BUILD_HOSTING": 12_000,
        "BUILD_EXIT": 0,
        "BUY_INTEGRATION_WEEKS": 2,
        "BUY_EXIT": 45_000,
        "OSS_INTEGRATION_WEEKS": 8,
        "OSS_HOSTING": 18_000,
        "OSS_UPKEEP_WEEKS": 18,
        "OSS_EXIT": 15_000,
        "licence_cost": licence_cost,
        "present_cost": present_value,
    }
    namespace.update(brief_costs(namespace))
    namespace.update(changes)
    return namespace


BUY = [28_000, 63_000, 76_800, 133_500]
BUILD = [164_000, 40_800, 40_800, 40_800]


def test_the_brief_costs_the_checks_compare_with_are_the_solutions():
    namespace = _brief_namespace()
    assert namespace["buy_costs"] == BUY and namespace["build_costs"] == BUILD
    assert sum(namespace["oss_costs"]) == 337_000


def test_q6_break_even_is_exact_and_a_faulty_present_cost_is_named_not_misdiagnosed():
    """576 seats (one short) loses the field; a rate divided by 100 in Q5 is named, not called 'undiscounted'."""
    from tpm_course.core import Status
    from tpm_course.topics.risk_build_buy.exercise import q6

    key = {"npv_build_instead_of_buy_usd": -16_419.4, "simple_payback_years": 2.839, "discounted_payback_years": None}
    extra = {"undiscounted_npv": 14_900, "volume_break_even": 910, "undiscounted_break_even": 468}
    short = {**key, "break_even_seats": 576}
    outcome = q6._outcome(
        lambda: q6.check_key(_brief_namespace(build_vs_buy=short), expected={**key, "break_even_seats": 577}, **extra)
    )
    assert outcome.status is Status.PARTIAL and outcome.earned == 2.25

    def percent_rate(costs, rate):
        return sum(c / (1 + rate / 100) ** t for t, c in enumerate(costs))

    nearly_undiscounted = {**key, "break_even_seats": 468}
    namespace = _brief_namespace(build_vs_buy=nearly_undiscounted, present_cost=percent_rate)
    outcome = q6._outcome(lambda: q6.check_key(namespace, expected={**key, "break_even_seats": 577}, **extra))
    assert not any("compares undiscounted totals" in d for d in outcome.details), outcome.details
    assert any("`present_cost` (Q5) is not right yet" in d for d in outcome.details)


def test_q4_wants_four_years_in_each_cost_list_and_blames_q3_for_its_prices():
    from tpm_course.core import Status
    from tpm_course.topics.risk_build_buy.exercise import q4

    key = {"build_usd": 286_400, "buy_usd": 301_300, "open_source_usd": 337_000}
    extra = {
        "build_once": 164_000,
        "buy_one_year": 63_000,
        "build_without_maintenance": 200_000,
        "maintenance_on_migration": 298_400,
        "buy_without_exit": 256_300,
        "buy_volume_priced": 226_300,
    }
    five = _brief_namespace(tco=dict(key), buy_costs=[28_000, 63_000, 76_800, 88_500, 45_000])
    outcome = q4._outcome(lambda: q4.check_key(five, expected=key, **extra))
    assert outcome.status is Status.PARTIAL and outcome.earned == 1.5
    assert any("`buy_costs` has 5 entries" in d for d in outcome.details)

    def volume(seats, tiers):
        return volume_licence_cost(seats, tiers)

    namespace = _brief_namespace(tco={**key, "buy_usd": 226_300}, licence_cost=volume)
    outcome = q4._outcome(lambda: q4.check_key(namespace, expected=key, **extra))
    assert any("`licence_cost` (Q3) is not right yet" in d for d in outcome.details)
    assert not any("use your `licence_cost`" in d for d in outcome.details)


def test_q8_says_undiscounted_only_when_the_decision_follows_the_totals_and_not_its_own_present_costs():
    from tpm_course.topics.risk_build_buy.exercise import q8

    key = {"decision": "buy", "present_cost_usd": 249_044.3, "buy_lock_in_score": 4, "biggest_risks": ["R05", "R08"]}
    extra = {"tco_of_decision": 301_300, "before_plan": ["R02", "R10"], "by_impact": ["R05", "R11"]}
    answer = {
        **key,
        "decision": "build",
        "present_cost_usd": 265_464.0,
        "reason": "Build it: its present cost is $265,464, and we own the code.",
    }

    def graded(**changes):
        namespace = _brief_namespace(recommendation=answer, **changes)
        outcome = q8._outcome(
            lambda: q8.check_key(namespace, expected=key, figures={"reason": [249_044.3, 265_464.0]}, **extra)
        )
        return " ".join(outcome.details)

    assert "You chose by the undiscounted three-year totals" in graded()

    def compounding(costs, rate):  # the learner's own (wrong) present costs put build lowest: their Q5, not this
        return sum(c * (1 + rate) ** t for t, c in enumerate(costs))

    said = graded(present_cost=compounding)
    assert "undiscounted three-year totals" not in said and "`present_cost` (Q5) is not right yet" in said


def _shares(factors):
    """The exact share of ``factors`` for which building is cheaper, the right way and each wrong way."""
    pv = lambda costs: present_value(costs, 0.1)  # noqa: E731

    def build(f, maintained=None, hosting=1.0):
        weeks = 36 * 4_000 * f
        upkeep = 0.2 * 36 * 4_000 * (f if maintained is None else maintained) + 12_000 * hosting
        return [weeks + 20_000] + [upkeep] * 3

    ways = {
        "right": lambda f: pv(build(f)) < pv(BUY),
        "estimate": lambda f: pv(build(1.0)) < pv(BUY),
        "undiscounted": lambda f: sum(build(f)) < sum(BUY),
        "other way": lambda f: pv(build(f)) >= pv(BUY),
        "maintenance": lambda f: pv(build(f, maintained=1.0)) < pv(BUY),
        "hosting": lambda f: pv(build(f, hosting=f)) < pv(BUY),
    }
    return {name: sum(map(way, factors)) / len(factors) for name, way in ways.items()}


def test_q7_hidden_factor_lists_tell_apart_what_scales_with_the_overrun():
    """Each wrong way of running the simulation misses the key by 0.1 or more on one of the hidden lists
    (the shipped factors cannot: every way gives 6 of 36 there), far outside the 0.02 allowed."""
    hidden = [_shares([0.85, 0.90, 1.03, 1.3, 1.5, 1.7]), _shares([0.80, 0.93, 1.05, 1.2, 1.4])]
    for way in ("estimate", "undiscounted", "other way", "maintenance", "hosting"):
        assert max(abs(shares[way] - shares["right"]) for shares in hidden) >= 0.1, way


def _share_function(namespace, maintenance_scales=True):
    """``share_build_cheaper`` as a learner writes it, reading the notebook's names (``namespace``)."""
    import numpy as np

    def share_build_cheaper(factors, runs, seed):
        drawn = np.random.default_rng(seed).choice(np.asarray(factors, dtype=float), size=runs, replace=True)
        buy = namespace["present_cost"](namespace["buy_costs"], namespace["DISCOUNT_RATE"])
        cheaper = 0
        for factor in set(drawn):
            build = 36 * factor * 4_000
            upkeep = 0.2 * (build if maintenance_scales else 36 * 4_000) + 12_000
            if namespace["present_cost"]([build + 20_000] + [upkeep] * 3, 0.10) < buy:
                cheaper += int((drawn == factor).sum())
        return cheaper / runs

    return share_build_cheaper


VOLUME_BUY = [28_000, 400 * 120, 520 * 90, 650 * 90 + 45_000]  # every seat at its last step's price (Q3 wrong)


def test_q7_compares_with_the_learners_own_buy_costs_and_charges_q3_only_there():
    """With Q3 wrong, building is never cheaper by the learner's own numbers: a share of 0 is right, with a note
    naming Q3, and never the 'estimate as it is' misconception that 0 would mean on the brief's numbers."""
    from tpm_course.core import Status
    from tpm_course.topics.risk_build_buy.exercise import q7

    namespace = _brief_namespace(licence_cost=volume_licence_cost, buy_costs=VOLUME_BUY)
    namespace["share_build_cheaper"] = _share_function(namespace)
    for check in (q7.check_visible, q7.check_key):
        outcome = q7._outcome(lambda check=check: check(namespace))
        said = " ".join(outcome.details)
        assert outcome.status in (Status.CORRECT, Status.PENDING), said
        assert "your own `licence_cost` (Q3) gives it (188,075)" in said
        assert "estimate of 36 engineer-weeks" not in said and "fix Q3 first" not in said


def test_q7_names_the_mistake_the_learners_own_numbers_show_not_one_they_only_coincide_with():
    """Buy's exit left out of Q4: maintenance kept at the estimate gives 0 on the shipped factors, as running the
    estimate would; the learner's numbers tell the two apart, and only the maintenance is named."""
    from tpm_course.core import Status
    from tpm_course.topics.risk_build_buy.exercise import q7

    namespace = _brief_namespace(buy_costs=[28_000, 63_000, 76_800, 88_500])
    namespace["share_build_cheaper"] = _share_function(namespace, maintenance_scales=False)
    outcome = q7._outcome(lambda: q7.check_visible(namespace))
    said = " ".join(outcome.details)
    assert outcome.status is Status.INCORRECT
    assert "Your maintenance stays at 20 % of the estimated build" in said
    assert "estimate of 36 engineer-weeks" not in said
    assert "Your own `buy_costs` (Q4) is not right yet" in said


def test_q7_a_function_that_ignores_its_factors_does_not_pass_on_a_wrong_q3():
    """With the learner's own numbers every listed case is 0; the probe around their break-even factor is not."""
    from tpm_course.core import Status
    from tpm_course.topics.risk_build_buy.exercise import q7

    namespace = _brief_namespace(licence_cost=volume_licence_cost, buy_costs=VOLUME_BUY)
    namespace["share_build_cheaper"] = lambda factors, runs, seed: 0.0
    outcome = q7._outcome(lambda: q7.check_visible(namespace))
    assert outcome.status is Status.INCORRECT, outcome.details


def _q8_namespace(funded, **changes):
    from tpm_course.data import load
    from tpm_course.topics.risk_build_buy.question import funded_by_the_brief

    funded = funded_by_the_brief(load("launch_risks")) if funded is None else funded
    return _brief_namespace(risk_plan={"funded": funded}, **changes)


Q8_KEY = {"decision": "buy", "present_cost_usd": 249_044.33, "buy_lock_in_score": 4, "biggest_risks": ["R05", "R08"]}
Q8_EXTRA = {"tco_of_decision": 301_300, "before_plan": ["R02", "R10"], "by_impact": ["R05", "R11"]}


def _q8_said(namespace):
    from tpm_course.topics.risk_build_buy.exercise import q8

    figures = {"reason": [249_044.33, 265_464.0, -16_419.7]}
    outcome = q8._outcome(lambda: q8.check_key(namespace, expected=Q8_KEY, figures=figures, **Q8_EXTRA))
    return outcome, " ".join(outcome.details)


def test_q8_biggest_risks_follow_the_learners_own_plan_and_blame_each_field_on_its_own_question():
    """Q2 funding every mitigation: R10 and R01 are right for that plan. With Q4 wrong too, Q4 is named for the
    present cost only, and Q2 is never blamed for it."""
    from tpm_course.core import Status

    every = [f"R{i:02d}" for i in range(1, 13)]
    answer = {**Q8_KEY, "biggest_risks": ["R10", "R01"], "reason": "Buy: its present cost is $249,044, the lowest."}
    outcome, said = _q8_said(_q8_namespace(every, recommendation=answer))
    assert outcome.status is Status.CORRECT, said
    assert "agrees with what your own plan of Q2 (`risk_plan['funded']`) gives" in said

    wrong_q4 = [28_000, 63_000, 76_800, 88_500]
    answer = {
        **answer,
        "present_cost_usd": present_value(wrong_q4, 0.1),
        "reason": "Buy Switchboard: about $215k in present cost.",
    }
    outcome, said = _q8_said(_q8_namespace(every, recommendation=answer, buy_costs=wrong_q4))
    assert outcome.status is Status.PARTIAL and outcome.earned == 2.4, said  # the reason quotes its own figure
    assert "and `present_cost_usd` is built on it" in said and "`biggest_risks` is built on it" not in said

    answer = {**Q8_KEY, "biggest_risks": ["R02", "R10"], "reason": "Buy Switchboard: its present cost is $249,044."}
    outcome, said = _q8_said(_q8_namespace(every, recommendation=answer))
    assert outcome.earned == 2.4 and "checked against what your own plan of Q2" in said


@pytest.mark.parametrize(
    "reason,quotes",
    [
        ("Buy: its present cost is $249k, the lowest of the three.", True),
        ("Buy: about $0.25M in present cost, against $265K to build.", True),
        ("Buy: the NPV of building instead is -$16.4k.", True),
        ("Buy: it costs $301,300 over three years, the least of the three.", False),
        ("Buy: it costs $188k today, the least of the three.", False),
    ],
)
def test_q8_reason_may_round_the_figure_but_must_quote_a_present_cost(reason, quotes):
    _, said = _q8_said(_q8_namespace(None, recommendation={**Q8_KEY, "reason": reason}))
    assert ("quotes none of the figures" not in said) is quotes, said
