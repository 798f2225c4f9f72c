"""Does the grader refuse what it cannot read, flag calls into the answer key, and export a CSV no spreadsheet runs?"""

from __future__ import annotations

import csv
import importlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest

from tpm_course.grading.assignment import NotebookKey, SourceCellKey
from tpm_course.grading.flags import Effect
from tpm_course.grading.isolation import SandboxError, probe
from tpm_course.grading.record import GradeStatus
from tpm_course.grading.sanitize import NotGradable, read_notebook
from tpm_course.grading.scan import scan_notebook
from tpm_course.grading.settings import Settings
from tpm_course.reporting.cohort import Cohort, Submission
from tpm_course.reporting.export import write_csv

SETTINGS = Settings.for_tpm_course()
SETUP = "from tpm_course.topics.metrics.exercise import q1\nfrom tpm_course.data import load as load_dataset\n"
TEST = "q1.check()\n### BEGIN HIDDEN TESTS\nfrom tpm_course.topics.metrics.exercise import shipped_events as _s\n"


def key() -> NotebookKey:
    cells = {
        "setup": SourceCellKey("setup", "code", True, "x", SETUP),
        "q1_answer": SourceCellKey("q1_answer", "code", False, "y", "x = ...\n"),
        "q1": SourceCellKey("q1", "code", True, "z", TEST),
    }
    return NotebookKey("nb", None, cells, {"q1": 3.0}, {"q1_answer"}, {"setup": SETUP, "q1": "q1.check()\n"})


def scan(answer: str):
    cells = [
        nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade_id": grade_id}})
        for grade_id, source in (("setup", SETUP), ("q1_answer", answer), ("q1", "q1.check()\n"))
    ]
    return scan_notebook(cells, key(), SETTINGS)


@pytest.mark.parametrize(
    "answer",
    [
        "from tpm_course.topics.metrics.exercise import shipped_events\nevents = shipped_events()",
        "import tpm_course.topics.metrics.exercise as ex\nevents = ex.shipped_events()",
    ],
)
def test_an_answer_calling_what_the_grader_computes_keys_with_is_flagged_for_review(answer):
    flags = scan(answer)
    assert [(f.kind, f.cell, f.effect) for f in flags] == [("answer-key", "q1_answer", Effect.REVIEW)], flags


def test_the_course_library_lessons_teach_is_not_flagged():
    assert scan("from tpm_course.topics.metrics.maths import funnel\ntable = funnel(load_dataset('x'), ['a'])") == []


def test_code_nested_too_deep_to_read_is_flagged_not_a_grader_error():
    flags = scan("x = " + "1+" * 50_000 + "1")
    assert [(f.kind, f.effect) for f in flags] == [("unreadable", Effect.REVIEW)], flags


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests its JSON"),
        (json.dumps({"cells": [{}] * 3_000, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), "3,000 cells"),
        ("{" + " " * (21 * 2**20) + "}", "MiB, over"),
        ('{"cells": [1, 2', "not valid JSON"),
    ],
)
def test_a_notebook_too_deep_too_long_or_too_large_is_refused_before_nbformat_reads_it(tmp_path, text, reason):
    path = tmp_path / "nb.ipynb"
    path.write_text(text)
    with pytest.raises(NotGradable, match=reason) as refused:
        read_notebook(path)
    assert [(f.kind, f.effect) for f in refused.value.flags] == [("unreadable", Effect.NOT_GRADED)]


def test_the_lms_csv_shows_formulas_as_text(tmp_path):
    cohort = Cohort(
        "01_estimation",
        ["q1"],
        {"q1": 3.0},
        {"q1"},
        [
            Submission('=HYPERLINK("http://x")', GradeStatus.GRADED, scores={"q1": 3.0}),
            Submission("+plus", GradeStatus.NOT_GRADED, reason="@SUM(A1:A9)"),
        ],
        {'=HYPERLINK("http://x")': {"first_name": "-2+3", "last_name": "Lee", "email": "a@b.c"}},
    )
    rows = list(csv.reader(write_csv(cohort, tmp_path / "grades.csv").open()))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], rows
    assert '\'=HYPERLINK("http://x")' in cells and "'-2+3" in cells and "'@SUM(A1:A9)" in cells and "3" in cells


@pytest.fixture
def run_folder():
    """A run's scratch folder others may traverse, as ``tpm-course grade`` makes it."""
    folder = Path(tempfile.mkdtemp(prefix="tpm-course-grade-test-"))
    os.chmod(folder, 0o711)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_grading_refuses_to_start_when_a_package_it_keeps_reachable_holds_solutions(tmp_path, monkeypatch, run_folder):
    """A package installed from a folder that holds solutions: the sandbox keeps the package, so it refuses."""
    if os.geteuid() != 0:
        pytest.skip("only root can give student code a sandbox to check")
    package = tmp_path / "checkout" / "leakypkg"
    (package / "solutions").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "solutions" / "key.ipynb").write_text("{}")
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    (course / "solutions" / "a.ipynb").write_text("{}")
    monkeypatch.syspath_prepend(str(package.parent))
    importlib.import_module("leakypkg")
    honest = probe(run_folder, None, course, ("tpm_course",), [course / "solutions"])
    if not honest.hide:
        pytest.skip("this machine gives no mount namespace: " + honest.describe())
    with pytest.raises(SandboxError, match="leakypkg/solutions"):
        probe(run_folder, None, course, ("leakypkg",), [course / "solutions"])
