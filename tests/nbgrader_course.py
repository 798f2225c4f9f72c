"""A temporary copy of the course run through real nbgrader: release, submit, autograde."""

from __future__ import annotations

import importlib
import json
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
    """student -> {grade cell name: score, 'total', 'max', 'auto_max', 'needs_manual_grade'} from the gradebook.

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
