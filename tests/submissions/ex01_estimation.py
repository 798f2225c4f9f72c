"""Submissions for exercise 01 (see ``submissions.Submission``)."""

from submissions import Submission

QPS = "def qps(daily_active_users, requests_per_user, peak_factor=1.0):\n    {body}\n"
STORAGE = "def storage(daily_active_users, uploads_per_user, bytes_per_upload, days, replicas):\n    {body}\n"
BANDWIDTH = "def bandwidth(daily_active_users, views_per_user, bytes_per_view, peak_factor):\n    {body}\n"
TRAFFIC = 'traffic = load_dataset("traffic_day")\nrequests = traffic["requests"]\npeak_factor = {expr}\n'
SERVERS = "peak_rps = {peak}\nservers_needed = {expr}\n"


def plan(**changes) -> str:
    fields = {
        "decision": '"add servers before launch"',
        "servers_to_add": "servers_needed - CURRENT_FLEET",
        "storage_to_order_pb": "storage(DAILY_ACTIVE_USERS, UPLOADS_PER_USER, BYTES_PER_UPLOAD, 365, REPLICAS) / 1e15",
        "cdn_commit_gbps": "bandwidth(DAILY_ACTIVE_USERS, VIEWS_PER_USER, BYTES_PER_VIEW, peak_factor) / 1e9",
        "reason": 'f"The peak of {peak_rps:,.0f} req/s takes {servers_needed} servers; we run 8, so we add them first."',
    }
    fields.update(changes)
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return "launch_plan = {\n" + body + "}\n"


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "units_as_strings",
        {
            "q2_answer": STORAGE.format(
                body='return f"{daily_active_users * uploads_per_user * bytes_per_upload * days * replicas / 1e12} TB"'
            ),
            "q3_answer": BANDWIDTH.format(
                body='return f"{daily_active_users * views_per_user / 86400 * peak_factor '
                '* bytes_per_view * 8 / 1e9:.6f} Gbps"'
            ),
            "q6_answer": plan(storage_to_order_pb="5.256", cdn_commit_gbps="16.7"),
        },
    ),
    Submission(
        "q6_cdn_commit_rounded_up",
        {
            "q6_answer": plan(
                cdn_commit_gbps="math.ceil(bandwidth(DAILY_ACTIVE_USERS, VIEWS_PER_USER, BYTES_PER_VIEW, peak_factor) / 1e9)"
            )
        },
    ),
    Submission(
        "q6_numbers_with_units",
        {"q6_answer": plan(storage_to_order_pb='"5.256 PB"', cdn_commit_gbps='"16,700 Mbit/s".replace(",", "")')},
    ),
    Submission(
        "numpy_and_pint",
        {
            "q1_answer": "import numpy as np\n"
            + QPS.format(
                body="return np.float64(daily_active_users) * requests_per_user / (24 * 60 * 60) * peak_factor"
            ),
            "q2_answer": "import pint\nureg = pint.UnitRegistry()\n"
            + STORAGE.format(
                body="return (daily_active_users * uploads_per_user * bytes_per_upload * days * replicas * ureg.byte).to('PB')"
            ),
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor)",
                expr="np.ceil(peak_rps / (SERVER_CAPACITY_RPS * TARGET_UTILISATION)) + 1",
            ),
            "q6_answer": plan(
                servers_to_add="np.int64(servers_needed) - CURRENT_FLEET",
                storage_to_order_pb="storage(DAILY_ACTIVE_USERS, UPLOADS_PER_USER, BYTES_PER_UPLOAD, 365, REPLICAS)"
                ".to('PB').magnitude",
            ),
        },
    ),
]

CORRECT_IN_OTHER_FORMS.append(
    Submission(
        "renamed_parameters_capitalised_decision",
        {
            "q1_answer": "def qps(users, calls_per_user, peak=1.0):\n    return users * calls_per_user / 86400 * peak\n",
            "q6_answer": plan(decision='"Add servers before launch"'),
        },
    ),
)

