"""Exercise 12's own question kinds: a function graded on columns too, documents naming every mistake they match."""

from __future__ import annotations

from typing import Any

from tpm_course.core import DocumentQuestion, FunctionQuestion, Outcome, Status
from tpm_course.core.structure import as_sequence

ON_COLUMNS = (
    "`{name}` works on single numbers but not on whole pandas columns, and the grader calls it on columns too "
    "(Q4 does). Use only arithmetic (`+`, `*`), which pandas applies row by row: `float(...)`, `int(...)`, "
    "an `if isinstance(...)` branch or an f-string handle one number only. On columns, return the column of numbers."
)


def _is_column(value: Any) -> bool:
    return hasattr(value, "dtype") and getattr(value, "ndim", 0) == 1


class ColumnFunctionQuestion(FunctionQuestion):
    """A function graded on single numbers and on pandas columns; failing on the columns only is named."""

    def _incorrect(self, failures, total) -> Outcome:
        outcome = super()._incorrect(failures, total)
        on_columns = [any(_is_column(v) for v in f.case.inputs.values()) for f in failures]
        if on_columns and all(on_columns):
            outcome.details.append(ON_COLUMNS.format(name=self.name))
        return outcome


class NamingDocumentQuestion(DocumentQuestion):
    """A document question whose feedback names every known mistake its fields match, not only the first.

    With partial credit, its visible check lets a field of the wrong form through, saying so: the
    graded check then takes that field's part only. (The core's visible check refuses the whole
    document, which in an autograded test cell raises before the graded check can give the other
    fields their points.)
    """

    def check_visible(self, namespace: dict) -> Outcome:
        if self.parts is None:
            return super().check_visible(namespace)
        document = self._read(namespace)
        problems = self._problems(document)
        scored = set(self.parts.each or self.schema.get("required", []))
        if not problems or not isinstance(document, dict) or not set(problems) <= scored:
            return super().check_visible(namespace)
        fields = ", ".join(f"`{k}`" for k in problems)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` is filled in, but {fields} not in the form asked: each loses its part",
            [*[p for found in problems.values() for p in found], "The grader checks the other fields when you submit."],
        )

    def scored(self, outcome: Outcome, right: dict[str, bool]) -> Outcome:
        """As the core scores it, with the parts not yet right listed first (every part is listed)."""
        return super().scored(outcome, dict(sorted(right.items(), key=lambda part: part[1])))

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context: Any):
        expected, figures = dict(expected or {}), dict(figures or {})
        outcome = super().check_key(namespace, expected, figures, **context)
        if outcome.status is Status.CORRECT:
            return outcome
        # as written: a field of the wrong form ("" for a date) is named too, one still `...` costs its part alone
        document = self._read(namespace, finished=False)
        if not isinstance(document, dict):
            return outcome
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, {**self.context, **context}, question=self.qid)
            if (
                isinstance(predicted, dict)
                and self._names(document, predicted, expected)
                and misconception.message not in outcome.details
            ):
                outcome.details.append(misconception.message)
        return outcome

    def _names(self, document: dict, predicted: dict, expected: dict) -> bool:
        """Whether the document holds the prediction's fields, where they differ from the key's."""
        try:
            return self._matches(document, predicted) and not all(
                k in expected and self._matches(document, {k: expected[k]}) for k in predicted
            )
        except (TypeError, ValueError):  # a value that compares as a table (a Series): no mistake to name
            return False


class Watchlist:
    """A rule a list of monitors meets: three or more of ``options``, with ``required`` and one of ``any_of``.

    It stands in the answer key of a list field, so the document question compares the learner's
    list with it as with a value (``==``), and the field earns its part like any other.
    """

    def __init__(self, options, required, any_of, never):
        self.options, self.required, self.any_of, self.never = set(options), required, set(any_of), set(never)

    def __eq__(self, other) -> bool:
        items = as_sequence(other)
        if items is None or not all(isinstance(i, str) for i in items):
            return False
        chosen = set(items)
        return (
            len(chosen) >= 3
            and chosen <= self.options
            and self.required in chosen
            and bool(chosen & self.any_of)
            and not chosen & self.never
        )

    __hash__ = None

    def __repr__(self) -> str:
        return f"three or more monitors with {self.required!r} and one of {sorted(self.any_of)}"


class Holding:
    """Any list that holds ``item``: a misconception's prediction for a list field."""

    def __init__(self, item: str):
        self.item = item

    def __eq__(self, other) -> bool:
        items = as_sequence(other)
        return items is not None and self.item in items

    __hash__ = None

    def __repr__(self) -> str:
        return f"a list holding {self.item!r}"
