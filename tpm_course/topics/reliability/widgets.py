"""Two explorers: what a dependency chain can promise, and how fast a month's error budget burns."""

from __future__ import annotations

from tpm_course.topics.reliability.maths import allowed_downtime, allowed_failures, behind_shared, in_series

_STEPS = [0.99, 0.995, 0.998, 0.999, 0.9992, 0.9995, 0.9997, 0.9998, 0.9999, 0.99995, 0.99999]
_TARGETS = [0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999]
_WINDOW_DAYS = 30

# The lesson's Instant Payouts chain: (label, availability it starts at).
_PAYOUTS_CHAIN = {
    "payouts": ("Payouts service", 0.9995),
    "ledger": ("Ledger database", 0.9999),
    "fraud": ("Fraud scoring", 0.9997),
    "bank": ("Bank API, own failures", 0.9992),
    "scheme": ("Payment scheme (shared)", 0.9998),
}


def _percent(value: float) -> str:
    """0.9995 -> '99.95 %', with as many decimals as the value needs (up to four)."""
    text = f"{value * 100:.4f}".rstrip("0").rstrip(".")
    return f"{text} %"


def _selector(label: str, start: float, options=_STEPS):
    import ipywidgets as w

    return w.SelectionSlider(
        options=[(_percent(v), v) for v in options],
        value=start,
        description=label,
        continuous_update=False,
        layout=w.Layout(width="430px"),
        style={"description_width": "170px"},
    )


def _chain(values: dict, second_bank: bool) -> list[tuple[str, float]]:
    """(block, availability) in series: the bank partners sit behind the payment scheme they share."""
    banks = [values["bank"], values["bank"]] if second_bank else [values["bank"]]
    bank_block = "Bank partners behind the scheme" if second_bank else "Bank API behind the scheme"
    return [
        (_PAYOUTS_CHAIN["payouts"][0], values["payouts"]),
        (_PAYOUTS_CHAIN["ledger"][0], values["ledger"]),
        (_PAYOUTS_CHAIN["fraud"][0], values["fraud"]),
        (bank_block, behind_shared(banks, values["scheme"])),
    ]


def _chain_figure(blocks, target: float):
    import plotly.graph_objects as go

    total = in_series(a for _, a in blocks)
    names = [name for name, _ in blocks] + ["Whole chain"]
    minutes = [allowed_downtime(a, _WINDOW_DAYS) if a < 1 else 0.0 for _, a in blocks]
    minutes.append(allowed_downtime(total, _WINDOW_DAYS) if total < 1 else 0.0)
    budget = allowed_downtime(target, _WINDOW_DAYS)
    colours = ["#8c9eb5"] * len(blocks) + ["#d1495b" if minutes[-1] > budget else "#2e8b57"]
    fig = go.Figure(
        go.Bar(
            x=minutes,
            y=names,
            orientation="h",
            marker_color=colours,
            text=[f"{m:,.1f} min" for m in minutes],
            textposition="outside",
        )
    )
    fig.add_vline(
        x=budget,
        line_dash="dash",
        line_color="grey",
        annotation_text=f"{_percent(target)} allows {budget:,.2f} min",
        annotation_position="top",
    )
    verdict = "cannot honestly promise" if minutes[-1] > budget else "can promise"
    fig.update_layout(
        title_text=f"Chain availability {_percent(total)}: it {verdict} {_percent(target)}",
        title_font_size=14,
        xaxis_title=f"expected downtime per {_WINDOW_DAYS} days, minutes",
        height=340,
        width=780,
        margin=dict(t=50, b=40, l=220, r=40),
    )
    fig.update_xaxes(range=[0, max([*minutes, budget]) * 1.25])
    fig.update_yaxes(autorange="reversed")
    return fig


def chain_explorer():
    """Sliders for each dependency of the payouts chain, a second bank partner and a target SLO."""
    import ipywidgets as w

    from tpm_course.charts import show

    controls = {key: _selector(label, start) for key, (label, start) in _PAYOUTS_CHAIN.items()}
    controls["second_bank"] = w.Checkbox(
        value=False,
        description="Add a second bank partner (same scheme)",
        layout=w.Layout(width="430px"),
        style={"description_width": "0px"},
    )
    controls["target"] = _selector("Target SLO", 0.99999, _TARGETS)

    def draw(second_bank, target, **values):
        blocks = _chain(values, second_bank)
        total = in_series(a for _, a in blocks)
        show(
            _chain_figure(blocks, target),
            f"The whole chain is available {_percent(total)} of the time, which allows "
            f"{allowed_downtime(total, _WINDOW_DAYS):,.1f} minutes down in {_WINDOW_DAYS} days against the "
            f"{allowed_downtime(target, _WINDOW_DAYS):,.2f} minutes a {_percent(target)} target allows.",
        )

    chart = w.interactive_output(draw, controls)
    return w.VBox([w.VBox(list(controls.values())), chart])


