"""Does the repository keep its conventions: layout, clean notebooks, one set of dependencies?"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from tpm_course.manifest import checks_module
from tpm_course.manifest import load as load_manifest

from conftest import REPO, module_stems

COMMITTED = sorted(REPO.glob("solutions/*/*.ipynb")) + sorted(REPO.glob("exercises/*/*.ipynb"))


@pytest.mark.parametrize("path", COMMITTED, ids=[str(p.relative_to(REPO)) for p in COMMITTED])
def test_committed_notebooks_carry_no_outputs(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("stem", module_stems())
def test_module_has_three_notebooks_and_its_topic_package(stem):
    module = load_manifest(REPO).module(stem)
    for path in (module.lesson, module.solution, module.exercise):
        assert (REPO / path).is_file(), path
    for kind in ("exercise", "lesson"):
        assert (REPO / (checks_module(stem, kind).replace(".", "/") + ".py")).is_file(), kind


@pytest.mark.parametrize("stem", module_stems())
def test_solution_cells_follow_the_convention(stem):
    """Each autograded cell qN reads `qN.check()` with hidden tests, and has an answer cell qN_answer;
    each manually graded answer qN is a markdown answer with points, after a statement holding its rubric."""
    notebook = json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text())
    cells = {c["metadata"]["nbgrader"]["grade_id"]: c for c in notebook["cells"] if "nbgrader" in c["metadata"]}
    manual = [
        gid for gid, c in cells.items() if c["metadata"]["nbgrader"]["grade"] and c["metadata"]["nbgrader"]["solution"]
    ]
    graded = [gid for gid, c in cells.items() if c["metadata"]["nbgrader"]["grade"] and gid not in manual]
    assert len(graded) >= 4
    order = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in notebook["cells"]]
    for gid in manual:
        assert re.fullmatch(r"q\d+", gid), gid
        assert cells[gid]["cell_type"] == "markdown" and cells[gid]["metadata"]["nbgrader"]["points"] > 0, gid
        statement = notebook["cells"][order.index(gid) - 1]
        assert statement["cell_type"] == "markdown" and "Rubric" in "".join(statement["source"]), gid
    for gid in graded:
        source = "".join(cells[gid]["source"])
        assert source.startswith(f"{gid}.check()\n### BEGIN HIDDEN TESTS"), gid
        assert cells[gid]["metadata"]["nbgrader"]["points"] > 0
        assert f"{gid}_answer" in cells, gid
        assert cells[f"{gid}_answer"]["metadata"]["nbgrader"]["solution"]
    first_code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert first_code["metadata"]["nbgrader"]["locked"]
    assert f"from {checks_module(stem)} import" in "".join(first_code["source"])


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {d for d in environment["dependencies"] if isinstance(d, str)} - {"pip"}
    pip = next(d for d in environment["dependencies"] if isinstance(d, dict))["pip"]
    python = {d for d in conda if d.startswith("python")}
    assert python == {"python=3.11"} and project["requires-python"] == ">=3.11"
    # conda-forge packages first; what only PyPI carries comes through pip, then the course itself
    assert (conda - python) | {d for d in pip if not d.startswith("-")} == set(project["dependencies"])
    assert pip[-1] == "--editable ."


def test_ci_runs_exactly_the_readmes_test_command():
    readme = (REPO / "README.md").read_text()
    commands = [
        line
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert commands == ["make test"]
    assert re.search(r"^make test\b", readme, re.M)
    assert re.search(r"^make start\b", readme, re.M)


@pytest.mark.parametrize("stem", module_stems())
def test_binding_a_notebooks_checks_is_cheap(stem):
    """Importing the checks must not pay for pandas, scipy, plotly, pint or jsonschema."""
    heavy = ["pandas", "scipy", "statsmodels", "plotly", "pint", "jsonschema", "numpy"]
    code = (
        f"import sys, {checks_module(stem)}, {checks_module(stem, 'lesson')}, tpm_course.data;"
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


PACKAGE_FILES = sorted((REPO / "tpm_course").rglob("*.py"))


@pytest.mark.parametrize("path", PACKAGE_FILES, ids=[str(p.relative_to(REPO)) for p in PACKAGE_FILES])
def test_every_module_says_what_it_is_for_and_keeps_functions_short(path):
    """A one-line docstring at the top of each module; no function longer than 60 lines."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.relative_to(REPO)} has no module docstring"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 60
    ]
    assert not long, f"split these functions: {', '.join(long)}"
