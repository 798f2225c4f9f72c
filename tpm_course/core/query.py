"""A question answered by a SQL query: run on a course database and compared with a reference query."""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

from .feedback import capped, shown
from .frame import table_differences
from .outcome import Outcome, Status
from .question import Question


@lru_cache(maxsize=8)
def grading_database(name: str, seed: int | None) -> sqlite3.Connection:
    """A read-only database the checks run queries on: the shipped one (seed None) or another seed's."""
    from ..data import database

    connection = database(name, seed=seed)
    connection.execute("PRAGMA query_only = ON")
    return connection


def result_differences(actual, expected, key: list[str], rel_tol: float) -> list[str]:
    """How a query's result differs from ``expected``, rows matched by ``key`` (``frame.table_differences``).

    SQL does not care how a column name is capitalised, so neither does this: the result's are lowercased.
    """
    return table_differences(actual.rename(columns=str.lower), expected, key=key, rel_tol=rel_tol)


class QueryQuestion(Question):
    """The learner writes a SQL query, a string ``name``; its result is compared with a reference query's.

    The result needs ``columns`` (any order, any case; extra columns are ignored); ``key`` names the
    columns that identify a row, so rows may come in any order. The answer key is the reference
    query: ``check(expected="SELECT ...", seeds=[None, 7], **queries)`` runs both on the shipped
    database (seed None) and on the database generated for each other seed, one the learner never
    saw. The other keyword values are queries too; a misconception's prediction receives their
    results (and ``expected``, the reference result) and may keep only ``key`` and the columns it is about.
    ``expected`` and query-valued ``context`` given here are for lesson self-checks only.
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        columns: list[str],
        key: list[str],
        database: str = "shop",
        rel_tol: float = 1e-9,
        expected: str | None = None,
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.columns = [c.lower() for c in columns]
        self.key = [k.lower() for k in key]
        self.database = database
        self.rel_tol = rel_tol
        self.expected = expected

    def _result(self, sql: str, seed: int | None) -> Any:
        """The learner's result on one database; WrongForm saying why when there is none."""
        from tpm_course.data.sql import QueryError, run_query

        try:
            frame = run_query(sql, grading_database(self.database, seed))
        except QueryError as error:
            if seed is None:
                raise self.wrong_form(f"the query in `{self.name}` did not run", str(error)) from None
            # SQLite's words could quote the rows of a database the learner must not see
            raise self.wrong_form(
                f"the query in `{self.name}` runs on this {self.database} database but not on the other one",
                "It has the same tables and other rows. Does the query depend on values only this one holds?",
            ) from None
        frame = frame.rename(columns=str.lower)
        missing = [c for c in self.columns if c not in frame.columns]
        if missing:
            raise self.wrong_form(
                f"the result of `{self.name}` lacks column(s) {', '.join(map(repr, missing))}",
                f"Its columns are {list(frame.columns)}. Name each one with `AS`.",
            )
        return frame

    def check_visible(self, namespace: dict) -> Outcome:
        sql = self.lookup(namespace)
        if self.expected is not None:
            return self.check_key(namespace, expected=self.expected)
        frame = self._result(sql, None)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` runs and returns {shown(len(frame))} rows "
            f"with the columns {', '.join(self.columns)}",
            [
                "The grader compares its result with the reference, on this database and on another "
                f"{self.database} database you have not seen."
            ],
        )

    def _matches(self, actual, predicted) -> bool:
        return not result_differences(actual, predicted, self.key, self.rel_tol)

    def check_key(self, namespace: dict, expected: str = "", seeds=(None,), **queries: Any) -> Outcome:
        from tpm_course.data.sql import run_query

        sql = self.lookup(namespace)
        for seed in seeds:
            frame = self._result(sql, seed)
            connection = grading_database(self.database, seed)
            reference = run_query(expected, connection).rename(columns=str.lower)[self.columns]
            differences = result_differences(frame, reference, self.key, self.rel_tol)
            if not differences:
                continue
            details = capped(differences)
            if seed is not None:
                details.insert(
                    0,
                    f"This is on another {self.database} database with the same tables and other "
                    "rows. Does the query hard-code numbers, ids or dates that only hold in this one?",
                )
            context = {
                k: run_query(v, connection).rename(columns=str.lower) if isinstance(v, str) else v
                for k, v in {**self.context, **queries}.items()
            }
            misconception = self.misconception_for(frame, reference, context, self._matches)
            if misconception:
                details.append(misconception.message)
            return Outcome(
                Status.INCORRECT, f"{self.qid}: the result of `{self.name}` differs from the reference", details
            )
        databases = {1: "the shop database", 2: "both databases"}.get(len(seeds), f"all {len(seeds)} databases")
        return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` gives the reference result on {databases}")
