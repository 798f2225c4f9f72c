"""Checks for exercise 11, risk and build vs buy (answer keys live in the hidden tests)."""

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, ValueQuestion
from tpm_course.topics.risk_build_buy.money import volume_licence_cost
from tpm_course.topics.risk_build_buy.question import Recommendation

NOTEBOOK = "11_risk_build_buy"
DECISIONS = ["build", "buy", "adopt open source"]


def _register_cases():
    """The shipped register with n = 5: built at the first check (it needs pandas)."""
    from tpm_course.data import load

    return [({"register": load("launch_risks"), "n": 5}, ["R06", "R07", "R02", "R10", "R01"])]


def _ids_by(register, column, n, ascending=False):
    return register.sort_values(column, ascending=ascending, kind="stable")["risk_id"].head(n).tolist()


q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "top_risks",
    cases=_register_cases,
    misconceptions=[
        Misconception(
            "impact alone",
            "You ranked the risks by impact alone. A rare disaster can matter less than a likely nuisance: "
            "rank by exposure, likelihood × impact.",
            lambda expected, register, n, **_: _ids_by(register, "impact_usd", n),
        ),
        Misconception(
            "likelihood alone",
            "You ranked the risks by likelihood alone. A frequent small problem can matter less than a rarer "
            "expensive one: rank by exposure, likelihood × impact.",
            lambda expected, register, n, **_: _ids_by(register, "likelihood", n),
        ),
        Misconception(
            "lowest first",
            "Those are the smallest exposures. Sort from the highest exposure down (`ascending=False`).",
            lambda expected, register, n, **_: _ids_by(
                register.assign(_exposure=register["likelihood"] * register["impact_usd"]), "_exposure", n, True
            ),
        ),
    ],
    hints=[
        "Add a column `exposure = likelihood * impact_usd`, then sort by it from the highest down.",
        "`register.sort_values(['exposure', 'impact_usd'], ascending=False)['risk_id'].head(n).tolist()`.",
    ],
)

RISK_PLAN_SCHEMA = {
    "type": "object",
    "required": [
        "funded",
        "residual_build_usd",
        "residual_buy_usd",
        "residual_open_source_usd",
        "buy_mitigation_cost_usd",
    ],
    "properties": {
        "funded": {"type": "array", "items": {"type": "string", "pattern": "^R[0-9]{2}$"}, "uniqueItems": True},
        "residual_build_usd": {"type": "number", "minimum": 0},
        "residual_buy_usd": {"type": "number", "minimum": 0},
        "residual_open_source_usd": {"type": "number", "minimum": 0},
        "buy_mitigation_cost_usd": {"type": "number", "minimum": 0},
    },
}

q2 = DocumentQuestion(
    "q2",
    NOTEBOOK,
    "risk_plan",
    schema=RISK_PLAN_SCHEMA,
    misconceptions=[
        Misconception(
            "every mitigation funded",
            "You funded every mitigation. A mitigation is worth funding only when the exposure it removes "
            "(exposure before − exposure after) is larger than what it costs.",
            lambda expected, all_ids, **_: {"funded": all_ids},
        ),
        Misconception(
            "unfunded risks dropped",
            "Your residual exposure counts only the risks whose mitigation you funded. A risk you do not "
            "mitigate is still there: it keeps its exposure before mitigation.",
            lambda expected, funded_only_buy, **_: {"residual_buy_usd": funded_only_buy},
        ),
        Misconception(
            "shared risks left out",
            "Your residual for buying counts only the risks marked `buy`. Every option also carries the "
            "risks marked `all`.",
            lambda expected, own_only_buy, **_: {"residual_buy_usd": own_only_buy},
        ),
        Misconception(
            "impact after, not exposure after",
            "Your residual adds up impacts. Residual exposure is likelihood_after × impact_after_usd for a "
            "funded risk, likelihood × impact_usd for the others.",
            lambda expected, impact_sum_buy, **_: {"residual_buy_usd": impact_sum_buy},
        ),
    ],
    hints=[
        "For each risk: exposure before = likelihood × impact_usd, after = likelihood_after × impact_after_usd. "
        "Fund the mitigation when before − after > mitigation_cost_usd.",
        "An option carries the risks whose `applies_to` is the option or `all`. Residual = after for funded "
        "risks, before for the others; sum them.",
    ],
)


