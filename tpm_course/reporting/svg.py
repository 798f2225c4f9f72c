"""Bar charts drawn as inline SVG: one mark per bar whatever the cohort's size, no script, readable offline.

Each chart is an ``<svg role="img">`` whose ``<title>`` and ``<desc>`` give its title and a
one-sentence summary (the text alternative); each bar is a ``<rect class="mark">`` whose own
``<title>`` is the tooltip a browser shows on hover.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

WIDTH, HEIGHT = 900, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 70, 56
INK, GRID = "#1f2328", "#d0d7de"
PALETTE = ["#0969da", "#1a7f37", "#bf8700"]


@dataclass
class Series:
    name: str
    values: list[float | None]  # one per category; None draws nothing
    colours: list[str] | str = ""  # one colour, or one per bar; default: the palette's next
    tips: list[str] = field(default_factory=list)  # one tooltip per bar; default: category and value


@dataclass
class Axis:
    low: float
    high: float
    ticks: list[float]
    label: str
    tick_text: str = "{:g}"  # format of a tick's value


def bar_chart(
    title: str,
    summary: str,
    categories: list[str],
    series: list[Series],
    axis: Axis,
    *,
    x_label: str = "",
    x_every: int = 1,
    reference: float | None = None,
    subtitle: str = "",
) -> str:
    """Grouped bars, one group per category; ``reference`` draws a dotted horizontal line; labels every ``x_every`` category."""
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = (axis.high - axis.low) or 1.0

    def y(value: float) -> float:
        return TOP + height * (axis.high - min(max(value, axis.low), axis.high)) / span

    group = width / max(1, len(categories))
    bar = group * 0.8 / max(1, len(series))
    parts = _frame(title, summary, subtitle, axis, y, x_label)
    parts += _legend(series) if len(series) > 1 else []
    for s, line in enumerate(series):
        colours = line.colours or PALETTE[s % len(PALETTE)]
        for i, value in enumerate(line.values):
            if value is None:
                continue
            top, base = sorted((y(value), y(max(axis.low, 0.0))))
            colour = colours[i] if isinstance(colours, list) else colours
            tip = line.tips[i] if line.tips else f"{categories[i]}: {line.name} {axis.tick_text.format(value)}"
            parts.append(
                f'<rect class="mark" x="{LEFT + i * group + group * 0.1 + s * bar:.1f}" y="{top:.1f}" '
                f'width="{bar:.1f}" height="{max(base - top, 0.5):.1f}" fill="{colour}"><title>{_e(tip)}</title></rect>'
            )
    for i, category in enumerate(categories):
        if i % x_every == 0:
            x = LEFT + (i + 0.5) * group
            parts.append(f'<text x="{x:.1f}" y="{TOP + height + 16}" text-anchor="middle">{_e(category)}</text>')
    if reference is not None:
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(reference):.1f}" y2="{y(reference):.1f}" '
            f'stroke="{INK}" stroke-dasharray="4 3"/>'
        )
    return "".join(parts) + "</svg>"


def _frame(title: str, summary: str, subtitle: str, axis: Axis, y, x_label: str) -> list[str]:
    """The SVG's opening, its text alternative, title, grid lines with tick labels, and axis labels."""
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'font-family="system-ui,sans-serif" font-size="12" fill="{INK}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(title)}</title><desc>{_e(summary)}</desc>",
        f'<text x="{LEFT}" y="22" font-size="16" font-weight="600">{_e(title)}</text>',
    ]
    if subtitle:
        parts.append(f'<text x="{LEFT}" y="40" font-size="12">{_e(subtitle)}</text>')
    for tick in axis.ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_e(axis.tick_text.format(tick))}</text>'
        )
    if axis.low < 0 < axis.high:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="{INK}"/>')
    middle = TOP + height / 2
    parts.append(
        f'<text x="14" y="{middle:.1f}" text-anchor="middle" transform="rotate(-90 14 {middle:.1f})">'
        f"{_e(axis.label)}</text>"
    )
    if x_label:
        parts.append(f'<text x="{LEFT + width / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{_e(x_label)}</text>')
    return parts


def _legend(series: list[Series]) -> list[str]:
    parts, x = [], LEFT
    for s, line in enumerate(series):
        colour = line.colours if isinstance(line.colours, str) and line.colours else PALETTE[s % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="50" width="12" height="12" fill="{colour}"/><text x="{x + 16}" y="60">{_e(line.name)}</text>'
        )
        x += 28 + 7 * len(line.name)
    return parts


def _e(value) -> str:
    return html.escape(str(value))
