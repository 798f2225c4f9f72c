"""Submissions for exercise 11 (see ``submissions.Submission``)."""

from submissions import Submission

TOP = "def top_risks(register, n):\n{body}\n"
LICENCE = "def licence_cost(seats, tiers):\n{body}\n"
PRESENT = "def present_cost(costs, rate):\n{body}\n"


def document(name: str, fields: dict) -> str:
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return f"{name} = {{\n{body}}}\n"


PLAN_PRELUDE = (
    'plan = risks.assign(before=risks["likelihood"] * risks["impact_usd"],\n'
    '                    after=risks["likelihood_after"] * risks["impact_after_usd"])\n'
    'plan["funded"] = plan["before"] - plan["after"] > plan["mitigation_cost_usd"]\n'
    'plan["residual"] = plan["after"].where(plan["funded"], plan["before"])\n'
    'build_rows = plan[plan["applies_to"].isin(["build", "all"])]\n'
    'buy_rows = plan[plan["applies_to"].isin(["buy", "all"])]\n'
    'oss_rows = plan[plan["applies_to"].isin(["open source", "all"])]\n'
)


def risk_plan(**changes) -> str:
    fields = {
        "funded": 'sorted(plan.loc[plan["funded"], "risk_id"])',
        "residual_build_usd": 'build_rows["residual"].sum()',
        "residual_buy_usd": 'buy_rows["residual"].sum()',
        "residual_open_source_usd": 'oss_rows["residual"].sum()',
        "buy_mitigation_cost_usd": 'buy_rows.loc[buy_rows["funded"], "mitigation_cost_usd"].sum()',
    }
    return PLAN_PRELUDE + document("risk_plan", {**fields, **changes})


COSTS_PRELUDE = (
    "def costs_by_year(upfront, yearly, exit_cost):\n"
    "    costs = [upfront, *yearly]\n"
    "    costs[-1] += exit_cost\n"
    "    return costs\n\n\n"
    "build_once = BUILD_WEEKS * ENGINEER_WEEK + MIGRATION\n"
    "build_costs = costs_by_year(build_once, [BUILD_MAINTENANCE_SHARE * BUILD_WEEKS * ENGINEER_WEEK + BUILD_HOSTING] * 3, 0)\n"
    "licences = [licence_cost(s, SWITCHBOARD_TIERS) for s in SEATS]\n"
    "buy_costs = costs_by_year(BUY_INTEGRATION_WEEKS * ENGINEER_WEEK + MIGRATION, licences, BUY_EXIT)\n"
    "oss_costs = costs_by_year(OSS_INTEGRATION_WEEKS * ENGINEER_WEEK + MIGRATION,\n"
    "                          [OSS_HOSTING + OSS_UPKEEP_WEEKS * ENGINEER_WEEK] * 3, OSS_EXIT)\n"
)


def tco(**changes) -> str:
    fields = {"build_usd": "sum(build_costs)", "buy_usd": "sum(buy_costs)", "open_source_usd": "sum(oss_costs)"}
    return COSTS_PRELUDE + document("tco", {**fields, **changes})


PAYBACK_PRELUDE = (
    "savings = [b - a for a, b in zip(build_costs, buy_costs)]\n"
    "running, simple = 0, None\n"
    "for year, s in enumerate(savings):\n"
    "    if year and running < 0 <= running + s:\n"
    "        simple = year - 1 + -running / s\n"
    "    running += s\n"
    "build_pv = present_cost(build_costs, DISCOUNT_RATE)\n"
    "seats = 1\n"
    "while present_cost([buy_costs[0]] + [licence_cost(seats, SWITCHBOARD_TIERS)] * 2\n"
    "                   + [licence_cost(seats, SWITCHBOARD_TIERS) + BUY_EXIT], DISCOUNT_RATE) <= build_pv:\n"
    "    seats += 1\n"
)


def build_vs_buy(**changes) -> str:
    fields = {
        "npv_build_instead_of_buy_usd": "present_cost(savings, DISCOUNT_RATE)",
        "simple_payback_years": "simple",
        "discounted_payback_years": "None",
        "break_even_seats": "seats",
    }
    return PAYBACK_PRELUDE + document("build_vs_buy", {**fields, **changes})


