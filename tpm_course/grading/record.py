"""The grading record: what ``tpm-course grade`` concluded about each notebook, beside nbgrader's gradebook.

nbgrader's gradebook keeps the scores (and formgrader shows them); it has no place for
"not graded, and why" or for tampering flags, and it reports an ungraded notebook as 0.
This record does, in an SQLite file next to the gradebook (``gradebook.db.grading-record``,
which the repository's ``gradebook.db.*`` ignore rule covers). Reports and exports read it
through ``Record.beside(course.gradebook_file, course.root)``:

- ``results(assignment)``: one ``NotebookResult`` per submitted notebook: ``status``
  (a ``GradeStatus``: ``"graded"`` or ``"not graded"`` as stored), ``reason`` (why not graded), ``review`` (an instructor
  must look: tampering flagged, cells deleted), ``score`` / ``max_score`` (the automatic
  score written to the gradebook, ``None`` when not graded), ``seconds`` (cell run time).
- ``flags(assignment, student=None)``: ``StoredFlag`` rows, each a ``flags.Flag`` with the
  student and notebook: kind, cell, line, detail, offending code, effect (a ``flags.Effect``).
- ``not_graded(assignment)``: the results an export must leave blank, never zero.

A submission's rows are replaced in one transaction, after its grades are committed to the
gradebook; ``fingerprint`` lets a rerun skip submissions already graded from the same files.
Several graders on one machine may write it at once (write-ahead log, a 60 s busy timeout); for
an SQLite gradebook it also holds their claims (``claims.py``). SQLite's locks are not to be
trusted on a network volume: graders sharing one record run on one machine.
"""

from __future__ import annotations

import enum
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .flags import Flag

SUFFIX = ".grading-record"  # after the gradebook's file name
FALLBACK = "tpm_grading_record.db"  # in the course root, for a gradebook that is not an SQLite file


class GradeStatus(enum.StrEnum):
    """What the grader concluded about a notebook (the values are what the record stores)."""

    GRADED = "graded"
    NOT_GRADED = "not graded"


SCHEMA = """
CREATE TABLE IF NOT EXISTS submission (
    assignment TEXT NOT NULL, student TEXT NOT NULL, fingerprint TEXT NOT NULL, graded_at TEXT NOT NULL,
    PRIMARY KEY (assignment, student));
CREATE TABLE IF NOT EXISTS notebook (
    assignment TEXT NOT NULL, student TEXT NOT NULL, notebook TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL, review INTEGER NOT NULL,
    score REAL, max_score REAL, seconds REAL,
    PRIMARY KEY (assignment, student, notebook));
CREATE TABLE IF NOT EXISTS flag (
    assignment TEXT NOT NULL, student TEXT NOT NULL, notebook TEXT NOT NULL,
    kind TEXT NOT NULL, cell TEXT NOT NULL, line INTEGER, detail TEXT NOT NULL, code TEXT NOT NULL,
    effect TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS flag_by_submission ON flag (assignment, student);
CREATE TABLE IF NOT EXISTS discovery (digest TEXT PRIMARY KEY, found TEXT NOT NULL);
"""


@dataclass(frozen=True)
class NotebookResult:
    assignment: str
    student: str
    notebook: str
    status: GradeStatus
    reason: str
    review: bool
    score: float | None
    max_score: float | None
    seconds: float | None

    @property
    def graded(self) -> bool:
        return self.status == GradeStatus.GRADED


@dataclass(frozen=True)
class StoredFlag:
    assignment: str
    student: str
    notebook: str
    flag: Flag


