"""What does a learner see when a lesson runs in a real kernel: readable numbers, described charts, one box per failing check?

Each lesson runs once in a fresh kernel (two at a time, as in test_notebooks.py); a last cell added
to the run lists every live widget and what each ipywidgets Output holds, so that the charts drawn
by the explorers are checked too, not only those of the lesson's own cells.
"""

from __future__ import annotations

import json
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

import nbformat
import pytest
from test_notebooks import WORKERS, client

from conftest import REPO, module_stems

LESSONS = [REPO / "lessons" / f"{stem}.ipynb" for stem in module_stems()]
PLOTLY = "application/vnd.plotly.v1+json"
PROBE = """
import json as _json
from ipywidgets.widgets.widget import _instances as _live
_seen = []
for _w in list(_live.values()):
    _row = {"type": type(_w).__name__, "description": getattr(_w, "description", "")}
    if hasattr(_w, "readout_format"):
        _row.update(format=_w.readout_format, readout=_w.readout, max=getattr(_w, "max", None))
    if type(_w).__name__ in ("SelectionSlider", "SelectionRangeSlider"):
        _row["labels"] = list(_w._options_labels)
    if type(_w).__name__ == "Output":
        _row["outputs"] = list(_w.outputs)
    _seen.append(_row)
print("WIDGETS " + _json.dumps(_seen, default=str))
"""
# d3-format as ipywidgets reads it: thousands separators and fixed decimals, or a percentage
READABLE_FORMAT = re.compile(r"^,?(\.\d+)?[df%]$")
UNREADABLE_TEXT = re.compile(r"\d[eE][+-]?\d|\d[kMGTP]\b(?!\w)")  # 1.74e+03, 1.00G, 150k
TEMPLATE_FORMAT = re.compile(r"%\{[^}:]*:[^}]*[esg~][^}]*\}")  # %{y:.3s}, %{x:~g}


def execute(path):
    """The lesson run top to bottom with the probe cell at the end."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client(notebook, path).execute()
    return notebook


@pytest.fixture(scope="module")
def executed():
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        futures = {path: pool.submit(execute, path) for path in LESSONS}
        return {path: future.exception() or future.result() for path, future in futures.items()}


def run(executed, path):
    result = executed[path]
    if isinstance(result, BaseException):
        raise result
    return result


def widgets(notebook) -> list[dict]:
    text = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.split("WIDGETS ", 1)[1])


def output_groups(notebook) -> list[list[dict]]:
    """The outputs of each cell and of each ipywidgets Output, one list each."""
    groups = [list(cell.get("outputs", [])) for cell in notebook.cells[:-1] if cell.cell_type == "code"]
    return groups + [w["outputs"] for w in widgets(notebook) if w["type"] == "Output"]


def figures(notebook) -> list[tuple[dict, list[dict]]]:
    """Every plotly figure shown, with the outputs around it."""
    return [(o["data"][PLOTLY], g) for g in output_groups(notebook) for o in g if PLOTLY in o.get("data", {})]


IDS = [p.stem for p in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_slider_reads_as_people_write_numbers(executed, path):
    """No readout in scientific or SI-suffix notation (1.74e+03, 1.00G); thousands separated from 10,000 up."""
    bad = []
    for w in widgets(run(executed, path)):
        if "format" in w and w["readout"]:
            readable = READABLE_FORMAT.match(w["format"])
            separated = "," in w["format"] or "%" in w["format"] or (w["max"] or 0) < 10_000
            if not (readable and separated):
                bad.append(f"{w['type']} {w['description']!r}: readout_format {w['format']!r}")
        bad += [f"{w['type']} {w['description']!r}: label {label!r}" for label in w.get("labels", [])
                if UNREADABLE_TEXT.search(label)]  # fmt: skip
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_every_chart_has_a_title_a_summary_printed_beside_it_and_reads_in_both_themes(executed, path):
    shown = figures(run(executed, path))
    assert shown, f"{path.name} shows no chart"
    for figure, group in shown:
        layout = figure["layout"]
        title = (layout.get("title") or {}).get("text")
        assert title, f"a chart of {path.name} has no title"
        summary = (layout.get("meta") or {}).get("summary", "")
        assert summary.endswith(".") and len(summary.split()) >= 6, f"{title!r} has no one-sentence summary"
        printed = "".join(o.get("text", "") for o in group if o.get("output_type") == "stream")
        assert summary in printed, f"{title!r}: its summary is not printed under it"
        assert layout.get("paper_bgcolor") == layout.get("plot_bgcolor") == "rgba(0,0,0,0)", title
        assert layout.get("font", {}).get("color"), f"{title!r} keeps plotly's dark-on-white text"
        axes = [k for k in layout if re.match(r"[xy]axis\d*$", k)]
        si_ticks = [k for k in axes if layout[k].get("exponentformat") != "none"]
        assert axes and not si_ticks, f"{title!r}: {si_ticks} may tick as 10k or 1M"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_chart_labels_and_hovers_read_as_people_write_numbers(executed, path):
    bad = []
    for figure, _ in figures(run(executed, path)):
        title = figure["layout"]["title"]["text"]
        for trace in figure["data"]:
            for key in ("hovertemplate", "texttemplate"):
                if TEMPLATE_FORMAT.search(str(trace.get(key, ""))):
                    bad.append(f"{title!r}: {key} {trace[key]!r}")
            texts = trace.get("text")
            for text in texts if isinstance(texts, list) else [texts] if isinstance(texts, str) else []:
                if UNREADABLE_TEXT.search(str(text)):
                    bad.append(f"{title!r}: label {text!r}")
        if UNREADABLE_TEXT.search(re.sub(r"<[^>]+>", " ", title)):
            bad.append(f"title {title!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_a_failing_self_check_shows_one_box_and_the_error_nbgrader_needs(executed, path):
    """Unanswered self-checks: one feedback box, then the error (hidden by the box's style), nothing else."""
    notebook = run(executed, path)
    failing = [c for c in notebook.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    assert failing, f"{path.name} has no unanswered self-check"
    for cell in failing:
        kinds = [o.output_type for o in cell.outputs]
        assert kinds == ["display_data", "error"], f"{cell.source!r}: outputs {kinds}"
        box = cell.outputs[0]["data"]["text/html"]
        assert box.count('class="tpm-check') == 1 and "tpm-fails" in box
        assert ".jp-OutputArea-child:has(.tpm-check.tpm-fails) + .jp-OutputArea-child" in box
        assert cell.outputs[1]["ename"] in ("Incorrect", "NotAttempted")


def test_the_ears_placeholders_survive_html_rendering(executed):
    """Lesson 05's EARS table shows <trigger> and <system> as text, not as dropped HTML tags."""
    path = REPO / "lessons" / "05_specs.ipynb"
    if path not in executed:
        pytest.skip("05_specs is not among TPM_TEST_MODULES")
    tables = [
        o["data"]["text/html"]
        for c in run(executed, path).cells
        if c.cell_type == "code" and "why none" in c.source
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    assert tables and "&lt;trigger&gt;" in tables[0] and "&lt;system&gt;" in tables[0]
    assert "<trigger>" not in tables[0] and "<system>" not in tables[0]
