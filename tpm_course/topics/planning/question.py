"""A function question for seeded simulations: graded on cases, and it must give the same answer for the same seed."""

from __future__ import annotations

import copy

from tpm_course.core import FunctionQuestion, Misconception
from tpm_course.core.function import Case, _Failure
from tpm_course.core.structure import plain


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
