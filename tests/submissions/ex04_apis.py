"""Submissions for exercise 04 (see ``submissions.Submission``).

What the checks accept as correct: a contract as a dict or a YAML string, status codes as
numbers or strings, methods in any case, the version in the path (``/v1``, ``/api/v2``) or in a
header on every operation, PUT or a PATCH/POST that requires an Idempotency-Key for the address
change, any cursor-or-page parameter with a capped size; SQL whose result has the asked columns
(any case, any order, extra columns ignored) and the reference rows (any order), however it is
written; store names and reasons in any case, any two or more of the deciding reasons.
"""

from submissions import Submission

# -- Q1: the contract --------------------------------------------------------------------

CONTRACT = """
orders_api = {
    "openapi": "3.1.0",
    "info": {"title": "Lumen Home orders API for partners", "version": "1.0.0"},
    "paths": ...,
}
API_KEY = {"401": {"description": "The API key is missing or invalid"}}
ORDER_ID = {"name": "order_id", "in": "path", "required": True, "schema": {"type": "string"}}
orders_api["paths"] = {
    "/v1/orders": {
        "get": {
            "parameters": [
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
            ],
            "responses": {"200": {"description": "A page of orders"}, **API_KEY},
        },
        "post": {
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": True}],
            "responses": {"201": {"description": "Created"}, "422": {"description": "Invalid order"}, **API_KEY},
        },
    },
    "/v1/orders/{order_id}": {
        "parameters": [ORDER_ID],
        "get": {"responses": {"200": {"description": "The order"}, "404": {"description": "No such order"}, **API_KEY}},
    },
    "/v1/orders/{order_id}/delivery-address": {
        "parameters": [ORDER_ID],
        "put": {"responses": {"200": {"description": "Changed"}, "404": {"description": "No such order"},
                              "409": {"description": "Already shipped"}, "422": {"description": "Invalid address"},
                              **API_KEY}},
    },
}
"""


def contract(*changes: tuple[str, str]) -> str:
    """The correct contract with each (old, new) text replaced; every old text must be there."""
    source = CONTRACT
    for old, new in changes:
        assert old in source, old
        source = source.replace(old, new)
    return source


YAML_CONTRACT = '''orders_api = """
openapi: 3.1.0
info: {title: Orders API, version: 2.0}
paths:
  /api/v2/orders:
    GET:
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer, maximum: 50}}
      responses:
        200: {description: One page of orders}
        401: {description: Bad API key}
    POST:
      parameters:
        - {name: X-Idempotency-Key, in: header, required: true}
      responses:
        201: {description: Created}
        400: {description: Malformed order}
        401: {description: Bad API key}
  /api/v2/orders/{id}:
    parameters:
      - {name: id, in: path, required: true}
    GET:
      responses:
        200: {description: The order}
        401: {description: Bad API key}
        404: {description: No such order}
    PATCH:
      parameters:
        - {name: Idempotency-Key, in: header, required: true}
      responses:
        204: {description: Address changed}
        400: {description: Malformed address}
        401: {description: Bad API key}
        404: {description: No such order}
        409: {description: The order has shipped}
"""
'''

HEADER_VERSION = {"name": "Api-Version", "in": "header", "required": True}
HEADER_VERSIONED_CONTRACT = contract(
    ('"/v1/orders": {', '"/orders": {\n        "parameters": [VERSION],'),
    (
        '"/v1/orders/{order_id}": {\n        "parameters": [ORDER_ID],',
        '"/orders/{order_id}": {\n        "parameters": [ORDER_ID, VERSION],',
    ),
    (
        '"/v1/orders/{order_id}/delivery-address": {\n        "parameters": [ORDER_ID],\n        "put": {',
        '"/orders/{order_id}/delivery-address": {\n        "parameters": [ORDER_ID, VERSION],\n'
        '        "post": {"parameters": [{"name": "idempotency-key", "in": "header", "required": True}],',
    ),
    ("API_KEY = {", f"VERSION = {HEADER_VERSION!r}\nAPI_KEY = {{"),
)

