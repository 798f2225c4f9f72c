"""A capacity explorer: move a product brief's numbers and watch rates, storage and egress follow."""

from __future__ import annotations

from dataclasses import replace

from tpm_course.core.feedback import readable
from tpm_course.topics.estimation.maths import Brief, estimate

# (label, minimum, maximum, start, unit): the sliders step through 1, 1.5, 2, 3, 5, 7 of each power of ten.
_LOG_CONTROLS = {
    "daily_active_users": ("Daily active users", 4, 9, 2_000_000, "users"),
    "requests_per_user": ("Views per user per day", 0, 3, 30, ""),
    "bytes_per_response": ("Bytes per response", 3, 7, 150_000, "B"),
    "bytes_per_upload": ("Bytes per upload", 4, 8, 3_000_000, "B"),
}
_MANTISSAS = (1, 1.5, 2, 3, 5, 7)


def _steps(low: int, high: int, unit: str) -> list[tuple[str, float]]:
    """(label, value) from 10**low to 10**high, each value written as people read it."""
    values = [m * 10**e for e in range(low, high) for m in _MANTISSAS] + [10**high]
    return [(readable(v, unit), v) for v in values]


_LINEAR_CONTROLS = {
    "uploads_per_user": ("Uploads per user per day", 0.0, 10.0, 0.1, 0.2),
    "peak_factor": ("Peak factor", 1.0, 10.0, 0.1, 2.5),
}


def _controls():
    """One slider per number of the brief, keyed by the Brief field it sets."""
    import ipywidgets as w

    layout = w.Layout(width="460px")
    style = {"description_width": "190px"}
    controls = {
        name: w.SelectionSlider(
            options=_steps(low, high, unit),
            value=start,
            description=label,
            continuous_update=False,
            layout=layout,
            style=style,
        )
        for name, (label, low, high, start, unit) in _LOG_CONTROLS.items()
    }
    controls.update(
        {
            name: w.FloatSlider(
                value=start,
                min=low,
                max=high,
                step=step,
                description=label,
                readout_format=".1f",
                continuous_update=False,
                layout=layout,
                style=style,
            )
            for name, (label, low, high, step, start) in _LINEAR_CONTROLS.items()
        }
    )
    return controls


def _readout(brief: Brief) -> str:
    """The estimate of a brief as a small HTML table."""
    result = estimate(brief)
    rows = [
        ("Average requests/s", readable(result.average_rps)),
        ("Peak requests/s", readable(result.peak_rps)),
        (f"Storage, {brief.days} days × {brief.replicas} replicas", readable(result.storage_bytes, "B")),
        ("Peak egress", readable(result.peak_egress_bits_per_second, "bit/s")),
    ]
    cells = "".join(f"<tr><td>{name}</td><td style='text-align:right'><b>{value}</b></td></tr>" for name, value in rows)
    return f"<table style='font-size:110%'>{cells}</table>"


def _figure(brief: Brief):
    """Average against peak, for the request rate and for the egress it causes."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    at_peak = estimate(brief)
    on_average = estimate(replace(brief, peak_factor=1.0))  # the peak of a flat day is its average
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Requests per second", "Egress, bits per second"))
    for col, values, unit in (
        (1, (on_average.peak_rps, at_peak.peak_rps), "req/s"),
        (2, (on_average.peak_egress_bits_per_second, at_peak.peak_egress_bits_per_second), "bit/s"),
    ):
        fig.add_trace(
            go.Bar(
                x=["average", "peak"],
                y=list(values),
                marker_color=["#8c9eb5", "#d1495b"],
                text=[readable(v, unit) for v in values],
                hovertemplate="%{x}: %{text}<extra></extra>",
                textposition="outside",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        fig.update_yaxes(range=[0, max(values) * 1.25], showticklabels=False, row=1, col=col)
    fig.update_layout(
        height=360,
        width=760,
        margin=dict(t=80, b=30, l=30, r=20),
        title_text=f"The fleet and the network are sized for the peak (× {brief.peak_factor:.1f})",
        title_font_size=14,
    )
    return fig


def capacity_explorer():
    """Sliders for a brief, the estimate it implies and a chart of average against peak."""
    import ipywidgets as w

    from tpm_course.charts import show

    controls = _controls()
    readout = w.HTML()

    def draw(**values):
        brief = Brief(**values)
        readout.value = _readout(brief)
        result = estimate(brief)
        show(
            _figure(brief),
            f"At the peak the service serves {readable(result.peak_rps, 'req/s')} and sends "
            f"{readable(result.peak_egress_bits_per_second, 'bit/s')}, {brief.peak_factor:.1f} times the average.",
        )

    chart = w.interactive_output(draw, controls)
    panel = w.VBox(list(controls.values()))
    return w.VBox([w.HBox([panel, readout]), chart])
