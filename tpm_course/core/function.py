"""A question answered by a function, called on a table of cases."""

from __future__ import annotations

import copy
import dataclasses
import dis
import inspect
import types
from dataclasses import dataclass, field
from typing import Any

from tpm_course.core import units

from . import cell_errors, structure
from .errors import Unanswered
from .feedback import capped, shown
from .misconception import Misconception
from .numbers import close, tolerance
from .outcome import Outcome, Status
from .question import Question
from .structure import unwrap

_MAX_CASES_SHOWN = 3  # each case is a call with its inputs, and its misconception's message follows


@dataclass(frozen=True)
class Case:
    """Keyword arguments for the learner's function and the answer it should give.

    ``context`` holds extra values for the misconceptions' predictions (what a wrong method
    gives on these inputs), computed by the hidden tests so the answer keys stay there.
    """

    inputs: dict
    expected: Any
    context: dict = field(default_factory=dict)

    def call(self, name: str) -> str:
        args = ", ".join(f"{k}={shown(v, full=True)}" for k, v in self.inputs.items())
        return f"{name}({args})"


@dataclass
class _Failure:
    case: Case
    found: str
    misconception: Misconception | None = None
    off_target: bool = False  # a number of the right kind, just not the right one
    inputs_ignored: bool = False  # the same result whichever of its number inputs changes


