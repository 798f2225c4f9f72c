"""Module 04: does the contract reviewer, the SQL checking, the store plan and the shop database hold up?"""

from __future__ import annotations

import copy
import json
import re
import shutil

import pytest

from tpm_course.core import CheckFailed, Misconception, QueryQuestion, Status
from tpm_course.core.query import result_differences
from tpm_course.data import QueryError, database, run_query
from tpm_course.topics.apis import METHODS, STATUS_CODES, ContractQuestion, Need, contract_problems, read_contract
from tpm_course.topics.apis.datasets import ANDROID_BUG_FROM, EMAIL_DAY
from tpm_course.topics.apis.datastores import REASONS, STORES, StorePlanQuestion

from conftest import REPO


def outcome_of(question, source="q.check()", **names):
    """The Outcome a failing check raised, or None when it passed."""
    try:
        exec(source, {"q": question, **names})
    except CheckFailed as failure:
        return failure.outcome
    return None


# -- what HTTP promises ------------------------------------------------------------------


def test_methods_are_safe_and_idempotent_as_rfc_9110_defines():
    safe = {m for m, (s, _, _) in METHODS.items() if s}
    idempotent = {m for m, (_, i, _) in METHODS.items() if i}
    assert safe == {"GET", "HEAD"}
    assert idempotent == {"GET", "HEAD", "PUT", "DELETE"}
    assert METHODS["PATCH"][2] == "RFC 5789 §2"


def test_status_codes_name_their_section():
    assert STATUS_CODES[201][:1] == ("Created",) and STATUS_CODES[201][2] == "RFC 9110 §15.3.2"
    assert STATUS_CODES[409][2] == "RFC 9110 §15.5.10"
    assert STATUS_CODES[422] == (STATUS_CODES[422][0], STATUS_CODES[422][1], "RFC 9110 §15.5.21")
    assert STATUS_CODES[422][0] == "Unprocessable Content"
    assert STATUS_CODES[429][2] == "RFC 6585 §4"


# -- the contract reviewer ----------------------------------------------------------------

KEY = "a missing or invalid API key"
NEEDS = [
    Need("list their orders", "get", "/orders", "200", {"401": KEY}, paginated=True),
    Need("read one order", "get", "/orders/{}", "200", {"401": KEY, "404": "an order id that does not exist"}),
    Need(
        "create an order",
        "post",
        "/orders",
        "201",
        {"401": KEY, "400|422": "an invalid order"},
        retried=True,
        duplicate="create a second order",
    ),
    Need(
        "change the delivery address",
        "put|patch|post",
        "/orders/{}/**",
        "200|204",
        {"401": KEY, "404": "an order id that does not exist", "409": "an order that has shipped"},
        retried=True,
        duplicate="apply the change twice",
    ),
]
ORDER_ID = {"name": "order_id", "in": "path", "required": True}
AUTH = {"401": {"description": "Bad API key"}}
GOOD = {
    "openapi": "3.1.0",
    "info": {"title": "Orders", "version": "1.0.0"},
    "paths": {
        "/v1/orders": {
            "get": {
                "parameters": [
                    {"name": "cursor", "in": "query"},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                ],
                "responses": {"200": {"description": "A page of orders"}, **AUTH},
            },
            "post": {
                "parameters": [{"name": "Idempotency-Key", "in": "header", "required": True}],
                "responses": {"201": {"description": "Created"}, "422": {"description": "Invalid"}, **AUTH},
            },
        },
        "/v1/orders/{order_id}": {
            "parameters": [ORDER_ID],
            "get": {
                "responses": {"200": {"description": "The order"}, "404": {"description": "No such order"}, **AUTH}
            },
        },
        "/v1/orders/{order_id}/delivery-address": {
            "parameters": [ORDER_ID],
            "put": {
                "responses": {
                    "200": {"description": "Changed"},
                    "404": {"description": "No such order"},
                    "409": {"description": "Shipped already"},
                    **AUTH,
                }
            },
        },
    },
}


def changed(edit):
    contract = copy.deepcopy(GOOD)
    edit(contract["paths"])
    return contract


def test_a_contract_that_meets_every_need_gets_no_comment():
    assert contract_problems(GOOD, NEEDS) == []


