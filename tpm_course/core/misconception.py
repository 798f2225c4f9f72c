"""A typical wrong answer, described relative to the right one so it reveals nothing.

A misconception declares the inputs its prediction needs by naming them as parameters of
``predict``: ``lambda expected, days, replicas=1, **_: ...`` needs ``days`` and may use
``replicas``. A check that runs the prediction without a needed input raises
``MissingInput``; tests/test_misconception_declarations.py walks every question so that this
happens in the tests, never in a learner's notebook.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import TpmCourseError


class MissingInput(TpmCourseError):
    """A check ran a misconception's prediction without an input the prediction declares (a course bug)."""


@dataclass(frozen=True)
class Misconception:
    """A known way to get a question wrong.

    ``predict(expected, **inputs)`` returns the answer a learner holding this misconception
    would give, or None where it would not differ from the right one. Its parameters after
    ``expected`` declare its inputs: a function case's inputs, the question's ``context``, or
    the extra values a hidden test passes (``q4.check(expected=..., busiest_hour=...)``).
    ``**_`` takes the inputs it does not use; a ``**kwargs`` read by name would hide them, so it
    is refused.
    """

    name: str
    message: str
    predict: Callable[..., Any]
    needs: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The inputs the prediction cannot be made without: its parameters without a default."""
    uses: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """Every input the prediction reads: ``needs`` and the parameters with a default."""

    def __post_init__(self):
        needed, optional = _declared_inputs(self.predict, self.name)  # refused at import, not at grading
        object.__setattr__(self, "needs", needed)
        object.__setattr__(self, "uses", needed + optional)

    def prediction(self, expected: Any, context: dict[str, Any], *, question: str = "") -> Any:
        """The predicted answer, or None where the wrong method has none (a division by zero on these inputs).

        Raises ``MissingInput`` when ``context`` lacks a declared input; any other error of the
        prediction (a misspelt name, a field the key does not have) is a bug and propagates.
        """
        missing = [name for name in self.needs if name not in context]
        if missing:
            where = f" of {question}" if question else ""
            raise MissingInput(
                f"misconception {self.name!r}{where} needs the input(s) {', '.join(map(repr, missing))}, "
                f"which this check does not offer (it offers {sorted(context) or 'nothing'}): pass them from the "
                "hidden test, the function case or the question's `context`, or correct the parameter's name."
            )
        try:
            return self.predict(expected, **context)
        except (ArithmeticError, ValueError):  # no answer for these numbers (x / 0, log(0)): nothing to compare
            return None

    def prediction_without_key(self, context: dict[str, Any]) -> Any:
        """The prediction where a check has no answer key yet (a document of the wrong shape).

        None when the prediction needs an input ``context`` lacks or reads a field of the key:
        only a misconception that names a field of its own (``{"guardrails": []}``) shows there.
        """
        if any(name not in context for name in self.needs):
            return None
        try:
            return self.prediction(_NoKey(), context)
        except _KeyNotGiven:
            return None


class _KeyNotGiven(LookupError):
    """A prediction read a field of an answer key that the check does not have."""


class _NoKey(dict):
    """An empty answer key whose fields, when read, say that there is no key rather than a KeyError."""

    def __missing__(self, field: str):
        raise _KeyNotGiven(field)


def _declared_inputs(predict: Callable[..., Any], name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(needed, optional) input names of a prediction; TypeError when its signature hides what it reads."""
    try:
        parameters = list(inspect.signature(predict).parameters.values())
    except (TypeError, ValueError) as error:
        raise TypeError(f"misconception {name!r}: its prediction has no readable signature ({error})") from None
    if not parameters or parameters[0].kind not in (parameters[0].POSITIONAL_ONLY, parameters[0].POSITIONAL_OR_KEYWORD):
        raise TypeError(f"misconception {name!r}: its prediction's first parameter must take the answer key")
    needed, optional = [], []
    for parameter in parameters[1:]:
        if parameter.kind is parameter.VAR_KEYWORD:
            if parameter.name != "_":
                raise TypeError(
                    f"misconception {name!r}: name each input the prediction reads as a parameter; "
                    f"`**{parameter.name}` hides them (use `**_` for the inputs it ignores)"
                )
            continue
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.POSITIONAL_ONLY):
            raise TypeError(f"misconception {name!r}: inputs are passed by name, so `{parameter}` cannot receive one")
        (needed if parameter.default is parameter.empty else optional).append(parameter.name)
    return tuple(needed), tuple(optional)


def bare_number_in(unit: str, size: float, *, base: str = "bytes", example: str) -> Misconception:
    """A bare number given in a larger unit (gigabytes) where a bare number is read in ``base``."""
    return Misconception(
        unit,
        f"A bare number is read as {base}, and yours looks like {unit}. Give {base}, "
        f"or a string that carries its unit such as `{example!r}`.",
        lambda expected, **_: expected / size,
    )
