"""What a graded assignment holds, read from nbgrader's gradebook and the autograded notebooks.

A submission is *graded* when every autograded cell has a score; otherwise it is *not graded*
with the reason, and it must never be counted as a zero.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..grading.record import GradeStatus


@dataclass
class Submission:
    student: str
    status: GradeStatus = GradeStatus.GRADED
    reason: str = ""
    scores: dict[str, float | None] = field(default_factory=dict)  # question -> points, None if ungraded
    failures: dict[str, str] = field(default_factory=dict)  # question -> the message the student saw
    needs_manual_grade: bool = False
    flags: list[str] = field(default_factory=list)  # tampering or deleted cells: an instructor must look

    @property
    def total(self) -> float | None:
        if self.status != GradeStatus.GRADED:
            return None
        return sum(s or 0.0 for s in self.scores.values())


@dataclass
class Cohort:
    assignment: str
    questions: list[str]  # grade cells in notebook order ("notebook/cell" when there are several notebooks)
    max_points: dict[str, float]
    autograded: set[str]  # questions scored by the autograder (the rest are graded by hand)
    submissions: list[Submission]
    students: dict[str, dict[str, str]]  # id -> first_name, last_name, email

    @property
    def max_total(self) -> float:
        return sum(self.max_points.values())

    def graded(self) -> list[Submission]:
        return [s for s in self.submissions if s.status == GradeStatus.GRADED]

    def not_graded(self) -> list[Submission]:
        return [s for s in self.submissions if s.status != GradeStatus.GRADED]


def collect(root: Path, assignment: str) -> Cohort:
    """Everything the report needs about ``assignment`` in the course at ``root``."""
    from nbgrader.api import Gradebook, MissingEntry

    from ..grading.course import Course

    course = Course.at(Path(root))  # nbgrader's configuration: folders and gradebook, as the grader reads them
    database = course.gradebook_file
    if database is not None and not database.is_file():
        raise FileNotFoundError(f"no gradebook at {database}: grade the assignment first")
    with Gradebook(course.db_url) as gradebook:
        try:
            source = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise KeyError(f"the gradebook has no assignment {assignment!r}") from None
        notebooks = sorted(n.name for n in source.notebooks)
        questions, max_points, autograded = _layout(course, assignment, source)
        students = {
            student: {"first_name": first or "", "last_name": last or "", "email": email or ""}
            for student, first, last, email in _students(gradebook)
        }
        submissions = _scores(gradebook, assignment, several=len(notebooks) > 1)
    for student, submission in submissions.items():
        for notebook in notebooks:
            prefix = f"{notebook}/" if len(notebooks) > 1 else ""
            path = course.autograded(student, assignment) / f"{notebook}.ipynb"
            submission.failures.update(_failures(path, prefix))
    for student in course.students(assignment):
        submissions.setdefault(student, Submission(student))
    for submission in submissions.values():
        _judge(submission, autograded)
    _add_grading_record(course, assignment, submissions)
    return Cohort(
        assignment, questions, max_points, autograded, sorted(submissions.values(), key=lambda s: s.student), students
    )


def _layout(course, assignment: str, source) -> tuple[list[str], dict[str, float], set[str]]:
    """(questions in notebook order, their points, the autograded ones) of the gradebook's ``source`` assignment."""
    notebooks = sorted(source.notebooks, key=lambda n: n.name)
    questions, max_points, autograded = [], {}, set()
    for notebook in notebooks:
        for cell in _in_notebook_order(course.source(assignment) / f"{notebook.name}.ipynb", notebook):
            name = f"{notebook.name}/{cell.name}" if len(notebooks) > 1 else cell.name
            questions.append(name)
            max_points[name] = cell.max_score
            if cell.cell_type == "code":
                autograded.add(name)
    return questions, max_points, autograded


def _students(gradebook) -> list[tuple]:
    """(id, first name, last name, email) of every student in the gradebook, in one query."""
    from nbgrader.api import Student

    return gradebook.db.query(Student.id, Student.first_name, Student.last_name, Student.email).all()


