"""Shared test set-up: Jupyter and IPython use temporary folders, never the home folder."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

_jupyter_home = tempfile.mkdtemp(prefix="tpm-course-jupyter-")
for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
    os.environ[variable] = os.path.join(_jupyter_home, variable.lower())
    os.makedirs(os.environ[variable], exist_ok=True)
os.environ.pop("TPM_COURSE_ROOT", None)
os.environ.pop("TPM_COURSE_DATASETS", None)
# nbgrader runs `alembic` by name: this interpreter's scripts come first.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.fixture
def repo() -> Path:
    return REPO


def module_stems() -> list[str]:
    """Every ready module's stem in course.toml; TPM_TEST_MODULES=02_latency,03_reliability narrows a run to some."""
    from tpm_course.manifest import load

    stems = [m.stem for m in load(REPO).ready]
    wanted = [w for w in os.environ.get("TPM_TEST_MODULES", "").split(",") if w]
    return [s for s in stems if s in wanted] if wanted else stems
