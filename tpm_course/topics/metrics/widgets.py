"""Funnel and retention explorers: pick a platform, a funnel window or signup cohorts, watch the charts follow."""

from __future__ import annotations

from tpm_course.topics.metrics.maths import FUNNEL_STEPS, funnel, retention_counts

_ALL = "all platforms"
_COLOURS = ["#3b6ea5", "#d1495b", "#edae49", "#66a182", "#8d5a97", "#00798c", "#e07a5f", "#2e4057", "#9c9c9c"]


def funnel_figure(table, title: str):
    """A plotly funnel of users per step, labelled with the step conversion."""
    import plotly.graph_objects as go

    labels = [
        f"{users:,} users<br>{rate:.1%} of the step before" if i else f"{users:,} users"
        for i, (users, rate) in enumerate(zip(table["users"], table["step_conversion"]))
    ]
    fig = go.Figure(go.Funnel(y=table["step"], x=table["users"], text=labels, textinfo="text", marker_color="#3b6ea5"))
    fig.update_layout(title_text=title, title_font_size=14, height=360, width=720, margin=dict(t=50, b=20, l=90, r=20))
    return fig


def funnel_explorer(events, steps=FUNNEL_STEPS):
    """A platform picker and a window slider redraw the funnel and its table."""
    import ipywidgets as w
    from IPython.display import display

    from tpm_course.charts import show

    platforms = [_ALL, *sorted(events["platform"].unique())]
    platform = w.Dropdown(options=platforms, value=_ALL, description="Platform")
    window = w.IntSlider(
        value=14,
        min=1,
        max=35,
        description="Window (days)",
        continuous_update=False,
        style={"description_width": "110px"},
        layout=w.Layout(width="420px"),
    )

    def draw(platform, window):
        chosen = events if platform == _ALL else events[events["platform"] == platform]
        table = funnel(chosen, steps, window_days=window)
        worst = table.iloc[1:].sort_values("step_conversion").iloc[0]
        show(
            funnel_figure(table, f"{platform}: steps reached within {window} days of the first visit"),
            f"Of {table['users'].iloc[0]:,} users on {platform}, {table['users'].iloc[-1]:,} reach the last step "
            f"within {window} days; the weakest step is {worst['step']}, at {worst['step_conversion']:.1%}.",
        )
        display(
            table.style.format(
                {"users": "{:,}", "step_conversion": "{:.1%}", "overall_conversion": "{:.1%}", "drop_off": "{:.1%}"}
            ).hide(axis="index")
        )

    chart = w.interactive_output(draw, {"platform": platform, "window": window})
    return w.VBox([w.HBox([platform, window]), chart])


def retention_explorer(events, max_day: int = 28):
    """Pick signup cohorts; their retention curves are drawn against the pooled curve of every cohort."""
    import ipywidgets as w
    import plotly.graph_objects as go

    from tpm_course.charts import show

    counts = retention_counts(events, range(1, max_day + 1))
    pooled = counts.groupby("day")[["retained", "users"]].sum()
    pooled_rate = pooled["retained"] / pooled["users"]
    weeks = sorted(counts["cohort_week"].unique())
    sizes = counts.drop_duplicates("cohort_week").set_index("cohort_week")["users"]
    picker = w.SelectMultiple(
        options=[(f"{week} ({sizes[week]:,} users)", week) for week in weeks],
        value=(weeks[0], weeks[-2]),
        rows=min(len(weeks), 9),
        description="Cohorts",
        layout=w.Layout(width="330px"),
    )

    def draw(chosen):
        fig = go.Figure()
        for i, week in enumerate(weeks):
            if week not in chosen:
                continue
            rows = counts[counts["cohort_week"] == week]
            fig.add_trace(
                go.Scatter(
                    x=rows["day"],
                    y=rows["retained"] / rows["users"],
                    mode="lines+markers",
                    name=f"week of {week}",
                    line_color=_COLOURS[i % len(_COLOURS)],
                )
            )
        fig.add_trace(
            go.Scatter(
                x=pooled_rate.index,
                y=pooled_rate,
                mode="lines",
                name="all cohorts, pooled",
                line=dict(color="grey", dash="dash", width=3),
            )
        )
        fig.update_layout(
            title_text="Share of each signup cohort active on day N after signup",
            title_font_size=14,
            height=420,
            width=760,
            margin=dict(t=50, b=40, l=60, r=20),
            xaxis_title="day after signup (calendar days; day 0 is the signup day)",
            yaxis_title="day-N retention",
            yaxis_tickformat=".0%",
            yaxis_range=[0, 0.65],
        )
        show(fig, _retention_summary(len(chosen), max_day, pooled_rate.iloc[-1]))

    chart = w.interactive_output(draw, {"chosen": picker})
    return w.HBox([picker, chart])


def _retention_summary(cohorts: int, max_day: int, pooled_last: float) -> str:
    return (
        f"Retention of {cohorts} chosen signup cohorts over the first {max_day} days after signup, drawn against "
        f"the pooled curve of all cohorts, which ends at {pooled_last:.0%}."
    )
