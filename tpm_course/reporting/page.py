"""The HTML report: a self-contained page (plotly.js inlined) an instructor opens in a browser."""

from __future__ import annotations

import html
import statistics
from collections import Counter
from pathlib import Path

from .cohort import Cohort
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
    return _table(["", ""], rows)


def _distribution(cohort: Cohort):
    import plotly.graph_objects as go

    totals = [s.total for s in cohort.graded()]
    figure = go.Figure(
        go.Histogram(x=totals, xbins={"start": -0.5, "end": cohort.max_total + 0.5, "size": 1}, marker_color="#0969da")
    )
    return figure.update_layout(
        title="Score distribution (graded submissions)",
        xaxis_title="points",
        yaxis_title="students",
        bargap=0.05,
        height=360,
    )


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
    figure.add_hline(
        y=WEAK_DISCRIMINATION,
        line_dash="dot",
        annotation_text=f"below {WEAK_DISCRIMINATION}: revise the question (Ebel & Frisbie)",
    )
    return figure.update_layout(
        title="Item discrimination: top 27 % minus bottom 27 %, share of points", yaxis={"range": [-1, 1]}, height=360
    )


def _failures(cohort: Cohort) -> str:
    rows = []
    for question in cohort.questions:
        seen = Counter(s.failures[question] for s in cohort.graded() if question in s.failures)
        for message, count in seen.most_common(TOP_FAILURES):
            rows.append((question, count, f"{count / max(1, len(cohort.graded())):.0%}", message))
    if not rows:
        return "<h2>Most common failures</h2><p>No graded cell failed.</p>"
    return "<h2>Most common failures per question</h2>" + _table(
        ["question", "students", "share", "what the check said"], rows
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


def _table(header: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _e(value) -> str:
    return html.escape(str(value))


_STYLE = """body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
th{background:#f6f8fa}"""
