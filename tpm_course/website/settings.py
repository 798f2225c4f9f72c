"""The website's settings: ``site/settings.toml``, overridden per build, and the course's one version."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from tpm_course.core.errors import TpmCourseError

SETTINGS_FILE = "site/settings.toml"


class SiteError(TpmCourseError, ValueError):
    """The website cannot be built as asked; the message says why."""


@dataclass(frozen=True)
class Settings:
    """Where the "open in JupyterLab" links lead; an empty URL leaves that link out."""

    repository: str = ""  # the course's git repository, built by Binder
    branch: str = "main"
    binder: str = "https://mybinder.org"
    hub_url: str = ""  # a cohort's JupyterHub, with nbgitpuller
    lessons_repository: str = ""  # what `tpm-course hub lessons` exports for that hub


def load_settings(root: Path, **overrides: str | None) -> Settings:
    """``site/settings.toml`` under ``root``, with the overrides that are not None."""
    path = Path(root) / SETTINGS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except tomllib.TOMLDecodeError as error:
        raise SiteError(f"{path} is not valid TOML: {error}") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SiteError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if any(not isinstance(value, str) for value in data.values()):
        raise SiteError(f"{path}: every setting is a string (a URL or a branch name)")
    settings = Settings(**data)
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def course_version(root: Path) -> str:
    """The course's version: ``[project] version`` in ``pyproject.toml``, the one place it is written."""
    path = Path(root) / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as error:
        raise SiteError(f"cannot read the version from {path}: {error}") from None
