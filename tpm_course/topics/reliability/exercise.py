"""Checks for exercise 03, reliability: SLOs and error budgets (answer keys live in the hidden tests)."""

import math

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Parts, ValueQuestion
from tpm_course.core.errors import TpmCourseError

NOTEBOOK = "03_reliability"

SLO_STEPS = [0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999]
DEPENDENCIES = ["checkout service", "session store", "inventory service", "payments API"]
INVESTMENTS = ["add a third checkout zone", "replicate the session store", "add a second payment provider"]


def _unless(condition: bool, value):
    """The prediction, or None (no prediction) when it would equal the right answer."""
    return None if condition else value


FIXED_30_DAYS = Misconception(
    "30-day window",
    "You used 30 days whatever the window. Use the `days` you are given: 28, 31 and 365.25 days "
    "give different budgets.",
    lambda expected, days, **_: _unless(days == 30, expected * 30 / days),
)
YEAR_OF_365 = Misconception(
    "365-day year",
    "You used a 365-day year where the window is 365.25 days. The quarter day is 0.07 %, small, "
    "but a contract that defines its year that way is checked that way.",
    lambda expected, days, **_: _unless(days != 365.25, expected * 365 / days),
)

q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "downtime_budget",
    unit="minute",
    used_later="Q3 computes with it",
    rel_tol=1e-4,
    abs_tol=0.05,  # "52.6 min" rounds 52.56 to a tenth of a minute; 365 for 365.25 days is still minutes off
    cases=[
        ({"slo": 0.999, "days": 30}, 43.2),
        ({"slo": 0.9999, "days": 365}, 52.56),
    ],
    misconceptions=[
        Misconception(
            "uptime, not downtime",
            "That is the time the service must be up. The budget is the time it may be down: (1 − SLO) × the window.",
            lambda expected, slo, days, **_: slo * days * 1_440,
        ),
        Misconception(
            "seconds",
            "A bare number is read as minutes, and yours looks like seconds. Return minutes, "
            "or a string that carries its unit such as `'40 s'`.",
            lambda expected, **_: expected * 60,
        ),
        Misconception(
            "hours",
            "A bare number is read as minutes, and yours looks like hours: a day has 1,440 minutes.",
            lambda expected, **_: expected / 60,
        ),
        FIXED_30_DAYS,
        YEAR_OF_365,
        Misconception(
            "rounded to whole minutes",
            "You rounded to whole minutes. A budget is kept to the second (five nines allows well under "
            "a minute in a month): return the minutes unrounded.",
            lambda expected, **_: _unless(abs(round(expected) - expected) < 0.05, round(expected)),
        ),
    ],
    hints=[
        "The SLO's complement, 1 − SLO, is the share of the window the service may be down.",
        "Minutes in the window = days × 24 × 60. Multiply by (1 − SLO).",
    ],
)

q2 = FunctionQuestion(
    "q2",
    NOTEBOOK,
    "failure_budget",
    rel_tol=1e-4,
    cases=[({"slo": 0.9999, "requests_per_day": 2_500_000, "days": 1}, 250)],
    misconceptions=[
        Misconception(
            "successes, not failures",
            "That is how many requests must succeed. The budget is how many may fail: "
            "(1 − SLO) × requests in the window.",
            lambda expected, slo, requests_per_day, days, **_: slo * requests_per_day * days,
        ),
        Misconception(
            "one day",
            "That is one day's allowance. The window has `days` days of requests.",
            lambda expected, days, **_: _unless(days == 1, expected / days),
        ),
        FIXED_30_DAYS,
        YEAR_OF_365,
        Misconception(
            "rounded down",
            "You rounded down (`math.floor` or `int`), and the question says not to round. In floating "
            "point (1 − 0.9999) × 2,500,000 comes out a hair under 250, so rounding down loses a whole "
            "request: return the value unrounded.",
            lambda expected, slo, requests_per_day, days, **_: math.floor((1 - slo) * requests_per_day * days),
        ),
    ],
    hints=[
        "Requests in the window = requests per day × days.",
        "Failures allowed = (1 − SLO) × requests in the window. Do not round.",
    ],
)

