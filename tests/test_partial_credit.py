"""Partial credit, and a learner's error named: the check machinery of core/partial.py and core/cell_errors.py."""

import ast
import importlib
import json
from pathlib import Path

import pytest
from nbgrader.utils import get_partial_grade

from tpm_course import manifest
from tpm_course.core import DocumentQuestion, FrameQuestion, FunctionQuestion, Incorrect, NotAttempted, Status
from tpm_course.core.partial import Parts, Points

REPO = Path(__file__).resolve().parents[1]
SCHEMA = {"type": "object", "required": ["a", "b", "c", "d"]}
KEY = {"a": 1, "b": 2, "c": "yes", "d": 4.0}


def document(parts=None):
    return DocumentQuestion("q9", "nb", "plan", schema=SCHEMA, parts=parts)


def check(question, plan, **key):
    """What ``question.check(**key)`` returns when the learner's ``plan`` is in the caller's namespace."""
    namespace = {"plan": plan, "question": question}
    exec("result = question.check(**key)", namespace, scope := {"key": key})
    return scope["result"]


def test_a_document_earns_the_points_of_its_right_fields_and_says_which():
    """Does one wrong field of four cost its share only, and does the feedback name it?"""
    question = document(Parts(4, noun="field"))
    points = check(question, {**KEY, "b": 3}, expected=KEY)
    assert isinstance(points, Points) and points == 3 and points.possible == 4
    outcome = question._outcome(lambda: question.check_key({"plan": {**KEY, "b": 3}}, expected=KEY))
    assert outcome.status is Status.PARTIAL and "3 of 4 points" in outcome.title
    assert "3 of 4 fields right" in outcome.details[0] and "not yet: b" in outcome.details[0]
    assert check(question, dict(KEY), expected=KEY) is None  # full marks: no result, as before
    with pytest.raises(Incorrect):  # nothing right: zero, as before
        check(question, {"a": 0, "b": 0, "c": "no", "d": 0}, expected=KEY)


def test_declared_points_per_part_are_earned_and_must_add_up():
    question = document(Parts(5, each={"a": 2, "b": 1, "c": 1, "d": 1}))
    assert check(question, {**KEY, "b": 0, "c": "no"}, expected=KEY) == 3
    outcome = question._outcome(lambda: question.check_key({"plan": {**KEY, "a": 0}}, expected=KEY))
    assert "a: 0 of 2" in outcome.details and "d: 1 of 1" in outcome.details
    with pytest.raises(ValueError, match="add up to 4"):
        Parts(5, each={"a": 2, "b": 1, "c": 1})


def test_a_question_without_parts_stays_all_or_nothing():
    with pytest.raises(Incorrect):
        check(document(), {**KEY, "b": 3}, expected=KEY)


def test_a_function_earns_a_share_per_case():
    question = FunctionQuestion("q9", "nb", "f", cases=[({"x": 1}, 2)], parts=Parts(2, noun="case"))
    namespace = {"f": lambda x: 2 * x if x < 3 else 0}
    outcome = question._outcome(
        lambda: question.check_key(namespace, cases=[({"x": 2}, 4), ({"x": 3}, 6), ({"x": 4}, 8)])
    )
    assert outcome.status is Status.PARTIAL and outcome.earned == 1.0
    assert "2 of 4 cases right" in outcome.details[0]


def test_a_function_returning_none_on_some_inputs_is_told_so_not_not_attempted():
    question = FunctionQuestion("q9", "nb", "f", cases=[({"x": 1}, 2), ({"x": -1}, -2)])
    outcome = question._outcome(lambda: question.check_key({"f": lambda x: 2 * x if x > 0 else None}))
    assert outcome.status is Status.INCORRECT
    assert any("returned None" in d and "without a `return`" in d for d in outcome.details), outcome.details
    blank = question._outcome(lambda: question.check_key({"f": lambda x: None}))
    assert blank.status is Status.NOT_ATTEMPTED


