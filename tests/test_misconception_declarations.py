"""Does every misconception get the inputs it declares, wherever a check runs its prediction?

A check runs a question's predictions at its call sites: each case of a function question
(visible or hidden), each hidden ``qN.check(expected=..., **extra)`` of a solution notebook, and
a lesson self-check that holds its own key. The hidden tests are run with each question replaced
by a recorder, so the inputs are read as nbgrader would pass them, not guessed from the source.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import pytest

from tpm_course.core import FunctionQuestion, Misconception, QueryQuestion, ValueQuestion, units
from tpm_course.core.function import _as_case
from tpm_course.core.misconception import MissingInput
from tpm_course.core.question import Question
from tpm_course.core.structure import is_structured
from tpm_course.manifest import checks_module

from conftest import REPO, module_stems

_KEY_ARGUMENTS = {"expected", "seeds", "cases"}  # what a hidden call passes that is not a prediction's input


@dataclass
class Site:
    """One place a check runs the predictions: what it is, the key there and the inputs it offers."""

    where: str
    expected: Any
    inputs: dict


class _Recorder:
    """Stands in for a question while a hidden test runs: keeps what each ``check(...)`` was given."""

    def __init__(self):
        self.calls: list[dict] = []

    def check(self, **key):
        self.calls.append(key)


def _questions() -> list[tuple[str, Question]]:
    found = []
    for stem in module_stems():
        for kind in ("exercise", "lesson"):
            try:
                module = importlib.import_module(checks_module(stem, kind))
            except ModuleNotFoundError:
                continue
            found += [(f"{stem} {kind}", q) for q in vars(module).values() if isinstance(q, Question)]
    return found


QUESTIONS = [(label, q) for label, q in _questions() if q.misconceptions]
IDS = [f"{label} {q.qid}" for label, q in QUESTIONS]


@pytest.fixture(scope="module")
def hidden_calls():
    """(notebook, qid) -> the keyword arguments of each ``check(...)`` in the question's hidden tests."""
    from tpm_course.core import course_files

    calls = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TPM_COURSE_ROOT", str(REPO))
        for _, question in QUESTIONS:
            code = course_files.hidden_tests(question.notebook, question.qid)
            recorder = _Recorder()
            if code:
                exec(
                    compile(code, f"<hidden tests of {question.notebook} {question.qid}>", "exec"),
                    {question.qid: recorder},
                )
            calls[question.notebook, question.qid] = recorder.calls
    return calls


def call_sites(question: Question, hidden: list[dict]) -> list[Site]:
    """Every place a check of ``question`` runs its predictions, with the inputs offered there."""
    sites = []
    if isinstance(question, FunctionQuestion):
        hidden_cases = [_as_case(c) for call in hidden for c in call.get("cases", ())]
        for where, cases in (("visible case", question.cases), ("hidden case", hidden_cases)):
            for number, case in enumerate(cases, start=1):
                inputs = {**question.context, **case.inputs, **case.context}
                sites.append(Site(f"{where} {number}", case.expected, inputs))
        return sites
    for number, call in enumerate(hidden, start=1):
        extra = {k: v for k, v in call.items() if k not in _KEY_ARGUMENTS}
        sites.append(Site(f"hidden check {number}", call.get("expected"), {**question.context, **extra}))
    if getattr(question, "expected", None) is not None:
        sites.append(Site("self-check", question.expected, dict(question.context)))
    return sites


@pytest.mark.parametrize("label,question", QUESTIONS, ids=IDS)
def test_every_needed_input_is_offered_wherever_the_prediction_runs(label, question, hidden_calls):
    """Does each call site offer every input each misconception cannot predict without?"""
    sites = call_sites(question, hidden_calls[question.notebook, question.qid])
    assert sites, f"{label} {question.qid} declares misconceptions but no check ever grades it"
    gaps = [
        f"{m.name!r} needs {sorted(set(m.needs) - set(site.inputs))} at the {site.where} (offered: {sorted(site.inputs)})"
        for site in sites
        for m in question.misconceptions
        if set(m.needs) - set(site.inputs)
    ]
    assert not gaps, f"{label} {question.qid}:\n" + "\n".join(gaps)


