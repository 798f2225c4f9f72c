"""Does every module survive real nbgrader: release, then autograde of a whole cohort?"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO, module_stems
from nbgrader_course import (
    autograded,
    copy_course,
    graded_outputs,
    manually_graded,
    nbgrader,
    scores,
    submissions_for,
    submit_cohort,
)

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
    """Full marks on every autograded cell; manually graded answers wait for a person."""
    root, _ = course
    grades = scores(root, stem)["solution"]
    assert grades["auto_max"] >= 4, "a module exercise has at least 4 autograded points"
    assert grades["total"] == grades["auto_max"], grades


@pytest.mark.parametrize("stem", STEMS)
def test_manually_graded_answers_wait_for_a_person(course, stem):
    """Does formgrader list each manually graded answer of a real submission as needing grading?"""
    root, _ = course
    manual = manually_graded(json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text()))
    grades = scores(root, stem)
    assert grades["solution"]["needs_manual_grade"] == sorted(manual)
    assert grades["blank"]["needs_manual_grade"] == [], "an untouched answer is scored 0 without a person"
    for grade_id in manual:
        assert grades["solution"][grade_id] == 0 and grades["blank"][grade_id] == 0
    if manual:
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
            listed = {n["student"]: n["needs_manual_grade"] for n in gradebook.notebook_submission_dicts(stem, stem)}
        assert listed["solution"] is True and listed["blank"] is False


@pytest.mark.parametrize("stem", STEMS)
def test_instructor_grades_a_manual_answer_through_the_gradebook(course, stem, tmp_path):
    """Graded as formgrader's grade API does it, does the manual score count in the total?"""
    from nbgrader.api import Gradebook

    root, _ = course
    manual = manually_graded(json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text()))
    if not manual:
        pytest.skip(f"{stem} has no manually graded answer")
    database = tmp_path / "gradebook.db"
    shutil.copy(root / "gradebook.db", database)  # the cohort's gradebook stays as autograde left it
    with Gradebook(f"sqlite:///{database}") as gradebook:
        notebook = gradebook.find_submission_notebook(stem, stem, "solution")
        before = notebook.score
        awarded = {}
        for grade in notebook.grades:
            if grade.cell.name in manual:
                # nbgrader.server_extensions.formgrader.apihandlers.GradeHandler.put, step by step
                grade = gradebook.find_grade_by_id(grade.id)
                grade.manual_score = grade.max_score - 0.5
                grade.extra_credit = None
                grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
                gradebook.db.commit()
                awarded[grade.cell.name] = grade.manual_score
    with Gradebook(f"sqlite:///{database}") as gradebook:
        notebook = gradebook.find_submission_notebook(stem, stem, "solution")
        assert notebook.score == pytest.approx(before + sum(awarded.values()))
        assert not notebook.needs_manual_grade
        for grade in notebook.grades:
            if grade.cell.name in awarded:
                assert grade.score == awarded[grade.cell.name] and not grade.needs_manual_grade
        listed = {n["student"]: n for n in gradebook.notebook_submission_dicts(stem, stem)}
        assert listed["solution"]["needs_manual_grade"] is False
        assert listed["solution"]["score"] == pytest.approx(notebook.score)


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
        assert grades["total"] == grades["auto_max"], grades
        return
    assert grades["total"] < grades["auto_max"]
    for question in submission.loses:
        assert grades[question] == 0, (question, grades)
    shown = graded_outputs(root, stem, submission.name)[submission.loses[0]]
    assert submission.says in shown, shown


@pytest.mark.parametrize("stem", STEMS)
def test_every_question_has_two_planted_misconceptions(stem):
    """The course's definition of done: at least two misconception submissions per graded question."""
    notebook = json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text())
    graded = autograded(notebook)  # a manually graded answer has a rubric, not planted misconceptions
    module = __import__(f"submissions.ex{stem}", fromlist=["MISCONCEPTIONS"])
    for question in graded:
        planted = [s for s in module.MISCONCEPTIONS if s.loses[:1] == [question]]
        assert len(planted) >= 2, f"{stem} {question} has {len(planted)} planted misconceptions"