def _all_seats_at(price_of):
    """A prediction that prices every seat at one step's price (chosen by ``price_of(seats, tiers)``)."""

    def predict(expected, seats, tiers, **_):
        return seats * price_of(seats, tiers)

    return predict


q3 = FunctionQuestion(
    "q3",
    NOTEBOOK,
    "licence_cost",
    rel_tol=1e-6,
    cases=[
        ({"seats": 120, "tiers": [(50, 240), (200, 180), (500, 120), (None, 90)]}, 50 * 240 + 70 * 180),
    ],
    misconceptions=[
        Misconception(
            "every seat at the last step's price",
            "You priced every seat at the price of the step the last seat falls in. The price steps are "
            "graduated: the first seats keep their step's price, and only the seats above a step's limit "
            "get the next price.",
            lambda expected, seats, tiers, **_: volume_licence_cost(seats, tiers),
        ),
        Misconception(
            "every seat at the first price",
            "You priced every seat at the first step's price. Seats above the first step's limit are "
            "cheaper: each seat costs the price of the step it falls in.",
            _all_seats_at(lambda seats, tiers: tiers[0][1]),
        ),
        Misconception(
            "every seat at the cheapest price",
            "You priced every seat at the cheapest step's price. That price applies only to the seats "
            "above the previous step's limit.",
            _all_seats_at(lambda seats, tiers: tiers[-1][1]),
        ),
    ],
    hints=[
        "Walk the steps in order; each takes the seats between the previous step's limit and its own.",
        "Seats in a step = min(seats, its limit) − the previous limit (when positive). `None` means no limit.",
    ],
)

TCO_SCHEMA = {
    "type": "object",
    "required": ["build_usd", "buy_usd", "open_source_usd"],
    "properties": {
        key: {"type": "number", "exclusiveMinimum": 0} for key in ("build_usd", "buy_usd", "open_source_usd")
    },
}

q4 = DocumentQuestion(
    "q4",
    NOTEBOOK,
    "tco",
    schema=TCO_SCHEMA,
    misconceptions=[
        Misconception(
            "one-off build against a year of buying",
            "You compared the build's one-off cost with one year of the subscription. Both totals cover "
            "the same three years: year 0 and years 1 to 3 of every option.",
            lambda expected, build_once, buy_one_year, **_: {"build_usd": build_once, "buy_usd": buy_one_year},
        ),
        Misconception(
            "maintenance ignored",
            "Your build total stops when the build is done. Software we own costs upkeep every year: "
            "add the maintenance (a share of the build cost) for each of the three years.",
            lambda expected, build_without_maintenance, **_: {"build_usd": build_without_maintenance},
        ),
        Misconception(
            "exit cost forgotten",
            "Your buy total leaves out the cost of leaving the vendor at the end of the term. The brief "
            "counts each option's exit cost in year 3.",
            lambda expected, buy_without_exit, **_: {"buy_usd": buy_without_exit},
        ),
        Misconception(
            "every seat at one price",
            "Your buy total prices every seat at one step's price. The vendor's steps are graduated: use "
            "your `licence_cost` for each year's seats.",
            lambda expected, buy_volume_priced, **_: {"buy_usd": buy_volume_priced},
        ),
    ],
    hints=[
        "Write each option's costs by year: year 0 (one-off), then years 1, 2 and 3; the exit cost goes in year 3.",
        "Build: the build and the migration in year 0, then maintenance and hosting each year. Sum the four years.",
    ],
)

