"""Explorers over the shop database: each control re-runs a SQL query and redraws its chart."""

from __future__ import annotations

import html

from tpm_course.data import run_query
from tpm_course.topics.apis.datasets import ANDROID_BUG_FROM, EMAIL_DAY, IOS_DOUBLE_VIEWS

MEASURES = {
    "distinct users (DAU)": "COUNT(DISTINCT e.user_id)",
    "sessions": "COUNT(DISTINCT e.session_id)",
    "events": "COUNT(*)",
}
PLATFORMS = ["all platforms", "web", "ios", "android"]
STEPS = {
    "viewed → added to cart": ("view_item", "add_to_cart"),
    "added to cart → began checkout": ("add_to_cart", "begin_checkout"),
    "began checkout → purchased": ("begin_checkout", "purchase"),
}


def activity_sql(measure: str, platform: str) -> str:
    """Daily activity on one measure, for every platform or one."""
    where = "" if platform == PLATFORMS[0] else f"WHERE u.platform = '{platform}'\n"
    return (
        f"SELECT date(e.event_time) AS day, {MEASURES[measure]} AS value\n"
        f"FROM events AS e JOIN users AS u ON u.user_id = e.user_id\n{where}"
        f"GROUP BY day\nORDER BY day"
    )


def funnel_step_sql(step: str) -> str:
    """Weekly conversion of one funnel step by platform, among the users who reached the step before."""
    before, after = STEPS[step]
    week = "date(event_time, 'weekday 0', '-6 days')"
    return (
        f"WITH reached AS (SELECT DISTINCT user_id, {week} AS week FROM events WHERE event_name = '{before}'),\n"
        f"     went_on AS (SELECT DISTINCT user_id, {week} AS week FROM events WHERE event_name = '{after}')\n"
        f"SELECT r.week, u.platform, COUNT(*) AS reached, COUNT(w.user_id) AS went_on,\n"
        f"       1.0 * COUNT(w.user_id) / COUNT(*) AS conversion\n"
        f"FROM reached AS r\nJOIN users AS u ON u.user_id = r.user_id\n"
        f"LEFT JOIN went_on AS w ON w.user_id = r.user_id AND w.week = r.week\n"
        f"GROUP BY r.week, u.platform\nORDER BY r.week, u.platform"
    )


def _shown(sql: str):
    import ipywidgets as w

    return w.HTML(f"<pre style='font-size:85%;line-height:1.25;margin:0'>{html.escape(sql)}</pre>")


def activity_explorer(connection):
    """A measure and a platform to pick; the daily series from SQL, and the query that made it."""
    import ipywidgets as w
    import plotly.express as px

    from tpm_course.charts import show

    measure = w.Dropdown(options=list(MEASURES), value="events", description="Count")
    platform = w.Dropdown(options=PLATFORMS, value=PLATFORMS[0], description="Platform")
    query = w.HTML()

    def draw(measure, platform):
        sql = activity_sql(measure, platform)
        query.value = _shown(sql).value
        daily = run_query(sql, connection)
        fig = px.line(
            daily,
            x="day",
            y="value",
            markers=True,
            labels={"day": "", "value": measure},
            title=f"{measure.capitalize()} per day, {platform}",
        )
        fig.add_vline(x=EMAIL_DAY.isoformat(), line_dash="dot", line_color="seagreen")
        fig.add_annotation(x=EMAIL_DAY.isoformat(), y=1.02, yref="paper", text="win-back e-mail", showarrow=False)
        fig.add_vrect(
            x0=IOS_DOUBLE_VIEWS[0].isoformat(),
            x1=IOS_DOUBLE_VIEWS[-1].isoformat(),
            fillcolor="firebrick",
            opacity=0.12,
            line_width=0,
        )
        fig.add_annotation(
            x=IOS_DOUBLE_VIEWS[-1].isoformat(),
            y=0.02,
            yref="paper",
            text="iOS release",
            showarrow=False,
            xanchor="left",
        )
        fig.update_yaxes(rangemode="tozero")
        fig.update_layout(height=380, margin=dict(t=50, b=30, l=50, r=20))
        peak = daily.loc[daily["value"].idxmax()]
        show(
            fig,
            f"{measure.capitalize()} per day on {platform}, highest on {peak['day']} at {peak['value']:,.0f}; "
            "the dotted line marks the win-back e-mail and the shaded days the iOS release.",
        )

    chart = w.interactive_output(draw, {"measure": measure, "platform": platform})
    return w.VBox([w.HBox([measure, platform]), chart, w.Accordion([query], titles=["The query behind the chart"])])


def funnel_explorer(connection):
    """A funnel step to pick; its weekly conversion by platform from SQL, and the query that made it."""
    import ipywidgets as w
    import plotly.express as px

    from tpm_course.charts import show

    step = w.Dropdown(
        options=list(STEPS), value="viewed → added to cart", description="Step", layout=w.Layout(width="380px")
    )
    query = w.HTML()

    def draw(step):
        sql = funnel_step_sql(step)
        query.value = _shown(sql).value
        weekly = run_query(sql, connection)
        fig = px.line(
            weekly,
            x="week",
            y="conversion",
            color="platform",
            markers=True,
            hover_data=["reached", "went_on"],
            labels={"week": "week starting", "conversion": "conversion"},
            title=f"Weekly conversion, {step}",
        )
        fig.add_vline(x=ANDROID_BUG_FROM.isoformat(), line_dash="dot", line_color="grey")
        fig.add_annotation(
            x=ANDROID_BUG_FROM.isoformat(), y=1.02, yref="paper", text="Android release", showarrow=False
        )
        fig.update_yaxes(range=[0, 1], tickformat=".0%")
        fig.update_layout(height=380, margin=dict(t=50, b=30, l=50, r=20))
        lowest = weekly.loc[weekly["conversion"].idxmin()]
        show(
            fig,
            f"Weekly conversion of the step {step} by platform; the lowest is {lowest['platform']} "
            f"in the week of {lowest['week']}, at {lowest['conversion']:.0%}.",
        )

    chart = w.interactive_output(draw, {"step": step})
    return w.VBox([step, chart, w.Accordion([query], titles=["The query behind the chart"])])
