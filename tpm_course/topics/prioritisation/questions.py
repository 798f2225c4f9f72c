"""Question kinds of module 06: answers read in the forms a learner may reasonably give them.

A plan is a set of item ids: a list, tuple, set or pandas object of them, in any order. A ratio
may be a fraction or text with its unit ("12 %"), an interest money text ("$22,550"), a rating
its letter with the ratio ("C (12 %)"). A Kano category may be written in any case, with a space,
hyphen or underscore ("One Dimensional"), in a dict or a pandas Series. A ranking is graded with
the learner's own ``rice`` and ``wsjf`` when they are right, and with the right ones lent when
they are not. A roadmap's lists of ids are sets too, and must hold every backlog item once
across now, next and later; its reasons may be one text of sentences or a list of them.
"""

from __future__ import annotations

import inspect
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from tpm_course.core import DocumentQuestion, FunctionQuestion, cell_errors, structure, units
from tpm_course.core.errors import WrongForm
from tpm_course.core.feedback import shown
from tpm_course.core.numbers import close
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.value import arithmetic_cause
from tpm_course.topics.prioritisation.reading import money, named_option, rating_letter, sentences


def id_set(value: Any) -> Any:
    """Item ids as a sorted list of text, from any collection of them; anything else unchanged."""
    if isinstance(value, str | bytes | dict) or value is None:
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(v).strip() for v in value)
    return value


def kano_label(value: Any) -> Any:
    """A category spelt with a space where the table has a hyphen, read as the table spells it."""
    if isinstance(value, str):
        return "-".join(value.strip().lower().replace("_", " ").split())
    return value


