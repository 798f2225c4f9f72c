"""The grading record: what ``tpm-course grade`` concluded about each notebook, beside nbgrader's gradebook.

nbgrader's gradebook keeps the scores (and formgrader shows them); it has no place for
"not graded, and why" or for tampering flags, and it reports an ungraded notebook as 0.
This record does, in tables named ``tpm_grading_*``: in the gradebook's own database when that is a
server such as PostgreSQL (graders on several machines then share it), else in an SQLite file next to
the gradebook (``gradebook.db.grading-record``, which the repository's ``gradebook.db.*`` ignore rule
covers; write-ahead log, a 60 s busy timeout). Reports and exports read it through ``Record.of(course)``:

- ``results(assignment)``: one ``NotebookResult`` per submitted notebook: ``status``
  (a ``GradeStatus``: ``"graded"`` or ``"not graded"`` as stored), ``reason`` (why not graded), ``review`` (an instructor
  must look: tampering flagged, cells deleted), ``score`` / ``max_score`` (the automatic
  score written to the gradebook, ``None`` when not graded), ``seconds`` (cell run time).
- ``flags(assignment, student=None)``: ``StoredFlag`` rows, each a ``flags.Flag`` with the
  student and notebook: kind, cell, line, detail, offending code, effect (a ``flags.Effect``).
- ``not_graded(assignment)``: the results an export must leave blank, never zero.

A submission's rows are replaced in one transaction, after its grades are committed to the
gradebook; ``fingerprint`` lets a rerun skip submissions already graded from the same files. For an
SQLite gradebook the record's file also holds the graders' claims (``claims.py``); SQLite's locks are
not to be trusted on a network volume, so graders sharing such a file run on one machine.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from .flags import Flag

SUFFIX = ".grading-record"  # after the gradebook's file name
_ID = String(255)


class GradeStatus(enum.StrEnum):
    """What the grader concluded about a notebook (the values are what the record stores)."""

    GRADED = "graded"
    NOT_GRADED = "not graded"


_metadata = MetaData()
SUBMISSION = Table(
    "tpm_grading_submission",
    _metadata,
    Column("assignment", _ID, primary_key=True),
    Column("student", _ID, primary_key=True),
    Column("fingerprint", Text, nullable=False),  # of the files graded (``run.fingerprint``)
    Column("graded_at", Text, nullable=False),
)
NOTEBOOK = Table(
    "tpm_grading_notebook",
    _metadata,
    Column("assignment", _ID, primary_key=True),
    Column("student", _ID, primary_key=True),
    Column("notebook", _ID, primary_key=True),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("review", Boolean, nullable=False),
    Column("score", Float),
    Column("max_score", Float),
    Column("seconds", Float),
)
FLAG = Table(
    "tpm_grading_flag",
    _metadata,
    Column("assignment", _ID, primary_key=True),
    Column("student", _ID, primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),  # its place among the submission's
    Column("notebook", _ID, nullable=False),
    Column("kind", Text, nullable=False),
    Column("cell", Text, nullable=False),
    Column("line", Integer),
    Column("detail", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("effect", Text, nullable=False),
)
DISCOVERY = Table(  # what the source notebooks of a digest hold (``run._Warm``)
    "tpm_grading_discovery",
    _metadata,
    Column("digest", _ID, primary_key=True),
    Column("found", Text, nullable=False),
)
_FLAG_FIELDS = ("kind", "cell", "line", "detail", "code", "effect")


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
    """The record in one database: ``url`` (SQLAlchemy), ``path`` its file when it is the record's own."""

    def __init__(self, url: str, path: Path | None = None):
        self.url, self.path = url, path
        self._engine = None

    @classmethod
    def beside(cls, gradebook_file: Path) -> Record:
        """The record in its own file next to an SQLite gradebook."""
        path = Path(gradebook_file).with_name(Path(gradebook_file).name + SUFFIX)
        return cls(f"sqlite:///{path}", path)

    @classmethod
    def of(cls, course) -> Record:
        """A course's record: beside its SQLite gradebook, or in its gradebook's server database."""
        return cls.beside(course.gradebook_file) if course.gradebook_file is not None else cls(course.db_url)

    @property
    def where(self) -> str:
        """Where the record is, for people (a server's URL without its password)."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return f"tables tpm_grading_* of {make_url(self.url).render_as_string(hide_password=True)}"

    def _db(self):
        """The engine, the tables made on first use (and a file's rows of the 0.1.0 layout moved in)."""
        if self._engine is None:
            if self.path is None:
                engine = create_engine(self.url, pool_pre_ping=True)
            else:
                self.path.touch(mode=0o600, exist_ok=True)  # its -wal and -shm files get the same mode
                engine = create_engine(self.url, connect_args={"timeout": 60})
                event.listen(engine, "connect", _sqlite_settings)
            try:
                _metadata.create_all(engine)
            except DBAPIError:  # another grader made them at the same moment
                _metadata.create_all(engine)
            if self.path is not None:
                with engine.begin() as db:
                    _adopt_legacy(db)
            self._engine = engine
        return self._engine

    def _absent(self) -> bool:
        """Nothing recorded yet, and nothing to make for a reader: the record's file does not exist."""
        return self.path is not None and not self.path.exists()

    def close(self) -> None:
        """Close its connections (before the process forks, or at the end of a run)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # -- reading ----------------------------------------------------------------

    def results(self, assignment: str) -> list[NotebookResult]:
        if self._absent():
            return []
        t = NOTEBOOK.c
        query = select(NOTEBOOK).where(t.assignment == assignment).order_by(t.student, t.notebook)
        with self._db().connect() as db:
            rows = db.execute(query).all()
        return [
            NotebookResult(**{**r._asdict(), "status": GradeStatus(r.status), "review": bool(r.review)}) for r in rows
        ]

    def not_graded(self, assignment: str) -> list[NotebookResult]:
        return [r for r in self.results(assignment) if not r.graded]

    def flags(self, assignment: str, student: str | None = None) -> list[StoredFlag]:
        if self._absent():
            return []
        t = FLAG.c
        query = select(FLAG).where(t.assignment == assignment).order_by(t.student, t.notebook, t.position)
        if student is not None:
            query = query.where(t.student == student)
        with self._db().connect() as db:
            rows = db.execute(query).all()
        return [
            StoredFlag(r.assignment, r.student, r.notebook, Flag(*(getattr(r, f) for f in _FLAG_FIELDS))) for r in rows
        ]

    def fingerprints(self, assignment: str) -> dict[str, str]:
        """student -> fingerprint of the files last graded for ``assignment``."""
        if self._absent():
            return {}
        t = SUBMISSION.c
        with self._db().connect() as db:
            return dict(db.execute(select(t.student, t.fingerprint).where(t.assignment == assignment)).all())

    def discovered(self, digests: dict[str, str]) -> dict[str, list[str]]:
        """What an earlier run learnt from each assignment's source notebooks, when they are unchanged
        (``digests``: assignment -> digest of its sources); assignment -> what was found."""
        if self._absent() or not digests:
            return {}
        t = DISCOVERY.c
        with self._db().connect() as db:
            rows = dict(db.execute(select(t.digest, t.found).where(t.digest.in_(set(digests.values())))).all())
        return {a: json.loads(rows[d]) for a, d in digests.items() if d in rows}

    # -- writing ----------------------------------------------------------------

    def remember(self, digest: str, found: list[str]) -> None:
        """Keep what discovery learnt from sources whose digest is ``digest`` (the same for every grader)."""
        try:
            with self._db().begin() as db:
                db.execute(delete(DISCOVERY).where(DISCOVERY.c.digest == digest))
                db.execute(insert(DISCOVERY).values(digest=digest, found=json.dumps(sorted(found))))
        except IntegrityError:  # another grader kept it at the same moment
            pass

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
        key = dict(assignment=assignment, student=student)
        with self._db().begin() as db:
            for table in (SUBMISSION, NOTEBOOK, FLAG):
                db.execute(delete(table).where((table.c.assignment == assignment) & (table.c.student == student)))
            if notebooks:
                rows = [{**asdict(r), "status": str(r.status), "review": bool(r.review)} for r in notebooks]
                db.execute(insert(NOTEBOOK), rows)
            if flags:
                rows = [
                    dict(key, position=i, notebook=notebook, **{f: getattr(flag, f) for f in _FLAG_FIELDS})
                    for i, (notebook, flag) in enumerate(flags)
                ]
                db.execute(insert(FLAG), rows)
            db.execute(insert(SUBMISSION).values(**key, fingerprint=fingerprint, graded_at=graded_at))


def _sqlite_settings(connection, _record) -> None:
    """The record's own file: write-ahead log (each save atomic, and surviving a kill, without an fsync
    per submission)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_LEGACY = {  # a record file of tpm-course 0.1.0: its tables, and how their rows read in this layout
    "submission": "INSERT OR IGNORE INTO tpm_grading_submission SELECT * FROM submission",
    "notebook": "INSERT OR IGNORE INTO tpm_grading_notebook SELECT * FROM notebook",
    "flag": "INSERT OR IGNORE INTO tpm_grading_flag SELECT assignment, student, rowid, notebook, kind, cell, "
    "line, detail, code, effect FROM flag",
    "discovery": "INSERT OR IGNORE INTO tpm_grading_discovery SELECT * FROM discovery",
}


def _adopt_legacy(db) -> None:
    """Move the rows of an earlier layout's tables into this one's, once."""
    names = {name for (name,) in db.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, move in _LEGACY.items():
        if table in names:
            db.exec_driver_sql(move)
            db.exec_driver_sql(f"DROP TABLE {table}")