MISCONCEPTIONS = [
    Submission(
        "q1_average",
        {"q1_answer": QPS.format(body="return daily_active_users * requests_per_user / 86_400")},
        ["q1"],
        "This is the average rate",
    ),
    Submission(
        "q1_round_day",
        {"q1_answer": QPS.format(body="return daily_active_users * requests_per_user / 100_000 * peak_factor")},
        ["q1"],
        "100,000 seconds a day",
    ),
    Submission(
        "q1_per_hour",
        {"q1_answer": QPS.format(body="return daily_active_users * requests_per_user / 24 * peak_factor")},
        ["q1"],
        "Your result is per hour",
    ),
    Submission(
        "q1_per_minute",
        {"q1_answer": QPS.format(body="return daily_active_users * requests_per_user / 1_440 * peak_factor")},
        ["q1"],
        "Your result is per minute",
    ),
    Submission(
        "q2_one_replica",
        {"q2_answer": STORAGE.format(body="return daily_active_users * uploads_per_user * bytes_per_upload * days")},
        ["q2"],
        "You stored one copy",
    ),
    Submission(
        "q2_gigabytes",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * days * replicas / 1e9"
            )
        },
        ["q2"],
        "yours looks like gigabytes",
    ),
    Submission(
        "q2_terabytes",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * days * replicas / 1e12"
            )
        },
        ["q2"],
        "yours looks like terabytes",
    ),
    Submission(
        "q2_gibibytes",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * days * replicas / 1024**3"
            )
        },
        ["q2"],
        "yours looks like gibibytes",
    ),
    Submission(
        "q2_one_day",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * replicas"
            )
        },
        ["q2"],
        "one day of uploads",
    ),
    Submission(
        "q3_bytes",
        {
            "q3_answer": BANDWIDTH.format(
                body="return daily_active_users * views_per_user / 86_400 * peak_factor * bytes_per_view"
            )
        },
        ["q3"],
        "That is bytes per second",
    ),
    Submission(
        "q3_average",
        {
            "q3_answer": BANDWIDTH.format(
                body="return daily_active_users * views_per_user / 86_400 * bytes_per_view * 8"
            )
        },
        ["q3"],
        "This is the average rate",
    ),
    Submission(
        "q3_round_day",
        {
            "q3_answer": BANDWIDTH.format(
                body="return daily_active_users * views_per_user / 100_000 * peak_factor * bytes_per_view * 8"
            )
        },
        ["q3"],
        "100,000 seconds a day",
    ),
    Submission(
        "q4_busiest_hour",
        {"q4_answer": TRAFFIC.format(expr="requests.groupby(traffic['minute'] // 60).mean().max() / requests.mean()")},
        ["q4"],
        "You averaged over hours first",
    ),
    Submission(
        "q4_peak_over_trough",
        {"q4_answer": TRAFFIC.format(expr="requests.max() / requests.min()")},
        ["q4"],
        "quietest minute",
    ),
    Submission(
        "q6_cdn_in_megabits",
        {
            "q6_answer": plan(
                cdn_commit_gbps="bandwidth(DAILY_ACTIVE_USERS, VIEWS_PER_USER, BYTES_PER_VIEW, peak_factor) / 1e6"
            )
        },
        ["q6"],
        "looks like megabits per second",
        earns={"q6": 4},
    ),
    Submission(
        "q6_cdn_for_the_average",
        {"q6_answer": plan(cdn_commit_gbps="bandwidth(DAILY_ACTIVE_USERS, VIEWS_PER_USER, BYTES_PER_VIEW, 1) / 1e9")},
        ["q6"],
        "carries the average egress",
        earns={"q6": 4},
    ),
    Submission("q6_storage_rounded_up", {"q6_answer": plan(storage_to_order_pb="6")}),
    Submission(
        "q6_storage_rounded_down",
        {"q6_answer": plan(storage_to_order_pb="5")},
        ["q6"],
        "Your storage order is rounded down",
        earns={"q6": 4},
    ),
    Submission(
        "q4_median", {"q4_answer": TRAFFIC.format(expr="requests.max() / requests.median()")}, ["q4"], "median minute"
    ),
    Submission(  # Q5 and Q6 built right on a wrong Q4: that mistake is charged once, in Q4
        "q4_median_carried_into_q5_and_q6",
        {"q4_answer": TRAFFIC.format(expr="requests.max() / requests.median()")},
        ["q4"],
        "median minute",
        earns={"q5": 2, "q6": 5},
    ),
    Submission(
        "q5_average",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER)",
                expr="math.ceil(peak_rps / (SERVER_CAPACITY_RPS * TARGET_UTILISATION)) + SPARE_SERVERS",
            )
        },
        ["q5"],
        "That fleet carries the average load",
        earns={"q5": 0},
    ),
    Submission(
        "q5_no_headroom",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor)",
                expr="math.ceil(peak_rps / SERVER_CAPACITY_RPS) + SPARE_SERVERS",
            )
        },
        ["q5"],
        "100 % of their tested capacity",
        earns={"q5": 1},
    ),
    Submission(
        "q5_rounded_down",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor)",
                expr="int(peak_rps / (SERVER_CAPACITY_RPS * TARGET_UTILISATION)) + SPARE_SERVERS",
            )
        },
        ["q5"],
        "round up, never down",
        earns={"q5": 1},
    ),
    Submission(
        "q6_launch_as_is",
        {"q6_answer": plan(decision='"launch on the current fleet"', servers_to_add="0")},
        ["q6"],
        "covers the average load",
    ),
    Submission(
        "q1_globals_not_arguments",
        {"q1_answer": QPS.format(body="return DAILY_ACTIVE_USERS * VIEWS_PER_USER / 86_400")},
        ["q1"],
        "the same answer whatever its inputs",
    ),
    Submission(
        "q2_original_plus_replicas",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * days * (1 + replicas)"
            )
        },
        ["q2"],
        "already counts every copy",
    ),
    Submission(
        "q2_tebibytes",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * days * replicas / 2**40"
            )
        },
        ["q2"],
        "tebibytes",
    ),
    Submission(
        "q3_gigabits",
        {
            "q3_answer": BANDWIDTH.format(
                body="return daily_active_users * views_per_user / 86_400 * peak_factor * bytes_per_view * 8 / 1e9"
            )
        },
        ["q3"],
        "looks like gigabits per second",
    ),
    Submission(
        "q6_pebibytes",
        {
            "q6_answer": plan(
                storage_to_order_pb="storage(DAILY_ACTIVE_USERS, UPLOADS_PER_USER, BYTES_PER_UPLOAD, 365, REPLICAS) / 2**50"
            )
        },
        ["q6"],
        "pebibytes",
        earns={"q6": 4},
    ),
    Submission(
        "q6_terabytes",
        {
            "q6_answer": plan(
                storage_to_order_pb="storage(DAILY_ACTIVE_USERS, UPLOADS_PER_USER, BYTES_PER_UPLOAD, 365, REPLICAS) / 1e12"
            )
        },
        ["q6"],
        "looks like terabytes",
        earns={"q6": 4},
    ),
    Submission(
        "q6_reason_without_a_number",
        {"q6_answer": plan(reason='"The peak needs more servers than we run, so we add them before launch."')},
        ["q6"],
        "quotes none of the figures that drive the decision",
        earns={"q6": 4},
    ),
    Submission(
        "q6_total_servers",
        {"q6_answer": plan(servers_to_add="servers_needed")},
        ["q6"],
        "not the total needed",
        earns={"q6": 4},
    ),
    Submission(
        "q6_storage_one_copy",
        {
            "q6_answer": plan(
                storage_to_order_pb="storage(DAILY_ACTIVE_USERS, UPLOADS_PER_USER, BYTES_PER_UPLOAD, 365, 1) / 1e15"
            )
        },
        ["q6"],
        "every replica",
        earns={"q6": 4},
    ),
    Submission(
        "q6_egress_bytes",
        {
            "q6_answer": plan(
                cdn_commit_gbps="bandwidth(DAILY_ACTIVE_USERS, VIEWS_PER_USER, BYTES_PER_VIEW, peak_factor) / 8e9"
            )
        },
        ["q6"],
        "gigabits per second",
        earns={"q6": 4},
    ),
]

