"""Checks for exercise 01, back-of-the-envelope estimation (answer keys live in the hidden tests)."""

import math

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Parts, ValueQuestion, bare_number_in
from tpm_course.core.errors import TpmCourseError
from tpm_course.core.value import ValuesQuestion

NOTEBOOK = "01_estimation"


def _unless_default(expected, peak_factor=1.0):
    return None if peak_factor == 1 else expected / peak_factor


AVERAGE_NOT_PEAK = Misconception(
    "average load",
    "This is the average rate. Capacity is sized for the peak: multiply by `peak_factor`.",
    lambda expected, peak_factor=1.0, **_: _unless_default(expected, peak_factor),
)
ROUND_DAY = Misconception(
    "10^5 seconds a day",
    "You used 100,000 seconds a day. That is fine on a napkin, but this question asks for the exact 86,400.",
    lambda expected, **_: expected * 86_400 / 100_000,
)

q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "qps",
    unit="request/second",
    used_later="Q5 computes the peak with it",
    cases=[
        ({"daily_active_users": 1_000_000, "requests_per_user": 86.4}, 1_000.0),
        ({"daily_active_users": 1_000_000, "requests_per_user": 86.4, "peak_factor": 3}, 3_000.0),
    ],
    misconceptions=[
        AVERAGE_NOT_PEAK,
        ROUND_DAY,
        Misconception(
            "per hour",
            "Your result is per hour: a day has 86,400 seconds, not 24 units.",
            lambda expected, **_: expected * 3_600,
        ),
        Misconception(
            "per minute",
            "Your result is per minute: divide the daily count by 86,400 seconds.",
            lambda expected, **_: expected * 60,
        ),
        Misconception(
            "divided by the peak factor",
            "You divided by `peak_factor`. The peak is busier than the average: multiply the average rate by it.",
            lambda expected, peak_factor=1.0, **_: None if peak_factor == 1 else expected / peak_factor**2,
        ),
    ],
    hints=[
        "Requests per day = users × requests per user. How many seconds does a day have?",
        "Average rate = requests per day / 86,400. The peak is the average times `peak_factor`.",
    ],
)

q2 = FunctionQuestion(
    "q2",
    NOTEBOOK,
    "storage",
    unit="byte",
    used_later="Q6 computes the storage to order with it",
    cases=[
        (
            {
                "daily_active_users": 1_000_000,
                "uploads_per_user": 0.5,
                "bytes_per_upload": 2_000_000,
                "days": 30,
                "replicas": 3,
            },
            "90 TB",
        ),
    ],
    misconceptions=[
        Misconception(
            "30 days whatever the window",
            "Your result is 30 days of uploads whatever `days` is: multiply by the `days` argument.",
            lambda expected, days, **_: None if days == 30 else expected * 30 / days,
        ),
        Misconception(
            "one replica",
            "You stored one copy. Every photo is kept `replicas` times for durability.",
            lambda expected, replicas, **_: None if replicas == 1 else expected / replicas,
        ),
        Misconception(
            "one day",
            "That is one day of uploads; the question asks for `days` of them.",
            lambda expected, days, **_: None if days == 1 else expected / days,
        ),
        bare_number_in("gigabytes", 1e9, example="90 TB"),
        bare_number_in("terabytes", 1e12, example="90 TB"),
        bare_number_in("gibibytes (2^30 bytes)", 2**30, example="90 TB"),
        bare_number_in("tebibytes (2^40 bytes)", 2**40, example="90 TB"),
        Misconception(
            "binary megabytes",
            "Your storage is 1.048576 times the bytes uploaded: a megabyte counted as 2^20 bytes. "
            "`bytes_per_upload` is already in bytes, and sizes here are decimal: use it as given.",
            lambda expected, **_: expected * 1.048576,
        ),
        Misconception(
            "original plus replicas",
            "You stored the original and then `replicas` more copies. `replicas` already counts every "
            "copy kept, the original included.",
            lambda expected, replicas, **_: expected * (replicas + 1) / replicas,
        ),
    ],
    hints=[
        "Uploads per day = users × uploads per user. Each upload takes `bytes_per_upload`.",
        "Multiply one day's bytes by `days` and by `replicas`. Return bytes, or a string like '90 TB'.",
    ],
)

q3 = FunctionQuestion(
    "q3",
    NOTEBOOK,
    "bandwidth",
    unit="bit/second",
    used_later="Q6 computes the CDN commit with it",
    cases=[
        (
            {"daily_active_users": 1_000_000, "views_per_user": 86.4, "bytes_per_view": 100_000, "peak_factor": 2},
            "1.6 Gbit/s",
        ),
    ],
    misconceptions=[
        Misconception(
            "bytes not bits",
            "That is bytes per second. Links and CDN contracts are quoted in bits per second: multiply by 8.",
            lambda expected, **_: expected / 8,
        ),
        AVERAGE_NOT_PEAK,
        ROUND_DAY,
        bare_number_in("gigabits per second", 1e9, base="bits per second", example="1.6 Gbit/s"),
    ],
    hints=[
        "Start from the peak request rate, as in `qps`. Each view sends `bytes_per_view` bytes.",
        "Peak bytes per second × 8 = bits per second. Return bits per second or a string like '1.6 Gbit/s'.",
    ],
)

