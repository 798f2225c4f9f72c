"""Finds the course's solution notebooks, the one source of answer keys and worked solutions.

Self-study learners have the whole repository, ``solutions/`` included; a cohort's
students receive only the released exercises, so nothing here finds anything for them.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"


def course_root() -> Path | None:
    """The repository holding ``solutions/``: $TPM_COURSE_ROOT, else the first parent of the cwd."""
    env = os.environ.get("TPM_COURSE_ROOT")
    if env:
        return Path(env) if (Path(env) / "solutions").is_dir() else None
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "solutions").is_dir() and (folder / "nbgrader_config.py").is_file():
            return folder
    return None


def solution_notebook(notebook: str) -> Path | None:
    root = course_root()
    if root is None:
        return None
    path = root / "solutions" / notebook / f"{notebook}.ipynb"
    return path if path.is_file() else None


@lru_cache(maxsize=32)
def _cells(path: Path, mtime: float) -> dict[str, str]:
    """grade_id -> source for every nbgrader cell of a notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = {}
    for cell in nb.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            source = cell.get("source", "")
            cells[grade_id] = source if isinstance(source, str) else "".join(source)
    return cells


def cell_source(notebook: str, grade_id: str) -> str | None:
    path = solution_notebook(notebook)
    if path is None:
        return None
    return _cells(path, path.stat().st_mtime).get(grade_id)


def between(source: str, begin: str, end: str) -> str | None:
    """The lines strictly between two marker lines, or None when the markers are absent."""
    lines = source.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == begin]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    if not starts or not ends or ends[0] < starts[0]:
        return None
    return "\n".join(lines[starts[0] + 1 : ends[0]])


def hidden_tests(notebook: str, grade_id: str) -> str | None:
    source = cell_source(notebook, grade_id)
    return None if source is None else between(source, HIDDEN_BEGIN, HIDDEN_END)


# A line that only holds a learner's placeholder: `...`, `name = ...` or `"key": ...,`.
_PLACEHOLDER = re.compile(r"""^\s*(\.\.\.|\w+\s*=\s*\.\.\.|["'][^"']+["']\s*:\s*\.\.\.,?)\s*(#.*)?$""")
_EMPTIED = re.compile(r"^(\s*\w+\s*=\s*)\{\n\s*\}\n", re.M)


def worked_solution(notebook: str, grade_id: str) -> str | None:
    """The answer cell's source without nbgrader's markers and the learner's placeholders."""
    source = cell_source(notebook, grade_id)
    if source is None:
        return None
    kept = [
        line
        for line in source.splitlines()
        if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END) and not _PLACEHOLDER.match(line)
    ]
    return _EMPTIED.sub("", "\n".join(kept) + "\n").strip("\n")