class PartlyReadableDocument(DocumentQuestion):
    """A document with partial credit whose visible check lets a scored field of the wrong form through.

    The graded check takes the points of such a field only (``core/document.py``). The visible
    check runs first in the same test cell, and a refusal there would cost the whole question:
    so when every problem is in a scored field (``scored_fields``), it names the problems and lets
    the grader score the rest. Anything else wrong with the form is still refused.
    """

    def __init__(self, qid, notebook, name, *, scored_fields=(), **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.scored_fields = tuple(scored_fields)

    def _whole(self, document: dict) -> dict:
        """Checks of the whole document beyond its schema (none here); raises WrongForm."""
        return document

    def check_visible(self, namespace: dict) -> Outcome:
        try:
            return super().check_visible(namespace)
        except WrongForm:
            if self.parts is None:
                raise
            document = self._read(namespace)
            problems = self._problems(document)
            if not isinstance(document, dict) or not problems or not set(problems) <= set(self.scored_fields):
                raise
            kept = {k: v for k, v in document.items() if k not in problems}
            if not set(self._problems(kept)) <= set(problems):
                raise
            self._whole(kept)
        fields = ", ".join(f"`{k}`" for k in problems)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` is complete, but {fields} cannot be read: as it stands, only that loses points",
            [*(p for found in problems.values() for p in found), "The grader checks the other values when you submit."],
        )


class RatioDocumentQuestion(PartlyReadableDocument):
    """A document whose ``percent_fields`` may be text with a unit ("12 %"), ``money_fields`` money
    text ("$22,550") and ``letter_fields`` a letter with its reason ("C (12 %)")."""

    def __init__(self, qid, notebook, name, *, percent_fields, money_fields=(), letter_fields=(), **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.percent_fields = tuple(percent_fields)
        self.money_fields = tuple(money_fields)
        self.letter_fields = tuple(letter_fields)

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if not isinstance(answer, dict):
            return answer
        read = dict(answer)
        read.update({k: money(read[k]) for k in self.money_fields if k in read})
        read.update({k: rating_letter(read[k]) for k in self.letter_fields if k in read})
        for field in self.percent_fields:
            if isinstance(read.get(field), str):
                try:
                    read[field] = units.magnitude(read[field], None)
                except (TypeError, units.UnitMismatch):
                    pass  # left as text: the schema says that it is not a number
        return read


class PlanQuestion(FunctionQuestion):
    """A function returning a set of item ids, compared as a sorted list.

    A plan of the wrong size is a wrong plan, not a wrong form: it is read for the misconception
    that would give it (a constraint left out adds or drops items) before its size is mentioned.
    """

    def _compare(self, case, result):
        result = id_set(result)
        failure = super()._compare(case, result)
        if failure is None or failure.misconception is not None:
            return failure
        if not isinstance(result, list):
            found = f"returned {shown(result)}, which is not a collection of item ids (a list, a tuple or a set)"
            return replace(failure, found=found)
        same = lambda a, e: structure.same(a, e, self.rel_tol, self.abs_tol)  # noqa: E731
        inputs = {**case.inputs, **case.context}
        misconception = self.misconception_for(result, case.expected, inputs, same)
        return replace(failure, found=f"returned {shown(result)}", misconception=misconception, off_target=True)


_MISSING = object()


def _agrees(own: Any, right, probes, rel_tol: float, abs_tol: float) -> bool:
    """Whether the learner's function gives the right score on every probe (within the question's tolerance)."""
    if not callable(own):
        return False
    for args in probes:
        try:
            value = own(*args)
            value = float(value.item() if hasattr(value, "item") else value)
        except Exception:  # the learner's code: a function that raises disagrees
            return False
        if not close(value, right(*args), rel_tol, abs_tol):
            return False
    return True


def lent(own: Any, right):
    """The right function called as the learner calls theirs: their parameter names are read in order."""
    try:
        signature = inspect.signature(own) if callable(own) else None
    except (TypeError, ValueError):
        signature = None

    def function(*args, **kwargs):
        if kwargs and signature is not None:
            try:
                return right(*signature.bind(*args, **kwargs).args)
            except TypeError:
                pass
        return right(*args, *kwargs.values())

    return function


class RankingQuestion(FunctionQuestion):
    """A ranking function graded with the learner's own scores when right, and the right ones lent when not.

    ``scores`` maps the name of a scoring function the learner wrote earlier (``rice``) to the
    right one, called with the same arguments in order, and the arguments it is tried on. A
    learner's function that disagrees with it, raises or is missing is replaced by the right one
    while the ranking is graded, so an earlier mistake is not charged twice; the feedback says so.
    """

    def __init__(self, qid, notebook, name, *, scores: dict, score_tol: tuple[float, float], **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.scores = dict(scores)
        self.score_tol = score_tol

    @contextmanager
    def _lending(self, namespace: dict):
        saved = {}
        for name, (right, probes) in self.scores.items():
            own = namespace.get(name)
            if not _agrees(own, right, probes, *self.score_tol):
                saved[name] = namespace.get(name, _MISSING)
                namespace[name] = lent(own, right)
        try:
            yield list(saved)
        finally:
            for name, value in saved.items():
                if value is _MISSING:
                    namespace.pop(name, None)
                else:
                    namespace[name] = value

    def _noted(self, outcome, names: list[str]):
        if not names:
            return outcome
        which = " and ".join(f"`{n}`" for n in names)
        note = (
            f"Graded with the right {which} in place of yours, which is missing or disagrees with its own "
            "question: that mistake is charged there, not again here."
        )
        return replace(outcome, details=[*outcome.details, note])

    def check_visible(self, namespace: dict):
        with self._lending(namespace) as names:
            outcome = super().check_visible(namespace)
        return self._noted(outcome, names)

    def check_key(self, namespace: dict, cases=()):
        with self._lending(namespace) as names:
            outcome = super().check_key(namespace, cases)
        return self._noted(outcome, names)


class KanoQuestion(FunctionQuestion):
    """A function returning {feature: Kano category}; categories are read with either spelling."""

    def _compare(self, case, result):
        if hasattr(result, "to_dict") and hasattr(result, "index"):
            result = result.to_dict()
        if isinstance(result, dict):
            result = {str(k): kano_label(v) for k, v in result.items()}
        return super()._compare(case, result)


_SLOTS = ("now", "next", "later")  # a roadmap's slots: together they share out the whole backlog


@dataclass(frozen=True)
class FieldNote:
    """What a wrong field should hold, said when no misconception explains it (shown like a misconception)."""

    message: str


class RoadmapQuestion(PartlyReadableDocument):
    """A roadmap document whose lists are sets of ids that share out the whole backlog.

    ``option_words`` maps a field with options to the words that name each option, so that text
    naming exactly one of them is read as it; ``sentence_fields`` may be one text of sentences.
    A misconception is named only for a field it explains that is wrong (a `now` that is right by
    the learner's own plan is not blamed); ``field_notes`` says what each other wrong field should
    hold. ``numbers_from`` maps an earlier answer (``debt_review``) to its fields that may be
    money text: when this answer's cell failed on text, and those fields are text, it says so.
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        id_fields,
        items,
        option_words=None,
        sentence_fields=(),
        field_notes=None,
        numbers_from=None,
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.id_fields = tuple(id_fields)
        self.items = tuple(items)
        self.option_words = dict(option_words or {})
        self.sentence_fields = tuple(sentence_fields)
        self.field_notes = dict(field_notes or {})
        self.numbers_from = {answer: tuple(fields) for answer, fields in (numbers_from or {}).items()}

    def lookup(self, namespace: dict) -> Any:
        try:
            answer = super().lookup(namespace)
        except WrongForm as wrong:
            raise self._text_upstream(wrong, namespace) from None
        answer = self._sets(answer)
        if not isinstance(answer, dict):
            return answer
        read = dict(answer)
        read.update({k: named_option(read[k], words) for k, words in self.option_words.items() if k in read})
        read.update({k: sentences(read[k]) for k in self.sentence_fields if k in read})
        return read

    def _problems(self, document: Any) -> dict:
        problems = super()._problems(document)
        for field in self.sentence_fields:
            if field in problems:
                rules = self.schema["properties"][field]
                problems[field] = [
                    f"`{self.name}[{field!r}]` should hold at least {rules['minItems']} sentences of at least "
                    f"{rules['items']['minLength']} characters each: a list of them, or one text. It holds "
                    f"{shown(document.get(field), full=True)}."
                ]
        return problems

    def _text_upstream(self, wrong: WrongForm, namespace: dict) -> WrongForm:
        """The refusal of an answer whose cell failed on text, saying which earlier answer holds the text.

        Core's reading names functions returning "5.256 PB"; here the usual text is an earlier
        answer's money ("$22,550"), which its own check reads but this cell's arithmetic cannot.
        """
        error = cell_errors.raised_defining(self.name)
        if not _failed_on_text(error):
            return wrong
        texts = [
            (answer, field, value)
            for answer, fields in self.numbers_from.items()
            for field, value in _fields(namespace, answer, fields)
            if isinstance(value, str) and money(value) != value
        ]
        if not texts:
            return wrong
        answer, field, value = texts[0]
        held = _text_in_column(namespace, "plan_items", "value")
        where = (
            f"`plan_items['value']` holds text ({held!r}), and your `plan_quarter` computes with it"
            if held is not None
            else "it used a value that is text"
        )
        try:
            float(value.strip().lstrip("$").replace(",", ""))
            convert = f", or `float({value!r}.lstrip('$').replace(',', ''))`"
        except ValueError:
            convert = ""
        note = (
            f"The error was raised in this question's answer cell, not by the check: {where}. "
            f"Your `{answer}` holds money as text (`{answer}[{field!r}]` = {value!r}): its own check reads that, "
            "but arithmetic cannot. Where you compute with it, use the number (the figure you worked out before "
            f"writing it as text{convert}), and write money as text only where you show it."
        )
        generic = arithmetic_cause(error)
        details = [d for d in wrong.outcome.details if d != generic]
        details.insert(max(len(details) - 1, 0), note)
        return WrongForm(replace(wrong.outcome, details=details))

    def _misconceptions_for(self, document: dict, expected: dict, context: dict) -> list:
        """The misconceptions that explain a wrong field, and a note on each wrong field none explains.

        A misconception whose prediction the answer matches only in fields that are right (a `now`
        that follows the learner's own plan) would contradict the points: it is not named.
        """
        expected = expected or {}
        wrong = {k for k, v in expected.items() if k in document and not self._field_right(k, document.get(k), v)}
        context, found, explained = {**self.context, **context}, [], set()
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=f"{self.notebook} {self.qid}")
            if not isinstance(predicted, dict) or not (set(predicted) & wrong) - explained:
                continue
            if self._matches(document, predicted):
                found.append(misconception)
                explained |= set(predicted) & wrong
        return found + [
            FieldNote(self.field_notes[k]) for k in expected if k in wrong - explained and k in self.field_notes
        ]

    def _sets(self, fields: Any) -> Any:
        """A document, key or prediction with its lists of ids sorted."""
        if not isinstance(fields, dict):
            return fields
        return {k: id_set(v) if k in self.id_fields else v for k, v in fields.items()}

    def _matches(self, document: dict, fields: dict) -> bool:
        return super()._matches(document, self._sets(fields))

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any):
        return super().check_key(namespace, self._sets(expected), **context)

    def _form(self, namespace: dict) -> dict:
        return self._whole(super()._form(namespace))

    def _scored_form(self, namespace: dict, scored: list) -> tuple[dict, dict]:
        """As the document question's, but an unreadable `now`, `next` or `later` refuses the whole roadmap."""
        document, invalid = super()._scored_form(namespace, scored)
        if set(invalid) & set(_SLOTS):
            raise self.wrong_form(
                f"`{self.name}` does not have the required shape", *(p for found in invalid.values() for p in found)
            )
        return self._whole(document), invalid

    def _whole(self, document: dict) -> dict:
        """The document, unless now, next and later fail to share out the backlog (then WrongForm)."""
        placed = [item for slot in _SLOTS for item in document.get(slot, [])]
        twice = sorted({item for item in placed if placed.count(item) > 1})
        missing = sorted(set(self.items) - set(placed))
        details = []
        if twice:
            details.append(f"In more than one of them: {', '.join(twice)}.")
        if missing:
            details.append(f"In none of them: {', '.join(missing)}.")
        if details:
            raise self.wrong_form("`now`, `next` and `later` must hold every backlog item exactly once", *details)
        return document


def _failed_on_text(error: BaseException | None) -> bool:
    """Whether a cell's error is arithmetic meeting text: a TypeError naming `str`, or float() refusing text."""
    if isinstance(error, TypeError):
        return "'str'" in str(error)
    return isinstance(error, ValueError) and "could not convert string" in str(error)


def _fields(namespace: dict, answer: str, fields: tuple) -> list[tuple[str, Any]]:
    """(field, value) of an earlier answer's fields that it holds; none when it is not a dict."""
    try:
        document = namespace[answer]  # not .get: the grader's namespace asks the kernel only on a lookup
    except KeyError:
        return []
    return [(field, document[field]) for field in fields if field in document] if isinstance(document, dict) else []


def _text_in_column(namespace: dict, table: str, column: str) -> str | None:
    """The first text of a table's column (``plan_items['value']``), when the table exists and holds some."""
    try:
        frame = namespace[table]
    except KeyError:
        return None
    try:
        values = list(frame[column])
    except Exception:  # not a table, or no such column: nothing to point at
        return None
    return next((v for v in values if isinstance(v, str)), None)