q5 = FunctionQuestion(
    "q5",
    NOTEBOOK,
    "present_cost",
    rel_tol=1e-6,
    cases=[({"costs": [100.0, 110.0, 121.0], "rate": 0.10}, 300.0)],
    misconceptions=[
        Misconception(
            "not discounted",
            "You added the costs as they are. A dollar paid in three years costs less today: divide each "
            "year's cost by (1 + rate) to the power of its year.",
            lambda expected, costs, **_: sum(costs),
        ),
        Misconception(
            "year 0 discounted",
            "You discounted year 0 as well (spreadsheets' NPV function does that). Year 0 is today: its "
            "cost counts in full, and year t is divided by (1 + rate)^t.",
            lambda expected, rate, **_: expected / (1 + rate),
        ),
        Misconception(
            "simple discounting",
            "You divided year t by (1 + rate × t). Discounting compounds: divide by (1 + rate)^t.",
            lambda expected, costs, rate, **_: sum(c / (1 + rate * t) for t, c in enumerate(costs)),
        ),
    ],
    hints=[
        "costs[0] is today, costs[1] a year from now, and so on.",
        "Σ costs[t] / (1 + rate)^t, or `numpy_financial.npv(rate, costs)`, which does not discount the first value.",
    ],
)

BUILD_VS_BUY_SCHEMA = {
    "type": "object",
    "required": [
        "npv_build_instead_of_buy_usd",
        "simple_payback_years",
        "discounted_payback_years",
        "break_even_seats",
    ],
    "properties": {
        "npv_build_instead_of_buy_usd": {"type": "number"},
        "simple_payback_years": {"type": ["number", "null"], "minimum": 0},
        "discounted_payback_years": {"type": ["number", "null"], "minimum": 0},
        "break_even_seats": {"type": "integer", "minimum": 1},
    },
}

q6 = DocumentQuestion(
    "q6",
    NOTEBOOK,
    "build_vs_buy",
    schema=BUILD_VS_BUY_SCHEMA,
    abs_tol=0.05,
    misconceptions=[
        Misconception(
            "not discounted",
            "Your NPV adds the yearly savings as they are. At the finance team's rate, money in year 3 is worth "
            "less than money today: discount each year.",
            lambda expected, undiscounted_npv, **_: {"npv_build_instead_of_buy_usd": undiscounted_npv},
        ),
        Misconception(
            "year 0 discounted",
            "Your NPV discounts year 0 too. Year 0 is today and counts in full (a spreadsheet's NPV function "
            "discounts its first value; numpy-financial's `npv` does not).",
            lambda expected, **_: {"npv_build_instead_of_buy_usd": expected["npv_build_instead_of_buy_usd"] / 1.10},
        ),
        Misconception(
            "simple payback given as discounted",
            "Your discounted payback is the undiscounted one. Discount each year's savings before adding them "
            "up; if they never catch up within the three years, the answer is `None`.",
            lambda expected, **_: {"discounted_payback_years": expected["simple_payback_years"]},
        ),
        Misconception(
            "break-even with one price for every seat",
            "Your break-even prices every seat at one step's price. Use your graduated `licence_cost`.",
            lambda expected, volume_break_even, **_: {"break_even_seats": volume_break_even},
        ),
        Misconception(
            "break-even undiscounted",
            "Your break-even compares undiscounted totals. The question compares present costs at the rate.",
            lambda expected, undiscounted_break_even, **_: {"break_even_seats": undiscounted_break_even},
        ),
    ],
    hints=[
        "Savings of building instead of buying, by year = buy's costs − build's costs. NPV = `present_cost` of them.",
        "Payback: add the savings year by year until the running total reaches 0; within the year, "
        "interpolate linearly. Break-even: try seats = 1, 2, 3, ... with the same seats each year.",
    ],
)