q3 = DocumentQuestion(
    "q3",
    NOTEBOOK,
    "five_nines",
    parts=Parts(3, noun="field"),  # 1 point for each field
    rel_tol=1e-4,
    abs_tol=0.05,  # seconds rounded to a tenth match; a 365-day year is 0.2 s off
    units={"july_downtime_seconds": "second", "contract_year_downtime_seconds": "second"},  # "0.4464 min" is read
    schema={
        "type": "object",
        "required": ["july_downtime_seconds", "contract_year_downtime_seconds", "july_failed_requests"],
        "properties": {  # 0 is a number of the right form: a budget rounded to whole minutes is named, not refused
            "july_downtime_seconds": {"type": "number", "minimum": 0},
            "contract_year_downtime_seconds": {"type": "number", "minimum": 0},
            "july_failed_requests": {"type": "number", "minimum": 0},
        },
    },
    misconceptions=[
        Misconception(
            "July of 30 days",
            "July has 31 days. A calendar-month SLO gives each month the budget of its own length.",
            lambda expected, **_: {"july_downtime_seconds": expected["july_downtime_seconds"] * 30 / 31},
        ),
        Misconception(
            "July's requests over 30 days",
            "July's failure budget counts 31 days of requests, not 30.",
            lambda expected, **_: {"july_failed_requests": expected["july_failed_requests"] * 30 / 31},
        ),
        Misconception(
            "365-day contract year",
            "The contract defines a year as 365.25 days; you used 365. The quarter day is small, "
            "but the contract is checked to the second.",
            lambda expected, **_: {
                "contract_year_downtime_seconds": expected["contract_year_downtime_seconds"] * 365 / 365.25
            },
        ),
        Misconception(
            "contract year rounded to the second",
            "That is the contract year's downtime rounded to the whole second. Give it to a tenth of a "
            "second or finer: a 365-day year is only 0.2 s off, and rounding hides the difference.",
            lambda expected, **_: {"contract_year_downtime_seconds": round(expected["contract_year_downtime_seconds"])},
        ),
        Misconception(
            "July rounded to the second",
            "That is July's downtime rounded to the whole second. Give it to a tenth of a second or finer: "
            "a 30-day July is less than a second off.",
            lambda expected, **_: {"july_downtime_seconds": round(expected["july_downtime_seconds"])},
        ),
        Misconception(
            "minutes, not seconds",
            "Those look like minutes; the fields ask for seconds.",
            lambda expected, **_: {"july_downtime_seconds": expected["july_downtime_seconds"] / 60},
        ),
        Misconception(
            "one day's requests",
            "That is one day's failure budget: July's counts the forecast requests of all 31 days.",
            lambda expected, **_: {"july_failed_requests": expected["july_failed_requests"] / 31},
        ),
        Misconception(
            "minutes rounded before seconds",
            "Your downtimes were rounded to whole minutes before they became seconds: five nines allows "
            "less than a minute in July, so rounding wipes it out. Keep the fraction.",
            lambda expected, **_: {
                key: round(expected[key] / 60) * 60
                for key in ("july_downtime_seconds", "contract_year_downtime_seconds")
            },
        ),
        Misconception(
            "four nines",
            "That budget is ten times too large: it is four nines (99.99 %). Five nines is 0.99999.",
            lambda expected, **_: {"july_downtime_seconds": expected["july_downtime_seconds"] * 10},
        ),
    ],
    hints=[
        "Five nines is an SLO of 0.99999. Your `downtime_budget` gives minutes; the fields ask for seconds.",
        "July has 31 days, the contract's year 365.25 days. July's requests = the forecast per day × 31.",
    ],
)

