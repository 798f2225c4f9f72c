"""The lesson's explorer: which items a quarter's capacity buys, with debt valued at its interest or at nothing."""

from __future__ import annotations

_COLOURS = {"feature": "#4c78a8", "compliance": "#f58518", "debt": "#54a24b"}


def _figure(items, kinds: dict, chosen: list[str], title: str):
    import plotly.graph_objects as go

    rows = items.assign(kind=items["id"].map(kinds), chosen=items["id"].isin(chosen))
    rows = rows.sort_values(["chosen", "value"], ascending=[False, True])
    fig = go.Figure(
        go.Bar(
            x=rows["effort_weeks"],
            y=rows["id"],
            orientation="h",
            marker_color=[_COLOURS[k] for k in rows["kind"]],
            marker_opacity=[1.0 if c else 0.25 for c in rows["chosen"]],
            text=[f"${v:,.0f}" + (" ✓" if c else "") for v, c in zip(rows["value"], rows["chosen"])],
            textposition="outside",
        )
    )
    fig.update_layout(
        title_text=title,
        title_font_size=14,
        xaxis_title="effort, engineer-weeks (faded: not in the plan; colour: feature, compliance, debt)",
        height=360,
        width=780,
        margin=dict(t=50, b=40, l=140, r=60),
    )
    fig.update_xaxes(range=[0, rows["effort_weeks"].max() * 1.5])
    return fig


def plan_explorer(items, kinds: dict, interest: dict):
    """A capacity slider and a switch that values debt at its interest: the plan milp picks, redrawn."""
    import ipywidgets as w

    from tpm_course.charts import show
    from tpm_course.topics.prioritisation.plan import plan, total

    capacity = w.IntSlider(value=20, min=8, max=36, step=1, description="Capacity, weeks", continuous_update=False)
    price_debt = w.Checkbox(value=True, description="Value debt at its interest", style={"description_width": "0px"})

    def draw(capacity, price_debt):
        valued = items.assign(value=[interest.get(i, v) if price_debt else (0.0 if i in interest else v)
                                     for i, v in zip(items["id"], items["value"])])  # fmt: skip
        try:
            chosen = plan(valued, capacity)
        except ValueError:
            print(f"No plan fits {capacity} weeks: the deadline items alone need more.")
            return
        title = (
            f"{capacity} weeks buy ${total(valued, chosen, 'value'):,.0f} a quarter "
            f"with {total(valued, chosen, 'effort_weeks'):g} weeks of work"
        )
        show(
            _figure(valued, kinds, chosen, title),
            f"With {capacity} weeks the plan takes {len(chosen)} of {len(valued)} items, worth "
            f"${total(valued, chosen, 'value'):,.0f} a quarter; faded bars are the items left out.",
        )

    chart = w.interactive_output(draw, {"capacity": capacity, "price_debt": price_debt})
    return w.VBox([w.HBox([capacity, price_debt]), chart])
