"""`tpm-course report` at cohort scale: 100, 400 and 1,600 students, timed as the real command.

Builds a temporary course whose exercises are released by real nbgrader (which enters them in
the gradebook), then fills it with a synthetic graded cohort, as `tpm-course grade` leaves one:

- the gradebook: students, submissions, notebooks, grades and comments in nbgrader's own tables,
  written by direct inserts in one transaction (nbgrader's API, one submission at a time, is
  timed on a sample and printed); nbgrader's API reads them back;
- scores with a realistic spread: each student has an ability, each question a difficulty;
  a failed question scores 0, a question with parts may earn some of its points;
- the grading record (``tpm_course.grading.record``): a few notebooks not graded, with the
  reason (their autograded cells have no score), and a few flagged for review;
- the autograded notebooks of the reported assignment, each failed check showing what the
  course's check shows: one of the question's declared misconceptions, or "not attempted".

``Truth`` keeps what was planted, so that a test can compare the report with it.
For each size it prints the wall time of `tpm-course report` (a subprocess, start-up included),
the page's size, the number of chart marks it draws, and the machine's load.

    python benchmarks/report_scale.py [--students 100 400 1600] [--keep DIR]

Not a timed test: the machine is shared, and the figures vary with its load.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPORTED = "01_estimation"  # partial credit on two questions
ASSIGNMENTS = [REPORTED, "02_latency", "05_specs"]  # 05 has a question graded by hand
NOT_GRADED_SHARE, FLAGGED_SHARE, NOT_ATTEMPTED_SHARE = 0.02, 0.01, 0.25
TIMESTAMP = "2026-03-01 12:00:00.000000 UTC"
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Lee"]


@dataclass
class Question:
    name: str
    cell_id: str
    points: float
    autograded: bool
    partial: bool  # the check gives partial credit
    messages: list[str]  # its declared misconceptions' messages
    difficulty: float


@dataclass
class Truth:
    """What was planted for one assignment: student -> question -> points, and who is not graded or flagged."""

    assignment: str
    questions: list[str]
    max_points: dict[str, float]
    partial: set[str]  # questions that give partial credit
    scores: dict[str, dict[str, float | None]] = field(default_factory=dict)
    not_graded: set[str] = field(default_factory=set)
    flagged: set[str] = field(default_factory=set)
    failures: dict[str, dict[str, str]] = field(default_factory=dict)  # student -> question -> message


def _tests_helpers():
    # nbgrader runs `alembic` by name: this interpreter's scripts come first.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    sys.path.insert(0, str(REPO / "tests"))
    return importlib.import_module("nbgrader_course")


def release_course(root: Path, assignments: list[str]) -> Path:
    """A temporary course at ``root`` whose ``assignments`` nbgrader released (and entered in its gradebook)."""
    helpers = _tests_helpers()
    root.mkdir(parents=True, exist_ok=True)
    helpers.copy_course(REPO, root)
    failed = helpers.release(root, assignments)
    if failed:
        raise RuntimeError("nbgrader generate_assignment failed:\n" + "\n".join(failed))
    return root


def questions(gradebook, assignment: str, rng: random.Random) -> list[Question]:
    """The graded cells of ``assignment`` as nbgrader's gradebook holds them, with the course's misconceptions."""
    from tpm_course.manifest import checks_module

    checks = vars(importlib.import_module(checks_module(assignment)))
    by_qid = {getattr(v, "qid", None): v for v in checks.values() if isinstance(getattr(v, "qid", None), str)}
    found = []
    for cell in gradebook.find_notebook(assignment, assignment).grade_cells:
        check = by_qid.get(cell.name)
        messages = [m.message for m in getattr(check, "misconceptions", None) or []]
        partial = getattr(check, "parts", None) is not None
        found.append(
            Question(
                cell.name, cell.id, cell.max_score, cell.cell_type == "code", partial, messages, rng.gauss(-0.6, 0.9)
            )
        )
    return found


def _outcome(student_ability: float, question: Question, rng: random.Random) -> tuple[float | None, str]:
    """(points, failure message or ""): what one student earns on one question.

    As the course's checks do, a question with parts gives a partly right answer some of its
    points (its box says which parts, and the cell does not fail); a wrong answer fails with a
    misconception's message, and a blank one as "not attempted"."""
    if not question.autograded:
        return None, ""  # graded by hand, later
    right = 1 / (1 + math.exp(-1.7 * (student_ability - question.difficulty)))
    if rng.random() < right:
        return question.points, ""
    if rng.random() < NOT_ATTEMPTED_SHARE or not question.messages:
        return 0.0, "not attempted"
    if question.partial and rng.random() < 0.5:
        return float(rng.randint(1, math.ceil(question.points) - 1)), ""
    return 0.0, rng.choice(question.messages)


