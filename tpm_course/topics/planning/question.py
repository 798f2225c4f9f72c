"""Question kinds of the planning exercise: a pair, a path of tasks, a seeded simulation, a document scored field by field, a decision."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from typing import Any

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Outcome, Status
from tpm_course.core.feedback import shown
from tpm_course.core.function import Case, _Failure
from tpm_course.core.structure import as_mapping, as_sequence, plain
from tpm_course.core.text import normalise


class PairQuestion(FunctionQuestion):
    """A function that returns a pair of numbers; a result of another shape is told the pair it should be."""

    def __init__(self, qid, notebook, name, *, pair: str, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.pair = pair  # how the statement writes the pair: "(expected, sd)"

    def _compare(self, case: Case, result: Any) -> _Failure | None:
        items = None if isinstance(result, str) or as_mapping(result) is not None else as_sequence(result)
        if items is None or len(items) != 2:
            return _Failure(
                case, f"returned {shown(result)}, which is not a pair {self.pair}: `return {self.pair[1:-1]}`"
            )
        return super()._compare(case, result)


class PathQuestion(FunctionQuestion):
    """A function returning ``{"path": [...], ...}``: a path through nodes that are not tasks is named.

    ``extra_node`` (one of the question's misconceptions) is shown when the path holds a node
    that is not among the case's ``durations`` (a "start" or "end" added to the graph), and the
    path without it is the right one, whatever the learner called that node.
    """

    def __init__(self, qid, notebook, name, *, extra_node: Misconception, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        if extra_node not in self.misconceptions:
            raise ValueError(f"{qid}: the extra-node misconception must be among the question's misconceptions")
        self.extra_node = extra_node

    def misconception_for(self, answer: Any, expected: Any, context: dict, same) -> Misconception | None:
        found = super().misconception_for(answer, expected, context, same)
        if found is not None:
            return found
        fields, tasks = as_mapping(answer), context.get("durations") or {}
        path = as_sequence(fields.get("path")) if fields is not None else None
        if not path or not isinstance(expected, dict) or not all(isinstance(t, str) for t in path):
            return None
        tasks_only = [t for t in path if t in tasks]
        if len(tasks_only) < len(path) and same({**fields, "path": tasks_only}, expected):
            return self.extra_node
        return None


class SimulationQuestion(FunctionQuestion):
    """A simulation graded within a tolerance band, then run ``repeats`` times on one seed.

    ``probe`` overrides inputs of the first case for the repeat runs (a few trials, so that an
    unseeded simulation shows its spread); results that differ name ``unseeded``, which must also
    be one of the question's misconceptions so that its message is declared. ``identical``, when
    given (and declared the same way), names a wrong answer that does not change with the number
    of trials: every trial drew the same future (a generator made again inside the loop).
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        probe: dict,
        unseeded: Misconception,
        identical: Misconception | None = None,
        repeats: int = 12,
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        for known in (unseeded, identical):
            if known is not None and known not in self.misconceptions:
                raise ValueError(f"{qid}: {known.name!r} must be among the question's misconceptions")
        self.probe = dict(probe)
        self.unseeded = unseeded
        self.identical = identical
        self.repeats = repeats

    def _compare(self, case: Case, result: Any) -> _Failure | None:
        if getattr(result, "shape", None) == (1,) or (isinstance(result, list) and len(result) == 1):
            return _Failure(
                case,
                f"returned {shown(result)}, an array holding one number: `np.percentile(totals, [q])` "
                "returns an array, `np.percentile(totals, q)` the number (or take `.item()`)",
            )
        return super()._compare(case, result)

    def _call(self, function, inputs: dict) -> Any:
        args, kwargs = self._arguments(function, copy.deepcopy(inputs))
        return repr(plain(function(*args, **kwargs)))

    def _one_future_per_seed(self, function, inputs: dict) -> bool:
        """Whether the answer moves with the seed but not with the number of trials: one future drawn every trial."""
        try:
            answer = self._call(function, inputs)
            by_trials = {self._call(function, {**inputs, "trials": trials}) for trials in (1, 3)}
            by_seed = {self._call(function, {**inputs, "seed": inputs["seed"] + step}) for step in (1, 2)}
        except Exception:  # the learner's code: the cases already report how it fails
            return False
        return by_trials == {answer} and by_seed != {answer}

    def _run(self, function, cases: list[Case]) -> list[_Failure]:
        failures = super()._run(function, cases)
        if not cases:
            return failures
        off = [f for f in failures if f.off_target and {"trials", "seed"} <= set(f.case.inputs)]
        if self.identical is not None and off and self._one_future_per_seed(function, off[0].case.inputs):
            failures = [dataclasses.replace(f, misconception=self.identical) if f in off else f for f in failures]
        case = Case({**cases[0].inputs, **self.probe}, None)
        results = set()
        for _ in range(self.repeats):
            try:
                results.add(self._call(function, case.inputs))
            except Exception:  # the learner's code: the cases above already report how it fails
                return failures
        if len(results) > 1:  # reported against the first case, whose inputs the repeat runs share
            changed = ", ".join(f"{k}={v!r}" for k, v in self.probe.items())
            found = f"gave {len(results)} different answers in {self.repeats} runs with the same seed (and {changed})"
            failures.append(_Failure(cases[0], found, self.unseeded))
        return failures


_SPACED_PERCENT = re.compile(r"\s*%")


def _option_form(text: str) -> str:
    """An option as compared: case, spacing, a space before %, and trailing punctuation do not count."""
    return _SPACED_PERCENT.sub(" %", normalise(text)).rstrip(".!;: ")


class FieldsQuestion(DocumentQuestion):
    """A document scored field by field (``parts``): a field wrong, left `...` or of the wrong form loses its own part.

    Every known misconception its wrong fields show is named, not only the first. The visible
    check lists the fields of the wrong form without refusing the rest, so that the grader, which
    runs after it in the same cell, scores the others; a number that must be a fraction (a
    schema maximum of 1) written as a percentage is named as one.
    """

    def _problems(self, document: Any) -> dict:
        problems = super()._problems(document)
        if not isinstance(document, dict):
            return problems
        for key, rules in self.schema.get("properties", {}).items():
            value = document.get(key)
            fraction = rules.get("type") == "number" and rules.get("maximum") == 1
            if fraction and isinstance(value, int | float) and not isinstance(value, bool) and 1 < value <= 100:
                problems.setdefault(key, []).append(
                    f"`{self.name}[{key!r}]` = {shown(value)} looks like a percentage: write it as a fraction "
                    "(0.5 for 50 %)."
                )
        return problems

    def check_visible(self, namespace: dict) -> Outcome:
        if self.parts is None:
            return super().check_visible(namespace)
        fields = list(self.schema.get("properties", {}))
        _, invalid = self._scored_form(namespace, fields)  # refuses a form broken outside the fields
        if not invalid:
            return super().check_visible(namespace)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has {len(invalid)} field(s) that are not of the form asked for yet",
            [
                *[problem for found in invalid.values() for problem in found],
                "Fix them before you submit: each loses its own points. The grader checks the other fields' "
                "values when you submit.",
            ],
        )

    def _applies(self, misconception: Misconception, predicted: Any, document: dict) -> bool:
        """Whether a misconception whose prediction matches may be named for this document (all, here)."""
        return True

    def _known(self, document: Any, expected: Any, context: dict, same) -> list[Misconception]:
        context = {**self.context, **context}
        found = []
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=f"{self.notebook} {self.qid}")
            if predicted is None or not same(document, predicted) or same(expected, predicted):
                continue
            if self._applies(misconception, predicted, document):
                found.append(misconception)
        return found

    def misconception_for(self, answer: Any, expected: Any, context: dict, same) -> Misconception | None:
        known = self._known(answer, expected, context, same)
        return known[0] if known else None

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        outcome = super().check_key(namespace, expected, **context)
        if outcome.status is Status.CORRECT or not expected:
            return outcome
        document, _ = self._scored_form(namespace, [*expected, *(context.get("figures") or {})])
        extra = {k: v for k, v in context.items() if k != "figures"}
        expected, _ = self._carried(document, namespace, expected, extra)
        for misconception in self._known(document, expected, extra, self._matches)[1:]:
            outcome.details.append(misconception.message)
        self._note(outcome, document)
        return outcome

    def _note(self, outcome: Outcome, document: dict) -> None:
        """What a kind adds to a wrong document's feedback (nothing, here)."""


