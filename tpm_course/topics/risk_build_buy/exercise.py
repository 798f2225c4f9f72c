"""Checks for exercise 11, risk and build vs buy (answer keys live in the hidden tests)."""

import math

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Parts
from tpm_course.topics.risk_build_buy.money import volume_licence_cost
from tpm_course.topics.risk_build_buy.own_answers import biggest_risks_from, overrun_readings, own_biggest_risks
from tpm_course.topics.risk_build_buy.question import (
    BUY_COSTS,
    COST_LISTS,
    LICENCE,
    PRESENT,
    RISK_PLAN,
    BriefDocument,
    FollowingFunction,
    Recommendation,
)

NOTEBOOK = "11_risk_build_buy"
DECISIONS = ["build", "buy", "adopt open source"]


def _register_cases():
    """The shipped register with n = 4: built at the first check (it needs pandas)."""
    from tpm_course.data import load

    return [({"register": load("launch_risks"), "n": 4}, ["R06", "R07", "R02", "R10"])]


def _ids_by(register, column, n, ascending=False):
    return register.sort_values(column, ascending=ascending, kind="stable")["risk_id"].head(n).tolist()


def _by_exposure(register, n, impact_ascending=False):
    scored = register.assign(_exposure=register["likelihood"] * register["impact_usd"])
    ordered = scored.sort_values(["_exposure", "impact_usd"], ascending=[False, impact_ascending], kind="stable")
    return ordered["risk_id"].head(n).tolist()


