"""The learner's JupyterLab: what ``tpm-course start`` passes so that only the course's notebooks show.

Nothing is written to the user's own Jupyter configuration: the options go on the command line,
and the settings JupyterLab reads from files (defaults for its settings, disabled plugins) are
written into the workspace's ``.lab/`` folder, which JupyterLab is pointed at.
"""

from __future__ import annotations

import json
from pathlib import Path

# Not for learners, should they appear in the workspace: the tests, the deployment, the answer keys, caches.
HIDDEN = ("tests", "deploy", "solutions", "*.egg-info", "__pycache__", "*.pyc", ".pytest_cache", "build")
# nbgrader's instructor panels: the formgrader, the create-assignment toolbar and the course list.
INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
# Defaults for JupyterLab's settings: no news pop-up, no update checks (a request to the internet).
SETTINGS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
SETTINGS_FOLDER = ".lab"


def write_settings(workspace: Path) -> Path:
    """Write JupyterLab's overrides and page config into the workspace; returns their folder."""
    folder = workspace / SETTINGS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "overrides.json").write_text(json.dumps(SETTINGS, indent=1) + "\n", encoding="utf-8")
    page = {"disabledExtensions": list(INSTRUCTOR_PLUGINS)}
    (folder / "page_config.json").write_text(json.dumps(page, indent=1) + "\n", encoding="utf-8")
    return folder


def options(workspace: Path) -> list[str]:
    """The JupyterLab command-line options of the learner's view of ``workspace``."""
    settings = write_settings(workspace)
    return [
        f"--ContentsManager.hide_globs={json.dumps(list(HIDDEN))}",
        *(f"--ServerApp.jpserver_extensions={name}=False" for name in INSTRUCTOR_SERVER_EXTENSIONS),
        f"--LabApp.app_settings_dir={settings}",
    ]
