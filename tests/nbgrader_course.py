"""A temporary copy of the course run through real nbgrader: release, submit, autograde."""

from __future__ import annotations

import importlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

COPIED = ["nbgrader_config.py", "solutions", "datasets"]


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=root, capture_output=True, text=True, timeout=1800
    )


def copy_course(repo: Path, root: Path) -> None:
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy(source, root / name)


def submissions_for(stem: str) -> list:
    try:
        return importlib.import_module(f"submissions.ex{stem}").ALL
    except ModuleNotFoundError:
        return []


def answer_sources(notebook: dict) -> dict[str, str]:
    """grade_id -> source of every answer cell."""
    return {
        c["metadata"]["nbgrader"]["grade_id"]: _source(c)
        for c in notebook["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution")
    }


def _source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def filled(exercise: dict, answers: dict[str, str]) -> dict:
    """The released exercise with answer cells replaced, as a student would save it."""
    notebook = json.loads(json.dumps(exercise))
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return notebook


def submit(root: Path, stem: str, student: str, notebook: dict) -> None:
    folder = root / "submitted" / student / stem
    folder.mkdir(parents=True)
    (folder / f"{stem}.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def submit_cohort(root: Path, stem: str) -> list[str]:
    """Submit the solution, the blank exercise and every written submission; return student ids."""
    exercise = json.loads((root / "exercises" / stem / f"{stem}.ipynb").read_text())
    solution = json.loads((root / "solutions" / stem / f"{stem}.ipynb").read_text())
    correct = answer_sources(solution)
    submit(root, stem, "solution", solution)
    submit(root, stem, "blank", exercise)
    students = ["solution", "blank"]
    for submission in submissions_for(stem):
        submit(root, stem, submission.name, filled(exercise, {**correct, **submission.cells}))
        students.append(submission.name)
    return students


def manually_graded(notebook: dict) -> list[str]:
    """grade_id of every manually graded answer: a cell that is both an answer and graded."""
    return [
        c["metadata"]["nbgrader"]["grade_id"]
        for c in notebook["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution") and c["metadata"]["nbgrader"].get("grade")
    ]


def autograded(notebook: dict) -> list[str]:
    """grade_id of every autograded test cell."""
    manual = manually_graded(notebook)
    return [
        c["metadata"]["nbgrader"]["grade_id"]
        for c in notebook["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade") and c["metadata"]["nbgrader"]["grade_id"] not in manual
    ]


def scores(root: Path, stem: str) -> dict[str, dict[str, float]]:
    """student -> {grade cell name: score, 'total', 'max', 'auto_max', 'max_of', 'needs_manual_grade'} from the gradebook.

    ``max_of`` maps each grade cell's name to its points.

    ``auto_max`` counts the autograded cells only: full marks on them is what autograding can give.
    """
    from nbgrader.api import Gradebook

    source = json.loads((root / "solutions" / stem / f"{stem}.ipynb").read_text())
    manual = set(manually_graded(source))
    result = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(stem):
            notebook = gradebook.find_submission_notebook(stem, stem, submission.student_id)
            cells = {grade.cell.name: grade.score for grade in notebook.grades}
            cells["total"] = notebook.score
            cells["max"] = notebook.max_score
            cells["auto_max"] = sum(g.max_score for g in notebook.grades if g.cell.name not in manual)
            cells["max_of"] = {grade.cell.name: grade.max_score for grade in notebook.grades}
            cells["needs_manual_grade"] = sorted(g.cell.name for g in notebook.grades if g.needs_manual_grade)
            result[submission.student_id] = cells
    return result


def graded_outputs(root: Path, stem: str, student: str) -> dict[str, str]:
    """grade_id of each test cell -> all the text its outputs show in the autograded notebook."""
    path = root / "autograded" / student / stem / f"{stem}.ipynb"
    notebook = json.loads(path.read_text())
    shown = {}
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade") and cell["cell_type"] == "code":
            parts = []
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                parts.append(_join(data.get("text/plain", "")))
                parts.append(_join(data.get("text/html", "")))
                parts.append(_join(output.get("text", "")))
                parts.append(output.get("evalue", ""))
                parts += output.get("traceback", [])
            shown[meta["grade_id"]] = "\n".join(parts)
    return shown


def _join(text) -> str:
    return text if isinstance(text, str) else "".join(text)


# The graded cohort (tests/conftest.py's graded_course) and the sample nbgrader grades too ---------

GRADE_RUN = "tpm-course-grade.json"  # in graded_course's root: the grading command's exit code and output
GRADE_WORKERS = 2


def release(root: Path, stems: list[str]) -> list[str]:
    """Generate each module's exercise with nbgrader (which also enters it in the gradebook) and end it
    with its links, as `tpm-course release` does; return failures."""
    from tpm_course.learner import navigation
    from tpm_course.manifest import load

    failed = []
    for stem in stems:
        generated = nbgrader(root, "generate_assignment", stem, "--force")
        if generated.returncode:
            failed.append(f"{stem}: {generated.stderr[-3000:]}")
        else:
            navigation.add(root, load(Path(__file__).resolve().parents[1]), stem)
    return failed


def copy_released(released: Path, root: Path) -> Path:
    """A copy of a released course (solutions, exercises, data, gradebook) to submit to and grade."""
    shutil.copytree(released, root, dirs_exist_ok=True)
    return root


def tpm_course_grade(root: Path, stems: list[str], workers: int = GRADE_WORKERS) -> subprocess.CompletedProcess:
    """`tpm-course grade` of every submission of ``stems`` through its command line, from the course root."""
    command = Path(sys.executable).parent / "tpm-course"
    return subprocess.run(
        [str(command), "grade", *stems, "--workers", str(workers), "--no-progress"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=3600,
    )


def grade_run(root: Path) -> dict:
    """graded_course's `tpm-course grade` run: {'returncode', 'stdout', 'stderr'}."""
    return json.loads((root / GRADE_RUN).read_text())


def submit_students(root: Path, stem: str, students: list[str]) -> None:
    """Submit some of ``submit_cohort``'s students (same notebooks: solution, blank, planted by name)."""
    exercise = json.loads((root / "exercises" / stem / f"{stem}.ipynb").read_text())
    solution = json.loads((root / "solutions" / stem / f"{stem}.ipynb").read_text())
    planted = {s.name: s for s in submissions_for(stem)}
    for student in students:
        if student == "solution":
            submit(root, stem, student, solution)
        elif student == "blank":
            submit(root, stem, student, exercise)
        else:
            submit(root, stem, student, filled(exercise, {**answer_sources(solution), **planted[student].cells}))


def sample_seed(repo: Path) -> str:
    """TPM_SAMPLE_SEED, else the commit being tested: the same sample on a rerun, another one per commit."""
    seed = os.environ.get("TPM_SAMPLE_SEED")
    if seed:
        return seed
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True)
    return head.stdout.strip() or "no commit"


def sample(stem: str, seed: str, planted: int = 2) -> list[str]:
    """The students of ``stem`` graded by nbgrader as well: the solution, the blank and ``planted`` submissions.

    The first planted one loses the question whose planted misconceptions show the most distinct
    messages; the others are drawn from the rest, and one partly right submission is added where
    the module has one. ``seed`` picks among equals, so each commit compares other submissions.
    """
    chooser = random.Random(f"{seed}:{stem}")
    submissions = submissions_for(stem)
    losing: dict[str, list] = {}
    for submission in submissions:
        if submission.loses:
            losing.setdefault(submission.loses[0], []).append(submission)
    chosen = []
    if losing and planted:
        distinct = {question: len({s.says for s in group}) for question, group in losing.items()}
        most = max(distinct.values())
        question = chooser.choice(sorted(q for q, n in distinct.items() if n == most))
        chosen.append(chooser.choice(losing[question]).name)
    rest = sorted(s.name for s in submissions if s.name not in chosen)
    chosen += chooser.sample(rest, min(len(rest), planted - len(chosen)))
    partial = sorted(s.name for s in submissions if s.earns and s.name not in chosen)
    if partial and planted:  # partial credit is read by nbgrader from the cell's result: compare one too
        chosen.append(chooser.choice(partial))
    return ["solution", "blank", *chosen]


def start_nbgrader(root: Path, log: Path, *args: str) -> subprocess.Popen:
    """``nbgrader`` started in the background, its output written to ``log``; wait with ``finish``."""
    with open(log, "w", encoding="utf-8") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "nbgrader", *args], cwd=root, stdout=out, stderr=subprocess.STDOUT, text=True
        )


def finish(process: subprocess.Popen, log: Path, timeout: float = 1800) -> subprocess.CompletedProcess:
    """Wait for a background ``nbgrader``; its output comes back as stderr, as ``nbgrader`` gives it."""
    try:
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, "", log.read_text(encoding="utf-8"))
