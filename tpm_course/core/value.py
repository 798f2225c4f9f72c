"""A question answered by one number, optionally with a unit ("3.5 TB" or 3.5e12)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from tpm_course.core import units

from . import carried as carried_forward
from . import cell_errors
from .errors import Unanswered, WrongForm
from .feedback import shown
from .numbers import close, tolerance
from .outcome import Outcome, Status
from .question import Question


def arithmetic_cause(error: BaseException | None) -> str | None:
    """Why a cell's arithmetic raised, when it met text or None where a number belongs; else None.

    The usual cause is upstream: an earlier answer written as a string with a unit ("17 %"), or a
    function that returns one or returns None on some path, may pass its own check and still break
    the cell that computes with it.
    """
    found = re.search(r"'(str|NoneType)'", str(error)) if isinstance(error, TypeError) else None
    if found is None:
        return None
    if found.group(1) == "str":
        return (
            "That cell did arithmetic on text. Does an earlier answer it uses hold a string with a unit "
            "(such as '17 %' or '$19,784'), or a function it calls return one? Make that a number, as the "
            "question it answers asks."
        )
    return (
        "That cell did arithmetic on None. Does one of the functions it calls return None on some inputs "
        "(a path with no `return`)? Its own check lists the inputs."
    )


def repeated_text(value: Any) -> str | None:
    """What a value that is text repeated ("43.2 min43.2 min...") says: text times a number repeats it."""
    if not isinstance(value, str) or len(value) < 2:
        return None
    for size in range(1, len(value) // 2 + 1):
        if len(value) % size == 0 and value[:size] * (len(value) // size) == value and any(c.isdigit() for c in value):
            return (
                f"It is the text {value[:size]!r} repeated {len(value) // size} times: a function returned text "
                "(a number with its unit), and text times a number repeats it. Make that function return a number."
            )
    return None


class _ExplainsArithmetic:
    """A question reading a variable whose cell raised: says so, and when the cause is text or None met by arithmetic.

    A cell that sets the placeholder and then raises (``plan = ...`` above code that fails) leaves the
    placeholder: that is an error to fix, not an answer not attempted.
    """

    def lookup(self, namespace: dict) -> Any:
        try:
            return super().lookup(namespace)
        except WrongForm as wrong:
            cause = arithmetic_cause(cell_errors.raised_defining(self.name))
            if cause:
                wrong.outcome.details.insert(len(wrong.outcome.details) - 1, cause)
            raise
        except Unanswered:
            held = "None" if namespace.get(self.name, ...) is None else "still `...`"
            error = cell_errors.raised_defining(self.name)
            if error is None or "ellipsis" in str(error):  # arithmetic on a `...` still to replace: not started
                raise
            cause = arithmetic_cause(error)
            raise self.wrong_form(
                f"`{self.name}` is {held}: the cell that defines it raised {type(error).__name__}",
                cell_errors.described(error),
                *([cause] if cause else []),
                "Fix that cell and run it again, then run this check.",
            ) from None


class ValueQuestion(_ExplainsArithmetic, Question):
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
            repeated = repeated_text(namespace.get(self.name))
            raise self.wrong_form(
                f"`{self.name}` is not an answer of the right kind", str(error), *([repeated] if repeated else [])
            ) from None
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
                f"That is not within {within} of the right answer."
                if within
                else "That is not the right answer: this question needs an exact match."
            )
        return Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` is not right yet", details)

    def _same(self, actual: Any, expected: Any) -> bool:
        try:
            actual = units.magnitude(actual, self.unit)
            expected = units.magnitude(expected, self.unit)
        except (TypeError, units.UnitMismatch):
            return False
        return close(actual, expected, self.rel_tol, self.abs_tol)


class ValuesQuestion(Question):
    """Several numbers the learner assigns to variables (``peak_rps``, then ``servers_needed``), checked together.

    ``names`` maps each variable to how a ``ValueQuestion`` reads it (``{"unit": "request/second"}``,
    ``{"integer": True}``). The key (``check(expected={...})``) maps each checked variable to its
    value; a misconception predicts the variables it gets wrong (a dict from ``peak_rps`` to its wrong value). With
    ``parts``, each variable is a part: one unfinished or of the wrong form loses its own part.
    ``follows(namespace, key's inputs)`` gives the variables as the learner's own earlier answer
    makes them: one that agrees with it is right, and the feedback says it follows from ``follows_from``.
    """

    def __init__(
        self,
        qid,
        notebook,
        names: dict[str, dict],
        *,
        rel_tol: float = 0.01,
        abs_tol: float = 0.0,
        follows: Callable[[dict, dict], dict | None] | None = None,
        follows_from: str = "",
        **kwargs,
    ):
        super().__init__(qid, notebook, ", ".join(names), **kwargs)
        self.values = {
            name: ValueQuestion(qid, notebook, name, rel_tol=rel_tol, abs_tol=abs_tol, **how)
            for name, how in names.items()
        }
        self.follows, self.follows_from = follows, follows_from

    def _forms(self, namespace: dict) -> tuple[dict, dict]:
        """Each variable as a number, and what is wrong with those that are not one (all unset: Unanswered)."""
        read, problems, unset = {}, {}, []
        for name, question in self.values.items():
            try:
                read[name] = question._form(namespace)
            except Unanswered as why:
                problems[name], unset = [str(why)], [*unset, name]
            except WrongForm as wrong:
                problems[name] = [wrong.outcome.title.split(": ", 1)[-1], *wrong.outcome.details]
        if len(unset) == len(self.values):
            raise Unanswered(f"Replace the `...` of {', '.join(f'`{name}`' for name in unset)} with your answers.")
        return read, problems

    def check_visible(self, namespace: dict) -> Outcome:
        read, problems = self._forms(namespace)
        if problems:
            raise self.wrong_form(
                f"{len(problems)} of {len(self.values)} values are not answers yet", *_lines(problems)
            )
        given = ", ".join(f"`{name}` = {shown(value, self.values[name].unit)}" for name, value in read.items())
        return Outcome(
            Status.PENDING,
            f"{self.qid}: {given} are answers of the right kind",
            ["The grader compares them with the answer key when you submit."],
        )

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        expected = expected or {}
        read, problems = self._forms(namespace)
        if problems and self.parts is None:
            raise self.wrong_form(
                f"{len(problems)} of {len(self.values)} values are not answers yet", *_lines(problems)
            )
        carried = []
        if self.follows is not None:
            own = partial(self.follows, namespace, context)
            expected, carried = carried_forward.carried(expected, read, own, lambda n, a, b: self.values[n]._same(a, b))
        notes = [carried_forward.note(carried, self.follows_from)] if carried and self.follows_from else []
        wrong = [n for n, v in expected.items() if n in problems or not self.values[n]._same(read[n], v)]
        if not wrong:
            given = ", ".join(f"`{name}` = {shown(read[name], self.values[name].unit)}" for name in expected)
            return Outcome(Status.CORRECT, f"{self.qid}: correct, {given}", notes)
        details = _lines({n: problems[n] for n in wrong if n in problems})
        details += [f"You gave `{n}` = {shown(read[n], self.values[n].unit)}." for n in wrong if n not in problems]
        misconception = self.misconception_for(read, expected, context, self._matches)
        if misconception:
            details.append(misconception.message)
        elif any(n not in problems for n in wrong):
            within = {tolerance(self.values[n].rel_tol, self.values[n].abs_tol) for n in wrong if n not in problems}
            details.append(
                f"That is not within {' or '.join(sorted(w for w in within if w))} of the right answer."
                if all(within)
                else "That is not the right answer: this question needs an exact match."
            )
        names = ", ".join(f"`{n}`" for n in wrong)
        outcome = Outcome(
            Status.INCORRECT, f"{self.qid}: {names} {'is' if len(wrong) == 1 else 'are'} not right yet", details + notes
        )
        return self.scored(outcome, {n: n not in wrong for n in expected})

    def _matches(self, read: dict, predicted: Any) -> bool:
        return (
            isinstance(predicted, dict)
            and bool(predicted)
            and all(n in read and self.values[n]._same(read[n], v) for n, v in predicted.items())
        )


def _lines(problems: dict) -> list[str]:
    """What is wrong with each variable, flattened: each reader's message already names its variable."""
    return [line for found in problems.values() for line in found]
