"""Writing a graded submission into nbgrader's gradebook, in one transaction, with nbgrader's own code.

Scores and comments are written by nbgrader's ``SaveAutoGrades`` (so a score is exactly
what ``nbgrader autograde`` would store) and late penalties as ``AssignLatePenalties``
computes them. Their per-cell commits are put off to one at the end, so a submission's grades
land together or not at all: a run killed at any moment leaves each submission either
fully written or untouched. Beyond nbgrader: a notebook that could not be graded gets no
automatic score (``None``, "needs manual grade") instead of a zero, and so do deleted
graded cells; a notebook flagged for review has every graded cell marked "needs manual grade".
Manual scores are never touched. Several graders may share one gradebook (PostgreSQL): a
submission whose transaction fails because another grader wrote the same row at the same moment
(the student's, say) is written again, once.
"""

from __future__ import annotations

import sqlite3
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.preprocessors import AssignLatePenalties, NbGraderPreprocessor, SaveAutoGrades

BACKUPS_KEPT = 10


class SaveAutoGradesInto(SaveAutoGrades):
    """nbgrader's SaveAutoGrades (its scoring and its writes), through an open gradebook.

    Grades and comments are looked up in the notebook's rows, read once, instead of one query per cell.
    """

    def __init__(self, gradebook: Gradebook, **kwargs):
        super().__init__(**kwargs)
        self.shared = gradebook

    def preprocess_into(self, grades, comments, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.gradebook = _RowsOf(self.shared, grades, comments)
        return NbGraderPreprocessor.preprocess(self, nb, resources)


class _RowsOf:
    """The gradebook as SaveAutoGrades uses it, answering find_grade / find_comment from one notebook's rows."""

    def __init__(self, gradebook: Gradebook, grades, comments):
        self.db = gradebook.db
        self.grades = {grade.cell.name: grade for grade in grades}
        self.comments = {comment.cell.name: comment for comment in comments}

    def find_grade(self, grade_cell, notebook, assignment, student):
        return self.grades[grade_cell]

    def find_comment(self, solution_cell, notebook, assignment, student):
        return self.comments[solution_cell]


@contextmanager
def one_transaction(gradebook: Gradebook):
    """Everything inside commits once at the end (nbgrader's API commits after each change; those
    commits do nothing here: what a query needs is flushed before it runs, and the rest at the end)."""
    session = gradebook.db()
    session.commit = lambda: None
    try:
        yield
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()


class GradebookWriter:
    def __init__(self, course):
        # nbgrader's add_submission builds objects SQLAlchemy 2 warns about; nbgrader autograde prints the same.
        warnings.filterwarnings("ignore", message=".*not in session.*", module="nbgrader.api")
        self.course = course
        self.gradebook = Gradebook(course.db_url, course.coursedir.course_id)
        self.save = SaveAutoGradesInto(self.gradebook, config=course.config)
        self.late = AssignLatePenalties(config=course.config)
        self.late.init_plugin()

    def close(self) -> None:
        self.gradebook.close()

    def write(self, assignment: str, student: str, notebooks: list) -> dict[str, tuple[float | None, float]]:
        """Store one submission; ``notebooks`` are ``grader.NotebookOutcome``. Returns name -> (score, max)."""
        from nbgrader.api import InvalidEntry
        from sqlalchemy.exc import IntegrityError, OperationalError

        try:
            return self._write(assignment, student, notebooks)
        except (InvalidEntry, IntegrityError, OperationalError):  # rolled back: the other grader's row is there now
            return self._write(assignment, student, notebooks)

    def _write(self, assignment: str, student: str, notebooks: list) -> dict[str, tuple[float | None, float]]:
        from nbgrader.api import Comment, Grade
        from sqlalchemy.orm import joinedload

        from .sanitize import resources_for

        gb = self.gradebook
        scores = {}
        with one_transaction(gb):
            gb.update_or_create_student(student)
            timestamp = self.course.coursedir.get_existing_timestamp(str(self.course.submitted(student, assignment)))
            if timestamp:
                submission = gb.update_or_create_submission(assignment, student, timestamp=timestamp)
            else:
                submission = gb.update_or_create_submission(assignment, student)
            for outcome in notebooks:
                stored = gb.find_submission_notebook(outcome.name, assignment, student)
                grades = gb.db.query(Grade).options(joinedload(Grade.cell)).filter(Grade.notebook_id == stored.id).all()
                comments = (
                    gb.db.query(Comment)
                    .options(joinedload(Comment.cell))
                    .filter(Comment.notebook_id == stored.id)
                    .all()
                )
                present = set(outcome.present_cells)
                for grade in grades:
                    if grade.cell.name not in present:  # not run, or deleted: no automatic score
                        grade.auto_score = None
                        grade.needs_manual_grade = True
                for comment in comments:
                    if comment.cell.name not in present:
                        comment.auto_comment = None
                stored.late_submission_penalty = None
                if outcome.notebook is not None and present:
                    resources = resources_for(assignment, student, outcome.name)
                    self.save.preprocess_into(grades, comments, outcome.notebook, resources)
                    self._late_penalty(stored, submission)
                if outcome.review:
                    for grade in grades:
                        grade.needs_manual_grade = True
                gb.db.flush()
                gb.db.expire(stored, ["score"])
                scores[outcome.name] = (stored.score if outcome.complete else None, stored.max_score)
        return scores

    def _late_penalty(self, stored, submission) -> None:
        """As nbgrader's AssignLatePenalties does after autograding a notebook (on time: nothing to do)."""
        if submission.total_seconds_late > 0:
            self.gradebook.db.flush()
            self.gradebook.db.expire(stored, ["score"])
            penalty = self.late.plugin_inst.late_submission_penalty(
                submission.student.id, stored.score, submission.total_seconds_late
            )
            if penalty is not None:
                stored.late_submission_penalty = self.late._check_late_penalty(stored, penalty)


def backup(gradebook_file: Path | None, folder: Path) -> Path | None:
    """A consistent copy of the gradebook (SQLite's backup API), keeping the last ten."""
    if gradebook_file is None or not gradebook_file.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{gradebook_file.stem}-{stamp}.db"
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{gradebook_file.stem}-{stamp}-{number}.db"
    source = sqlite3.connect(f"file:{gradebook_file}?mode=ro", uri=True, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    target.chmod(0o600)
    for old in sorted(folder.glob(f"{gradebook_file.stem}-*.db"))[:-BACKUPS_KEPT]:
        old.unlink()
    return target
