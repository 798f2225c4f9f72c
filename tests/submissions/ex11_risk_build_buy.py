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
    'overruns = load_dataset("build_overruns")\n'
    'factors = overruns["actual_weeks"] / overruns["estimated_weeks"]\n'
    "rng = np.random.default_rng({seed})\n"
    "runs = rng.choice(factors.to_numpy(), size=10_000)\n"
    "buy_pv = present_cost(buy_costs, DISCOUNT_RATE)\n"
    "cheaper = 0\n"
    "for f in runs:\n"
    "    weeks = {weeks}\n"
    "    build = [weeks * ENGINEER_WEEK + MIGRATION] + [BUILD_MAINTENANCE_SHARE * weeks * ENGINEER_WEEK + BUILD_HOSTING] * 3\n"
    "    cheaper += {compare}\n"
    "p_build_cheaper = {answer}\n"
)


def monte_carlo(
    seed=7, weeks="BUILD_WEEKS * f", compare="present_cost(build, DISCOUNT_RATE) < buy_pv", answer="cheaper / len(runs)"
) -> str:
    return MC.format(seed=seed, weeks=weeks, compare=compare, answer=answer)


def recommendation(**changes) -> str:
    fields = {
        "decision": '"buy"',
        "present_cost_usd": "present_cost(buy_costs, DISCOUNT_RATE)",
        "buy_lock_in_score": "1 + 1 + 2",
        "biggest_risks": '["R05", "R08"]',
        "reason": '"Buying costs least in present value and its two largest remaining risks are watched."',
    }
    return document("recommendation", {**fields, **changes})


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
            "q7_answer": monte_carlo(seed=99, answer='f"{100 * cheaper / len(runs):.1f} %"'),
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
        "q2_every_mitigation_funded",
        {"q2_answer": risk_plan(funded="sorted(risks['risk_id'])")},
        ["q2"],
        "You funded every mitigation",
    ),
    Submission(
        "q2_unfunded_risks_dropped",
        {"q2_answer": risk_plan(residual_buy_usd='buy_rows.loc[buy_rows["funded"], "after"].sum()')},
        ["q2"],
        "Your residual exposure counts only the risks whose mitigation",
    ),
    Submission(
        "q2_shared_risks_left_out",
        {"q2_answer": risk_plan(residual_buy_usd='plan.loc[plan["applies_to"] == "buy", "residual"].sum()')},
        ["q2"],
        "Your residual for buying counts only the risks marked",
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
        "q4_one_off_against_a_year",
        {"q4_answer": tco(build_usd="build_once", buy_usd="licences[0]")},
        ["q4"],
        "You compared the build's one-off cost with one year",
    ),
    Submission(
        "q4_maintenance_ignored",
        {"q4_answer": tco(build_usd="build_once + 3 * BUILD_HOSTING")},
        ["q4"],
        "Your build total stops when the build is done",
    ),
    Submission(
        "q4_exit_forgotten",
        {"q4_answer": tco(buy_usd="sum(buy_costs) - BUY_EXIT")},
        ["q4"],
        "Your buy total leaves out the cost of leaving",
    ),
    Submission(
        "q4_every_seat_at_one_price",
        {"q4_answer": tco(buy_usd="buy_costs[0] + 400 * 120 + 520 * 90 + 650 * 90 + BUY_EXIT")},
        ["q4"],
        "Your buy total prices every seat at one step's price",
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
        "q6_not_discounted",
        {"q6_answer": build_vs_buy(npv_build_instead_of_buy_usd="sum(savings)")},
        ["q6"],
        "Your NPV adds the yearly savings as they are",
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
    ),
    Submission(
        "q6_simple_payback_twice",
        {"q6_answer": build_vs_buy(discounted_payback_years="simple")},
        ["q6"],
        "Your discounted payback is the undiscounted one",
    ),
    Submission(
        "q6_break_even_at_one_price",
        {"q6_answer": build_vs_buy(break_even_seats="910")},
        ["q6"],
        "Your break-even prices every seat at one step's price",
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
    ),
    Submission(
        "q7_estimate_as_it_is",
        {"q7_answer": monte_carlo(weeks="BUILD_WEEKS")},
        ["q7"],
        "Your runs all used the team's estimate",
    ),
    Submission(
        "q7_undiscounted",
        {"q7_answer": monte_carlo(compare="sum(build) < sum(buy_costs)")},
        ["q7"],
        "Your runs compare undiscounted three-year totals",
    ),
    Submission(
        "q7_the_other_way_round",
        {"q7_answer": monte_carlo(answer="1 - cheaper / len(runs)")},
        ["q7"],
        "That is the share of runs in which building costs more",
    ),
    Submission(
        "q7_percent",
        {"q7_answer": monte_carlo(answer="100 * cheaper / len(runs)")},
        ["q7"],
        "yours looks like a percentage",
    ),
    Submission(
        "q8_undiscounted_totals",
        {"q8_answer": recommendation(decision='"build"', present_cost_usd="present_cost(build_costs, DISCOUNT_RATE)")},
        ["q8"],
        "You chose by the undiscounted three-year totals",
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
    ),
    Submission(
        "q8_risks_before_the_plan",
        {"q8_answer": recommendation(biggest_risks='["R02", "R10"]')},
        ["q8"],
        "Those are the largest exposures before the plan",
    ),
    Submission(
        "q8_risks_by_impact",
        {"q8_answer": recommendation(biggest_risks='["R05", "R11"]')},
        ["q8"],
        "You picked the risks with the largest impact",
    ),
    Submission(
        "q8_contract_ignored",
        {"q8_answer": recommendation(buy_lock_in_score="1 + 1")},
        ["q8"],
        "Your lock-in score leaves out the contract",
    ),
]

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
            "q7_answer": 'overruns = load_dataset("build_overruns")\nfactors = overruns["actual"] / overruns["estimated"]\np_build_cheaper = 0.2\n'
        },
        ["q7"],
        "`p_build_cheaper` is not defined",
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