q4 = ValueQuestion(
    "q4",
    NOTEBOOK,
    "outage_burn_rate",
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "error rate, or divided by the SLO",
            "That is about the outage's error rate itself (dividing it by the SLO, 0.999, barely "
            "changes it). The burn rate divides the error rate by the error rate the SLO allows, "
            "1 − SLO.",
            lambda expected, error_rate, **_: error_rate,
        ),
        Misconception(
            "error rate in percent",
            "That is the error rate in percent. The burn rate divides the error rate by 1 − SLO.",
            lambda expected, error_rate, **_: error_rate * 100,
        ),
        Misconception(
            "the whole month",
            "That is June's burn rate as a whole. Take only the outage's intervals, 14:20 to 15:05.",
            lambda expected, month_burn, **_: month_burn,
        ),
        Misconception(
            "the clock hour",
            "You took the clock hour 14:00 to 15:00. The outage ran from 14:20 to 15:05: take the nine "
            "intervals that start from 14:20 up to 15:00, not the hour around them.",
            lambda expected, clock_hour, **_: clock_hour,
        ),
        Misconception(
            "ten intervals",
            "You kept ten intervals: the one that starts at 15:05 begins after the outage ended. Keep the "
            "nine that start from 14:20 up to 15:00.",
            lambda expected, ten_intervals, **_: ten_intervals,
        ),
        Misconception(
            "budget share over time share",
            "You divided the share of June's budget the outage spent by the share of June's time it "
            "lasted. That mixes a request budget with a time window. The burn rate is the outage's own "
            "error rate divided by the error rate the SLO allows, 1 − SLO.",
            lambda expected, budget_over_time, **_: budget_over_time,
        ),
    ],
    hints=[
        "Keep the rows whose `start` is from 2026-06-11 14:20 up to (not including) 15:05: nine intervals.",
        "Error rate = failed requests / requests over those rows. Burn rate = error rate / (1 − SLO).",
    ],
)

q5 = ValueQuestion(
    "q5",
    NOTEBOOK,
    "outage_budget_spent",
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "average traffic assumed",
            "You used burn rate × duration / window. That assumes the outage's minutes carried "
            "average traffic, but it hit a busy afternoon. This SLO counts requests: divide the "
            "outage's failed requests by the failures June's SLO allows.",
            lambda expected, time_based, **_: time_based,
        ),
        Misconception(
            "share of the failures",
            "That is the outage's share of June's failed requests. The budget is the failures the "
            "SLO allows, (1 − SLO) × June's requests, not the failures that happened.",
            lambda expected, share_of_errors, **_: share_of_errors,
        ),
        Misconception(
            "percent as a bare number",
            "A bare number is read as a fraction, and yours looks like a percentage. Give a fraction "
            "or a string such as `'12.5 %'`.",
            lambda expected, **_: expected * 100,
        ),
        Misconception(
            "July's forecast for June's budget",
            "You sized June's budget from July's forecast of 2 million requests a day. June's budget counts "
            "June's own requests: (1 − SLO) × the sum of `requests` in `checkout_june`.",
            lambda expected, july_forecast_budget, **_: july_forecast_budget,
        ),
        Misconception(
            "partial outage counted as full downtime",
            "You counted the 45 minutes as downtime against a time-based budget. During the outage "
            "most requests still succeeded, and this SLO counts requests: divide the failed requests "
            "by the failures June's SLO allows.",
            lambda expected, full_downtime, **_: full_downtime,
        ),
    ],
    hints=[
        "June's budget in requests = (1 − SLO) × all of June's requests.",
        "Budget spent = the outage's failed requests / June's budget. A fraction, or a string like '12.5 %'.",
    ],
)


def _scaled(expected: dict, change):
    """Every field of the key changed the same wrong way; None without a key (nothing to predict)."""
    return {k: change(v) for k, v in expected.items()} if expected else None


