"""A question answered by an API contract: its shape checked at once, its substance by the reviewer."""

from __future__ import annotations

from typing import Any

from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.question import Question, Unanswered

from .openapi import ContractError, operations, read_contract, shape_problems
from .review import Need, contract_problems


class ContractQuestion(Question):
    """The learner writes an OpenAPI 3 fragment (a dict or a YAML string) ``name``.

    The visible check reads it and checks its shape; the answer key is the list of ``Need``s
    (``check(expected=[Need(...), ...])``), and every problem the reviewer finds is reported.
    """

    def _form(self, namespace: dict) -> dict | Outcome:
        document = self.lookup(namespace)
        if isinstance(document, dict) and document.get("paths", None) is Ellipsis:
            raise Unanswered(f"Replace the `...` of `{self.name}['paths']` with the API's paths.")
        try:
            contract = read_contract(document)
        except ContractError as error:
            return Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` is not an OpenAPI document yet", [str(error)])
        problems = shape_problems(contract)
        if problems:
            shown = problems[:6] + ([f"… and {len(problems) - 6} more."] if len(problems) > 6 else [])
            return Outcome(
                Status.INCORRECT, f"{self.qid}: `{self.name}` does not have the shape of an OpenAPI document", shown
            )
        return contract

    def check_visible(self, namespace: dict) -> Outcome:
        contract = self._form(namespace)
        if isinstance(contract, Outcome):
            return contract
        ops = operations(contract)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has the shape of an OpenAPI document "
            f"({len(contract['paths'])} paths, {len(ops)} operations)",
            ["The grader reviews it against the partner's needs when you submit."],
        )

    def check_key(self, namespace: dict, expected: list[Need] = (), **_: Any) -> Outcome:
        contract = self._form(namespace)
        if isinstance(contract, Outcome):
            return contract
        problems = contract_problems(contract, list(expected))
        if not problems:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` meets every need a reviewer checks")
        return Outcome(
            Status.INCORRECT,
            f"{self.qid}: a reviewer would send `{self.name}` back with {len(problems)} comment(s)",
            problems[:8] + ([f"… and {len(problems) - 8} more."] if len(problems) > 8 else []),
        )
