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


_STYLE = {
    Status.CORRECT: ("✓", "#1a7f37", "#dafbe1"),
    Status.INCORRECT: ("✗", "#cf222e", "#ffebe9"),
    Status.PARTIAL: ("◐", "#9a6700", "#fff8c5"),
    Status.NOT_ATTEMPTED: ("…", "#6e7781", "#f6f8fa"),
    Status.PENDING: ("✓", "#0969da", "#ddf4ff"),
    Status.INFO: ("ℹ", "#8250df", "#fbefff"),
}


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
        mark, ink, paper = _STYLE[self.status]
        body = "".join(f"<li>{_inline_code(d)}</li>" for d in self.details)
        parts = [
            f'<div class="tpm-check tpm-{self.status.name.lower()}" '
            f'style="border-left:4px solid {ink};background:{paper};'
            f'padding:6px 10px;margin:4px 0;color:#1f2328">',
            f'<strong style="color:{ink}">{mark} {_inline_code(self.title)}</strong>',
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
