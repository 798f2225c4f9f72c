"""The course being graded: nbgrader's configuration and folders, read as ``nbgrader autograde`` reads them.

Configuration comes from ``nbgrader_config.py`` in Jupyter's config folders (lowest
priority), the working folder, then the course root (highest), as nbgrader's apps load it.
The grading limits default to the course's ``Execute.timeout`` and ``LimitOutput`` settings.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .sandbox import Limits

CONFIG_FILE = "nbgrader_config.py"


def load_config(root: Path):
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import Config, PyFileConfigLoader

    config = Config()
    folders = [Path(p) for p in reversed(jupyter_config_path())] + [Path.cwd(), Path(root)]
    loaded = set()
    for folder in folders:
        path = (folder / CONFIG_FILE).resolve()
        if path.is_file() and path not in loaded:
            config.merge(PyFileConfigLoader(CONFIG_FILE, str(folder)).load_config())
            loaded.add(path)
    return config


CELLS_PER_NOTEBOOK_BUDGET = 4
"""A notebook's time budget, in cell time limits."""


@dataclass
class Course:
    root: Path
    config: object
    coursedir: object

    @classmethod
    def at(cls, root: Path) -> Course:
        from nbgrader.coursedir import CourseDirectory

        config = load_config(root)
        coursedir = CourseDirectory(config=config, root=str(Path(root).resolve()))
        return cls(Path(coursedir.root), config, coursedir)

    # -- folders ----------------------------------------------------------------

    def folder(self, step: str, student: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(step, student, assignment))

    def submitted(self, student: str, assignment: str) -> Path:
        return self.folder(self.coursedir.submitted_directory, student, assignment)

    def autograded(self, student: str, assignment: str) -> Path:
        return self.folder(self.coursedir.autograded_directory, student, assignment)

    def source(self, assignment: str) -> Path:
        return self.folder(self.coursedir.source_directory, ".", assignment)

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @property
    def gradebook_file(self) -> Path | None:
        """The gradebook's SQLite file, when it is one."""
        prefix = "sqlite:///"
        return Path(self.db_url[len(prefix) :]) if self.db_url.startswith(prefix) else None

    def students(self, assignment: str, pattern: str = "*") -> list[str]:
        """Students with a submitted folder for ``assignment`` whose id matches ``pattern``, as nbgrader finds them."""
        excluded = set(filter(None, self.coursedir.student_id_exclude.split(",")))
        step = self.coursedir.submitted_directory
        shape = re.compile(self.coursedir.format_path(step, "(?P<student>[^/]+)", re.escape(assignment), escape=True))
        found = set()
        for folder in glob.glob(self.coursedir.format_path(step, "*", assignment)):
            match = shape.fullmatch(folder)
            if match and os.path.isdir(folder):
                student = match.group("student")
                if fnmatch.fnmatchcase(student, pattern) and student not in excluded:
                    found.add(student)
        return sorted(found)

    def extra_files(self, folder: Path) -> dict[str, Path]:
        """Non-notebook files under ``folder`` (relative name -> path), minus nbgrader's ignore list.

        Only regular files: a symbolic link in a submission could point at the gradebook.
        """
        from nbgrader.utils import find_all_files

        if not folder.is_dir():
            return {}
        return {
            os.path.relpath(path, folder): Path(path)
            for path in find_all_files(str(folder), [*list(self.coursedir.ignore), "*.ipynb"])
            if os.path.isfile(path) and not os.path.islink(path)
        }

    def limits(self, **overrides) -> Limits:
        from nbgrader.preprocessors import Execute

        execute = Execute(config=self.config)
        chosen = {
            "cell_timeout": float(execute.timeout) if execute.timeout else None,
            "timeout_error": dict(execute.error_on_timeout),
        }
        chosen.update({k: v for k, v in overrides.items() if v is not None})
        if "notebook_timeout" not in chosen:
            # a function that loops for ever times out in its own test cell and again in each later
            # cell that calls it: three such cells still leave the notebook graded
            chosen["notebook_timeout"] = CELLS_PER_NOTEBOOK_BUDGET * (chosen["cell_timeout"] or 60.0)
        return Limits(**chosen)
