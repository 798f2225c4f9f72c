"""Exceptions a failing check raises; nbgrader scores a test cell by whether it raises.

AssertionError
└── CheckFailed      a check did not pass (carries the Outcome)
    ├── Incorrect    an answer was given and is wrong
    └── NotAttempted the placeholder is still there
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .outcome import Outcome


class CheckFailed(AssertionError):
    """A check did not pass; ``str()`` is the plain-text feedback."""

    def __init__(self, outcome: Outcome):
        super().__init__(outcome.text())
        self.outcome = outcome

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a stack trace: the feedback box
        # above already says everything; a stack trace would only bury it.
        return [f"\x1b[31m{type(self).__name__}\x1b[0m: {self.outcome.title}"]


class Incorrect(CheckFailed):
    """An answer was given and it is wrong."""


class NotAttempted(CheckFailed):
    """The learner has not answered yet."""
