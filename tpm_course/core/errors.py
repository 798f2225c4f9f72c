"""Every exception the package raises: the grade signals, and the library's own errors under one root.

A failing check raises an AssertionError, because nbgrader scores a test cell by whether it
raises one. Everything else the package raises derives from ``TpmCourseError``, which is
never an AssertionError: catching it never swallows a grade, and no library error is ever
counted as a wrong answer by nbgrader's rules alone. Where callers already catch a built-in
kind (a ``ValueError`` from a parser), the class derives from that kind too.

AssertionError
└── CheckFailed                     a check did not pass (carries the Outcome)           core/errors.py
    ├── Incorrect                   an answer was given and is wrong
    └── NotAttempted                the placeholder is still there

Exception
└── TpmCourseError                  the library's own errors                             core/errors.py
    ├── Unanswered                  reading an answer found the placeholder: not attempted
    ├── WrongForm                   an answer of the wrong form: incorrect (carries the Outcome)
    ├── MissingInput                a prediction lacks an input it declares              core/misconception.py
    ├── UnitMismatch(ValueError)    a unit that measures something else                  core/units.py
    ├── QueryError                  a learner's SQL did not run                          data/sql.py
    ├── ContractError(ValueError)   not an OpenAPI document at all                       topics/apis/openapi.py
    ├── SpecError(ValueError)       not a spec at all                                    topics/specs/document.py
    ├── GherkinError(ValueError)    not valid Gherkin                                    topics/specs/gherkin.py
    ├── ManifestError(ValueError)   course.toml is missing or impossible                 manifest.py
    ├── ContentError(ValueError)    a hub export cannot be made                          hub/content.py
    ├── RosterError(ValueError)     the roster cannot be read or enrolled                hub/roster.py
    ├── GradingError                a grading run cannot start                           grading/run.py
    │   ├── SandboxError            the sandbox would leave a hidden folder readable     grading/isolation.py
    │   └── SpawnerGone(OSError)    the kernels' template or a spawner stopped           grading/spawner.py
    ├── CgroupError(OSError)        a notebook's cgroup cannot be made                   grading/cgroups.py
    ├── Unreadable(ValueError)      data from a kernel no honest kernel sends            grading/codec.py
    ├── TooLarge(ValueError)        a value too large or deep to send                    grading/codec.py
    ├── NotGradable                 a submission cannot be graded: "not graded", why     grading/sanitize.py
    ├── RecordError(ValueError)     the progress file is not a progress record           learner/record.py
    ├── SiteError(ValueError)       the website cannot be built as asked                 website/settings.py
    └── UsageError                  a command cannot run as asked                        cli.py

Private signals caught where they are raised (``_SignatureMismatch`` in core/function.py, ``_KeyNotGiven`` in core/misconception.py,
``_NoPattern`` in topics/specs/ears.py) are not drawn.

``Unanswered`` and ``WrongForm`` never reach a learner: ``Question._outcome`` turns them into
the NOT_ATTEMPTED and INCORRECT outcomes, which ``report`` raises as ``NotAttempted`` and
``Incorrect``.
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


class TpmCourseError(Exception):
    """The root of the package's own errors; the message says what went wrong and what to do."""


class Unanswered(TpmCourseError):
    """Raised while reading an answer that is still the placeholder."""


class WrongForm(TpmCourseError):
    """Raised while reading an answer of the wrong form (text for a number, a list for a table).

    It carries the INCORRECT outcome that says why; ``Question._outcome`` returns that outcome.
    """

    def __init__(self, outcome: Outcome):
        super().__init__(outcome.text())
        self.outcome = outcome
