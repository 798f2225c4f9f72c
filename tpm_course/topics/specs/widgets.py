"""A live requirements linter: type requirements, one per line, and see each smell highlighted."""

from __future__ import annotations

import html

from ..specs import ears, nfr
from ..specs.smells import SMELLS, lint

COLOURS = {
    "superlative": "#ffd8a8",
    "subjective": "#ffc9c9",
    "vague_pronoun": "#d0bfff",
    "ambiguous": "#ffec99",
    "open_ended": "#a5d8ff",
    "comparative": "#b2f2bb",
    "loophole": "#fcc2d7",
    "negative": "#ced4da",
    "totality": "#ffa8a8",
    "and_or": "#99e9f2",
}


def highlight(text: str) -> str:
    """One requirement as HTML, each smell marked in its colour with the suggestion as a tooltip."""
    pieces, at = [], 0
    for finding in lint(text):
        pieces.append(html.escape(text[at : finding.start]))
        pieces.append(
            f'<mark style="background:{COLOURS[finding.smell]};color:#1f2328;padding:0 2px" '
            f'title="{html.escape(finding.title)}: {html.escape(finding.suggestion)}">'
            f"{html.escape(finding.text)}</mark>"
        )
        at = finding.end
    pieces.append(html.escape(text[at:]))
    return "".join(pieces)


def _verdict(line: str) -> str:
    pattern = ears.classify(line)
    if pattern.pattern:
        return f"EARS: {pattern.pattern}"
    parsed = nfr.parse(line)
    if parsed.bound is not None:
        gaps = ", ".join(parsed.missing) or "nothing"
        return f"NFR {html.escape(parsed.quantities())}; missing: {gaps}"
    return f"no EARS pattern: {html.escape(pattern.reason)}"


def report(text: str) -> str:
    """Every line of ``text`` as a table row: the line highlighted, its findings and its EARS pattern."""
    rows, total = [], 0
    for number, line in enumerate((ln.strip() for ln in text.splitlines()), start=1):
        if not line:
            continue
        findings = lint(line)
        total += len(findings)
        notes = (
            "<br>".join(
                f"<b>{html.escape(f.title)}</b> '{html.escape(f.text)}': {html.escape(f.suggestion)}" for f in findings
            )
            or "no smell found"
        )
        rows.append(
            f"<tr><td>{number}</td><td style='text-align:left'>{highlight(line)}</td>"
            f"<td style='text-align:left'>{notes}</td><td style='text-align:left'>{_verdict(line)}</td></tr>"
        )
    legend = " ".join(
        f'<mark style="background:{c};color:#1f2328;padding:0 3px">{html.escape(SMELLS[s].title)}</mark>'
        for s, c in COLOURS.items()
    )
    head = (
        "<tr><th>#</th><th style='text-align:left'>requirement</th><th style='text-align:left'>findings</th>"
        "<th style='text-align:left'>pattern</th></tr>"
    )
    return (
        f"<div style='font-size:95%'><p>{total} finding(s) in {len(rows)} requirement(s). {legend}</p>"
        f"<table>{head}{''.join(rows)}</table></div>"
    )


def live_linter(text: str = ""):
    """A text area and its lint report, redrawn at every change of the text."""
    import ipywidgets as w

    area = w.Textarea(
        value=text,
        placeholder="One requirement per line",
        continuous_update=False,
        layout=w.Layout(width="100%", height="150px"),
    )
    output = w.HTML(report(text))

    def redraw(change):
        output.value = report(change["new"])

    area.observe(redraw, names="value")
    return w.VBox([area, output])
