"""Submissions for exercise 03 (see ``submissions.Submission``)."""

from submissions import Submission

DOWNTIME = "def downtime_budget(slo, days):\n    {body}\n"
FAILURES = "def failure_budget(slo, requests_per_day, days):\n    {body}\n"
CHAIN = "def feature_availability(series, replicas, shared):\n    {body}\n"
OUTAGE = (
    'june = load_dataset("checkout_june")\n'
    'outage = june[(june["start"] >= "2026-06-11 14:20") & (june["start"] < "2026-06-11 15:05")]\n'
    'outage_error_rate = outage["errors"].sum() / outage["requests"].sum()\n'
    "outage_burn_rate = {expr}\n"
)
SPENT = "outage_budget_spent = {expr}\n"


def document(name: str, fields: dict) -> str:
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return f"{name} = {{\n{body}}}\n"


def five_nines(**changes) -> str:
    fields = {
        "july_downtime_seconds": "(1 - FIVE_NINES) * JULY_DAYS * 86_400",
        "contract_year_downtime_seconds": "(1 - FIVE_NINES) * CONTRACT_YEAR_DAYS * 86_400",
        "july_failed_requests": "(1 - FIVE_NINES) * JULY_REQUESTS_PER_DAY * JULY_DAYS",
    }
    return document("five_nines", {**fields, **changes})


def alerts(fast: str, slow: str) -> str:
    return document("july_alerts", {"fast_burn_threshold": fast, "slow_burn_threshold": slow})


TODAY = "feature_availability([INVENTORY, PAYMENTS_API], [ZONE, ZONE], SESSION_STORE)"


