"""An IPython extension for the website's build kernels: plotly figures as HTML drawn by the site's own plotly.js.

In JupyterLab a figure is plotly's JSON mime type, which a static site cannot draw; plotly's HTML
renderers either inline plotly.js in every output or load it (and MathJax) from a CDN. This one
emits the figure's div and script only; the site serves plotly.js from the plotly package.
"""

from __future__ import annotations

RENDERER = "tpm_site"


def load_ipython_extension(ipython) -> None:
    """Make ``RENDERER`` plotly's default in this kernel."""
    import plotly.io as pio
    from plotly.io.base_renderers import MimetypeRenderer

    class SiteRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            html = pio.to_html(
                fig_dict,
                include_plotlyjs=False,
                include_mathjax=False,
                full_html=False,
                default_width="100%",
                validate=False,
            )
            return {"text/html": html}

    pio.renderers[RENDERER] = SiteRenderer()
    pio.renderers.default = RENDERER
