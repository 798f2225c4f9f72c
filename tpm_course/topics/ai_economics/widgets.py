"""Two explorers: a month's token bill by model, routing and cache, and a router's threshold by expected cost."""

from __future__ import annotations

from tpm_course.topics.ai_economics.maths import expected_cost, impact_ratio, price_rows, selection_rates

_LAYOUT = {"description_width": "190px"}


def _bill_parts(log, sheet, large: str, small: str, route: bool, cache_hit: float) -> dict:
    """Dollars of the log by part (uncached input, cached input, output), with the cache hit rate replaced."""
    parts = {"uncached input": 0.0, "cached input": 0.0, "output": 0.0}
    for kind, part in log.groupby("kind"):
        model = small if route and kind == "easy" else large
        price = price_rows(sheet, model, part["prompt_tokens"])
        cacheable = part["cached_tokens"].max()  # the system prompt every request starts with
        cached = cache_hit * cacheable
        parts["uncached input"] += float(((part["prompt_tokens"] - cached) * price["input_usd_per_mtok"]).sum())
        parts["cached input"] += float((cached * price["cached_input_usd_per_mtok"]).sum())
        parts["output"] += float((part["output_tokens"] * price["output_usd_per_mtok"]).sum())
    return {k: v / 1_000_000 for k, v in parts.items()}


def _bill_figure(parts: dict, scale: float, title: str):
    import plotly.graph_objects as go

    monthly = {k: v * scale for k, v in parts.items()}
    fig = go.Figure(go.Bar(x=list(monthly.values()), y=list(monthly), orientation="h", marker_color="#4c78a8"))
    fig.update_layout(
        title_text=f"{title}: ${sum(monthly.values()):,.0f} a month",
        title_font_size=14,
        xaxis_title="US dollars a month",
        height=300,
        width=760,
        margin=dict(t=50, b=40, l=130, r=30),
    )
    return fig


def cost_explorer(log, sheet, requests_per_month: float):
    """Pick the large and the small model, route easy requests or not, and move the cache hit rate."""
    import ipywidgets as w

    from tpm_course.charts import show

    models = sorted(sheet.loc[sheet["tier"] == "standard", "model"].unique())
    large = w.Dropdown(options=models, value="gpt-4.1", description="Model for hard requests", style=_LAYOUT)
    small = w.Dropdown(options=models, value="gpt-4.1-mini", description="Model for easy requests", style=_LAYOUT)
    route = w.Checkbox(value=False, description="Route easy requests to the small model", style=_LAYOUT)
    hit = w.FloatSlider(
        value=0.8,
        min=0,
        max=1,
        step=0.05,
        description="Cache hit rate",
        readout_format=".0%",
        style=_LAYOUT,
        continuous_update=False,
    )
    scale = requests_per_month / len(log)
    date = sheet["price_date"].iloc[0]

    def draw(large, small, route, cache_hit):
        parts = _bill_parts(log, sheet, large, small, route, cache_hit)
        title = f"{large} for all" if not route else f"{small} for easy, {large} for hard"
        largest = max(parts, key=parts.get)
        show(
            _bill_figure(parts, scale, f"{title} (prices of {date})"),
            f"The month costs ${sum(parts.values()) * scale:,.0f}, most of it {largest} "
            f"(${parts[largest] * scale:,.0f}) at a cache hit rate of {cache_hit:.0%}.",
        )

    chart = w.interactive_output(draw, {"large": large, "small": small, "route": route, "cache_hit": hit})
    return w.VBox([large, small, route, hit, chart])


def _threshold_figure(tickets, cost_fp: float, cost_fn: float, chosen: float, thresholds):
    import plotly.graph_objects as go

    costs = [expected_cost(tickets["score"], tickets["urgent"], t, cost_fp, cost_fn) for t in thresholds]
    best = thresholds[costs.index(min(costs))]
    rates = selection_rates(tickets["score"] >= chosen, tickets["language"])
    fig = go.Figure(go.Scatter(x=thresholds, y=costs, mode="lines+markers", name="expected cost"))
    fig.add_vline(x=chosen, line_dash="dash", line_color="#d1495b", annotation_text=f"your threshold {chosen:.2f}")
    fig.add_vline(x=best, line_dash="dot", line_color="#2e8b57", annotation_text=f"cheapest {best:.2f}")
    fig.update_layout(
        title_text=(
            f"Cost ${expected_cost(tickets['score'], tickets['urgent'], chosen, cost_fp, cost_fn):,.0f} at "
            f"{chosen:.2f};<br>four-fifths ratio {impact_ratio(rates):.2f}: "
            + ", ".join(f"{k} {v:.1%}" for k, v in sorted(rates.items()))
        ),
        title_font_size=13,
        xaxis_title="threshold (flag a ticket when its score is at or above it)",
        yaxis_title="dollars: FP x cost(FP) + FN x cost(FN)",
        height=400,
        width=780,
        margin=dict(t=90, b=40, l=70, r=20),
        showlegend=False,
    )
    return fig


def threshold_explorer(tickets):
    """Sliders for the cost of a false alarm, the cost of a miss and the threshold; the cost curve and the screen."""
    import ipywidgets as w

    from tpm_course.charts import show

    thresholds = [round(0.05 * i, 2) for i in range(1, 20)]
    fp = w.IntSlider(value=15, min=1, max=60, description="Cost of a false alarm, $", style=_LAYOUT)
    fn = w.IntSlider(value=25, min=1, max=200, description="Cost of a missed urgent ticket, $", style=_LAYOUT)
    chosen = w.SelectionSlider(
        options=[(f"{t:.2f}", t) for t in thresholds], value=0.5, description="Threshold", style=_LAYOUT
    )
    for control in (fp, fn, chosen):
        control.continuous_update = False

    def draw(cost_fp, cost_fn, chosen):
        costs = {t: expected_cost(tickets["score"], tickets["urgent"], t, cost_fp, cost_fn) for t in thresholds}
        show(
            _threshold_figure(tickets, cost_fp, cost_fn, chosen, thresholds),
            f"The expected cost is ${costs[chosen]:,.0f} at your threshold of {chosen:.2f} and lowest, "
            f"${min(costs.values()):,.0f}, at {min(costs, key=costs.get):.2f}.",
        )

    chart = w.interactive_output(draw, {"cost_fp": fp, "cost_fn": fn, "chosen": chosen})
    return w.VBox([fp, fn, chosen, chart])
