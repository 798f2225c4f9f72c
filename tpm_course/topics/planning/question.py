"""Two question kinds of the planning exercise: a seeded simulation that must repeat itself, a decision checked against its own numbers."""

from __future__ import annotations

import copy
from collections.abc import Callable

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception, Outcome, Status
from tpm_course.core.function import Case, _Failure
from tpm_course.core.structure import plain
from tpm_course.core.text import normalise


class SimulationQuestion(FunctionQuestion):
    """A simulation graded within a tolerance band, then run ``repeats`` times on one seed.

    ``probe`` overrides inputs of the first case for the repeat runs (a few trials, so that an
    unseeded simulation shows its spread); results that differ name ``unseeded``, which must also
    be one of the question's misconceptions so that its message is declared.
    """

    def __init__(self, qid, notebook, name, *, probe: dict, unseeded: Misconception, repeats: int = 12, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        if unseeded not in self.misconceptions:
            raise ValueError(f"{qid}: the unseeded misconception must be among the question's misconceptions")
        self.probe = dict(probe)
        self.unseeded = unseeded
        self.repeats = repeats

    def _run(self, function, cases: list[Case]) -> list[_Failure]:
        failures = super()._run(function, cases)
        if not cases:
            return failures
        case = Case({**cases[0].inputs, **self.probe}, None)
        results = set()
        for _ in range(self.repeats):
            try:
                args, kwargs = self._arguments(function, copy.deepcopy(case.inputs))
                results.add(repr(plain(function(*args, **kwargs))))
            except Exception:  # the learner's code: the cases above already report how it fails
                return failures
        if len(results) > 1:  # reported against the first case, whose inputs the repeat runs share
            changed = ", ".join(f"{k}={v!r}" for k, v in self.probe.items())
            found = f"gave {len(results)} different answers in {self.repeats} runs with the same seed (and {changed})"
            failures.append(_Failure(cases[0], found, self.unseeded))
        return failures


class DecisionQuestion(DocumentQuestion):
    """A decision document: its fields against the answer key, and its decision against the learner's own numbers.

    ``decide`` gives the decision a document's own numbers lead to by the brief's rule; ``rule``
    says how to apply the rule without giving its result. A wrong document is told whether its
    decision follows from its own numbers, so a learner knows to fix the numbers or the reasoning.
    """

    def __init__(self, qid, notebook, name, *, decide: Callable[[dict], str], rule: str, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.decide = decide
        self.rule = rule

    def check_key(self, namespace: dict, expected: dict | None = None, **context) -> Outcome:
        outcome = super().check_key(namespace, expected, **context)
        if outcome.status is Status.CORRECT:
            return outcome
        document = self._form(namespace)
        try:
            implied = self.decide(document)
        except (TypeError, ValueError, KeyError):  # numbers the rule cannot read: the field messages say why
            return outcome
        if normalise(implied) == normalise(document["decision"]):
            outcome.details.append(
                "Your `decision` follows from your own numbers by the brief's rule: the numbers are what to fix."
            )
        else:
            outcome.details.append(
                f"Your `decision` does not follow from your own numbers by the brief's rule: {self.rule}"
            )
        return outcome
