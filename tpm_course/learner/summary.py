"""A learner's progress per module: the record read against the course's questions.

The modules come from ``course.toml``; a module's exercise questions are the graded cells of its
solution notebook (or, without ``solutions/``, of its generated exercise); its lesson self-checks
are the questions its topic's ``lesson.py`` binds.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..core.question import Question
from ..manifest import Manifest, checks_module
from .record import PASSED


@dataclass(frozen=True)
class ModuleProgress:
    """One module: its exercise questions passed, tried and not opened, and its lesson self-checks passed."""

    stem: str
    title: str
    passed: tuple[str, ...]
    tried: tuple[str, ...]
    not_opened: tuple[str, ...]
    lesson_passed: int
    lesson_checks: int

    @property
    def questions(self) -> int:
        return len(self.passed) + len(self.tried) + len(self.not_opened)


def graded_questions(root: Path, stem: str) -> list[str]:
    """The grade_ids of the autograded test cells of a module's solution notebook, else of its exercise."""
    for folder in ("solutions", "exercises"):
        path = root / folder / stem / f"{stem}.ipynb"
        if path.is_file():
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            grading = [c.get("metadata", {}).get("nbgrader", {}) for c in cells]
            return [g["grade_id"] for g in grading if g.get("grade") and not g.get("solution") and g.get("grade_id")]
    return []


def lesson_questions(stem: str) -> tuple[str, list[str]]:
    """The notebook name and question ids of a lesson's self-checks (none for a topic without lesson.py)."""
    try:
        module = importlib.import_module(checks_module(stem, "lesson"))
    except ModuleNotFoundError:
        return "", []
    questions = [value for value in vars(module).values() if isinstance(value, Question)]
    return getattr(module, "NOTEBOOK", ""), [q.qid for q in questions]


def progress(root: Path, manifest: Manifest, record: dict[str, dict[str, dict]]) -> list[ModuleProgress]:
    """Every ready module's progress in course order."""
    rows = []
    for module in manifest.ready:
        checked = record.get(module.stem, {})
        questions = graded_questions(root, module.stem)
        passed = tuple(q for q in questions if checked.get(q, {}).get("passed"))
        tried = tuple(q for q in questions if q in checked and q not in passed)
        not_opened = tuple(q for q in questions if q not in checked)
        notebook, checks = lesson_questions(module.stem)
        lesson_record = record.get(notebook, {})
        lesson_passed = sum(1 for q in checks if lesson_record.get(q, {}).get("passed"))
        rows.append(ModuleProgress(module.stem, module.title, passed, tried, not_opened, lesson_passed, len(checks)))
    return rows


def table(rows: list[ModuleProgress], detail: bool = False) -> str:
    """The rows as text for a terminal; ``detail`` names the questions tried and not opened."""
    lines = [f"{'module':<46} {'passed':>6} {'tried':>6} {'not opened':>10}   lesson self-checks passed"]
    for row in rows:
        name = f"{row.stem[:2]} {row.title}"[:46]
        lines.append(
            f"{name:<46} {len(row.passed):>6} {len(row.tried):>6} {len(row.not_opened):>10}"
            f"   {row.lesson_passed} of {row.lesson_checks}"
        )
        if detail and (row.tried or row.passed):
            lines.append(f"{'':<6}passed: {', '.join(row.passed) or '-'}; tried: {', '.join(row.tried) or '-'}")
    total = sum(r.questions for r in rows)
    done = sum(len(r.passed) for r in rows)
    lines.append(f"\n{done} of {total} exercise questions passed ({PASSED} = a check came back correct at least once).")
    return "\n".join(lines)
