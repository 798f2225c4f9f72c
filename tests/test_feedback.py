"""Does nbgrader's generated feedback show each check's message and never the answer key?"""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import REPO, module_stems
from nbgrader_course import answer_sources, copy_course, filled, nbgrader, submissions_for, submit

STEMS = module_stems()
BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def hidden_lines(stem: str) -> list[str]:
    """Lines of the solution's hidden-test regions that a student neither sees nor writes.

    A reference query or a decision in a hidden test may equal a correct answer word for word,
    and feedback rightly shows a student's own answer: those lines are left out.
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
            elif inside and line.strip() and line.strip() not in visible:
                lines.append(line.strip())
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
    assert wrong[stem].says in text, text[-3000:]
