"""The learner's progress record: which questions of which notebooks they passed or tried.

A small JSON file in the user's data folder (``~/.local/share/tpm-course/progress.json`` on
Linux; ``$TPM_COURSE_DATA_DIR`` moves it), written by every self-study ``check()``: never while
nbgrader or ``tpm-course grade`` grades (``$NBGRADER_EXECUTION`` is set then), never in a cell that
carries hidden tests, and never at the cost of a check: a record that cannot be read or written
is reported once and the check goes on.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import TpmCourseError

ENVIRONMENT = "TPM_COURSE_DATA_DIR"
FILENAME = "progress.json"
PASSED, TRIED = "passed", "tried"
VERSION = 1
_warned: set[str] = set()  # the problems already reported in this process


class RecordError(TpmCourseError, ValueError):
    """The progress file exists but is not a progress record; the message says where and why."""


def location() -> Path:
    """The progress file: ``$TPM_COURSE_DATA_DIR/progress.json``, else the user's data folder's."""
    folder = os.environ.get(ENVIRONMENT)
    if not folder:
        from platformdirs import user_data_dir

        folder = user_data_dir("tpm-course", appauthor=False)
    return Path(folder) / FILENAME


def read(path: Path | None = None) -> dict[str, dict[str, dict]]:
    """notebook -> question id -> {"passed": bool, "last": "passed"|"tried", "checks": n, "at": iso time}."""
    path = path or location()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RecordError(f"{path} cannot be read as a progress record ({error})") from None
    if not (isinstance(data, dict) and data.get("version") == VERSION and _well_formed(data.get("notebooks"))):
        raise RecordError(f"{path} is not a version-{VERSION} progress record")
    return data["notebooks"]


def _well_formed(notebooks) -> bool:
    """notebook -> question -> entry, every level a dict."""
    return isinstance(notebooks, dict) and all(
        isinstance(questions, dict) and all(isinstance(entry, dict) for entry in questions.values())
        for questions in notebooks.values()
    )


def updated(notebooks: dict, notebook: str, qid: str, passed: bool, at: str) -> dict:
    """The record with one more check of ``notebook``'s ``qid``: once passed, a question stays passed."""
    entry = notebooks.setdefault(notebook, {}).setdefault(qid, {"passed": False, "checks": 0})
    entry["passed"] = bool(entry.get("passed")) or passed
    entry["last"] = PASSED if passed else TRIED
    entry["checks"] = int(entry.get("checks", 0)) + 1
    entry["at"] = at
    return notebooks


def write(notebooks: dict, path: Path | None = None) -> None:
    """Replace the file in one step, so that a reader never sees half a record."""
    path = path or location()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    text = json.dumps({"version": VERSION, "notebooks": notebooks}, indent=1, sort_keys=True)
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)


def note(notebook: str, qid: str, status: str, in_graded_cell: bool = False) -> None:
    """Record one self-study check (the hook in ``core/question.py``); ``status`` is an outcome's value.

    A check that found nothing to judge (not attempted, hints) is not recorded.
    """
    if os.environ.get("NBGRADER_EXECUTION") or in_graded_cell or status not in _PASSING | _TRYING:
        return
    path = location()
    try:
        try:
            notebooks = read(path)
        except RecordError as error:
            aside = path.with_name(f"{path.name}.unreadable")
            os.replace(path, aside)
            _say_once("unreadable", f"{error}: kept as {aside.name}; a new record starts now.")
            notebooks = {}
        at = datetime.now(UTC).isoformat(timespec="seconds")
        write(updated(notebooks, notebook, qid, status in _PASSING, at), path)
    except Exception as error:  # the record must never cost the learner a check
        _say_once("unwritable", f"your progress is not being saved: {path} cannot be written ({error}).")


_PASSING = {"correct"}
_TRYING = {"incorrect", "partly right", "checked so far"}


def _say_once(problem: str, message: str) -> None:
    if problem not in _warned:
        _warned.add(problem)
        print(f"tpm-course progress: {message}", file=sys.stderr)