def recommendation(**changes) -> str:
    fields = {
        "slo_to_commit": "0.999",
        "chain_availability": TODAY,
        "limiting_dependency": '"session store"',
        "investment": '"replicate the session store"',
        "slo_after_investment": "0.9995",
        "message": '"Five nines is out of reach: the chain is down about 35 minutes a month. Commit to 99.9 % '
        'now; replicating the shared session store lets us commit to 99.95 %."',
    }
    return document("recommendation", {**fields, **changes})


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "strings_with_units",
        {
            "q1_answer": DOWNTIME.format(body='return f"{(1 - slo) * days * 86_400:.6f} s"'),
            "q3_answer": five_nines(),
            "q5_answer": SPENT.format(expr="f\"{100 * outage['errors'].sum() / (0.001 * june['requests'].sum())} %\""),
            "q8_answer": recommendation(),
        },
    ),
    Submission(
        "numpy_and_pandas",
        {
            "q2_answer": "import numpy as np\n"
            + FAILURES.format(body="return np.float64(1 - slo) * np.int64(requests_per_day) * days"),
            "q4_answer": (
                "import pandas as pd\n"
                'june = load_dataset("checkout_june")\n'
                'when = pd.to_datetime(june["start"])\n'
                'outage = june[(when >= "2026-06-11 14:20") & (when <= "2026-06-11 15:00")]\n'
                'outage_burn_rate = (outage["errors"] / outage["requests"].sum()).sum() / 0.001\n'
            ),
            "q6_answer": (
                "def threshold(share, alert_hours, window_days=JULY_DAYS):\n"
                "    return share * window_days * 24 / alert_hours\n"
                + alerts("threshold(0.02, 1)", "threshold(0.1, 72)")
            ),
            "q7_answer": "import numpy as np\n"
            + CHAIN.format(body="return float(np.prod(series) * shared * (1 - np.prod([1 - r for r in replicas])))"),
        },
    ),
    Submission(
        "renamed_parameters_capitalised_options",
        {
            "q1_answer": "def downtime_budget(objective, window_days):\n"
            "    return (1 - objective) * window_days * 1440\n",
            "q7_answer": (
                "def feature_availability(chain, copies, common):\n"
                "    up = common\n"
                "    for part in chain:\n"
                "        up *= part\n"
                "    down = 1.0\n"
                "    for copy in copies:\n"
                "        down *= 1 - copy\n"
                "    return up * (1 - down)\n"
            ),
            "q8_answer": recommendation(
                limiting_dependency='"Session Store"', investment='"Replicate the  session store"'
            ),
        },
    ),
    Submission(
        "rounded_like_a_slide",
        {
            "q1_answer": DOWNTIME.format(body='return f"{(1 - slo) * days * 24 * 60:.1f} min"'),
            "q3_answer": document(
                "five_nines",
                {
                    "july_failed_requests": "620",
                    "contract_year_downtime_seconds": "315.6",
                    "july_downtime_seconds": "26.8",
                },
            ),
            "q5_answer": SPENT.format(expr='"16.9 %"'),
            "q6_answer": alerts("14.9", "1.03"),
            "q7_answer": CHAIN.format(
                body="return round(math.prod(series) * shared * (1 - math.prod(1 - r for r in replicas)), 5)"
            ),
            "q8_answer": recommendation(),  # the key's own q8 formats downtime_budget's minutes as a number
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_uptime",
        {"q1_answer": DOWNTIME.format(body="return slo * days * 1440")},
        ["q1"],
        "the time the service must be up",
    ),
    Submission(
        "q1_seconds",
        {"q1_answer": DOWNTIME.format(body="return (1 - slo) * days * 86_400")},
        ["q1"],
        "yours looks like seconds",
    ),
    Submission(
        "q1_hours",
        {"q1_answer": DOWNTIME.format(body="return (1 - slo) * days * 24")},
        ["q1"],
        "yours looks like hours",
    ),
    Submission(
        "q1_year_of_365_days",
        {"q1_answer": DOWNTIME.format(body="return (1 - slo) * (365 if days == 365.25 else days) * 1440")},
        ["q1"],
        "You used a 365-day year",
    ),
    Submission(
        "q1_always_30_days",
        {"q1_answer": DOWNTIME.format(body="return (1 - slo) * 30 * 1440")},
        ["q1"],
        "You used 30 days whatever the window",
    ),
    Submission(
        "q2_successes",
        {"q2_answer": FAILURES.format(body="return slo * requests_per_day * days")},
        ["q2"],
        "how many requests must succeed",
    ),
    Submission(
        "q2_one_day",
        {"q2_answer": FAILURES.format(body="return (1 - slo) * requests_per_day")},
        ["q2"],
        "one day's allowance",
    ),
    Submission(
        "q2_always_30_days",
        {"q2_answer": FAILURES.format(body="return (1 - slo) * requests_per_day * 30  # a month")},
        ["q2"],
        "You used 30 days whatever the window",
    ),
    Submission(
        "q2_whole_days",
        {"q2_answer": FAILURES.format(body="return (1 - slo) * requests_per_day * int(days)  # whole days")},
        ["q2"],
        "You used a 365-day year",
    ),
    Submission(
        "q3_july_of_30_days",
        {"q3_answer": five_nines(july_downtime_seconds="downtime_budget(FIVE_NINES, 30) * 60")},
        ["q3"],
        "July has 31 days",
        earns={"q3": 2},
    ),
    Submission(
        "q3_requests_over_30_days",
        {"q3_answer": five_nines(july_failed_requests="failure_budget(FIVE_NINES, JULY_REQUESTS_PER_DAY, 30)")},
        ["q3"],
        "counts 31 days of requests",
        earns={"q3": 2},
    ),
    Submission(
        "q3_year_of_365_days",
        {"q3_answer": five_nines(contract_year_downtime_seconds="downtime_budget(FIVE_NINES, 365) * 60")},
        ["q3"],
        "defines a year as 365.25 days",
        earns={"q3": 2},
    ),
    Submission(
        "q3_rounded_to_whole_seconds",
        {
            "q3_answer": five_nines(
                july_downtime_seconds="round((1 - FIVE_NINES) * JULY_DAYS * 86_400)",
                contract_year_downtime_seconds="round((1 - FIVE_NINES) * CONTRACT_YEAR_DAYS * 86_400)",
            )
        },
        ["q3"],
        "rounded to the whole second",
        earns={"q3": 1},
    ),
    Submission(
        "q3_minutes",
        {
            "q3_answer": five_nines(
                july_downtime_seconds="downtime_budget(FIVE_NINES, JULY_DAYS)",
                contract_year_downtime_seconds="downtime_budget(FIVE_NINES, CONTRACT_YEAR_DAYS)",
            )
        },
        ["q3"],
        "the fields ask for seconds",
        earns={"q3": 1},
    ),
    Submission(
        "q3_four_nines",
        {"q3_answer": five_nines(july_downtime_seconds="downtime_budget(0.9999, JULY_DAYS) * 60")},
        ["q3"],
        "it is four nines",
    ),
    Submission(
        "q4_divided_by_slo",
        {"q4_answer": OUTAGE.format(expr="outage_error_rate / SLO")},
        ["q4"],
        "dividing it by the SLO, 0.999, barely",
    ),
    Submission(
        "q4_error_rate",
        {"q4_answer": OUTAGE.format(expr="outage_error_rate")},
        ["q4"],
        "the outage's error rate itself",
    ),
    Submission(
        "q4_error_rate_in_percent",
        {"q4_answer": OUTAGE.format(expr="100 * outage_error_rate")},
        ["q4"],
        "That is the error rate in percent",
    ),
    Submission(
        "q4_whole_month",
        {"q4_answer": OUTAGE.format(expr='june["errors"].sum() / june["requests"].sum() / (1 - SLO)')},
        ["q4"],
        "June's burn rate as a whole",
    ),
    Submission(
        "q5_average_traffic",
        {"q5_answer": SPENT.format(expr="outage_burn_rate * 45 / (30 * 24 * 60)")},
        ["q5"],
        "assumes the outage's minutes carried average traffic",
    ),
    Submission(
        "q5_share_of_failures",
        {"q5_answer": SPENT.format(expr='outage["errors"].sum() / june["errors"].sum()')},
        ["q5"],
        "share of June's failed requests",
    ),
    Submission(
        "q5_bare_percent",
        {"q5_answer": SPENT.format(expr='100 * outage["errors"].sum() / ((1 - SLO) * june["requests"].sum())')},
        ["q5"],
        "yours looks like a percentage",
    ),
    Submission(
        "q5_outage_as_downtime",
        {"q5_answer": SPENT.format(expr="45 / downtime_budget(SLO, 30)")},
        ["q5"],
        "You counted the 45 minutes as downtime",
    ),
    Submission("q6_thirty_days", {"q6_answer": alerts("14.4", "1.0")}, ["q6"], "thresholds for a 30-day window"),
    Submission(
        "q6_slow_burn_on_one_hour",
        {"q6_answer": alerts("0.02 * JULY_DAYS * 24 / 1", "0.1 * JULY_DAYS * 24 / 1")},
        ["q6"],
        "uses the fast alert's 1-hour window",
        earns={"q6": 1},
    ),
    Submission(
        "q6_error_rates",
        {"q6_answer": alerts("0.02 * 744 * (1 - SLO)", "0.1 * 744 / 72 * (1 - SLO)")},
        ["q6"],
        "Those are error rates",
    ),
    Submission("q6_upside_down", {"q6_answer": alerts("1 / (0.02 * 744)", "72 / (0.1 * 744)")}, ["q6"], "upside down"),
    Submission(
        "q6_share_in_percent",
        {"q6_answer": alerts("2 * 744 / 1", "10 * 744 / 72")},
        ["q6"],
        "budget share in percent",
    ),
    Submission(
        "q7_independent_replicas",
        {
            "q7_answer": CHAIN.format(
                body="return math.prod(series) * (1 - math.prod(1 - r * shared for r in replicas))"
            )
        },
        ["q7"],
        "You treated the replicas as independent paths",
    ),
    Submission(
        "q7_downtimes_added",
        {
            "q7_answer": CHAIN.format(
                body="return 1 - sum(1 - a for a in series) - (1 - shared) - math.prod(1 - r for r in replicas)"
            )
        },
        ["q7"],
        "You added the unavailabilities",
    ),
    Submission(
        "q7_replicas_in_series",
        {"q7_answer": CHAIN.format(body="return math.prod(series) * shared * math.prod(replicas)")},
        ["q7"],
        "as if all of them had to work",
    ),
    Submission(
        "q7_shared_left_out",
        {"q7_answer": CHAIN.format(body="return math.prod(series) * (1 - math.prod(1 - r for r in replicas))")},
        ["q7", "q8"],
        "You left out the shared dependency",
        earns={"q8": 3},  # its SLO step follows from its own chain; the chain itself is charged
    ),
    Submission(
        "q7_weakest_link",
        {
            "q7_answer": CHAIN.format(
                body="return min([*series, shared, 1 - math.prod(1 - r for r in replicas)])  # the weakest part"
            )
        },
        ["q7"],
        "less available than its weakest link",
    ),
    Submission(
        "q7_percent",
        {
            "q7_answer": CHAIN.format(
                body="return 100 * math.prod(series) * shared * (1 - math.prod(1 - r for r in replicas))"
            )
        },
        ["q7"],
        "Return a fraction (0.999), not a percentage",
    ),
    Submission(
        "q8_five_nines",
        {"q8_answer": recommendation(slo_to_commit="0.99999")},
        ["q8"],
        "Five nines is above what the dependency chain can deliver",
    ),
    Submission(
        "q8_zones_independent",
        {
            "q8_answer": recommendation(
                slo_to_commit="0.9995",
                chain_availability="math.prod([INVENTORY, PAYMENTS_API]) * (1 - (1 - ZONE * SESSION_STORE) ** 2)",
                limiting_dependency='"payments API"',
                investment='"add a second payment provider"',
                slo_after_investment="0.9995",
            )
        },
        ["q8"],
        "gives each zone its own copy",
    ),
    Submission(
        "q8_step_above_the_chain",
        {"q8_answer": recommendation(slo_to_commit="0.9995")},
        ["q8"],
        "That SLO step is above the chain's availability",
    ),
    Submission(
        "q8_zones_as_the_limit",
        {"q8_answer": recommendation(limiting_dependency='"checkout service"')},
        ["q8"],
        "You named the checkout service the limit",
        earns={"q8": 4},
    ),
    Submission(
        "q8_third_party_blamed",
        {"q8_answer": recommendation(limiting_dependency='"payments API"')},
        ["q8"],
        "The payments API is not the largest source of downtime",
    ),
    Submission(
        "q8_third_zone",
        {"q8_answer": recommendation(investment='"add a third checkout zone"', slo_after_investment="0.999")},
        ["q8"],
        "A third zone still shares the session store",
    ),
    Submission(
        "q8_second_provider",
        {"q8_answer": recommendation(investment='"add a second payment provider"', slo_after_investment="0.999")},
        ["q8"],
        "A second payment provider improves a part that is not the limit",
    ),
]

