"""Does a self-study learner's progress get recorded by their checks, and read back by `tpm-course progress`?

The checks run in a real kernel (nbclient) on a learner's copy of exercise 01: right answers from
the solution notebook, one planted misconception, one question left as the exercise gives it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tpm_course.learner import record
from tpm_course.learner.workspace import prepare
from tpm_course.manifest import load

from conftest import REPO
from nbgrader_course import answer_sources, autograded, filled
from submissions.ex01_estimation import MISCONCEPTIONS

STEM = "01_estimation"
# q2 storage with one replica: only the blank q6 builds on it, so every other question passes
PLANTED = next(m for m in MISCONCEPTIONS if m.name == "q2_one_replica")
WRONG = "q2"
LEFT_BLANK = "q6"


def run(notebook: dict, folder: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    """Execute ``notebook`` in a real kernel started in ``folder`` with ``env`` added to its environment."""
    node = nbformat.reads(json.dumps(notebook), as_version=4)  # sources as strings, as nbclient wants
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        NotebookClient(node, timeout=120, allow_errors=True, resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        for name, value in saved.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(name, value)
    return node


def stderr_of(notebook) -> str:
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.get("name") == "stderr"
    )


def progress_command(data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, record.ENVIRONMENT: str(data)}
    return subprocess.run(
        [sys.executable, "-m", "tpm_course", "progress", "--questions"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """A learner's workspace whose exercise 01 was run once, over a corrupt progress record."""
    home = tmp_path_factory.mktemp("learner")
    data = home / "data"
    data.mkdir()
    (data / record.FILENAME).write_text('{"version": 1, "notebooks": [', encoding="utf-8")
    workspace = home / "workspace"
    prepare(REPO, load(REPO), workspace)
    exercise_path = workspace / "exercises" / STEM / f"{STEM}.ipynb"
    exercise = json.loads(exercise_path.read_text())
    answers = answer_sources(json.loads((REPO / "solutions" / STEM / f"{STEM}.ipynb").read_text()))
    del answers[f"{LEFT_BLANK}_answer"]
    notebook = filled(exercise, {**answers, **PLANTED.cells})
    env = {record.ENVIRONMENT: str(data), "TPM_COURSE_ROOT": str(REPO)}
    executed = run(notebook, exercise_path.parent, env)
    return data, executed, autograded(exercise)


def test_a_corrupt_record_is_said_once_kept_aside_and_no_check_fails_for_it(learner):
    data, executed, _ = learner
    said = stderr_of(executed)
    assert said.count("cannot be read as a progress record") == 1, said
    assert (data / f"{record.FILENAME}.unreadable").read_text().startswith('{"version": 1, "notebooks": [')
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert {e["ename"] for e in errors} == {"Incorrect", "NotAttempted"}, [e["evalue"][:200] for e in errors]


def test_checks_in_a_kernel_record_passed_and_tried_questions(learner):
    data, _, questions = learner
    checked = record.read(data / record.FILENAME)[STEM]
    assert PLANTED.loses == [WRONG]
    assert checked[WRONG]["passed"] is False and checked[WRONG]["last"] == "tried"
    passed = [q for q in questions if q not in (WRONG, LEFT_BLANK)]
    assert all(checked[q]["passed"] and checked[q]["checks"] >= 1 for q in passed), checked
    assert LEFT_BLANK not in checked, "a check of an untouched answer records nothing"


def test_tpm_course_progress_prints_what_the_kernel_recorded(learner):
    data, _, questions = learner
    shown = progress_command(data)
    assert shown.returncode == 0, shown.stderr
    row = next(line for line in shown.stdout.splitlines() if line.startswith("01 "))
    passed, tried, not_opened = map(int, row.split()[-6:-3])
    assert (passed, tried, not_opened) == (len(questions) - 2, 1, 1), row
    assert f"tried: {WRONG}" in shown.stdout
    assert str(data / record.FILENAME) in shown.stdout


def test_tpm_course_progress_refuses_a_corrupt_record_with_a_clear_message(tmp_path):
    (tmp_path / record.FILENAME).write_text("[1, 2", encoding="utf-8")
    shown = progress_command(tmp_path)
    assert shown.returncode == 2
    assert "cannot be read as a progress record" in shown.stderr and "Traceback" not in shown.stderr


def test_grading_and_answer_keys_record_nothing(tmp_path, monkeypatch):
    """Under nbgrader (NBGRADER_EXECUTION) and in a cell carrying hidden tests, a check leaves no record."""
    monkeypatch.setenv(record.ENVIRONMENT, str(tmp_path))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    record.note(STEM, "q1", "correct")
    monkeypatch.delenv("NBGRADER_EXECUTION")
    record.note(STEM, "q1", "correct", in_graded_cell=True)
    assert not (tmp_path / record.FILENAME).exists()
    record.note(STEM, "q1", "correct")
    assert record.read(tmp_path / record.FILENAME)[STEM]["q1"]["passed"] is True


def test_the_solution_notebook_run_in_a_kernel_records_nothing(tmp_path):
    """The solution's test cells carry hidden tests: an author running it leaves no progress."""
    solution = json.loads((REPO / "solutions" / STEM / f"{STEM}.ipynb").read_text())
    executed = run(solution, REPO / "solutions" / STEM, {record.ENVIRONMENT: str(tmp_path)})
    assert not [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not (tmp_path / record.FILENAME).exists()


def test_an_unwritable_record_is_said_once_and_the_check_goes_on(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(record.ENVIRONMENT, str(blocker))
    monkeypatch.setattr(record, "_warned", set())
    record.note(STEM, "q1", "correct")
    record.note(STEM, "q2", "incorrect")
    said = capsys.readouterr().err
    assert said.count("your progress is not being saved") == 1, said


def test_once_passed_a_question_stays_passed_and_counts_its_checks():
    notebooks = record.updated({}, STEM, "q1", True, "t1")
    notebooks = record.updated(notebooks, STEM, "q1", False, "t2")
    assert notebooks[STEM]["q1"] == {"passed": True, "last": "tried", "checks": 2, "at": "t2"}


def test_the_record_lives_in_the_users_data_folder_not_the_repository(monkeypatch):
    monkeypatch.delenv(record.ENVIRONMENT, raising=False)
    path = record.location()
    assert path.name == record.FILENAME and "tpm-course" in path.parts
    assert REPO not in path.parents