q4 = ValueQuestion(
    "q4",
    NOTEBOOK,
    "peak_factor",
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "busiest hour",
            "You averaged over hours first. An hour's average hides the minutes that overload "
            "servers: compare the busiest minute with the average minute.",
            lambda expected, busiest_hour, **_: busiest_hour,
        ),
        Misconception(
            "peak over trough",
            "You divided the peak by the quietest minute. The peak factor compares the peak with the average.",
            lambda expected, peak_over_trough, **_: peak_over_trough,
        ),
        Misconception(
            "percent above the average",
            "That is how far the peak is above the average, (peak − mean) / mean. The peak factor is "
            "the ratio itself: the busiest minute / the average minute.",
            lambda expected, **_: expected - 1,
        ),
        Misconception(
            "peak over median",
            "You divided by the median minute. The peak factor is defined against the mean "
            "(total requests / number of minutes).",
            lambda expected, peak_over_median, **_: peak_over_median,
        ),
    ],
    hints=[
        "Load the data with `load_dataset('traffic_day')`; each row is one minute.",
        "Peak factor = the largest `requests` value / the mean of `requests`.",
    ],
)


def _with_peak(expected: dict, servers) -> dict:
    """A fleet sized a wrong way from the right peak: named only when ``peak_rps`` is right."""
    return {"peak_rps": expected["peak_rps"], "servers_needed": servers}


def _own(question, namespace: dict):
    """The learner's own answer to ``question`` as its check reads it, or None when there is none yet."""
    try:
        return question._form(namespace)
    except TpmCourseError:
        return None


def _own_peak(namespace: dict, context: dict) -> float | None:
    """The peak as the learner's own `qps` (Q1) and `peak_factor` (Q4) give it on the brief's numbers, as
    Q5 asks them to compute it; the brief's average times their factor when their `qps` cannot say."""
    factor = _own(q4, namespace)
    if factor is None:
        return None
    try:
        peak = float(namespace["qps"](context["daily_active_users"], context["requests_per_user"], factor))
    except Exception:  # no `qps` of their own that works yet, or an older key without the brief's numbers
        peak = math.nan
    return peak if math.isfinite(peak) and peak > 0 else context["average_rps"] * factor


def fleet_from_own_peak_factor(namespace: dict, context: dict) -> dict | None:
    """`peak_rps` and `servers_needed` as the learner's own `qps` (Q1) and `peak_factor` (Q4) make them."""
    peak = _own_peak(namespace, context)
    if peak is None:
        return None
    return {"peak_rps": peak, "servers_needed": math.ceil(peak / context["server_rps"]) + context["spare"]}


q5 = ValuesQuestion(
    "q5",
    NOTEBOOK,
    {"peak_rps": {"unit": "request/second"}, "servers_needed": {"integer": True}},
    parts=Parts(2, noun="value"),  # 1 point each for peak_rps and servers_needed
    follows=fleet_from_own_peak_factor,  # a Q1 or Q4 slip is charged there, not again here
    follows_from="`qps` (Q1) or `peak_factor` (Q4)",
    misconceptions=[
        Misconception(
            "sized for average",
            "That fleet carries the average load. Size it for the peak: average × peak factor.",
            lambda expected, average_rps, sized_for_average, **_: {
                "peak_rps": average_rps,
                "servers_needed": sized_for_average,
            },
        ),
        Misconception(
            "average rate for the peak",
            "`peak_rps` is the average rate. The peak is the average times the `peak_factor` you measured in Q4.",
            lambda expected, average_rps, **_: {"peak_rps": average_rps},
        ),
        Misconception(
            "no headroom",
            "You planned to run servers at 100 % of their tested capacity. Leave the headroom the "
            "brief asks for: divide by capacity × utilisation target.",
            lambda expected, no_headroom, **_: _with_peak(expected, no_headroom),
        ),
        Misconception(
            "utilisation multiplied",
            "You multiplied the peak by the utilisation target. Each server may carry only 75 % of its "
            "900 req/s, so divide the peak by capacity × utilisation: that takes more servers, not fewer.",
            lambda expected, utilisation_multiplied, **_: _with_peak(expected, utilisation_multiplied),
        ),
        Misconception(
            "no spare",
            "One server failing at the peak would overload the rest: add the spare the brief asks for (N+1), "
            "and round up, never down.",
            lambda expected, **_: _with_peak(expected, expected["servers_needed"] - 1),
        ),
        Misconception(
            "rounded to the nearest, no spare",
            "You rounded to the nearest whole server and left out the spare. A fraction of a server's load "
            "still needs a whole server: round up, then add the N+1 spare.",
            lambda expected, rounded_no_spare, **_: _with_peak(expected, rounded_no_spare),
        ),
    ],
    hints=[
        "Peak rate = your `qps` on the brief with the `peak_factor` you measured.",
        "Each server may run at 75 % of 900 req/s. Round up, then add one spare.",
    ],
)

