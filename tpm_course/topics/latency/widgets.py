"""Two latency explorers: a cache's hit ratio against the percentiles, and the tail of a fan-out."""

from __future__ import annotations

from tpm_course.topics.latency.maths import (
    call_percentile_for_page,
    effective_latency,
    mixture_percentile,
    slow_page_share,
)

_LAYOUT = {"width": "460px"}
_STYLE = {"description_width": "170px"}
_LINES = (
    ("mean", "#8c9eb5", "dash"),
    ("p50", "#2e86ab", "solid"),
    ("p95", "#f18f01", "solid"),
    ("p99", "#c73e1d", "solid"),
)


def _table(rows) -> str:
    cells = "".join(f"<tr><td>{name}</td><td style='text-align:right'><b>{value}</b></td></tr>" for name, value in rows)
    return f"<table style='font-size:110%'>{cells}</table>"


def _cache_curves(hits, misses, ratios):
    """Mean, p50, p95 and p99 (ms) at each hit ratio, hits and misses keeping their measured shapes."""
    mean_hit, mean_miss = float(hits.mean()), float(misses.mean())
    curves = {"mean": [effective_latency(h, mean_hit, mean_miss - mean_hit) for h in ratios]}
    for point in (50, 95, 99):
        curves[f"p{point}"] = [mixture_percentile(hits, misses, h, point) for h in ratios]
    return curves


def cache_explorer(log, p95_objective_ms: float | None = None):
    """A region and a hit ratio: how the mean and the percentiles of photo loads would move.

    ``log`` has columns ``region``, ``cache`` (hit / miss) and ``latency_ms``; the explorer
    opens on the region with the slowest median.
    """
    import ipywidgets as w
    import numpy as np

    from tpm_course.charts import show

    medians = log.groupby("region")["latency_ms"].median()
    region = w.Dropdown(
        options=sorted(medians.index), value=medians.idxmax(), description="Region", layout=_LAYOUT, style=_STYLE
    )
    ratio = w.FloatSlider(
        value=0.80,
        min=0.50,
        max=1.00,
        step=0.01,
        description="Hit ratio",
        readout_format=".2f",
        continuous_update=False,
        layout=_LAYOUT,
        style=_STYLE,
    )
    readout = w.HTML()
    ratios = np.round(np.arange(0.50, 1.0001, 0.01), 2)
    cache = {}

    def draw(region, hit_ratio):
        if region not in cache:
            rows = log[log["region"] == region]
            hits = rows.loc[rows["cache"] == "hit", "latency_ms"].to_numpy(float)
            misses = rows.loc[rows["cache"] == "miss", "latency_ms"].to_numpy(float)
            cache[region] = (hits, misses, _cache_curves(hits, misses, ratios))
        hits, misses, curves = cache[region]
        index = int(np.argmin(np.abs(ratios - hit_ratio)))
        readout.value = _table(
            [(f"measured hit ratio in {region}", f"{hits.size / (hits.size + misses.size):.2f}")]
            + [(f"{name} at {hit_ratio:.2f}", f"{curves[name][index]:,.0f} ms") for name, _, _ in _LINES]
        )
        show(
            _cache_figure(region, ratios, curves, hit_ratio, p95_objective_ms),
            f"In {region}, at a hit ratio of {hit_ratio:.2f} the p95 is {curves['p95'][index]:,.0f} ms and the mean "
            f"{curves['mean'][index]:,.0f} ms; every line falls as the hit ratio rises, the p99 last.",
        )

    chart = w.interactive_output(draw, {"region": region, "hit_ratio": ratio})
    return w.VBox([w.HBox([w.VBox([region, ratio]), readout]), chart])


def fan_out_explorer():
    """A page that waits for N parallel calls: how often at least one of them is slow."""
    import ipywidgets as w
    import numpy as np

    from tpm_course.charts import show

    share = w.FloatLogSlider(
        value=0.01,
        base=10,
        min=-4,
        max=-1,
        step=0.1,
        description="Slow share per call",
        readout_format=".2%",
        continuous_update=False,
        layout=_LAYOUT,
        style=_STYLE,
    )
    calls = w.IntSlider(
        value=100, min=1, max=200, description="Calls per page", continuous_update=False, layout=_LAYOUT, style=_STYLE
    )
    readout = w.HTML()
    counts = np.arange(1, 201)

    def draw(slow_share, calls):
        page = slow_page_share(slow_share, calls)
        needed = call_percentile_for_page(0.99, calls)
        readout.value = _table(
            [
                ("pages waiting on a slow call", f"{page:.1%}"),
                ("calls × slow share (wrong)", f"{calls * slow_share:.1%}"),
                ("for 99 % fast pages, each call fast", f"{needed:.4%}"),
            ]
        )
        show(
            _fan_out_figure(counts, slow_share, calls, page),
            f"With {calls} calls each slow {slow_share:.2%} of the time, {page:.1%} of pages wait on a slow call; "
            "the share climbs towards all pages as calls are added, below the wrong straight sum.",
        )

    chart = w.interactive_output(draw, {"slow_share": share, "calls": calls})
    return w.VBox([w.HBox([w.VBox([share, calls]), readout]), chart])


def _cache_figure(region, ratios, curves, hit_ratio, p95_objective_ms):
    """The mean and percentiles against the hit ratio, with the chosen ratio and the objective marked."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for name, colour, dash in _LINES:
        fig.add_trace(go.Scatter(x=ratios, y=curves[name], name=name, line=dict(color=colour, dash=dash)))
    fig.add_vline(x=hit_ratio, line_color="grey", line_width=1)
    if p95_objective_ms:
        fig.add_hline(
            y=p95_objective_ms,
            line_dash="dot",
            line_color="grey",
            annotation_text=f"p95 objective, {p95_objective_ms:,.0f} ms",
            annotation_position="top left",
        )
    fig.update_layout(
        height=380,
        width=760,
        margin=dict(t=50, b=40, l=60, r=20),
        title=f"{region}: photo load latency as the hit ratio changes",
        title_font_size=14,
        xaxis_title="hit ratio",
        yaxis_title="ms",
    )
    return fig


def _fan_out_figure(counts, slow_share, calls, page):
    """The share of pages that wait on a slow call, against the number of calls, and the wrong sum."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=counts,
            y=[slow_page_share(slow_share, int(n)) for n in counts],
            name="1 − (1 − p)^N",
            line=dict(color="#c73e1d"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=counts,
            y=counts * slow_share,
            name="N × p (adds chances: wrong)",
            line=dict(color="#8c9eb5", dash="dash"),
        )
    )
    fig.add_trace(go.Scatter(x=[calls], y=[page], mode="markers", marker=dict(size=11, color="grey"), showlegend=False))
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title="pages that wait on a slow call")
    fig.update_xaxes(title="parallel calls per page (N)")
    fig.update_layout(
        height=360,
        width=760,
        margin=dict(t=50, b=40, l=60, r=20),
        title_font_size=14,
        title=f"Each call is slow {slow_share:.2%} of the time",
    )
    return fig
