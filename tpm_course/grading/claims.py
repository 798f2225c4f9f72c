"""Claims on submissions: several ``tpm-course grade`` runs share one cohort and grade each submission once.

A claim is a row of ``tpm_grading_claim`` (assignment, student, fingerprint, grader, heartbeat,
done) in the gradebook's database when it is a server such as PostgreSQL, else in the grading
record's SQLite file. A grader claims a submission just before a worker grades it: the INSERT
succeeds, or the row says who has it. A grader refreshes the heartbeat of its open claims every
``HEARTBEAT`` seconds and marks a claim done when the submission is committed. A claim not
refreshed for ``STALE`` seconds, or held by a grader on this host whose process is gone, belongs
to a grader that died: another grader takes it over (an UPDATE that matches the row as read,
so only one can), and nothing is lost. A submission done since this grader started, from the
same files, was graded by another grader: it is not graded again.
"""

from __future__ import annotations

import enum
import os
import secrets
import socket
import threading
import time
from pathlib import Path

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine, delete, event, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

HEARTBEAT = 10.0  # seconds between a grader's refreshes of its open claims
STALE = 60.0  # seconds without a refresh after which a claim's grader is taken for dead
POLL = 1.0  # seconds between looks at the claims other graders hold, once this grader has nothing else

_metadata = MetaData()
CLAIM = Table(
    "tpm_grading_claim",
    _metadata,
    Column("assignment", String(255), primary_key=True),
    Column("student", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("grader", String(255), nullable=False),  # host:pid:random, one per run
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("heartbeat", Float, nullable=False),  # time.time() of the last refresh
    Column("done", Float),  # time.time() when the submission was committed; None while it is graded
)


class Verdict(enum.Enum):
    TAKEN = "taken"  # this grader has it now
    DONE = "done elsewhere"  # another grader graded the same files since this one started
    HELD = "held elsewhere"  # a live grader is grading it


def _alive(pid: int) -> bool:
    """Whether a process of this host with ``pid`` runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class Claims:
    """This grader's claims in one database (a SQLAlchemy URL)."""

    def __init__(self, url: str, stale: float = STALE, heartbeat: float = HEARTBEAT):
        sqlite = url.startswith("sqlite")
        self.engine = create_engine(url, connect_args={"timeout": 60} if sqlite else {}, pool_pre_ping=not sqlite)
        if sqlite:  # the record's file: write-ahead log, no fsync per claim
            event.listen(self.engine, "connect", _sqlite_settings)
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.grader = f"{self.host}:{self.pid}:{secrets.token_hex(4)}"
        self.stale, self.heartbeat = stale, heartbeat
        self.started = time.time()
        self.waiting: list = []  # jobs a live grader held when this one came to them
        self.elsewhere = 0  # submissions another grader graded during this run
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._create()

    @classmethod
    def of(cls, course, record) -> Claims:
        """The claims of a course: in its gradebook's database, or in the grading record's file when the
        gradebook is an SQLite file (``record``: a ``record.Record``)."""
        if course.gradebook_file is None:
            return cls(course.db_url)
        record.path.touch(mode=0o600, exist_ok=True)
        return cls(f"sqlite:///{record.path}")

    def _create(self) -> None:
        try:
            _metadata.create_all(self.engine)
        except DBAPIError:  # another grader created the table at the same moment
            _metadata.create_all(self.engine)
        self.engine.dispose()  # no connection open while the grader forks its workers

    # -- one submission -------------------------------------------------------------

    def take(self, job) -> Verdict:
        """Claim ``job`` (a ``grader.Job``) for this grader, unless another has it or has just graded it."""
        key = (CLAIM.c.assignment == job.assignment) & (CLAIM.c.student == job.student)
        for _ in range(5):  # each pass loses only to another grader's write in between
            now = time.time()
            mine = dict(fingerprint=job.fingerprint, grader=self.grader, host=self.host, pid=self.pid)
            mine.update(heartbeat=now, done=None)
            try:
                with self.engine.begin() as db:
                    db.execute(CLAIM.insert().values(assignment=job.assignment, student=job.student, **mine))
                return Verdict.TAKEN
            except IntegrityError:
                pass
            with self.engine.begin() as db:
                held = db.execute(select(CLAIM).where(key)).first()
            if held is None:
                continue  # released in between: insert again
            if held.done is not None and held.fingerprint == job.fingerprint and held.done >= self.started:
                return Verdict.DONE
            if held.done is None and not self._dead(held, now):
                return Verdict.HELD
            same = key & (CLAIM.c.grader == held.grader) & (CLAIM.c.heartbeat == held.heartbeat)
            same &= CLAIM.c.done.is_(None) if held.done is None else CLAIM.c.done == held.done
            with self.engine.begin() as db:
                if db.execute(update(CLAIM).where(same).values(**mine)).rowcount == 1:
                    return Verdict.TAKEN
        return Verdict.HELD

    def _dead(self, held, now: float) -> bool:
        return held.heartbeat < now - self.stale or (held.host == self.host and not _alive(held.pid))

    def done(self, job) -> None:
        """The submission is committed: other graders skip it from now on."""
        now = time.time()
        with self.engine.begin() as db:
            db.execute(update(CLAIM).where(self._mine(job)).values(done=now, heartbeat=now))

    def release(self, job) -> None:
        """The submission was not graded (a grader error): any grader may try it again."""
        with self.engine.begin() as db:
            db.execute(delete(CLAIM).where(self._mine(job)))

    def _mine(self, job):
        return (
            (CLAIM.c.assignment == job.assignment) & (CLAIM.c.student == job.student) & (CLAIM.c.grader == self.grader)
        )

    # -- a run's jobs -----------------------------------------------------------------

    def claimed(self, jobs):
        """Yield the jobs this grader claims, in order, each claimed just before it is yielded; jobs a
        live grader holds wait in ``waiting`` for ``left``."""
        for job in jobs:
            verdict = self.take(job)
            if verdict is Verdict.TAKEN:
                yield job
            elif verdict is Verdict.DONE:
                self.elsewhere += 1
            else:
                self.waiting.append(job)

    def left(self) -> list:
        """Once this grader holds no claim: wait until each job another grader held is done or its grader
        died; return those taken over (empty when every one was graded elsewhere)."""
        while self.waiting:
            jobs, self.waiting = self.waiting, []
            taken = list(self.claimed(jobs))
            if taken:
                return taken
            if self.waiting:
                time.sleep(POLL)
        return []

    # -- the heartbeat ----------------------------------------------------------------

    def refresh(self) -> None:
        """Tell other graders this one is alive: its open claims' heartbeat is now."""
        with self.engine.begin() as db:
            db.execute(
                update(CLAIM)
                .where((CLAIM.c.grader == self.grader) & CLAIM.c.done.is_(None))
                .values(heartbeat=time.time())
            )

    def _beating(self) -> None:
        while not self._stop.wait(self.heartbeat):
            try:
                self.refresh()
            except DBAPIError:  # the database is unreachable for a moment: try again at the next beat
                pass

    def __enter__(self) -> Claims:
        self._beat = threading.Thread(target=self._beating, name="tpm-grading-heartbeat", daemon=True)
        self._beat.start()
        return self

    def __exit__(self, *exc) -> None:
        """Stop the heartbeat and give up the claims still open (the run was interrupted)."""
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        try:
            with self.engine.begin() as db:
                db.execute(delete(CLAIM).where((CLAIM.c.grader == self.grader) & CLAIM.c.done.is_(None)))
        finally:
            self.engine.dispose()


def _sqlite_settings(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