LAUNCH_PLAN_SCHEMA = {
    "type": "object",
    "required": ["decision", "servers_to_add", "storage_to_order_pb", "cdn_commit_gbps", "reason"],
    "properties": {
        "decision": {"enum": ["launch on the current fleet", "add servers before launch"]},
        "servers_to_add": {"type": "integer", "minimum": 0},
        "storage_to_order_pb": {"type": "number", "exclusiveMinimum": 0},
        "cdn_commit_gbps": {"type": "number", "exclusiveMinimum": 0},
        "reason": {"type": "string", "minLength": 20},
    },
}


def plan_from_own_numbers(namespace: dict, context: dict) -> dict | None:
    """The decision, servers to add and CDN commit as the learner's own `servers_needed` (Q5), `qps` (Q1)
    and `peak_factor` (Q4) make them."""
    own = {}
    servers = _own(q5.values["servers_needed"], namespace)
    if servers is not None:
        to_add = max(0, math.ceil(servers) - context["current_fleet"])
        own["servers_to_add"] = to_add
        own["decision"] = "add servers before launch" if to_add else "launch on the current fleet"
    peak = _own_peak(namespace, context)
    if peak is not None:
        own["cdn_commit_gbps"] = peak * context["bytes_per_view"] * 8 / 1e9
    return own


q6 = DocumentQuestion(
    "q6",
    NOTEBOOK,
    "launch_plan",
    schema=LAUNCH_PLAN_SCHEMA,
    follows=plan_from_own_numbers,  # a slip in Q1, Q4 or Q5 is charged there, not again here
    follows_from="`servers_needed` (Q5), `qps` (Q1) or `peak_factor` (Q4)",
    units={"storage_to_order_pb": "PB", "cdn_commit_gbps": "Gbit/s"},  # a number with its unit, as text, is read
    # an order and a commit are capacity: rounding them up is what lesson 01 teaches
    rounded_up=("storage_to_order_pb", "cdn_commit_gbps"),
    parts=Parts(5, noun="field"),  # 1 point for each checked field, and 1 for a reason that quotes the driving figure
    misconceptions=[
        Misconception(
            "average fits",
            "The current fleet covers the average load, not the peak: the plan must hold at the peak.",
            lambda expected, **_: {"decision": "launch on the current fleet"},
        ),
        Misconception(
            "total not added",
            "`servers_to_add` is how many to add to the fleet already running, not the total needed.",
            lambda expected, current_fleet, **_: {"servers_to_add": expected["servers_to_add"] + current_fleet},
        ),
        Misconception(
            "storage without replicas",
            "The storage order must hold every replica of every photo.",
            lambda expected, replicas, **_: {"storage_to_order_pb": expected["storage_to_order_pb"] / replicas},
        ),
        Misconception(
            "storage rounded down",
            "Your storage order is rounded down, below what the year's uploads fill. Round an order up.",
            lambda expected, **_: {"storage_to_order_pb": math.floor(expected["storage_to_order_pb"])},
        ),
        Misconception(
            "petabytes in binary",
            "Your storage looks like pebibytes (2^50 bytes). Storage is ordered in decimal petabytes, "
            "10^15 bytes, as the brief and the vendors quote it.",
            lambda expected, **_: {"storage_to_order_pb": expected["storage_to_order_pb"] * 1e15 / 2**50},
        ),
        Misconception(
            "terabytes for petabytes",
            "Your storage looks like terabytes: the field asks for petabytes (1 PB = 1,000 TB).",
            lambda expected, **_: {"storage_to_order_pb": expected["storage_to_order_pb"] * 1_000},
        ),
        Misconception(
            "CDN commit rounded down",
            "Your CDN commit is rounded down, below the peak egress it must carry. Round a commit up.",
            lambda expected, **_: {"cdn_commit_gbps": math.floor(expected["cdn_commit_gbps"])},
        ),
        Misconception(
            "egress in megabits",
            "Your CDN commit looks like megabits per second: the field asks for gigabits per second "
            "(1 Gbit/s = 1,000 Mbit/s).",
            lambda expected, **_: {"cdn_commit_gbps": expected["cdn_commit_gbps"] * 1_000},
        ),
        Misconception(
            "average egress",
            "Your CDN commit carries the average egress. Like the servers, it must carry the peak: "
            "size it with the peak factor.",
            lambda expected, average_rps, bytes_per_view, **_: {
                "cdn_commit_gbps": average_rps * bytes_per_view * 8 / 1e9
            },
        ),
        Misconception(
            "egress in bytes",
            "CDN commits are in gigabits per second; your figure looks like gigabytes per second.",
            lambda expected, **_: {"cdn_commit_gbps": expected["cdn_commit_gbps"] / 8},
        ),
    ],
    hints=[
        "Compare `servers_needed` with the 8 servers already running in the region.",
        "Storage: your `storage` on the brief, in petabytes (10^15 bytes). CDN: your `bandwidth`, in Gbit/s.",
    ],
)