q6 = DocumentQuestion(
    "q6",
    NOTEBOOK,
    "july_alerts",
    parts=Parts(2, noun="threshold"),
    schema={
        "type": "object",
        "required": ["fast_burn_threshold", "slow_burn_threshold"],
        "properties": {
            "fast_burn_threshold": {"type": "number", "exclusiveMinimum": 0},
            "slow_burn_threshold": {"type": "number", "exclusiveMinimum": 0},
        },
    },
    misconceptions=[
        Misconception(
            "30-day thresholds",
            "Those are the thresholds for a 30-day window. July's budget spans 31 days, so the same "
            "share of it takes a slightly higher burn rate.",
            lambda expected, **_: _scaled(expected, lambda v: v * 30 / 31),
        ),
        Misconception(
            "error rates, not burn rates",
            "Those are error rates. The thresholds are burn rates: multiples of the error rate the SLO allows.",
            lambda expected, **_: _scaled(expected, lambda v: v * (1 - 0.999)),
        ),
        Misconception(
            "upside down",
            "Your thresholds are upside down: the burn rate that spends a share of the budget in "
            "an alert window is share × window length / alert window length.",
            lambda expected, **_: _scaled(expected, lambda v: 1 / v),
        ),
        Misconception(
            "slow burn on the short window",
            "Your slow-burn threshold uses the fast alert's 1-hour window. The slow alert watches 72 hours: "
            "spending 10 % of the budget in 72 hours is a much lower burn rate than in one hour.",
            lambda expected, **_: {"slow_burn_threshold": expected["slow_burn_threshold"] * 72},  # 72 h / 1 h
        ),
        Misconception(
            "budget shares, not burn rates",
            "Those are the shares of the budget each alert watches (2 % and 10 %), not burn rates. "
            "Threshold = share × July's hours / the alert window's hours.",
            lambda expected, **_: {
                "fast_burn_threshold": expected["fast_burn_threshold"] * 1 / (31 * 24),
                "slow_burn_threshold": expected["slow_burn_threshold"] * 72 / (31 * 24),
            },
        ),
        Misconception(
            "fast burn on 30 days",
            "Your fast-burn threshold uses a 30-day month. July's budget spans 31 days, as your slow-burn "
            "threshold has it: use 31 × 24 hours for both.",
            lambda expected, **_: {"fast_burn_threshold": expected["fast_burn_threshold"] * 30 / 31},
        ),
        Misconception(
            "slow burn upside down",
            "Your slow-burn threshold is upside down: divide the budget share × July's hours by the "
            "72-hour window, not the other way round.",
            lambda expected, **_: {"slow_burn_threshold": 1 / expected["slow_burn_threshold"]},
        ),
        Misconception(
            "share in percent",
            "You used the budget share in percent (2 rather than 0.02).",
            lambda expected, **_: _scaled(expected, lambda v: v * 100),
        ),
    ],
    hints=[
        "A burn rate of 1 spends the whole budget in the whole window: 31 × 24 hours in July.",
        "Threshold = budget share × window hours / alert window hours.",
    ],
)


def _independent_paths(expected, series, replicas, shared, **_):
    return math.prod(series) * (1 - math.prod(1 - r * shared for r in replicas))


def _summed_downtime(expected, series, replicas, shared, **_):
    return 1 - (sum(1 - a for a in series) + (1 - shared) + math.prod(1 - r for r in replicas))


q7 = FunctionQuestion(
    "q7",
    NOTEBOOK,
    "feature_availability",
    rel_tol=1e-5,  # five decimals, as in the example, match; added downtimes are further off
    cases=[
        (
            {"series": [0.999, 0.995], "replicas": [0.99, 0.99], "shared": 0.998},
            0.999 * 0.995 * 0.998 * (1 - 0.01 * 0.01),
        )
    ],
    misconceptions=[
        Misconception(
            "replicas treated as independent",
            "You treated the replicas as independent paths, each with its own copy of the shared "
            "dependency. They share one: when it fails, every replica fails at once. Put the "
            "replicas in parallel first, then the shared dependency in series with them.",
            _independent_paths,
        ),
        Misconception(
            "shared dependency left out",
            "You left out the shared dependency. Every replica needs it, so it is in series with "
            "the replicas' parallel block.",
            lambda expected, series, replicas, **_: math.prod(series) * (1 - math.prod(1 - r for r in replicas)),
        ),
        Misconception(
            "replicas in series",
            "You multiplied the replicas' availabilities as if all of them had to work. Any one "
            "is enough: they are all down together only with probability Π(1 − Aᵢ).",
            lambda expected, series, replicas, shared, **_: math.prod(series) * shared * math.prod(replicas),
        ),
        Misconception(
            "downtimes added",
            "You added the unavailabilities (the downtimes) instead of multiplying the "
            "availabilities. That is close when every part is near 100 %, but not for parts like "
            "these: multiply.",
            _summed_downtime,
        ),
        Misconception(
            "weakest link",
            "A chain is less available than its weakest link: each part in series adds its own "
            "failures. Multiply the availabilities.",
            lambda expected, series, replicas, shared, **_: min(
                [*series, shared, 1 - math.prod(1 - r for r in replicas)]
            ),
        ),
        Misconception("percent", "Return a fraction (0.999), not a percentage.", lambda expected, **_: expected * 100),
    ],
    hints=[
        "Three parts: the series components, the replicas in parallel, and the shared dependency.",
        "Π(series) × shared × (1 − Π(1 − replica)). `math.prod` multiplies a list; it gives 1 for an empty one.",
    ],
)


