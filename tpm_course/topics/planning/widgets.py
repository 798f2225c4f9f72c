"""Two explorers: the odds of a deadline under PERT's normal approximation, and a throughput forecast's percentiles."""

from __future__ import annotations

from tpm_course.topics.planning.maths import CONFIDENCE, duration_at, probability_by, simulated_totals

_LAYOUT = {"width": "430px"}
_STYLE = {"description_width": "170px"}


def _deadline_figure(deadline: float, mean: float, sd: float, sd_added: float, most_likely: float):
    import numpy as np
    import plotly.graph_objects as go
    from scipy.stats import norm

    weeks = np.linspace(mean - 4 * sd_added, mean + 4 * sd_added, 400)
    fig = go.Figure()
    inside = weeks <= deadline
    fig.add_trace(
        go.Scatter(
            x=weeks[inside],
            y=norm.pdf(weeks[inside], mean, sd),
            fill="tozeroy",
            line=dict(color="#2e8b57"),
            name="done by the deadline",
        )
    )
    fig.add_trace(go.Scatter(x=weeks, y=norm.pdf(weeks, mean, sd), line=dict(color="#2e8b57"), name="variances added"))
    fig.add_trace(
        go.Scatter(
            x=weeks,
            y=norm.pdf(weeks, mean, sd_added),
            line=dict(color="#d1495b", dash="dot"),
            name="standard deviations added (wrong)",
        )
    )
    for row, (x, colour, label) in enumerate(
        [(most_likely, "#8c9eb5", "most likely path"), (duration_at(CONFIDENCE, mean, sd), "grey", f"{CONFIDENCE:.0%}")]
    ):
        fig.add_vline(x=x, line_dash="dash", line_color=colour)
        fig.add_annotation(x=x, y=1, yshift=20 * row, yref="paper", yanchor="bottom", text=label, showarrow=False)
    p, wrong = probability_by(deadline, mean, sd), probability_by(deadline, mean, sd_added)
    fig.update_layout(
        title_text=f"Deadline at week {deadline:g}: {p:.0%} likely ({wrong:.0%} with standard deviations added)",
        title_font_size=14,
        xaxis_title="project length, weeks",
        yaxis_title="probability density",
        height=380,
        width=780,
        margin=dict(t=100, b=40, l=60, r=20),
        legend=dict(orientation="h", y=-0.2),
    )
    return fig


def deadline_explorer(mean: float, sd: float, sd_added: float, most_likely: float):
    """A deadline slider over the project's length: the chance of making it, right and wrong."""
    import ipywidgets as w

    from tpm_course.charts import show

    deadline = w.FloatSlider(
        value=round(mean),
        min=round(mean - 2 * sd),
        max=round(mean + 3 * sd),
        step=0.5,
        description="Deadline (week)",
        readout_format=".1f",
        continuous_update=False,
        layout=_LAYOUT,
        style=_STYLE,
    )

    def draw(deadline):
        p, wrong = probability_by(deadline, mean, sd), probability_by(deadline, mean, sd_added)
        show(
            _deadline_figure(deadline, mean, sd, sd_added, most_likely),
            f"The project's length is spread around {mean:.1f} weeks; a deadline at week {deadline:g} is met "
            f"{p:.0%} of the time, not the {wrong:.0%} that adding standard deviations suggests.",
        )

    return w.VBox([deadline, w.interactive_output(draw, {"deadline": deadline})])


def _forecast_figure(totals, weeks: int, confidence: float, average: float):
    import numpy as np
    import plotly.graph_objects as go

    safe = float(np.percentile(totals, 100 * (1 - confidence)))
    wrong = float(np.percentile(totals, 100 * confidence))
    fig = go.Figure(go.Histogram(x=totals, marker_color="#8c9eb5", name="simulated futures"))
    for row, (x, colour, label) in enumerate(
        [
            (safe, "#2e8b57", f"at least {safe:.0f}: {confidence:.0%} of futures"),
            (average * weeks, "grey", f"average × weeks: {average * weeks:.0f}"),
            (wrong, "#d1495b", f"{confidence * 100:.0f}th percentile: {wrong:.0f}"),
        ]
    ):  # one row of notes each, so that close lines do not write over each other
        fig.add_vline(x=x, line_dash="dash", line_color=colour)
        fig.add_annotation(
            x=x, y=1, yshift=20 * row, yref="paper", yanchor="bottom", text=label, showarrow=False, font_color=colour
        )
    fig.update_layout(
        title_text=f"Items finished in {weeks} weeks: {confidence:.0%} of futures reach {safe:.0f} or more",
        title_font_size=14,
        xaxis_title="items finished",
        yaxis_title="futures out of 10,000",
        height=380,
        width=780,
        margin=dict(t=130, b=40, l=60, r=20),
        showlegend=False,
    )
    return fig


def forecast_explorer(throughput, seed: int = 7, trials: int = 10_000):
    """Sliders for the horizon and the confidence over a Monte Carlo forecast of a team's throughput."""
    import ipywidgets as w

    from tpm_course.charts import show

    weeks = w.IntSlider(value=10, min=2, max=26, description="Weeks ahead", continuous_update=False, layout=_LAYOUT)
    weeks.style = _STYLE
    confidence = w.FloatSlider(
        value=CONFIDENCE,
        min=0.5,
        max=0.95,
        step=0.05,
        description="Confidence",
        readout_format=".0%",
        continuous_update=False,
        layout=_LAYOUT,
        style=_STYLE,
    )
    average = sum(throughput) / len(throughput)

    def draw(weeks, confidence):
        import numpy as np

        totals = simulated_totals(throughput, weeks, trials, seed)
        safe = float(np.percentile(totals, 100 * (1 - confidence)))
        show(
            _forecast_figure(totals, weeks, confidence, average),
            f"Across {trials:,} simulated futures of {weeks} weeks, {confidence:.0%} finish at least {safe:.0f} "
            f"items, fewer than the {average * weeks:.0f} that average throughput times weeks promises.",
        )

    chart = w.interactive_output(draw, {"weeks": weeks, "confidence": confidence})
    return w.VBox([w.VBox([weeks, confidence]), chart])
