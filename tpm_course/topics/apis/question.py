"""A question answered by an API contract: its shape checked at once, its substance by the reviewer."""

from __future__ import annotations

from typing import Any

from tpm_course.core.errors import Unanswered
from tpm_course.core.feedback import capped
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.question import Question

from .openapi import ContractError, operations, read_contract, shape_problems
from .review import Need, contract_review


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

    def check_key(self, namespace: dict, expected: list[Need] = (), **_: Any) -> Outcome:
        contract = self._form(namespace)
        review = contract_review(contract, list(expected))
        problems = [problem for found in review.values() for problem in found]
        if not problems:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` meets every need a reviewer checks")
        outcome = Outcome(
            Status.INCORRECT,
            f"{self.qid}: a reviewer would send `{self.name}` back with {len(problems)} comment(s)",
            capped(problems),
        )
        return self.scored(outcome, {part: not found for part, found in review.items()})
