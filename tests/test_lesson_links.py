"""Does every lesson end in links to its exercise, the next lesson and the start page, as course.toml says?"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import nbformat
import pytest

from tpm_course.lesson_links import MARKER, links_source, write
from tpm_course.manifest import READY, Manifest, load

from conftest import REPO

MANIFEST = load(REPO)
READY_STEMS = [m.stem for m in MANIFEST.ready]  # every ready module, whatever TPM_TEST_MODULES says
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def last_cell(stem: str):
    return nbformat.read(REPO / "lessons" / f"{stem}.ipynb", as_version=4).cells[-1]


@pytest.mark.parametrize("stem", READY_STEMS)
def test_the_lessons_last_cell_is_the_links_the_manifest_gives(stem):
    cell = last_cell(stem)
    assert cell.cell_type == "markdown", f"lessons/{stem}.ipynb ends in a {cell.cell_type} cell, not links"
    assert cell.source == links_source(MANIFEST, stem), (
        f"lessons/{stem}.ipynb's links are stale: run `python -m tpm_course.lesson_links`"
    )


@pytest.mark.parametrize("stem", READY_STEMS)
def test_every_link_opens_a_notebook_that_exists(stem):
    """Links are markdown links (not code text) to files present, relative to lessons/."""
    targets = [target for _, target in LINK.findall(last_cell(stem).source)]
    module = MANIFEST.module(stem)
    assert f"../{module.exercise}" in targets
    assert "../start_here.ipynb" in targets
    for target in targets:
        assert (REPO / "lessons" / target).resolve().is_file(), f"lessons/{stem}.ipynb links to missing {target}"


def test_each_lesson_but_the_last_links_the_next_ready_one():
    for stem, following in itertools.pairwise(READY_STEMS):
        assert f"]({following}.ipynb)" in links_source(MANIFEST, stem)
    assert "last lesson ready so far" in links_source(MANIFEST, READY_STEMS[-1])


def test_a_module_made_ready_becomes_the_next_lesson_of_the_one_before():
    """When 14_capstone turns ready, 13's links point to it (and the lesson test asks for a rewrite)."""
    waiting = [m for m in MANIFEST.modules if not m.ready]
    if not waiting:
        pytest.skip("every module is ready")
    later = replace(waiting[0], status=READY)
    manifest = Manifest(MANIFEST.title, tuple(later if m is waiting[0] else m for m in MANIFEST.modules))
    before = max(m.stem for m in MANIFEST.ready if m.stem < later.stem)
    assert f"]({later.stem}.ipynb)" in links_source(manifest, before)


def test_a_module_in_preparation_has_no_links_cell():
    waiting = [m for m in MANIFEST.modules if not m.ready]
    if not waiting:
        pytest.skip("every module is ready")
    with pytest.raises(ValueError, match="only a ready module"):
        links_source(MANIFEST, waiting[0].stem)


def test_writing_replaces_the_old_links_cell_and_leaves_the_rest(tmp_path):
    """Writing twice adds one cell, not two; a stale links cell is replaced in place."""
    stem = READY_STEMS[0]
    (tmp_path / "lessons").mkdir()
    (tmp_path / "course.toml").write_text((REPO / "course.toml").read_text(encoding="utf-8"), encoding="utf-8")
    notebook = nbformat.read(REPO / "lessons" / f"{stem}.ipynb", as_version=4)
    notebook.cells[-1].source = MARKER + "\nold links"
    for module in MANIFEST.ready:
        nbformat.write(notebook, tmp_path / module.lesson)
    cells = len(notebook.cells)
    assert len(write(tmp_path)) == len(READY_STEMS)
    assert write(tmp_path) == []
    rewritten = nbformat.read(tmp_path / "lessons" / f"{stem}.ipynb", as_version=4)
    assert len(rewritten.cells) == cells
    assert rewritten.cells[-1].source == links_source(MANIFEST, stem)
    assert rewritten.cells[:-1] == notebook.cells[:-1]
