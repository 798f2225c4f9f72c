"""The HTML report: a self-contained page (charts in inline SVG, no script) an instructor opens in a browser."""

from __future__ import annotations

import html
import math
import statistics
from pathlib import Path

from . import svg
from .cohort import Cohort
from .misconceptions import grouped
from .stats import Item, items

# Ebel & Frisbie (1991): an upper-lower discrimination index below 0.20 marks a question to revise.
WEAK_DISCRIMINATION = 0.20
TOP_FAILURES = 5
SHOWN = 20  # rows of a list of students shown before it is folded


def write_html(cohort: Cohort, path: Path) -> Path:
    path.write_text(render(cohort), encoding="utf-8")
    return path


def render(cohort: Cohort) -> str:
    stats = items(cohort)
    parts = [f"<h1>{_e(cohort.assignment)}: cohort report</h1>", _summary(cohort)]
    parts += [_distribution(cohort), _questions(stats), _discrimination(stats), _item_table(stats)]
    parts += [_failures(cohort), _not_graded(cohort), _flagged(cohort)]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(cohort.assignment)} report</title><style>{_STYLE}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )


def _summary(cohort: Cohort) -> str:
    graded = cohort.graded()
    totals = [s.total for s in graded]
    manual = sum(s.needs_manual_grade for s in graded)
    rows = [
        ("submissions", f"{len(cohort.submissions):,}"),
        ("graded", f"{len(graded):,}"),
        ("not graded (blank in the CSV, never zero)", f"{len(cohort.not_graded()):,}"),
        ("graded, with cells still to grade by hand", f"{manual:,}"),
        ("flagged for review (tampering, deleted cells)", f"{sum(bool(s.flags) for s in cohort.submissions):,}"),
        ("maximum points", f"{cohort.max_total:g}"),
    ]
    if totals:
        rows += [("mean score", f"{statistics.fmean(totals):.2f}"), ("median score", f"{statistics.median(totals):g}")]
    return _table(None, rows)


def histogram(totals: list[float], max_total: float) -> list[int]:
    """Students per whole point: bar ``k`` counts the totals from k - 0.5 up to k + 0.5."""
    counts = [0] * (math.floor(max_total + 0.5) + 1)
    for total in totals:
        counts[min(max(math.floor(total + 0.5), 0), len(counts) - 1)] += 1
    return counts


def _distribution(cohort: Cohort) -> str:
    totals = [s.total for s in cohort.graded()]
    counts = histogram(totals, cohort.max_total)
    step = _round_step(max(counts, default=1))
    ticks = list(range(0, max(counts, default=0) + step, step))
    if totals:
        mode = max(range(len(counts)), key=counts.__getitem__)
        summary = (
            f"{len(totals):,} graded submissions: mean {statistics.fmean(totals):.2f} of {cohort.max_total:g} points, "
            f"median {statistics.median(totals):g}; the most common score is {mode} points ({counts[mode]:,} students)."
        )
    else:
        summary = "No graded submission yet."
    bars = svg.Series(
        "students", [float(c) for c in counts], tips=[f"{k} points: {c:,} students" for k, c in enumerate(counts)]
    )
    return svg.bar_chart(
        "Score distribution (graded submissions)",
        summary,
        [str(k) for k in range(len(counts))],
        [bars],
        svg.Axis(0, ticks[-1] or 1, ticks, "students", "{:,.0f}"),
        x_label="points (bars of one point)",
        x_every=_whole_step(cohort.max_total),
    )


def _whole_step(largest: float) -> int:
    """A tick step in whole numbers (students, points) that gives at most about eight ticks."""
    return max(1, math.ceil(largest / 8))


def _round_step(largest: float) -> int:
    """A whole tick step of 1, 2 or 5 times a power of ten that gives at most about eight ticks."""
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if largest / step <= 8:
                return step
        power *= 10


