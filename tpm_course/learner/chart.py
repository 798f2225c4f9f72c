"""The start page's chart of a learner's progress by module, drawn from their progress record."""

from __future__ import annotations

from pathlib import Path

from . import record, summary

COLOURS = {"passed": "#1a7f37", "tried": "#bf8700", "not opened": "#8c959f"}


def figure(rows: list[summary.ModuleProgress]):
    """A plotly bar per module: its exercise questions passed, tried and not opened."""
    import plotly.graph_objects as go

    labels = [f"{row.stem[:2]} {row.title}" for row in rows]
    counts = {
        "passed": [len(r.passed) for r in rows],
        "tried": [len(r.tried) for r in rows],
        "not opened": [len(r.not_opened) for r in rows],
    }
    fig = go.Figure(
        [
            go.Bar(name=name, y=labels, x=values, orientation="h", marker_color=COLOURS[name])
            for name, values in counts.items()
        ]
    )
    fig.update_layout(
        barmode="stack",
        title="Your exercise questions by module: passed, tried, not opened",
        xaxis={"title": "questions", "dtick": 1},
        yaxis={"autorange": "reversed"},
        height=120 + 28 * len(rows),
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.12, "traceorder": "normal"},
    )
    return fig


def sentence(rows: list[summary.ModuleProgress]) -> str:
    """The chart in one sentence, for those who cannot see it."""
    passed = sum(len(r.passed) for r in rows)
    tried = sum(len(r.tried) for r in rows)
    total = sum(r.questions for r in rows)
    started = [r.stem[:2] for r in rows if r.passed or r.tried]
    where = f"in modules {', '.join(started)}" if started else "no module started yet"
    return f"You have passed {passed} and tried {tried} of the course's {total} exercise questions ({where})."


def show_progress(root: Path | None = None) -> None:
    """Draw the chart and its sentence in a notebook (the start page's progress cell)."""
    from IPython.display import Markdown, display

    from ..cli import repository_root
    from ..manifest import load

    root = root or repository_root()
    try:
        notebooks = record.read()
    except record.RecordError as error:
        display(Markdown(f"Your progress cannot be shown: {error}. Your next check keeps it aside and starts anew."))
        return
    rows = summary.progress(root, load(root), notebooks)
    display(Markdown(sentence(rows)))
    figure(rows).show()
