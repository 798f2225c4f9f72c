"""What a cohort's students may receive, exported from the repository without its answer keys.

The check machinery grades fully wherever it finds ``solutions/`` above the working folder,
and the solution notebooks hold the hidden tests. So neither the lessons pulled into a
student's home nor the image their servers run may carry ``solutions/``: both are built from
an allow-list, and the export refuses to finish if an answer key slipped in anyway.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tpm_course.core.errors import TpmCourseError

# Pulled into every student's home with nbgitpuller.
LESSON_FILES = ("lessons", "datasets")
# The build context of the course image (repo2docker): the package, its environment, the
# course's Jupyter settings and the same lessons; deploy/image/postBuild becomes ./postBuild.
IMAGE_FILES = ("environment.yml", "pyproject.toml", "README.md", "tpm_course", "deploy/jupyter", *LESSON_FILES)
POST_BUILD = "deploy/image/postBuild"
ANSWER_MARKERS = ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")


class ContentError(TpmCourseError, ValueError):
    """An export cannot be made, or would carry an answer key."""


def export_lessons(root: Path, dest: Path) -> list[Path]:
    """Copy the lessons and data sets into ``dest`` (a git checkout may already be there)."""
    return _export(root, dest, {name: name for name in LESSON_FILES})


def export_image_context(root: Path, dest: Path) -> list[Path]:
    """Write the course image's repo2docker build context into ``dest``."""
    return _export(root, dest, {**{name: name for name in IMAGE_FILES}, POST_BUILD: "postBuild"})


def _export(root: Path, dest: Path, files: dict[str, str]) -> list[Path]:
    root, dest = root.resolve(), dest.resolve()
    if dest == root or root in dest.parents:
        raise ContentError(f"export outside the repository, not into {dest}")
    missing = [name for name in files if not (root / name).exists()]
    if missing:
        raise ContentError(f"the repository has no {', '.join(missing)}")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for source, target in files.items():
        path = dest / target
        if path.is_dir():
            shutil.rmtree(path)  # replace what an earlier export wrote, keep everything else (.git)
        path.parent.mkdir(parents=True, exist_ok=True)
        if (root / source).is_dir():
            shutil.copytree(root / source, path, ignore=_IGNORED)
        else:
            shutil.copy2(root / source, path)
        written.append(path)
    check_student_safe(dest)
    return written


def check_student_safe(folder: Path) -> None:
    """Raise ContentError if ``folder`` holds a solutions folder or a notebook with an answer key."""
    if any(p.name == "solutions" and p.is_dir() for p in folder.rglob("solutions")):
        raise ContentError(f"{folder} holds a solutions/ folder: students must never receive it")
    for notebook in folder.rglob("*.ipynb"):
        if ".git" in notebook.parts:
            continue
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        text = "".join("".join(cell.get("source", "")) for cell in cells)
        marker = next((m for m in ANSWER_MARKERS if m in text), None)
        if marker:
            raise ContentError(f"{notebook} contains {marker!r}: an answer key must not reach students")
