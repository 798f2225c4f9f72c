"""The links that end every exercise: back to the start page, to its lesson and on to the next module.

``tpm-course release`` adds them after nbgrader generates the exercise, so ``exercises/`` stays
generated. The links are relative, and work in a clone of the course and in a learner's workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..manifest import Manifest
from ..module_tables import START_PAGE

CELL_ID = "tpm-course-navigation"


def links(manifest: Manifest, stem: str) -> str:
    """The markdown of an exercise's last cell."""
    ready = manifest.ready
    position = [m.stem for m in ready].index(stem)
    module = ready[position]
    up = "../../"
    lines = [
        "---",
        "",
        "**Where next**",
        "",
        f"- [Back to the start page]({up}{START_PAGE}): the modules, and your progress",
        f"- [Lesson {module.number}, {module.title}]({up}{module.lesson}): this exercise's lesson",
    ]
    if position + 1 < len(ready):
        following = ready[position + 1]
        lines.append(f"- [Next: lesson {following.number}, {following.title}]({up}{following.lesson})")
    else:
        lines.append("- This is the last module ready: the start page lists the ones in preparation.")
    return "\n".join(lines)


def add(root: Path, manifest: Manifest, stem: str) -> bool:
    """End ``exercises/<stem>/<stem>.ipynb`` with its links, replacing the ones an earlier release added.

    Returns whether the file changed (a module made ready changes the previous one's "next" link).
    """
    path = root / manifest.module(stem).exercise
    before = path.read_text(encoding="utf-8")
    notebook = json.loads(before)
    cells = [cell for cell in notebook["cells"] if cell.get("id") != CELL_ID]
    cells.append(
        {
            "cell_type": "markdown",
            "id": CELL_ID,
            "metadata": {"deletable": False, "editable": False},
            "source": links(manifest, stem).splitlines(keepends=True),
        }
    )
    notebook["cells"] = cells
    after = json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before
