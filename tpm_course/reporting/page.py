"""The HTML report: a self-contained page (plotly.js inlined) an instructor opens in a browser."""

from __future__ import annotations

import html
import math
import statistics
from collections import Counter
from pathlib import Path

from .cohort import Cohort
from .misconceptions import grouped
from .stats import Item, items

# Ebel & Frisbie (1991): an upper-lower discrimination index below 0.20 marks a question to revise.
WEAK_DISCRIMINATION = 0.20
TOP_FAILURES = 5


def write_html(cohort: Cohort, path: Path) -> Path:
    path.write_text(render(cohort), encoding="utf-8")
    return path


def render(cohort: Cohort) -> str:
    stats = items(cohort)
    charts = [_distribution(cohort), _questions(stats), _discrimination(stats)]
    parts = [f"<h1>{_e(cohort.assignment)}: cohort report</h1>", _summary(cohort)]
    parts += [
        chart.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
        for i, chart in enumerate(charts)
    ]
    parts += [_failures(cohort), _not_graded(cohort), _flagged(cohort)]
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{_e(cohort.assignment)} report</title><style>{_STYLE}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )


def _summary(cohort: Cohort) -> str:
    graded = cohort.graded()
    totals = [s.total for s in graded]
    manual = sum(s.needs_manual_grade for s in graded)
    rows = [
        ("submissions", len(cohort.submissions)),
        ("graded", len(graded)),
        ("not graded (blank in the CSV, never zero)", len(cohort.not_graded())),
        ("graded, with cells still to grade by hand", manual),
        ("flagged for review (tampering, deleted cells)", sum(bool(s.flags) for s in cohort.submissions)),
        ("maximum points", f"{cohort.max_total:g}"),
    ]
    if totals:
        rows += [("mean score", f"{statistics.fmean(totals):.2f}"), ("median score", f"{statistics.median(totals):g}")]
    return _table(None, rows)


def _distribution(cohort: Cohort):
    import plotly.graph_objects as go

    totals = [s.total for s in cohort.graded()]
    figure = go.Figure(
        go.Histogram(x=totals, xbins={"start": -0.5, "end": cohort.max_total + 0.5, "size": 1}, marker_color="#0969da")
    )
    tallest = max(Counter(math.floor(t + 0.5) for t in totals).values(), default=1)
    return figure.update_layout(
        title="Score distribution (graded submissions)",
        xaxis={"title": "points (bars of one point)", "dtick": _whole_step(cohort.max_total), "tickformat": ",d"},
        yaxis={"title": "students", "tickformat": ",d", "dtick": _whole_step(tallest), "rangemode": "tozero"},
        bargap=0.05,
        height=360,
    )


def _whole_step(largest: float) -> int:
    """A tick step in whole numbers (students, points) that gives at most about eight ticks."""
    return max(1, math.ceil(largest / 8))


def _questions(stats: list[Item]):
    import plotly.graph_objects as go

    names = [i.question for i in stats]
    figure = go.Figure(
        [
            go.Bar(name="mean share of points", x=names, y=[i.mean / (i.max_points or 1) for i in stats]),
            go.Bar(name="share with full marks", x=names, y=[i.full_marks for i in stats]),
            go.Bar(name="share with partial credit", x=names, y=[i.partial for i in stats]),
        ]
    )
    return figure.update_layout(
        title="Per question", yaxis={"title": "share of students", "range": [0, 1]}, barmode="group", height=360
    )


def _discrimination(stats: list[Item]):
    import plotly.graph_objects as go

    values = [i.discrimination for i in stats]
    colours = ["#cf222e" if v is not None and v < WEAK_DISCRIMINATION else "#1a7f37" for v in values]
    figure = go.Figure(
        go.Bar(
            x=[i.question for i in stats],
            y=values,
            marker_color=colours,
            customdata=[i.item_rest for i in stats],
            hovertemplate="%{x}: D = %{y:.2f}, item-rest r = %{customdata:.2f}<extra></extra>",
        )
    )
    figure.add_hline(y=WEAK_DISCRIMINATION, line_dash="dot")  # explained in the title, where no bar can hide it
    return figure.update_layout(
        title=(
            "Item discrimination: top 27 % minus bottom 27 %, share of points"
            f"<br><sup>red, below the dotted line at {WEAK_DISCRIMINATION}: revise the question (Ebel & Frisbie)</sup>"
        ),
        yaxis={"range": [-1, 1]},
        margin={"t": 80},
        height=380,
    )


def _failures(cohort: Cohort) -> str:
    groups = grouped(cohort, TOP_FAILURES)
    if not groups:
        return "<h2>Most common failures</h2><p>No graded cell failed.</p>"
    rows = [
        (g.question, g.name, g.students, f"{g.share:.0%}", "" if g.name == g.message else g.message) for g in groups
    ]
    return "<h2>Misconceptions and failures per question</h2>" + _table(
        ["question", "misconception", "students", "share", "what the check said"], rows
    )


def _not_graded(cohort: Cohort) -> str:
    missing = cohort.not_graded()
    if not missing:
        return "<h2>Not graded</h2><p>Every submission was graded.</p>"
    return "<h2>Not graded: look at these by hand</h2>" + _table(
        ["student", "why"], [(s.student, s.reason) for s in missing]
    )


def _flagged(cohort: Cohort) -> str:
    rows = [(s.student, flag) for s in cohort.submissions for flag in s.flags]
    if not rows:
        return "<h2>Flagged for review</h2><p>No tampering or deleted cells found.</p>"
    return "<h2>Flagged for review: tampering or deleted cells</h2>" + _table(["student", "what was found"], rows)


def _table(header: list[str] | None, rows: list[tuple]) -> str:
    """An HTML table; without ``header``, no header row at all."""
    head = "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>" if header else ""
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{head}<tbody>{body}</tbody></table>"


def _e(value) -> str:
    return html.escape(str(value))


_STYLE = """body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
th{background:#f6f8fa}"""