BROKEN = [
    Submission(
        "q1_syntax_error",
        {"q1_answer": "def downtime_budget(slo, days)\n    return 1\n"},
        ["q1"],
        "the cell that defines it raised SyntaxError",
    ),
    Submission(
        "q2_raises",
        {"q2_answer": FAILURES.format(body="return requests_per_day / (days - days)")},
        ["q2"],
        "raised ZeroDivisionError",
    ),
    Submission(
        "q3_text_values",
        {"q3_answer": five_nines(july_downtime_seconds='"about half a minute"')},
        ["q3"],
        "should be a number in s: could not read 'about half a minute'",
        earns={"q3": 2},
    ),
    Submission(
        "q6_missing_field",
        {"q6_answer": 'july_alerts = {"fast_burn_threshold": 14.88}\n'},
        ["q6"],
        "'slow_burn_threshold' is a required property",
    ),
    Submission(
        "q7_returns_a_list",
        {"q7_answer": CHAIN.format(body="return [shared] + list(series)")},
        ["q7"],
        "not an answer of the right kind",
    ),
    Submission(
        "q8_option_not_offered",
        {"q8_answer": recommendation(investment='"buy a bigger database"')},
        ["q8"],
        "is not one of",
    ),
]

CORRECT_IN_OTHER_FORMS += [
    Submission(
        "q3_downtimes_as_minutes_text",
        {
            "q3_answer": five_nines(
                july_downtime_seconds='f"{downtime_budget(FIVE_NINES, JULY_DAYS):.4f} min"',
                contract_year_downtime_seconds='f"{downtime_budget(FIVE_NINES, CONTRACT_YEAR_DAYS):.3f} min"',
            ),
            "q8_answer": recommendation(),
        },
    ),
]

