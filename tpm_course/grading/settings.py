"""What the grader must know about the course it grades, named in one place: ``Settings``.

The rest of ``grading`` knows nbgrader and Python, not this course: which package is the
course's own (guarded at run time, its patching flagged by the scan), where the check objects
a setup cell binds come from, which course modules every child should start with, and how
notebooks load data sets (a loader the parent caches, the environment variable that points it
at the run's copy of the data folder). ``Settings.for_tpm_course()`` builds them for this
repository, from its naming rule in ``tpm_course.manifest``; ``run.grade`` takes any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """The course's names the grader needs; every field is read somewhere in ``grading``."""

    packages: tuple[str, ...]  # the course's own packages: watched by the guard, their patching flagged
    checks_package: str  # a locked setup cell binds check objects imported from under this package
    checks_module: Callable[[str], str | None]  # assignment -> module of its checks; None: not a course module
    preload: tuple[str, ...] = ()  # course modules every child starts with, whatever the assignments
    caches: tuple[str, ...] = ()  # "module:function" pure caches worth filling once in the template
    cache_variable: str | None = None  # the environment variable that gives them a folder kept between runs
    data_loader: str | None = None  # "package.module.function" notebooks load data sets with
    data_variable: str | None = None  # the environment variable that points the loader at a folder
    data_folder: str | None = None  # the course root's folder of data files, copied for each run
    last_error: str | None = None  # "module:function": name -> the error a learner's cell raised before binding it
    last_error_source: str | None = None  # "module:function" that makes ``last_error`` ask the checker's source
    watch_cells: str | None = None  # "module:function" given a kernel's shell before its first cell, for ``last_error``
    quantity_registry: str | None = None  # "module:function" -> the unit registry that rebuilds quantities

    def owns(self, module: object) -> bool:
        """Whether the dotted name ``module`` is (inside) one of the course's packages."""
        return isinstance(module, str) and any(module == p or module.startswith(f"{p}.") for p in self.packages)

    def binds_checks(self, module: object) -> bool:
        """Whether importing from ``module`` binds check objects (``from <checks_package>.x import q1``)."""
        package = self.checks_package
        return isinstance(module, str) and (module == package or module.startswith(f"{package}."))

    def course_modules(self, assignments: Iterable[str]) -> list[str]:
        """The modules to import before forking: ``preload`` and each assignment's checks."""
        modules = list(self.preload)
        modules += [m for m in map(self.checks_module, assignments) if m is not None]
        return modules

    def resolve(self, spec: str | None):
        """The object a "module:function" setting names (None for none)."""
        if spec is None:
            return None
        from importlib import import_module

        module, _, name = spec.partition(":")
        return getattr(import_module(module), name)

    def data_environment(self, folder: Path | None) -> dict[str, str]:
        """What a child's environment needs for the loader to read ``folder`` (nothing without one)."""
        if folder is None or self.data_variable is None:
            return {}
        return {self.data_variable: str(folder)}

    @classmethod
    def for_tpm_course(cls) -> Settings:
        """This repository: ``tpm_course``, its topics' exercise checks, ``tpm_course.data.load`` and ``datasets/``."""
        from ..core import kept
        from ..manifest import ManifestError, checks_module

        def exercise_checks(assignment: str) -> str | None:
            try:
                return checks_module(assignment)
            except ManifestError:  # not a module stem: an instructor's own assignment, no checks of ours
                return None

        return cls(
            packages=("tpm_course",),
            checks_package="tpm_course.topics",
            checks_module=exercise_checks,
            preload=("tpm_course.core", "tpm_course.data", "tpm_course.core.units"),
            caches=("tpm_course.core.units:registry", "tpm_course.data.sql:warm"),
            cache_variable=kept.VARIABLE,
            data_loader="tpm_course.data.load",
            data_variable="TPM_COURSE_DATASETS",
            data_folder="datasets",
            last_error="tpm_course.core.cell_errors:raised_defining",
            last_error_source="tpm_course.core.cell_errors:use_source",
            watch_cells="tpm_course.core.cell_errors:watch",
            quantity_registry="tpm_course.core.units:registry",
        )
