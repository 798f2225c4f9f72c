"""Grading one submission inside a worker: read, scan, sanitize, run sandboxed, finish, stage the files.

The worker writes the new autograded folder beside the old one (``.NAME.tpm-new``); the
parent swaps it in and commits the grades, so a killed run never leaves half a folder.
"""

from __future__ import annotations

import os
import platform
import shutil
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbgrader import utils

from .assignment import AssignmentKey
from .execute import KeyCells, environment, execute
from .flags import Effect, Flag, merge
from .record import GradeStatus
from .sanitize import NotGradable, Preprocessors, present_ids, read_notebook, resources_for
from .scan import key_facts, scan_notebook
from .settings import Settings

STAGED, OLD = ".{}.tpm-new", ".{}.tpm-old"


@dataclass
class Job:
    assignment: str
    student: str
    fingerprint: str


@dataclass
class NotebookOutcome:
    name: str
    status: GradeStatus
    reason: str = ""
    flags: list[Flag] = field(default_factory=list)
    present_cells: list[str] = field(default_factory=list)  # nbgrader cells run and to score (none: not run)
    notebook: dict | None = None  # the autograded notebook, for nbgrader's SaveAutoGrades
    seconds: float = 0.0  # time spent running its cells
    requests: int = 0  # the trusted checker's requests to the kernel

    @property
    def complete(self) -> bool:
        return self.status == GradeStatus.GRADED

    @property
    def review(self) -> bool:
        return any(flag.effect == Effect.REVIEW for flag in self.flags)


@dataclass
class SubmissionOutcome:
    job: Job
    notebooks: list[NotebookOutcome] = field(default_factory=list)
    staged: Path | None = None
    wall: float = 0.0
    error: str | None = None  # the grader itself failed (never the student's doing)
    retire: bool = False  # the worker's checker or kernel spawner is lost: the pool replaces the worker and both

    @property
    def seconds(self) -> float:
        return sum(n.seconds for n in self.notebooks)


def label(cell, index: int) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"


class SubmissionGrader:
    """One worker's grader: its keys and preprocessors (made once by the grader for all its workers,
    ``run._Slots``) and its kernels (``spawner.RemoteKernels``)."""

    def __init__(
        self,
        course,
        keys: dict[str, AssignmentKey],
        preprocessors: dict[str, Preprocessors],
        kernels,
        settings: Settings,
        course_env: dict,
        checker=None,
    ):
        self.course, self.keys, self.preprocessors, self.kernels = course, keys, preprocessors, kernels
        self.settings, self.course_env = settings, course_env  # course_env: Settings.data_environment
        self.checker = checker  # checker.Client: the test cells run there (keys then hold no hidden test)
        self.file_mode = file_mode(course)

    def grade(self, job: Job) -> SubmissionOutcome:
        began = time.perf_counter()
        outcome = SubmissionOutcome(job)
        try:
            self._grade(job, outcome)
        except Exception:
            outcome.error = traceback.format_exc(limit=8)
        finally:
            self.kernels.clear()
        lost = self.checker is not None and self.checker.lost is not None
        outcome.retire = lost or self.kernels.gone
        outcome.wall = time.perf_counter() - began
        return outcome

    def _grade(self, job: Job, outcome: SubmissionOutcome) -> None:
        course = self.course
        submitted = course.submitted(job.student, job.assignment)
        final = course.autograded(job.student, job.assignment)
        staged = final.with_name(STAGED.format(final.name))
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir(parents=True)
        files = course.extra_files(submitted)
        files.update(course.extra_files(course.source(job.assignment)))
        for name, path in files.items():
            (staged / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, staged / name)
        work = self.kernels.fresh_workdir(files)
        env = environment(work, self.course_env)
        for name in sorted(self.keys[job.assignment].notebooks):
            result = self._notebook(job, submitted / f"{name}.ipynb", name, env)
            if result.notebook is not None and self.checker is None:
                write_notebook(staged / f"{name}.ipynb", result.notebook, self.file_mode)
            outcome.notebooks.append(result)
        for folder, _, names in os.walk(staged):
            for name in names:
                os.chmod(os.path.join(folder, name), self.file_mode)
        outcome.staged = staged

    def _notebook(self, job: Job, path: Path, name: str, env: dict) -> NotebookOutcome:
        key = self.keys[job.assignment].notebooks[name]
        preprocessors = self.preprocessors[job.assignment]
        try:
            nb = read_notebook(path)
        except NotGradable as why:
            return NotebookOutcome(name, GradeStatus.NOT_GRADED, str(why), why.flags)
        flags = scan_notebook(nb.cells, key, self.settings)
        resources = resources_for(job.assignment, job.student, name, self.course.db_url)
        try:
            nb = preprocessors.sanitize(nb, resources)
        except NotGradable as why:
            return NotebookOutcome(name, GradeStatus.NOT_GRADED, str(why), flags + why.flags)
        present = present_ids(nb)
        code = [
            (index, cell)
            for index, cell in enumerate(nb.cells)
            if cell.cell_type == "code"
            and cell.source.strip()
            and "skip-execution" not in cell.metadata.get("tags", [])
        ]
        key_cells = None
        if self.checker is not None:
            key_cells = KeyCells(self.checker, job.assignment, name, *_key_positions(code))
        run = execute(
            self.kernels,
            [
                (label(cell, i), None if key_cells and p in key_cells.tests else cell.source)
                for p, (i, cell) in enumerate(code)
            ],
            key_facts(key, self.settings).protected,
            env,
            key_cells=key_cells,
        )
        nb.metadata["language_info"] = language_info()
        for position, (_, cell) in enumerate(code):
            ran = run.cells.get(position)
            if ran is not None:
                cell.outputs = [nbformat.from_dict(output) for output in ran["outputs"]]
                cell.execution_count = ran["count"]
                cell.metadata["execution"] = timing(ran["began"], ran["ended"])
        flags = merge(flags, run.flags)
        if run.failure:
            return NotebookOutcome(name, GradeStatus.NOT_GRADED, run.failure, flags, [], nb, run.seconds)
        try:
            nb = preprocessors.finish(nb, resources)
        except NotGradable as why:
            return NotebookOutcome(name, GradeStatus.NOT_GRADED, str(why), flags + why.flags, [], nb, run.seconds)
        graded = sorted(present & set(key.cells))
        deleted = [grade_id for grade_id in key.grade_ids if grade_id not in present]
        if deleted:
            reason = f"graded cell{'s' if len(deleted) > 1 else ''} {', '.join(deleted)} deleted: grade by hand"
            return NotebookOutcome(name, GradeStatus.NOT_GRADED, reason, flags, graded, nb, run.seconds)
        return NotebookOutcome(name, GradeStatus.GRADED, "", flags, graded, nb, run.seconds, run.requests)