q7 = ValueQuestion(
    "q7",
    NOTEBOOK,
    "p_build_cheaper",
    rel_tol=0.12,  # so that a share given in percent is recognised as such (16.4 against 16.7)
    abs_tol=0.02,  # 10,000 runs put a share within about 0.004 of its limit; any seed passes
    misconceptions=[
        Misconception(
            "the estimate as it is",
            "Your runs all used the team's estimate: at 36 engineer-weeks building is never cheaper. Multiply "
            "the estimate by a past project's overrun factor (actual / estimated) in each run.",
            lambda expected, estimate_only, **_: estimate_only,
        ),
        Misconception(
            "undiscounted totals",
            "Your runs compare undiscounted three-year totals. Compare present costs at `DISCOUNT_RATE`, as "
            "finance does.",
            lambda expected, undiscounted_share, **_: undiscounted_share,
        ),
        Misconception(
            "the other way round",
            "That is the share of runs in which building costs more. The question asks how often building is cheaper.",
            lambda expected, **_: 1 - expected,
        ),
        Misconception(
            "percent as a bare number",
            "A bare number is read as a fraction, and yours looks like a percentage. Give a fraction or a "
            "string such as `'12 %'`.",
            lambda expected, **_: expected * 100,
        ),
    ],
    hints=[
        "Overrun factors: `actual_weeks / estimated_weeks`. Draw 10,000 of them with "
        "`rng.choice(factors, size=10_000, replace=True)`.",
        "In each run, build cost = 36 × factor × ENGINEER_WEEK, and maintenance is 20 % of that. Compare "
        "`present_cost` of build's costs by year with buy's; the answer is the share of runs where build's is lower.",
    ],
)


def _top_two(ids):
    return {"biggest_risks": list(ids)}


RECOMMENDATION_SCHEMA = {
    "type": "object",
    "required": ["decision", "present_cost_usd", "buy_lock_in_score", "biggest_risks", "reason"],
    "properties": {
        "decision": {"enum": DECISIONS},
        "present_cost_usd": {"type": "number", "exclusiveMinimum": 0},
        "buy_lock_in_score": {"type": "integer", "minimum": 0, "maximum": 6},
        "biggest_risks": {
            "type": "array",
            "items": {"type": "string", "pattern": "^R[0-9]{2}$"},
            "minItems": 2,
            "maxItems": 2,
        },
        "reason": {"type": "string", "minLength": 40},
    },
}

q8 = Recommendation(
    "q8",
    NOTEBOOK,
    "recommendation",
    schema=RECOMMENDATION_SCHEMA,
    own_costs={"build": "build_costs", "buy": "buy_costs", "adopt open source": "oss_costs"},
    rate_name="DISCOUNT_RATE",
    present_cost_name="present_cost",
    misconceptions=[
        Misconception(
            "undiscounted totals decide",
            "You chose by the undiscounted three-year totals. Finance compares present costs at its rate: "
            "the option that spends most of its money in year 0 loses some of its lead when later years are "
            "discounted.",
            lambda expected, **_: {"decision": "build"},
        ),
        Misconception(
            "risks before mitigation",
            "Those are the largest exposures before the plan. The launch review asks for the largest that "
            "remain after the mitigations you fund, among the risks the chosen option carries.",
            lambda expected, before_plan, **_: _top_two(before_plan),
        ),
        Misconception(
            "risks by impact alone",
            "You picked the risks with the largest impact. Rank the remaining risks by residual exposure, "
            "likelihood × impact after the plan.",
            lambda expected, by_impact, **_: _top_two(by_impact),
        ),
        Misconception(
            "contract terms ignored",
            "Your lock-in score leaves out the contract. Score all three criteria of the rubric: data export, "
            "proprietary APIs and contract terms.",
            lambda expected, **_: {"buy_lock_in_score": expected["buy_lock_in_score"] - 2},
        ),
    ],
    hints=[
        "The decision is the option with the lowest present cost from your `present_cost`.",
        "Biggest risks: the two largest residual exposures among the risks the chosen option carries "
        "(its own and `all`), after your plan of Q2, highest first.",
    ],
)
