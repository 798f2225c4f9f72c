"""Do the question kinds give the three outcomes, name misconceptions and keep answer keys hidden?"""

from __future__ import annotations

import pytest

from tpm_course.core import (
    CheckFailed, ChoiceQuestion, DocumentQuestion, FrameQuestion, FunctionQuestion, Incorrect,
    Misconception, NotAttempted, Status, ValueQuestion,
)

HALF = Misconception("half", "You halved it.", lambda expected, **_: expected / 2)


def run(source: str, question, **names):
    """Run ``source`` as a notebook cell would, with ``q`` bound to the question."""
    namespace = {"q": question, **names}
    exec(source, namespace)
    return namespace


def outcome_of(question, **names):
    """The Outcome a failing ``q.check()`` raised, or None when it passed."""
    try:
        run("q.check()", question, **names)
    except CheckFailed as failure:
        return failure.outcome
    return None


# -- values ---------------------------------------------------------------------------

def test_value_placeholder_is_not_attempted():
    question = ValueQuestion("q1", "nb", "answer", unit="byte", expected=10)
    for placeholder in (Ellipsis, None):
        outcome = outcome_of(question, answer=placeholder)
        assert outcome.status is Status.NOT_ATTEMPTED
        assert "Replace the `...` in `answer`" in outcome.details[0]
    assert "not defined yet" in outcome_of(question).details[0]


def test_value_in_any_unit_passes_and_a_wrong_unit_kind_is_named():
    question = ValueQuestion("q1", "nb", "size", unit="byte", expected=3.5e12)
    for answer in (3.5e12, "3.5 TB", "3500 GB", "3,500 GB", "0.0035 PB"):
        assert outcome_of(question, size=answer) is None, answer
    outcome = outcome_of(question, size="3.5 Gbit/s")
    assert outcome.status is Status.INCORRECT
    assert "data rate" in outcome.details[0] and "data size" in outcome.details[0]


def test_value_tolerance_is_relative():
    question = ValueQuestion("q1", "nb", "x", expected=100, rel_tol=0.01)
    assert outcome_of(question, x=100.9) is None
    assert outcome_of(question, x=101.1).status is Status.INCORRECT


def test_value_names_the_misconception_without_the_answer():
    question = ValueQuestion("q1", "nb", "x", misconceptions=[HALF])
    with pytest.raises(Incorrect) as failure:
        run("q.check(expected=1234.5)", question, x=617.25)
    text = str(failure.value)
    assert "You halved it." in text
    assert "1,234" not in text and "1234" not in text


def test_value_without_key_only_checks_the_form():
    question = ValueQuestion("q1", "nb", "servers", integer=True)
    namespace = {"q": question, "servers": 12}
    exec("q.check()", namespace)  # passes: the key lives in the hidden tests
    assert outcome_of(question, servers=11.5).title.endswith("must be a whole number")
    assert outcome_of(question, servers="twelve").status is Status.INCORRECT


def test_value_misconception_context_comes_from_the_hidden_call():
    hour = Misconception("hour", "Averaged by hour.", lambda expected, busiest_hour, **_: busiest_hour)
    question = ValueQuestion("q4", "nb", "pf", misconceptions=[hour])
    with pytest.raises(Incorrect, match="Averaged by hour"):
        run("q.check(expected=3.0, busiest_hour=2.4)", question, pf=2.4)


# -- functions ------------------------------------------------------------------------

def double(x):
    return 2 * x


def test_function_visible_cases_then_hidden_cases():
    question = FunctionQuestion("q1", "nb", "f", cases=[({"x": 1}, 2)], misconceptions=[HALF])
    run("q.check()", question, f=double)
    run("q.check(cases=[({'x': 10}, 20), ({'x': -3}, -6)])", question, f=double)
    with pytest.raises(Incorrect) as failure:
        run("q.check(cases=[({'x': 10}, 40)])", question, f=double)
    text = str(failure.value)
    assert "f(x=10)" in text and "wrong in 1 of 2 cases" in text and "You halved it." in text
    assert "40" not in text


@pytest.mark.parametrize("body,expected_status,words", [
    ("def f(x):\n    ...\n", Status.NOT_ATTEMPTED, "returns nothing yet"),
    ("def f(x):\n    raise NotImplementedError()\n", Status.NOT_ATTEMPTED, "NotImplementedError"),
    ("f = 3\n", Status.NOT_ATTEMPTED, "should be a function"),
    ("def f(x):\n    return x / 0\n", Status.INCORRECT, "raised ZeroDivisionError"),
    ("def f(x):\n    return [x]\n", Status.INCORRECT, "not an answer of the right kind"),
])
def test_function_answers_that_are_not_answers(body, expected_status, words):
    question = FunctionQuestion("q1", "nb", "f", cases=[({"x": 1}, 2)])
    namespace = {}
    exec(body, namespace)
    outcome = outcome_of(question, f=namespace["f"])
    assert outcome.status is expected_status
    assert words in outcome.text()


