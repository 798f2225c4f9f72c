"""The learner's workspace: copies of the start page, lessons and exercises that running them may change.

The tracked notebooks stay as the course ships them, so ``git pull`` never conflicts with a
learner's outputs or answers. ``prepare`` never overwrites a learner's copy of a lesson or an
exercise; it copies the modules that became ready since, and names the copies whose course
version has changed (delete a copy to get the new version on the next start). The start page
holds no work, so it is refreshed on every start. Each copy carries the ``language_info`` of the
kernel that will run it: JupyterLab writes it on opening, which would mark an unchanged notebook
as modified.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..manifest import Manifest
from ..module_tables import START_PAGE

FOLDER = "workspace"
_COPIED = ".copied.json"  # relative path -> sha256 of the course's file when it was copied


@dataclass
class Prepared:
    """What ``prepare`` did: files copied, and copies whose course version changed since."""

    copied: list[str] = field(default_factory=list)
    changed_in_course: list[str] = field(default_factory=list)


def learner_files(root: Path, manifest: Manifest) -> list[str]:
    """The notebooks a learner works in, relative to the repository: each ready module's lesson and exercise."""
    files = []
    for module in manifest.ready:
        files += [path for path in (module.lesson, module.exercise) if (root / path).is_file()]
    return files


def prepare(root: Path, manifest: Manifest, workspace: Path) -> Prepared:
    """Make ``workspace`` a learner's copy of the course's notebooks (see the module's docstring)."""
    workspace.mkdir(parents=True, exist_ok=True)
    copy_notebook(root / START_PAGE, workspace / START_PAGE)
    copied_file = workspace / _COPIED
    try:
        copied = json.loads(copied_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        copied = {}
    done = Prepared()
    for relative in learner_files(root, manifest):
        source, copy = root / relative, workspace / relative
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        if not copy.exists():
            copy_notebook(source, copy)
            copied[relative] = digest
            done.copied.append(relative)
        elif copied.get(relative, digest) != digest:
            done.changed_in_course.append(relative)
    copied_file.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return done


def copy_notebook(source: Path, copy: Path) -> None:
    """Copy a notebook, with this interpreter's kernel's ``language_info`` (see the module's docstring)."""
    from ipykernel.ipkernel import IPythonKernel

    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook.setdefault("metadata", {})["language_info"] = dict(IPythonKernel.language_info)
    copy.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False)
    copy.write_text(text + "\n", encoding="utf-8")
