"""Self-checks of lesson 03, reliability: SLOs and error budgets (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion

NOTEBOOK = "lesson03_reliability"

MINUTES_PER_DAY = 1_440

# s1: the support team's quarterly report, July to September.
QUARTER_DAYS = 92
QUARTER_SLO = 0.9995
# s2: the payouts API's request-based SLO.
PAYOUT_REQUESTS_PER_DAY = 400_000
PAYOUT_SLO = 0.9995
PAYOUT_WINDOW_DAYS = 30
# s3: a bad deploy of the payouts API.
DEPLOY_ERROR_RATE = 0.006

s1 = ValueQuestion(
    "s1",
    NOTEBOOK,
    "quarter_downtime_minutes",
    unit="minute",
    expected=(1 - QUARTER_SLO) * QUARTER_DAYS * MINUTES_PER_DAY,
    misconceptions=[
        Misconception(
            "a 90-day quarter",
            "You used a 90-day quarter. July, August and September have 31 + 31 + 30 = 92 days.",
            lambda expected, **_: expected * 90 / QUARTER_DAYS,
        ),
        Misconception(
            "uptime, not downtime",
            "That is the time the service must be up. The budget is the time it may be down: (1 − SLO) × the window.",
            lambda expected, **_: QUARTER_SLO * QUARTER_DAYS * MINUTES_PER_DAY,
        ),
        Misconception(
            "seconds",
            "A bare number is read as minutes, and yours looks like seconds. Give minutes, or a "
            "string with its unit such as `'90 min'`.",
            lambda expected, **_: expected * 60,
        ),
        Misconception(
            "one month",
            "That is one 30-day month. The report covers the whole quarter.",
            lambda expected, **_: expected * 30 / QUARTER_DAYS,
        ),
    ],
    hints=[
        "Count the quarter's days first: July, August, September.",
        "Downtime allowed = (1 − 0.9995) × 92 days × 1,440 minutes a day.",
    ],
    solution=(
        "quarter_days = 31 + 31 + 30                              # July, August, September\n"
        "quarter_downtime_minutes = (1 - 0.9995) * quarter_days * 1_440  # ≈ 66 minutes"
    ),
)

s2 = ValueQuestion(
    "s2",
    NOTEBOOK,
    "payout_failure_budget",
    expected=(1 - PAYOUT_SLO) * PAYOUT_REQUESTS_PER_DAY * PAYOUT_WINDOW_DAYS,
    misconceptions=[
        Misconception(
            "one day",
            "That is one day's allowance. The SLO's window is 30 days of requests.",
            lambda expected, **_: expected / PAYOUT_WINDOW_DAYS,
        ),
        Misconception(
            "successes, not failures",
            "That is how many requests must succeed. The budget is how many may fail.",
            lambda expected, **_: PAYOUT_SLO * PAYOUT_REQUESTS_PER_DAY * PAYOUT_WINDOW_DAYS,
        ),
        Misconception(
            "four nines",
            "You used 99.99 %. The payouts SLO is 99.95 %: 1 − 0.9995 = 0.0005.",
            lambda expected, **_: expected / 5,
        ),
    ],
    hints=[
        "Requests in the window = 400,000 a day × 30 days.",
        "Failures allowed = (1 − 0.9995) × the window's requests.",
    ],
    solution=(
        "requests_in_window = 400_000 * 30                          # 12 million requests\n"
        "payout_failure_budget = (1 - 0.9995) * requests_in_window  # 6,000 failed requests"
    ),
)

s3 = ValueQuestion(
    "s3",
    NOTEBOOK,
    "deploy_burn_rate",
    expected=DEPLOY_ERROR_RATE / (1 - PAYOUT_SLO),
    misconceptions=[
        Misconception(
            "error rate, or divided by the SLO",
            "That is about the error rate itself (dividing it by the SLO, 0.9995, barely changes it). "
            "The burn rate compares it with the error rate the SLO allows: divide by 1 − SLO.",
            lambda expected, **_: DEPLOY_ERROR_RATE,
        ),
        Misconception(
            "the wrong SLO",
            "You compared with a 99.9 % SLO. The payouts SLO is 99.95 %.",
            lambda expected, **_: DEPLOY_ERROR_RATE / (1 - 0.999),
        ),
    ],
    hints=[
        "What error rate does a 99.95 % SLO allow?",
        "Burn rate = 0.006 / (1 − 0.9995).",
    ],
    solution=("deploy_burn_rate = 0.006 / (1 - 0.9995)  # 12: a 30-day budget would last 2.5 days"),
)

CHAIN_PARTS = ["payouts service", "ledger database", "fraud scoring", "bank partners", "payment scheme"]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "limit_after_second_bank",
    options=CHAIN_PARTS,
    expected="payouts service",
    misconceptions=[
        Misconception(
            "the shared scheme",
            "The scheme is the dependency both banks share, and it caps what the second bank buys, "
            "but it is more available than another part of the chain. Compare expected downtimes.",
            lambda expected, **_: "payment scheme",
        ),
        Misconception(
            "the banks again",
            "Two bank partners back each other up: the pair alone is down only when both are, "
            "under two seconds a month. It is no longer the limit.",
            lambda expected, **_: "bank partners",
        ),
        Misconception(
            "the database",
            "The ledger database is the most available part of the chain. The limit is the part "
            "with the most expected downtime.",
            lambda expected, **_: "ledger database",
        ),
    ],
    hints=[
        "For each part, expected downtime per 30 days = (1 − availability) × 43,200 minutes.",
        "The banks behind the scheme: the scheme costs 1 − 0.9998, the two banks' own failures (1 − 0.9992)².",
    ],
    solution=(
        "# Downtime per 30 days: payouts 21.6 min, fraud scoring 13.0, scheme 8.6, ledger 4.3,\n"
        "# both banks at once 0.03. The payouts service, our own, is now the limit.\n"
        "limit_after_second_bank = 'payouts service'"
    ),
)
