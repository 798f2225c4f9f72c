"""A capacity explorer: move a product brief's numbers and watch rates, storage and egress follow."""

from __future__ import annotations

from dataclasses import replace

from tpm_course.topics.estimation.maths import Brief, estimate

# (label, minimum, maximum, start): log sliders take powers of ten for their bounds.
_LOG_CONTROLS = {
    "daily_active_users": ("Daily active users", 4, 9, 2_000_000),
    "requests_per_user": ("Views per user per day", 0, 3, 30),
    "bytes_per_response": ("Bytes per response", 3, 7, 150_000),
    "bytes_per_upload": ("Bytes per upload", 4, 8, 3_000_000),
}
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
        name: w.FloatLogSlider(
            value=start,
            base=10,
            min=low,
            max=high,
            step=0.05,
            description=label,
            readout_format=".3s",
            continuous_update=False,
            layout=layout,
            style=style,
        )
        for name, (label, low, high, start) in _LOG_CONTROLS.items()
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


def _size(n: float) -> str:
    """Bytes in the largest decimal unit that keeps the figure at or above 1."""
    for unit, scale in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n / 1e6:,.1f} MB"


def _readout(brief: Brief) -> str:
    """The estimate of a brief as a small HTML table."""
    result = estimate(brief)
    rows = [
        ("Average requests/s", f"{result.average_rps:,.0f}"),
        ("Peak requests/s", f"{result.peak_rps:,.0f}"),
        (f"Storage, {brief.days} days × {brief.replicas} replicas", _size(result.storage_bytes)),
        ("Peak egress", f"{result.peak_egress_bits_per_second / 1e9:,.2f} Gbit/s"),
    ]
    cells = "".join(f"<tr><td>{name}</td><td style='text-align:right'><b>{value}</b></td></tr>" for name, value in rows)
    return f"<table style='font-size:110%'>{cells}</table>"


def _figure(brief: Brief):
    """Average against peak, for the request rate and for the egress it causes."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    at_peak = estimate(brief)
    on_average = estimate(replace(brief, peak_factor=1.0))  # the peak of a flat day is its average
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Requests per second", "Egress, Gbit/s"))
    for col, values in (
        (1, (on_average.peak_rps, at_peak.peak_rps)),
        (2, (on_average.peak_egress_bits_per_second / 1e9, at_peak.peak_egress_bits_per_second / 1e9)),
    ):
        fig.add_trace(
            go.Bar(
                x=["average", "peak"],
                y=list(values),
                marker_color=["#8c9eb5", "#d1495b"],
                text=[f"{v:,.3g}" for v in values],
                textposition="outside",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        fig.update_yaxes(range=[0, max(values) * 1.25], row=1, col=col)
    fig.update_layout(
        height=340,
        width=760,
        margin=dict(t=40, b=30, l=50, r=20),
        title_text=f"The fleet and the network are sized for the peak (× {brief.peak_factor:.1f})",
        title_font_size=14,
    )
    return fig


def capacity_explorer():
    """Sliders for a brief, the estimate it implies and a chart of average against peak."""
    import ipywidgets as w

    controls = _controls()
    readout = w.HTML()

    def draw(**values):
        brief = Brief(**values)
        readout.value = _readout(brief)
        _figure(brief).show()

    chart = w.interactive_output(draw, controls)
    panel = w.VBox(list(controls.values()))
    return w.VBox([w.HBox([panel, readout]), chart])