class Record:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._writer: sqlite3.Connection | None = None

    @classmethod
    def beside(cls, gradebook_file: Path | None, root: Path) -> Record:
        """The record next to an SQLite gradebook, else in the course root."""
        if gradebook_file is not None:
            return cls(gradebook_file.with_name(gradebook_file.name + SUFFIX))
        return cls(Path(root) / FALLBACK)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=60)
        connection.executescript(SCHEMA)
        return connection

    def _writing(self) -> sqlite3.Connection:
        """One connection for a run's writes. Write-ahead logging: each save is atomic and survives
        the process being killed, without an fsync per submission."""
        if self._writer is None:
            self.path.touch(mode=0o600, exist_ok=True)  # its -wal and -shm files get the same mode
            self._writer = self._connect()
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute("PRAGMA synchronous=NORMAL")
        return self._writer

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    # -- reading ----------------------------------------------------------------

    def results(self, assignment: str) -> list[NotebookResult]:
        if not self.path.exists():
            return []
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT assignment, student, notebook, status, reason, review, score, max_score, "
                "seconds FROM notebook WHERE assignment = ? ORDER BY student, notebook",
                (assignment,),
            ).fetchall()
        return [NotebookResult(*row[:3], GradeStatus(row[3]), row[4], bool(row[5]), *row[6:]) for row in rows]

    def not_graded(self, assignment: str) -> list[NotebookResult]:
        return [r for r in self.results(assignment) if not r.graded]

    def flags(self, assignment: str, student: str | None = None) -> list[StoredFlag]:
        if not self.path.exists():
            return []
        query = (
            "SELECT assignment, student, notebook, kind, cell, line, detail, code, effect FROM flag "
            "WHERE assignment = ?"
            + (" AND student = ?" if student is not None else "")
            + " ORDER BY student, notebook, rowid"
        )
        with closing(self._connect()) as db:
            rows = db.execute(query, (assignment,) + ((student,) if student is not None else ())).fetchall()
        return [
            StoredFlag(a, s, n, Flag(kind, cell, line, detail, code, effect))
            for a, s, n, kind, cell, line, detail, code, effect in rows
        ]

    def fingerprints(self, assignment: str) -> dict[str, str]:
        """student -> fingerprint of the files last graded for ``assignment``."""
        if not self.path.exists():
            return {}
        with closing(self._connect()) as db:
            return dict(
                db.execute("SELECT student, fingerprint FROM submission WHERE assignment = ?", (assignment,)).fetchall()
            )

    def discovered(self, digests: dict[str, str]) -> dict[str, list[str]]:
        """What an earlier run learnt from each assignment's source notebooks, when they are unchanged
        (``digests``: assignment -> digest of its sources); assignment -> what was found."""
        if not self.path.exists() or not digests:
            return {}
        with closing(self._connect()) as db:
            rows = dict(db.execute("SELECT digest, found FROM discovery").fetchall())
        return {a: json.loads(rows[d]) for a, d in digests.items() if d in rows}

    # -- writing ----------------------------------------------------------------

    def remember(self, digest: str, found: list[str]) -> None:
        """Keep what discovery learnt from sources whose digest is ``digest``."""
        db = self._writing()
        with db:
            db.execute("INSERT OR REPLACE INTO discovery VALUES (?, ?)", (digest, json.dumps(sorted(found))))

    def save(
        self,
        assignment: str,
        student: str,
        fingerprint: str,
        graded_at: str,
        notebooks: list[NotebookResult],
        flags: list[tuple[str, Flag]],
    ) -> None:
        """Replace everything recorded for one submission, in one transaction."""
        db = self._writing()
        with db:
            key = (assignment, student)
            db.execute("DELETE FROM notebook WHERE assignment = ? AND student = ?", key)
            db.execute("DELETE FROM flag WHERE assignment = ? AND student = ?", key)
            db.executemany(
                "INSERT INTO notebook VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.assignment,
                        r.student,
                        r.notebook,
                        r.status,
                        r.reason,
                        int(r.review),
                        r.score,
                        r.max_score,
                        r.seconds,
                    )
                    for r in notebooks
                ],
            )
            db.executemany(
                "INSERT INTO flag VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (assignment, student, notebook, f.kind, f.cell, f.line, f.detail, f.code, f.effect)
                    for notebook, f in flags
                ],
            )
            db.execute(
                "INSERT OR REPLACE INTO submission VALUES (?, ?, ?, ?)", (assignment, student, fingerprint, graded_at)
            )