def _scores(gradebook, assignment: str, several: bool) -> dict[str, Submission]:
    """student -> Submission with every grade of ``assignment``, read in two queries whatever the cohort's size."""
    from nbgrader.api import Assignment, BaseCell, Grade, Notebook, SubmittedAssignment, SubmittedNotebook

    submitted = (
        gradebook.db.query(SubmittedAssignment.student_id)
        .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
        .filter(Assignment.name == assignment)
    )
    submissions = {student: Submission(student) for (student,) in submitted}
    grades = (
        gradebook.db.query(
            SubmittedAssignment.student_id,
            Notebook.name,
            BaseCell.name,
            Grade.score,
            Grade.auto_score,
            Grade.manual_score,
            Grade.needs_manual_grade,
        )
        .select_from(Grade)
        .join(BaseCell, Grade.cell_id == BaseCell.id)
        .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
        .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
        .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
        .filter(Assignment.name == assignment)
    )
    for student, notebook, cell, score, auto, manual, needs_manual in grades:
        submission = submissions.setdefault(student, Submission(student))
        name = f"{notebook}/{cell}" if several else cell
        submission.scores[name] = score if auto is not None or manual is not None else None
        submission.needs_manual_grade |= bool(needs_manual)
    return submissions


def _add_grading_record(course, assignment: str, submissions: dict[str, Submission]) -> None:
    """What ``tpm-course grade`` recorded beside the gradebook: why not graded, and what it flagged."""
    from ..grading.record import Record

    record = Record.of(course)
    reasons: dict[str, list[str]] = {}
    for result in record.not_graded(assignment):
        reasons.setdefault(result.student, []).append(result.reason)
    for student, why in reasons.items():
        submission = submissions.setdefault(student, Submission(student))
        submission.status, submission.reason = GradeStatus.NOT_GRADED, "; ".join(filter(None, why))
    for stored in record.flags(assignment):
        flag = stored.flag
        where = f"{flag.cell}, line {flag.line}" if flag.line else flag.cell
        submissions.setdefault(stored.student, Submission(stored.student)).flags.append(
            f"{flag.kind} ({where}): {flag.detail}"
        )


def _judge(submission: Submission, autograded: set[str]) -> None:
    if not submission.scores:
        submission.status = GradeStatus.NOT_GRADED
        submission.reason = "no grades recorded: autograde has not run or did not finish"
        return
    missing = sorted(q for q in autograded if submission.scores.get(q) is None)
    if missing:
        submission.status = GradeStatus.NOT_GRADED
        submission.reason = f"no autograde score for {', '.join(missing)} (the kernel may have died)"


def _in_notebook_order(path: Path, notebook) -> list:
    """The notebook's grade cells in the order its source notebook at ``path`` shows them."""
    cells = {c.name: c for c in notebook.grade_cells}
    order = []
    if path.is_file():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in cells and grade_id not in order:
                order.append(grade_id)
    order += sorted(set(cells) - set(order))
    return [cells[name] for name in order]


def _failures(path: Path, prefix: str) -> dict[str, str]:
    """question -> the failure message the autograded notebook at ``path`` shows for it."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return {}
    found = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.get("output_type") == "error"]
        if meta.get("grade") and errors:
            found[prefix + meta.get("grade_id", "?")] = failure_message(outputs, errors[0])
    return found


def failure_message(outputs: list[dict], error: dict) -> str:
    """The gist of a failed check: the misconception's message, else the check's verdict, else the error."""
    for output in outputs:
        text = output.get("data", {}).get("text/plain", "")
        text = text if isinstance(text, str) else "".join(text)
        if text.startswith("…"):
            return "not attempted"
        if text.startswith("✗"):
            details = [line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")]
            # Misconception messages follow the lines that echo the learner's answer.
            explained = [d for d in details if not d.startswith(("You gave", "…"))]  # not the echo of the answer
            return explained[-1] if explained else text.splitlines()[0][2:]
    return f"{error.get('ename', 'Error')}: {error.get('evalue', '')}".strip()[:300]