# -- the error budget of a month ------------------------------------------------------


def _hourly(frame, drop_outage: bool):
    """Requests and errors per hour of the month; optionally with the payment outage's failures at baseline."""
    from tpm_course.topics.reliability.datasets import BASELINE_ERROR_RATE, OUTAGE

    frame = frame.copy()
    if drop_outage:
        start = frame.index[frame["start"] == OUTAGE[0]][0]
        outage = frame.index[start : start + len(OUTAGE[1])]
        frame.loc[outage, "errors"] = (frame.loc[outage, "requests"] * BASELINE_ERROR_RATE).round()
    frame["hour"] = frame["start"].str.slice(0, 13) + ":00"
    return frame.groupby("hour", sort=True)[["requests", "errors"]].sum().reset_index()


def _budget_figure(hourly, slo: float):
    import plotly.graph_objects as go

    budget = allowed_failures(slo, hourly["requests"].sum())
    remaining = 1 - hourly["errors"].cumsum() / budget
    steady = 1 - hourly["requests"].cumsum() / hourly["requests"].sum()
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=hourly["hour"], y=steady * 100, name="spending exactly on budget", line=dict(dash="dot", color="#8c9eb5")
        )
    )
    fig.add_trace(go.Scatter(x=hourly["hour"], y=remaining * 100, name="budget left", line=dict(color="#d1495b")))
    fig.add_hline(y=0, line_color="grey")
    spent = 1 - remaining.iloc[-1]
    gone = hourly["hour"][remaining < 0]
    ending = f", gone on {int(gone.iloc[0][8:10])} June at {gone.iloc[0][11:16]}" if len(gone) else ""
    fig.update_layout(
        title_text=f"SLO {_percent(slo)}: June spent {spent:.0%} of its error budget{ending}",
        title_font_size=14,
        yaxis_title="error budget left, % of the month's",
        height=380,
        width=780,
        margin=dict(t=50, b=40, l=60, r=20),
        legend=dict(orientation="h", y=-0.15),
    )
    fig.update_yaxes(range=[min(-10, remaining.min() * 100 - 5), 105])
    return fig


def _budget_readout(hourly, slo: float) -> str:
    requests, errors = hourly["requests"].sum(), hourly["errors"].sum()
    budget = allowed_failures(slo, requests)
    rows = [
        ("Requests in June", f"{requests:,}"),
        ("Failures the SLO allows", f"{budget:,.0f}"),
        ("Failures", f"{errors:,}"),
        ("Budget spent", f"{errors / budget:.0%}"),
        ("Achieved (success rate)", _percent(1 - errors / requests)),
    ]
    cells = "".join(f"<tr><td>{name}</td><td style='text-align:right'><b>{value}</b></td></tr>" for name, value in rows)
    return f"<table style='font-size:110%'>{cells}</table>"


def budget_explorer(frame):
    """An SLO slider and an outage switch over a month of checkout requests: the budget's burn-down."""
    import ipywidgets as w

    from tpm_course.charts import show

    slo = _selector("SLO", 0.999, [0.99, 0.995, 0.999, 0.9995, 0.9999])
    drop = w.Checkbox(
        value=False,
        description="Replay June without the payment outage",
        layout=w.Layout(width="430px"),
        style={"description_width": "0px"},
    )
    readout = w.HTML()
    months = {flag: _hourly(frame, flag) for flag in (False, True)}

    def draw(slo, drop_outage):
        hourly = months[drop_outage]
        readout.value = _budget_readout(hourly, slo)
        spent = hourly["errors"].sum() / allowed_failures(slo, hourly["requests"].sum())
        show(
            _budget_figure(hourly, slo),
            f"Over June the error budget of an SLO of {_percent(slo)} falls to {1 - spent:.0%} of itself, "
            "against the dotted line of spending exactly on budget.",
        )

    chart = w.interactive_output(draw, {"slo": slo, "drop_outage": drop})
    return w.VBox([w.HBox([w.VBox([slo, drop]), readout]), chart])
