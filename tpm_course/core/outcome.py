"""The result of one check, rendered as HTML in a notebook and as plain text in logs."""

from __future__ import annotations

import enum
import html
from dataclasses import dataclass, field


class Status(enum.Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    PARTIAL = "partly right"  # some parts earned their points (core/partial.py)
    NOT_ATTEMPTED = "not attempted"
    PENDING = "checked so far"  # visible checks pass; the grader holds the rest
    INFO = "info"  # hints and solutions


# mark, JupyterLab's colour variable for the status (with a fallback outside JupyterLab), its RGB
_STYLE = {
    Status.CORRECT: ("✓", "--jp-success-color1", (26, 127, 55)),
    Status.INCORRECT: ("✗", "--jp-error-color1", (207, 34, 46)),
    Status.PARTIAL: ("◐", "--jp-warn-color1", (154, 103, 0)),
    Status.NOT_ATTEMPTED: ("…", "--jp-ui-font-color2", (110, 119, 129)),
    Status.PENDING: ("✓", "--jp-brand-color1", (9, 105, 218)),
    Status.INFO: ("ℹ", "--jp-info-color1", (130, 80, 223)),
}
_FAILING = (Status.INCORRECT, Status.NOT_ATTEMPTED)

# A failing check raises after its box, so that nbgrader scores the cell; the error's one line would
# repeat the box. In JupyterLab and nbconvert's lab template, and in nbconvert's classic template (which
# nbgrader's feedback pages use), a failing box hides the error output that follows it in the same
# cell; the error stays in the notebook for nbgrader.
_HIDE_ERROR_AFTER_BOX = (
    "<style>.jp-OutputArea-child:has(.tpm-check.tpm-fails)"
    ' + .jp-OutputArea-child:has([data-mime-type="application/vnd.jupyter.stderr"]),'
    ".output_area:has(.tpm-check.tpm-fails) + .output_area:has(.output_error){display:none}</style>"
)


@dataclass
class Outcome:
    """What a check found: a status, a one-line title and optional detail lines.

    ``earned`` and ``possible`` are points, set when the question gives partial credit.
    """

    status: Status
    title: str
    details: list[str] = field(default_factory=list)
    code: str | None = None  # a block of code to show (solutions)
    earned: float | None = None
    possible: float | None = None

    def text(self) -> str:
        mark = _STYLE[self.status][0]
        lines = [f"{mark} {self.title}"]
        lines += [f"  - {d}" for d in self.details]
        if self.code:
            lines += ["", self.code]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        mark, variable, (r, g, b) = _STYLE[self.status]
        ink = f"var({variable},rgb({r},{g},{b}))"
        failing = self.status in _FAILING
        body = "".join(f"<li>{_inline_code(d)}</li>" for d in self.details)
        parts = [
            _HIDE_ERROR_AFTER_BOX if failing else "",
            f'<div class="tpm-check tpm-{self.status.name.lower()}{" tpm-fails" if failing else ""}" '
            f'style="border-left:4px solid {ink};background:rgba({r},{g},{b},0.13);'
            'padding:6px 10px;margin:4px 0;color:var(--jp-content-font-color1,#1f2328)">',
            f'<strong><span style="color:{ink}">{mark}</span> {_inline_code(self.title)}</strong>',
        ]
        if body:
            parts.append(f'<ul style="margin:4px 0 0 0">{body}</ul>')
        if self.code:
            parts.append(f'<pre style="margin:6px 0 0 0">{html.escape(self.code)}</pre>')
        parts.append("</div>")
        return "".join(parts)


def _inline_code(text: str) -> str:
    """Escape text and turn `backticks` into <code> spans."""
    pieces = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def show(outcome: Outcome) -> None:
    """Display an outcome: rich in IPython, plain text elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython ships with the course
        print(outcome.text())
        return
    if get_ipython() is None:
        print(outcome.text())
    else:
        display(outcome)