def _step_above(slo):
    """The next SLO step up, as a partial document, or None at the top of the ladder."""
    higher = [step for step in SLO_STEPS if step > slo]
    return {"slo_to_commit": higher[0]} if higher else None


RECOMMENDATION_SCHEMA = {
    "type": "object",
    "required": [
        "slo_to_commit",
        "chain_availability",
        "limiting_dependency",
        "investment",
        "slo_after_investment",
        "message",
    ],
    "properties": {
        "slo_to_commit": {"enum": SLO_STEPS},
        "chain_availability": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "limiting_dependency": {"enum": DEPENDENCIES},
        "investment": {"enum": INVESTMENTS},
        "slo_after_investment": {"enum": SLO_STEPS},
        "message": {"type": "string", "minLength": 40},
    },
}


def step_of_own_chain(namespace: dict, context: dict) -> dict | None:
    """The SLO step the learner's own `chain_availability` supports: a wrong chain is charged once."""
    try:
        chain = q8.lookup(namespace).get("chain_availability")
    except (TpmCourseError, AttributeError, TypeError):
        return None
    if isinstance(chain, bool) or not isinstance(chain, int | float):
        return None
    supported = [step for step in SLO_STEPS if step <= chain]
    return {"slo_to_commit": max(supported)} if supported else None


q8 = DocumentQuestion(
    "q8",
    NOTEBOOK,
    "recommendation",
    parts=Parts(5, noun="field"),
    schema=RECOMMENDATION_SCHEMA,
    rel_tol=1e-5,
    follows=step_of_own_chain,
    follows_from="`chain_availability`",
    misconceptions=[
        Misconception(
            "five nines promised",
            "Five nines is above what the dependency chain can deliver: a feature cannot be more "
            "available than the product of what it depends on. Commit to a step at or below the "
            "chain's availability.",
            lambda expected, **_: {"slo_to_commit": 0.99999},
        ),
        Misconception(
            "shared dependency ignored",
            "That chain does not count the session store as one link both zones share: it leaves the store "
            "out, or gives each zone its own copy. Each zone's 99.9 % counts that zone's own outages only; "
            "the one store is a separate link, in series with the pair.",
            lambda expected, zones_independent, **_: {"chain_availability": zones_independent},
        ),
        Misconception(
            "step above the chain",
            "That SLO step is above the chain's availability. Commit to the highest step at or below "
            "it: an SLO the dependencies cannot reach spends its whole budget every month.",
            lambda expected, **_: _step_above(expected["slo_to_commit"]),
        ),
        Misconception(
            "third party blamed",
            "The payments API is not the largest source of downtime once the checkout zones' "
            "shared dependency is counted. Compare each part's expected downtime.",
            lambda expected, **_: {"limiting_dependency": "payments API"},
        ),
        Misconception(
            "zones in series",
            "The two checkout zones back each other up: the pair is down only when both are. "
            "Counting them in series makes the checkout service look like the weakest part.",
            lambda expected, series_zones, **_: {"chain_availability": series_zones},
        ),
        Misconception(
            "redundant zones as the limit",
            "You named the checkout service the limit. Its two zones back each other up, so the pair is "
            "down far less than either zone alone: compare each part's expected downtime, the pair's "
            "as one part.",
            lambda expected, **_: {"limiting_dependency": "checkout service"},
        ),
        Misconception(
            "more zones",
            "A third zone still shares the session store with the other two: it adds seconds a "
            "month, not a step of SLO.",
            lambda expected, **_: {"investment": "add a third checkout zone"},
        ),
        Misconception(
            "second provider",
            "A second payment provider improves a part that is not the limit: the chain stays on the same SLO step.",
            lambda expected, **_: {"investment": "add a second payment provider"},
        ),
    ],
    hints=[
        "`chain_availability` is your `feature_availability` on the brief's numbers. Commit to the highest "
        "step of `SLO_STEPS` that is not above it.",
        "Expected downtime of a part = 1 − its availability (for the zones, the pair's). The largest is the "
        "limit. Rerun `feature_availability` with each investment's new numbers.",
    ],
)