class FunctionQuestion(Question):
    """The learner writes a function ``name``; it is called on every case.

    ``cases`` are the examples the learner may see (or a function returning them, called at the
    first check, for inputs such as tables that are costly to build); hidden tests call
    ``check(cases=[(inputs, expected), ...])`` with inputs the learner never saw.
    Results are numbers in ``unit`` (a bare number) or quantities with any unit; ``integer`` asks for
    whole numbers (a count, rounded up). ``used_later`` says which later questions compute with the
    result ("Q5 and Q6 compute with it"): a right answer returned as text then passes with a warning.
    An answer key that is a dict, list or flag is compared field by field (see ``structure``).
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        cases=(),
        unit: str | None = None,
        integer: bool = False,
        rel_tol: float = 0.01,
        abs_tol: float = 0.0,
        used_later: str = "",
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.used_later = used_later
        # A function returning the cases defers building them (tables need pandas) to the first check.
        self._cases = cases if callable(cases) else [_as_case(c) for c in cases]
        self.unit = unit
        self.integer = integer  # a count (users, servers): a fraction is wrong however close it is
        self.rel_tol = rel_tol
        self.abs_tol = abs_tol

    @property
    def cases(self) -> list[Case]:
        if callable(self._cases):
            self._cases = [_as_case(c) for c in self._cases()]
        return self._cases

    def check_visible(self, namespace: dict) -> Outcome:
        function = self._function(namespace)
        self._texts = texts = []  # _run collects the results given as text (kinds built on this one call it too)
        failures = self._probed(function, self._run(function, self.cases))
        if failures:
            return self._incorrect(failures, len(self.cases))
        examples = "the example" if len(self.cases) == 1 else f"all {len(self.cases)} examples"
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` passes {examples}",
            ["The grader also calls it on inputs you have not seen.", *self._text_warning(texts)],
        )

    def check_key(self, namespace: dict, cases=()) -> Outcome:
        function = self._function(namespace)
        everything = self.cases + [_as_case(c) for c in cases]
        self._texts = texts = []
        failures = self._probed(function, self._run(function, everything))
        if failures:
            failed = {id(f.case) for f in failures}
            right = {f"case {i}": id(case) not in failed for i, case in enumerate(everything, 1)}
            return self.scored(self._incorrect(failures, len(everything)), right)
        return Outcome(
            Status.CORRECT,
            f"{self.qid}: correct, `{self.name}` gives the right answer in all {len(everything)} cases",
            self._text_warning(texts),
        )

    def _probed(self, function, failures: list[_Failure]) -> list[_Failure]:
        """The failures, the first marked when the function gives the same answer whatever its number inputs.

        Several cases that want different answers show it by themselves (``_ignores_inputs``); one
        wrong case without a known misconception is probed: each number input doubled in turn.
        """
        if len(failures) != 1 or not failures[0].off_target or failures[0].misconception is not None:
            return failures
        inputs = failures[0].case.inputs
        numbers = [k for k, v in inputs.items() if units.is_number(v)]
        if not numbers or len(numbers) != len(inputs):
            return failures
        try:
            results = {repr(self._call_with(function, inputs))}
            for key in numbers:
                results.add(repr(self._call_with(function, {**inputs, key: inputs[key] * 2 or 1})))
        except (Exception, KeyboardInterrupt):  # the learner's code: the case already reports how it fails
            return failures
        return [dataclasses.replace(failures[0], inputs_ignored=True)] if len(results) == 1 else failures

    def _call_with(self, function, inputs: dict) -> Any:
        args, kwargs = self._arguments(function, dict(inputs))
        return function(*args, **kwargs)

    def _text_warning(self, texts: list) -> list[str]:
        """A right answer returned as text, when later questions do arithmetic with it: say so now."""
        if not texts or not self.used_later:
            return []
        unit = f" in {units.label(self.unit)}" if self.unit else ""
        return [
            f"`{self.name}` returns text ({shown(texts[0], full=True)}). This check reads it, but "
            f"{self.used_later}, and arithmetic on text fails: return a number{unit}."
        ]

    # -- helpers -----------------------------------------------------------------

    def _function(self, namespace: dict):
        function = self.lookup(namespace)
        if not callable(function):
            raise Unanswered(f"`{self.name}` should be a function (a `def`), but it is a {type(function).__name__}.")
        return function

    def _arguments(self, function, inputs: dict) -> tuple[tuple, dict]:
        """Keyword arguments, or the same values in order when the learner renamed the parameters."""
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):
            return (), inputs
        try:
            signature.bind(**inputs)
            return (), inputs
        except TypeError:
            pass
        try:
            signature.bind(*inputs.values())
        except TypeError:
            wanted = ", ".join(inputs)
            raise _SignatureMismatch(f"`{self.name}` must accept ({wanted}); its parameters are {signature}.") from None
        return tuple(inputs.values()), {}

    def _run(self, function, cases: list[Case]) -> list[_Failure]:
        """The cases the function fails; the results it gave as text ("43.2 min") go to ``self._texts``."""
        failures, texts = [], getattr(self, "_texts", [])
        nothing = []  # the cases on which the function returned None: all of them means not written yet
        for case in cases:
            try:
                args, kwargs = self._arguments(function, copy.deepcopy(case.inputs))
            except _SignatureMismatch as mismatch:
                failures.append(_Failure(case, f"could not be called: {mismatch}"))
                continue
            try:
                result = function(*args, **kwargs)
            except NotImplementedError:
                raise Unanswered(f"`{self.name}` still raises NotImplementedError: write its body.") from None
            except KeyboardInterrupt:  # the cell's time limit (or the learner's interrupt) stopped the call
                raise self.wrong_form(
                    f"`{self.name}` did not finish",
                    f"`{case.call(self.name)}` was stopped at the time limit: a loop that never ends?",
                ) from None
            except Exception as error:  # the learner's code: report, never crash the check
                failures.append(_Failure(case, f"raised {cell_errors.described(error)}"))
                continue
            if result is None or result is Ellipsis:
                nothing.append(case)
                continue
            if isinstance(result, str):
                texts.append(result)
            failure = self._compare(case, result)
            if failure:
                failures.append(failure)
        if nothing and len(nothing) == len(cases):
            if _is_stub(function):
                raise Unanswered(
                    f"`{self.name}` returns nothing yet: its body does nothing (`...` or `pass`). "
                    "Write it, ending in a `return` with the answer."
                )
            if not _returns_a_value(function):
                raise self.wrong_form(
                    f"`{self.name}` returns None in every case",
                    "It has no `return` with a value: a result kept in a variable or printed is not given "
                    "back. End it with `return` and the answer.",
                )
            calls = capped([f"`{case.call(self.name)}` returned None." for case in nothing], _MAX_CASES_SHOWN)
            raise self.wrong_form(
                f"`{self.name}` returns None in every case",
                *calls,
                "Each of these inputs takes a path through it that ends without a `return` with a value.",
            )
        failures += [_Failure(case, "returned None: a path through it ends without a `return`") for case in nothing]
        return failures

    def _compare(self, case: Case, result: Any) -> _Failure | None:
        if structure.is_structured(case.expected):  # a dict, list or flag: field by field
            same = lambda a, e: structure.same(a, e, self.rel_tol, self.abs_tol)  # noqa: E731
            if same(result, case.expected):
                return None
            problem = structure.shape_problem(result, case.expected)
            if problem:
                return _Failure(case, f"returned {shown(result)}, {problem}")
            misconception = self.misconception_for(result, case.expected, {**case.inputs, **case.context}, same)
            return _Failure(case, f"returned {shown(result)}", misconception, off_target=True)
        try:
            value = units.magnitude(result, self.unit)
        except (TypeError, units.UnitMismatch) as error:
            return _Failure(case, f"returned {shown(result)}, which is not an answer of the right kind: {error}")
        expected = units.magnitude(case.expected, self.unit)
        if self.integer and not float(value).is_integer():
            return _Failure(case, f"returned {shown(value, self.unit, full=True)}, not a whole number: round up")
        if self._same(value, expected):
            return None
        misconception = self.misconception_for(value, expected, {**case.inputs, **case.context}, self._same)
        return _Failure(case, f"returned {shown(value, self.unit)}", misconception, off_target=True)

    def _same(self, actual: Any, expected: Any) -> bool:
        try:
            a, b = units.magnitude(actual, self.unit), units.magnitude(expected, self.unit)
        except (TypeError, units.UnitMismatch):
            return False
        return close(a, b, self.rel_tol, self.abs_tol)

    def _incorrect(self, failures: list[_Failure], total: int) -> Outcome:
        details = capped([f"`{f.case.call(self.name)}` {f.found}." for f in failures], _MAX_CASES_SHOWN)
        seen = []
        for failure in failures:
            if failure.misconception and failure.misconception not in seen:
                seen.append(failure.misconception)
        details += [m.message for m in seen]
        if _ignores_inputs(failures):
            details.append(
                f"`{self.name}` gives the same answer whatever its inputs: compute from its arguments, "
                "not from the notebook's variables or a number typed in."
            )
        elif not seen and any(f.off_target and units.is_number(unwrap(f.case.expected)) for f in failures):
            within = tolerance(self.rel_tol, self.abs_tol)
            details.append(
                f"Those results are not within {within} of the right ones."
                if within
                else "Those results are not the right ones: this question needs an exact match."
            )
        return Outcome(
            Status.INCORRECT, f"{self.qid}: `{self.name}` is wrong in {len(failures)} of {total} cases", details
        )


_STUB_STEPS = {"RESUME", "NOP", "LOAD_CONST", "RETURN_VALUE", "RETURN_CONST", "POP_TOP", "CACHE"}


def _steps(function) -> list | None:
    """The function's instructions (``opname``, ``argval``): from its code object, or from the facts
    about its code a function graded in the sandbox carries (``steps``); None when neither is known."""
    code = getattr(function, "__code__", None)
    if isinstance(code, types.CodeType):
        return list(dis.get_instructions(code))
    return getattr(code, "steps", None)


def _is_stub(function) -> bool:
    """A body that does nothing yet (``...``, ``pass``, a docstring): it only returns a constant.

    A body that reads its arguments (``if days >= 365: return ...``) is written, however little it names.
    """
    steps = _steps(function)
    return steps is not None and all(step.opname in _STUB_STEPS for step in steps)


def _returns_a_value(function) -> bool:
    """Whether some ``return`` in the function gives a value (not the None a missing ``return`` gives)."""
    steps = _steps(function) or []
    for before, step in zip([None, *steps], steps, strict=False):
        if step.opname == "RETURN_CONST" and step.argval is not None:
            return True
        if step.opname == "RETURN_VALUE" and not (before and before.opname == "LOAD_CONST" and before.argval is None):
            return True
    return False


def _ignores_inputs(failures: list[_Failure]) -> bool:
    """Two or more cases that want different answers got the same one: the function ignores its arguments."""
    return any(f.inputs_ignored for f in failures) or (
        len(failures) >= 2
        and all(f.off_target for f in failures)
        and len({f.found for f in failures}) == 1
        and len({repr(f.case.expected) for f in failures}) > 1
    )


class _SignatureMismatch(TypeError):
    """The learner's function cannot take the case's inputs, by name or in order."""


def _as_case(case) -> Case:
    """A Case from ``(inputs, expected)`` or ``(inputs, expected, context)``."""
    if isinstance(case, Case):
        return case
    inputs, expected, *context = case
    return Case(dict(inputs), expected, dict(context[0]) if context else {})