SHARED_PARTS_CONTRACT = contract(
    (
        '"info": {"title": "Lumen Home orders API for partners", "version": "1.0.0"},',
        '"info": {"title": "Lumen Home orders API for partners", "version": "1.0.0"},\n'
        '    "servers": [{"url": "https://api.lumen.example/v1"}],\n'
        '    "components": {"responses": {"Unauthorized": {"description": "Bad API key"}},\n'
        '                   "parameters": {"OrderId": {"name": "order_id", "in": "path", "required": True}}},',
    ),
    (
        'API_KEY = {"401": {"description": "The API key is missing or invalid"}}',
        'API_KEY = {"401": {"$ref": "#/components/responses/Unauthorized"}}',
    ),
    (
        'ORDER_ID = {"name": "order_id", "in": "path", "required": True, "schema": {"type": "string"}}',
        'ORDER_ID = {"$ref": "#/components/parameters/OrderId"}',
    ),
    (
        '"/v1/orders/{order_id}/delivery-address": {\n        "parameters": [ORDER_ID],\n        "put": {"responses": {"200": {"description": "Changed"},',
        '"/v1/orders/{order_id}/address-changes": {\n        "parameters": [ORDER_ID],\n'
        '        "post": {"parameters": [{"name": "Idempotency-Key", "in": "header", "required": True}],\n'
        '                 "responses": {"201": {"description": "The change is recorded"},',
    ),
).replace('"/v1/', '"/')

# -- Q2 to Q5: SQL -----------------------------------------------------------------------


def sql(name: str, query: str) -> str:
    return f'{name} = """\n{query.strip()}\n"""\nrun_query({name}, shop)\n'


def dau(query):
    return {"q2_answer": sql("dau_sql", query)}


def cart(query):
    return {"q3_answer": sql("cart_conversion_sql", query)}


def d7(query):
    return {"q4_answer": sql("d7_retention_sql", query)}


def opu(query):
    return {"q5_answer": sql("orders_per_user_sql", query)}


CARTS = "(SELECT DISTINCT user_id FROM events WHERE event_name = 'add_to_cart')"
BUYERS = "(SELECT DISTINCT user_id FROM events WHERE event_name = 'purchase')"
WEEK_1 = "u.signup_date BETWEEN '2026-03-02' AND '2026-03-08'"
DAY_7 = "date(e.event_time) = date(u.signup_date, '+7 days')"


