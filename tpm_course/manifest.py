"""The course manifest, ``course.toml``: every module's stem, title, minutes, status, data and prerequisites.

The one naming rule lives here too: module ``NN_topic`` keeps its code in the topic package
``tpm_course.topics.<topic>``, its exercise checks in ``<package>.exercise`` and its lesson
self-checks in ``<package>.lesson``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tpm_course.core.errors import TpmCourseError

FILENAME = "course.toml"
READY, IN_PREPARATION = "ready", "in preparation"
_STEM = re.compile(r"^(\d\d)_([a-z][a-z0-9_]*)$")


class ManifestError(TpmCourseError, ValueError):
    """``course.toml`` is missing, unreadable or says something impossible; the message says what."""


def topic_of(stem: str) -> str:
    """``"10_experiment_analysis"`` -> ``"experiment_analysis"``."""
    match = _STEM.match(stem)
    if not match:
        raise ManifestError(f"{stem!r} is not a module stem: two digits, an underscore, a lower-case topic")
    return match.group(2)


def topic_package(stem: str) -> str:
    """The package holding a module's code: ``tpm_course.topics.<topic>``."""
    return f"tpm_course.topics.{topic_of(stem)}"


def checks_module(stem: str, kind: str = "exercise") -> str:
    """The module binding a notebook's questions: ``kind`` is ``"exercise"`` or ``"lesson"``."""
    if kind not in ("exercise", "lesson"):
        raise ValueError(f"kind is 'exercise' or 'lesson', not {kind!r}")
    return f"{topic_package(stem)}.{kind}"


@dataclass(frozen=True)
class Module:
    """One module of the course, as its manifest entry declares it."""

    stem: str
    title: str
    summary: str
    minutes: tuple[int, int]  # lesson, exercise
    status: str
    datasets: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        return self.stem[:2]

    @property
    def topic(self) -> str:
        return topic_of(self.stem)

    @property
    def ready(self) -> bool:
        return self.status == READY

    @property
    def lesson(self) -> str:
        return f"lessons/{self.stem}.ipynb"

    @property
    def exercise(self) -> str:
        return f"exercises/{self.stem}/{self.stem}.ipynb"

    @property
    def solution(self) -> str:
        return f"solutions/{self.stem}/{self.stem}.ipynb"


@dataclass(frozen=True)
class Manifest:
    title: str
    modules: tuple[Module, ...] = field(default_factory=tuple)

    @property
    def ready(self) -> list[Module]:
        return [m for m in self.modules if m.ready]

    def module(self, stem: str) -> Module:
        for module in self.modules:
            if module.stem == stem:
                return module
        raise KeyError(f"course.toml has no module {stem!r}; it lists {', '.join(m.stem for m in self.modules)}")


def load(root: Path) -> Manifest:
    """The manifest of the course repository at ``root``."""
    path = Path(root) / FILENAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"no {FILENAME} at {path.parent}: is this the course repository?") from None
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path} is not valid TOML: {error}") from None
    modules = tuple(_module(entry, i) for i, entry in enumerate(data.get("module", []), 1))
    _check(modules)
    return Manifest(data.get("title", ""), modules)


def _module(entry: dict, position: int) -> Module:
    """One ``[[module]]`` table as a Module, or ManifestError naming what is wrong with it."""
    where = f"{FILENAME}, module {position} ({entry.get('stem', 'no stem')})"
    missing = [k for k in ("stem", "title", "summary", "minutes", "status") if k not in entry]
    if missing:
        raise ManifestError(f"{where}: missing {', '.join(missing)}")
    unknown = set(entry) - {"stem", "title", "summary", "minutes", "status", "datasets", "prerequisites"}
    if unknown:
        raise ManifestError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if entry["status"] not in (READY, IN_PREPARATION):
        raise ManifestError(f"{where}: status is {READY!r} or {IN_PREPARATION!r}, not {entry['status']!r}")
    minutes = entry["minutes"]
    if not (isinstance(minutes, list) and len(minutes) == 2 and all(isinstance(m, int) and m > 0 for m in minutes)):
        raise ManifestError(f"{where}: minutes is [lesson, exercise], two whole numbers of minutes")
    topic_of(entry["stem"])
    return Module(
        entry["stem"],
        entry["title"],
        entry["summary"],
        tuple(minutes),
        entry["status"],
        tuple(entry.get("datasets", ())),
        tuple(entry.get("prerequisites", ())),
    )


def _check(modules: tuple[Module, ...]) -> None:
    """Stems unique and in order; prerequisites name earlier modules."""
    stems = [m.stem for m in modules]
    if stems != sorted(set(stems)):
        raise ManifestError(f"{FILENAME}: module stems must be unique and in order: {', '.join(stems)}")
    for module in modules:
        later = [p for p in module.prerequisites if p not in stems or p >= module.stem]
        if later:
            raise ManifestError(
                f"{FILENAME}: {module.stem} names prerequisites that are not earlier modules: {', '.join(later)}"
            )