def _shipped_top(expected, n, **_):
    """The top ``n`` of the notebook's own register, whatever register the function is given."""
    from tpm_course.data import load

    return _by_exposure(load("launch_risks"), n)


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
        Misconception(
            "the notebook's register",
            "Your function ranks the notebook's `risks`, not the `register` it is given: the grader calls it on "
            "other registers. Use only its arguments.",
            _shipped_top,
        ),
        Misconception(
            "tie-break missing or reversed",
            "Two risks with the same exposure came out smaller impact first. When exposures tie, the risk with "
            "the larger impact comes first: sort by exposure, then by `impact_usd`, both from the highest down.",
            lambda expected, register, n, **_: _by_exposure(register, n, impact_ascending=True),
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
    parts=Parts(3, noun="field"),
    misconceptions=[
        Misconception(
            "every mitigation funded",
            "You funded every mitigation. A mitigation is worth funding only when the exposure it removes "
            "(exposure before − exposure after) is larger than what it costs.",
            lambda expected, all_ids, **_: {"funded": all_ids},
        ),
        Misconception(
            "impact after ignored",
            "Your exposure after a mitigation keeps the impact before it. Some mitigations lower the impact, "
            "not the likelihood: exposure after = likelihood_after × impact_after_usd.",
            lambda expected, funded_impact_after_ignored, **_: {"funded": funded_impact_after_ignored},
        ),
        Misconception(
            "residual always after",
            "Your residual counts every risk at its exposure after mitigation, funded or not. A mitigation you "
            "do not fund changes nothing: that risk keeps its exposure before.",
            lambda expected, always_after_buy, **_: {"residual_buy_usd": always_after_buy},
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
        Misconception(
            "buy mitigations of its own risks only",
            "Your mitigation cost for buying counts only the risks marked `buy`. Buying also carries the risks "
            "marked `all`: add the funded mitigations of those too.",
            lambda expected, own_only_buy_cost, **_: {"buy_mitigation_cost_usd": own_only_buy_cost},
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
    """A prediction that prices every seat at one step's price (chosen by ``price_of(seats, tiers)``).

    None where it gives what steps priced from seat 1 again give (200 seats at a step of 50 then 200):
    the two cannot be told apart there, and another case names the one the learner holds.
    """

    def predict(expected, seats, tiers, **_):
        cost = seats * price_of(seats, tiers)
        return None if cost == _not_cumulative(seats, tiers) else cost

    return predict


def _not_cumulative(seats, tiers):
    """Each step reached prices every seat up to its limit, from seat 1."""
    cost = 0.0
    for limit, price in tiers:
        cost += (seats if limit is None else min(seats, limit)) * price
        if limit is None or seats <= limit:
            return cost
    return cost


def _zero_based(seats, tiers):
    """Seats numbered 0 to seats − 1, each priced at the first step whose limit is at least its number."""
    if seats != int(seats) or seats > 100_000:
        return None
    return sum(next(p for limit, p in tiers if limit is None or seat <= limit) for seat in range(int(seats)))


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
        Misconception(
            "steps not cumulative",
            "You priced the seats up to each step's limit from seat 1 again, so the first seats are counted in "
            "several steps. Each step takes only the seats between the previous step's limit and its own.",
            lambda expected, seats, tiers, **_: (
                None if _not_cumulative(seats, tiers) == seats * tiers[0][1] else _not_cumulative(seats, tiers)
            ),
        ),
        Misconception(
            "0-based seat numbers",
            "One seat too many lands in each step: your seats are numbered from 0, so seat 50 (the 51st) was priced "
            "in the first step. The step `(50, 240)` holds seats 1 to 50.",
            lambda expected, seats, tiers, **_: _zero_based(seats, tiers),
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

q4 = BriefDocument(
    "q4",
    NOTEBOOK,
    "tco",
    schema=TCO_SCHEMA,
    lists=("build_costs", "buy_costs", "oss_costs"),
    upstream=(LICENCE,),
    parts=Parts(2, each={"build_usd": 0.5, "buy_usd": 0.5, "open_source_usd": 0.5, "costs_by_year": 0.5}),
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
            "maintenance on the migration too",
            "Your build's maintenance is a share of the build and the migration together. Maintenance is 20 % "
            "of the build cost only: the migration is a one-off.",
            lambda expected, maintenance_on_migration, **_: {"build_usd": maintenance_on_migration},
        ),
        Misconception(
            "thousands of dollars",
            "Your totals look like thousands of dollars. The fields are in USD: write 250,000, not 250.",
            lambda expected, **_: {k: v / 1_000 for k, v in expected.items()},
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
            lambda expected, buy_volume_priced, upstream_ok=True, **_: (
                {"buy_usd": buy_volume_priced} if upstream_ok else None
            ),
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
        Misconception(
            "compounded, not discounted",
            "You multiplied year t by (1 + rate)^t: that is what today's money grows to. A later cost is worth "
            "less today: divide by (1 + rate)^t.",
            lambda expected, costs, rate, **_: sum(c * (1 + rate) ** t for t, c in enumerate(costs)),
        ),
        Misconception(
            "multiplied by (1 − rate)^t",
            "You multiplied year t by (1 − rate)^t. Discounting divides by (1 + rate)^t, which is not the same: "
            "1 / 1.1 is 0.909, not 0.9.",
            lambda expected, costs, rate, **_: sum(c * (1 - rate) ** t for t, c in enumerate(costs)),
        ),
        Misconception(
            "rate as a percent",
            "You divided the rate by 100. `rate` is already a fraction (0.10 for 10 %): divide by (1 + rate)^t.",
            lambda expected, costs, rate, **_: sum(c / (1 + rate / 100) ** t for t, c in enumerate(costs)),
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


def _simple_payback(expected, shift):
    """A payback ``shift``ed from the key's (None when the key says it never pays back)."""
    years = expected["simple_payback_years"]
    return None if years is None else {"simple_payback_years": shift(years)}


q6 = BriefDocument(
    "q6",
    NOTEBOOK,
    "build_vs_buy",
    schema=BUILD_VS_BUY_SCHEMA,
    abs_tol=0.05,
    exact=("break_even_seats",),
    upstream=(LICENCE, COST_LISTS, PRESENT),
    parts=Parts(3, noun="field"),
    misconceptions=[
        Misconception(
            "not discounted",
            "Your NPV adds the yearly savings as they are. At the finance team's rate, money in year 3 is worth "
            "less than money today: discount each year.",
            lambda expected, undiscounted_npv, upstream_ok=True, **_: (
                {"npv_build_instead_of_buy_usd": undiscounted_npv} if upstream_ok else None
            ),
        ),
        Misconception(
            "year 0 discounted",
            "Your NPV discounts year 0 too. Year 0 is today and counts in full (a spreadsheet's NPV function "
            "discounts its first value; numpy-financial's `npv` does not).",
            lambda expected, upstream_ok=True, **_: (
                {"npv_build_instead_of_buy_usd": expected["npv_build_instead_of_buy_usd"] / 1.10}
                if upstream_ok
                else None
            ),
        ),
        Misconception(
            "sign reversed",
            "Your NPV has the opposite sign. The savings of building instead of buying are buy's costs minus "
            "build's costs, year by year: the build's year-0 spending makes year 0 negative.",
            lambda expected, upstream_ok=True, **_: (
                {"npv_build_instead_of_buy_usd": -expected["npv_build_instead_of_buy_usd"]} if upstream_ok else None
            ),
        ),
        Misconception(
            "simple payback given as discounted",
            "Your discounted payback is the undiscounted one. Discount each year's savings before adding them "
            "up; if they never catch up within the three years, the answer is `None`.",
            lambda expected, **_: (
                {"discounted_payback_years": expected["simple_payback_years"]}
                if expected["simple_payback_years"] != expected["discounted_payback_years"]
                else None
            ),
        ),
        Misconception(
            "payback not interpolated",
            "Your payback is a whole number of years. Interpolate within the year in which the running total "
            "reaches zero: savings of −100, 50, 100 pay back in 1 + 50 / 100 = 1.5 years.",
            lambda expected, upstream_ok=True, **_: _simple_payback(expected, math.ceil) if upstream_ok else None,
        ),
        Misconception(
            "interpolated from the wrong year",
            "Your payback is a year too long: you added the fraction to the year in which the total turns "
            "positive. It is the last year the total is still negative plus the fraction of the next year's "
            "savings needed (−100, 50, 100: 1 + 50 / 100 = 1.5).",
            lambda expected, upstream_ok=True, **_: (
                _simple_payback(expected, lambda years: years + 1) if upstream_ok else None
            ),
        ),
        Misconception(
            "break-even with one price for every seat",
            "Your break-even prices every seat at one step's price. Use your graduated `licence_cost`.",
            lambda expected, volume_break_even, upstream_ok=True, **_: (
                {"break_even_seats": volume_break_even} if upstream_ok else None
            ),
        ),
        Misconception(
            "break-even undiscounted",
            "Your break-even compares undiscounted totals. The question compares present costs at the rate.",
            lambda expected, undiscounted_break_even, upstream_ok=True, **_: (
                {"break_even_seats": undiscounted_break_even} if upstream_ok else None
            ),
        ),
    ],
    hints=[
        "Savings of building instead of buying, by year = buy's costs − build's costs. NPV = `present_cost` of them.",
        "Payback: add the savings year by year until the running total reaches 0; within the year, "
        "interpolate linearly. Break-even: try seats = 1, 2, 3, ... with the same seats each year.",
    ],
)


def _overrun_cases():
    """The shipped overruns, 10,000 runs: built at the first check (it needs pandas).

    The key is the exact share (every past project weighted equally); 6 of the 36 factors make
    building cheaper, whichever way the overrun is applied, and 12 on undiscounted totals.
    """
    from tpm_course.data import load

    runs = load("build_overruns")
    factors = (runs["actual_weeks"] / runs["estimated_weeks"]).tolist()
    shares = {"estimate_only": 0.0, "undiscounted_share": 12 / 36, "maintenance_fixed": 6 / 36, "over_scaled": 6 / 36}
    return [({"factors": factors, "runs": 10_000, "seed": 2026}, 6 / 36, shares)]


def _unless(upstream_ok, share):
    return share if upstream_ok else None


q7 = FollowingFunction(
    "q7",
    NOTEBOOK,
    "share_build_cheaper",
    rel_tol=0.0,
    abs_tol=0.02,  # 10,000 runs put a share within about 0.005 of its exact value; any seed passes
    cases=_overrun_cases,
    upstream=(BUY_COSTS, PRESENT),
    follows=overrun_readings,  # the text compares with "your `buy_costs`": a Q3 to Q5 mistake is charged there
    misconceptions=[
        Misconception(
            "the estimate as it is",
            "Every run used the team's estimate of 36 engineer-weeks, so the drawn factors change nothing. "
            "Multiply the build's engineer-weeks by the factor drawn in that run.",
            lambda expected, estimate_only, upstream_ok=True, **_: _unless(upstream_ok, estimate_only),
        ),
        Misconception(
            "undiscounted totals",
            "Your runs compare undiscounted three-year totals. Compare present costs at `DISCOUNT_RATE`, as "
            "finance does.",
            lambda expected, undiscounted_share, upstream_ok=True, **_: _unless(upstream_ok, undiscounted_share),
        ),
        Misconception(
            "the other way round",
            "That is the share of runs in which building costs more. The question asks how often building is cheaper.",
            lambda expected, upstream_ok=True, **_: _unless(upstream_ok, 1 - expected),
        ),
        Misconception(
            "maintenance not scaled",
            "Your maintenance stays at 20 % of the estimated build. Maintenance is 20 % of the build cost, so it "
            "grows with the overrun too: compute it from the overrun build cost of that run.",
            lambda expected, maintenance_fixed, upstream_ok=True, **_: _unless(upstream_ok, maintenance_fixed),
        ),
        Misconception(
            "more than the build scaled",
            "You scaled more than the build with the overrun. Only the build's engineer-weeks grow, and the "
            "maintenance with them; the migration and the hosting cost what the brief says in every run.",
            lambda expected, over_scaled, upstream_ok=True, **_: _unless(upstream_ok, over_scaled),
        ),
    ],
    hints=[
        "Overrun factors: `actual_weeks / estimated_weeks`. Draw `runs` of them with "
        "`np.random.default_rng(seed).choice(factors, size=runs, replace=True)`.",
        "In each run, build cost = BUILD_WEEKS × factor × ENGINEER_WEEK, and maintenance is 20 % of that. Compare "
        "`present_cost` of build's costs by year with buy's; return the share of runs where build's is lower.",
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
    compared=("buy", "build"),
    upstream={
        "decision": (LICENCE, COST_LISTS, PRESENT),
        "present_cost_usd": (LICENCE, COST_LISTS, PRESENT),
        "biggest_risks": (RISK_PLAN,),
    },
    follows=own_biggest_risks,  # "after your plan of Q2, among the risks the chosen option carries"
    follows_from=biggest_risks_from,
    parts=Parts(3, noun="part"),
    misconceptions=[
        Misconception(
            "undiscounted totals decide",
            "You chose by the undiscounted three-year totals. Finance compares present costs at its rate: "
            "the option that spends most of its money in year 0 loses some of its lead when later years are "
            "discounted.",
            lambda expected, own_choice=None, undiscounted_choice=None, **_: (
                {"decision": undiscounted_choice} if undiscounted_choice and undiscounted_choice != own_choice else None
            ),
        ),
        Misconception(
            "three-year total as present cost",
            "Your present cost is the undiscounted three-year total. Give the option's present cost at "
            "`DISCOUNT_RATE`, from your `present_cost`.",
            lambda expected, tco_of_decision, **_: {"present_cost_usd": tco_of_decision},
        ),
        Misconception(
            "risks before mitigation",
            "Those are the largest exposures before the plan. The launch review asks for the largest that "
            "remain after the mitigations you fund, among the risks the chosen option carries.",
            lambda expected, before_plan, chosen_as_key=True, **_: _top_two(before_plan) if chosen_as_key else None,
        ),
        Misconception(
            "risks by impact alone",
            "You picked the risks with the largest impact. Rank the remaining risks by residual exposure, "
            "likelihood × impact after the plan.",
            lambda expected, by_impact, chosen_as_key=True, **_: _top_two(by_impact) if chosen_as_key else None,
        ),
        Misconception(
            "risks smallest first",
            "Those are the right two risks in the wrong order. List them largest residual exposure first.",
            lambda expected, **_: _top_two(reversed(expected["biggest_risks"])),
        ),
        Misconception(
            "lock-in score too low",
            "Your lock-in score is lower than the quote supports. Rate each of the three criteria from what the "
            "quote says: what exports and how, whether our code would rely on vendor-only features, and how "
            "long the commitment is.",
            lambda expected, **_: {"buy_lock_in_score": expected["buy_lock_in_score"] - 2},
        ),
    ],
    hints=[
        "The decision is the option with the lowest present cost from your `present_cost`.",
        "Biggest risks: the two largest residual exposures among the risks the chosen option carries "
        "(its own and `all`), after your plan of Q2, highest first.",
    ],
)
