"""Do the question kinds give the three outcomes, name misconceptions and keep answer keys hidden?"""

from __future__ import annotations

import pytest

from tpm_course.core import (
    CheckFailed,
    ChoiceQuestion,
    DocumentQuestion,
    FrameQuestion,
    FunctionQuestion,
    Incorrect,
    Misconception,
    NotAttempted,
    QueryQuestion,
    Status,
    ValueQuestion,
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


def test_function_shows_each_input_as_the_learner_must_type_it():
    """0.99999 is not shown as 1, nor 365.25 as 365.2: the learner reruns the call from the message."""
    question = FunctionQuestion("q1", "nb", "f", cases=[({"slo": 0.99999, "days": 365.25}, 1.0)])
    with pytest.raises(Incorrect, match=r"f\(slo=0\.99999, days=365\.25\)"):
        run("q.check()", question, f=lambda slo, days: 2.0)


@pytest.mark.parametrize(
    "body,expected_status,words",
    [
        ("def f(x):\n    ...\n", Status.NOT_ATTEMPTED, "returns nothing yet"),
        ("def f(x):\n    raise NotImplementedError()\n", Status.NOT_ATTEMPTED, "NotImplementedError"),
        ("f = 3\n", Status.NOT_ATTEMPTED, "should be a function"),
        ("def f(x):\n    return x / 0\n", Status.INCORRECT, "raised ZeroDivisionError"),
        ("def f(x):\n    return [x]\n", Status.INCORRECT, "not an answer of the right kind"),
    ],
)
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


def test_function_with_a_table_input_shows_its_size_and_names_the_misconception():
    """A table input is shown by its size, not dumped; a prediction may compute from the table."""
    import pandas as pd

    mean_of_groups = Misconception(
        "mean of groups",
        "You averaged the groups' rates.",
        lambda expected, log, **_: log.groupby("group")["hit"].mean().mean(),
    )
    question = FunctionQuestion("q3", "nb", "rate", misconceptions=[mean_of_groups], rel_tol=0)
    log = pd.DataFrame({"group": ["a", "a", "a", "b"], "hit": [1, 1, 0, 0]})
    namespace = {"log": log, "rate": lambda log: log.groupby("group")["hit"].mean().mean()}
    with pytest.raises(Incorrect) as failure:
        run("q.check(cases=[({'log': log}, 0.5)])", question, **namespace)
    text = str(failure.value)
    assert "rate(log=<table of 4 rows>)" in text and "You averaged the groups' rates." in text
    assert "exact match" not in text  # the misconception, not the tolerance, explains it
    run("q.check(cases=[({'log': log}, 1 / 3)])", question, **namespace)


def test_function_cases_can_be_built_at_the_first_check():
    built = []

    def cases():
        built.append(1)
        return [({"x": 2}, 4)]

    question = FunctionQuestion("q1", "nb", "f", cases=cases)
    assert not built  # binding the question builds nothing
    run("q.check()", question, f=double)
    run("q.check()", question, f=double)
    assert built == [1] and question.cases[0].inputs == {"x": 2}


def test_function_case_context_feeds_the_predictions():
    """A hidden case may carry what a wrong method gives, as a third element."""
    rounded = Misconception("rounded", "You rounded too early.", lambda expected, rounded, **_: rounded)
    question = FunctionQuestion("q1", "nb", "f", misconceptions=[rounded])
    with pytest.raises(Incorrect, match=r"You rounded too early\."):
        run("q.check(cases=[({'x': 1.26}, 2.52, {'rounded': 2.6})])", question, f=lambda x: 2 * round(x, 1))


# -- choices, documents, frames ---------------------------------------------------------


def test_choice_accepts_any_case_and_lists_options_when_off_menu():
    question = ChoiceQuestion("q1", "nb", "d", options=["ship", "do not ship"], expected="ship")
    assert outcome_of(question, d="  SHIP ") is None
    outcome = outcome_of(question, d="launch")
    assert "`ship`, `do not ship`" in outcome.details[0]


def test_document_schema_problems_point_at_the_field():
    schema = {
        "type": "object",
        "required": ["n", "why"],
        "properties": {"n": {"type": "integer"}, "why": {"type": "string"}},
    }
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


def test_document_abs_tol_accepts_a_rounded_field_and_shows_values_in_full():
    schema = {"type": "object", "properties": {"seconds": {"type": "number"}, "slo": {"type": "number"}}}
    question = DocumentQuestion("q3", "nb", "budget", schema=schema, rel_tol=1e-4, abs_tol=0.05)
    run("q.check(expected={'seconds': 26.784})", question, budget={"seconds": 26.8})
    with pytest.raises(Incorrect, match=r"budget\['seconds'\]` = 27 "):
        run("q.check(expected={'seconds': 26.784})", question, budget={"seconds": 27})
    strict = DocumentQuestion("q8", "nb", "budget", schema=schema, rel_tol=1e-6)
    with pytest.raises(Incorrect, match=r"budget\['slo'\]` = 0.99999 "):  # not "= 1"
        run("q.check(expected={'slo': 0.999})", strict, budget={"slo": 0.99999})


def test_document_names_a_known_omission_even_when_the_shape_is_wrong():
    schema = {
        "type": "object",
        "required": ["guardrails"],
        "properties": {"guardrails": {"type": "array", "minItems": 1}},
    }
    bare = Misconception(
        "no guardrail", "A metric without a guardrail can be gamed.", lambda expected, **_: {"guardrails": []}
    )
    question = DocumentQuestion("q4", "nb", "metric", schema=schema, misconceptions=[bare])
    outcome = outcome_of(question, metric={"guardrails": []})
    assert "required shape" in outcome.title and "can be gamed" in outcome.details[-1]
    assert "can be gamed" not in outcome_of(question, metric={"guardrails": "none"}).text()


def test_frame_dates_match_however_they_are_written():
    import pandas as pd

    question = FrameQuestion("q2", "nb", "weeks", columns=["week", "users"])
    expected = pd.DataFrame({"week": ["2026-01-05", "2026-01-12"], "users": [3, 4]})
    as_timestamps = expected.assign(week=pd.to_datetime(expected["week"]))
    run("q.check(expected=expected)", question, weeks=as_timestamps, expected=expected)
    with pytest.raises(Incorrect, match=r"row 1: `week` is"):
        run(
            "q.check(expected=expected)",
            question,
            expected=expected,
            weeks=as_timestamps.assign(week=pd.to_datetime(["2026-01-05", "2026-01-13"])),
        )


def test_frame_names_the_differing_cell():
    import pandas as pd

    question = FrameQuestion("q2", "nb", "daily", columns=["day", "users"], sort_by=["day"])
    expected = pd.DataFrame({"day": [1, 2], "users": [10, 20]})
    run("q.check(expected=expected)", question, daily=expected.iloc[::-1], expected=expected)
    with pytest.raises(Incorrect, match=r"day 2: `users` is 21"):
        run(
            "q.check(expected=expected)",
            question,
            daily=pd.DataFrame({"day": [1, 2], "users": [10, 21]}),
            expected=expected,
        )
    assert "lacks column" in outcome_of(question, daily=pd.DataFrame({"day": [1]})).title


def test_frame_names_a_misspelt_or_missing_key_once():
    import pandas as pd

    question = FrameQuestion("q1", "nb", "table", columns=["region", "p95"], sort_by=["region"])
    expected = pd.DataFrame({"region": ["Europe", "all"], "p95": [1.0, 2.0]})
    with pytest.raises(Incorrect) as failure:
        run(
            "q.check(expected=expected)",
            question,
            expected=expected,
            table=pd.DataFrame({"region": ["Europe", "All"], "p95": [1.0, 2.0]}),
        )
    assert "no row for region 'all'" in str(failure.value) and "'Europe'" not in str(failure.value)
    with pytest.raises(Incorrect, match="no row for region 'all'"):
        run("q.check(expected=expected)", question, expected=expected, table=expected.iloc[:1])


def test_frame_reads_a_column_kept_as_the_index():
    """A groupby result that keeps the key as its index is the same answer as one with the key as a column."""
    import pandas as pd

    question = FrameQuestion("q2", "nb", "daily", columns=["day", "users"], sort_by=["day"])
    expected = pd.DataFrame({"day": [1, 2], "users": [10, 20]})
    run("q.check(expected=expected)", question, daily=expected.set_index("day"), expected=expected)
    assert "lacks column" in outcome_of(question, daily=expected.set_index("day").rename_axis(None)).title


def test_frame_difference_names_the_row_by_its_key_and_reads_like_a_number():
    import numpy as np
    import pandas as pd

    question = FrameQuestion("q2", "nb", "daily", columns=["day", "users"], sort_by=["day"])
    expected = pd.DataFrame({"day": [1, 2], "users": [10.0, 20.0]})
    answer = pd.DataFrame({"day": [2, 1], "users": [np.float64(20.25), 10.0]})
    with pytest.raises(Incorrect) as failure:
        run("q.check(expected=expected)", question, daily=answer, expected=expected)
    assert "day 2: `users` is 20.25" in str(failure.value)
    assert "np.float64" not in str(failure.value)


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


# -- structured function results -----------------------------------------------------------


def test_function_returning_a_dict_is_compared_field_by_field():
    """A dict result passes with numpy numbers, any case of text and extra fields; a named slip fails."""
    import numpy as np

    one_sided = Misconception(
        "one-sided",
        "You halved the p-value: that is a one-sided test.",
        lambda expected, **_: {**expected, "p_value": expected["p_value"] / 2},
    )
    question = FunctionQuestion(
        "q1",
        "nb",
        "test",
        misconceptions=[one_sided],
        cases=[({"x": 1}, {"p_value": 0.04, "verdict": "Go", "flags": [True, 2.0]})],
    )

    def good(x):
        return {
            "p_value": np.float64(0.0401),
            "verdict": " go",
            "flags": np.array([True, 2.0], dtype=object),
            "extra": 1,
        }

    run(
        "q.check(cases=[({'x': 2}, {'p_value': 0.5, 'verdict': 'stop', 'flags': [False, 1]})])",
        question,
        test=lambda x: good(x) if x == 1 else {"p_value": 0.5, "verdict": "STOP", "flags": [np.bool_(False), 1]},
    )
    outcome = outcome_of(question, test=lambda x: {"p_value": 0.02, "verdict": "go", "flags": [True, 2.0]})
    assert outcome.status is Status.INCORRECT and "one-sided test" in outcome.text()
    assert "'p_value': 0.02" in outcome.text()
    for wrong in (
        {"p_value": 0.04, "verdict": "stop", "flags": [True, 2.0]},  # text differs
        {"p_value": 0.04, "flags": [True, 2.0]},  # a field is missing
        {"p_value": 0.04, "verdict": "go", "flags": [1, 2.0]},  # 1 is not a flag
        {"p_value": 0.04, "verdict": "go", "flags": [True]},  # a list too short
        0.04,
    ):  # not a dict at all
        assert outcome_of(question, test=lambda x, w=wrong: w).status is Status.INCORRECT, wrong
    assert "not a dict with the keys `p_value`, `verdict`, `flags`" in outcome_of(question, test=lambda x: 0.04).text()
    assert "lacks the key(s) `verdict`" in outcome_of(question, test=lambda x: {"p_value": 0.04, "flags": []}).text()


def test_document_checks_do_not_pay_for_jsonschemas_iri_grammar():
    """jsonschema's optional rfc3987_syntax compiles a grammar on import (seconds per graded notebook); it is skipped."""
    import subprocess
    import sys

    code = (
        "import sys; from tpm_course.core.document import schema_problems; "
        "assert schema_problems({}, {'type': 'object', 'required': ['a']}); "
        "print('rfc3987_syntax' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- answers of the wrong form, and the package's exceptions ------------------------------------


def _wrongly_formed():
    """(question, namespace) pairs whose answer has the wrong form, one per question kind."""
    import pandas as pd

    from tpm_course.topics.apis.datastores import StorePlanQuestion
    from tpm_course.topics.apis.question import ContractQuestion
    from tpm_course.topics.specs.questions import TextQuestion

    schema = {"type": "object", "required": ["a"]}
    return [
        (ValueQuestion("q1", "nb", "x", unit="byte"), {"x": "3 Gbit/s"}),
        (ValueQuestion("q1", "nb", "x", integer=True), {"x": 2.5}),
        (ChoiceQuestion("q1", "nb", "x", options=["ship", "wait"]), {"x": "maybe"}),
        (DocumentQuestion("q1", "nb", "x", schema=schema), {"x": {"b": 1}}),
        (FrameQuestion("q1", "nb", "x", columns=["a"]), {"x": [1, 2]}),
        (FrameQuestion("q1", "nb", "x", columns=["a"]), {"x": pd.DataFrame({"b": [1]})}),
        (QueryQuestion("q1", "nb", "x", columns=["n"], key=["n"]), {"x": "SELEKT 1"}),
        (ContractQuestion("q1", "nb", "x"), {"x": "not: [an openapi"}),
        (StorePlanQuestion("q1", "nb", "x", workloads=["orders"]), {"x": ["relational database"]}),
        (TextQuestion("q1", "nb", "x", items=("R1",), review=lambda item, text: []), {"x": "one text"}),
    ]


def test_a_reader_raises_wrong_form_and_the_check_turns_it_into_incorrect():
    """Does every question kind's reader raise WrongForm (never return an Outcome), shown by check() as Incorrect?"""
    from tpm_course.core.errors import WrongForm

    for question, namespace in _wrongly_formed():
        with pytest.raises(WrongForm) as raised:
            question._form(namespace) if hasattr(question, "_form") else question._result(namespace["x"], None)
        assert raised.value.outcome.status is Status.INCORRECT, question
        assert raised.value.outcome.title.startswith("q1: "), raised.value.outcome.title
        shown = outcome_of(question, **namespace)
        assert shown == raised.value.outcome, (question, shown)


def test_a_direct_call_of_check_key_raises_rather_than_returning_a_wrong_form():
    """Does check_key itself raise WrongForm, so no caller has to test isinstance(result, Outcome)?"""
    from tpm_course.core.errors import WrongForm

    with pytest.raises(WrongForm):
        ValueQuestion("q1", "nb", "x").check_key({"x": "twelve"}, expected=12)


def test_wrong_form_is_never_a_grade_by_itself():
    """Were a WrongForm to escape a check, would nbgrader count it as a failed test? It must not: not an AssertionError."""
    from tpm_course.core.errors import TpmCourseError, Unanswered, WrongForm

    assert not issubclass(WrongForm, AssertionError) and not issubclass(Unanswered, AssertionError)
    assert issubclass(WrongForm, TpmCourseError) and issubclass(Unanswered, TpmCourseError)
    assert not issubclass(TpmCourseError, AssertionError) and not issubclass(CheckFailed, TpmCourseError)


def _defined_exceptions() -> dict[str, type]:
    """Every public exception class the package defines, by name, importing every module."""
    import importlib
    import inspect
    import pkgutil

    import tpm_course

    found = {}
    for info in pkgutil.walk_packages(tpm_course.__path__, "tpm_course."):
        if info.name.endswith("__main__"):
            continue  # running it is the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[name] = value
    return found


def test_every_exception_of_the_package_is_drawn_under_its_root():
    """Is every exception the package defines drawn in core/errors.py, and under TpmCourseError or CheckFailed?"""
    from tpm_course.core import errors

    tree = errors.__doc__
    for name, kind in _defined_exceptions().items():
        assert name in tree, f"{name} ({kind.__module__}) is not drawn in core/errors.py's tree"
        if issubclass(kind, AssertionError):
            assert issubclass(kind, CheckFailed), name
        else:
            assert issubclass(kind, errors.TpmCourseError), (
                f"{name} derives from neither TpmCourseError nor CheckFailed"
            )


def test_errors_keep_the_built_in_kind_their_callers_catch():
    """Does a parser's error still catch as ValueError, a bad unit as ValueError, and all as TpmCourseError?"""
    from tpm_course.cli import UsageError
    from tpm_course.core.errors import TpmCourseError
    from tpm_course.core.units import UnitMismatch
    from tpm_course.data.sql import QueryError
    from tpm_course.hub.content import ContentError
    from tpm_course.hub.roster import RosterError
    from tpm_course.manifest import ManifestError
    from tpm_course.topics.apis.openapi import ContractError
    from tpm_course.topics.specs.document import SpecError
    from tpm_course.topics.specs.gherkin import GherkinError

    for kind in (UnitMismatch, ContractError, SpecError, GherkinError, ManifestError, ContentError, RosterError):
        assert issubclass(kind, ValueError) and issubclass(kind, TpmCourseError), kind
    for kind in (QueryError, UsageError):
        assert issubclass(kind, TpmCourseError), kind


# -- one comparison of tables ---------------------------------------------------------------------


def test_frames_and_query_results_are_compared_and_described_alike():
    """Does a DataFrame answer get the same lines as a SQL result with the same difference?"""
    import pandas as pd

    from tpm_course.core.frame import table_differences
    from tpm_course.core.query import result_differences

    expected = pd.DataFrame({"day": ["a", "b", "c"], "dau": [1, 2, 3]})
    answer = pd.DataFrame({"day": ["d", "b", "a"], "dau": [4, 5, 1]})
    lines = ["no row for day 'c'", "a row for day 'd' that should not be there", "day 'b': `dau` is 5"]
    assert table_differences(answer, expected, key=["day"]) == lines
    assert result_differences(answer.rename(columns=str.upper), expected, ["day"], 1e-9) == lines
    question = FrameQuestion("q2", "nb", "daily", columns=["day", "dau"], sort_by=["day"])
    assert outcome_of(question, daily=answer, expected=expected) is None  # the visible check: columns only
    with pytest.raises(Incorrect) as failure:
        run("q.check(expected=expected)", question, daily=answer, expected=expected)
    assert failure.value.outcome.details == lines


def test_table_rows_match_by_key_of_any_kind_and_name_it_as_written():
    """Do dates written as text match Timestamps, ids stay 100584 (not 100,584), and repeated keys get named?"""
    import pandas as pd

    from tpm_course.core.frame import table_differences

    expected = pd.DataFrame({"week": pd.to_datetime(["2026-01-05", "2026-01-12"]), "users": [3, 4]})
    as_text = pd.DataFrame({"week": ["2026-01-12", "2026-01-05"], "users": [4, 3]})
    assert table_differences(as_text, expected, key=["week"]) == []
    ids = pd.DataFrame({"user_id": [100584, 100585], "converted": [1, 0]})
    assert table_differences(ids.iloc[:1], ids, key=["user_id"]) == [
        "1 row where 2 were expected",
        "no row for user_id 100585",
    ]
    repeated = pd.concat([ids, ids.iloc[:1]])
    assert table_differences(repeated, ids, key=["user_id"]) == [
        "1 value(s) of user_id appear on more than one row, e.g. 100584: each should have one row"
    ]
    assert table_differences(repeated, repeated.iloc[::-1], key=["user_id"]) == [], "a repeated key, compared in order"
    assert table_differences(ids, ids.assign(converted=[1, 1])) == ["row 1: `converted` is 0"]
    assert table_differences(ids.iloc[:1], ids) == ["1 row where 2 were expected"]


def test_a_note_on_carried_fields_names_each_earlier_answer_and_agrees_in_number():
    from tpm_course.core import carried

    one = carried.note(["step"], "`funnel_table` (Q1)")
    assert one == (
        "Your `step` agrees with what your own `funnel_table` (Q1) gives, which is not right yet: "
        "that mistake is charged there, not again here."
    )
    several = carried.note(["a", "b", "c"], ["`licence_cost` (Q3)", "`buy_costs` (Q4)"])
    assert several.startswith(
        "Your `a`, `b` and `c` agree with what your own `licence_cost` (Q3) and your own `buy_costs` (Q4) give, "
        "which are not right yet"
    )
    assert carried.missed(["a", "b"], "plan of Q2") == (
        "`a` and `b` were checked against what your own plan of Q2 gives as well, and do not agree with that either."
    )