BROKEN = [
    Submission(
        "q1_syntax_error",
        {"q1_answer": "def qps(daily_active_users, requests_per_user, peak_factor=1.0)\n    return 1\n"},
        ["q1"],
        "the cell that defines it raised SyntaxError",
    ),
    Submission(
        "q1_missing_branch",
        {
            "q1_answer": QPS.format(
                body="if peak_factor > 1:\n        return daily_active_users * requests_per_user / 86_400 * peak_factor"
            )
        },
        ["q1"],
        "returned None: a path through it ends without a `return`",
    ),
    Submission(
        "q1_raises", {"q1_answer": QPS.format(body="return daily_active_users / 0")}, ["q1"], "raised ZeroDivisionError"
    ),
    Submission(
        "q2_branch_never_taken",
        {
            "q2_answer": STORAGE.format(
                body="if days > 10_000:\n"
                "        return daily_active_users * uploads_per_user * bytes_per_upload * days * replicas"
            )
        },
        ["q2", "q6"],
        "returns None in every case",
    ),
    Submission(
        "q6_placeholder_then_raises",
        {"q6_answer": 'launch_plan = {"decision": ...}\nlaunch_plan = {"decision": decision_i_never_wrote}\n'},
        ["q6"],
        "the cell that defines it raised NameError",
    ),
    Submission(
        "q1_tuple", {"q1_answer": QPS.format(body="return (1.0, 2.0)")}, ["q1"], "not an answer of the right kind"
    ),
    Submission(
        "q5_fraction",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor)",
                expr="peak_rps / (SERVER_CAPACITY_RPS * TARGET_UTILISATION) + 1",
            )
        },
        ["q5"],
        "must be a whole number",
        earns={"q5": 1},
    ),
    Submission("q6_wrong_option", {"q6_answer": plan(decision='"ship it"')}, ["q6"], "is not one of", earns={"q6": 4}),
    Submission(
        "q6_servers_as_text",
        {"q6_answer": plan(servers_to_add="str(servers_needed - CURRENT_FLEET)")},
        ["q6"],
        "is not a whole number",
        earns={"q6": 4},
    ),
]