def plan(**changes) -> str:
    fields = {
        "orders_store": '"relational database"',
        "orders_reasons": '["atomic writes across several tables", "read-your-writes consistency"]',
        "dashboard_store": '"columnar warehouse"',
        "dashboard_reasons": '["scans and aggregates over billions of rows", "ad hoc SQL for analysts"]',
        "search_store": '"search index"',
        "search_reasons": '["relevance-ranked full-text search", "typo tolerance and facet counts"]',
    }
    fields.update(changes)
    return {"q6_answer": "store_plan = {\n" + "".join(f'    "{k}": {v},\n' for k, v in fields.items()) + "}\n"}


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "yaml_contract_and_other_sql",
        {
            "q1_answer": YAML_CONTRACT,
            **dau(
                "SELECT COUNT(DISTINCT user_id) AS DAU, substr(event_time, 1, 10) AS Day, COUNT(*) AS events "
                "FROM events GROUP BY substr(event_time, 1, 10) ORDER BY Day DESC"
            ),
            **cart(f"""
SELECT AVG(EXISTS (SELECT 1 FROM events p WHERE p.user_id = u.user_id AND p.event_name = 'purchase')) AS conversion,
       u.platform AS Platform,
       COUNT(*) AS cart_users,
       SUM(EXISTS (SELECT 1 FROM events p WHERE p.user_id = u.user_id AND p.event_name = 'purchase')) AS buyers
FROM users u
WHERE u.user_id IN {CARTS}
GROUP BY u.platform
ORDER BY buyers"""),
            **d7("""
SELECT signup_date,
       COUNT(*) AS cohort_users,
       SUM(EXISTS (SELECT 1 FROM events e
                   WHERE e.user_id = u.user_id
                     AND julianday(date(e.event_time)) - julianday(u.signup_date) = 7)) AS retained_d7
FROM users u
WHERE signup_date >= '2026-03-02' AND signup_date < '2026-03-09'
GROUP BY signup_date"""),
            **opu("""
WITH per_user AS (
    SELECT u.user_id, u.country, SUM(CASE WHEN o.status = 'paid' THEN 1 ELSE 0 END) AS paid
    FROM users u LEFT JOIN orders o ON o.user_id = u.user_id
    GROUP BY u.user_id, u.country
)
SELECT country, COUNT(*) AS users, SUM(paid) AS paid_orders, CAST(SUM(paid) AS REAL) / COUNT(*) AS orders_per_user,
       SUM(paid > 0) AS buyers
FROM per_user GROUP BY country"""),
            **plan(
                orders_store='"Relational Database"',
                orders_reasons='["Lookups by several fields", "atomic writes across several tables", '
                '"read-your-writes consistency"]',
                dashboard_reasons='["Analytics kept off the transactional database", '
                '"scans and aggregates over billions of rows"]',
                search_store='"SEARCH INDEX"',
            ),
        },
    ),
    Submission("header_version_post_with_key", {"q1_answer": HEADER_VERSIONED_CONTRACT}),
    Submission("server_version_shared_parts_post_creating_a_change", {"q1_answer": SHARED_PARTS_CONTRACT}),
]

