"""How every lesson chart is shown: a look that reads in JupyterLab's light and dark themes, and a text alternative.

``show(fig, summary)`` is the one way a lesson or a widget displays a plotly figure: transparent
backgrounds, text and grid in greys that read on white and on JupyterLab's dark grey; the summary
(one sentence on what the chart shows) goes into the figure's ``layout.meta`` and is printed under
it, so that a screen reader or a text-only view (nbconvert, a printout) says what the chart says.
"""

from __future__ import annotations

INK = "#7a7a7a"  # text: contrast ≥ 4.2:1 on white and on JupyterLab dark's #111
GRID = "rgba(128,128,128,0.25)"
TRANSPARENT = "rgba(0,0,0,0)"


def course_layout(fig) -> None:
    """Give ``fig`` the course's look in either theme: transparent backgrounds, grey text and grid, title left."""
    fig.update_layout(
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
        font_color=INK,
        title_x=0,
        title_xanchor="left",
        title_pad_l=4,
        title_yref="container",
        title_y=1,
        title_yanchor="top",
        title_pad_t=8 + 12 * (fig.layout.title.text or "").count("<br>"),  # plotly anchors a long title too high
    )
    if _above_plot(fig):  # notes or a legend above the plot: room for them under the title
        fig.update_layout(margin_t=max(fig.layout.margin.t or 0, 90))
    axes = dict(gridcolor=GRID, zerolinecolor=GRID, linecolor=GRID, exponentformat="none", separatethousands=True)
    fig.update_xaxes(**axes)  # ticks as 10,000 and 1,000,000, never 10k or 1M
    fig.update_yaxes(**axes)


def _above_plot(fig) -> bool:
    """Whether an annotation or the legend sits above the plot area, where the title is."""
    notes = [a for a in fig.layout.annotations if a.yref == "paper" and (a.y or 0) >= 1]
    legend = fig.layout.legend
    return bool(notes) or (legend.orientation == "h" and (legend.y or 0) > 1)


def described(fig, summary: str):
    """``fig`` in the course look with its text alternative in ``layout.meta``; refuses a chart without a title."""
    title = fig.layout.title.text
    if not title:
        raise ValueError("a lesson chart needs a title: fig.update_layout(title_text=...)")
    summary = " ".join(summary.split())
    if not summary.endswith("."):
        raise ValueError(f"the summary is one sentence ending in a full stop, not {summary!r}")
    fig.update_layout(title_text=_wrapped(title, fig), meta={"title": title, "summary": summary})
    course_layout(fig)
    return fig


def _wrapped(title: str, fig) -> str:
    """The title broken at a space when one line would run past the figure's width (JupyterLab's, ~900 px, if unset)."""
    size = fig.layout.title.font.size or 17
    fits = int(((fig.layout.width or 900) - 30) / (size * 0.55))
    if "<br>" in title or len(title) <= fits:
        return title
    cut = title.rfind(" ", 0, fits)
    if cut <= 0:
        return title
    if fig.layout.margin.t is not None:
        fig.update_layout(margin_t=fig.layout.margin.t + size + 6)  # room for the second line
    return f"{title[:cut]}<br>{title[cut + 1 :]}"


def text_alternative(fig) -> str:
    """What the chart shows, in words: its title and its summary."""
    meta = fig.layout.meta or {}
    return f"Chart: {_plain(meta.get('title', ''))}. {meta.get('summary', '')}".strip()


def show(fig, summary: str) -> None:
    """Display ``fig`` in the course look, with its summary printed under it."""
    described(fig, summary).show()
    print(text_alternative(fig))


def _plain(title: str) -> str:
    """A title without plotly's HTML line breaks and tags."""
    import re

    return re.sub(r"<[^>]+>", " ", title).replace("  ", " ").strip().rstrip(".")