FLAWS = {
    "create without a key": (
        lambda p: p["/v1/orders"]["post"].pop("parameters"),
        "POST /v1/orders has no Idempotency-Key header: POST is not idempotent (RFC 9110 §9.3.3), so a partner "
        "that retries it after a timeout would create a second order",
    ),
    "200 for created": (
        lambda p: p["/v1/orders"]["post"]["responses"].update({"200": p["/v1/orders"]["post"]["responses"].pop("201")}),
        "POST /v1/orders: 201 Created is the answer for a created resource, not 200 OK",
    ),
    "optional key": (
        lambda p: p["/v1/orders"]["post"]["parameters"][0].pop("required"),
        "the `Idempotency-Key` header is optional",
    ),
    "update by POST without a key": (
        lambda p: p["/v1/orders/{order_id}/delivery-address"].update(
            post=p["/v1/orders/{order_id}/delivery-address"].pop("put")
        ),
        "would apply the change twice. Require an `Idempotency-Key` header (IETF "
        "draft-ietf-httpapi-idempotency-key-header), or use PUT",
    ),
    "update by PATCH without a key": (
        lambda p: p["/v1/orders/{order_id}/delivery-address"].update(
            patch=p["/v1/orders/{order_id}/delivery-address"].pop("put")
        ),
        "PATCH is not idempotent (RFC 5789 §2)",
    ),
    "no pagination": (
        lambda p: p["/v1/orders"]["get"].pop("parameters"),
        "GET /v1/orders has no pagination parameter (a `cursor` or `page`, and a `limit`)",
    ),
    "no cursor": (lambda p: p["/v1/orders"]["get"]["parameters"].pop(0), "has a `limit` but no `cursor`"),
    "no maximum": (
        lambda p: p["/v1/orders"]["get"]["parameters"][1]["schema"].pop("maximum"),
        "`limit` has no `maximum`",
    ),
    "200 with an error": (
        lambda p: p["/v1/orders/{order_id}"]["get"]["responses"]["200"].update(description="The order or an error"),
        "the 200 response describes a failure",
    ),
    "no 404": (
        lambda p: p["/v1/orders/{order_id}"]["get"]["responses"].pop("404"),
        "GET /v1/orders/{order_id} documents no 404 Not Found for an order id that does not exist",
    ),
    "no 409": (
        lambda p: p["/v1/orders/{order_id}/delivery-address"]["put"]["responses"].pop("409"),
        "documents no 409 Conflict for an order that has shipped",
    ),
    "undeclared path parameter": (
        lambda p: p["/v1/orders/{order_id}"].pop("parameters"),
        "the path parameter `order_id` must be declared",
    ),
    "verb in a path": (
        lambda p: p.update({"/v1/createOrder": {"post": p["/v1/orders"].pop("post")}}),
        "`createOrder` names an action",
    ),
    "a need left out": (
        lambda p: p.pop("/v1/orders/{order_id}/delivery-address"),
        "Nothing lets the partner change the delivery address: expected PUT, PATCH or POST "
        "/v1/orders/{order_id} (or a path below it)",
    ),
}


@pytest.mark.parametrize("flaw", FLAWS)
def test_each_flaw_gets_a_comment_that_points_at_it(flaw):
    edit, comment = FLAWS[flaw]
    problems = contract_problems(changed(edit), NEEDS)
    assert any(comment in p for p in problems), problems


def test_a_contract_without_a_version_is_sent_back_and_a_version_header_is_enough():
    bare = {**GOOD, "paths": {p.replace("/v1", ""): item for p, item in GOOD["paths"].items()}}
    assert any("no version" in p for p in contract_problems(bare, NEEDS))
    headed = copy.deepcopy(bare)
    for item in headed["paths"].values():
        item.setdefault("parameters", []).append({"name": "API-Version", "in": "header", "required": True})
    assert contract_problems(headed, NEEDS) == []


def test_a_version_in_the_server_url_or_a_query_parameter_is_enough():
    bare = {**GOOD, "paths": {p.replace("/v1", ""): item for p, item in GOOD["paths"].items()}}
    assert contract_problems({**bare, "servers": [{"url": "https://api.example.com/v1"}]}, NEEDS) == []
    queried = copy.deepcopy(bare)
    for item in queried["paths"].values():
        item.setdefault("parameters", []).append({"name": "api-version", "in": "query", "required": True})
    assert contract_problems(queried, NEEDS) == []


