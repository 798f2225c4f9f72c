"""The module tables of the README and the start page, written from ``course.toml``.

Each table sits between two HTML comments (invisible in GitHub and in JupyterLab);
``tpm-course release`` rewrites it and ``tests/test_manifest.py`` fails when it is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from .manifest import Manifest

BEGIN = "<!-- modules: written from course.toml by `tpm-course release` -->"
END = "<!-- end of modules -->"
START_PAGE = "start_here.ipynb"


def readme_table(manifest: Manifest) -> str:
    """Ready modules: number, title and what the learner computes, writes and decides."""
    rows = ["| | module | the learner computes, writes and decides |", "|---|---|---|"]
    rows += [f"| {m.number} | {m.title} | {m.summary} |" for m in manifest.ready]
    waiting = [m for m in manifest.modules if not m.ready]
    if waiting:
        rows += ["", f"In preparation: {', '.join(f'{m.number} {m.title}' for m in waiting)}."]
    return "\n".join(rows)


def start_page_table(manifest: Manifest) -> str:
    """Every module, with links to a ready module's lesson and exercise and the minutes to plan."""
    rows = ["| | module | lesson | exercise | time (lesson + exercise) |", "|---|---|---|---|---|"]
    for m in manifest.modules:
        if m.ready:
            rows.append(
                f"| {m.number} | {m.title} | [lesson]({m.lesson}) | [exercise]({m.exercise}) "
                f"| {m.minutes[0]} + {m.minutes[1]} min |"
            )
        else:
            rows.append(f"| {m.number} | {m.title} | in preparation | | |")
    return "\n".join(rows)


def replaced(text: str, table: str, where: str, begin: str = BEGIN, end: str = END) -> str:
    """``text`` with what lies between the markers ``begin`` and ``end`` replaced by ``table``."""
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise ValueError(f"{where} needs the markers {begin} and {end} around its table, once each")
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    return f"{head}{begin}\n{table}\n{end}{tail}"


def write(root: Path, manifest: Manifest) -> list[Path]:
    """Rewrite both tables in place; returns the files that changed."""
    changed = []
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = replaced(text, readme_table(manifest), "README.md")
    if new != text:
        readme.write_text(new, encoding="utf-8")
        changed.append(readme)
    page = root / START_PAGE
    notebook = json.loads(page.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if BEGIN in source:
            new = replaced(source, start_page_table(manifest), START_PAGE)
            if new != source:
                cell["source"] = new.splitlines(keepends=True)
                page.write_text(
                    json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
                )
                changed.append(page)
            break
    else:
        raise ValueError(f"{START_PAGE} has no cell with the marker {BEGIN}")
    return changed
