"""A typical wrong answer, described relative to the right one so it reveals nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Misconception:
    """A known way to get a question wrong.

    ``predict(expected, **context)`` returns the answer a learner holding this
    misconception would give; ``context`` is the case's inputs for a function
    question or the extra values a hidden test passes for a value question.
    A prediction that cannot be made (a missing context value) is skipped.
    """

    name: str
    message: str
    predict: Callable[..., Any]

    def prediction(self, expected: Any, context: dict[str, Any]) -> Any:
        try:
            return self.predict(expected, **context)
        except (KeyError, TypeError, ZeroDivisionError, ValueError):
            return None


def bare_number_in(unit: str, size: float, *, base: str = "bytes", example: str) -> Misconception:
    """A bare number given in a larger unit (gigabytes) where a bare number is read in ``base``."""
    return Misconception(
        unit,
        f"A bare number is read as {base}, and yours looks like {unit}. Give {base}, "
        f"or a string that carries its unit such as `{example!r}`.",
        lambda expected, **_: expected / size,
    )
