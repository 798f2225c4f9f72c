"""A cohort's roster: read it from a CSV file, enrol it in the gradebook and on the hub.

The CSV has a header row. ``id`` is required: the student's hub user name, which nbgrader
also uses as the student id. ``first_name``, ``last_name`` and ``email`` are optional.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tpm_course.core.errors import TpmCourseError

COLUMNS = ("id", "first_name", "last_name", "email")
# Lower case because JupyterHub lowercases user names; no "+" because nbgrader's exchange
# separates fields with it.
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RosterError(TpmCourseError, ValueError):
    """The roster cannot be read or enrolled; the message says where and why."""


@dataclass(frozen=True)
class Student:
    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


def read_roster(path: Path) -> list[Student]:
    """The students of a roster CSV, checked row by row."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"no roster file at {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise RosterError(
            f"{path} is empty: write a header row (id,first_name,last_name,email) and one row per student"
        )
    header = [cell.strip().lower() for cell in rows[0]]
    if len(header) == 1 and ";" in header[0]:
        raise RosterError(f"{path} looks separated by semicolons: save it with commas between the columns")
    if "id" not in header:
        raise RosterError(
            f"{path} has no 'id' column in its header row {rows[0]}: "
            "the first row must name the columns, e.g. id,first_name,last_name,email"
        )
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise RosterError(f"{path}: unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}")
    if len(rows) == 1:
        raise RosterError(f"{path} has a header row but no students")
    students, seen = [], {}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise RosterError(f"{path}, line {line}: {len(row)} fields where the header has {len(header)}")
        fields = {name: (value.strip() or None) for name, value in zip(header, row)}
        student = Student(**fields)
        _check(path, line, student)
        if student.id in seen:
            raise RosterError(f"{path}: student id {student.id!r} appears on line {seen[student.id]} and line {line}")
        seen[student.id] = line
        students.append(student)
    return students


def _check(path: Path, line: int, student: Student) -> None:
    if not student.id:
        raise RosterError(f"{path}, line {line}: the id is empty")
    if not _ID.match(student.id):
        raise RosterError(
            f"{path}, line {line}: student id {student.id!r} must be lower-case letters, digits, "
            "'.', '_' or '-' (the hub and nbgrader must see the same name)"
        )
    if student.email and not _EMAIL.match(student.email):
        raise RosterError(f"{path}, line {line}: {student.email!r} is not an e-mail address")


def course_gradebook(course_dir: Path) -> tuple[str, str]:
    """(db_url, course_id) as nbgrader would use them in ``course_dir`` (its config files included)."""
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.coursedir import CourseDirectory

    if not (Path(course_dir) / "nbgrader_config.py").is_file():
        raise RosterError(f"{course_dir} is not a course directory (it has no nbgrader_config.py)")
    with contextlib.chdir(course_dir):
        app = NbGrader()
        app.load_config_file()
        coursedir = CourseDirectory(config=app.config)
        return coursedir.db_url, coursedir.course_id


def enrol_in_gradebook(students: list[Student], db_url: str, course_id: str) -> list[str]:
    """Add or update each student in nbgrader's gradebook; returns the ids that were new."""
    from nbgrader.api import Gradebook, MissingEntry

    new = []
    with Gradebook(db_url, course_id) as gradebook:
        for student in students:
            try:
                gradebook.find_student(student.id)
            except MissingEntry:
                new.append(student.id)
            gradebook.update_or_create_student(
                student.id, first_name=student.first_name, last_name=student.last_name, email=student.email
            )
    return new


def enrol_on_hub(students: list[Student], api_url: str, token: str, course_id: str) -> list[str]:
    """Create missing hub users and put every student in the course's students group; returns new users."""
    group = f"nbgrader-{course_id}"
    new = []
    for student in students:
        status = _hub(api_url, token, "POST", f"/users/{student.id}", expect=(201, 409))
        if status == 201:
            new.append(student.id)
    _hub(api_url, token, "POST", f"/groups/{group}/users", {"users": [s.id for s in students]}, expect=(200,))
    return new


def _hub(api_url: str, token: str, method: str, path: str, body: dict | None = None, expect=(200,)) -> int:
    request = urllib.request.Request(
        api_url.rstrip("/") + path,
        method=method,
        data=json.dumps(body or {}).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        if status not in expect:
            detail = error.read().decode(errors="replace")[:300]
            hint = (
                " The token needs the scopes admin:users and groups!group=<the students group>: "
                "use an instructor's token (from <hub>/hub/token)."
                if status in (401, 403)
                else ""
            )
            raise RosterError(f"the hub answered {status} to {method} {path}: {detail}{hint}") from None
    except urllib.error.URLError as error:
        raise RosterError(f"cannot reach the hub API at {api_url}: {error.reason}") from None
    if status not in expect:
        raise RosterError(f"the hub answered {status} to {method} {path}")
    return status
