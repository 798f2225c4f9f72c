"""The cohort's failures grouped by misconception name, with counts, for the report.

A failed check shows the misconception's message; the report names it by the misconception's
``name``, found by matching the message against the questions the module declares
(``tpm_course.topics.<topic>.exercise``). A failure no declared misconception explains is grouped
under its own message, with the backticks of inline code taken out.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass

from ..manifest import ManifestError, checks_module
from .cohort import Cohort


@dataclass(frozen=True)
class Group:
    question: str
    name: str  # the misconception's name, or the failure's plain text when none matches
    students: int
    share: float  # of the graded submissions
    message: str  # what the check said, backticks taken out


def declared(assignment: str) -> dict[str, dict[str, str]]:
    """question id -> {message, with whitespace folded: misconception name}, for a course module; else {}."""
    try:
        module = importlib.import_module(checks_module(assignment))
    except (ManifestError, ImportError):
        return {}
    names: dict[str, dict[str, str]] = {}
    for value in vars(module).values():
        qid, misconceptions = getattr(value, "qid", None), getattr(value, "misconceptions", None)
        if isinstance(qid, str) and isinstance(misconceptions, list):
            names[qid] = {_folded(m.message): m.name for m in misconceptions}
    return names


def grouped(cohort: Cohort, top: int) -> list[Group]:
    """For each question in order, its ``top`` most common failures by misconception name, most common first."""
    names = declared(cohort.assignment)
    graded = cohort.graded()
    groups = []
    for question in cohort.questions:
        known = names.get(question.rsplit("/", 1)[-1], {})
        counts: Counter[tuple[str, str]] = Counter()
        for submission in graded:
            if question in submission.failures:
                said = submission.failures[question]
                counts[(_name(said, known) or plain(said), plain(said))] += 1
        by_name: Counter[str] = Counter()
        said: dict[str, str] = {}
        for (name, message), count in counts.items():
            by_name[name] += count
            said.setdefault(name, message)
        for name, count in by_name.most_common(top):
            groups.append(Group(question, name, count, count / max(1, len(graded)), said[name]))
    return groups


def _name(said: str, known: dict[str, str]) -> str | None:
    """The name of the declared misconception whose message the failure shows, if any."""
    folded = _folded(said)
    for message, name in known.items():
        if message == folded or (len(folded) >= 20 and (message in folded or folded in message)):
            return name
    return None


def plain(text: str) -> str:
    """A check's message for a page that shows no markup: backticks of inline code taken out."""
    return " ".join(text.replace("`", "").split())


def _folded(text: str) -> str:
    return " ".join(text.split())
