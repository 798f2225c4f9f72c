"""In JupyterLab's dark theme, in chromium: does a failing check show one box, and do a lesson's charts read?

A real ``jupyter lab`` serves copies of a lesson and of a small notebook with one failing and one
passing check; chromium runs them. Screenshots go to test-artifacts/learner-view/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import REPO
from hub_harness import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for

ARTIFACTS = REPO / "test-artifacts" / "learner-view"
TOKEN = "learner-view-test-token"  # the test's own server, on loopback only
LESSON = "01_estimation"
SETTINGS = {  # dark theme, no news pop-up, every cell kept on the page
    "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {"theme": "JupyterLab Dark"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
CHECKS = [
    "from tpm_course.core.outcome import Outcome, Status\nfrom tpm_course.core.question import report",
    "report(Outcome(Status.CORRECT, 'Right: the total counts all three'))",
    "report(Outcome(Status.INCORRECT, 'The `total` is wrong', ['You summed `a` and `b`: add `c` too.']))",
]  # the failing check last: Run All stops at an error

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason="chromium is not installed")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server in the dark theme over a folder with the lesson and the checks notebook."""
    import nbformat

    root = tmp_path_factory.mktemp("learner-view")
    (root / "lessons").mkdir()
    shutil.copy(REPO / "lessons" / f"{LESSON}.ipynb", root / "lessons")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in CHECKS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, root / "checks.ipynb")
    config = tmp_path_factory.mktemp("lab-config")
    for name, values in SETTINGS.items():
        path = config / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_RUNTIME_DIR": str(config / "runtime")}
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}"]
    command += [f"--ServerApp.token={TOKEN}", "--ServerApp.allow_root=True", f"--ServerApp.root_dir={root}"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(f"{url}/api/status?token={TOKEN}"), 60, "jupyter lab")
        yield url, root
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def run_all(page) -> None:
    """Run > Run All Cells, then wait until the kernel is idle again."""
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_timeout(500)
    wait_for(lambda: page.locator("#jp-main-statusbar").get_by_text("Idle").count() > 0, 180, "kernel idle")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=60_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, url: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    return page


def test_a_failing_check_shows_one_box_in_the_dark_theme(lab, browser):
    from playwright.sync_api import expect

    url, _ = lab
    page = open_page(browser, f"{url}/lab/tree/checks.ipynb?token={TOKEN}&reset")
    try:
        run_all(page)
        assert page.locator("body").get_attribute("data-jp-theme-light") == "false"
        failing = page.locator(".jp-Cell").nth(2)
        expect(failing.locator(".tpm-check.tpm-fails")).to_be_visible()
        assert failing.locator(".tpm-check").count() == 1
        error = failing.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert error.count() == 1, "the error nbgrader needs is in the page"
        expect(error).to_be_hidden()
        expect(page.locator(".jp-Cell").nth(1).locator(".tpm-check.tpm-correct")).to_be_visible()
        colour = failing.locator(".tpm-check").evaluate("e => getComputedStyle(e).color")
        assert _luminance(colour) > 0.6, f"the box's text is {colour} on a dark page"
        failing.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "dark-feedback.png")
    except Exception:
        page.screenshot(path=ARTIFACTS / "failure-feedback.png")
        raise


def test_a_lessons_charts_read_in_the_dark_theme(lab, browser):
    from playwright.sync_api import expect

    url, _ = lab
    page = open_page(browser, f"{url}/lab/tree/lessons/{LESSON}.ipynb?token={TOKEN}&reset")
    try:
        run_all(page)
        charts = page.locator(".js-plotly-plot")
        expect(charts.last).to_be_visible()
        assert charts.count() >= 3
        chart = charts.first
        chart.scroll_into_view_if_needed()
        background = chart.locator(".main-svg").first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background in ("rgba(0, 0, 0, 0)", "transparent"), background
        assert page.get_by_text("Chart: Latency numbers").count() == 1  # the text alternative under it
        page.wait_for_timeout(300)
        page.screenshot(path=ARTIFACTS / "dark-lesson-chart.png")
        slider = page.locator(".widget-slider").first
        readout = page.locator(".widget-html-content", has_text="Peak requests/s").first
        slider.scroll_into_view_if_needed()
        before = readout.inner_text()
        box = slider.locator(".noUi-handle").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        expect(readout).not_to_have_text(before)  # more users: more requests, written as people do
        assert not re.search(r"\d[eE][+-]?\d|\d[kMGTP]\b", readout.inner_text() + slider.inner_text())
        time.sleep(0.5)
        page.screenshot(path=ARTIFACTS / "dark-lesson-widget.png")
    except Exception:
        page.screenshot(path=ARTIFACTS / "failure-lesson.png")
        raise