MISCONCEPTIONS = [
    Submission(
        "q1_create_without_key",
        {"q1_answer": contract(('"parameters": [{"name": "Idempotency-Key", "in": "header", "required": True}],', ""))},
        ["q1"],
        "would create a second order",
    ),
    Submission(
        "q1_200_for_created",
        {"q1_answer": contract(('"201": {"description": "Created"}', '"200": {"description": "Created"}'))},
        ["q1"],
        "201 Created is the answer for a created resource, not 200",
        earns={"q1": 3.33},  # 5 of 6 parts: the create need alone is wrong
    ),
    Submission(
        "q1_post_update_without_key",
        {
            "q1_answer": contract(
                ('"parameters": [ORDER_ID],\n        "put": {', '"parameters": [ORDER_ID],\n        "post": {')
            )
        },
        ["q1"],
        "would apply the change twice",
    ),
    Submission(
        "q1_200_for_errors",
        {
            "q1_answer": contract(
                (
                    '"get": {"responses": {"200": {"description": "The order"}, "404": {"description": "No such order"},',
                    '"get": {"responses": {"200": {"description": "The order, or an error message if it is not found"},',
                )
            )
        },
        ["q1"],
        "describes a failure",
    ),
    Submission(
        "q1_no_pagination",
        {
            "q1_answer": contract(
                ('{"name": "cursor", "in": "query", "schema": {"type": "string"}},', ""),
                ('{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},', ""),
            )
        },
        ["q1"],
        "has no pagination parameter",
    ),
    Submission(
        "q1_optional_key",
        {
            "q1_answer": contract(
                (
                    '{"name": "Idempotency-Key", "in": "header", "required": True}',
                    '{"name": "Idempotency-Key", "in": "header"}',
                )
            )
        },
        ["q1"],
        "header is optional",
    ),
    Submission("q1_unversioned", {"q1_answer": CONTRACT.replace('"/v1/', '"/')}, ["q1"], "The contract has no version"),
    Submission(
        "q2_events",
        dau("SELECT date(event_time) AS day, COUNT(*) AS dau FROM events GROUP BY 1"),
        ["q2"],
        "You counted events",
    ),
    Submission(
        "q2_sessions",
        dau("SELECT date(event_time) AS day, COUNT(DISTINCT session_id) AS dau FROM events GROUP BY 1"),
        ["q2"],
        "You counted sessions",
    ),
    Submission(
        "q2_a_timestamp_for_a_day",
        dau(
            "SELECT strftime('%Y-%m-%d 00:00:00', event_time) AS day, COUNT(DISTINCT user_id) AS dau FROM events GROUP BY 1"
        ),
        ["q2"],
        "carries a time of day",
    ),
    Submission(
        "q2_buyers",
        dau("SELECT date(created_at) AS day, COUNT(DISTINCT user_id) AS dau FROM orders GROUP BY 1"),
        ["q2"],
        "You counted users who purchased",
    ),
    Submission(
        "q3_over_all_users",
        cart(f"""
SELECT u.platform, COUNT(c.user_id) AS cart_users, COUNT(b.user_id) AS buyers,
       1.0 * COUNT(b.user_id) / COUNT(*) AS conversion
FROM users u LEFT JOIN {CARTS} c ON c.user_id = u.user_id LEFT JOIN {BUYERS} b ON b.user_id = u.user_id
GROUP BY u.platform"""),
        ["q3"],
        "divides by all of the platform's users",
    ),
    Submission(
        "q3_over_active_users",
        cart(f"""
SELECT u.platform, COUNT(c.user_id) AS cart_users, COUNT(b.user_id) AS buyers,
       1.0 * COUNT(b.user_id) / COUNT(*) AS conversion
FROM (SELECT DISTINCT user_id FROM events) a JOIN users u ON u.user_id = a.user_id
LEFT JOIN {CARTS} c ON c.user_id = a.user_id LEFT JOIN {BUYERS} b ON b.user_id = a.user_id
GROUP BY u.platform"""),
        ["q3"],
        "divides by every active user of the platform",
    ),
    Submission(
        "q3_buy_now_counted",
        cart(f"""
SELECT u.platform, COUNT(DISTINCT c.user_id) AS cart_users, COUNT(DISTINCT b.user_id) AS buyers,
       1.0 * COUNT(DISTINCT b.user_id) / COUNT(DISTINCT c.user_id) AS conversion
FROM users u LEFT JOIN {CARTS} c ON c.user_id = u.user_id LEFT JOIN {BUYERS} b ON b.user_id = u.user_id
GROUP BY u.platform"""),
        ["q3"],
        "never added to the cart",
    ),
    Submission(
        "q3_integer_division",
        cart(f"""
SELECT u.platform, COUNT(*) AS cart_users, COUNT(b.user_id) AS buyers, COUNT(b.user_id) / COUNT(*) AS conversion
FROM {CARTS} c JOIN users u ON u.user_id = c.user_id LEFT JOIN {BUYERS} b ON b.user_id = c.user_id
GROUP BY u.platform"""),
        ["q3"],
        "SQLite divides an integer by an integer",
    ),
    Submission(
        "q3_events",
        cart("""
SELECT u.platform, SUM(e.event_name = 'add_to_cart') AS cart_users, SUM(e.event_name = 'purchase') AS buyers,
       1.0 * SUM(e.event_name = 'purchase') / SUM(e.event_name = 'add_to_cart') AS conversion
FROM events e JOIN users u ON u.user_id = e.user_id
GROUP BY u.platform"""),
        ["q3"],
        "You counted events",
    ),
    Submission(
        "q3_percent",
        cart(f"""
SELECT u.platform, COUNT(*) AS cart_users, COUNT(b.user_id) AS buyers,
       100.0 * COUNT(b.user_id) / COUNT(*) AS conversion
FROM {CARTS} c JOIN users u ON u.user_id = c.user_id LEFT JOIN {BUYERS} b ON b.user_id = c.user_id
GROUP BY u.platform"""),
        ["q3"],
        "looks like a percentage",
    ),
    Submission(
        "q4_inner_join",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users,
       COUNT(DISTINCT CASE WHEN {DAY_7} THEN e.user_id END) AS retained_d7
FROM users u JOIN events e ON e.user_id = u.user_id
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "leaves out users with no events",
    ),
    Submission(
        "q4_inner_join_on_day_7",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u JOIN events e ON e.user_id = u.user_id AND {DAY_7}
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "counts only the users active on day 7",
    ),
    Submission(
        "q4_day_7_in_where_after_left_join",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id
WHERE {WEEK_1} AND {DAY_7}
GROUP BY u.signup_date"""),
        ["q4"],
        "followed by a WHERE on a column of `events`",
        earns={"q4": 0},  # a wrong method: its right rows are right by chance
    ),
    Submission(
        "q4_on_or_after_day_7",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND date(e.event_time) >= date(u.signup_date, '+7 days')
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "day 7 or any later day",
    ),
    Submission(
        "q4_events",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(e.event_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND {DAY_7}
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "You counted events",
    ),
    Submission(
        "q4_timestamps_as_days",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id
     AND julianday(e.event_time) - julianday(u.signup_date) = 7
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "No one is retained",
    ),
    Submission(
        "q4_every_cohort",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND {DAY_7}
GROUP BY u.signup_date"""),
        ["q4"],
        "a row for every signup day in the data",
        earns={"q4": 2},  # the rows of other days cost 1 point together
    ),
    Submission(
        "q4_last_day_left_out",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND {DAY_7}
WHERE u.signup_date >= '2026-03-02' AND u.signup_date < '2026-03-08'
GROUP BY u.signup_date"""),
        ["q4"],
        "stops a day early",
        earns={"q4": 2.5},  # one row missing: 0.5 point
    ),
    Submission(
        "q4_within_7_days",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id
     AND date(e.event_time) > u.signup_date AND date(e.event_time) <= date(u.signup_date, '+7 days')
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "any day of the first week after signup",
    ),
    Submission(
        "q4_day_6",
        d7(f"""
SELECT u.signup_date, COUNT(DISTINCT u.user_id) AS cohort_users, COUNT(DISTINCT e.user_id) AS retained_d7
FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND date(e.event_time) = date(u.signup_date, '+6 days')
WHERE {WEEK_1}
GROUP BY u.signup_date"""),
        ["q4"],
        "six days after signup",
    ),
    Submission(
        "q5_users_counted_per_order",
        opu("""
SELECT u.country, COUNT(u.user_id) AS users, COUNT(o.order_id) AS paid_orders,
       1.0 * COUNT(o.order_id) / COUNT(u.user_id) AS orders_per_user
FROM users u LEFT JOIN orders o ON o.user_id = u.user_id AND o.status = 'paid'
GROUP BY u.country"""),
        ["q5"],
        "counts a user once for every paid order",
    ),
    Submission(
        "q5_upside_down",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, COUNT(o.order_id) AS paid_orders,
       1.0 * COUNT(DISTINCT u.user_id) / COUNT(o.order_id) AS orders_per_user
FROM users u LEFT JOIN orders o ON o.user_id = u.user_id AND o.status = 'paid'
GROUP BY u.country"""),
        ["q5"],
        "users per order",
    ),
    Submission(
        "q3_upside_down",
        cart(f"""
SELECT u.platform, COUNT(*) AS cart_users, COUNT(b.user_id) AS buyers, 1.0 * COUNT(*) / COUNT(b.user_id) AS conversion
FROM {CARTS} c JOIN users u ON u.user_id = c.user_id LEFT JOIN {BUYERS} b ON b.user_id = c.user_id
GROUP BY u.platform"""),
        ["q3"],
        "cart users divided by buyers",
    ),
    Submission(
        "q5_inner_join",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, COUNT(o.order_id) AS paid_orders,
       1.0 * COUNT(o.order_id) / COUNT(DISTINCT u.user_id) AS orders_per_user
FROM users u JOIN orders o ON o.user_id = u.user_id AND o.status = 'paid'
GROUP BY u.country"""),
        ["q5"],
        "counts only users who have orders",
    ),
    Submission(
        "q5_where_after_left_join",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, COUNT(o.order_id) AS paid_orders,
       1.0 * COUNT(o.order_id) / COUNT(DISTINCT u.user_id) AS orders_per_user
FROM users u LEFT JOIN orders o ON o.user_id = u.user_id
WHERE o.status = 'paid'
GROUP BY u.country"""),
        ["q5"],
        "followed by a WHERE on a column of `orders`",
    ),
    Submission(
        "q5_inner_join_counting_paid",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, SUM(o.status = 'paid') AS paid_orders,
       1.0 * SUM(o.status = 'paid') / COUNT(DISTINCT u.user_id) AS orders_per_user
FROM users u JOIN orders o ON o.user_id = u.user_id
GROUP BY u.country"""),
        ["q5"],
        "counts only users who have orders",
    ),
    Submission(
        "q5_count_star",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, COUNT(*) AS paid_orders,
       1.0 * COUNT(*) / COUNT(DISTINCT u.user_id) AS orders_per_user
FROM users u LEFT JOIN orders o ON o.user_id = u.user_id AND o.status = 'paid'
GROUP BY u.country"""),
        ["q5"],
        "COUNT(*) counts that row",
    ),
    Submission(
        "q5_every_status",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, COUNT(o.order_id) AS paid_orders,
       1.0 * COUNT(o.order_id) / COUNT(DISTINCT u.user_id) AS orders_per_user
FROM users u LEFT JOIN orders o ON o.user_id = u.user_id
GROUP BY u.country"""),
        ["q5"],
        "refunded and cancelled orders too",
    ),
    Submission(
        "q5_integer_division",
        opu("""
SELECT u.country, COUNT(DISTINCT u.user_id) AS users, COUNT(o.order_id) AS paid_orders,
       COUNT(o.order_id) / COUNT(DISTINCT u.user_id) AS orders_per_user
FROM users u LEFT JOIN orders o ON o.user_id = u.user_id AND o.status = 'paid'
GROUP BY u.country"""),
        ["q5"],
        "SQLite divides an integer by an integer",
    ),
    Submission(
        "q6_warehouse_for_orders",
        plan(orders_store='"columnar warehouse"'),
        ["q6"],
        "not a transactional write path",
        earns={"q6": 2},
    ),
    Submission(
        "q6_dashboard_on_the_orders_database",
        plan(dashboard_store='"relational database"'),
        ["q6"],
        "compete with the partner's writes",
    ),
    Submission("q6_search_with_like", plan(search_store='"relational database"'), ["q6"], "LIKE", earns={"q6": 2}),
    Submission(
        "q6_document_store_for_orders",
        plan(orders_store='"document database"'),
        ["q6"],
        "A document database suits nested records",
    ),
    Submission(
        "q6_document_store_for_search",
        plan(search_store='"document database"'),
        ["q6"],
        "does not rank free text",
        earns={"q6": 2},
    ),
    Submission("q6_key_value_for_orders", plan(orders_store='"key-value store"'), ["q6"], "one item by its key"),
    Submission(
        "q6_reasons_of_another_workload",
        plan(orders_reasons='["atomic writes across several tables", "scans and aggregates over billions of rows"]'),
        ["q6"],
        "not a need the brief states for the orders workload",
    ),
]


def _hard_coded_dau() -> str:
    """The shipped database's DAU typed in as numbers: right here, wrong on any other shop."""
    from tpm_course.data import database, run_query

    rows = run_query(
        "SELECT date(event_time) AS day, COUNT(DISTINCT user_id) AS dau FROM events GROUP BY 1", database("shop")
    ).itertuples(index=False)
    return " UNION ALL ".join(f"SELECT '{day}' AS day, {count} AS dau" for day, count in rows)


BROKEN = [
    Submission(
        "q2_syntax_error",
        dau("SELECT date(event_time) AS day, COUNT(DISTINCT user_id) AS dau FORM events"),
        ["q2"],
        "syntax error",
    ),
    Submission(
        "q2_missing_table",
        dau("SELECT date(event_time) AS day, COUNT(DISTINCT user_id) AS dau FROM event GROUP BY 1"),
        ["q2"],
        "no such table: event. The tables are `users`, `events`, `orders`",
    ),
    Submission("q2_numbers_typed_in", dau(_hard_coded_dau()), ["q2"], "hard-code"),
    Submission(
        "q3_no_alias",
        cart(f"""
SELECT u.platform, COUNT(*) AS cart_users, COUNT(b.user_id) AS buyers, 1.0 * COUNT(b.user_id) / COUNT(*)
FROM {CARTS} c JOIN users u ON u.user_id = c.user_id LEFT JOIN {BUYERS} b ON b.user_id = c.user_id
GROUP BY u.platform"""),
        ["q3"],
        "lacks column(s) 'conversion'",
    ),
    Submission(
        "q3_a_frame_not_sql",
        {"q3_answer": "cart_conversion_sql = run_query('SELECT 1 AS x', shop)\n"},
        ["q3"],
        "a query is a string of SQL, and this is a DataFrame",
    ),
    Submission("q4_a_write", d7("DELETE FROM events"), ["q4"], "may only read"),
    Submission(
        "q1_a_sentence",
        {"q1_answer": 'orders_api = "GET /v1/orders and POST /v1/orders"\n'},
        ["q1"],
        "an OpenAPI document is a dict",
    ),
    Submission(
        "q1_status_as_words",
        {
            "q1_answer": contract(
                ('"200": {"description": "A page of orders"}', '"OK": {"description": "A page of orders"}')
            )
        },
        ["q1"],
        "'OK' does not match",
        earns={"q1": 3.33},  # the list operation loses its share: 5 of 6 parts
    ),
    Submission(
        "q1_required_as_text",
        {"q1_answer": contract(('"in": "header", "required": True}', '"in": "header", "required": "true"}'))},
        ["q1"],
        '`required` must be the boolean True, not the text "true"',
        earns={"q1": 3.33},
    ),
    Submission(
        "q1_path_parameter_required_as_text",
        {
            "q1_answer": contract(
                (
                    '"/v1/orders/{order_id}": {\n        "parameters": [ORDER_ID],',
                    '"/v1/orders/{order_id}": {\n        "parameters": [{**ORDER_ID, "required": "true"}],',
                )
            )
        },
        ["q1"],
        '`required` must be the boolean True, not the text "true"',
        earns={"q1": 3.33},  # reading one order loses its share; the path parameter rule is not charged again
    ),
    Submission(
        "q1_shared_path_parameter_required_as_text",
        {"q1_answer": contract(('"in": "path", "required": True,', '"in": "path", "required": "true",'))},
        ["q1"],
        '`required` must be the boolean True, not the text "true"',
        earns={"q1": 2.67},  # ORDER_ID sits on two paths: the two operations it breaks lose their shares
    ),
    Submission(
        "q1_response_without_description",
        {"q1_answer": contract(('"200": {"description": "The order"}', '"200": {}'))},
        ["q1"],
        "the 200 response has no description",
        earns={"q1": 3.33},
    ),
    Submission("q6_a_store_not_offered", plan(orders_store='"Postgres"'), ["q6"], "is not one of", earns={"q6": 2}),
    Submission(
        "q6_one_store_left_unfinished",
        plan(search_store="..."),
        ["q6"],
        "`store_plan['search_store']` is not finished: replace its `...`.",
        earns={"q6": 2},
    ),
    Submission(
        "q6_one_reason",
        plan(dashboard_reasons='["scans and aggregates over billions of rows"]'),
        ["q6"],
        "gives fewer than two reasons",
        earns={"q6": 2},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
