"""Choosing a data store: five kinds of store, what each is good at, and a question for a store plan.

Sources: Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly, 2017), ch. 2
(data models), ch. 3 (OLTP against OLAP, column-oriented storage) and ch. 7 (transactions);
DeCandia et al., "Dynamo: Amazon's Highly Available Key-value Store", SOSP 2007 (the shopping
cart as a key-value workload).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tpm_course.core.document import schema_errors
from tpm_course.core.feedback import capped, shown
from tpm_course.core.misconception import Misconception
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.question import Question
from tpm_course.core.structure import as_list, is_series
from tpm_course.core.text import normalise


@dataclass(frozen=True)
class Store:
    examples: str
    good_at: str
    poor_at: str


STORES: dict[str, Store] = {
    "relational database": Store(
        "PostgreSQL, MySQL",
        "transactions that change several rows and tables together; reading your own writes at once; "
        "queries and joins on any column, with secondary indexes",
        "scans over billions of rows, which compete with the transactional work; writes beyond one primary",
    ),
    "key-value store": Store(
        "DynamoDB, Redis",
        "reading and writing one item by its key in a few milliseconds at any scale; expiry after a time to live",
        "queries by any other field, joins, and transactions across many items",
    ),
    "document database": Store(
        "MongoDB, Firestore",
        "nested records read and written whole, whose fields change from one record to the next",
        "joins, and transactions across many documents",
    ),
    "columnar warehouse": Store(
        "BigQuery, Snowflake, Redshift",
        "scans and aggregates over billions of rows, reading only the columns a query needs; SQL for analysts",
        "single-row reads and writes at low latency; data arrives in loads, minutes to hours behind",
    ),
    "search index": Store(
        "Elasticsearch, OpenSearch",
        "free-text search ranked by relevance, typo-tolerant matching and facet counts",
        "being the system of record: it is rebuilt from the source of truth, and writes show after a refresh",
    ),
}
"""The fixed set of stores the course chooses from: examples, strengths and weaknesses."""

REASONS: list[str] = [
    "atomic writes across several tables",
    "read-your-writes consistency",
    "lookups by several fields",
    "scans and aggregates over billions of rows",
    "analytics kept off the transactional database",
    "ad hoc SQL for analysts",
    "relevance-ranked full-text search",
    "typo tolerance and facet counts",
    "single-key reads in under 10 ms",
    "automatic expiry of entries",
    "nested records with a changing schema",
]
"""The needs a store choice may cite as its reasons."""


class StorePlanQuestion(Question):
    """The learner picks a store and two or more reasons for each workload: ``{w}_store``, ``{w}_reasons``.

    The answer key (``check(expected={...})``) gives each workload's store and, for its reasons,
    the set of needs that decide it: every reason listed must be one of them.
    """

    def __init__(self, qid, notebook, name, *, workloads: list[str], **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.workloads = list(workloads)
        fields = {}
        for workload in self.workloads:
            fields[f"{workload}_store"] = {"enum": list(STORES)}
            fields[f"{workload}_reasons"] = {
                "type": "array",
                "minItems": 2,
                "uniqueItems": True,
                "items": {"enum": REASONS},
            }
        self.schema = {"type": "object", "required": list(fields), "properties": fields}

    def _form(self, namespace: dict, *, graded: bool = False) -> tuple[dict, dict[str, list[str]]]:
        """The plan with stores and reasons spelled as the options are, and the workloads whose fields break
        its shape, with why. WrongForm when the plan has the wrong shape, unless ``graded`` with partial
        credit and some workloads are whole: then only the broken workloads lose their points."""
        document = self.lookup(namespace)
        document = document.to_dict() if is_series(document) else document
        if not isinstance(document, dict):
            raise self.wrong_form(f"`{self.name}` should be a dict", f"It is a {type(document).__name__}.")
        broken: dict[str, list[str]] = {}
        placeholders = [key for key, value in document.items() if value is Ellipsis]
        for key in placeholders:
            broken.setdefault(self._workload_of(key), []).append(
                f"`{self.name}[{key!r}]` is not finished: replace its `...`."
            )
        document = {k: _canonical(v) for k, v in document.items() if v is not Ellipsis}
        for field, problem in schema_errors(document, self.schema):
            if field in placeholders:
                continue  # there, but still `...`: said above, not "a required property"
            if str(field).endswith("_reasons") and problem.endswith("is too short"):
                problem = f"`{self.name}[{field!r}]` gives fewer than two reasons: list two or more from `REASONS`."
            broken.setdefault(self._workload_of(field), []).append(problem)
        if broken and (not graded or self.parts is None or None in broken or set(broken) >= set(self.workloads)):
            unfinished = all("is not finished" in p for found in broken.values() for p in found)
            title = "is not finished" if unfinished else "does not have the required shape"
            raise self.wrong_form(f"`{self.name}` {title}", *capped([p for found in broken.values() for p in found]))
        return document, broken

    def _workload_of(self, field: Any) -> str | None:
        """The workload a field belongs to (``"orders_reasons"`` → ``"orders"``); None: the plan as a whole."""
        workload = str(field).rsplit("_", 1)[0] if field is not None else None
        return workload if workload in self.workloads else None

    def check_visible(self, namespace: dict) -> Outcome:
        self._form(namespace)  # raises WrongForm unless the answer has the form asked for
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` names a store and its reasons for every workload",
            ["The grader checks each choice against the workloads when you submit."],
        )

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        document, broken = self._form(namespace, graded=True)
        expected = expected or {}
        details, right = [], {}
        for workload in self.workloads:
            found = broken.get(workload) or self._workload_problems(workload, document, expected)
            details += found
            right[workload] = not found
        if not details:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, each store fits its workload for the reasons given")
        context = {**self.context, **context}
        details += [m.message for m in self.misconceptions if _holds(m, document, expected, context)]
        return self.scored(Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` is not right yet", details), right)

    def _workload_problems(self, workload: str, document: dict, expected: dict) -> list[str]:
        """What is wrong with one workload's store and reasons ([] when both are right)."""
        store, reasons = document[f"{workload}_store"], document[f"{workload}_reasons"]
        if store != expected[f"{workload}_store"]:
            return [f"`{self.name}['{workload}_store']` = {shown(store)} does not fit the {workload} workload."]
        deciding = {normalise(r) for r in expected[f"{workload}_reasons"]}
        stray = [r for r in reasons if normalise(r) not in deciding]
        if stray:
            return [
                f"`{self.name}['{workload}_reasons']` lists {', '.join(map(shown, stray))}: not a need "
                f"the brief states for the {workload} workload, so not a reason for this choice."
            ]
        return []


def _canonical(value: Any) -> Any:
    """Options matched regardless of case and spacing, inside lists too (a set, an array or a Series of
    reasons is a list)."""
    options = {normalise(o): o for o in [*STORES, *REASONS]}
    if isinstance(value, str):
        return options.get(normalise(value), value)
    items = as_list(value)
    return value if items is None else [_canonical(v) for v in items]


def _holds(misconception: Misconception, document: dict, expected: dict, context: dict) -> bool:
    """The misconception's predicted fields all appear in the learner's plan."""
    predicted = misconception.prediction(expected, context)
    return bool(predicted) and all(normalise(document.get(k)) == normalise(v) for k, v in predicted.items())
