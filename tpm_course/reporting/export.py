"""A CSV an LMS gradebook can import: one row per student, blank (never zero) when not graded.

Text a student controls (ids, names, reasons, flags) is escaped so that a spreadsheet never
reads it as a formula: a cell starting with ``= + - @`` (or a tab or carriage return) gets a
leading apostrophe, as OWASP's CSV-injection advice says.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..grading.record import GradeStatus
from .cohort import Cohort

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ["student_id", "first_name", "last_name", "email", "score", "max_score", "status", "note"]


def write_csv(cohort: Cohort, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        submitted = {s.student: s for s in cohort.submissions}
        for student in sorted(set(cohort.students) | set(submitted)):
            names = cohort.students.get(student, {})
            submission = submitted.get(student)
            if submission is None:
                row = ["", "no submission", ""]
            elif submission.status == GradeStatus.GRADED:
                notes = ["needs manual grading"] * submission.needs_manual_grade
                notes += [f"flagged: {flag}" for flag in submission.flags]
                note = "; ".join(notes)
                row = [f"{submission.total:g}", GradeStatus.GRADED, note]
            else:
                row = ["", submission.status, submission.reason]
            texts = [student, names.get("first_name", ""), names.get("last_name", ""), names.get("email", "")]
            writer.writerow([*map(escape, texts), row[0], f"{cohort.max_total:g}", *map(escape, row[1:])])
    return path


def escape(text) -> str:
    """``text`` as a spreadsheet shows it literally: a leading apostrophe before a formula's first character."""
    text = str(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
