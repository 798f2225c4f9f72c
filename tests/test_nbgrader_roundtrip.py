"""Does every module survive real nbgrader: release, then autograde of a whole cohort?"""

from __future__ import annotations

import pytest

from conftest import REPO, module_stems
from nbgrader_course import copy_course, graded_outputs, nbgrader, scores, submissions_for, submit_cohort

STEMS = module_stems()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A temporary course: exercises regenerated, a cohort submitted and autograded."""
    root = tmp_path_factory.mktemp("course")
    copy_course(REPO, root)
    runs = {}
    for stem in STEMS:
        generated = nbgrader(root, "generate_assignment", stem, "--force")
        assert generated.returncode == 0, generated.stderr[-3000:]
        submit_cohort(root, stem)
        runs[stem] = nbgrader(root, "autograde", stem, "--force")
    return root, runs


@pytest.mark.parametrize("stem", STEMS)
def test_regenerating_exercises_changes_nothing(course, stem):
    """Is the committed exercise exactly what nbgrader generates from the solution notebook?"""
    root, _ = course
    generated = (root / "exercises" / stem / f"{stem}.ipynb").read_text()
    committed = (REPO / "exercises" / stem / f"{stem}.ipynb").read_text()
    assert generated == committed, f"exercises/{stem} is stale: run `make exercises` and commit the result"


@pytest.mark.parametrize("stem", STEMS)
def test_autograde_of_the_cohort_does_not_crash(course, stem):
    """Does nbgrader finish the whole cohort, bad submissions included, with exit code 0?"""
    _, runs = course
    assert runs[stem].returncode == 0, runs[stem].stderr[-3000:]


@pytest.mark.parametrize("stem", STEMS)
def test_solution_scores_full_marks(course, stem):
    root, _ = course
    grades = scores(root, stem)["solution"]
    assert grades["max"] >= 4, "a module exercise has at least 4 points"
    assert grades["total"] == grades["max"], grades


@pytest.mark.parametrize("stem", STEMS)
def test_blank_exercise_scores_zero_and_says_not_attempted(course, stem):
    """Does every graded cell of the untouched exercise report 'not attempted', not a traceback?"""
    root, _ = course
    assert scores(root, stem)["blank"]["total"] == 0
    for grade_id, shown in graded_outputs(root, stem, "blank").items():
        assert "not attempted yet" in shown, grade_id
        assert "Traceback" not in shown, grade_id


CASES = [(stem, s) for stem in STEMS for s in submissions_for(stem)]


@pytest.mark.parametrize("stem,submission", CASES, ids=[f"{stem}-{s.name}" for stem, s in CASES])
def test_written_submission_gets_the_grade_and_message_an_instructor_would_give(course, stem, submission):
    root, _ = course
    grades = scores(root, stem)[submission.name]
    if not submission.loses:
        assert grades["total"] == grades["max"], grades
        return
    assert grades["total"] < grades["max"]
    for question in submission.loses:
        assert grades[question] == 0, (question, grades)
    shown = graded_outputs(root, stem, submission.name)[submission.loses[0]]
    assert submission.says in shown, shown


@pytest.mark.parametrize("stem", STEMS)
def test_every_question_has_two_planted_misconceptions(stem):
    """The course's definition of done: at least two misconception submissions per graded question."""
    import json

    notebook = json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text())
    graded = [c["metadata"]["nbgrader"]["grade_id"] for c in notebook["cells"]
              if c["metadata"].get("nbgrader", {}).get("grade")]
    module = __import__(f"submissions.ex{stem}", fromlist=["MISCONCEPTIONS"])
    for question in graded:
        planted = [s for s in module.MISCONCEPTIONS if s.loses[:1] == [question]]
        assert len(planted) >= 2, f"{stem} {question} has {len(planted)} planted misconceptions"