class DecisionQuestion(FieldsQuestion):
    """A decision document: its fields against the answer key, and its decision against the learner's own numbers.

    ``decide`` gives the decision a document's own numbers lead to by the brief's rule; ``rule``
    says how to apply the rule without giving its result. A wrong document is told whether its
    decision follows from its own numbers, so a learner knows to fix the numbers or the reasoning;
    a misconception about the decision alone is named only when the decision does not follow.
    Options are read whatever their case, spacing around % and closing punctuation.
    """

    def __init__(self, qid, notebook, name, *, decide: Callable[[dict], str], rule: str, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.decide = decide
        self.rule = rule

    def _follows(self, document: dict) -> bool | None:
        """Whether the document's decision is the one its own numbers give by the rule (None: cannot say)."""
        try:
            return normalise(self.decide(document)) == normalise(document["decision"])
        except (TypeError, ValueError, KeyError):  # numbers the rule cannot read: the field messages say why
            return None

    def _applies(self, misconception: Misconception, predicted: Any, document: dict) -> bool:
        about_the_decision = isinstance(predicted, dict) and set(predicted) == {"decision"}
        return not (about_the_decision and self._follows(document))

    def _read(self, namespace: dict, **how) -> Any:
        document = super()._read(namespace, **how)
        if isinstance(document, dict):
            for key, rules in self.schema.get("properties", {}).items():
                value = document.get(key)
                for option in rules.get("enum", []):
                    if (
                        isinstance(value, str)
                        and isinstance(option, str)
                        and _option_form(value) == _option_form(option)
                    ):
                        document[key] = option
        return document

    def scored(self, outcome: Outcome, right: dict[str, bool]) -> Outcome:
        """The wrong parts first in the breakdown, so that a cut-off list never hides one."""
        return super().scored(outcome, dict(sorted(right.items(), key=lambda part: part[1])))

    def _carried(self, document: Any, namespace: dict, expected: dict, context: dict) -> tuple[dict, list]:
        """Also the decision, when it is the one the document's own numbers give by the rule: a wrong number
        loses its own part, not the decision's as well (``_note`` says so)."""
        expected, carried = super()._carried(document, namespace, expected, context)
        if "decision" in expected and isinstance(document, dict) and self._follows(document):
            expected = {**expected, "decision": document["decision"]}
        return expected, carried

    def _note(self, outcome: Outcome, document: dict) -> None:
        follows = self._follows(document)
        if follows:
            outcome.details.append(
                "Your `decision` follows from your own numbers by the brief's rule: the numbers are what to fix."
            )
        elif follows is not None:
            outcome.details.append(
                f"Your `decision` does not follow from your own numbers by the brief's rule: {self.rule}"
            )
