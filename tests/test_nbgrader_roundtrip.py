"""Does every module survive nbgrader: release, then grading of a whole cohort as nbgrader grades it?

The cohort (``graded_course`` in conftest.py: the solution, the blank exercise and every planted
submission of each module) is graded by ``tpm-course grade``. A sample of it, different for each
commit (``TPM_SAMPLE_SEED`` repeats one), is graded by real ``nbgrader autograde`` in a second
course directory, and every cell's score must be the same in both gradebooks.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO, module_stems
from nbgrader_course import (
    autograded,
    copy_released,
    finish,
    grade_run,
    graded_outputs,
    manually_graded,
    sample,
    sample_seed,
    scores,
    start_nbgrader,
    submissions_for,
    submit_students,
)

STEMS = module_stems()
SEED = sample_seed(REPO)
SAMPLE = {stem: sample(stem, SEED) for stem in STEMS}
SAMPLED = [(stem, student) for stem in STEMS for student in SAMPLE[stem]]


@pytest.fixture(scope="module")
def nbgrader_sample(released_course, tmp_path_factory, request):
    """The sample submitted to a second copy of the released course and graded by `nbgrader autograde`.

    nbgrader grades the sample while `tpm-course grade` grades the cohort (``graded_course``),
    when that is still to do: one nbgrader process leaves the second core to the grader.
    Returns (root, nbgrader's run).
    """
    root = copy_released(released_course, tmp_path_factory.mktemp("nbgrader-sample"))
    for stem in STEMS:
        submit_students(root, stem, SAMPLE[stem])
    log = root / "nbgrader-autograde.log"
    autograde = start_nbgrader(root, log, "autograde", "*")  # every submitted module, in one run
    try:
        request.getfixturevalue("graded_course")
    finally:
        run = finish(autograde, log)
    return root, run


@pytest.mark.parametrize("stem", STEMS)
def test_regenerating_exercises_changes_nothing(released_course, stem):
    """Is the committed exercise exactly what nbgrader generates from the solution notebook?"""
    generated = (released_course / "exercises" / stem / f"{stem}.ipynb").read_text()
    committed = (REPO / "exercises" / stem / f"{stem}.ipynb").read_text()
    assert generated == committed, f"exercises/{stem} is stale: run `make exercises` and commit the result"


def test_nbgrader_autograde_grades_the_sample(nbgrader_sample):
    """First of the graded tests, so that nbgrader starts before `tpm-course grade`."""
    _, run = nbgrader_sample
    assert run.returncode == 0, run.stderr[-3000:]


def test_tpm_course_grade_finishes_the_cohort(graded_course):
    """Does `tpm-course grade` finish every module's cohort, bad submissions included, with exit code 0?"""
    run = grade_run(graded_course)
    assert run["returncode"] == 0, run["stderr"][-3000:] + run["stdout"][-3000:]
    assert "Not graded" not in run["stdout"], run["stdout"][-3000:]


@pytest.mark.parametrize("stem", STEMS)
def test_every_submission_is_in_the_gradebook_and_the_autograded_folder(graded_course, stem):
    submitted = sorted(p.name for p in (graded_course / "submitted").iterdir() if (p / stem).is_dir())
    assert sorted(scores(graded_course, stem)) == submitted
    for student in submitted:
        assert (graded_course / "autograded" / student / stem / f"{stem}.ipynb").is_file(), student


@pytest.mark.parametrize("stem,student", SAMPLED, ids=[f"{stem}-{student}" for stem, student in SAMPLED])
def test_tpm_course_grade_scores_every_cell_as_nbgrader_autograde_does(graded_course, nbgrader_sample, stem, student):
    """The same score on every graded cell, the same total and the same cells waiting for a person."""
    root, run = nbgrader_sample
    by_nbgrader = scores(root, stem)
    assert student in by_nbgrader, f"nbgrader did not grade {student}: " + run.stderr[-3000:]
    assert scores(graded_course, stem)[student] == by_nbgrader[student]


@pytest.mark.parametrize("stem", STEMS)
def test_solution_scores_full_marks(graded_course, stem):
    """Full marks on every autograded cell; manually graded answers wait for a person."""
    root = graded_course
    grades = scores(root, stem)["solution"]
    assert grades["auto_max"] >= 4, "a module exercise has at least 4 autograded points"
    assert grades["total"] == grades["auto_max"], grades


@pytest.mark.parametrize("stem", STEMS)
def test_manually_graded_answers_wait_for_a_person(graded_course, stem):
    """Does formgrader list each manually graded answer of a real submission as needing grading?"""
    root = graded_course
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
def test_instructor_grades_a_manual_answer_through_the_gradebook(graded_course, stem, tmp_path):
    """Graded as formgrader's grade API does it, does the manual score count in the total?"""
    from nbgrader.api import Gradebook

    root = graded_course
    manual = manually_graded(json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text()))
    if not manual:
        pytest.skip(f"{stem} has no manually graded answer")
    database = tmp_path / "gradebook.db"
    shutil.copy(root / "gradebook.db", database)  # the cohort's gradebook stays as grading left it
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
def test_blank_exercise_scores_zero_and_says_not_attempted(graded_course, stem):
    """Does every graded cell of the untouched exercise report 'not attempted', not a traceback?"""
    root = graded_course
    assert scores(root, stem)["blank"]["total"] == 0
    for grade_id, shown in graded_outputs(root, stem, "blank").items():
        assert "not attempted yet" in shown, grade_id
        assert "Traceback" not in shown, grade_id


CASES = [(stem, s) for stem in STEMS for s in submissions_for(stem)]


@pytest.mark.parametrize("stem,submission", CASES, ids=[f"{stem}-{s.name}" for stem, s in CASES])
def test_written_submission_gets_the_grade_and_message_an_instructor_would_give(graded_course, stem, submission):
    root = graded_course
    grades = scores(root, stem)[submission.name]
    if not submission.loses and not submission.earns:
        assert grades["total"] == grades["auto_max"], grades
        return
    assert grades["total"] < grades["auto_max"]
    for question in submission.loses:
        assert grades[question] < grades["max_of"][question], (question, grades)
    for question, points in submission.earns.items():
        assert grades[question] == pytest.approx(points), (question, grades)
    first = (submission.loses or list(submission.earns))[0]
    shown = graded_outputs(root, stem, submission.name)[first]
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