MISCONCEPTIONS += [
    Submission(
        "q1_divides_by_the_peak_factor",
        {"q1_answer": QPS.format(body="return daily_active_users * requests_per_user / 86400 / peak_factor")},
        ["q1"],
        "You divided by `peak_factor`",
    ),
    Submission(
        "q2_binary_megabytes",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * 1.048576 * days * replicas"
            )
        },
        ["q2"],
        "a megabyte counted as 2^20 bytes",
    ),
    Submission(
        "q2_thirty_days_typed_in",
        {
            "q2_answer": STORAGE.format(
                body="return daily_active_users * uploads_per_user * bytes_per_upload * 30 * replicas"
            )
        },
        ["q2"],
        "30 days of uploads whatever `days` is",
    ),
    Submission(
        "q2_the_briefs_globals",
        {
            "q2_answer": STORAGE.format(
                body="return DAILY_ACTIVE_USERS * UPLOADS_PER_USER * BYTES_PER_UPLOAD * DAYS_IN_FIRST_YEAR * REPLICAS"
            )
        },
        ["q2"],
        "the same answer whatever its inputs",
    ),
    Submission(
        "q4_percent_above_the_average",
        {"q4_answer": TRAFFIC.format(expr="(requests.max() - requests.mean()) / requests.mean()")},
        ["q4"],
        "how far the peak is above the average",
    ),
    Submission(
        "q5_peak_is_the_average",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER)",
                expr="math.ceil(qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor) "
                "/ (SERVER_CAPACITY_RPS * TARGET_UTILISATION)) + SPARE_SERVERS",
            )
        },
        ["q5"],
        "`peak_rps` is the average rate",
        earns={"q5": 1},
    ),
    Submission(
        "q5_utilisation_multiplied",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor)",
                expr="math.ceil(peak_rps * TARGET_UTILISATION / SERVER_CAPACITY_RPS) + SPARE_SERVERS",
            )
        },
        ["q5"],
        "You multiplied the peak by the utilisation target",
        earns={"q5": 1},
    ),
    Submission(
        "q5_rounded_to_nearest_no_spare",
        {
            "q5_answer": SERVERS.format(
                peak="qps(DAILY_ACTIVE_USERS, VIEWS_PER_USER, peak_factor)",
                expr="round(peak_rps / (SERVER_CAPACITY_RPS * TARGET_UTILISATION))",
            )
        },
        ["q5"],
        "You rounded to the nearest whole server and left out the spare",
        earns={"q5": 1},
    ),
    Submission(
        "q6_cdn_commit_rounded_down",
        {
            "q6_answer": plan(
                cdn_commit_gbps="math.floor(bandwidth(DAILY_ACTIVE_USERS, VIEWS_PER_USER, BYTES_PER_VIEW, peak_factor) / 1e9)"
            )
        },
        ["q6"],
        "Your CDN commit is rounded down",
        earns={"q6": 4},
    ),
    Submission(
        # Q1 on 10^5 seconds: Q5 is built on it with the learner's own `qps`, the plan on Q5's own servers, and
        # its reason quotes its own peak: the mistake is charged once, in Q1
        "q6_reason_quotes_its_own_napkin_peak",
        {"q1_answer": QPS.format(body="return daily_active_users * requests_per_user / 100_000 * peak_factor")},
        ["q1"],
        "100,000 seconds a day",
        earns={"q6": 5, "q5": 2},
    ),
]

BROKEN += [
    Submission(
        "q2_right_as_text_breaks_q6",  # the text passes Q2 with a warning; Q6's arithmetic on it fails
        {
            "q2_answer": STORAGE.format(
                body='return f"{daily_active_users * uploads_per_user * bytes_per_upload * days * replicas / 1e15:.3f} PB"'
            ),
            "q6_answer": plan(),
        },
        ["q6"],
        "That cell did arithmetic on text",
    ),
    Submission(
        "q2_none_for_long_windows_breaks_q6",
        {
            "q2_answer": STORAGE.format(
                body="if days < 100:\n        return daily_active_users * uploads_per_user * bytes_per_upload * days * replicas"
            ),
            "q6_answer": plan(),
        },
        ["q6", "q2"],
        "That cell did arithmetic on None",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