MC = (
    "def share_build_cheaper(factors, runs, seed):\n"
    "    rng = np.random.default_rng(seed)\n"
    "    drawn = rng.choice(np.asarray(factors), size={size})\n"
    "    buy_pv = present_cost(buy_costs, DISCOUNT_RATE)\n"
    "    cheaper = 0\n"
    "    for f in drawn:\n"
    "        weeks = {weeks}\n"
    "        upkeep = BUILD_MAINTENANCE_SHARE * {maintained} * ENGINEER_WEEK + BUILD_HOSTING{hosting}\n"
    "        build = [weeks * ENGINEER_WEEK + MIGRATION] + [upkeep] * 3\n"
    "        cheaper += {compare}\n"
    "    return {answer}\n\n\n"
    'overruns = load_dataset("build_overruns")\n'
    'factors = overruns["actual_weeks"] / overruns["estimated_weeks"]\n'
    "p_build_cheaper = share_build_cheaper(factors, 10_000, {seed})\n"
)


def monte_carlo(
    seed=7,
    size="runs",
    weeks="BUILD_WEEKS * f",
    maintained="BUILD_WEEKS * f",
    hosting="",
    compare="present_cost(build, DISCOUNT_RATE) < buy_pv",
    answer="cheaper / runs",
) -> str:
    return MC.format(
        seed=seed, size=size, weeks=weeks, maintained=maintained, hosting=hosting, compare=compare, answer=answer
    )


def recommendation(**changes) -> str:
    fields = {
        "decision": '"buy"',
        "present_cost_usd": "present_cost(buy_costs, DISCOUNT_RATE)",
        "buy_lock_in_score": "1 + 1 + 2",
        "biggest_risks": '["R05", "R08"]',
        "reason": 'f"Buy: its present cost is ${present_cost(buy_costs, DISCOUNT_RATE):,.0f}, the lowest; '
        'we watch its two largest remaining risks."',
    }
    return document("recommendation", {**fields, **changes})


VOLUME_PRICED = LICENCE.format(
    body="    for limit, price in tiers:\n        if limit is None or seats <= limit:\n            return seats * price"
)
BUY_WITHOUT_EXIT = COSTS_PRELUDE.replace("licences, BUY_EXIT)", "licences, 0)") + document(
    "tco", {"build_usd": "sum(build_costs)", "buy_usd": "sum(buy_costs)", "open_source_usd": "sum(oss_costs)"}
)
EVERY_MITIGATION_FUNDED = risk_plan().replace(
    'plan["before"] - plan["after"] > plan["mitigation_cost_usd"]', 'plan["after"] < plan["before"]'
)
RISKS_OF_OWN_PLAN = (
    'plan[plan["applies_to"].isin(["buy", "all"])].sort_values("residual", ascending=False)["risk_id"].head(2).tolist()'
)

