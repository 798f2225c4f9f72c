"""A test-design explorer: move baseline, MDE, power, alpha and allocation; watch sample size and duration follow."""

from __future__ import annotations

from tpm_course.topics.experiment_design.maths import duration_days, sample_size_per_arm, sample_size_statsmodels

# (label, minimum, maximum, step, start, format)
_CONTROLS = {
    "baseline": ("Baseline rate", 0.01, 0.50, 0.005, 0.08, ".1%"),
    "relative_mde": ("MDE (relative)", 0.02, 0.30, 0.01, 0.10, ".0%"),
    "power": ("Power", 0.50, 0.95, 0.05, 0.80, ".0%"),
    "alpha": ("Alpha (two-sided)", 0.01, 0.20, 0.01, 0.05, ".2f"),
    "allocation": ("Share of traffic in test", 0.05, 1.00, 0.05, 0.10, ".0%"),
}


def _controls():
    import ipywidgets as w

    return {
        name: w.FloatSlider(
            value=start,
            min=low,
            max=high,
            step=step,
            description=label,
            readout_format=form,
            continuous_update=False,
            style={"description_width": "170px"},
            layout=w.Layout(width="440px"),
        )
        for name, (label, low, high, step, start, form) in _CONTROLS.items()
    }


def _readout(baseline, relative_mde, power, alpha, allocation, daily_eligible_users) -> str:
    n = sample_size_per_arm(baseline, relative_mde, alpha, power, relative=True)
    n_h = sample_size_statsmodels(baseline, relative_mde, alpha, power, relative=True)
    days = 2 * n / (daily_eligible_users * allocation)
    rows = [
        ("Detect", f"{baseline:.1%} → {baseline * (1 + relative_mde):.2%}"),
        ("Users per arm, pooled formula", f"{n:,}"),
        ("Users per arm, statsmodels (Cohen's h)", f"{n_h:,}"),
        ("Users in the test (2 arms)", f"{2 * n:,}"),
        ("Days of traffic needed", f"{days:,.1f}"),
        ("Days to run (whole weeks)", f"{duration_days(n, daily_eligible_users, allocation)}"),
    ]
    cells = "".join(f"<tr><td>{k}</td><td style='text-align:right'><b>{v}</b></td></tr>" for k, v in rows)
    return f"<table style='font-size:105%'>{cells}</table>"


def _figure(baseline, relative_mde, power, alpha, allocation, daily_eligible_users):
    """Users per arm against the MDE, and the weeks a test takes at each allocation."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    mdes = [m / 100 for m in range(2, 31)]
    sizes = [sample_size_per_arm(baseline, m, alpha, power, relative=True) for m in mdes]
    n = sample_size_per_arm(baseline, relative_mde, alpha, power, relative=True)
    shares = [s / 100 for s in range(5, 101, 5)]
    weeks = [duration_days(n, daily_eligible_users, s) / 7 for s in shares]
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=("Users per arm (log scale)", "Weeks to run, by share of traffic")
    )
    fig.add_trace(
        go.Scatter(
            x=mdes,
            y=sizes,
            mode="lines",
            line_color="#3b6ea5",
            showlegend=False,
            hovertemplate="MDE %{x:.0%}: %{y:,} per arm<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=[relative_mde],
            y=[n],
            mode="markers+text",
            marker=dict(size=11, color="#d1495b"),
            text=[f"{n:,}"],
            textposition="top right",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    colours = ["#d1495b" if abs(s - allocation) < 1e-9 else "#8c9eb5" for s in shares]
    fig.add_trace(
        go.Bar(
            x=shares,
            y=weeks,
            marker_color=colours,
            showlegend=False,
            hovertemplate="%{x:.0%} of traffic: %{y:.1f} weeks<extra></extra>",
        ),
        row=1,
        col=2,
    )
    return _laid_out(fig, f"Detecting a {relative_mde:.0%} lift on {baseline:.1%} takes {n:,} users per arm")


def _laid_out(fig, title: str):
    """The two panels' axes, the size and the title."""
    fig.update_xaxes(title_text="relative MDE", tickformat=".0%", row=1, col=1)
    fig.update_yaxes(type="log", row=1, col=1)
    fig.update_xaxes(title_text="share of eligible traffic in the test", tickformat=".0%", row=1, col=2)
    return fig.update_layout(
        height=400, width=900, margin=dict(t=90, b=50, l=60, r=20), title_text=title, title_font_size=14
    )


def sample_size_explorer(daily_eligible_users: int = 6_000):
    """Sliders for the design; a readout and two charts redrawn on every change."""
    import ipywidgets as w

    from tpm_course.charts import show

    controls = _controls()
    readout = w.HTML()

    def draw(**design):
        if design["alpha"] >= design["power"]:
            readout.value = "<b>Alpha must be well below power.</b>"
            return
        readout.value = _readout(**design, daily_eligible_users=daily_eligible_users)
        n = sample_size_per_arm(
            design["baseline"], design["relative_mde"], design["alpha"], design["power"], relative=True
        )
        weeks = duration_days(n, daily_eligible_users, design["allocation"]) / 7
        show(
            _figure(**design, daily_eligible_users=daily_eligible_users),
            f"Users per arm fall steeply as the detectable lift grows; at this design a test needs {n:,} users "
            f"per arm and {weeks:.1f} weeks with {design['allocation']:.0%} of traffic, fewer with more traffic.",
        )

    chart = w.interactive_output(draw, controls)
    return w.VBox([w.HBox([w.VBox(list(controls.values())), readout]), chart])
