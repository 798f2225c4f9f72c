"""Does course.toml agree with the repository: modules, notebooks, topic packages, data and pages?"""

from __future__ import annotations

import json
import pkgutil
import re

import pytest

from tpm_course import module_tables, topics
from tpm_course.data import datasets
from tpm_course.manifest import ManifestError, checks_module, load, topic_of

from conftest import REPO

MANIFEST = load(REPO)
READY = MANIFEST.ready


def test_every_module_folder_is_a_ready_module_of_the_manifest():
    """A notebook folder with no manifest entry (or an entry with no notebooks) fails here."""
    ready = {m.stem for m in READY}
    for folder in ("solutions", "exercises"):
        found = {p.name for p in (REPO / folder).iterdir() if p.is_dir()}
        assert found == ready, f"{folder}/ and course.toml disagree: {sorted(found ^ ready)}"
    lessons = {p.stem for p in (REPO / "lessons").glob("*.ipynb")}
    assert lessons == ready, f"lessons/ and course.toml disagree: {sorted(lessons ^ ready)}"


def test_every_topic_package_belongs_to_a_manifest_module():
    packages = {m.name for m in pkgutil.iter_modules(topics.__path__) if m.ispkg}
    listed = {m.topic for m in MANIFEST.modules}
    assert packages <= listed, f"topic packages with no module in course.toml: {sorted(packages - listed)}"
    assert {m.topic for m in READY} <= packages, "a ready module needs its topic package"


def test_a_module_in_preparation_has_no_notebooks_yet():
    for module in MANIFEST.modules:
        if not module.ready:
            assert not (REPO / module.lesson).exists() and not (REPO / "solutions" / module.stem).exists(), (
                f"{module.stem} has notebooks: mark it ready in course.toml"
            )


def test_the_naming_rule():
    assert topic_of("10_experiment_analysis") == "experiment_analysis"
    assert checks_module("01_estimation") == "tpm_course.topics.estimation.exercise"
    assert checks_module("01_estimation", "lesson") == "tpm_course.topics.estimation.lesson"
    for bad in ("1_estimation", "01-estimation", "01_Estimation", "estimation"):
        with pytest.raises(ManifestError):
            topic_of(bad)


def test_the_manifest_lists_every_shipped_data_set_and_no_other():
    listed = {name for m in MANIFEST.modules for name in m.datasets}
    assert listed == set(datasets()), (
        f"course.toml and the topics' DATASETS disagree: {sorted(listed ^ set(datasets()))}"
    )
    shipped = {p.name.split(".")[0] for p in (REPO / "datasets").glob("*.csv*")}
    assert shipped == set(datasets())


@pytest.mark.parametrize("module", READY, ids=[m.stem for m in READY])
def test_a_modules_data_sets_are_the_ones_its_notebooks_load(module):
    """Every name a lesson or solution passes to load() or database() is declared, and nothing more."""
    used = set()
    for path in (module.lesson, module.solution):
        text = "".join("".join(c["source"]) for c in json.loads((REPO / path).read_text())["cells"])
        used |= set(re.findall(r"""(?:load_dataset|_load|load)\(\s*["']([a-z_]+)["']""", text))
        for database in re.findall(r"""database\(\s*["']([a-z_]+)["']""", text):
            used |= {name for name in datasets() if name.startswith(f"{database}_")}
    assert used == set(module.datasets), (
        f"{module.stem}: notebooks load {sorted(used)}, course.toml says {module.datasets}"
    )


def test_the_readme_and_start_page_tables_are_written_from_the_manifest():
    readme = (REPO / "README.md").read_text()
    assert module_tables.replaced(readme, module_tables.readme_table(MANIFEST), "README.md") == readme, (
        "README.md's module table is stale: run `make exercises` (tpm-course release)"
    )
    page = json.loads((REPO / module_tables.START_PAGE).read_text())
    source = next("".join(c["source"]) for c in page["cells"] if module_tables.BEGIN in "".join(c["source"]))
    assert module_tables.replaced(source, module_tables.start_page_table(MANIFEST), "start page") == source, (
        "start_here.ipynb's module table is stale: run `make exercises` (tpm-course release)"
    )
    for module in READY:
        assert f"]({module.lesson})" in source and f"]({module.exercise})" in source


def test_the_data_set_index_is_written_from_the_manifest_and_the_topics():
    from tpm_course.data import index

    readme = (REPO / "datasets" / "README.md").read_text()
    written = module_tables.replaced(readme, index.table(MANIFEST), "datasets/README.md", index.BEGIN, index.END)
    assert written == readme, "datasets/README.md's index is stale: run `make datasets` (tpm-course datasets)"


def test_a_broken_manifest_is_named(tmp_path):
    (tmp_path / "course.toml").write_text('[[module]]\nstem = "01_estimation"\ntitle = "x"\n')
    with pytest.raises(ManifestError, match="missing summary, minutes, status"):
        load(tmp_path)
    (tmp_path / "course.toml").write_text(
        '[[module]]\nstem = "02_b"\ntitle = "b"\nsummary = "s"\nminutes = [1, 2]\nstatus = "ready"\n'
        '[[module]]\nstem = "01_a"\ntitle = "a"\nsummary = "s"\nminutes = [1, 2]\nstatus = "ready"\n'
    )
    with pytest.raises(ManifestError, match="unique and in order"):
        load(tmp_path)
    with pytest.raises(ManifestError, match=r"no course\.toml"):
        load(tmp_path / "nowhere")
