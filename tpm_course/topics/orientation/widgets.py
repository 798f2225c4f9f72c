"""The lesson's explorer: the route to a chosen module, laid out in weeks at the hours a learner has each week."""

from __future__ import annotations

from tpm_course.topics.orientation.course_map import route, weeks

_COLOURS = {"lesson": "#4c78a8", "exercise": "#f58518"}


def route_weeks(modules: list[dict], target: str, hours_per_week: float) -> list[dict]:
    """Each module of the route with its lesson and exercise as (start, length) in weeks of study."""
    by_stem = {m["stem"]: m for m in modules}
    rows, clock = [], 0.0
    for stem in route(modules, target)["modules"]:
        for part, minutes in zip(("lesson", "exercise"), by_stem[stem]["minutes"]):
            length = minutes / 60 / hours_per_week
            rows.append({"module": stem, "part": part, "start": clock, "weeks": length})
            clock += length
    return rows


def route_figure(modules: list[dict], target: str, hours_per_week: float):
    """A timeline of the route: one bar per lesson and exercise, in weeks from today."""
    import plotly.graph_objects as go

    rows = route_weeks(modules, target, hours_per_week)
    hours = route(modules, target)["hours"]
    fig = go.Figure()
    for part, colour in _COLOURS.items():
        mine = [r for r in rows if r["part"] == part]
        fig.add_trace(
            go.Bar(
                name=part,
                y=[r["module"] for r in mine],
                x=[r["weeks"] for r in mine],
                base=[r["start"] for r in mine],
                orientation="h",
                marker_color=colour,
            )
        )
    title = (
        f"{target}: {len({r['module'] for r in rows})} modules, {hours:.1f} hours; "
        f"{weeks(hours, hours_per_week)} week(s) at {hours_per_week:g} h a week"
    )
    fig.update_layout(
        title_text=title,
        title_font_size=14,
        barmode="overlay",
        xaxis_title="weeks from today",
        yaxis_autorange="reversed",
        height=320,
        width=780,
        margin=dict(t=50, b=40, l=170, r=30),
    )
    return fig


def route_explorer(modules: list[dict], target: str = "10_experiment_analysis"):
    """A module picker and an hours-a-week slider: the route to the module, redrawn in weeks."""
    import ipywidgets as w

    from tpm_course.charts import show

    picker = w.Dropdown(options=[m["stem"] for m in modules], value=target, description="Module")
    pace = w.IntSlider(value=3, min=1, max=10, step=1, description="Hours a week", continuous_update=False)

    def draw(target, hours_per_week):
        hours = route(modules, target)["hours"]
        show(
            route_figure(modules, target, hours_per_week),
            f"The route to {target} takes {hours:.1f} hours, {weeks(hours, hours_per_week)} week(s) "
            f"at {hours_per_week:g} hours a week, each module's lesson followed by its exercise.",
        )

    chart = w.interactive_output(draw, {"target": picker, "hours_per_week": pace})
    return w.VBox([w.HBox([picker, pace]), chart])
