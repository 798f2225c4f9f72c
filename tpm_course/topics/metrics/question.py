"""Question kinds of exercise 08 built on core's: labels in any case, percent tables named, upstream errors said."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tpm_course.core import DocumentQuestion, FrameQuestion, FunctionQuestion, Misconception, Parts, cell_errors, units
from tpm_course.core.errors import Unanswered, WrongForm
from tpm_course.core.feedback import capped, shown
from tpm_course.core.frame import table_differences
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.structure import plain

PERCENT_ROUNDING = 0.051
"""A table of rates written as percentages, rounded to one decimal (50.8 for 0.50812), matches a percent prediction."""


def raised_or_unset(question, namespace: dict) -> Any:
    """The learner's answer, refused with the error when the cell that sets it raised after ``name = None``.

    A cell that binds ``funnel_table = None`` and then loops until the time limit stops it leaves the
    placeholder behind: that is an error of the cell, not an answer not yet attempted.
    """
    try:
        value = namespace[question.name]  # not .get: the grader's namespace asks the kernel only on a lookup
    except KeyError:
        return None
    if value is None:
        error = cell_errors.raised_defining(question.name)
        if error is not None:
            raise question.wrong_form(
                f"`{question.name}` is still None: the cell that sets it raised {type(error).__name__}",
                cell_errors.described(error),
                "Fix that cell and run it again, then run this check.",
            )
    return None


EXTRA_ROW = "a row for "  # how core's rows_right names a row the answer key does not have


@dataclass(frozen=True)
class RowParts(Parts):
    """A table's points shared by the answer key's rows; a row that should not be there costs one share.

    Core counts such rows among the parts, which would change every row's share with the learner's
    table (19 shares for 9 cohorts); the statement promises a share per cohort.
    """

    def score(self, qid, outcome, right):
        rows = {part: ok for part, ok in right.items() if not part.startswith(EXTRA_ROW)}
        extra = len(right) - len(rows)
        share = round(self.points / len(rows), 2)
        earned = max(0.0, round(share * (sum(rows.values()) - extra), 2))
        noun = self.noun if len(rows) == 1 else f"{self.noun}s"
        wrong = [part for part, ok in rows.items() if not ok]
        tally = f"{sum(rows.values())} of {len(rows)} {noun} right, each worth {shown(share)} point(s)"
        tally += f"; not yet: {', '.join(capped(wrong))}" if wrong else ""
        if extra:
            tally += f"; {extra} row(s) that should not be there, each costing {shown(share)} point(s)"
        if earned <= 0:
            return Outcome(outcome.status, outcome.title, [tally, *outcome.details], outcome.code, 0.0, self.points)
        title = f"{qid}: partly right, {shown(earned)} of {shown(self.points)} points"
        return Outcome(Status.PARTIAL, title, [tally, *outcome.details], outcome.code, earned, self.points)


class LabelledFrameQuestion(FrameQuestion):
    """A table whose ``labels`` columns hold names (funnel steps) compared whatever their case and spacing.

    A prediction of a misconception whose rates are percentages (above 1) matches a learner's
    table rounded to one decimal of a percent.
    """

    def __init__(self, *args, labels: tuple[str, ...] = (), rates: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = tuple(labels)
        self.rates = tuple(rates)

    def lookup(self, namespace: dict) -> Any:
        raised_or_unset(self, namespace)
        return super().lookup(namespace)

    def _form(self, namespace: dict) -> Any:
        frame = super()._form(namespace)
        import pandas as pd

        columns = [c for c in self.labels if c in frame.columns and not pd.api.types.is_numeric_dtype(frame[c])]
        if columns:
            frame = frame.copy()
            for column in columns:
                frame[column] = frame[column].map(lambda v: " ".join(v.split()).lower() if isinstance(v, str) else v)
        return frame

    def _same(self, actual, expected) -> bool:
        tolerance = self.abs_tol
        rates = [c for c in self.rates if c in expected.columns]
        if rates and (expected[rates].abs() > 1 + 1e-9).to_numpy().any():
            tolerance = max(tolerance, PERCENT_ROUNDING)  # a percent prediction: rounded percentages match it
        return not table_differences(actual, expected, key=self.sort_by, rel_tol=self.rel_tol, abs_tol=tolerance)


class UnambiguousFunctionQuestion(FunctionQuestion):
    """A function question that, where two wrong methods give the same answer on a case, names both as possible.

    On a small log two wrong methods can give the same number (events counted and 24-hour periods
    both give 2/3): naming one of them there would blame a method the learner may not have used.
    """

    def misconception_for(self, answer, expected, context, same):
        context = {**self.context, **context}
        found = []
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=f"{self.notebook} {self.qid}")
            if predicted is not None and same(answer, predicted) and misconception.message not in found:
                found.append(misconception.message)
        if len(found) <= 1:
            return super().misconception_for(answer, expected, context, same)
        either = " Or: ".join(found)
        return Misconception(
            "one of several", f"On that log more than one mistake gives your answer. {either}", _no_prediction
        )


def _no_prediction(expected, **_):
    return None


class CarriedForwardQuestion(DocumentQuestion):
    """A decision read from an earlier answer, whose mistake is charged there, not again here.

    ``follows`` and ``follows_from`` (core's ``DocumentQuestion``) give the fields as the learner's own
    earlier answer gives them (the step and the extra purchasers their own ``funnel_table`` gives);
    the right answer counts too. A misconception is named only for a field it explains that is still
    wrong.

    ``builds_on`` maps an earlier answer's name to its question (``{"funnel_table": "Q1"}``): when
    this answer's cell failed because that one is still ``...``, the feedback names it.
    ``share_fields`` may be written as a percentage ("17.04 %"), read as the fraction.
    A field written in the wrong form ("7 days") is not also named as left out.
    """

    def __init__(self, *args, builds_on=None, share_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.builds_on = dict(builds_on or {})
        self.share_fields = tuple(share_fields)

    def lookup(self, namespace: dict) -> Any:
        try:
            answer = super().lookup(namespace)
        except Unanswered:
            earlier = self._unfinished_earlier(namespace)
            if earlier is None:
                raise
            raise Unanswered(earlier) from None
        except WrongForm as wrong:
            earlier = self._unfinished_earlier(namespace)
            if earlier is None:
                raise
            details = list(wrong.outcome.details)
            details.insert(max(len(details) - 1, 0), earlier)
            raise WrongForm(replace(wrong.outcome, details=details)) from None
        if isinstance(answer, dict):
            answer = {k: _share(v) if k in self.share_fields else v for k, v in answer.items()}
        return answer

    def _unfinished_earlier(self, namespace: dict) -> str | None:
        """What to say when an earlier answer this one builds on is still `...` and this cell failed on it."""
        error = cell_errors.raised_defining(self.name)
        if error is None or "ellipsis" not in str(error):
            return None  # an answer not started, or a cell that failed for another reason: core says which
        for name, question in self.builds_on.items():
            try:
                value = namespace[name]  # not .get: the grader's namespace asks the kernel only on a lookup
            except KeyError:
                continue
            if value is Ellipsis:
                return (
                    f"The cell that sets `{self.name}` stopped at your `{name}` ({question}), which is still "
                    f"`...`: answer {question} first, then run this cell again."
                )
        return None

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context):
        try:
            self._written = plain(self.lookup(namespace))
        except Exception:  # the check itself says why the answer cannot be read
            self._written = None
        return super().check_key(namespace, expected, figures, **context)

    def misconception_for(self, answer, expected, context, same):
        """As core's, except that a misconception is not named for fields that are right, nor a field
        the learner wrote in the wrong form taken as left out."""
        written = getattr(self, "_written", None)
        given = (
            {k for k, v in written.items() if v is not None and v is not Ellipsis}
            if isinstance(written, dict)
            else set()
        )
        key = expected if isinstance(expected, dict) else {}

        def same_as_written(document, predicted) -> bool:
            if isinstance(predicted, dict) and any(v is None and k in given for k, v in predicted.items()):
                return False  # "no window" for a window written as text: the form error already says why
            keyed = [k for k in predicted if k in key] if isinstance(predicted, dict) else []
            if (
                isinstance(document, dict)
                and keyed
                and all(self._field_right(k, document.get(k), key[k]) for k in keyed)
            ):
                return False  # it would explain only fields that are right
            return same(document, predicted)

        return super().misconception_for(answer, expected, context, same_as_written)


def _share(value: Any) -> Any:
    """A share written as text ("17.04 %", "0.17") as its fraction; anything else, or unreadable text, unchanged."""
    if not isinstance(value, str):
        return value
    try:
        return units.magnitude(value, None)
    except (TypeError, ValueError):  # UnitMismatch is a ValueError: left as text, the schema says why
        return value