def test_shared_responses_and_parameters_count_where_they_are_referenced():
    shared = copy.deepcopy(GOOD)
    shared["components"] = {
        "responses": {"Unauthorized": {"description": "Bad API key"}},
        "parameters": {"OrderId": ORDER_ID},
        "schemas": {"Node": {"properties": {"child": {"$ref": "#/components/schemas/Node"}}}},
    }
    for item in shared["paths"].values():
        if "parameters" in item and item["parameters"] == [ORDER_ID]:
            item["parameters"] = [{"$ref": "#/components/parameters/OrderId"}]
        for method in ("get", "post", "put"):
            if method in item:
                item[method]["responses"]["401"] = {"$ref": "#/components/responses/Unauthorized"}
    assert contract_problems(shared, NEEDS) == []
    shared["paths"]["/v1/orders"]["x-owner"] = "orders team"  # extensions are allowed on a path
    assert contract_problems(shared, NEEDS) == []


def test_yaml_integer_codes_and_upper_case_methods_read_as_the_same_contract():
    text = json.dumps(GOOD).replace('"get"', '"GET"')  # JSON is YAML
    assert contract_problems(text, NEEDS) == []
    as_yaml = (
        "openapi: 3.1.0\ninfo: {title: t, version: 1.0}\npaths:\n  /v1/orders:\n    GET:\n      responses:\n"
        "        200: {description: ok}\n"
    )
    assert read_contract(as_yaml)["paths"]["/v1/orders"]["get"]["responses"] == {"200": {"description": "ok"}}


def test_a_malformed_document_is_answered_with_where_it_breaks():
    broken = changed(lambda p: p["/v1/orders"]["get"]["responses"].update(OK="fine"))
    problems = contract_problems(broken, NEEDS)
    assert problems and all(p.startswith("['paths']['/v1/orders']['get']['responses']") for p in problems)


