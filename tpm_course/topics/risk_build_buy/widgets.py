"""Two explorers of the lesson's single sign-on example: a tornado of what moves the answer, and a Monte Carlo."""

from __future__ import annotations

from tpm_course.topics.risk_build_buy.sso import BASE, RANGES, buy_minus_build
from tpm_course.topics.risk_build_buy.uncertainty import resampled_overruns, share_above, simulate, tornado

LABELS = {
    "build_weeks": "build estimate, engineer-weeks",
    "maintenance_share": "maintenance, share of build cost a year",
    "engineer_week": "loaded cost of an engineer-week",
    "connections_year_1": "enterprise connections in year 1",
    "price_factor": "vendor's prices (times the quote)",
    "buy_exit": "cost to leave the vendor",
    "connection_growth": "new connections a year",
    "rate": "discount rate",
}
_STYLE = {"description_width": "230px"}


def usd(value: float) -> str:
    """Dollars as a reader writes them: $1,234 and −$1,234."""
    return f"{'−' if value < 0 else ''}${abs(value):,.0f}"


_WIDE = "520px"


def _tornado_figure(base: dict):
    import plotly.graph_objects as go

    centre = buy_minus_build(**base)
    bars = list(reversed(tornado(buy_minus_build, base, RANGES)))  # plotly draws the first bar at the bottom
    fig = go.Figure()
    for side, colour in (("at_low", "#8c9eb5"), ("at_high", "#d1495b")):
        ends = [getattr(bar, side) for bar in bars]
        fig.add_trace(
            go.Bar(
                y=[LABELS[bar.name] for bar in bars],
                x=[end - centre for end in ends],
                base=centre,
                orientation="h",
                name="input at its low" if side == "at_low" else "input at its high",
                marker_color=colour,
                customdata=[getattr(bar, side.removeprefix("at_") + "_input") for bar in bars],
                hovertemplate="input %{customdata:,}<br>buy − build %{x:,.0f}<extra></extra>",
            )
        )
    fig.add_vline(x=0, line_color="grey", annotation_text="break-even", annotation_position="top")
    fig.add_vline(x=centre, line_dash="dot", line_color="#555")
    verdict = "building is cheaper" if centre > 0 else "buying is cheaper"
    fig.update_layout(
        barmode="overlay",
        title_text=f"Buy − build, present cost: {usd(centre)} at the base case ({verdict})",
        title_font_size=14,
        xaxis_title="present cost of buying minus building, USD (right of 0: build is cheaper)",
        height=420,
        width=820,
        margin=dict(t=50, b=40, l=260, r=30),
        legend=dict(orientation="h", y=-0.2),
    )
    return fig


def tornado_explorer():
    """Sliders for the base case's build estimate and discount rate; the tornado redraws around them."""
    import ipywidgets as w

    from tpm_course.charts import show

    weeks = w.IntSlider(
        value=BASE["build_weeks"], min=12, max=48, step=2, description="build estimate, weeks", style=_STYLE
    )
    rate = w.FloatSlider(
        value=BASE["rate"],
        min=0.0,
        max=0.15,
        step=0.01,
        readout_format=".0%",
        description="discount rate",
        style=_STYLE,
    )
    for control in (weeks, rate):
        control.layout = w.Layout(width=_WIDE)
        control.continuous_update = False

    def draw(build_weeks, rate):
        base = {**BASE, "build_weeks": build_weeks, "rate": rate}
        widest = tornado(buy_minus_build, base, RANGES)[0]
        show(
            _tornado_figure(base),
            f"At the base case buying minus building costs {usd(buy_minus_build(**base))} in present value; "
            f"the input that moves it most is the {LABELS[widest.name]}, at the top.",
        )

    chart = w.interactive_output(draw, {"build_weeks": weeks, "rate": rate})
    return w.VBox([weeks, rate, chart])


def _simulated(factors, runs: int, use_history: bool, seed: int) -> list[float]:
    """Buy − build on each run: build effort times a past project's overrun, or the estimate as it is."""
    overruns = resampled_overruns(factors, runs, seed) if use_history else [1.0] * runs
    return simulate(buy_minus_build, BASE, {"overrun": list(overruns)})


def _histogram(values, use_history: bool):
    import plotly.graph_objects as go

    cheaper = share_above(values)
    fig = go.Figure(go.Histogram(x=values, nbinsx=40, marker_color="#8c9eb5"))
    fig.add_vline(x=0, line_color="#d1495b", annotation_text="break-even", annotation_position="top")
    where = "past overruns resampled" if use_history else "the team's estimate taken as it is"
    fig.update_layout(
        title_text=f"{len(values):,} runs, {where}: building is cheaper in {cheaper:.0%} of them",
        title_font_size=14,
        xaxis_title="present cost of buying minus building, USD (right of 0: build is cheaper)",
        yaxis_title="runs",
        height=380,
        width=820,
        margin=dict(t=50, b=40, l=60, r=30),
    )
    return fig


def monte_carlo_explorer(factors, seed: int = 11):
    """A slider for the number of runs and a switch between the estimate and past overruns: the spread of buy − build."""
    import ipywidgets as w

    from tpm_course.charts import show

    runs = w.IntSlider(
        value=2_000,
        min=200,
        max=10_000,
        step=200,
        description="runs",
        readout_format=",d",
        style=_STYLE,
        layout=w.Layout(width=_WIDE),
    )
    history = w.Checkbox(
        value=True,
        description="multiply the build estimate by a past project's overrun",
        style={"description_width": "0px"},
        layout=w.Layout(width=_WIDE),
    )
    runs.continuous_update = False

    def draw(runs, use_history):
        values = _simulated(factors, runs, use_history, seed)
        show(
            _histogram(values, use_history),
            f"Of {runs:,} simulated runs, building is cheaper than buying in {share_above(values):.0%}; "
            "the bars right of the break-even line are those runs.",
        )

    chart = w.interactive_output(draw, {"runs": runs, "use_history": history})
    return w.VBox([runs, history, chart])
