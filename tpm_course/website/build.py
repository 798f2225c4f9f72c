"""Build the website: write the source tree, then run Sphinx (MyST-NB) into ``site/_build/html``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tpm_course.manifest import load as load_manifest

from .settings import Settings, SiteError, course_version
from .sources import write, write_sources

BUILD = "site/_build"  # ignored by git: the source tree, jupyter-cache's outputs and the HTML
TIMEOUT = 1800  # seconds for the whole build; MyST-NB limits each cell to 120
KERNEL_CONFIG = 'c.InteractiveShellApp.extensions = ["tpm_course.website.plotly_html"]\n'


@dataclass(frozen=True)
class Built:
    """Where the site is and what its build cost."""

    html: Path
    seconds: float
    warnings: list[str]


def kernel_environment(root: Path, build: Path) -> dict[str, str]:
    """The build's environment: the lessons' kernels load the plotly extension and read the repository's data."""
    ipython = build / "ipython"
    write(ipython / "profile_default" / "ipython_kernel_config.py", KERNEL_CONFIG)
    env = dict(os.environ, IPYTHONDIR=str(ipython), TPM_COURSE_DATASETS=str(root / "datasets"))
    env.pop("TPM_COURSE_ROOT", None)
    return env


def build_site(root: Path, settings: Settings, out: Path | None = None) -> Built:
    """Build the site of the course at ``root`` into ``out`` (default ``site/_build``); SiteError if Sphinx fails."""
    root = Path(root).resolve()
    build = Path(out).resolve() if out else root / BUILD
    began = time.monotonic()
    write_sources(root, build / "source", load_manifest(root), settings, course_version(root))
    html = build / "html"
    command = [sys.executable, "-m", "sphinx", "build", "-b", "html", "-q", str(build / "source"), str(html)]
    command += ["-d", str(build / "doctrees")]
    try:
        result = subprocess.run(
            command, env=kernel_environment(root, build), capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise SiteError(f"Sphinx did not finish within {TIMEOUT} s: a lesson that never ends?") from None
    if result.returncode != 0:
        raise SiteError(f"Sphinx failed (exit {result.returncode}):\n{result.stderr[-6000:]}")
    warnings = [line for line in result.stderr.splitlines() if ": WARNING:" in line or ": ERROR:" in line]
    return Built(html, time.monotonic() - began, warnings)