def _questions(stats: list[Item]) -> str:
    names = [i.question for i in stats]
    shares = [i.mean / (i.max_points or 1) for i in stats]
    if stats:
        hardest, easiest = (
            min(range(len(stats)), key=shares.__getitem__),
            max(range(len(stats)), key=shares.__getitem__),
        )
        summary = (
            f"By mean share of points, the hardest question is {names[hardest]} ({shares[hardest]:.0%}) "
            f"and the easiest {names[easiest]} ({shares[easiest]:.0%})."
        )
    else:
        summary = "No questions."
    series = [
        svg.Series("mean share of points", shares),
        svg.Series("share with full marks", [i.full_marks for i in stats]),
        svg.Series("share with partial credit", [i.partial for i in stats]),
    ]
    axis = svg.Axis(0, 1, [0, 0.25, 0.5, 0.75, 1], "share of students", "{:.0%}")
    return svg.bar_chart("Per question", summary, names, series, axis)


def _discrimination(stats: list[Item]) -> str:
    values = [i.discrimination for i in stats]
    weak = [i.question for i in stats if i.discrimination is not None and i.discrimination < WEAK_DISCRIMINATION]
    colours = ["#cf222e" if v is not None and v < WEAK_DISCRIMINATION else "#1a7f37" for v in values]
    tips = [f"{i.question}: D = {_number(i.discrimination)}, item-rest r = {_number(i.item_rest)}" for i in stats]
    summary = (
        f"{len(weak)} of {len(stats)} questions discriminate below {WEAK_DISCRIMINATION}: {', '.join(weak)}."
        if weak
        else f"Every question discriminates at {WEAK_DISCRIMINATION} or above (or has too few submissions to tell)."
    )
    return svg.bar_chart(
        "Item discrimination: top 27 % minus bottom 27 %, share of points",
        summary,
        [i.question for i in stats],
        [svg.Series("discrimination", values, colours, tips)],
        svg.Axis(-1, 1, [-1, -0.5, 0, 0.5, 1], "D", "{:.1f}"),
        reference=WEAK_DISCRIMINATION,
        subtitle=f"red, below the dotted line at {WEAK_DISCRIMINATION}: revise the question (Ebel & Frisbie)",
    )


def _item_table(stats: list[Item]) -> str:
    rows = [
        (
            i.question,
            f"{i.max_points:g}",
            _number(i.mean),
            f"{i.full_marks:.0%}" if i.full_marks == i.full_marks else "",
            f"{i.partial:.0%}" if i.partial == i.partial else "",
            _number(i.discrimination),
            _number(i.item_rest),
        )
        for i in stats
    ]
    header = ["question", "points", "mean points", "full marks", "partial credit", "discrimination D", "item-rest r"]
    return "<h2>Item statistics</h2>" + _table(header, rows)


def _number(value: float | None) -> str:
    return "" if value is None or value != value else f"{value:.2f}"


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
    rows = [(s.student, s.reason) for s in missing]
    return "<h2>Not graded: look at these by hand</h2>" + _listing(["student", "why"], rows, "students")


def _flagged(cohort: Cohort) -> str:
    rows = [(s.student, flag) for s in cohort.submissions for flag in s.flags]
    if not rows:
        return "<h2>Flagged for review</h2><p>No tampering or deleted cells found.</p>"
    title = "<h2>Flagged for review: tampering or deleted cells</h2>"
    return title + _listing(["student", "what was found"], rows, "flags")


def _listing(header: list[str], rows: list[tuple], noun: str) -> str:
    """A table of students, folded into a ``<details>`` when longer than ``SHOWN`` rows (the CSV lists them too)."""
    if len(rows) <= SHOWN:
        return _table(header, rows)
    return (
        f"<details><summary>{len(rows):,} {noun}: show them all (the CSV's status and note columns list them too)"
        f"</summary>{_table(header, rows)}</details>"
    )


def _table(header: list[str] | None, rows: list[tuple]) -> str:
    """An HTML table; without ``header``, no header row at all."""
    head = "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead>" if header else ""
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{head}<tbody>{body}</tbody></table>"


def _e(value) -> str:
    return html.escape(str(value))


_STYLE = """body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
th{background:#f6f8fa}svg.chart{display:block;margin:1.5em 0;max-width:100%}summary{cursor:pointer}"""
