"""A Sphinx extension for the website: marks the pages that draw plotly charts, so they load plotly.js.

The site's ``page.html`` (site/_templates/) then loads plotly.js, served from the site itself, in the head.
"""

from __future__ import annotations

CHART_MARK = "plotly-graph-div"  # the class of every chart's div in plotly's HTML


def mark_pages_with_charts(app, pagename, templatename, context, doctree) -> None:
    context["tpm_charts"] = CHART_MARK in context.get("body", "")


def setup(app) -> dict:
    from .widget_replies import install

    install()
    app.connect("html-page-context", mark_pages_with_charts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
