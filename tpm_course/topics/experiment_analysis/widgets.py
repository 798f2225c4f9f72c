"""A peeking explorer: look at an A/A test more often and watch the false positives pile up."""

from __future__ import annotations

from tpm_course.topics.experiment_analysis.peeking import SEED, aa_z_paths

_SHOWN_RUNS = 40


def _figure(z, alpha: float):
    """Cumulative z of some A/A runs, one look a day; red where a run crossed the threshold at some look."""
    import numpy as np
    import plotly.graph_objects as go
    from scipy.stats import norm

    threshold = norm.isf(alpha / 2)
    crossed = (np.abs(z) > threshold).any(axis=1)
    days = np.arange(1, z.shape[1] + 1)
    fig = go.Figure()
    for path, hit in zip(z[:_SHOWN_RUNS], crossed[:_SHOWN_RUNS]):
        fig.add_trace(
            go.Scatter(
                x=days,
                y=path,
                mode="lines+markers" if len(days) == 1 else "lines",
                line=dict(width=1.2, color="#d1495b" if hit else "#9aa5b1"),
                opacity=0.9 if hit else 0.5,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for sign in (1, -1):
        fig.add_hline(y=sign * threshold, line_dash="dash", line_color="grey")
    fig.update_layout(
        height=380,
        width=760,
        margin=dict(t=70, b=40, l=60, r=20),
        title_font_size=14,
        title_text=(
            f"{crossed.mean():.1%} of {len(z):,} A/A tests looked significant at least once "
            f"in {z.shape[1]} looks<br>(nominal {alpha:.1%}); {_SHOWN_RUNS} of them drawn"
        ),
        xaxis_title="day of the test (one look a day)",
        yaxis_title="z of the data so far",
    )
    fig.update_yaxes(range=[-4.5, 4.5])
    return fig


def peeking_explorer(rate: float, users_per_day: int, runs: int = 2_000):
    """A slider for the number of daily looks and one for alpha, and the A/A runs they flag."""
    import ipywidgets as w

    from tpm_course.charts import show

    style, layout = {"description_width": "150px"}, w.Layout(width="460px")
    looks = w.IntSlider(
        value=14, min=1, max=30, description="Days checked", continuous_update=False, style=style, layout=layout
    )
    alpha = w.SelectionSlider(
        options=[("0.10", 0.10), ("0.05", 0.05), ("0.01", 0.01), ("0.001", 0.001)],
        value=0.05,
        description="Alpha (two-sided)",
        continuous_update=False,
        style=style,
        layout=layout,
    )

    def draw(looks, alpha):
        import numpy as np
        from scipy.stats import norm

        z = aa_z_paths(looks, users_per_day, rate, runs, SEED)
        crossed = (np.abs(z) > norm.isf(alpha / 2)).any(axis=1).mean()
        show(
            _figure(z, alpha),
            f"Looking {looks} times, {crossed:.1%} of A/A tests with no real difference cross the dashed "
            f"significance lines at least once, against the {alpha:.1%} a single look would give.",
        )

    chart = w.interactive_output(draw, {"looks": looks, "alpha": alpha})
    return w.VBox([looks, alpha, chart])