def plan(assignment: str, found: list[Question], students: list[str], rng: random.Random) -> Truth:
    """Each student's points and failures on ``assignment``; some not graded, some flagged."""
    truth = Truth(
        assignment, [q.name for q in found], {q.name: q.points for q in found}, {q.name for q in found if q.partial}
    )
    for student in students:
        ability = rng.gauss(0, 1)
        truth.scores[student], truth.failures[student] = {}, {}
        for question in found:
            points, failure = _outcome(ability, question, rng)
            truth.scores[student][question.name] = points
            if failure:
                truth.failures[student][question.name] = failure
        if rng.random() < NOT_GRADED_SHARE:  # the kernel died at a random question: no scores from there on
            truth.not_graded.add(student)
            died = rng.randrange(len(found))
            for question in found[died:]:
                truth.scores[student][question.name] = None
                truth.failures[student].pop(question.name, None)
        elif rng.random() < FLAGGED_SHARE:
            truth.flagged.add(student)
    return truth


def _new_id() -> str:
    return uuid.uuid4().hex  # what nbgrader's tables use as primary keys


def _names(number: int) -> dict[str, str]:
    first, last = FIRST[number % len(FIRST)], LAST[(number // len(FIRST)) % len(LAST)]
    return {"first_name": first, "last_name": f"{last}-{number}", "email": f"s{number}@example.edu"}


def gradebook_rows(gradebook, truth: Truth, flagged: set[str]) -> dict[str, list[dict]]:
    """Rows of nbgrader's tables for one assignment's submissions, as autograde leaves them."""
    from datetime import datetime

    source = gradebook.find_assignment(truth.assignment)
    notebook = gradebook.find_notebook(truth.assignment, truth.assignment)
    cells = {c.name: c for c in notebook.grade_cells}
    commented = [c.id for c in notebook.solution_cells]
    when = datetime(2026, 3, 1, 12)
    rows: dict[str, list[dict]] = {"submitted_assignment": [], "submitted_notebook": [], "grade": [], "comment": []}
    for student, scores in truth.scores.items():
        submitted, graded = _new_id(), _new_id()
        rows["submitted_assignment"].append(
            {"id": submitted, "assignment_id": source.id, "student_id": student, "timestamp": when, "extension": None}
        )
        rows["submitted_notebook"].append(
            {"id": graded, "assignment_id": submitted, "notebook_id": notebook.id, "flagged": False}
        )
        for name, points in scores.items():
            cell = cells[name]
            review = student in flagged or cell.cell_type != "code" or points is None
            rows["grade"].append(
                {"id": _new_id(), "notebook_id": graded, "cell_id": cell.id, "auto_score": points}
                | {"manual_score": None, "extra_credit": None, "needs_manual_grade": review}
            )
        rows["comment"] += [
            {"id": _new_id(), "notebook_id": graded, "cell_id": c, "auto_comment": None, "manual_comment": None}
            for c in commented
        ]
    return rows


def fill_gradebook(db_url: str, truths: list[Truth], students: list[str]) -> float:
    """Enter every student and every planted submission in nbgrader's gradebook in one transaction; seconds taken."""
    from nbgrader import api

    started = time.perf_counter()
    with api.Gradebook(db_url) as gradebook:
        tables: dict[str, list[dict]] = {
            "student": [{"id": s, **_names(i), "lms_user_id": None} for i, s in enumerate(students, start=1)]
        }
        for truth in truths:
            for table, rows in gradebook_rows(gradebook, truth, truth.flagged).items():
                tables.setdefault(table, []).extend(rows)
        models = {m.__tablename__: m for m in (api.Student, api.SubmittedAssignment, api.SubmittedNotebook)}
        models |= {m.__tablename__: m for m in (api.Grade, api.Comment)}
        for table, rows in tables.items():  # in order: students, then what refers to them
            gradebook.db.execute(models[table].__table__.insert(), rows)
        gradebook.db.commit()
    return time.perf_counter() - started


def api_seconds_per_submission(db_url: str, truth: Truth, sample: int = 10) -> float:
    """Seconds nbgrader's own API takes to enter one submission and its scores (timed on ``sample`` students)."""
    from nbgrader import api

    started = time.perf_counter()
    with api.Gradebook(db_url) as gradebook, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # add_submission's own SQLAlchemy autoflush warnings
        for number in range(sample):
            student = f"api-timing-{number}"
            gradebook.add_student(student)
            gradebook.add_submission(truth.assignment, student)
            for grade in gradebook.find_submission_notebook(truth.assignment, truth.assignment, student).grades:
                grade.auto_score = grade.max_score
            gradebook.db.commit()
        for number in range(sample):  # leave the gradebook as it was
            gradebook.remove_student(f"api-timing-{number}")
    return (time.perf_counter() - started) / sample


def write_record(gradebook_file: Path, truth: Truth) -> None:
    """The grading record's rows for one assignment, through its API: not graded with the reason, flags."""
    from tpm_course.grading.flags import Effect, Flag
    from tpm_course.grading.record import GradeStatus, NotebookResult, Record

    record = Record.beside(gradebook_file)
    top = sum(truth.max_points.values())
    try:
        for student, scores in truth.scores.items():
            failed = student in truth.not_graded
            total = None if failed else sum(p or 0.0 for p in scores.values())
            status = GradeStatus.NOT_GRADED if failed else GradeStatus.GRADED
            reason = "the kernel died (exit code 1) before the last test cell ran" if failed else ""
            result = NotebookResult(
                truth.assignment, student, truth.assignment, status, reason, student in truth.flagged, total, top, 2.5
            )
            flags = []
            if student in truth.flagged:
                flag = Flag(
                    "patch-builtins", "q1_answer", 3, "AssertionError was rebound", "builtins.AssertionError = X"
                )
                flags.append((truth.assignment, flag))
            if failed:
                flags.append(
                    (truth.assignment, Flag("exit-kernel", "q1", None, "the kernel exited", "", Effect.NOT_GRADED))
                )
            record.save(truth.assignment, student, f"fingerprint-{student}", TIMESTAMP, [result], flags)
    finally:
        record.close()


def _check_output(question: str, failure: str, points: float | None, top: float, partial: bool) -> list[dict]:
    """The outputs the course's check leaves in a test cell: its box, and the error that fails the cell."""
    from tpm_course.core.outcome import Outcome, Status

    if points is None:
        return []  # the cell never ran
    if failure == "not attempted":
        outcome = Outcome(Status.NOT_ATTEMPTED, f"{question}: not attempted yet", ["The answer is still `...`."])
    elif failure:
        tally = [f"0 of {top:g} parts right, each worth 1 point(s)"] if partial else []
        outcome = Outcome(Status.INCORRECT, f"{question}: not right yet", [*tally, "You gave 42.", failure])
    elif points < top:
        outcome = Outcome(Status.PARTIAL, f"{question}: partly right, {points:g} of {top:g} points", [])
    else:
        outcome = Outcome(Status.CORRECT, f"{question}: correct", [])
    shown = {"text/plain": outcome.text(), "text/html": outcome._repr_html_()}
    outputs = [{"output_type": "display_data", "data": shown, "metadata": {}}]
    if failure:
        name = "NotAttempted" if failure == "not attempted" else "Incorrect"
        outputs.append(
            {"output_type": "error", "ename": name, "evalue": outcome.text(), "traceback": [f"{name}: {outcome.title}"]}
        )
    return outputs


def write_notebooks(course, truth: Truth, with_autograded: bool) -> None:
    """Each student's submitted folder, and (``with_autograded``) the autograded notebook with the checks' outputs."""
    released = json.loads((course.root / "exercises" / truth.assignment / f"{truth.assignment}.ipynb").read_text())
    for student, scores in truth.scores.items():
        submitted = course.submitted(student, truth.assignment)
        submitted.mkdir(parents=True, exist_ok=True)
        (submitted / "timestamp.txt").write_text(TIMESTAMP + "\n")
        if not with_autograded:
            continue
        cells = []
        for cell in released["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if cell["cell_type"] == "code" and grade_id in scores:
                failure = truth.failures[student].get(grade_id, "")
                top = truth.max_points[grade_id]
                partial = grade_id in truth.partial
                cell = {**cell, "outputs": _check_output(grade_id, failure, scores[grade_id], top, partial)}
            cells.append(cell)
        folder = course.autograded(student, truth.assignment)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{truth.assignment}.ipynb").write_text(json.dumps({**released, "cells": cells}, indent=1))


def populate(root: Path, students: int, assignments: list[str], seed: int = 0) -> tuple[Truth, dict[str, float]]:
    """Fill the released course at ``root`` with ``students`` graded students; (the reported assignment's truth, seconds per step)."""
    from nbgrader import api

    from tpm_course.grading.course import Course

    rng = random.Random(seed)
    course = Course.at(root)
    ids = [f"student{n:04d}" for n in range(1, students + 1)]
    with api.Gradebook(course.db_url) as gradebook:
        truths = [plan(a, questions(gradebook, a, rng), ids, rng) for a in assignments]
    seconds = {"gradebook": fill_gradebook(course.db_url, truths, ids)}
    started = time.perf_counter()
    for truth in truths:
        write_record(course.gradebook_file, truth)
    seconds["record"] = time.perf_counter() - started
    started = time.perf_counter()
    for truth in truths:
        write_notebooks(course, truth, truth.assignment == assignments[0])
    seconds["notebooks"] = time.perf_counter() - started
    return truths[0], seconds


def run_report(root: Path, assignment: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds, the run) of the real `tpm-course report` command, start-up included."""
    command = Path(sys.executable).parent / "tpm-course"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([str(command), "report", assignment], cwd=root, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def chart_marks(page: str) -> int:
    """Marks the page's charts draw: shapes inside inline SVG charts, plus points of plotly traces."""
    marks = 0
    for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):
        marks += len(re.findall(r"<(?:rect|circle|path|polygon)\b[^>]*class=\"mark", svg))
    for data in re.findall(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(\[.*?\]),\s*\{", page, flags=re.S):
        try:
            traces = json.loads(data)
        except ValueError:
            continue
        marks += sum(len(t.get("x") or t.get("y") or []) for t in traces)
    return marks


def measure(template: Path, students: int, work: Path, repeats: int = 3) -> dict:
    """Copy the released course, fill it with ``students`` students, time the report ``repeats`` times; the figures."""
    root = work / f"cohort-{students}"
    shutil.copytree(template, root)
    truth, seconds = populate(root, students, ASSIGNMENTS)
    load_before = os.getloadavg()[0]
    runs = [run_report(root, truth.assignment) for _ in range(repeats)]
    failed = [done for _, _, done in runs if done.returncode]
    if failed:
        raise RuntimeError(f"tpm-course report failed:\n{failed[0].stderr[-3000:]}")
    page = (root / "reports" / f"{truth.assignment}.html").read_text(encoding="utf-8")
    return {
        "students": students,
        "report_s": statistics.median(wall for wall, _, _ in runs),
        "cpu_s": statistics.median(cpu for _, cpu, _ in runs),
        "page_bytes": len(page.encode("utf-8")),
        "marks": chart_marks(page),
        "load": (load_before, os.getloadavg()[0]),
        "build": seconds,
    }


COLUMNS = (
    f"{'students':>8}  {'wall (s)':>8}  {'CPU (s)':>7}  {'page (bytes)':>12}  {'chart marks':>11}  "
    f"{'load before, after':>18}  {'written: gradebook, record, notebooks (s)':>41}"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/report_scale.py", description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[100, 400, 1600])
    parser.add_argument("--repeats", type=int, default=3, help="runs of the report per size (the median is shown)")
    parser.add_argument("--keep", type=Path, help="build the courses in this folder and keep them")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="tpm-report-scale-"))
    try:
        template = release_course(work / "released", ASSIGNMENTS)
        scratch = shutil.copytree(template, work / "api-timing")
        per_submission = api_seconds_per_submission(_db_url(scratch), _one_truth(scratch))
        print(f"`tpm-course report {REPORTED}`; the gradebook holds {', '.join(ASSIGNMENTS)} for every student.")
        print(f"Wall and CPU time of the whole command (median of {args.repeats}); load: 1-minute load average.")
        print(COLUMNS)
        for students in args.students:
            r = measure(template, students, work, args.repeats)
            written = ", ".join(f"{v:.1f}" for v in r["build"].values())
            print(
                f"{r['students']:>8,}  {r['report_s']:>8.2f}  {r['cpu_s']:>7.2f}  {r['page_bytes']:>12,}  "
                f"{r['marks']:>11,}  {r['load'][0]:>8.2f}, {r['load'][1]:>7.2f}  {written:>41}"
            )
        direct = r["build"]["gradebook"] / (students * len(ASSIGNMENTS))
        print(
            f"Gradebook writes: nbgrader's API, one submission at a time, {per_submission * 1000:.0f} ms per submission; "
            f"direct inserts in one transaction, {direct * 1000:.2f} ms (read back through nbgrader's API)."
        )
        print("Target: at most 5 s for 1,600 students on 2 cores. No time is asserted: the machine is shared.")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _db_url(root: Path) -> str:
    from tpm_course.grading.course import Course

    return Course.at(root).db_url


def _one_truth(root: Path) -> Truth:
    from nbgrader import api

    with api.Gradebook(_db_url(root)) as gradebook:
        found = questions(gradebook, REPORTED, random.Random(0))
    return Truth(REPORTED, [q.name for q in found], {q.name: q.points for q in found}, set())


if __name__ == "__main__":
    raise SystemExit(main())