CORRECT_IN_OTHER_FORMS = [
    Submission(
        "loops_and_tuples",
        {
            "q1_answer": TOP.format(
                body="    rows = list(zip(register['risk_id'], register['likelihood'], register['impact_usd']))\n"
                "    rows.sort(key=lambda r: (r[1] * r[2], r[2]), reverse=True)\n"
                "    return tuple(r[0] for r in rows[:n])"
            ),
            "q3_answer": LICENCE.format(
                body="    total, start = 0.0, 0\n"
                "    for limit, price in tiers:\n"
                "        end = seats if limit is None else limit\n"
                "        total += max(0, min(seats, end) - start) * price\n"
                "        start = end\n"
                "    return total"
            ),
            "q5_answer": PRESENT.format(body="    return sum(c / (1 + rate) ** t for t, c in enumerate(costs))"),
        },
    ),
    Submission(
        "numpy_and_rounded_numbers",
        {
            "q2_answer": risk_plan(
                funded='("R01", "R02", "R03", "R04", "R06", "R07", "R09", "R10", "R11", "R12")',
                residual_buy_usd="55_900",
                residual_open_source_usd="41_100.0",
            ),
            "q4_answer": tco(build_usd="286_400", buy_usd="301_300", open_source_usd="337e3"),
            "q5_answer": "import numpy as np\n"
            + PRESENT.format(
                body="    years = np.arange(len(costs))\n    return float(np.sum(np.array(costs) / (1 + rate) ** years))"
            ),
            "q6_answer": build_vs_buy(
                npv_build_instead_of_buy_usd="-16_420", simple_payback_years="2.84", break_even_seats="577.0"
            ),
        },
    ),
    Submission(
        "first_n_of_a_sorted_frame_and_capitalised_decision",
        {
            "q1_answer": TOP.format(
                body="    ordered = register.assign(score=register.likelihood * register.impact_usd)\n"
                "    ordered = ordered.sort_values(by=['score', 'impact_usd'], ascending=[False, False])\n"
                "    return ordered.risk_id.iloc[:n]"
            ),
            "q7_answer": monte_carlo(seed=99, answer="np.float64(cheaper / runs)"),
            "q8_answer": recommendation(decision='"Buy"', present_cost_usd="249_000"),
        },
    ),
    Submission(
        "renamed_parameters",
        {
            "q3_answer": "def licence_cost(n_seats, price_steps):\n"
            "    cost, floor = 0, 0\n"
            "    for ceiling, price in price_steps:\n"
            "        ceiling = n_seats if ceiling is None else min(ceiling, n_seats)\n"
            "        if ceiling > floor:\n"
            "            cost += (ceiling - floor) * price\n"
            "            floor = ceiling\n"
            "    return cost\n",
            "q5_answer": "def present_cost(cash, r):\n    return npf.npv(r, cash)\n",
        },
    ),
    Submission(
        "q8_reason_with_rounded_dollars",
        {
            "q8_answer": recommendation(
                reason='f"Buy Switchboard: about ${present_cost(buy_costs, DISCOUNT_RATE) / 1e6:.2f}M in present cost, '
                'against ${present_cost(build_costs, DISCOUNT_RATE) / 1e3:.0f}k to build."'
            )
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_impact_alone",
        {"q1_answer": TOP.format(body="    return register.nlargest(n, 'impact_usd')['risk_id'].tolist()")},
        ["q1"],
        "You ranked the risks by impact alone",
    ),
    Submission(
        "q1_likelihood_alone",
        {
            "q1_answer": TOP.format(
                body="    return register.sort_values('likelihood', ascending=False, kind='stable')['risk_id'].head(n).tolist()"
            )
        },
        ["q1"],
        "You ranked the risks by likelihood alone",
    ),
    Submission(
        "q1_lowest_first",
        {
            "q1_answer": TOP.format(
                body="    scored = register.assign(exposure=register['likelihood'] * register['impact_usd'])\n"
                "    return scored.sort_values('exposure', kind='stable')['risk_id'].head(n).tolist()"
            )
        },
        ["q1"],
        "Those are the smallest exposures",
    ),
    Submission(
        "q1_the_notebooks_register",
        {
            "q1_answer": TOP.format(
                body="    scored = risks.assign(exposure=risks['likelihood'] * risks['impact_usd'])\n"
                "    return scored.nlargest(n, 'exposure')['risk_id'].tolist()"
            )
        },
        ["q1"],
        "Your function ranks the notebook's `risks`",
    ),
    Submission(
        "q1_no_tie_break",
        {
            "q1_answer": TOP.format(
                body="    exposure = register['likelihood'] * register['impact_usd']\n"
                "    order = exposure.sort_values(ascending=False, kind='stable').index\n"
                "    return register.loc[order, 'risk_id'].head(n).tolist()"
            )
        },
        ["q1"],
        "Two risks with the same exposure came out smaller impact first",
    ),
    Submission(
        "q2_every_mitigation_funded",
        {"q2_answer": risk_plan(funded="sorted(risks['risk_id'])")},
        ["q2"],
        "You funded every mitigation",
        earns={"q2": 2.4},
    ),
    Submission(
        "q2_unfunded_risks_dropped",
        {"q2_answer": risk_plan(residual_buy_usd='buy_rows.loc[buy_rows["funded"], "after"].sum()')},
        ["q2"],
        "Your residual exposure counts only the risks whose mitigation",
        earns={"q2": 2.4},
    ),
    Submission(
        "q2_shared_risks_left_out",
        {"q2_answer": risk_plan(residual_buy_usd='plan.loc[plan["applies_to"] == "buy", "residual"].sum()')},
        ["q2"],
        "Your residual for buying counts only the risks marked",
        earns={"q2": 2.4},
    ),
    Submission(
        "q2_impacts_added",
        {
            "q2_answer": risk_plan(
                residual_buy_usd='buy_rows["impact_after_usd"].where(buy_rows["funded"], buy_rows["impact_usd"]).sum()'
            )
        },
        ["q2"],
        "Your residual adds up impacts",
        earns={"q2": 2.4},
    ),
    Submission(
        "q2_impact_after_ignored",
        {"q2_answer": risk_plan().replace('risks["impact_after_usd"]', 'risks["impact_usd"]')},
        ["q2"],
        "Your exposure after a mitigation keeps the impact before it",
        earns={"q2": 1.2},
    ),
    Submission(
        "q2_residual_always_after",
        {
            "q2_answer": risk_plan(
                residual_build_usd='build_rows["after"].sum()',
                residual_buy_usd='buy_rows["after"].sum()',
                residual_open_source_usd='oss_rows["after"].sum()',
            )
        },
        ["q2"],
        "Your residual counts every risk at its exposure after mitigation",
        earns={"q2": 1.2},
    ),
    Submission(
        "q2_buy_mitigations_of_buy_rows_only",
        {
            "q2_answer": risk_plan(
                buy_mitigation_cost_usd='plan.loc[plan["funded"] & (plan["applies_to"] == "buy"), '
                '"mitigation_cost_usd"].sum()'
            )
        },
        ["q2"],
        "Your mitigation cost for buying counts only the risks marked",
        earns={"q2": 2.4},
    ),
    Submission(
        "q3_volume_pricing",
        {
            "q3_answer": LICENCE.format(
                body="    for limit, price in tiers:\n"
                "        if limit is None or seats <= limit:\n"
                "            return seats * price"
            )
        },
        ["q3"],
        "You priced every seat at the price of the step the last seat falls in",
    ),
    Submission(
        "q3_first_price",
        {"q3_answer": LICENCE.format(body="    return seats * tiers[0][1]")},
        ["q3"],
        "You priced every seat at the first step's price",
    ),
    Submission(
        "q3_cheapest_price",
        {"q3_answer": LICENCE.format(body="    return seats * min(price for _, price in tiers)")},
        ["q3"],
        "You priced every seat at the cheapest step's price",
    ),
    Submission(
        "q3_steps_not_cumulative",
        {
            "q3_answer": LICENCE.format(
                body="    cost = 0\n"
                "    for limit, price in tiers:\n"
                "        if limit is None or seats <= limit:\n"
                "            return cost + seats * price\n"
                "        cost += limit * price"
            )
        },
        ["q3"],
        "You priced the seats up to each step's limit from seat 1 again",
    ),
    Submission(
        "q3_seats_numbered_from_0",
        {
            "q3_answer": LICENCE.format(
                body="    cost = 0\n"
                "    for seat in range(seats):\n"
                "        for limit, price in tiers:\n"
                "            if limit is None or seat <= limit:\n"
                "                cost += price\n"
                "                break\n"
                "    return cost"
            )
        },
        ["q3"],
        "One seat too many lands in each step",
    ),
    Submission(
        "q4_one_off_against_a_year",
        {"q4_answer": tco(build_usd="build_once", buy_usd="licences[0]")},
        ["q4"],
        "You compared the build's one-off cost with one year",
        earns={"q4": 1.0},
    ),
    Submission(
        "q4_maintenance_ignored",
        {"q4_answer": tco(build_usd="build_once + 3 * BUILD_HOSTING")},
        ["q4"],
        "Your build total stops when the build is done",
        earns={"q4": 1.5},
    ),
    Submission(
        "q4_exit_forgotten",
        {"q4_answer": tco(buy_usd="sum(buy_costs) - BUY_EXIT")},
        ["q4"],
        "Your buy total leaves out the cost of leaving",
        earns={"q4": 1.5},
    ),
    Submission(
        "q4_every_seat_at_one_price",
        {"q4_answer": tco(buy_usd="buy_costs[0] + 400 * 120 + 520 * 90 + 650 * 90 + BUY_EXIT")},
        ["q4"],
        "Your buy total prices every seat at one step's price",
        earns={"q4": 1.5},
    ),
    Submission(
        "q4_maintenance_on_the_migration",
        {"q4_answer": tco(build_usd="sum(build_costs) + 3 * BUILD_MAINTENANCE_SHARE * MIGRATION")},
        ["q4"],
        "Your build's maintenance is a share of the build and the migration",
        earns={"q4": 1.5},
    ),
    Submission(
        "q4_in_thousands",
        {"q4_answer": tco(build_usd="sum(build_costs) / 1000", buy_usd="sum(buy_costs) / 1000", open_source_usd="337")},
        ["q4"],
        "Your totals look like thousands of dollars",
        earns={"q4": 0.5},
    ),
    Submission(
        "q4_exit_as_a_fifth_year",
        {
            "q4_answer": COSTS_PRELUDE
            + "buy_costs = buy_costs[:3] + [buy_costs[3] - BUY_EXIT, BUY_EXIT]\n"
            + "oss_costs = oss_costs[:3] + [oss_costs[3] - OSS_EXIT, OSS_EXIT]\n"
            + document(
                "tco",
                {"build_usd": "sum(build_costs)", "buy_usd": "sum(buy_costs)", "open_source_usd": "sum(oss_costs)"},
            )
        },
        ["q4"],
        "`buy_costs` has 5 entries",
        earns={"q4": 1.5},
    ),
    Submission(
        "q5_not_discounted",
        {"q5_answer": PRESENT.format(body="    return sum(costs)")},
        ["q5"],
        "You added the costs as they are",
    ),
    Submission(
        "q5_year_0_discounted",
        {"q5_answer": PRESENT.format(body="    return sum(c / (1 + rate) ** (t + 1) for t, c in enumerate(costs))")},
        ["q5"],
        "You discounted year 0 as well",
    ),
    Submission(
        "q5_simple_discounting",
        {"q5_answer": PRESENT.format(body="    return sum(c / (1 + rate * t) for t, c in enumerate(costs))")},
        ["q5"],
        "You divided year t by (1 + rate × t)",
    ),
    Submission(
        "q5_compounded",
        {"q5_answer": PRESENT.format(body="    return sum(c * (1 + rate) ** t for t, c in enumerate(costs))")},
        ["q5"],
        "You multiplied year t by (1 + rate)^t",
    ),
    Submission(
        "q5_one_minus_rate",
        {"q5_answer": PRESENT.format(body="    return sum(c * (1 - rate) ** t for t, c in enumerate(costs))")},
        ["q5"],
        "You multiplied year t by (1 − rate)^t",
    ),
    Submission(
        "q5_rate_as_a_percent",
        {"q5_answer": PRESENT.format(body="    return sum(c / (1 + rate / 100) ** t for t, c in enumerate(costs))")},
        ["q5"],
        "You divided the rate by 100",
    ),
    Submission(
        "q6_not_discounted",
        {"q6_answer": build_vs_buy(npv_build_instead_of_buy_usd="sum(savings)")},
        ["q6"],
        "Your NPV adds the yearly savings as they are",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_year_0_discounted",
        {
            "q6_answer": build_vs_buy(
                npv_build_instead_of_buy_usd="sum(s / (1 + DISCOUNT_RATE) ** (t + 1) for t, s in enumerate(savings))"
            )
        },
        ["q6"],
        "Your NPV discounts year 0 too",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_simple_payback_twice",
        {"q6_answer": build_vs_buy(discounted_payback_years="simple")},
        ["q6"],
        "Your discounted payback is the undiscounted one",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_break_even_at_one_price",
        {"q6_answer": build_vs_buy(break_even_seats="910")},
        ["q6"],
        "Your break-even prices every seat at one step's price",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_break_even_undiscounted",
        {
            "q6_answer": build_vs_buy(
                break_even_seats="next(n for n in range(1, 5000) "
                "if buy_costs[0] + 3 * licence_cost(n, SWITCHBOARD_TIERS) + BUY_EXIT > sum(build_costs))"
            )
        },
        ["q6"],
        "Your break-even compares undiscounted totals",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_npv_of_buying_instead",
        {"q6_answer": build_vs_buy(npv_build_instead_of_buy_usd="-present_cost(savings, DISCOUNT_RATE)")},
        ["q6"],
        "Your NPV has the opposite sign",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_payback_in_whole_years",
        {
            "q6_answer": build_vs_buy(simple_payback_years="math.ceil(simple)").replace(
                "savings = ", "import math\nsavings = ", 1
            )
        },
        ["q6"],
        "Your payback is a whole number of years",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_payback_from_the_wrong_year",
        {"q6_answer": build_vs_buy(simple_payback_years="simple + 1")},
        ["q6"],
        "Your payback is a year too long",
        earns={"q6": 2.25},
    ),
    Submission(
        "q6_break_even_one_seat_short",
        {"q6_answer": build_vs_buy(break_even_seats="seats - 1")},
        ["q6"],
        "`build_vs_buy['break_even_seats']` = 576",
        earns={"q6": 2.25},
    ),
    Submission(
        "q7_estimate_as_it_is",
        {"q7_answer": monte_carlo(weeks="BUILD_WEEKS", maintained="BUILD_WEEKS")},
        ["q7"],
        "Every run used the team's estimate of 36 engineer-weeks",
    ),
    Submission(
        "q7_undiscounted",
        {"q7_answer": monte_carlo(compare="sum(build) < sum(buy_costs)")},
        ["q7"],
        "Your runs compare undiscounted three-year totals",
    ),
    Submission(
        "q7_the_other_way_round",
        {"q7_answer": monte_carlo(answer="1 - cheaper / runs")},
        ["q7"],
        "That is the share of runs in which building costs more",
    ),
    Submission(
        "q7_maintenance_not_scaled",
        {"q7_answer": monte_carlo(maintained="BUILD_WEEKS")},
        ["q7"],
        "Your maintenance stays at 20 % of the estimated build",
    ),
    Submission(
        "q7_hosting_scaled",
        {"q7_answer": monte_carlo(hosting=" * f")},
        ["q7"],
        "You scaled more than the build with the overrun",
    ),
    Submission(
        "q7_a_hundred_runs",
        {"q7_answer": monte_carlo(size="100", answer="cheaper / len(drawn)")},
        ["q7"],
        "not within ± 0.02 of the right ones",
    ),
    Submission(
        "q8_undiscounted_totals",
        {"q8_answer": recommendation(decision='"build"', present_cost_usd="present_cost(build_costs, DISCOUNT_RATE)")},
        ["q8"],
        "You chose by the undiscounted three-year totals",
        earns={"q8": 1.8},
    ),
    Submission(
        "q8_decision_against_own_numbers",
        {
            "q8_answer": recommendation(
                decision='"adopt open source"', present_cost_usd="present_cost(oss_costs, DISCOUNT_RATE)"
            )
        },
        ["q8"],
        "Your own present costs (build 265,464, buy 249,044, adopt open source 287,086) put `buy` lowest",
        earns={"q8": 1.8},
    ),
    Submission(
        "q8_risks_before_the_plan",
        {"q8_answer": recommendation(biggest_risks='["R02", "R10"]')},
        ["q8"],
        "Those are the largest exposures before the plan",
        earns={"q8": 2.4},
    ),
    Submission(
        "q8_risks_by_impact",
        {"q8_answer": recommendation(biggest_risks='["R05", "R11"]')},
        ["q8"],
        "You picked the risks with the largest impact",
        earns={"q8": 2.4},
    ),
    Submission(
        "q8_contract_ignored",
        {"q8_answer": recommendation(buy_lock_in_score="1 + 1")},
        ["q8"],
        "Your lock-in score is lower than the quote supports",
        earns={"q8": 2.4},
    ),
    Submission(
        "q8_three_year_total_as_present_cost",
        {"q8_answer": recommendation(present_cost_usd="sum(buy_costs)")},
        ["q8"],
        "Your present cost is the undiscounted three-year total",
        earns={"q8": 2.4},
    ),
    Submission(
        "q8_risks_smallest_first",
        {"q8_answer": recommendation(biggest_risks='["R08", "R05"]')},
        ["q8"],
        "Those are the right two risks in the wrong order",
        earns={"q8": 2.4},
    ),
    Submission(
        "q8_reason_without_a_figure",
        {
            "q8_answer": recommendation(
                reason='"This is my recommendation for the review; it is the right choice overall."'
            )
        },
        ["q8"],
        "quotes none of the figures that drive the decision",
        earns={"q8": 2.4},
    ),
]

CARRIED_FORWARD = [
    # An earlier mistake is charged where it is made: a later answer built right on it keeps its points.
    Submission(
        "q3_volume_pricing_carried_into_q7",
        {"q3_answer": VOLUME_PRICED},
        earns={"q7": 2, "q3": 0},
        says="Your shares are right for buying's present cost as your own `licence_cost` (Q3) gives it (188,075)",
    ),
    Submission(
        "q4_buy_exit_left_out_carried_into_q7",
        {"q4_answer": BUY_WITHOUT_EXIT},
        earns={"q7": 2, "q4": 1.5},
        says="Your shares are right for buying's present cost as your own `buy_costs` (Q4) gives it (215,235)",
    ),
    Submission(
        "q5_not_discounted_carried_into_q7",
        {"q5_answer": PRESENT.format(body="    return sum(costs)")},
        earns={"q7": 2, "q5": 0},
        says="as your own `present_cost` (Q5) gives it, which is not right yet",
    ),
    Submission(
        "q7_estimate_as_it_is_on_a_wrong_q3",
        {"q3_answer": VOLUME_PRICED, "q7_answer": monte_carlo(weeks="BUILD_WEEKS", maintained="BUILD_WEEKS")},
        ["q7", "q3"],
        "Every run used the team's estimate of 36 engineer-weeks",
    ),
    Submission(
        "q7_maintenance_not_scaled_on_a_wrong_q4",
        {"q4_answer": BUY_WITHOUT_EXIT, "q7_answer": monte_carlo(maintained="BUILD_WEEKS")},
        ["q7", "q4"],
        "Your maintenance stays at 20 % of the estimated build",
    ),
    Submission(
        "q2_every_mitigation_funded_carried_into_q8",
        {"q2_answer": EVERY_MITIGATION_FUNDED, "q8_answer": recommendation(biggest_risks=RISKS_OF_OWN_PLAN)},
        earns={"q8": 3, "q2": 0},
        says="Your `biggest_risks` agrees with what your own plan of Q2 (`risk_plan['funded']`) gives",
    ),
    Submission(
        "q2_and_q4_wrong_blamed_field_by_field_in_q8",
        {
            "q2_answer": EVERY_MITIGATION_FUNDED,
            "q4_answer": BUY_WITHOUT_EXIT,
            "q8_answer": recommendation(biggest_risks=RISKS_OF_OWN_PLAN),
        },
        earns={"q8": 2.4},
        says="(Q4) is not right yet, and `present_cost_usd` is built on it",
    ),
    Submission(
        "q8_reason_quotes_the_three_year_total",
        {"q8_answer": recommendation(reason='f"Buy: over three years it costs ${sum(buy_costs):,.0f}, the least."')},
        ["q8"],
        "quotes none of the figures that drive the decision",
        earns={"q8": 2.4},
    ),
]
MISCONCEPTIONS += CARRIED_FORWARD

BROKEN = [
    Submission(
        "q1_raises_key_error",
        {"q1_answer": TOP.format(body="    return register.nlargest(n, 'exposure')['risk_id'].tolist()")},
        ["q1"],
        "raised KeyError",
    ),
    Submission(
        "q3_returns_text",
        {"q3_answer": LICENCE.format(body="    return {'total': seats * 100}")},
        ["q3"],
        "not an answer of the right kind",
    ),
    Submission(
        "q4_syntax_error",
        {"q4_answer": COSTS_PRELUDE + 'tco = {"build_usd": sum(build_costs) "buy_usd": 1}\n'},
        ["q4"],
        "`tco` is not defined",
    ),
    Submission(
        "q7_cell_raises_key_error",
        {
            "q7_answer": 'overruns = load_dataset("build_overruns")\nfactors = overruns["actual"] / overruns["estimated"]\n\n\n'
            "def share_build_cheaper(factors, runs, seed):\n    return 0.2\n"
        },
        ["q7"],
        "`share_build_cheaper` is not defined",
    ),
    Submission(
        "q8_lock_in_score_as_text",
        {"q8_answer": recommendation(buy_lock_in_score='"4"')},
        ["q8"],
        "Write `buy_lock_in_score` as a number, without quotes",
        earns={"q8": 2.4},
    ),
    Submission(
        "q8_option_not_offered",
        {"q8_answer": recommendation(decision='"build it ourselves"')},
        ["q8"],
        "is not one of",
    ),
    Submission(
        "q6_missing_field_and_q5_test_cell_edited",
        {
            "q6_answer": PAYBACK_PRELUDE + 'build_vs_buy = {"npv_build_instead_of_buy_usd": -16_419}\n',
            "q5": "# q5.check()  the student commented the check out\n",
        },
        ["q6"],
        "'simple_payback_years' is a required property",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