def _luminance(css: str) -> float:
    """Relative lightness 0..1 of an ``rgb(r, g, b)`` or ``rgba(...)`` colour."""
    r, g, b = (int(float(v)) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


# Every lesson chart drawn by plotly.js in chromium: titles clear of notes and legends, and inside the figure.
LAYOUT_PROBLEMS = """() => {
  const boxes = (div, css) => Array.from(div.querySelectorAll(css)).map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0);
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const found = [];
  for (const div of document.querySelectorAll('.chart')) {
    const name = div.dataset.name, svg = div.querySelector('.main-svg').getBoundingClientRect();
    const titles = boxes(div, '.g-gtitle text'), notes = boxes(div, '.annotation-text-g');
    const legends = boxes(div, '.legend .bg');
    if (!titles.length) found.push(`${name}: no title drawn`);
    for (const t of titles) {
      if (t.top < svg.top - 1 || t.right > svg.right + 1) found.push(`${name}: title cut by the figure's edge`);
      for (const other of [...notes, ...legends]) if (hit(t, other)) found.push(`${name}: title over a note or legend`);
    }
    notes.forEach((a, i) => notes.slice(i + 1).forEach(b => { if (hit(a, b)) found.push(`${name}: notes overlap`); }));
    for (const n of notes) for (const l of legends) if (hit(n, l)) found.push(`${name}: note over the legend`);
  }
  return found;
}"""


def lesson_figures() -> dict[str, list[dict]]:
    """name -> plotly figure, for every chart every lesson shows (run in real kernels, as test_lesson_display)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from test_lesson_display import LESSONS, WORKERS, execute, figures

    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        notebooks = dict(zip(LESSONS, pool.map(execute, LESSONS), strict=True))
    return {f"{path.stem} chart {i + 1}": f for path, nb in notebooks.items() for i, (f, _) in enumerate(figures(nb))}


def test_no_chart_title_runs_over_its_notes_its_legend_or_the_figures_edge(browser, tmp_path):
    import plotly.graph_objects as go
    import plotly.io as pio

    charts = lesson_figures()
    parts = [
        f"<div class='chart' data-name='{name}' style='width:900px'>"
        + pio.to_html(go.Figure(figure), full_html=False, include_plotlyjs=(i == 0))
        + "</div>"
        for i, (name, figure) in enumerate(charts.items())
    ]
    page_file = tmp_path / "charts.html"
    page_file.write_text(f"<html><body>{''.join(parts)}</body></html>", encoding="utf-8")
    page = open_page(browser, page_file.as_uri())
    page.wait_for_function(f"document.querySelectorAll('.chart .main-svg').length >= {len(charts)}")
    page.wait_for_timeout(500)
    problems = page.evaluate(LAYOUT_PROBLEMS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("template", ["classic", "lab"])
def test_a_failing_check_shows_one_box_in_nbconverts_pages_too(browser, tmp_path, template):
    """nbgrader's feedback pages use nbconvert's classic template: the box shows, its error line does not."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in (CHECKS[0], CHECKS[2])])
    NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True).execute()
    assert [o.output_type for o in notebook.cells[1].outputs] == ["display_data", "error"]
    body, _ = HTMLExporter(template_name=template).from_notebook_node(notebook)
    (tmp_path / "page.html").write_text(body, encoding="utf-8")
    page = open_page(browser, (tmp_path / "page.html").as_uri())
    error = page.locator(".output_error" if template == "classic" else '[data-mime-type*="stderr"]')
    assert error.count() == 1 and not error.first.is_visible()
    assert page.locator(".tpm-check.tpm-fails").count() == 1 and page.locator(".tpm-check").first.is_visible()