def write_notebook(path: Path, nb, mode: int) -> None:
    """nbformat's own JSON writer, as nbgrader's exporter uses, minus its schema validation (which
    only logs, and costs 20 ms a notebook)."""
    path.write_text(nbformat.v4.writes(nb), encoding="utf-8")
    os.chmod(path, mode)


def restore_tests(nb, key) -> None:
    """Put the test cells' full source (hidden tests included) back, as ``nbgrader autograde`` leaves
    them: the worker only had what students received. ``key`` is the parent's ``NotebookKey``."""
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in key.cells and utils.is_grade(cell) and not utils.is_solution(cell):
            cell.source = key.cells[grade_id].source
            cell.metadata.nbgrader["checksum"] = key.cells[grade_id].checksum


def file_mode(course) -> int:
    """The autograded files' permissions, as nbgrader sets them."""
    return 0o664 if course.coursedir.groupshared else 0o444


def _key_positions(code) -> tuple[dict[int, str], dict[int, str]]:
    """Among the code cells to run: test cells and locked setup cells, by position -> grade id."""
    tests, setups = {}, {}
    for position, (_, cell) in enumerate(code):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not grade_id or utils.is_solution(cell):
            continue
        if utils.is_grade(cell):
            tests[position] = grade_id
        elif utils.is_locked(cell):
            setups[position] = grade_id
    return tests, setups


def language_info() -> dict:
    """What ipykernel reports and nbclient stores in the notebook's metadata."""
    return {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": platform.python_version(),
    }


def timing(began: float, ended: float) -> dict:
    """nbclient's record of a cell's execution times."""

    def stamp(moment: float) -> str:
        return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    return {
        "iopub.execute_input": stamp(began),
        "iopub.status.busy": stamp(began),
        "iopub.status.idle": stamp(ended),
        "shell.execute_reply": stamp(ended),
    }


def install(staged: Path, final: Path) -> None:
    """Swap a staged autograded folder in place of the old one."""
    old = final.with_name(OLD.format(final.name))
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.rename(final, old)
    os.rename(staged, final)
    shutil.rmtree(old, ignore_errors=True)
