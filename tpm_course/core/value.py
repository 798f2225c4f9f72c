"""A question answered by one number, optionally with a unit ("3.5 TB" or 3.5e12)."""

from __future__ import annotations

import math
from typing import Any

from tpm_course.core import units

from .feedback import shown
from .numbers import close, tolerance
from .outcome import Outcome, Status
from .question import Question


class ValueQuestion(Question):
    """The learner assigns a number (or a quantity with a unit) to a variable.

    ``unit`` is the unit a bare number is read in (None: a plain number); ``integer``
    asks for a whole number (servers, people). ``expected`` is for lesson self-checks
    only: graded exercises keep their answer key in the hidden tests.
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        unit: str | None = None,
        rel_tol: float = 0.01,
        abs_tol: float = 0.0,
        integer: bool = False,
        expected: Any = None,
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.unit = unit
        self.rel_tol = 0.0 if integer else rel_tol
        self.abs_tol = abs_tol
        self.integer = integer
        self.expected = expected

    def _read(self, namespace: dict) -> float:
        answer = self.lookup(namespace)
        value = units.magnitude(answer, self.unit)
        if not math.isfinite(value):
            raise TypeError(f"`{self.name}` is {value}; give a finite number")
        return value

    def _form(self, namespace: dict) -> float:
        """The answer as a number in ``unit``; WrongForm saying why when it is not one."""
        try:
            value = self._read(namespace)
        except (TypeError, units.UnitMismatch) as error:
            raise self.wrong_form(f"`{self.name}` is not an answer of the right kind", str(error)) from None
        if self.integer and value != int(value):
            raise self.wrong_form(
                f"`{self.name}` must be a whole number",
                f"You gave {shown(value)}; you cannot run part of one. Round in the safe direction.",
            )
        return value

    def check_visible(self, namespace: dict) -> Outcome:
        if self.expected is not None:
            return self.check_key(namespace, expected=self.expected)
        value = self._form(namespace)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` = {shown(value, self.unit)} is an answer of the right kind",
            ["The grader compares it with the answer key when you submit."],
        )

    def check_key(self, namespace: dict, expected: Any = None, **context: Any) -> Outcome:
        value = self._form(namespace)
        target = units.magnitude(expected, self.unit)
        if self._same(value, target):
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` = {shown(value, self.unit)}")
        misconception = self.misconception_for(value, target, context, self._same)
        details = [f"You gave {shown(value, self.unit)}."]
        if misconception:
            details.append(misconception.message)
        else:
            within = tolerance(self.rel_tol, self.abs_tol)
            details.append(
                f"That is not within {within} of the answer key." if within else "That does not match the answer key."
            )
        return Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` is not right yet", details)

    def _same(self, actual: Any, expected: Any) -> bool:
        try:
            actual = units.magnitude(actual, self.unit)
            expected = units.magnitude(expected, self.unit)
        except (TypeError, units.UnitMismatch):
            return False
        return close(actual, expected, self.rel_tol, self.abs_tol)
