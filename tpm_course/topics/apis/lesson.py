"""Self-checks of lesson 04, APIs and data stores (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, QueryQuestion
from tpm_course.topics.apis.datastores import STORES

NOTEBOOK = "lesson04_apis"

STATUS_OPTIONS = ["200 OK", "204 No Content", "400 Bad Request", "404 Not Found", "500 Internal Server Error"]

s1 = ChoiceQuestion(
    "s1",
    NOTEBOOK,
    "missing_order_status",
    options=STATUS_OPTIONS,
    expected="404 Not Found",
    misconceptions=[
        Misconception(
            "200 for errors",
            "A 200 with an error message in the body looks like success to the partner's client, to caches "
            "and to monitoring. A status code is for machines: give the failure a 4xx code.",
            lambda expected, **_: "200 OK",
        ),
        Misconception(
            "400 for a missing resource",
            "400 says the request itself is malformed. This request is well formed: it names an order "
            "that does not exist.",
            lambda expected, **_: "400 Bad Request",
        ),
        Misconception(
            "204 for nothing found",
            "204 is a success that has nothing to send back, as after a delete. Asking for an order that "
            "does not exist is not a success.",
            lambda expected, **_: "204 No Content",
        ),
        Misconception(
            "500 for a client's mistake",
            "5xx codes say the server failed, and they page the on-call engineer. The server did its job: "
            "the order does not exist.",
            lambda expected, **_: "500 Internal Server Error",
        ),
    ],
    hints=[
        "Is the request malformed, or does it ask for something that is not there?",
        "Look for the row of the status table that mentions an order id that does not exist.",
    ],
    solution="missing_order_status = '404 Not Found'  # RFC 9110 §15.5.5",
)

s2 = ChoiceQuestion(
    "s2",
    NOTEBOOK,
    "gift_message_method",
    options=["GET", "POST", "PUT", "PATCH", "DELETE"],
    expected="PUT",
    misconceptions=[
        Misconception(
            "POST for an idempotent update",
            "POST is not idempotent (RFC 9110 §9.3.3): without an Idempotency-Key the server cannot tell "
            "a retry from a second request. Replacing a value is what PUT promises to do idempotently.",
            lambda expected, **_: "POST",
        ),
        Misconception(
            "PATCH is not idempotent by definition",
            "PATCH applies a set of changes and RFC 5789 §2 does not define it as idempotent (think of "
            "'append a line'). PUT replaces the whole value, so sending it twice changes nothing more.",
            lambda expected, **_: "PATCH",
        ),
        Misconception(
            "GET to change",
            "GET is safe: it must not change anything on the server (RFC 9110 §9.2.1).",
            lambda expected, **_: "GET",
        ),
    ],
    hints=[
        "Which methods does the methods table mark as idempotent?",
        "Of those, which one sends a new value to store at a URL?",
    ],
    solution="gift_message_method = 'PUT'  # replaces the message; sending it twice leaves the same message",
)

WAU_SQL = """
SELECT date(event_time, 'weekday 0', '-6 days') AS week_start,
       COUNT(DISTINCT user_id) AS wau
FROM events
GROUP BY week_start
"""
_DAILY = "SELECT date(event_time) AS day, COUNT(DISTINCT user_id) AS dau FROM events GROUP BY day"

s3 = QueryQuestion(
    "s3",
    NOTEBOOK,
    "wau_sql",
    columns=["week_start", "wau"],
    key=["week_start"],
    expected=WAU_SQL,
    context={
        "sum_of_daily": f"SELECT date(day, 'weekday 0', '-6 days') AS week_start, SUM(dau) AS wau "
        f"FROM ({_DAILY}) GROUP BY week_start",
        "events": "SELECT date(event_time, 'weekday 0', '-6 days') AS week_start, COUNT(*) AS wau "
        "FROM events GROUP BY week_start",
        "labelled_by_sunday": "SELECT date(event_time, 'weekday 0') AS week_start, COUNT(DISTINCT user_id) AS wau "
        "FROM events GROUP BY week_start",
    },
    misconceptions=[
        Misconception(
            "sum of daily actives",
            "You added up the week's daily active users, so a user active on five days counts five times. "
            "Count distinct users over the whole week.",
            lambda expected, sum_of_daily, **_: sum_of_daily,
        ),
        Misconception(
            "events, not users",
            "You counted events, not users: use COUNT(DISTINCT user_id).",
            lambda expected, events, **_: events,
        ),
        Misconception(
            "week labelled by its end",
            "Your counts look right, but each week is labelled by its Sunday. Label it by its Monday.",
            lambda expected, labelled_by_sunday, **_: labelled_by_sunday,
        ),
    ],
    hints=[
        "`date(event_time, 'weekday 0', '-6 days')` is the Monday of the event's week: group by it.",
        "In each week, count each user once.",
    ],
    solution='wau_sql = """' + WAU_SQL + '"""',
)

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "rate_limit_store",
    options=list(STORES),
    expected="key-value store",
    misconceptions=[
        Misconception(
            "counters in the orders database",
            "It would work at first, but every partner request would then write a row to the database "
            "that holds the orders, and expired counters would need deleting. A key-value store "
            "increments a counter by its key in memory and expires it by itself.",
            lambda expected, **_: "relational database",
        ),
        Misconception(
            "a warehouse on the request path",
            "A warehouse answers scans over history, minutes behind. A rate limit needs this minute's "
            "count within a millisecond, on every request.",
            lambda expected, **_: "columnar warehouse",
        ),
        Misconception(
            "documents for a number",
            "There is nothing nested here: each key holds one number. The needs are single-key reads "
            "and expiry, which a key-value store is built for.",
            lambda expected, **_: "document database",
        ),
    ],
    hints=[
        "List the access pattern: by which field is a counter read and written, and how often?",
        "Which store's strengths in the table mention reads by one key and expiry?",
    ],
    solution="rate_limit_store = 'key-value store'  # one counter per key, read and incremented in memory, expiring",
)
