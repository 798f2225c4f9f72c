"""Does nbgrader's generated feedback show each check's message and never the answer key?

And are the messages made one way: values written by ``feedback.shown``, long lists cut by
``feedback.capped``?
"""

from __future__ import annotations

import html
import json
import re

import pytest

from tpm_course.core.feedback import MAX_LINES, capped, shown
from tpm_course.grading.hidden import SHORTEST

from conftest import REPO, module_stems
from nbgrader_course import answer_sources, copy_course, filled, nbgrader, submissions_for, submit

STEMS = module_stems()
BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def hidden_lines(stem: str) -> list[str]:
    """Lines of the solution's hidden-test regions that a student neither sees nor writes.

    A reference query or a decision in a hidden test may equal a correct answer word for word,
    and feedback rightly shows a student's own answer: those lines are left out, and so are lines
    too short to give anything away (``hidden.SHORTEST``).
    """
    notebook = json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text())
    exercise = json.loads((REPO / "exercises" / stem / f"{stem}.ipynb").read_text())
    answers = [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    visible = {line.strip() for c in exercise["cells"] + answers for line in "".join(c["source"]).splitlines()}
    lines, inside = [], False
    for cell in notebook["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if BEGIN in line or END in line:
                inside = BEGIN in line
            elif inside and len(line.strip()) >= SHORTEST and line.strip() not in visible:
                lines.append(line.strip())  # shorter lines, such as "])", give nothing away
    return lines


def shown_text(path) -> str:
    """The text a student reads in a feedback HTML file: tags removed, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def feedback(tmp_path_factory):
    """Feedback generated for the solution and the first planted misconception of every module."""
    root = tmp_path_factory.mktemp("feedback")
    copy_course(REPO, root)
    wrong = {}
    for stem in STEMS:
        assert nbgrader(root, "generate_assignment", stem, "--force").returncode == 0
        exercise = json.loads((root / "exercises" / stem / f"{stem}.ipynb").read_text())
        solution = json.loads((root / "solutions" / stem / f"{stem}.ipynb").read_text())
        submit(root, stem, "solution", solution)
        misconceptions = [s for s in submissions_for(stem) if s.loses]
        if misconceptions:
            wrong[stem] = misconceptions[0]
            submit(root, stem, "wrong", filled(exercise, {**answer_sources(solution), **wrong[stem].cells}))
        if stem == STEMS[0]:  # a student who prints the kernel's input history, hidden tests run so far included
            answers = answer_sources(solution)
            last = list(answers)[-1]
            snoop = {last: answers[last] + '\nprint("\\n".join(_ih))\n'}
            submit(root, stem, "snoop", filled(exercise, {**answers, **snoop}))
        nbgrader(root, "autograde", stem, "--force")
        result = nbgrader(root, "generate_feedback", stem, "--force")
        assert result.returncode == 0, result.stderr[-3000:]
    return root, wrong


@pytest.mark.parametrize("stem", STEMS)
def test_feedback_never_shows_hidden_test_code(feedback, stem):
    root, _ = feedback
    pages = sorted((root / "feedback").glob(f"*/{stem}/{stem}.html"))
    assert pages, "feedback was generated"
    secret = hidden_lines(stem)
    assert secret, "the module has hidden tests"
    for page in pages:
        shown = {line.strip() for line in shown_text(page).splitlines()}
        leaked = [line for line in secret if line in shown]
        assert not leaked, f"{page.relative_to(root)} shows hidden test code: {leaked[:3]}"


@pytest.mark.parametrize("stem", STEMS)
def test_feedback_shows_the_misconception_message(feedback, stem):
    root, wrong = feedback
    if stem not in wrong:
        pytest.skip("no planted misconception written for this module")
    text = shown_text(root / "feedback" / "wrong" / stem / f"{stem}.html")
    assert wrong[stem].says.replace("`", "") in text, text[-3000:]  # `code` is a <code> element in HTML


def test_a_snooping_student_sees_no_hidden_test_in_the_feedback(feedback):
    """``print(_ih)`` in an answer cell shows the hidden tests run so far; the feedback removes them."""
    root, _ = feedback
    stem = STEMS[0]
    text = shown_text(root / "feedback" / "snoop" / stem / f"{stem}.html")
    assert "hidden tests, removed" in text  # the snooping cell's output was there, and was cut
    assert not [line for line in hidden_lines(stem) if line in {t.strip() for t in text.splitlines()}]


def test_a_timed_out_test_cell_keeps_one_line_of_its_traceback():
    """A test cell stopped at its time limit shows its source in the traceback: only the last line stays."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from tpm_course.grading.hidden import HideHiddenTests

    source = f"q6.check()\n{BEGIN}\nq6.check(cases=[({{'items': 60}}, 25.0)])\n{END}"
    trace = ["KeyboardInterrupt  Traceback", "----> 3 q6.check(cases=[({'items': 60}, 25.0)])", "KeyboardInterrupt: "]
    cell = new_code_cell(source, outputs=[new_output("error", ename="KeyboardInterrupt", evalue="", traceback=trace)])
    notebook, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
    assert notebook.cells[0].outputs[0].traceback == ["KeyboardInterrupt: "]


def test_feedback_hides_hidden_tests_before_nbgrader_clears_them():
    config = (REPO / "nbgrader_config.py").read_text()
    assert config.index("HideHiddenTests") < config.index("nbgrader.preprocessors.ClearHiddenTests")


# -- the lines and values every message is made of ------------------------------------------------


def test_a_long_list_ends_in_how_many_more_and_a_short_one_stays_whole():
    """Does ``capped`` keep the first lines and count the rest, with one default and a cap passed where needed?"""
    lines = [f"problem {i}" for i in range(MAX_LINES + 3)]
    assert capped(lines) == [*lines[:MAX_LINES], "… and 3 more."]
    assert capped(lines[:MAX_LINES]) == lines[:MAX_LINES]
    assert capped(lines, 3) == [*lines[:3], f"… and {MAX_LINES} more."]
    assert capped([]) == []
    assert capped(iter(lines[:2])) == lines[:2], "any iterable of lines"


def test_only_capped_writes_how_many_more():
    """Is ``capped`` the one place a question kind cuts a list? No other module writes "… and N more"."""
    package = REPO / "tpm_course"
    writers = [
        path.relative_to(REPO)
        for path in [*(package / "core").glob("*.py"), *(package / "topics").rglob("*.py")]
        if path.name != "feedback.py" and re.search(r"and \{[^}]*\} more", path.read_text())
    ]
    assert writers == []


@pytest.mark.parametrize(
    "value, unit, full, text",
    [
        (1157.3, None, False, "1,157"),  # 4 significant figures, thousands separated
        (0.0231456, None, False, "0.02315"),
        (3.5e12, "byte", False, "3,500,000,000,000 bytes"),  # a unit's label follows the number
        (0.99999, None, False, "1"),
        (0.99999, None, True, "0.99999"),  # in full where 4 figures would change it
        (365.25, None, True, "365.25"),
        (5, None, False, "5"),
        (True, None, False, "True"),  # a flag is not the number 1
        ("go", None, False, "'go'"),
        ({"p_value": 0.0123456, "verdict": "go"}, None, False, "{'p_value': 0.01235, 'verdict': 'go'}"),
        ([1.0, 2.5], None, False, "[1, 2.5]"),
        ((1.0, 2.0), None, False, "(1, 2)"),  # a tuple still reads as one
        ((7,), None, False, "(7,)"),
        (None, None, False, "None"),
        ("x" * 100, None, False, "'" + "x" * 56 + "..."),  # long text is cut at 60 characters
    ],
)
def test_one_formatter_shows_every_kind_of_value(value, unit, full, text):
    """Does ``shown`` write numbers, flags, text and collections the one way a learner reads them?"""
    assert shown(value, unit, full=full) == text


def test_numpy_and_pandas_values_read_like_python_ones():
    """Is np.float64(284.225) shown as 284.2, a numpy flag as True, a table by its size, a Series by name?"""
    import numpy as np
    import pandas as pd

    assert shown(np.float64(284.225)) == "284.2"
    assert shown(np.int64(100584)) == "100,584"
    assert shown(np.bool_(True)) == "True"
    assert shown(np.array([1.5, 2.0])) == "[1.5, 2]"
    assert shown(pd.DataFrame({"a": range(1500)})) == "<table of 1,500 rows>"
    assert shown(pd.Series({"p50": 120.0, "p95": 480.5})) == "{'p50': 120, 'p95': 480.5}"


def test_question_kinds_format_no_value_by_hand():
    """Do the question kinds leave number formats to ``shown``? No format spec such as :,  :.4g  :g  :.0% elsewhere."""
    package = REPO / "tpm_course"
    kinds = [
        *(p for p in (package / "core").glob("*.py") if p.name not in ("numbers.py", "feedback.py")),
        package / "topics" / "apis" / "question.py",
        package / "topics" / "apis" / "datastores.py",
        package / "topics" / "specs" / "questions.py",
        package / "topics" / "specs" / "grading.py",
    ]
    spec = re.compile(r"\{[^{}:!]+:[<>^=+ #0-9,._]*[%gfe,]?\}")
    found = {str(p.relative_to(REPO)): spec.findall(p.read_text()) for p in kinds}
    assert {path: specs for path, specs in found.items() if specs} == {}