def test_a_table_earns_a_share_per_row_and_a_row_too_many_is_a_wrong_part():
    pd = pytest.importorskip("pandas")
    expected = pd.DataFrame({"step": ["visit", "signup", "buy"], "users": [100, 40, 10]})
    question = FrameQuestion("q9", "nb", "funnel", columns=["step", "users"], parts=Parts(3, noun="row"))
    one_wrong = pd.DataFrame({"step": ["visit", "signup", "buy"], "users": [100, 41, 10]})
    outcome = question._outcome(lambda: question.check_key({"funnel": one_wrong}, expected=expected))
    assert outcome.status is Status.PARTIAL and outcome.earned == 2
    assert "not yet: step 'signup'" in outcome.details[0]
    keyed = FrameQuestion("q9", "nb", "funnel", columns=["step", "users"], sort_by=["step"], parts=Parts(3))
    extra = pd.concat([expected.iloc[::-1], pd.DataFrame({"step": ["refund"], "users": [1]})])
    outcome = keyed._outcome(lambda: keyed.check_key({"funnel": extra}, expected=expected))
    assert outcome.status is Status.PARTIAL and outcome.earned == 2.25  # 3 of 4 parts right


def test_nbgrader_reads_the_points_from_the_cells_result():
    """The plain-text form of the result is what nbgrader parses into a partial score."""
    points = Points(2.25, 3)
    output = {"output_type": "execute_result", "data": {"text/plain": repr(points), "text/html": points._repr_html_()}}
    assert get_partial_grade(output, 3) == 2.25
    assert "2.25 of 3 points" in points._repr_html_()


@pytest.fixture
def shell():
    """An IPython shell for this test only: the singleton and the last error are cleared after it.

    Left behind, its input history (a cell with hidden tests) would make later tests' checks
    believe they run in a graded cell.
    """
    import sys

    from IPython.core.interactiveshell import InteractiveShell

    from tpm_course.core import cell_errors

    shell = InteractiveShell.instance()
    cell_errors.watch(shell)  # as importing the checks does in a notebook's kernel
    yield shell
    cell_errors._runs.clear()
    InteractiveShell.clear_instance()
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            delattr(sys, name)


def test_a_cell_that_raised_is_named_not_reported_as_not_attempted(shell):
    """A learner's KeyError or SyntaxError in the answer cell is what the check reports."""
    question = document()
    shell.user_ns["question"] = question
    shell.run_cell('data = {"x": 1}\nplan = {"a": data["missing"]}')
    with pytest.raises(Incorrect) as failure:
        shell.run_cell("question.check()", silent=True).raise_error()
    assert "raised KeyError" in failure.value.outcome.title and "'missing'" in failure.value.outcome.details[0]
    shell.run_cell("plan = {'a': (1,}")
    with pytest.raises(Incorrect) as failure:
        shell.run_cell("question.check()", silent=True).raise_error()
    assert "raised SyntaxError" in failure.value.outcome.title
    function = FunctionQuestion("q8", "nb", "rate", cases=[({"x": 1}, 2)])
    shell.user_ns["function"] = function
    shell.run_cell("def rate(x)\n    return 2 * x")  # a def without its colon
    with pytest.raises(Incorrect) as failure:
        shell.run_cell("function.check()", silent=True).raise_error()
    assert "raised SyntaxError" in failure.value.outcome.title
    shell.run_cell("other = {}['nothing']")  # a later error, in a cell that does not mention `plan`
    shell.run_cell("print(plan)")  # and one that failed only for want of `plan`
    with pytest.raises(Incorrect) as failure:
        shell.run_cell("question.check()", silent=True).raise_error()
    assert "raised SyntaxError" in failure.value.outcome.title
    shell.run_cell("plan = {}\ndel plan")  # the last cell that mentions `plan` ran to its end
    with pytest.raises(NotAttempted):
        shell.run_cell("question.check()", silent=True).raise_error()


def test_an_answer_left_unfinished_by_its_cell_s_error_names_the_error_first(shell):
    """A cell that set part of the answer and then raised: the error is the cause, not the missing fields."""
    shell.user_ns["question"] = document(Parts(4, noun="field"))
    shell.run_cell('plan = {"a": 1, "b": 2}\nplan["c"] = {}["yes"]\nplan["d"] = 4.0')
    shell.run_cell("print(plan)")  # a cell that only reads it, and ran
    graded = shell.user_ns["question"]._outcome(
        lambda: shell.user_ns["question"].check_key(shell.user_ns, expected=KEY)
    )
    assert graded.status is Status.PARTIAL and graded.earned == 2
    assert graded.details[0].startswith("The cell that sets `plan` did not finish (KeyError: 'yes')"), graded.details
    shell.run_cell('plan = {"a": 1, "b": 2, "c": "no", "d": 4.0}')  # run again without the error
    graded = shell.user_ns["question"]._outcome(
        lambda: shell.user_ns["question"].check_key(shell.user_ns, expected=KEY)
    )
    assert graded.status is Status.PARTIAL and not graded.details[0].startswith("The cell that sets")