def test_the_contract_question_says_not_attempted_then_pending_then_graded(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no solutions/ here: the visible check grades nothing
    question = ContractQuestion("q1", "04_apis", "api")
    skeleton = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": ...}
    assert outcome_of(question, api=skeleton).status is Status.NOT_ATTEMPTED
    assert outcome_of(question, api=GOOD) is None
    assert outcome_of(question, "q.check(expected=needs)", api=GOOD, needs=NEEDS) is None
    flawed = changed(FLAWS["create without a key"][0])
    outcome = outcome_of(question, "q.check(expected=needs)", api=flawed, needs=NEEDS)
    assert outcome.status is Status.INCORRECT and "create a second order" in outcome.text()
    assert "is a str" in outcome_of(question, api="GET /orders").text()


# -- the shop database -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop():
    return database("shop")


def count(db, sql):
    return db.execute(sql).fetchone()[0]


def test_the_shipped_files_and_the_generator_make_the_same_database(shop):
    generated = database("shop", seed=20260302)
    for table in ("users", "events", "orders"):
        rows = f"SELECT * FROM {table} ORDER BY 1"
        assert shop.execute(rows).fetchall() == generated.execute(rows).fetchall(), table


def test_another_seed_gives_other_rows_on_the_same_schema_and_calendar(shop):
    other = database("shop", seed=7)
    schema = "SELECT sql FROM sqlite_master ORDER BY name"
    assert shop.execute(schema).fetchall() == other.execute(schema).fetchall()
    span = "SELECT MIN(date(event_time)), MAX(date(event_time)) FROM events"
    assert shop.execute(span).fetchone() == other.execute(span).fetchone() == ("2026-03-02", "2026-03-29")
    assert count(shop, "SELECT COUNT(*) FROM events") != count(other, "SELECT COUNT(*) FROM events")


def test_each_call_builds_a_fresh_database():
    first, second = database("shop"), database("shop")
    first.execute("DELETE FROM orders")
    assert count(second, "SELECT COUNT(*) FROM orders") > 0
    with pytest.raises(KeyError, match="shop"):
        database("shops")


def test_a_changed_shipped_file_changes_the_next_database(tmp_path, monkeypatch):
    """Later calls copy the first build; when a file it was read from changes, the next call reads it again."""
    shutil.copytree(REPO / "datasets", tmp_path / "datasets")
    monkeypatch.setenv("TPM_COURSE_DATASETS", str(tmp_path / "datasets"))
    before = count(database("shop"), "SELECT COUNT(*) FROM orders")
    orders = tmp_path / "datasets" / "shop_orders.csv"
    lines = orders.read_text().splitlines(keepends=True)
    orders.write_text("".join(lines[:-10]))
    assert count(database("shop"), "SELECT COUNT(*) FROM orders") == before - 10


def test_a_grader_keeps_the_built_databases_and_rebuilds_one_cut_short(tmp_path, monkeypatch):
    """With the grader's folder set, warm() keeps each image; a later run (its own copy of the same
    files elsewhere) reads it back instead of building, and an image cut short is built again, never served."""
    from tpm_course.core import kept
    from tpm_course.data import sql

    for run in ("first", "second"):
        shutil.copytree(REPO / "datasets", tmp_path / run)  # each run's copy, with the files' times
    monkeypatch.setenv(kept.VARIABLE, str(tmp_path / "kept"))
    monkeypatch.setenv("TPM_COURSE_DATASETS", str(tmp_path / "first"))
    monkeypatch.setattr(sql, "_IMAGES", {})
    sql.warm()
    stored = sorted((tmp_path / "kept" / "sql").glob("shop-*.sqlite"))
    assert len(stored) == 1 and stored[0].read_bytes() == next(iter(sql._IMAGES.values()))
    built = []
    monkeypatch.setenv("TPM_COURSE_DATASETS", str(tmp_path / "second"))
    monkeypatch.setattr(sql, "_IMAGES", {})
    monkeypatch.setattr(sql, "_build", lambda *args: built.append(args) or pytest.fail("read back, not built"))
    sql.warm()
    assert count(database("shop"), "SELECT COUNT(*) FROM orders") > 0 and built == []
    stored[0].write_bytes(stored[0].read_bytes()[:5000])
    monkeypatch.undo()
    monkeypatch.setenv(kept.VARIABLE, str(tmp_path / "kept"))
    monkeypatch.setenv("TPM_COURSE_DATASETS", str(tmp_path / "second"))
    monkeypatch.setattr(sql, "_IMAGES", {})
    sql.warm()
    assert count(database("shop"), "SELECT COUNT(*) FROM orders") > 0
    assert sql._sound(stored[0].read_bytes()), "the image cut short was kept again whole"
    assert sorted((tmp_path / "kept" / "sql").glob("shop-*.sqlite")) == stored


def test_every_purchase_is_an_order_and_some_users_have_no_events_or_orders(shop):
    assert count(shop, "SELECT COUNT(*) FROM events WHERE event_name = 'purchase'") == count(
        shop, "SELECT COUNT(*) FROM orders"
    )
    assert count(shop, "SELECT COUNT(*) FROM users WHERE user_id NOT IN (SELECT user_id FROM events)") > 100
    assert count(shop, "SELECT COUNT(*) FROM users WHERE user_id NOT IN (SELECT user_id FROM orders)") > 500


def test_users_are_active_several_times_a_day_and_some_buy_without_a_cart(shop):
    events_per_user_day = count(
        shop, "SELECT AVG(n) FROM (SELECT COUNT(*) AS n FROM events GROUP BY user_id, date(event_time))"
    )
    assert events_per_user_day > 3
    buy_now_only = count(
        shop,
        "SELECT COUNT(DISTINCT user_id) FROM events WHERE event_name = 'purchase' AND user_id "
        "NOT IN (SELECT user_id FROM events WHERE event_name = 'add_to_cart')",
    )
    assert buy_now_only > 10


def test_the_planted_email_bug_and_broken_android_checkout_show(shop):
    daily = run_query(
        "SELECT date(event_time) AS day, COUNT(DISTINCT user_id) AS dau, COUNT(*) AS events FROM events GROUP BY day",
        shop,
    ).set_index("day")
    assert daily["dau"].idxmax() == EMAIL_DAY.isoformat()
    per_user = daily["events"] / daily["dau"]
    assert per_user[["2026-03-24", "2026-03-25"]].min() > per_user.drop(["2026-03-24", "2026-03-25"]).max()
    conversion = run_query(
        f"""
        SELECT after, platform, AVG(bought) AS share
        FROM (SELECT MIN(date(e.event_time)) >= '{ANDROID_BUG_FROM}' AS after, u.platform,
                     MAX(e.event_name = 'purchase') AS bought
              FROM events e JOIN users u ON u.user_id = e.user_id
              GROUP BY e.session_id
              HAVING SUM(e.event_name = 'begin_checkout') > 0)
        GROUP BY after, platform""",
        shop,
    ).set_index(["platform", "after"])["share"]
    assert conversion["android", 1] < conversion["android", 0] - 0.2
    assert abs(conversion["web", 1] - conversion["web", 0]) < 0.1


# -- running and grading SQL -------------------------------------------------------------


@pytest.mark.parametrize(
    "sql,says",
    [
        ("SELECT * FROM order", 'near "order": syntax error'),
        ("SELECT * FROM event", "no such table: event. The tables are `users`, `events`, `orders`."),
        ("SELECT day FROM events", "no such column: day. The columns are: `users` (user_id"),
        ("SELECT 1; SELECT 2", "write one SELECT statement"),
        (..., "is not a query yet"),
        (42, "this is a int"),
        ("   ", "the query is empty"),
    ],
)
def test_a_query_that_cannot_run_says_why(shop, sql, says):
    with pytest.raises(QueryError) as error:
        run_query(sql, shop)
    assert says in str(error.value)


def test_a_runaway_query_is_stopped_and_a_write_is_refused_when_grading(shop):
    with pytest.raises(QueryError, match=r"ran for more than 0\.2 s"):
        run_query("SELECT COUNT(*) FROM events a, events b", shop, time_limit=0.2)
    from tpm_course.core.query import grading_database

    with pytest.raises(QueryError, match="may only read"):
        run_query("DELETE FROM events", grading_database("shop", None))


def test_results_match_in_any_row_order_and_column_case_and_differences_name_the_row():
    import pandas as pd

    expected = pd.DataFrame({"day": ["a", "b"], "dau": [1, 2]})
    assert (
        result_differences(pd.DataFrame({"DAU": [2, 1], "Day": ["b", "a"], "x": [0, 0]}), expected, ["day"], 1e-9) == []
    )
    assert result_differences(pd.DataFrame({"day": ["a", "b"], "dau": [1, 3]}), expected, ["day"], 1e-9) == [
        "day 'b': `dau` is 3"
    ]
    assert result_differences(pd.DataFrame({"day": ["a"], "dau": [1]}), expected, ["day"], 1e-9) == [
        "1 row where 2 were expected",
        "no row for day 'b'",
    ]
    assert (
        "appear on more than one row"
        in result_differences(pd.DataFrame({"day": ["a", "a", "b"], "dau": [1, 1, 2]}), expected, ["day"], 1e-9)[0]
    )


DAU = "SELECT date(event_time) AS day, COUNT(DISTINCT user_id) AS dau FROM events GROUP BY 1"


def test_a_query_is_graded_on_a_database_the_learner_never_saw(shop):
    question = QueryQuestion("q2", "04_apis", "sql", columns=["day", "dau"], key=["day"])
    typed_in = " UNION ALL ".join(f"SELECT '{d}' AS day, {n} AS dau" for d, n in shop.execute(DAU).fetchall())
    assert outcome_of(question, "q.check(expected=ref)", sql=typed_in, ref=DAU) is None
    outcome = outcome_of(question, "q.check(expected=ref, seeds=[None, 7])", sql=typed_in, ref=DAU)
    assert outcome.status is Status.INCORRECT and "hard-code" in outcome.text()
    assert outcome_of(question, "q.check(expected=ref, seeds=[None, 7])", sql=DAU.lower(), ref=DAU) is None


WRITES_AND_SETTINGS = [
    "PRAGMA query_only = OFF",
    "ATTACH DATABASE 'gradebook.db' AS g",
    "DELETE FROM orders",
    "UPDATE orders SET status = 'paid'",
    "INSERT INTO users (user_id) VALUES (-1)",
    "CREATE TEMP TABLE kept AS SELECT * FROM orders",
    "DROP TABLE orders",
    "BEGIN",
    "COMMIT",
    "VACUUM INTO 'copy.db'",
    "PRAGMA table_info(orders)",
]


@pytest.mark.parametrize("statement", WRITES_AND_SETTINGS)
def test_a_query_may_only_read(statement, tmp_path, monkeypatch):
    """A grader runs learners' queries in its own process: no statement may write, attach a file, change
    a setting or leave a transaction open, and the learner is told to write a SELECT."""
    monkeypatch.chdir(tmp_path)
    shop = database("shop")
    before = run_query("SELECT COUNT(*) AS n FROM orders", shop)["n"][0]
    with pytest.raises(QueryError, match="may only read"):
        run_query(statement, shop)
    assert run_query("SELECT COUNT(*) AS n FROM orders", shop)["n"][0] == before
    assert not shop.in_transaction and list(tmp_path.iterdir()) == []
    assert [name for _, name, _ in shop.execute("PRAGMA database_list")] == ["main"]
    cte = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n"
    assert list(run_query(cte, shop)["x"]) == [1, 2, 3]  # reading, recursion and functions still run


def test_sqlite_words_about_an_unseen_database_are_not_shown():
    """A query that fails only on the database the learner never saw is told so, without SQLite's text,
    which could quote that database's rows (here a JSON path error carrying a count)."""
    question = QueryQuestion("q2", "04_apis", "sql", columns=["day", "dau"], key=["day"])
    shipped = database("shop").execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    leaky = (
        f"SELECT CASE WHEN (SELECT COUNT(*) FROM orders) = {shipped} THEN d.day "
        "ELSE json_extract('{}', 'x' || (SELECT COUNT(*) FROM orders)) END AS day, d.dau FROM (" + DAU + ") AS d"
    )
    outcome = outcome_of(question, "q.check(expected=ref, seeds=[None, 7])", sql=leaky, ref=DAU)
    hidden = str(database("shop", seed=7).execute("SELECT COUNT(*) FROM orders").fetchone()[0])
    assert outcome.status is Status.INCORRECT and "not on the other one" in outcome.text(), outcome.text()
    assert hidden not in outcome.text() and "JSON" not in outcome.text()


def test_a_misconception_may_predict_only_the_columns_it_is_about():
    wrong = Misconception("events", "You counted events.", lambda expected, events, **_: events)
    question = QueryQuestion("q2", "04_apis", "sql", columns=["day", "dau"], key=["day"], misconceptions=[wrong])
    events = "SELECT date(event_time) AS day, COUNT(*) AS dau FROM events GROUP BY 1"
    outcome = outcome_of(question, "q.check(expected=ref, events=ev)", sql=events + " ", ref=DAU, ev=events)
    assert "You counted events." in outcome.details
    assert outcome.title == "q2: the result of `sql` differs from the reference"


# -- the store plan ----------------------------------------------------------------------

KEY_PLAN = {
    "orders_store": "relational database",
    "orders_reasons": {"atomic writes across several tables", "read-your-writes consistency"},
    "search_store": "search index",
    "search_reasons": {"relevance-ranked full-text search", "typo tolerance and facet counts"},
}
WAREHOUSE = Misconception(
    "warehouse", "Not a write path.", lambda expected, **_: {"orders_store": "columnar warehouse"}
)


def plan(**changes):
    fields = {
        "orders_store": "Relational database",
        "orders_reasons": ["read-your-writes consistency", "Atomic writes across several tables"],
        "search_store": "search index",
        "search_reasons": ["relevance-ranked full-text search", "typo tolerance and facet counts"],
    }
    return {**fields, **changes}


def test_the_store_plan_is_graded_per_workload():
    question = StorePlanQuestion("q6", "04_apis", "p", workloads=["orders", "search"], misconceptions=[WAREHOUSE])
    grade = "q.check(expected=key)"
    assert outcome_of(question, grade, p=plan(), key=KEY_PLAN) is None
    outcome = outcome_of(question, grade, p=plan(orders_store="columnar warehouse"), key=KEY_PLAN)
    assert "Not a write path." in outcome.details and "does not fit the orders workload" in outcome.details[0]
    stray = plan(orders_reasons=["atomic writes across several tables", "ad hoc SQL for analysts"])
    assert "'ad hoc SQL for analysts': not a need" in outcome_of(question, grade, p=stray, key=KEY_PLAN).details[0]
    blank = {k: ... for k in plan()}
    assert outcome_of(question, p=blank).status is Status.NOT_ATTEMPTED
    assert "is not one of" in outcome_of(question, p=plan(search_store="Elastic")).text()
    one_reason = plan(search_reasons=["typo tolerance and facet counts"])
    assert "gives fewer than two reasons" in outcome_of(question, p=one_reason).text()


def test_with_partial_credit_a_workload_of_the_wrong_shape_loses_its_point_only():
    """One reason where two are asked, or a store off the list, costs that workload; the others still earn."""
    from tpm_course.core import Parts

    question = StorePlanQuestion("q6", "04_apis", "p", workloads=["orders", "search"], parts=Parts(2))
    one_reason = plan(search_reasons=["typo tolerance and facet counts"])
    outcome = question._outcome(lambda: question.check_key({"p": one_reason}, expected=KEY_PLAN))
    assert (outcome.status, outcome.earned) == (Status.PARTIAL, 1.0)
    assert "fewer than two reasons" in outcome.text()
    both = question._outcome(lambda: question.check_key({"p": plan(search_reasons=[], orders_store="x")}, KEY_PLAN))
    assert both.status is Status.INCORRECT and both.earned is None


def test_the_options_are_the_fixed_sets_the_lesson_shows():
    assert list(STORES) == [
        "relational database",
        "key-value store",
        "document database",
        "columnar warehouse",
        "search index",
    ]
    assert len(set(REASONS)) == len(REASONS)


# -- the released package ----------------------------------------------------------------


def test_the_checks_module_holds_none_of_the_reference_queries():
    """The reference SQL lives in the hidden tests, not in the package a cohort installs."""
    notebook = json.loads((REPO / "solutions" / "04_apis" / "04_apis.ipynb").read_text())
    hidden = "".join("".join(c["source"]) for c in notebook["cells"] if "BEGIN HIDDEN TESTS" in "".join(c["source"]))
    references = re.findall(r'expected=f?"""(.*?)"""|expected="([^"]+)"', hidden, re.S)
    assert len(references) == 4
    squeeze = lambda text: " ".join(text.split())  # noqa: E731
    source = squeeze((REPO / "tpm_course" / "topics" / "apis" / "exercise.py").read_text())
    for reference in references:
        body = squeeze("".join(reference))
        assert body and body[:60] not in source


def test_self_study_grades_with_the_hidden_key_and_names_the_misconception(monkeypatch):
    """Inside the repository, `q2.check()` runs the solution notebook's hidden tests, unseen database included."""
    from tpm_course.topics.apis.exercise import q2

    monkeypatch.chdir(REPO / "exercises" / "04_apis")
    events = "SELECT date(event_time) AS day, COUNT(*) AS dau FROM events GROUP BY 1"
    with pytest.raises(CheckFailed) as failure:
        exec("q2.check()", {"q2": q2, "dau_sql": events})
    assert failure.value.outcome.status is Status.INCORRECT
    assert "You counted events" in failure.value.outcome.text()
    exec("q2.check()", {"q2": q2, "dau_sql": DAU})


def test_with_partial_credit_a_broken_part_of_an_operation_costs_its_need_only():
    """`"required": "true"` (text) breaks the create operation's shape: that need loses its share, no more."""
    from tpm_course.core import Parts

    def text_flag(paths):
        paths["/v1/orders"]["post"]["parameters"][0]["required"] = "true"

    question = ContractQuestion("q1", "04_apis", "api", parts=Parts(4))
    outcome = question._outcome(lambda: question.check_key({"api": changed(text_flag)}, expected=NEEDS))
    assert outcome.status is Status.PARTIAL and 0 < outcome.earned < 4
    assert '`required` must be the boolean True, not the text "true"' in outcome.text()
    assert "header is optional" not in outcome.text()  # the same mistake is not charged twice
    without_parts = ContractQuestion("q1", "04_apis", "api")
    refused = without_parts._outcome(lambda: without_parts.check_key({"api": changed(text_flag)}, expected=NEEDS))
    assert "does not have the shape" in refused.title


def test_a_query_with_rows_scored_earns_its_right_rows_unless_a_wrong_method_is_named(shop):
    """A missing row costs its price, rows of other days theirs; a named wrong method earns nothing at all."""
    from tpm_course.core import Parts
    from tpm_course.topics.apis.question import RowScoredQuery

    wrong = Misconception("events", "You counted events.", lambda expected, events, **_: events)
    question = RowScoredQuery(
        "q2",
        "04_apis",
        "sql",
        columns=["day", "dau"],
        key=["day"],
        parts=Parts(2),
        misconceptions=[wrong],
        row_cost=0.5,
        extra_cost=1.0,
    )
    days = [d for (d,) in shop.execute("SELECT DISTINCT date(event_time) FROM events ORDER BY 1").fetchall()]
    one_day_less = f"SELECT * FROM ({DAU}) WHERE day > '{days[0]}'"
    events = "SELECT date(event_time) AS day, COUNT(*) AS dau FROM events GROUP BY 1"
    outcome = question._outcome(lambda: question.check_key({"sql": one_day_less}, expected=DAU, events=events))
    assert (outcome.status, outcome.earned) == (Status.PARTIAL, 1.5)
    assert "1 of " in outcome.details[0] and "rows missing or wrong, 0.5 point each" in outcome.details[0]
    other_days = f"{DAU} UNION ALL SELECT '2031-01-01', 1 UNION ALL SELECT '2031-01-02', 2"
    extra = question._outcome(lambda: question.check_key({"sql": other_days}, expected=DAU, events=events))
    assert (extra.earned, extra.details[1]) == (1.0, "2 row(s) that should not be there: 1 point together")
    named = question._outcome(lambda: question.check_key({"sql": events}, expected=DAU, events=events))
    assert named.status is Status.INCORRECT and "You counted events." in named.details


def graded_contract(contract):
    """The outcome of q1's hidden check, with its partial credit (6 parts: 4 needs, versioning, every operation)."""
    from tpm_course.core import Parts

    question = ContractQuestion("q1", "04_apis", "api", parts=Parts(4))
    return question._outcome(lambda: question.check_key({"api": contract}, expected=NEEDS))


def test_a_path_parameter_required_as_text_costs_the_operations_it_breaks_and_is_said_once():
    """One operation's broken `order_id` costs that need; a path's shared one, the needs of its operations, once each."""

    def on_the_operation(paths):
        paths["/v1/orders/{order_id}"]["get"]["parameters"] = [{**ORDER_ID, "required": "true"}]
        paths["/v1/orders/{order_id}"].pop("parameters")

    one = graded_contract(changed(on_the_operation))
    assert (one.status, one.earned) == (Status.PARTIAL, 3.33)
    assert "not yet: read one order" in one.details[0] and "every operation" not in one.details[0]
    assert not any("must be declared" in d for d in one.details)

    def shared_by_two_operations(paths):
        item = paths["/v1/orders/{order_id}"]
        item["put"] = copy.deepcopy(paths.pop("/v1/orders/{order_id}/delivery-address")["put"])
        item["parameters"] = [{**ORDER_ID, "required": "true"}]

    two = graded_contract(changed(shared_by_two_operations))
    assert (two.status, two.earned) == (Status.PARTIAL, 2.67)
    assert "read one order, change the delivery address" in two.details[0]
    text_said = [d for d in two.details if 'not the text "true"' in d]
    assert len(text_said) == 1 and len(two.details) == len(set(two.details)) == 2


def test_a_response_without_a_description_is_said_to_lack_one_not_to_be_missing():
    no_description = changed(lambda p: p["/v1/orders/{order_id}"]["get"]["responses"].update({"200": {}}))
    outcome = graded_contract(no_description)
    assert (outcome.status, outcome.earned) == (Status.PARTIAL, 3.33)
    assert "the 200 response has no description" in outcome.text()
    assert "documents no success response" not in outcome.text()
    visible = ContractQuestion("q1", "04_apis", "api")
    assert "the 200 response has no description" in outcome_of(visible, api=no_description).text()


def test_a_store_left_as_a_placeholder_is_unfinished_not_missing():
    from tpm_course.core import Parts

    question = StorePlanQuestion("q6", "04_apis", "p", workloads=["orders", "search"], parts=Parts(2))
    unfinished = plan(search_store=...)
    visible = outcome_of(question, p=unfinished)
    assert "is not finished" in visible.title and "required property" not in visible.text()
    graded = question._outcome(lambda: question.check_key({"p": unfinished}, expected=KEY_PLAN))
    assert (graded.status, graded.earned) == (Status.PARTIAL, 1.0)
    assert graded.details[1:] == ["`p['search_store']` is not finished: replace its `...`."]
