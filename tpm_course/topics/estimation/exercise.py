"""Checks for exercise 01, back-of-the-envelope estimation (answer keys live in the hidden tests)."""

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Parts, ValueQuestion, bare_number_in

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

q5 = ValueQuestion(
    "q5",
    NOTEBOOK,
    "servers_needed",
    integer=True,
    misconceptions=[
        Misconception(
            "sized for average",
            "That fleet carries the average load. Size it for the peak: average × peak factor.",
            lambda expected, sized_for_average, **_: sized_for_average,
        ),
        Misconception(
            "no headroom",
            "You planned to run servers at 100 % of their tested capacity. Leave the headroom the "
            "brief asks for: divide by capacity × utilisation target.",
            lambda expected, no_headroom, **_: no_headroom,
        ),
        Misconception(
            "no spare",
            "One server failing at the peak would overload the rest: add the spare the brief asks for (N+1), "
            "and round up, never down.",
            lambda expected, **_: expected - 1,
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

q6 = DocumentQuestion(
    "q6",
    NOTEBOOK,
    "launch_plan",
    schema=LAUNCH_PLAN_SCHEMA,
    units={"storage_to_order_pb": "PB", "cdn_commit_gbps": "Gbit/s"},  # a number with its unit, as text, is read
    rounded_up=("cdn_commit_gbps",),  # a commit is capacity: rounding it up is what lesson 01 teaches
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
