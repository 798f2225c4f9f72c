"""The base of every question: check / hint / solution and the self-study answer key."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

from tpm_course.learner import record as progress_record  # self-study progress (tpm_course/learner)

from . import cell_errors, course_files
from .errors import Incorrect, NotAttempted, Unanswered, WrongForm
from .misconception import Misconception
from .outcome import Outcome, Status, show
from .partial import Parts, Points

_COHORT_SOLUTION = "Your instructor releases the solutions; until then, `hint()` gives a nudge."


class Question:
    """One graded or self-check question of a notebook.

    ``qid`` is the nbgrader ``grade_id`` of the question's test cell (``q1``); its answer
    cell is ``{qid}_answer`` in the solution notebook ``notebook``.
    ``check()`` with no arguments runs the checks a learner may see; called with an
    answer key (in the hidden tests, or from ``solutions/`` in self-study) it grades.
    ``parts`` gives partial credit (``core/partial.py``); without it a question is all or nothing.
    """

    def __init__(
        self,
        qid: str,
        notebook: str,
        name: str,
        *,
        hints: tuple[str, ...] | list[str] = (),
        misconceptions: tuple[Misconception, ...] | list[Misconception] = (),
        solution: str | None = None,
        context: dict | None = None,
        parts: Parts | None = None,
    ):
        self.qid = qid
        self.notebook = notebook
        self.name = name
        self.hints = list(hints)
        self.misconceptions = list(misconceptions)
        self._solution = solution
        self.context = dict(context or {})  # values every misconception's prediction may use
        self.parts = parts
        self._hints_shown = 0

    # -- what a learner calls -------------------------------------------------

    def check(self, **key: Any) -> Points | None:
        """Check the learner's answer; raise a CheckFailed subclass unless it passes.

        A partly right answer returns the points it earned: the test cell's result, for nbgrader.
        """
        namespace = sys._getframe(1).f_globals
        if not key:
            outcome = self._outcome(lambda: self.check_visible(namespace))
            graded_next = _current_cell_has_hidden_tests()
            if outcome.status is Status.INCORRECT and self.parts is not None and graded_next:
                return None  # the graded check that follows scores each part and says what is wrong
            if outcome.status is Status.PENDING and not graded_next:
                code = course_files.hidden_tests(self.notebook, self.qid)
                if code:
                    exec(compile(code, f"<answer key of {self.qid}>", "exec"), dict(namespace))
                    return
        else:
            outcome = self._outcome(lambda: self.check_key(namespace, **key))
        progress_record.note(self.notebook, self.qid, outcome.status.value, _current_cell_has_hidden_tests())
        return report(outcome)

    def hint(self, level: int | None = None) -> None:
        """Show the next hint (or hint number ``level``)."""
        if not self.hints:
            report(Outcome(Status.INFO, "There is no hint for this question."))
            return
        if level is None:
            self._hints_shown = min(self._hints_shown + 1, len(self.hints))
            level = self._hints_shown
        level = max(1, min(level, len(self.hints)))
        more = (
            f"Call `{self.qid}.hint()` again for hint {level + 1} of {len(self.hints)}."
            if level < len(self.hints)
            else None
        )
        report(
            Outcome(Status.INFO, f"Hint {level} of {len(self.hints)}: {self.hints[level - 1]}", [more] if more else [])
        )

    def solution(self) -> None:
        """Show the worked solution when this repository has it."""
        code = self._solution or course_files.worked_solution(self.notebook, f"{self.qid}_answer")
        if code is None:
            report(Outcome(Status.INFO, _COHORT_SOLUTION))
        else:
            report(Outcome(Status.INFO, f"Solution to {self.qid}", code=code))

    # -- what each kind of question provides -----------------------------------

    def check_visible(self, namespace: dict) -> Outcome:
        raise NotImplementedError

    def check_key(self, namespace: dict, **key: Any) -> Outcome:
        raise NotImplementedError

    # -- shared helpers ----------------------------------------------------------

    def lookup(self, namespace: dict) -> Any:
        """The learner's answer, or Unanswered while it is still the placeholder."""
        if self.name not in namespace:
            error = cell_errors.raised_defining(self.name)
            if error is not None:
                raise self.wrong_form(
                    f"`{self.name}` is not defined: the cell that defines it raised {type(error).__name__}",
                    f"{cell_errors.described(error)}",
                    "Fix that cell and run it again, then run this check.",
                )
            raise Unanswered(f"`{self.name}` is not defined yet: run the cell that defines it.")
        value = namespace[self.name]
        if is_placeholder(value):
            raise Unanswered(f"Replace the `...` in `{self.name}` with your answer.")
        return value

    def wrong_form(self, title: str, *details: str) -> WrongForm:
        """The error a form reader raises for an answer of the wrong form: ``raise self.wrong_form(...)``."""
        return WrongForm(Outcome(Status.INCORRECT, f"{self.qid}: {title}", list(details)))

    def scored(self, outcome: Outcome, right: dict[str, bool]) -> Outcome:
        """A wrong answer's outcome with what its right parts earn, when the question gives partial credit.

        ``right`` names every part the answer key checked (fields, rows, cases) and whether it is right.
        """
        if self.parts is None or outcome.status is not Status.INCORRECT or all(right.values()):
            return outcome  # all parts right yet wrong overall: something outside the parts, all or nothing
        return self.parts.score(self.qid, outcome, right)

    def _outcome(self, run) -> Outcome:
        """The outcome of a check; the one place an unfinished or wrongly formed answer becomes one."""
        try:
            outcome = run()
        except Unanswered as why:
            return Outcome(Status.NOT_ATTEMPTED, f"{self.qid}: not attempted yet", [str(why)])
        except WrongForm as wrong:
            outcome = wrong.outcome
        return self._with_cell_error(outcome)

    def _with_cell_error(self, outcome: Outcome) -> Outcome:
        """A wrong answer left by a cell that raised after setting it says so first: the error is the cause."""
        if outcome.status not in (Status.INCORRECT, Status.PARTIAL) or "raised" in outcome.title:
            return outcome
        error = cell_errors.raised_defining(self.name)
        if error is None:
            return outcome
        note = (
            f"The cell that sets `{self.name}` did not finish ({cell_errors.described(error)}). What it left is "
            "what is checked here: fix that cell and run it again."
        )
        return replace(outcome, details=[note, *outcome.details])

    def misconception_for(self, answer: Any, expected: Any, context: dict, same) -> Misconception | None:
        """The first misconception whose predicted answer matches the learner's.

        ``context`` (a case's inputs, or a hidden test's extra values) adds to the question's own.
        """
        context = {**self.context, **context}
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=f"{self.notebook} {self.qid}")
            if predicted is not None and same(answer, predicted):
                return misconception
        return None

    def misconception_without_key(self, answer: Any, same) -> Misconception | None:
        """The first misconception recognisable before there is an answer key to compare with."""
        for misconception in self.misconceptions:
            predicted = misconception.prediction_without_key(self.context)
            if predicted is not None and same(answer, predicted):
                return misconception
        return None


def is_placeholder(value: Any) -> bool:
    """``...`` or ``None``, or a dict or list holding nothing else: the learner has not started."""
    if value is Ellipsis or value is None:
        return True
    if isinstance(value, dict) and value:
        return all(is_placeholder(v) for v in value.values())
    if isinstance(value, list | tuple) and value:
        return all(is_placeholder(v) for v in value)
    return False


def report(outcome: Outcome) -> Points | None:
    """Show an outcome; raise when it is a failure (nbgrader scores by the raise); return partial points."""
    show(outcome)
    if outcome.status is Status.INCORRECT:
        raise Incorrect(outcome)
    if outcome.status is Status.NOT_ATTEMPTED:
        raise NotAttempted(outcome)
    if outcome.status is Status.PARTIAL:
        return Points(outcome.earned, outcome.possible)
    return None


def _current_cell_has_hidden_tests() -> bool:
    """True when the running cell carries its own hidden tests (solutions, autograding)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    history = shell.user_ns.get("_ih") if shell is not None else None
    return bool(history) and course_files.HIDDEN_BEGIN in history[-1]
