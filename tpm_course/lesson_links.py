"""The links that end every lesson (its exercise, the next lesson, the start page), written from ``course.toml``.

``python -m tpm_course.lesson_links`` rewrites the last cell of every ready lesson;
``tests/test_lesson_links.py`` fails when one is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .manifest import Manifest, Module, load

MARKER = "<!-- links: written from course.toml by `python -m tpm_course.lesson_links` -->"
START_PAGE = "../start_here.ipynb"


def next_lesson(manifest: Manifest, module: Module) -> Module | None:
    """The first ready module after ``module``, or None when it is the last one ready."""
    later = [m for m in manifest.ready if m.stem > module.stem]
    return later[0] if later else None


def links_source(manifest: Manifest, stem: str) -> str:
    """The markdown of a lesson's last cell: its exercise, the next lesson and the start page."""
    module = manifest.module(stem)
    if not module.ready:
        raise ValueError(f"{stem} is {module.status!r} in course.toml: only a ready module's lesson ends in links")
    lines = [
        MARKER,
        "## Where to go next",
        "",
        f"- **Practise:** [exercise {module.number}, {module.title}](../{module.exercise}), "
        f"about {module.minutes[1]} minutes.",
    ]
    following = next_lesson(manifest, module)
    if following is None:
        lines.append("- **Next lesson:** this is the last lesson ready so far; the start page lists what comes next.")
    else:
        lines.append(
            f"- **Next lesson:** [{following.number}, {following.title}]({following.stem}.ipynb), "
            f"about {following.minutes[0]} minutes."
        )
    lines.append(f"- **Back to the [start page]({START_PAGE})**: every module, its lesson and its exercise.")
    return "\n".join(lines)


def write(root: Path) -> list[Path]:
    """Make the last cell of every ready lesson its links cell (replacing an older one); the lessons changed."""
    import nbformat

    manifest = load(root)
    changed = []
    for module in manifest.ready:
        path = Path(root) / module.lesson
        notebook = nbformat.read(path, as_version=4)
        source = links_source(manifest, module.stem)
        last = notebook.cells[-1] if notebook.cells else None
        if last is not None and last.cell_type == "markdown" and last.source.startswith(MARKER):
            if last.source == source:
                continue
            last.source = source
        else:
            notebook.cells.append(nbformat.v4.new_markdown_cell(source))
        nbformat.write(notebook, path)
        changed.append(path)
    return changed


if __name__ == "__main__":
    for changed_path in write(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"wrote {changed_path}")