def test_function_inputs_are_copied_so_a_learner_cannot_mutate_the_cases():
    question = FunctionQuestion("q1", "nb", "f", cases=[({"xs": [1, 2]}, 3)])

    def f(xs):
        total = sum(xs)
        xs.clear()
        return total

    run("q.check()", question, f=f)
    run("q.check()", question, f=f)
    assert question.cases[0].inputs == {"xs": [1, 2]}


# -- choices, documents, frames ---------------------------------------------------------

def test_choice_accepts_any_case_and_lists_options_when_off_menu():
    question = ChoiceQuestion("q1", "nb", "d", options=["ship", "do not ship"], expected="ship")
    assert outcome_of(question, d="  SHIP ") is None
    outcome = outcome_of(question, d="launch")
    assert "`ship`, `do not ship`" in outcome.details[0]


def test_document_schema_problems_point_at_the_field():
    schema = {"type": "object", "required": ["n", "why"],
              "properties": {"n": {"type": "integer"}, "why": {"type": "string"}}}
    question = DocumentQuestion("q6", "nb", "plan", schema=schema)
    outcome = outcome_of(question, plan={"n": "three", "why": "x"})
    assert "['n']" in outcome.details[0]
    assert outcome_of(question, plan={"n": ..., "why": ...}).status is Status.NOT_ATTEMPTED
    assert "'n'" in outcome_of(question, plan={"n": ..., "why": "because"}).details[0]


def test_document_accepts_numpy_numbers_and_checks_fields():
    import numpy as np

    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    question = DocumentQuestion("q6", "nb", "plan", schema=schema)
    run("q.check(expected={'n': 4})", question, plan={"n": np.int64(4)})
    with pytest.raises(Incorrect, match=r"plan\['n'\]"):
        run("q.check(expected={'n': 4})", question, plan={"n": 5})


def test_frame_names_the_differing_cell():
    import pandas as pd

    question = FrameQuestion("q2", "nb", "daily", columns=["day", "users"], sort_by=["day"])
    expected = pd.DataFrame({"day": [1, 2], "users": [10, 20]})
    run("q.check(expected=expected)", question, daily=expected.iloc[::-1], expected=expected)
    with pytest.raises(Incorrect, match=r"row 1, column 'users'"):
        run("q.check(expected=expected)", question,
            daily=pd.DataFrame({"day": [1, 2], "users": [10, 21]}), expected=expected)
    assert "lacks column" in outcome_of(question, daily=pd.DataFrame({"day": [1]})).title


# -- hints, solutions, rendering ---------------------------------------------------------

def test_hints_advance_and_stop_at_the_last(capsys):
    question = ValueQuestion("q1", "nb", "x", hints=["first", "second"])
    question.hint()
    question.hint()
    question.hint()
    shown = capsys.readouterr().out
    assert shown.count("Hint 1 of 2: first") == 1
    assert shown.count("Hint 2 of 2: second") == 2


def test_solution_outside_the_repository_points_to_the_instructor(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    ValueQuestion("q1", "01_estimation", "x").solution()
    assert "Your instructor releases the solutions" in capsys.readouterr().out


def test_failures_raise_assertion_errors_with_html_and_text():
    question = ValueQuestion("q1", "nb", "x", expected=1)
    with pytest.raises(AssertionError) as failure:
        run("q.check()", question, x=...)
    assert isinstance(failure.value, NotAttempted)
    outcome = failure.value.outcome
    assert "<code>x</code>" in outcome._repr_html_()
    assert outcome.text().startswith("… q1: not attempted yet")
    assert failure.value._render_traceback_()[0].endswith("q1: not attempted yet")


def test_function_with_renamed_parameters_is_called_in_order():
    question = FunctionQuestion("q1", "nb", "f", cases=[({"x": 1, "y": 2}, 3)])
    run("def f(a, b):\n    return a + b\nq.check()", question)
    outcome = outcome_of(question, f=lambda a: a)
    assert "must accept (x, y)" in outcome.text()


def test_document_options_match_regardless_of_case():
    schema = {"type": "object", "properties": {"decision": {"enum": ["ship", "do not ship"]}}}
    question = DocumentQuestion("q6", "nb", "memo", schema=schema)
    run("q.check(expected={'decision': 'do not ship'})", question, memo={"decision": "Do  not Ship"})
