"""The lesson's ripple explorer: peak factor, SLO and model price move the pilot brief's sections together."""

from __future__ import annotations

from ... import charts
from .pilot import ripple
from .rules import price_row

_MODELS = ["gemini-2.5-flash-lite", "gpt-4.1-mini", "gemini-2.5-flash", "gpt-4.1", "claude-sonnet-4"]
_LABELS = {
    "capacity": "Servers needed / planned",
    "reliability": "Chain's downtime / SLO's budget",
    "rollout": "First stage: hours needed / planned",
    "ai_assistant": "Assistant cost / budget",
}


def ripple_figure(peak_factor: float, slo: float, model: str):
    """Bars of the share of each section's limit the pilot brief uses; red where a section breaks."""
    import plotly.graph_objects as go

    sections = ripple(peak_factor, slo, model)
    used = [min(v["figure"] / v["limit"], 3.0) for v in sections.values()]  # cut at 300 % to keep the scale
    text = [f"{v['figure']:,.1f} {v['unit']} of {v['limit']:,.4g}" for v in sections.values()]
    colours = ["#d1495b" if u > 1 else "#2e8b57" for u in used]
    fig = go.Figure(
        go.Bar(
            x=[u * 100 for u in used],
            y=[_LABELS[k] for k in sections],
            orientation="h",
            marker_color=colours,
            text=text,
            textposition="auto",
        )
    )
    fig.add_vline(x=100, line_dash="dash", line_color="grey", annotation_text="the limit")
    fig.update_layout(
        title=f"Peak factor {peak_factor:g}, SLO {slo * 100:g} %, {model}",
        xaxis_title="share of the section's limit used, % (cut at 300)",
        xaxis_range=[0, 310],
        height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
    )
    return fig


def show_ripple(peak_factor: float, slo: float, model: str) -> None:
    """The chart with its one-sentence summary under it."""
    charts.show(ripple_figure(peak_factor, slo, model), ripple_summary(peak_factor, slo, model))


def ripple_summary(peak_factor: float, slo: float, model: str) -> str:
    """The chart in one sentence: how many sections hold, and the one nearest its limit."""
    sections = ripple(peak_factor, slo, model)
    shares = {_LABELS[k]: v["figure"] / v["limit"] for k, v in sections.items()}
    nearest = max(shares, key=shares.get)
    within = sum(share <= 1 for share in shares.values())
    return (
        f"{within} of {len(shares)} sections stay within their limits; "
        f"the fullest is {nearest.lower()}, at {shares[nearest] * 100:,.0f} % of its limit."
    )


def ripple_explorer():
    """Three controls (peak factor, SLO, the assistant's model and price) redrawing the pilot's sections."""
    import ipywidgets as w

    def model_label(model: str) -> str:
        row = price_row(model)
        return f"{model} (${row['input_usd_per_mtok']:g} in / ${row['output_usd_per_mtok']:g} out per Mtok)"

    controls = {
        "peak_factor": w.FloatSlider(
            value=2.4,
            min=1.5,
            max=4.0,
            step=0.1,
            description="Peak factor",
            continuous_update=False,
            style={"description_width": "110px"},
        ),
        "slo": w.SelectionSlider(
            options=[(f"{v * 100:g} %", v) for v in (0.99, 0.995, 0.9975, 0.998, 0.999)],
            value=0.995,
            description="SLO",
            continuous_update=False,
            style={"description_width": "110px"},
        ),
        "model": w.Dropdown(
            options=[(model_label(m), m) for m in _MODELS],
            value="gemini-2.5-flash",
            description="Model, price",
            style={"description_width": "110px"},
            layout=w.Layout(width="480px"),
        ),
    }

    return w.VBox([w.VBox(list(controls.values())), w.interactive_output(show_ripple, controls)])