def test_an_error_that_builds_on_an_unfinished_answer_says_so():
    from tpm_course.core.cell_errors import described

    unfinished = ...  # what an answer still holding the placeholder evaluates to
    try:
        unfinished["rate"]
    except TypeError as error:
        assert "an earlier answer it builds on is not done yet" in described(error)


def _questions_with_parts():
    for module in manifest.load(REPO).ready:
        exercise = importlib.import_module(manifest.checks_module(module.stem, "exercise"))
        for name, question in vars(exercise).items():
            if getattr(question, "parts", None) is not None:
                yield module.stem, name, question


@pytest.mark.parametrize("stem,qid,question", list(_questions_with_parts()), ids=lambda v: str(v)[:30])
def test_a_question_with_parts_ends_its_test_cell_with_the_graded_check_and_states_its_rule(stem, qid, question):
    """nbgrader reads partial points from the cell's last expression, and the points must match the cell's."""
    cells = json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text())["cells"]
    index, cell = next((i, c) for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == qid)
    assert cell["metadata"]["nbgrader"]["points"] == question.parts.points
    last = ast.parse("".join(cell["source"])).body[-1]
    assert isinstance(last, ast.Expr) and ast.unparse(last.value).startswith(f"{qid}.check("), ast.unparse(last)
    statement = "".join(next(c for c in reversed(cells[:index]) if c["cell_type"] == "markdown")["source"])
    assert "partial credit" in statement.lower() or "each" in statement.lower(), statement


def test_a_table_where_a_document_wants_a_number_is_named_not_a_traceback():
    pd = pytest.importorskip("pandas")
    question = document()
    plan = {**KEY, "d": pd.Series([4.0])}
    outcome = question._outcome(lambda: question.check_key({"plan": plan}, expected=KEY))
    assert outcome.status is Status.INCORRECT and "not plain data" in outcome.title
    assert "`plan['d']` is a pandas Series" in outcome.details[0] and ".iloc[0]" in outcome.details[0]


def test_a_document_field_with_a_unit_is_read_in_the_fields_unit():
    question = DocumentQuestion("q9", "nb", "plan", schema={"type": "object"}, units={"size_pb": "PB"})
    assert check(question, {"size_pb": "5,256 TB".replace(",", "")}, expected={"size_pb": 5.256}) is None
    outcome = question._outcome(lambda: question.check_key({"plan": {"size_pb": "5 seconds"}}, expected={}))
    assert outcome.status is Status.INCORRECT and "should be a number in PB" in outcome.title


def test_a_function_that_ignores_its_arguments_is_told_so():
    """A body that returns the notebook's global value answers every hidden case the same way."""
    question = FunctionQuestion("q9", "nb", "f", cases=[({"x": 1}, 2)])
    outcome = question._outcome(lambda: question.check_key({"f": lambda x: 2}, cases=[({"x": 2}, 4), ({"x": 3}, 6)]))
    assert any("the same answer whatever its inputs" in d for d in outcome.details), outcome.details


def test_with_partial_credit_a_field_of_the_wrong_form_loses_its_part_only():
    """A 1-row Series or an option outside the list costs that field, and says why; the rest still earn."""
    pd = pytest.importorskip("pandas")
    schema = {"type": "object", "required": ["a", "b", "c", "d"], "properties": {"c": {"enum": ["yes", "no"]}}}
    question = DocumentQuestion("q9", "nb", "plan", schema=schema, parts=Parts(4, noun="field"))
    series = question._outcome(lambda: question.check_key({"plan": {**KEY, "d": pd.Series([4.0])}}, expected=KEY))
    assert series.status is Status.PARTIAL and series.earned == 3 and "pandas Series" in series.details[1]
    option = question._outcome(lambda: question.check_key({"plan": {**KEY, "c": "maybe"}}, expected=KEY))
    assert option.status is Status.PARTIAL and option.earned == 3 and "is not one of" in option.details[1]
    unscored = question._outcome(lambda: question.check_key({"plan": {**KEY, "e": pd.Series([1])}}, expected=KEY))
    assert unscored.status is Status.INCORRECT and unscored.earned is None  # outside the scored parts: all refused


