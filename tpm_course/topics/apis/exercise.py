"""Checks for exercise 04, APIs and data stores (answer keys live in the hidden tests).

The SQL questions' misconceptions read the results of the queries a hidden test passes by name
(``events_not_users="SELECT ..."``), run on the same database as the learner's query.
"""

from tpm_course.core import Misconception, Parts, QueryQuestion
from tpm_course.topics.apis.datastores import StorePlanQuestion

from ..apis import ContractQuestion
from .question import RowScoredQuery

NOTEBOOK = "04_apis"


def _floored(column):
    """The result SQLite gives when it divides two integers: the share rounded down to a whole number."""
    return lambda expected, **_: expected.assign(**{column: expected[column] // 1})


def _percent(column):
    return lambda expected, **_: expected.assign(**{column: expected[column] * 100})


def _inverted(column, key):
    """The ratio the other way up: the denominator divided by the numerator."""
    return lambda expected, **_: expected[[key]].assign(**{column: 1 / expected[column]})


def _integer_division(column):
    return Misconception(
        "integer division",
        f"Every `{column}` is a whole number: SQLite divides an integer by an integer as integers, "
        "so 0.7 becomes 0. Multiply by 1.0 first (`1.0 * a / b`) or CAST one side AS REAL.",
        _floored(column),
    )


def _join_drops_users(result: str, table: str, condition: str) -> str:
    """What a join that drops users did: an inner JOIN, or a WHERE on the joined table after a LEFT JOIN.

    Both give the same rows, so one message names both (the lesson's trap: a condition on the right-hand
    table in WHERE throws away the rows the LEFT JOIN kept).
    """
    return (
        f"{result}: an inner JOIN with `{table}` keeps only users with a matching row, and so does a LEFT JOIN "
        f"followed by a WHERE on a column of `{table}`, which throws away the rows the join kept. Start FROM users, "
        f"LEFT JOIN `{table}` and put {condition} in its ON clause, not in WHERE."
    )


EVENTS_NOT_USERS = (
    "You counted events (rows of `events`). One user who views five items is five events but one user: "
    "count each user once with COUNT(DISTINCT user_id)."
)

q1 = ContractQuestion(
    "q1",
    NOTEBOOK,
    "orders_api",
    parts=Parts(4, noun="part"),
    hints=[
        "Start from the lesson's contract: it already lists and reads orders. Add the two writes, "
        "then go through the brief's list of requirements one by one.",
        "Creating: POST on the collection, 201 on success, a required `Idempotency-Key` header. "
        "Changing the address: PUT replaces it and is idempotent; say what 404, 409 and 422 mean there.",
    ],
)

q2 = QueryQuestion(
    "q2",
    NOTEBOOK,
    "dau_sql",
    columns=["day", "dau"],
    key=["day"],
    misconceptions=[
        Misconception("events, not users", EVENTS_NOT_USERS, lambda expected, events_not_users, **_: events_not_users),
        Misconception(
            "sessions, not users",
            "You counted sessions. A user who opens the app three times in a day is one daily "
            "active user: count distinct users, not distinct sessions.",
            lambda expected, sessions_not_users, **_: sessions_not_users,
        ),
        Misconception(
            "a timestamp, not a date",
            "Your `day` carries a time of day ('… 00:00:00'). A day is the calendar date alone, 'YYYY-MM-DD': "
            "`date(event_time)` gives it.",
            lambda expected, **_: expected.assign(day=expected["day"].astype(str) + " 00:00:00"),
        ),
        Misconception(
            "buyers, not active users",
            "You counted users who purchased. Active means any event at all: a user who only "
            "browsed was active that day too.",
            lambda expected, buyers_not_users, **_: buyers_not_users,
        ),
    ],
    hints=[
        "Group the `events` table by the calendar date of `event_time`: `date(event_time)` in SQLite.",
        "In each group, count each user once, however many events they have that day.",
    ],
)

q3 = QueryQuestion(
    "q3",
    NOTEBOOK,
    "cart_conversion_sql",
    columns=["platform", "cart_users", "buyers", "conversion"],
    key=["platform"],
    misconceptions=[
        Misconception(
            "conversion over all users",
            "Your `conversion` divides by all of the platform's users. A funnel step's conversion is "
            "measured on the users who reached the step before it: here, those who added to the cart.",
            lambda expected, all_users_denominator, **_: all_users_denominator,
        ),
        Misconception(
            "conversion over all active users",
            "Your `conversion` divides by every active user of the platform. A funnel step's conversion "
            "is measured on the users who reached the step before it: here, those who added to the cart.",
            lambda expected, active_users_denominator, **_: active_users_denominator,
        ),
        Misconception(
            "buy-now buyers counted",
            "Your `buyers` includes users who bought with 'buy now' and never added to the cart. This "
            "step's buyers are cart users who went on to purchase.",
            lambda expected, buyers_without_cart, **_: buyers_without_cart,
        ),
        Misconception("events, not users", EVENTS_NOT_USERS, lambda expected, events_not_users, **_: events_not_users),
        _integer_division("conversion"),
        Misconception(
            "the ratio upside down",
            "Your `conversion` is cart users divided by buyers, above 1. Conversion is the share of the step "
            "before that took this step: buyers / cart_users.",
            _inverted("conversion", "platform"),
        ),
        Misconception(
            "a percentage",
            "Your `conversion` looks like a percentage: give it as a share between 0 and 1.",
            _percent("conversion"),
        ),
    ],
    hints=[
        "Find the users with at least one `add_to_cart` event, and separately those with a `purchase` event. "
        "Each is a `SELECT DISTINCT user_id ...`; a WITH clause can name them.",
        "Start from the cart users, JOIN `users` for the platform and LEFT JOIN the buyers: COUNT(b.user_id) counts "
        "only the cart users who bought. Divide with 1.0 * so SQLite does not round to a whole number.",
    ],
)

q4 = RowScoredQuery(
    "q4",
    NOTEBOOK,
    "d7_retention_sql",
    columns=["signup_date", "cohort_users", "retained_d7"],
    key=["signup_date"],
    parts=Parts(3, noun="row"),
    row_cost=0.5,
    extra_cost=1.0,
    rows_only=("every cohort", "the last day left out"),
    misconceptions=[
        Misconception(
            "every cohort",
            "Your result has a row for every signup day in the data. Priya asked for the first week's cohorts: "
            "keep the signups from 2026-03-02 to 2026-03-08 with a WHERE on `signup_date`.",
            lambda expected, all_cohorts, **_: all_cohorts,
        ),
        Misconception(
            "the last day left out",
            "Your result stops a day early: the cohort of 2026-03-08 is missing. `signup_date < '2026-03-08'` "
            "leaves out the last day; BETWEEN '2026-03-02' AND '2026-03-08' keeps both ends.",
            lambda expected, **_: expected[expected["signup_date"] != expected["signup_date"].max()],
        ),
        Misconception(
            "within 7 days",
            "You counted users active on any day of the first week after signup. D7 retention counts users "
            "active on the seventh day itself: date(event_time) = date(signup_date, '+7 days').",
            lambda expected, active_within_7_days, **_: active_within_7_days,
        ),
        Misconception(
            "day 6",
            "Your `retained_d7` counts users active six days after signup. A user who signed up on 2 March is "
            "retained if active on 9 March: date(signup_date, '+7 days'), not '+6 days'.",
            lambda expected, active_on_day_6, **_: active_on_day_6,
        ),
        Misconception(
            "inner join drops the inactive",
            _join_drops_users("Your `cohort_users` leaves out users with no events", "events", "the day-7 condition"),
            lambda expected, cohort_of_active_users, **_: cohort_of_active_users,
        ),
        Misconception(
            "inner join on day 7",
            _join_drops_users(
                "Your `cohort_users` counts only the users active on day 7, not the whole cohort",
                "events",
                "the day-7 condition",
            ),
            lambda expected, cohort_of_retained_users, **_: cohort_of_retained_users,
        ),
        Misconception("events, not users", EVENTS_NOT_USERS, lambda expected, events_not_users, **_: events_not_users),
        Misconception(
            "on or after day 7",
            "You counted users active on day 7 or any later day. D7 retention counts users active on "
            "the seventh day after signup itself: the date `signup_date` + 7 days.",
            lambda expected, active_on_or_after_day_7, **_: active_on_or_after_day_7,
        ),
        Misconception(
            "timestamps compared as days",
            "No one is retained in your result. A timestamp carries the time of day, so "
            "julianday(event_time) - julianday(signup_date) is never exactly 7: compare calendar dates, "
            "date(event_time) = date(signup_date, '+7 days').",
            lambda expected, **_: expected.assign(retained_d7=0),
        ),
    ],
    hints=[
        "Start FROM users, keep the signups of 2 to 8 March, and GROUP BY signup_date.",
        "LEFT JOIN events ON the same user AND date(event_time) = date(signup_date, '+7 days'); then count "
        "distinct users on each side of the join.",
    ],
)

INNER_JOIN_DROPS_USERS = _join_drops_users(
    "Your `users` counts only users who have orders, so orders per user comes out too high",
    "orders",
    "the status condition",
)

q5 = QueryQuestion(
    "q5",
    NOTEBOOK,
    "orders_per_user_sql",
    columns=["country", "users", "paid_orders", "orders_per_user"],
    key=["country"],
    misconceptions=[
        Misconception(
            "inner join", INNER_JOIN_DROPS_USERS, lambda expected, users_with_paid_orders, **_: users_with_paid_orders
        ),
        Misconception(
            "inner join, any status",
            INNER_JOIN_DROPS_USERS,
            lambda expected, users_with_any_order, **_: users_with_any_order,
        ),
        Misconception(
            "COUNT(*) after a LEFT JOIN",
            "Your `paid_orders` counts one for every user without a paid order: a LEFT JOIN keeps such a "
            "user as one row of NULLs, and COUNT(*) counts that row. Count a column of `orders` instead.",
            lambda expected, count_star, **_: count_star,
        ),
        Misconception(
            "users counted once per order",
            "Your `users` counts a user once for every paid order: after the LEFT JOIN a user has one row per "
            "order, and COUNT(u.user_id) counts rows. Count each user once: COUNT(DISTINCT u.user_id).",
            lambda expected, users_fanned_out, **_: users_fanned_out,
        ),
        Misconception(
            "every status counted",
            "Your `paid_orders` counts refunded and cancelled orders too: keep only status 'paid'.",
            lambda expected, all_statuses, **_: all_statuses,
        ),
        _integer_division("orders_per_user"),
        Misconception(
            "the ratio upside down",
            "Your `orders_per_user` is users divided by paid orders: users per order. Orders per user is "
            "paid_orders / users.",
            _inverted("orders_per_user", "country"),
        ),
    ],
    hints=[
        "Start FROM users and LEFT JOIN orders, so that a user with no orders still counts in `users`.",
        "Put `status = 'paid'` in the ON clause of the LEFT JOIN, count `o.order_id`, and divide with 1.0 *.",
    ],
)

q6 = StorePlanQuestion(
    "q6",
    NOTEBOOK,
    "store_plan",
    parts=Parts(3, noun="workload"),
    workloads=["orders", "dashboard", "search"],
    misconceptions=[
        Misconception(
            "warehouse for the write path",
            "A columnar warehouse is built to scan history, and is loaded in batches or streams minutes "
            "behind. It is not a transactional write path: an order, its items and the stock change must "
            "commit together, and the partner must read the order back at once.",
            lambda expected, **_: {"orders_store": "columnar warehouse"},
        ),
        Misconception(
            "key-value for orders",
            "A key-value store reads and writes one item by its key. Orders also need changes to several "
            "tables in one transaction and lookups by customer, status and date: that is what a "
            "relational database does.",
            lambda expected, **_: {"orders_store": "key-value store"},
        ),
        Misconception(
            "document store for orders",
            "A document database suits nested records whose fields change. Orders have a fixed schema, "
            "change stock and order rows in one transaction and are searched by several fields.",
            lambda expected, **_: {"orders_store": "document database"},
        ),
        Misconception(
            "dashboard on the orders database",
            "The dashboard scans billions of events. Run on the orders database, those scans compete with "
            "the partner's writes, and row storage reads every column of every row a query touches.",
            lambda expected, **_: {"dashboard_store": "relational database"},
        ),
        Misconception(
            "document store for search",
            "A document database finds records by the values of their fields. It does not rank free text by "
            "relevance, forgive a typo or count facets: search needs an index built for text.",
            lambda expected, **_: {"search_store": "document database"},
        ),
        Misconception(
            "search with LIKE",
            "A relational database can only filter with LIKE '%…%': it scans every row, cannot rank by "
            "relevance and does not forgive typos. Search needs an index built for text.",
            lambda expected, **_: {"search_store": "relational database"},
        ),
    ],
    hints=[
        "For each workload, underline the needs in its description, then find them in `REASONS`.",
        "Ask which store is built for those needs (the lesson's table of stores), not which one could be made to work.",
    ],
)
