"""An explorer of a canary's first stage: its share of traffic against the hours it needs to see a rise."""

from __future__ import annotations

from tpm_course.topics.security_delivery.maths import canary_hours, canary_requests

_STYLE = {"description_width": "210px"}
SHARES = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5]


def canary_figure(baseline: float, rise: float, requests_per_hour: float, stage_hours: float):
    """Hours each canary share needs, against the stage's limit; the title says what a bad release costs first."""
    import plotly.graph_objects as go

    hours = [canary_hours(baseline, rise, requests_per_hour, s) for s in SHARES]
    colours = ["#2e8b57" if h <= stage_hours else "#d1495b" for h in hours]
    labels = [f"{s:.1%}" for s in SHARES]
    fig = go.Figure(go.Bar(x=labels, y=hours, marker_color=colours, text=[f"{h:,.1f} h" for h in hours]))
    fig.add_hline(y=stage_hours, line_dash="dash", annotation_text=f"stage limit {stage_hours:g} h")
    extra = canary_requests(baseline, rise) * rise
    fig.update_layout(
        title_text=(
            f"{baseline:.2%} → {baseline + rise:.2%} errors at {requests_per_hour:,.0f} requests/h:<br>"
            f"a bad release fails about {extra:,.0f} extra requests before any stage can see it"
        ),
        title_font_size=13,
        xaxis_title="canary's share of traffic (green: sees the rise within the stage)",
        yaxis_title="hours the stage must run",
        yaxis_type="log",
        height=420,
        width=800,
        margin=dict(t=80, b=50, l=70, r=20),
    )
    return fig


def canary_explorer(requests_per_hour: float = 40_000):
    """Sliders for today's error rate, the rise to catch and the stage's hour limit; bars for each canary share."""
    import ipywidgets as w

    from tpm_course.charts import show

    baseline = w.FloatSlider(value=0.2, min=0.05, max=2, step=0.05, description="Error rate today, %", style=_STYLE)
    rise = w.FloatSlider(value=0.3, min=0.05, max=2, step=0.05, description="Rise to catch, points of %", style=_STYLE)
    hours = w.IntSlider(value=6, min=1, max=48, description="Stage limit, hours", style=_STYLE)
    for control in (baseline, rise, hours):
        control.continuous_update = False

    def draw(baseline, rise, hours):
        fits = [s for s in SHARES if canary_hours(baseline / 100, rise / 100, requests_per_hour, s) <= hours]
        smallest = f"the smallest share that sees it within {hours} h is {fits[0]:.1%}" if fits else "no share sees it"
        show(
            canary_figure(baseline / 100, rise / 100, requests_per_hour, hours),
            f"To see errors rise from {baseline:.2f} % to {baseline + rise:.2f} %, a smaller canary needs more hours: "
            f"{smallest}.",
        )

    chart = w.interactive_output(draw, {"baseline": baseline, "rise": rise, "hours": hours})
    return w.VBox([baseline, rise, hours, chart])
