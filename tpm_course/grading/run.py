"""A grading run: choose what needs grading, back up, warm up, grade in parallel, commit each, summarise.

Resumable: a submission is committed (autograded folder, gradebook, record) as soon as it
is graded, the record keeps a fingerprint of the files graded, and a rerun skips every
submission whose files and assignment are unchanged. Kill the run at any moment and run it
again: it grades only what is missing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import TpmCourseError
from . import warmup
from .flags import Effect, printable
from .settings import Settings

GRADER_VERSION = "1"  # part of every fingerprint: bump when grading itself changes
RUN_PREFIX = "tpm-course-grade-"  # the run's scratch folder in the temporary directory, then the pid
KEPT = "tpm_grading.kept"  # the grader's folder in the course folder when the gradebook is a server's


class GradingError(TpmCourseError):
    """The run cannot start; the message says what to do."""


@dataclass
class Options:
    assignments: list[str]
    student: str = "*"
    workers: int | None = None
    force: bool = False
    retry: bool = False
    cell_timeout: float | None = None
    notebook_timeout: float | None = None
    memory_mb: int | None = None
    output_chars: int | None = None
    progress: bool = True
    checker: bool = True  # test cells in the trusted checker (False: in the student's kernel, as nbgrader does)
    started: float | None = None  # time.monotonic() when the command started (default: when grading did)


@dataclass
class Summary:
    assignments: list[str]
    submissions: int = 0
    graded_now: int = 0
    skipped: int = 0
    not_graded: list = field(default_factory=list)  # record.NotebookResult, for the chosen students
    flagged: list = field(default_factory=list)  # record.StoredFlag
    errors: list = field(default_factory=list)  # (assignment, student, text): the grader's own failures
    wall: float = 0.0
    warmup: float = 0.0  # seconds from the start until the workers could begin
    startup: dict = field(default_factory=dict)  # where those seconds went: step -> seconds
    warmup_problems: list = field(default_factory=list)  # warmup.Problem: what the warm-up could not do
    cell_seconds: float = 0.0
    commit_seconds: float = 0.0  # the parent's time writing graded submissions (files, gradebook, record)
    workers: int = 0
    isolation: str = ""
    backup: Path | None = None
    record: str | None = None  # where the grading record is (``Record.where``)
    interrupted: bool = False
    checker: bool = True  # the answer key ran in the trusted checker
    requests: int = 0  # the checker's requests to the kernels
    notebooks: int = 0  # notebooks graded now
    discovered: int = 0  # assignments whose source notebooks an earlier run had already run
    elsewhere: int = 0  # submissions another grader sharing the gradebook graded during this run

    def timed(self, step: str, since: float) -> float:
        """Count the seconds from ``since`` (a time.monotonic()) to now as start-up ``step``; returns now."""
        now = time.monotonic()
        self.startup[step] = self.startup.get(step, 0.0) + now - since
        return now

    def text(self) -> str:
        review = sorted({(f.assignment, f.student) for f in self.flagged if f.flag.effect == Effect.REVIEW})
        missing = {(r.assignment, r.student) for r in self.not_graded}
        lines = [
            f"{', '.join(self.assignments)}: {self.submissions} submissions; graded now {self.graded_now}, "
            f"already graded {self.skipped}; not graded {len(missing)}; flagged for review {len(review)}; "
            f"grader errors {len(self.errors)}"
        ]
        if self.graded_now:
            rate = self.graded_now / self.wall if self.wall else 0.0
            lines.append(
                f"  {self.wall:.1f} s with {self.workers} workers ({rate:.1f} submissions/s), "
                f"{self.warmup:.1f} s of it starting up; student cells ran {self.cell_seconds:.1f} s in all"
            )
            if self.startup:
                lines.append("  start-up: " + ", ".join(f"{step} {s:.2f} s" for step, s in self.startup.items()))
            if self.discovered:
                lines.append(
                    f"  discovery: the source notebooks of {self.discovered} of {len(self.assignments)} "
                    "assignments are unchanged since an earlier run; not run again"
                )
            lines.append(
                f"  committing: {self.commit_seconds:.1f} s in the grader's own process "
                f"({self.commit_seconds / self.graded_now * 1000:.0f} ms a submission: files, gradebook, record)"
            )
            lines.append(f"  isolation: {self.isolation}")
            if self.checker:
                each = self.requests / self.notebooks if self.notebooks else 0.0
                lines.append(
                    f"  answer key: run in a trusted checker process, never in a student's kernel "
                    f"({self.requests} requests to the kernels, {each:.1f} a notebook)"
                )
            else:
                lines.append("  answer key: run in the students' kernels, as nbgrader does (not forge-proof)")
        if self.elsewhere:
            lines.append(f"  {self.elsewhere} graded meanwhile by another grader sharing the gradebook")
        lines += [f"  {problem.text()}" for problem in self.warmup_problems]
        if self.backup:
            lines.append(f"  gradebook backed up to {self.backup}")
        if self.record:
            lines.append(f"  record of results and flags: {self.record}")
        if self.not_graded:
            lines.append("Not graded (no automatic score: fix and rerun with --retry, or grade by hand):")
            lines += [f"  {r.student}  {r.assignment}/{r.notebook}: {printable(r.reason)}" for r in self.not_graded]
        shown = [f for f in self.flagged if f.flag.effect in (Effect.REVIEW, Effect.NOT_GRADED)]
        if shown:
            lines.append("Flagged (cell, line, kind, effect):")
            lines += [f"  {f.student}  {f.assignment}/{f.notebook}  {printable(f.flag.text())}" for f in shown]
        if self.interrupted:
            lines.append("Interrupted: what was graded is saved; run the same command again to grade the rest.")
        if self.errors:
            lines.append("Grader errors (not recorded; rerun to try again):")
            lines += [
                f"  {student}  {assignment}: {text.strip().splitlines()[-1]}"
                for assignment, student, text in self.errors
            ]
        return "\n".join(lines)


def process_age() -> float:
    """Seconds since this process started (from Linux's /proc; 0 where there is none)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return 0.0


def fingerprint(folder: Path, key_digest: str) -> str:
    """What was graded: every file of the submission, the assignment's source cells, the grader."""
    digest = hashlib.sha256(f"{GRADER_VERSION}\0{key_digest}\0".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def grade(root: Path, options: Options, err=None, settings: Settings | None = None) -> Summary:
    """Grade every submission of ``options.assignments`` that is not graded yet (or all, with force).

    ``settings`` names the course's package, checks and data (default: this repository's).
    """
    settings = settings or Settings.for_tpm_course()
    warmup.prepare_environment()
    from .spawner import Template

    template = Template.start(settings)  # before any answer key or submission is read: see ``spawner``
    try:
        return _grade(root, options, err, settings, template)
    finally:
        template.stop()


def _grade(root: Path, options: Options, err, settings: Settings, template) -> Summary:
    from .course import Course
    from .record import Record

    err = err or sys.stderr
    began = time.monotonic() if options.started is None else options.started
    course = Course.at(root)
    record = Record.of(course)
    _remove_stale_run_folders()
    run_dir = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-"))
    os.chmod(run_dir, 0o711)
    try:
        data = _copy_data(course.root, settings.data_folder, run_dir)
        warm = _Warm(course, settings, run_dir, data, settings.data_environment(data), record, template)
        warm.early(options.assignments)  # the template starts on it while the keys and submissions are read
        return _grade_in_run(course, record, warm, options, err, began)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _grade_in_run(course, record, warm, options: Options, err, began: float) -> Summary:
    """Read the keys and what is submitted, grade what needs it (in the run's folder ``warm.run_dir``)."""
    from .assignment import AssignmentKey
    from .claims import Claims
    from .grader import Job

    keys = {assignment: _key(course, assignment, AssignmentKey) for assignment in options.assignments}
    claims = Claims.of(course, record)  # before reading what is graded: what others grade from now on is skipped
    summary = Summary(list(options.assignments), record=record.where, checker=options.checker)
    jobs, chosen = [], set()
    for assignment, key in keys.items():
        students = course.students(assignment, options.student)
        summary.submissions += len(students)
        chosen.update((assignment, student) for student in students)
        known = record.fingerprints(assignment)
        retry = {r.student for r in record.not_graded(assignment)} if options.retry else set()
        for student in students:
            stamp = fingerprint(course.submitted(student, assignment), key.digest)
            if (
                options.force
                or student in retry
                or known.get(student) != stamp
                or not course.autograded(student, assignment).exists()
            ):
                jobs.append(Job(assignment, student, stamp))
    summary.skipped = summary.submissions - len(jobs)
    if jobs:
        try:
            _grade_jobs(course, keys, record, jobs, options, summary, err, began, claims, warm)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            record.close()
    summary.wall = time.monotonic() - began
    for assignment in keys:
        summary.not_graded += [r for r in record.not_graded(assignment) if (assignment, r.student) in chosen]
        summary.flagged += [f for f in record.flags(assignment) if (assignment, f.student) in chosen]
    return summary


def _releasing(assignment: str) -> str:
    return (
        f"`nbgrader generate_assignment {assignment}` in this course directory; "
        f"in the course repository, `tpm-course release {assignment}`"
    )


def _key(course, assignment: str, AssignmentKey):
    from nbgrader.api import Gradebook, MissingEntry

    if course.gradebook_file is not None and not course.gradebook_file.exists():
        raise GradingError(
            f"no gradebook at {course.gradebook_file}: release the assignment first ({_releasing(assignment)})"
        )
    gradebook = Gradebook(course.db_url, course.coursedir.course_id)
    try:
        return AssignmentKey.from_gradebook(gradebook, assignment, course.config)
    except MissingEntry:
        raise GradingError(
            f"the gradebook has no assignment {assignment!r}: release it first ({_releasing(assignment)})"
        ) from None
    finally:
        gradebook.close()


def _grade_jobs(course, keys, record, jobs, options: Options, summary: Summary, err, began: float, claims, warm):
    from .gradebook import backup
    from .isolation import probe

    settings, run_dir, course_env = warm.settings, warm.run_dir, warm.course_env
    moment = summary.timed("course, data, answer keys and submissions", began)
    summary.backup = backup(course.gradebook_file, _backups(course))
    hidden = _hidden(course, record)
    isolation = probe(run_dir, warm.data, course.root, settings.packages, hidden)
    summary.isolation = isolation.describe()
    summary.timed("backup and isolation", moment)
    print(f"isolation: {summary.isolation}", file=err, flush=True)
    overrides = {
        "cell_timeout": options.cell_timeout,
        "notebook_timeout": options.notebook_timeout,
        "output_chars": options.output_chars,
        "memory": options.memory_mb * 2**20 if options.memory_mb else None,
    }
    limits = course.limits(**overrides)
    summary.workers = max(1, min(options.workers or os.cpu_count() or 1, len(jobs)))
    slots = _Slots(course, keys, settings, course_env, run_dir, isolation, hidden, limits, warm.template)
    jobs = warm.up(keys, isolation, jobs, summary, err, meanwhile=lambda: slots.prepare(options.checker))
    summary.warmup = time.monotonic() - began
    checker = slots.checker if options.checker else None
    _grade_in_pool(course, record, claims, jobs, (slots.grader, slots.spawner), options, summary, err, checker, keys)


@dataclass
class _Slots:
    """What each worker slot's processes are made of: the worker's grader, its kernels' spawner (from
    the template) and its trusted checker."""

    course: object
    keys: dict
    settings: Settings
    course_env: dict[str, str]
    run_dir: Path
    isolation: object
    hidden: list
    limits: object
    template: object
    prepared: tuple | None = None  # (keys, preprocessors) every worker starts with: ``prepare``, before the pool

    def prepare(self, checker: bool) -> None:
        """Made once here (while the template warms up) for every worker forked later: the keys a worker
        holds (with a checker, only what students received), what the scan learns from them, and their
        nbgrader preprocessors."""
        from .sanitize import Preprocessors
        from .scan import key_facts

        keys = {name: key.public() for name, key in self.keys.items()} if checker else self.keys
        for key in keys.values():
            for notebook in key.notebooks.values():
                key_facts(notebook, self.settings)
        self.prepared = (keys, {name: Preprocessors(key, self.course.config) for name, key in keys.items()})

    def grader(self, slot: int, link, spawner):
        """In a new worker: its grader (``link``: the socket to its checker, None without one)."""
        from .grader import SubmissionGrader
        from .sandbox import Sandbox
        from .spawner import RemoteKernels

        folders = Sandbox(self.run_dir, slot, self.isolation, self.hidden, self.limits)
        made = (*self.prepared, RemoteKernels(spawner, folders), self.settings, self.course_env)
        if link is None:
            return SubmissionGrader(self.course, *made)
        from .checker import Client

        for key in self.keys.values():  # this worker's copy: it needs only what students received
            key.scrub()
        return SubmissionGrader(self.course, *made, Client(link))

    def spawner(self, slot: int) -> int:
        return self.template.spawner((self.run_dir, slot, self.isolation, self.hidden, self.limits))

    def checker(self, slot: int, link: int) -> int:
        """The trusted checker beside the worker, forked from the template and given the keys, in its
        slot's cgroup; its pid."""
        import pickle

        from .execute import KERNEL_ENVIRONMENT

        given = {
            "keys": self.keys,
            "sources": {name: str(self.course.source(name)) for name in self.keys},
            "environment": {**KERNEL_ENVIRONMENT, **self.course_env},
            "group": self.isolation.groups.slot(slot) if self.isolation.groups is not None else None,
        }
        return self.template.checker(link, pickle.dumps(given))


@dataclass
class _Warm:
    """The template made ready to fork kernels and checkers from: told what they need as soon as that
    is known (``early``, or after discovery in ``up``), then waited for."""

    course: object
    settings: Settings
    run_dir: Path
    data: Path | None  # the run's copy of the course's data
    course_env: dict[str, str]
    record: object  # record.Record: what earlier runs learnt from unchanged sources
    template: object  # spawner.Template
    digests: dict[str, str] = field(default_factory=dict)  # assignment -> digest of its sources
    known: dict[str, list[str]] = field(default_factory=dict)  # what earlier runs learnt, for unchanged sources
    seconds: dict[str, float] | None = None  # each assignment's seconds of cells, once the template is told

    def early(self, assignments) -> None:
        """When an earlier run learnt what every assignment's unchanged sources need, tell the template
        now, before the keys and the submissions are read."""
        self.digests = {a: warmup.source_digest(self.course, a, self.settings) for a in assignments}
        self.known = self.record.discovered(self.digests)
        if len(self.known) == len(self.digests):
            self._tell(self.known)

    def _tell(self, found: dict[str, list[str]]) -> None:
        modules, used, self.seconds = warmup.summary(found)
        course_modules = self.settings.course_modules(self.digests)
        self.template.warm([*course_modules, *modules], used, self.course_env, _kept(self.course, self.record))

    def up(self, keys, isolation, jobs: list, summary: Summary, err, meanwhile=None) -> list:
        """Discover what the kernels need (unless ``early`` knew), have the template warm up with it
        (running ``meanwhile`` here while it does), report what failed (on ``err`` now, in the summary
        later); return the jobs in the order to grade them: the longest notebooks first, so that no
        worker is left with a long one at the end."""
        moment = time.monotonic()
        if self.seconds is None:
            discovery = warmup.Discovery(
                self.course, keys, self.settings, isolation, self.run_dir, self.course_env, summary.workers, self.known
            )
            learnt = discovery.results()
            for assignment, found in learnt.items():
                if "failed" not in found:  # a source notebook that did not finish is run again next time
                    self.record.remember(self.digests[assignment], found)
            self._tell({**self.known, **learnt})
        summary.discovered = len(self.known)
        moment = summary.timed("discovery", moment)
        if meanwhile is not None:
            meanwhile()
        problems = self.template.ready()
        summary.timed("kernels' warm-up (imports, data, caches, IPython)", moment)
        summary.warmup_problems = problems
        for problem in problems:
            print(problem.text(), file=err, flush=True)
        seconds = self.seconds
        return sorted(jobs, key=lambda job: (-seconds.get(job.assignment, 0.0), job.assignment, job.student))


def _grade_in_pool(
    course, record, claims, jobs, workers, options: Options, summary: Summary, err, companion=None, keys=None
) -> None:
    """Grade ``jobs`` in ``summary.workers`` workers, committing each submission as it comes back; each
    job is claimed just before a worker gets it (``claims.Claims``), so graders sharing the gradebook
    grade each submission once."""
    from .gradebook import GradebookWriter
    from .grader import SubmissionOutcome, install
    from .pool import Pool
    from .progress import Progress

    pool = writer = None
    try:
        make_grader, spawner = workers  # a worker's grader, and the socket to its kernels' spawner
        pool = Pool(summary.workers, make_grader, companion, spawner)
        pool.start()
        writer = GradebookWriter(course)
        progress = Progress(len(jobs), f"grading {', '.join(summary.assignments)}", err, options.progress)
        died = lambda job: SubmissionOutcome(job, error="the grader's worker died\n")  # noqa: E731
        checked = keys if companion else None
        try:
            with claims:  # its heartbeat runs while this grader holds claims
                batch = claims.claimed(jobs)
                while batch:
                    for outcome in pool.map(batch, died):
                        moment = time.monotonic()
                        _commit(course, writer, record, outcome, summary, install, claims, checked)
                        summary.commit_seconds += time.monotonic() - moment
                        progress.advance(
                            any(not n.complete for n in outcome.notebooks) or outcome.error is not None,
                            any(n.review for n in outcome.notebooks),
                        )
                    batch = claims.left()  # what other graders held: graded there, or taken over from a dead one
        finally:
            summary.elsewhere = claims.elsewhere
            progress.finish()
    finally:
        if pool is not None:
            pool.kill()
        if writer is not None:
            writer.close()


def _commit(course, writer, record, outcome, summary: Summary, install, claims, keys=None) -> None:
    from .record import GradeStatus, NotebookResult

    job = outcome.job
    if outcome.error is not None:
        summary.errors.append((job.assignment, job.student, outcome.error))
        claims.release(job)
        return
    if keys is not None:  # graded with the checker: the parent writes the notebooks, tests restored
        from .grader import file_mode, restore_tests, write_notebook

        for n in outcome.notebooks:
            if n.notebook is not None:
                restore_tests(n.notebook, keys[job.assignment].notebooks[n.name])
                write_notebook(outcome.staged / f"{n.name}.ipynb", n.notebook, file_mode(course))
    summary.requests += sum(n.requests for n in outcome.notebooks)
    summary.notebooks += len(outcome.notebooks)
    install(outcome.staged, course.autograded(job.student, job.assignment))
    scores = writer.write(job.assignment, job.student, outcome.notebooks)
    results = [
        NotebookResult(
            job.assignment,
            job.student,
            n.name,
            n.status,
            n.reason,
            n.review,
            scores[n.name][0] if n.status != GradeStatus.NOT_GRADED else None,
            scores[n.name][1],
            round(n.seconds, 4),
        )
        for n in outcome.notebooks
    ]
    flags = [(n.name, flag) for n in outcome.notebooks for flag in n.flags]
    record.save(
        job.assignment,
        job.student,
        job.fingerprint,
        datetime.now(UTC).isoformat(timespec="seconds"),
        results,
        flags,
    )
    claims.done(job)
    summary.graded_now += 1
    summary.cell_seconds += outcome.seconds


def _remove_stale_run_folders() -> None:
    """Scratch folders of runs that were killed (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{RUN_PREFIX}*"):
        pid = folder.name[len(RUN_PREFIX) :].split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _backups(course) -> Path:
    if course.gradebook_file is not None:
        return course.gradebook_file.with_name(course.gradebook_file.name + ".backups")
    return course.root / "gradebook_backups"


def _hidden(course, record) -> list[Path]:
    """What student code must not see: the gradebook and its companions, every submission's folder."""
    coursedir = course.coursedir
    steps = (
        coursedir.submitted_directory,
        coursedir.autograded_directory,
        coursedir.feedback_directory,
        coursedir.source_directory,
    )
    paths = [Path(coursedir.format_path(step, ".", ".")).resolve() for step in steps]
    paths += [_backups(course), _kept(course, record)] + ([record.path] if record.path else [])
    if course.gradebook_file is not None:
        paths += [course.gradebook_file, course.gradebook_file.with_name(course.gradebook_file.name + "-journal")]
    return [p for p in paths if p.exists() and p != course.root]


def _kept(course, record) -> Path:
    """The grader's folder (its alone, made if missing) for what the warm-up keeps between runs: the
    data sets parsed (``warmup.FrameStore``), the caches' files (``Settings.cache_variable``). Beside the
    record's file, else in the course folder (graders sharing it write each file whole, by renaming)."""
    folder = record.path.with_name(record.path.name + ".kept") if record.path else course.root / KEPT
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _copy_data(root: Path, folder: str | None, run_dir: Path) -> Path | None:
    """A readable copy of the course's data folder in the run's folder (children may not see the course)."""
    if folder is None or not (root / folder).is_dir():
        return None
    source, target = root / folder, run_dir / folder
    shutil.copytree(source, target)
    os.chmod(target, 0o755)
    for path in target.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return target
