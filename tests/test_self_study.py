"""Does a self-study learner get the full answer key from solutions/, and a cohort student none?"""

from __future__ import annotations

import pytest

from tpm_course.core import CheckFailed, Status
from tpm_course.topics.estimation import exercise as ex01_estimation

from conftest import REPO


def test_visible_check_grades_with_the_hidden_key_inside_the_repository(monkeypatch, capsys):
    monkeypatch.chdir(REPO / "exercises" / "01_estimation")
    namespace = {"q4": ex01_estimation.q4, "peak_factor": 2.3}
    with pytest.raises(CheckFailed) as failure:
        exec("q4.check()", namespace)
    assert failure.value.outcome.status is Status.INCORRECT  # graded, not merely "well formed"


def test_cohort_student_gets_form_checks_only(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    namespace = {"q4": ex01_estimation.q4, "peak_factor": 2.3}
    exec("q4.check()", namespace)
    assert "compares it with the answer key when you submit" in capsys.readouterr().out


def test_solution_is_read_from_the_solution_notebook(monkeypatch, capsys):
    monkeypatch.chdir(REPO / "exercises" / "01_estimation")
    ex01_estimation.q1.solution()
    shown = capsys.readouterr().out
    assert "def qps(" in shown and "86_400" in shown
    assert "### BEGIN SOLUTION" not in shown
    assert not [line for line in shown.splitlines() if line.strip() == "..."], "placeholders are not solutions"


def test_document_solution_drops_the_placeholder_skeleton(monkeypatch, capsys):
    monkeypatch.chdir(REPO / "exercises" / "01_estimation")
    ex01_estimation.q6.solution()
    shown = capsys.readouterr().out
    assert shown.count("launch_plan = {") == 1 and '"decision": ...' not in shown


def test_the_installed_package_holds_no_answer_key():
    """Neither the values of the brief's answers nor the hidden cases appear in the check module."""
    source = (REPO / "tpm_course" / "topics" / "estimation" / "exercise.py").read_text()
    for answer in ("3.005", "6956", "6,957", "5.256", "16.69", "16.7", "12 servers"):
        assert answer not in source
    assert not any(name.startswith("expected") for name in dir(ex01_estimation))