@pytest.mark.parametrize("label,question", QUESTIONS, ids=IDS)
def test_every_optional_input_is_offered_somewhere(label, question, hidden_calls):
    """An optional input no site offers is a misspelt name: the prediction would always use its default."""
    sites = call_sites(question, hidden_calls[question.notebook, question.qid])
    offered = set().union(*(site.inputs for site in sites))
    unused = [
        f"{m.name!r} reads {sorted(set(m.uses) - offered)}" for m in question.misconceptions if set(m.uses) - offered
    ]
    assert not unused, f"{label} {question.qid}: no check offers " + "; ".join(unused)


def _as_checked(question: Question, site: Site) -> tuple[Any, dict]:
    """The key and inputs as the question hands them to the predictions (numbers in its unit, queries run)."""
    if isinstance(question, QueryQuestion):
        from tpm_course.core.query import grading_database
        from tpm_course.data.sql import run_query

        connection = grading_database(question.database, None)
        run = lambda sql: run_query(sql, connection).rename(columns=str.lower)  # noqa: E731
        inputs = {k: run(v) if isinstance(v, str) else v for k, v in site.inputs.items()}
        return run(site.expected)[question.columns], inputs
    if isinstance(question, ValueQuestion | FunctionQuestion) and not is_structured(site.expected):
        return units.magnitude(site.expected, question.unit), site.inputs
    return site.expected, site.inputs


@pytest.mark.parametrize("label,question", QUESTIONS, ids=IDS)
def test_every_prediction_runs_on_every_graded_key(label, question, hidden_calls):
    """Does each prediction run without a misspelt name or field on every key it will meet?"""
    failures = []
    for site in call_sites(question, hidden_calls[question.notebook, question.qid]):
        expected, inputs = _as_checked(question, site)
        nothing_matches = lambda answer, predicted: False  # noqa: E731  (so every prediction is made)
        try:
            question.misconception_for(object(), expected, inputs, nothing_matches)
        except Exception as error:  # report every site, not only the first
            failures.append(f"at the {site.where}: {type(error).__name__}: {error}")
    assert not failures, f"{label} {question.qid}:\n" + "\n".join(failures)


# -- the contract itself ------------------------------------------------------------------------


def test_a_prediction_declares_its_inputs_by_its_parameters():
    """Are needed and optional inputs read from the signature, and a hidden ``**kwargs`` refused?"""
    burn = Misconception("burn", "m", lambda expected, days, share=0.5, **_: expected * days * share)
    assert burn.needs == ("days",) and burn.uses == ("days", "share")
    with pytest.raises(TypeError, match=r"\*\*context"):
        Misconception("hidden", "m", lambda expected, **context: context["days"])
    with pytest.raises(TypeError, match="first parameter"):
        Misconception("keyless", "m", lambda **_: 1)


def test_a_missing_input_is_an_error_naming_the_misconception_question_and_input():
    """Is a missing declared input raised with every name a course author needs, not dropped?"""
    month = Misconception("30-day window", "m", lambda expected, days, **_: expected * 30 / days)
    question = ValueQuestion("q1", "03_reliability", "budget", misconceptions=[month])
    with pytest.raises(MissingInput, match=r"'30-day window' of 03_reliability q1 needs the input\(s\) 'days'"):
        question.misconception_for(1.0, 2.0, {"day": 31}, lambda a, b: False)


def test_a_name_error_inside_a_prediction_propagates_and_arithmetic_is_skipped():
    """A misspelt field is a bug that surfaces; a division by zero on these numbers only means no prediction."""
    misspelt = Misconception("misspelt", "m", lambda expected, **_: expected["servers_to_ad"])
    with pytest.raises(KeyError):
        misspelt.prediction({"servers_to_add": 3}, {})
    by_zero = Misconception("by zero", "m", lambda expected, lookup_ms, origin_ms, **_: 1 / (origin_ms - lookup_ms))
    assert by_zero.prediction(0.5, {"lookup_ms": 20, "origin_ms": 20}) is None


def test_without_a_key_only_predictions_that_name_their_own_field_are_made():
    """Before there is a key (a document of the wrong shape), reading the key or a missing input skips quietly."""
    own_field = Misconception("no guardrail", "m", lambda expected, **_: {"guardrails": []})
    reads_key = Misconception("doubled", "m", lambda expected, **_: {"n": 2 * expected["n"]})
    needs_input = Misconception("fleet", "m", lambda expected, current_fleet, **_: {"n": current_fleet})
    assert own_field.prediction_without_key({}) == {"guardrails": []}
    assert reads_key.prediction_without_key({}) is None
    assert needs_input.prediction_without_key({}) is None
    assert needs_input.prediction_without_key({"current_fleet": 8}) == {"n": 8}
