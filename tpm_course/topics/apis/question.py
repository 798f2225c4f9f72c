"""A question answered by an API contract: its shape checked at once, its substance by the reviewer."""

from __future__ import annotations

from typing import Any

from tpm_course.core.errors import Unanswered, WrongForm
from tpm_course.core.feedback import capped, shown
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.query import QueryQuestion, grading_database
from tpm_course.core.question import Question

from .openapi import OPERATION_KEYS, ContractError, operations, read_contract, shape_problems, without_broken_parts
from .review import Need, _path_fits, contract_review


class ContractQuestion(Question):
    """The learner writes an OpenAPI 3 fragment (a dict or a YAML string) ``name``.

    The visible check reads it and checks its shape; the answer key is the list of ``Need``s
    (``check(expected=[Need(...), ...])``), and every problem the reviewer finds is reported.
    """

    def _form(self, namespace: dict) -> dict:
        """The contract as a dict; WrongForm saying why when it is not an OpenAPI document."""
        document = self.lookup(namespace)
        if isinstance(document, dict) and document.get("paths", None) is Ellipsis:
            raise Unanswered(f"Replace the `...` of `{self.name}['paths']` with the API's paths.")
        try:
            contract = read_contract(document)
        except ContractError as error:
            raise self.wrong_form(f"`{self.name}` is not an OpenAPI document yet", str(error)) from None
        problems = shape_problems(contract)
        if problems:
            raise self.wrong_form(f"`{self.name}` does not have the shape of an OpenAPI document", *capped(problems))
        return contract

    def check_visible(self, namespace: dict) -> Outcome:
        contract = self._form(namespace)
        ops = operations(contract)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has the shape of an OpenAPI document "
            f"({len(contract['paths'])} paths, {len(ops)} operations)",
            ["The grader reviews it against the partner's needs when you submit."],
        )

    def _graded_form(self, namespace: dict) -> tuple[dict, list[tuple[tuple, str]]]:
        """The contract, and with partial credit the parts inside operations that break the structure.

        Those parts are mended or left out of the review (`without_broken_parts`) and cost the needs their
        operations serve, not the question.
        """
        if self.parts is None:
            return self._form(namespace), []
        try:
            return self._form(namespace), []
        except WrongForm as refusal:
            document = self.lookup(namespace)
            try:
                return without_broken_parts(read_contract(document))
            except ContractError:
                raise refusal from None

    def check_key(self, namespace: dict, expected: list[Need] = (), **_: Any) -> Outcome:
        contract, broken = self._graded_form(namespace)
        review = contract_review(contract, list(expected))
        for path, problem in broken:
            _charge(review, path, problem, list(expected), contract)
        problems = list(dict.fromkeys(problem for found in review.values() for problem in found))  # said once
        if not problems:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` meets every need a reviewer checks")
        outcome = Outcome(
            Status.INCORRECT,
            f"{self.qid}: a reviewer would send `{self.name}` back with {len(problems)} comment(s)",
            capped(problems),
        )
        return self.scored(outcome, {part: not found for part, found in review.items()})


def _charge(review: dict[str, list[str]], path: tuple, problem: str, needs: list[Need], contract: dict) -> None:
    """Add a structure problem to the parts of the review whose operations it breaks.

    A problem inside an operation costs the need that operation serves; one in a path's shared
    parameters, the needs its operations serve; one elsewhere on a path (a key that is not a method),
    a need of that path already sent back (a misspelt method leaves it without an operation). A
    problem that serves no need costs the rules every operation follows.
    """
    url, key = path[1], path[2]
    fits = [n for n in needs if _path_fits(n.path, url)]
    if key in OPERATION_KEYS:
        served = [n.purpose for n in fits if key in n.methods.split("|")]
    elif key == "parameters":
        present = [m for m in OPERATION_KEYS if m in contract["paths"].get(url, {})]
        served = [n.purpose for n in fits if any(m in n.methods.split("|") for m in present)]
    else:
        served = [n.purpose for n in fits if review.get(n.purpose)]
    where = f"{key.upper()} {url}" if key in OPERATION_KEYS else url
    for part in served or ["every operation"]:
        found = review.setdefault(part, [])
        if f"{where}: {problem}" not in found:
            found.append(f"{where}: {problem}")


class RowScoredQuery(QueryQuestion):
    """A query whose result loses points for each row of the reference it misses or gets wrong.

    Each such row costs ``row_cost`` points; rows the reference does not have (other days, other
    countries) cost ``extra_cost`` together; the result never earns less than 0. The first database on
    which the result differs is the one scored. A result the feedback names as a wrong method (any
    misconception not listed in ``rows_only``) earns nothing: its right rows are right by chance.
    """

    def __init__(self, *args, row_cost: float, extra_cost: float, rows_only: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.row_cost = row_cost
        self.extra_cost = extra_cost
        self.rows_only = set(rows_only)  # misconceptions about which rows, whose right rows still earn

    def check_key(self, namespace: dict, expected: str = "", seeds=(None,), **queries: Any) -> Outcome:
        outcome = super().check_key(namespace, expected=expected, seeds=seeds, **queries)
        if outcome.status is not Status.INCORRECT or self.parts is None:
            return outcome
        if any(m.message in outcome.details for m in self.misconceptions if m.name not in self.rows_only):
            return outcome
        from tpm_course.core.frame import rows_right
        from tpm_course.data.sql import run_query

        sql = self.lookup(namespace)
        for seed in seeds:
            frame = self._result(sql, seed)
            reference = run_query(expected, grading_database(self.database, seed)).rename(columns=str.lower)
            right = rows_right(frame, reference[self.columns], key=self.key, rel_tol=self.rel_tol)
            if not all(right.values()):
                return self._deducted(outcome, right)
        return outcome

    def _deducted(self, outcome: Outcome, right: dict[str, bool]) -> Outcome:
        """``outcome`` with the points left after each wrong row's cost, and which rows cost what."""
        extra = [row for row in right if row.endswith("that should not be there")]
        wrong = [row for row, ok in right.items() if not ok and row not in extra]
        cost = self.row_cost * len(wrong) + (self.extra_cost if extra else 0.0)
        points = self.parts.points
        earned = max(0.0, round(points - cost, 2))
        tally = [f"{len(wrong)} of {len(right) - len(extra)} rows missing or wrong, {shown(self.row_cost)} point each"]
        if wrong:
            tally[0] += f": {', '.join(capped(wrong, 3))}"
        if extra:
            tally.append(f"{len(extra)} row(s) that should not be there: {shown(self.extra_cost)} point together")
        if earned <= 0:
            return Outcome(outcome.status, outcome.title, [*tally, *outcome.details], outcome.code, 0.0, points)
        title = f"{self.qid}: partly right, {shown(earned)} of {shown(points)} points"
        return Outcome(Status.PARTIAL, title, [*tally, *outcome.details], outcome.code, earned, points)