def test_with_partial_credit_an_unfinished_field_loses_its_part_only():
    question = document(Parts(4, noun="field"))
    outcome = question._outcome(lambda: question.check_key({"plan": {**KEY, "b": ...}}, expected=KEY))
    assert outcome.status is Status.PARTIAL and outcome.earned == 3 and "is not finished" in outcome.details[1]
    blank = question._outcome(lambda: question.check_key({"plan": dict.fromkeys(KEY, ...)}, expected=KEY))
    assert blank.status is Status.NOT_ATTEMPTED


def test_a_reason_quotes_its_figure_in_digits_words_or_as_none():
    from tpm_course.core.document import quotes

    assert quotes("Two assumptions are open, three weeks to check", [2])
    assert quotes("There are 0 open assumptions.", [0]) and quotes("No assumption is open.", [0])
    assert quotes("Conversion is up 3.2 %", [0.032]) and quotes("peak 2,963 req/s", [2963.4])
    assert not quotes("We add servers before launch.", [2963.4, 6])
    assert quotes("about $9.8k a month, over finance's $6k", [6000]) and quotes("1.2 million questions", [1.2e6])
    assert quotes("1.2e6 questions", [1_200_000]) and not quotes("5 ms at 3 K8s nodes", [5000, 3000])
    assert quotes("its p99 is 0.4 s", [400]) and quotes("its p99 is 400 ms", [0.4]) and quotes("0.62s", [620])
    assert not quotes("3 sites at 0.4 of the budget", [400, 3000])


def test_an_option_matches_whatever_its_case_spacing_or_closing_full_stop():
    from tpm_course.core.text import normalise

    assert normalise("  Commit with  Conditions. ") == normalise("commit with conditions")
    assert normalise("announce the 85% date") == normalise("announce the 85 % date")


def test_an_option_with_an_aside_in_brackets_after_it_is_that_option():
    from tpm_course.core.text import is_option

    assert is_option("Launch on the model of my brief (gpt-4.1-mini).", "launch on the model of my brief")
    assert not is_option("launch (now) and hold", "launch now and hold") and not is_option("ship (maybe)", "ship it")


def test_a_function_stopped_at_the_time_limit_is_told_it_did_not_finish():
    def loops(x):
        raise KeyboardInterrupt  # what the grader's timer raises inside a call that never returns

    question = FunctionQuestion("q9", "nb", "f", cases=[({"x": 1}, 2)])
    outcome = question._outcome(lambda: question.check_key({"f": loops}))
    assert outcome.status is Status.INCORRECT and "did not finish" in outcome.title
    assert "a loop that never ends" in outcome.details[0]


def test_in_a_graded_cell_a_field_of_the_wrong_form_costs_its_part_not_the_cell(shell):
    """The visible ``check()`` on the first line must not fail the cell before the graded check scores the parts."""
    schema = {"type": "object", "required": ["a", "b", "c", "d"], "properties": {"d": {"type": "number"}}}
    shell.user_ns.update(
        question=DocumentQuestion("q9", "nb", "plan", schema=schema, parts=Parts(4)), KEY=KEY, plan={**KEY, "d": "4"}
    )
    cell = "question.check()\n### BEGIN HIDDEN TESTS\nquestion.check(expected=KEY)\n### END HIDDEN TESTS"
    result = shell.run_cell(cell, store_history=True)  # as a kernel runs a notebook's cell
    assert result.error_in_exec is None and result.result == 3


def test_with_partial_credit_several_broken_fields_each_lose_their_part():
    schema = {"type": "object", "required": ["a", "b", "c", "d"], "properties": {"c": {"type": "string"}}}
    question = DocumentQuestion("q9", "nb", "plan", schema=schema, parts=Parts(4))
    outcome = question._outcome(lambda: question.check_key({"plan": {**KEY, "b": ..., "c": None}}, expected=KEY))
    assert outcome.status is Status.PARTIAL and outcome.earned == 2


def test_with_partial_credit_a_unit_that_cannot_be_read_loses_its_part_only():
    schema = {"type": "object", "properties": {"d": {"type": "number"}}}
    question = DocumentQuestion("q9", "nb", "plan", schema=schema, units={"d": "ms"}, parts=Parts(4))
    outcome = question._outcome(lambda: question.check_key({"plan": {**KEY, "d": "about 1 s"}}, expected=KEY))
    assert outcome.status is Status.PARTIAL and outcome.earned == 3


def test_parts_are_named_in_the_plural_english_uses():
    from tpm_course.core.partial import plural

    assert [plural(n) for n in ("field", "story", "case", "day", "box", "match")] == [
        "fields",
        "stories",
        "cases",
        "days",
        "boxes",
        "matches",
    ]
