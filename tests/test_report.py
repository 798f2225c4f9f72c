"""`tpm-course report`: the instructor's HTML report and LMS CSV, on a cohort graded by real nbgrader."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from tpm_course.reporting import Cohort
from tpm_course.reporting.cohort import Submission
from tpm_course.reporting.stats import items

from conftest import REPO
from nbgrader_course import answer_sources, copy_course, filled, nbgrader, submissions_for, submit

STEM = "01_estimation"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Module 01 graded by nbgrader: the solution, the blank, misconceptions and a kernel that dies."""
    root = tmp_path_factory.mktemp("report")
    copy_course(REPO, root)
    assert nbgrader(root, "generate_assignment", STEM, "--force").returncode == 0
    exercise = json.loads((root / "exercises" / STEM / f"{STEM}.ipynb").read_text())
    solution = json.loads((root / "solutions" / STEM / f"{STEM}.ipynb").read_text())
    correct = answer_sources(solution)
    submit(root, STEM, "solution", solution)
    submit(root, STEM, "blank", exercise)
    wrong = [s for s in submissions_for(STEM) if s.loses][:4]
    for submission in wrong:
        submit(root, STEM, submission.name, filled(exercise, {**correct, **submission.cells}))
    submit(root, STEM, "kernel_exit", filled(exercise, {**correct, "q4_answer": "import os\nos._exit(1)\n"}))
    nbgrader(root, "autograde", STEM, "--force")  # exits 1: the kernel that died
    result = subprocess.run(
        [sys.executable, "-m", "tpm_course", "report", STEM], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return root, wrong


def test_csv_scores_graded_submissions_and_leaves_the_dead_kernel_blank(graded):
    root, wrong = graded
    rows = {r["student_id"]: r for r in csv.DictReader((root / "reports" / f"{STEM}.csv").open())}
    cells = json.loads((REPO / "solutions" / STEM / f"{STEM}.ipynb").read_text())["cells"]
    points = sum(c["metadata"].get("nbgrader", {}).get("points", 0) for c in cells)
    assert rows["solution"]["score"] == f"{points:g}" and rows["solution"]["status"] == "graded"
    assert rows["blank"]["score"] == "0"
    assert rows["kernel_exit"]["score"] == "" and rows["kernel_exit"]["status"] == "not graded"
    assert "kernel" in rows["kernel_exit"]["note"]
    for submission in wrong:
        assert 0 <= float(rows[submission.name]["score"]) < 16


def test_html_report_has_its_charts_and_names_the_misconceptions(graded):
    root, wrong = graded
    page = (root / "reports" / f"{STEM}.html").read_text()
    assert page.count('<svg class="chart"') == 3 and "<script" not in page
    assert "Score distribution" in page and "Item discrimination" in page
    for submission in wrong:
        assert submission.says.replace("`", "").split(".")[0][:40] in page.replace("`", "")
    assert "kernel_exit" in page and "not attempted" in page


def test_report_on_an_assignment_the_gradebook_lacks_says_so(graded):
    root, _ = graded
    result = subprocess.run(
        [sys.executable, "-m", "tpm_course", "report", "99_nothing"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 2 and "no assignment '99_nothing'" in result.stderr


def test_discrimination_separates_a_question_strong_students_get_right():
    scores = [  # q1 tracks the total, q2 is answered by everybody, q3 by the weakest only
        {"q1": 2, "q2": 1, "q3": 0},
        {"q1": 2, "q2": 1, "q3": 0},
        {"q1": 2, "q2": 1, "q3": 0},
        {"q1": 0, "q2": 1, "q3": 1},
        {"q1": 0, "q2": 1, "q3": 1},
        {"q1": 0, "q2": 1, "q3": 0},
    ]
    cohort = Cohort(
        "a",
        ["q1", "q2", "q3"],
        {"q1": 2, "q2": 1, "q3": 1},
        {"q1", "q2", "q3"},
        [Submission(f"s{i}", scores=s) for i, s in enumerate(scores)],
        {},
    )
    by_name = {i.question: i for i in items(cohort)}
    assert by_name["q1"].discrimination == 1.0
    assert by_name["q2"].discrimination == 0.0 and by_name["q2"].full_marks == 1.0
    assert by_name["q3"].discrimination < 0 and by_name["q3"].item_rest < 0
    assert by_name["q1"].mean == 1.0


def test_partial_credit_is_counted_apart_from_full_marks():
    """Does item analysis tell a question many students partly got from one they got wrong?"""
    scores = [{"q1": 4}, {"q1": 3}, {"q1": 1.5}, {"q1": 0}]
    cohort = Cohort("a", ["q1"], {"q1": 4}, {"q1"}, [Submission(f"s{i}", scores=s) for i, s in enumerate(scores)], {})
    (item,) = items(cohort)
    assert item.full_marks == 0.25 and item.partial == 0.5 and item.mean == pytest.approx(8.5 / 4)