MISCONCEPTIONS += [
    Submission(
        "q1_rounded_to_whole_minutes",
        {"q1_answer": DOWNTIME.format(body="return round((1 - slo) * days * 24 * 60)")},
        ["q1"],
        "You rounded to whole minutes",
    ),
    Submission(
        "q2_rounded_down",
        {"q2_answer": FAILURES.format(body="return math.floor((1 - slo) * requests_per_day * days)")},
        ["q2"],
        "You rounded down (`math.floor` or `int`)",
    ),
    Submission(
        "q3_minutes_rounded_before_seconds",
        {
            "q3_answer": five_nines(
                july_downtime_seconds="round((1 - FIVE_NINES) * JULY_DAYS * 1440) * 60",
                contract_year_downtime_seconds="round((1 - FIVE_NINES) * CONTRACT_YEAR_DAYS * 1440) * 60",
            )
        },
        ["q3"],
        "Your downtimes were rounded to whole minutes before they became seconds",
        earns={"q3": 1},
    ),
    Submission(
        "q3_one_days_requests",
        {"q3_answer": five_nines(july_failed_requests="(1 - FIVE_NINES) * JULY_REQUESTS_PER_DAY")},
        ["q3"],
        "That is one day's failure budget",
        earns={"q3": 2},
    ),
    Submission(
        "q4_the_clock_hour",
        {
            "q4_answer": 'june = load_dataset("checkout_june")\n'
            'hour = june[(june["start"] >= "2026-06-11 14:00") & (june["start"] < "2026-06-11 15:00")]\n'
            'outage = june[(june["start"] >= "2026-06-11 14:20") & (june["start"] < "2026-06-11 15:05")]\n'
            'outage_burn_rate = hour["errors"].sum() / hour["requests"].sum() / (1 - SLO)\n'
        },
        ["q4"],
        "You took the clock hour 14:00 to 15:00",
    ),
    Submission(
        "q4_ten_intervals",
        {
            "q4_answer": 'june = load_dataset("checkout_june")\n'
            'outage = june[(june["start"] >= "2026-06-11 14:20") & (june["start"] <= "2026-06-11 15:05")]\n'
            'outage_burn_rate = outage["errors"].sum() / outage["requests"].sum() / (1 - SLO)\n'
        },
        ["q4"],
        "You kept ten intervals",
    ),
    Submission(
        "q4_budget_share_over_time_share",
        {
            "q4_answer": OUTAGE.format(
                expr='(outage["errors"].sum() / ((1 - SLO) * june["requests"].sum())) / (45 / (30 * 24 * 60))'
            )
        },
        ["q4"],
        "You divided the share of June's budget the outage spent",
    ),
    Submission(
        "q5_budget_from_julys_forecast",
        {"q5_answer": SPENT.format(expr='outage["errors"].sum() / ((1 - SLO) * JULY_REQUESTS_PER_DAY * 30)')},
        ["q5"],
        "You sized June's budget from July's forecast",
    ),
    Submission(
        "q6_budget_shares_as_thresholds",
        {"q6_answer": alerts("0.02", "0.10")},
        ["q6"],
        "Those are the shares of the budget each alert watches",
    ),
    Submission(
        "q6_fast_burn_on_thirty_days",
        {"q6_answer": alerts("0.02 * 30 * 24", "0.10 * 31 * 24 / 72")},
        ["q6"],
        "Your fast-burn threshold uses a 30-day month",
        earns={"q6": 1},
    ),
    Submission(
        "q6_slow_burn_upside_down",
        {"q6_answer": alerts("0.02 * 31 * 24", "3 / (0.10 * 31)")},
        ["q6"],
        "Your slow-burn threshold is upside down",
        earns={"q6": 1},
    ),
]

BROKEN += [
    Submission(
        "q1_right_as_text_breaks_q3",  # passes Q1 with a warning; Q3 multiplies the text by 60
        {
            "q1_answer": DOWNTIME.format(body='return f"{(1 - slo) * days * 1440:.2f} min"'),
            "q3_answer": five_nines(
                july_downtime_seconds="downtime_budget(FIVE_NINES, JULY_DAYS) * 60",
                contract_year_downtime_seconds="downtime_budget(FIVE_NINES, CONTRACT_YEAR_DAYS) * 60",
            ),
        },
        ["q3"],
        "text times a number repeats it",
        earns={"q3": 1},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
