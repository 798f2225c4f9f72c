"""What the grader flags in a submission: the kinds of tampering and damage, and their effect.

A flag names the cell (its nbgrader ``grade_id``, or ``cell N`` for a cell without one),
the line in that cell when the static scan found it (``None`` when only the run saw it),
what was seen, and what it does to the grade:

- ``restored``: an edited locked or test cell was replaced by the source, as nbgrader does;
  the grade stands.
- ``review``: the grade was computed but cannot be trusted until an instructor looks;
  every graded cell of the notebook is marked "needs manual grade" in the gradebook.
- ``not graded``: the flag explains why (part of) the notebook has no automatic grade.
- ``info``: worth knowing, no effect on the grade.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass

KINDS = {
    "rebind-check": "a check object (q1, ...) was rebound, deleted or modified",
    "patch-builtins": "AssertionError or another builtin was rebound",
    "patch-course": "the course's own package, a library module, sys.modules or the import machinery was patched",
    "exit-kernel": "code that ends or kills the kernel",
    "silence-errors": "tracebacks or errors silenced (excepthook, showtraceback, custom exception "
    "handlers, stderr redirected, cells rewritten before they run)",
    "inspect-grader": "frames or the garbage collector inspected: a way to read answer keys",
    "low-level": "raw file descriptors, ctypes, signals or dynamic code: ways around the grader",
    "edit-test-cell": "a locked or test cell was edited (restored from the source)",
    "delete-cell": "a graded, locked or answer cell was deleted",
    "moved-cell": "locked and test cells are not in the assignment's order (what runs before a test differs)",
    "unreadable": "the notebook could not be read, sanitised or parsed (malformed, too large, metadata forged)",
    "checker-lost": "a value or call of the notebook's kept the answer key's checker past its limit, or broke it",
    "answer-key": "an answer cell calls a course function that computes the exercise's answer key",
}


class Effect(enum.StrEnum):
    """What a flag does to the grade (the values are what the grading record stores)."""

    RESTORED = "restored"
    REVIEW = "review"
    NOT_GRADED = "not graded"
    INFO = "info"


@dataclass
class Flag:
    kind: str
    cell: str
    line: int | None
    detail: str
    code: str = ""
    effect: Effect = Effect.REVIEW

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown flag kind {self.kind!r}")
        try:
            self.effect = Effect(self.effect)  # read back from the record or a child's report as text
        except ValueError:
            raise ValueError(f"unknown flag effect {self.effect!r}") from None

    def where(self) -> str:
        return self.cell if self.line is None else f"{self.cell} line {self.line}"

    def text(self) -> str:
        code = f": {self.code.strip()}" if self.code.strip() else ""
        return f"{self.where()}: {self.kind} ({self.effect}) {self.detail}{code}"

    def as_dict(self) -> dict:
        return asdict(self)


def merge(static: list[Flag], runtime: list[Flag]) -> list[Flag]:
    """Static flags (with lines) plus the runtime flags no static flag already explains."""
    seen = {(f.kind, f.cell) for f in static}
    kept = list(static)
    for flag in runtime:
        if (flag.kind, flag.cell) not in seen:
            kept.append(flag)
            seen.add((flag.kind, flag.cell))
    return kept


def printable(text: str) -> str:
    """``text`` on one line, each control character written as its escape (``\\n``, ``\\x1b``): what a
    student's code wrote can neither start a line of the grader's summary nor hide one on a terminal."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))
