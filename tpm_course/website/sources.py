"""The Sphinx source tree of the website, written from the repository: notebooks, data pages, guides.

The tree mirrors the repository's layout (``lessons/``, ``exercises/<stem>/``, ``datasets/``), so
the links between notebooks resolve on the site as they do in JupyterLab. A file is rewritten
only when its text changes, so Sphinx rereads only what changed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tpm_course.hub.content import ANSWER_MARKERS
from tpm_course.manifest import Manifest, Module

from .conf import CONTEXT, conf_py
from .launch import launch_banner
from .settings import Settings, SiteError
from .start_page import start_page

# The README's sections that the site shows as guides, by heading; CONTRIBUTING.md is the authors' guide.
GUIDES = {
    "learner": "For a self-study learner",
    "instructor": "For an instructor",
    "hosting": "Hosting a cohort on JupyterHub",
}
_FENCE = re.compile(r"^\s*(```|~~~)")
# The start page is the notebook start_here.ipynb in JupyterLab and index.md on the site.
START_PAGE = ("start_here.ipynb", "index.md")


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds exactly that."""
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def copy_file(source: Path, dest: Path) -> Path:
    """Copy a (large) file unless ``dest`` has its size and is not older."""
    same = dest.is_file() and dest.stat().st_size == source.stat().st_size
    if not (same and dest.stat().st_mtime >= source.stat().st_mtime):
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    return dest


def notebook_page(source: Path, banner: str, execute: bool, label: str = "") -> str:
    """The notebook at ``source`` with the launch links on top and ``label`` before its title.

    Refused if it holds an answer key.
    """
    text = source.read_text(encoding="utf-8")
    leaked = [marker for marker in ANSWER_MARKERS if marker in text]
    if leaked:
        raise SiteError(f"{source} holds an answer key ({', '.join(leaked)}): the site never shows one")
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = "".join(cell["source"]).replace(*START_PAGE)
    titled = next((c for c in notebook["cells"] if c["cell_type"] == "markdown" and c["source"].startswith("# ")), None)
    if label and titled:
        titled["source"] = f"# {label}{titled['source'][2:]}"
    notebook["cells"].insert(0, {"cell_type": "markdown", "metadata": {"tags": ["tpm-launch"]}, "source": banner})
    if not execute:
        notebook["metadata"].setdefault("mystnb", {})["execution_mode"] = "off"
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write_notebooks(root: Path, src: Path, modules: list[Module], settings: Settings) -> list[Path]:
    """Each ready module's lesson (executed at build time) and exercise (the statement, never run)."""
    written = []
    for module in modules:
        banner = launch_banner(settings, module.lesson, module.stem)
        lesson = notebook_page(root / module.lesson, banner, True, f"{module.number} · ")
        written.append(write(src / module.lesson, lesson))
        banner = launch_banner(settings, module.exercise, module.stem, exercise=True)
        exercise = notebook_page(root / module.exercise, banner, False, f"Exercise {module.number} · ")
        written.append(write(src / module.exercise, exercise))
    return written


def markdown_section(text: str, heading: str) -> str:
    """The ``## heading`` section of a Markdown text, its headings raised one level (code blocks kept)."""
    lines, fenced, section = text.splitlines(), False, None
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            if section is not None:
                lines = lines[section:number]
                break
            if line[3:].strip() == heading:
                section = number
    else:
        if section is None:
            raise SiteError(f"the README has no section '## {heading}' for the site's guides")
        lines = lines[section:]
    fenced, out = False, []
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        out.append(line[1:] if not fenced and line.startswith("##") else line)
    return "\n".join(out).rstrip() + "\n"


def write_guides(root: Path, src: Path) -> list[Path]:
    """The README's learner, instructor and hosting sections, and CONTRIBUTING.md, as pages of guides/."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    written = [
        write(src / "guides" / f"{name}.md", markdown_section(readme, heading)) for name, heading in GUIDES.items()
    ]
    return [*written, write(src / "guides" / "authors.md", (root / "CONTRIBUTING.md").read_text(encoding="utf-8"))]


def write_datasets(root: Path, src: Path) -> list[Path]:
    """The data-set index and each topic's data page, as Markdown pages of datasets/."""
    pages = sorted((root / "datasets").glob("*.md"))
    return [write(src / "datasets" / page.name, page.read_text(encoding="utf-8")) for page in pages]


def write_static(root: Path, src: Path) -> list[Path]:
    """The site's stylesheet and plotly.js from the installed plotly package: nothing comes from a CDN."""
    import plotly

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not bundle.is_file():
        raise SiteError(f"plotly.js is not where the plotly package keeps it ({bundle})")
    written = [copy_file(bundle, src / "_static" / "plotly.min.js")]
    written.append(write(src / "_static" / "course.css", (root / "site" / "course.css").read_text(encoding="utf-8")))
    for template in sorted((root / "site" / "_templates").glob("*.html")):
        written.append(write(src / "_templates" / template.name, template.read_text(encoding="utf-8")))
    return written


def link_context(root: Path, src: Path) -> None:
    """Link the folders of ``CONTEXT`` into the source tree."""
    for name in CONTEXT:
        link = src / name
        if not link.is_symlink():
            link.symlink_to(root / name, target_is_directory=True)


def remove_stale(src: Path, written: list[Path]) -> None:
    """Delete what an earlier build wrote and this one did not (a module no longer ready, a renamed page)."""
    kept = set(written)
    for path in sorted(src.rglob("*"), reverse=True):
        if path.is_symlink() or any(parent.is_symlink() for parent in path.parents):
            continue
        if path.is_file() and path not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def write_sources(root: Path, src: Path, manifest: Manifest, settings: Settings, version: str) -> None:
    """Everything Sphinx reads, under ``src``, and nothing else."""
    data_pages = {page.stem for page in (root / "datasets").glob("*.md")}
    written = [
        write(src / "conf.py", conf_py(manifest, version, src.parent / "cache")),
        write(
            src / "index.md", start_page(manifest, version, data_pages, launch_banner(settings, START_PAGE[0], None))
        ),
        *write_notebooks(root, src, manifest.ready, settings),
        *write_datasets(root, src),
        *write_guides(root, src),
        *write_static(root, src),
    ]
    link_context(root, src)
    remove_stale(src, written)
