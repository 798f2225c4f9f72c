"""Self-checks of lesson 11, risk and build vs buy (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.risk_build_buy.money import licence_cost
from tpm_course.topics.risk_build_buy.sso import BASE, GATEKEEP_TIERS, options

NOTEBOOK = "lesson11_risk_build_buy"

# s1: the penetration test of the single sign-on launch (risk L2 of the lesson's register).
PENTEST_LIKELIHOOD, PENTEST_LIKELIHOOD_AFTER, PENTEST_IMPACT, PENTEST_COST = 0.05, 0.02, 500_000, 12_000
# s3: Gatekeep's costs by year and the lesson's discount rate.
GATEKEEP_COSTS = options()["buy"].cash_flows()
GATEKEEP_EXIT = BASE["buy_exit"]
RATE = BASE["rate"]


def _pv(costs, rate):
    return sum(c / (1 + rate) ** t for t, c in enumerate(costs))


s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "exposure_removed",
    expected=(PENTEST_LIKELIHOOD - PENTEST_LIKELIHOOD_AFTER) * PENTEST_IMPACT,
    misconceptions=[
        Misconception(
            "net of its cost",
            "You subtracted the test's cost. First the exposure it removes; comparing that with the $12,000 "
            "is the next step, the funding decision.",
            lambda expected, **_: expected - PENTEST_COST,
        ),
        Misconception(
            "exposure after, not removed",
            "That is the exposure left after the test. The question asks how much it removes: before − after.",
            lambda expected, **_: PENTEST_LIKELIHOOD_AFTER * PENTEST_IMPACT,
        ),
        Misconception(
            "exposure before",
            "That is the exposure before the test. Subtract the exposure after it.",
            lambda expected, **_: PENTEST_LIKELIHOOD * PENTEST_IMPACT,
        ),
    ],
    hints=[
        "Exposure = likelihood × impact, before and after the mitigation.",
        "(0.05 − 0.02) × $500,000.",
    ],
    solution=("exposure_removed = 0.05 * 500_000 - 0.02 * 500_000  # 15,000: more than the $12,000 test, so fund it"),
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "licence_for_45",
    expected=licence_cost(45, GATEKEEP_TIERS),
    misconceptions=[
        Misconception(
            "every connection at the last step's price",
            "You priced all 45 connections at $1,000. The price steps are graduated: the first 10 cost $1,500 each.",
            lambda expected, **_: 45 * 1_000,
        ),
        Misconception(
            "every connection at the first price",
            "You priced all 45 at $1,500. Only the first 10 connections cost that; the next ones cost $1,000.",
            lambda expected, **_: 45 * 1_500,
        ),
    ],
    hints=[
        "Connections 1–10 are on the first step, 11–45 on the second.",
        "10 × $1,500 + 35 × $1,000.",
    ],
    solution="licence_for_45 = 10 * 1_500 + 35 * 1_000  # 50,000 a year\n# or: licence_cost(45, GATEKEEP_TIERS)",
)

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "gatekeep_present_cost",
    expected=_pv(GATEKEEP_COSTS, RATE),
    misconceptions=[
        Misconception(
            "not discounted",
            "That is the undiscounted total. Divide year t's cost by 1.08ᵗ before adding.",
            lambda expected, **_: sum(GATEKEEP_COSTS),
        ),
        Misconception(
            "year 0 discounted",
            "You discounted year 0 too, as a spreadsheet's NPV function does. Year 0 is today: it counts in full.",
            lambda expected, **_: expected / (1 + RATE),
        ),
        Misconception(
            "exit cost forgotten",
            "You left out the $30,000 it costs to leave Gatekeep at the end of year 3.",
            lambda expected, **_: expected - GATEKEEP_EXIT / (1 + RATE) ** 3,
        ),
    ],
    hints=[
        "`gatekeep_costs` from the worked example holds the costs by year, year 0 first, exit included.",
        "`present_value(gatekeep_costs, 0.08)`, or Σ cost / 1.08ᵗ with t = 0, 1, 2, 3.",
    ],
    solution="gatekeep_present_cost = present_value(options()['buy'].cash_flows(), 0.08)  # about $161,000",
)

TORNADO_INPUTS = [
    "build estimate",
    "maintenance share",
    "loaded cost of an engineer-week",
    "connections in year 1",
    "vendor's prices",
    "cost to leave the vendor",
    "new connections a year",
    "discount rate",
]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "input_that_flips",
    options=TORNADO_INPUTS,
    expected="build estimate",
    misconceptions=[
        Misconception(
            "the discount rate",
            "The discount rate has the narrowest bar: across 4 % to 12 % buying stays cheaper. Look for the bar "
            "that crosses the break-even line.",
            lambda expected, **_: "discount rate",
        ),
        Misconception(
            "the vendor's prices",
            "Even at 1.2 times the quote, buying stays cheaper: its bar ends left of the break-even line. "
            "Which bar crosses it?",
            lambda expected, **_: "vendor's prices",
        ),
        Misconception(
            "maintenance",
            "Maintenance has the second widest bar, but both its ends are left of the break-even line. "
            "Which bar crosses it?",
            lambda expected, **_: "maintenance share",
        ),
    ],
    hints=[
        "Run the explorer at its base case and find the bar that reaches across the line at 0.",
        "Only one input, at one end of its range, makes buy − build positive.",
    ],
    solution="input_that_flips = 'build estimate'  # at 18 weeks building is cheaper; every other bar stays left of 0",
)
