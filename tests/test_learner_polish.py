"""Does the course show numbers, charts and feedback as a learner reads them, in the light and the dark theme?

The formatting helper (``feedback.readable``), the charts' look and text alternative
(``tpm_course.charts``), the feedback box's HTML, a failing check run in a real kernel, and the
cohort report's misconceptions grouped by name.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from tpm_course.charts import INK, TRANSPARENT, described, text_alternative
from tpm_course.core.feedback import readable
from tpm_course.core.outcome import Outcome, Status
from tpm_course.reporting import Cohort
from tpm_course.reporting.cohort import Submission, failure_message
from tpm_course.reporting.misconceptions import declared, grouped, plain
from tpm_course.reporting.page import render

SCIENTIFIC_OR_SI = re.compile(r"\d[eE][+-]?\d|\d[kMGTP]\b")


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (1_736, "req/s", "1,736 req/s"),
        (1_735.6, "req/s", "1,736 req/s"),
        (2_000_000, "users", "2.0 M users"),
        (15_000_000, "users", "15 M users"),
        (3e9, "requests", "3.0 bn requests"),
        (1.875e12, "bit/s", "1.9 Tbit/s"),
        (833e6, "bit/s", "833 Mbit/s"),
        (150_000, "B", "150 kB"),
        (1.3e15, "B", "1.3 PB"),
        (999.6, "B", "1.0 kB"),
        (30, "", "30"),
        (2.5, "", "2.5"),
        (0.125, "", "0.125"),
        (0, "ms", "0 ms"),
        (-1_500, "", "-1,500"),
    ],
)
def test_readable_writes_figures_as_people_do(value, unit, expected):
    assert readable(value, unit) == expected


@pytest.mark.parametrize("unit", ["", "users", "bit/s", "B"])
def test_readable_never_writes_scientific_or_bare_si_notation(unit):
    """From a millionth to a quadrillion, no 1.74e+03 and no 1.00G."""
    for exponent in range(-6, 16):
        for mantissa in (1, 1.736, 4.99, 9.996):
            text = readable(mantissa * 10**exponent, unit)
            assert not SCIENTIFIC_OR_SI.search(text), text


def test_readable_refuses_what_is_not_a_number():
    with pytest.raises(TypeError, match="writes numbers, not str"):
        readable("1,736")


def figure(title: str = "Requests per minute"):
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"title_text": title, "paper_bgcolor": "white"})


def test_a_described_chart_carries_its_summary_and_reads_in_both_themes():
    fig = described(figure(), "Two bars, b twice as tall as a.")
    assert fig.layout.meta == {"title": "Requests per minute", "summary": "Two bars, b twice as tall as a."}
    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == TRANSPARENT
    assert fig.layout.font.color == INK
    assert fig.layout.xaxis.exponentformat == fig.layout.yaxis.exponentformat == "none"
    assert text_alternative(fig) == "Chart: Requests per minute. Two bars, b twice as tall as a."


def test_a_chart_without_a_title_or_a_sentence_is_refused():
    with pytest.raises(ValueError, match="needs a title"):
        described(figure(title=""), "Two bars.")
    with pytest.raises(ValueError, match="one sentence ending in a full stop"):
        described(figure(), "two bars")


def test_notes_above_the_plot_get_room_under_the_title():
    fig = figure()
    fig.add_annotation(x=0, y=1.02, yref="paper", text="release", showarrow=False)
    assert described(fig, "A note above the plot.").layout.margin.t >= 90


@pytest.mark.parametrize("status", list(Status))
def test_feedback_boxes_take_jupyterlabs_theme_colours(status):
    html = Outcome(status, "The `x` is wrong", ["use `y`"])._repr_html_()
    assert "color:var(--jp-content-font-color1," in html
    assert re.search(r"border-left:4px solid var\(--jp-[a-z-]+\d,", html)
    assert "<code>x</code>" in html and "`" not in html


def test_only_a_failing_box_hides_the_error_line_that_follows_it():
    failing = Outcome(Status.INCORRECT, "wrong")._repr_html_()
    assert failing.startswith("<style>") and "tpm-fails" in failing
    assert ".output_area:has(.tpm-check.tpm-fails) + .output_area:has(.output_error)" in failing  # nbgrader feedback
    for status in (Status.CORRECT, Status.PARTIAL, Status.PENDING, Status.INFO):
        assert "<style>" not in Outcome(status, "fine")._repr_html_()


FAILING_CELLS = [
    "from tpm_course.core.outcome import Outcome, Status\nfrom tpm_course.core.question import report",
    "report(Outcome(Status.INCORRECT, 'The `total` is wrong', ['You summed `a` and `b`.']))",
    "report(Outcome(Status.CORRECT, 'Right'))",
]


def test_a_failing_check_in_a_real_kernel_shows_one_box_and_keeps_the_error_for_nbgrader(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in FAILING_CELLS])
    NotebookClient(notebook, timeout=60, kernel_name="python3", allow_errors=True).execute()
    failed, passed = notebook.cells[1].outputs, notebook.cells[2].outputs
    assert [o.output_type for o in failed] == ["display_data", "error"]
    box = failed[0]["data"]["text/html"]
    assert box.count('class="tpm-check') == 1 and "tpm-fails" in box
    assert failed[1]["ename"] == "Incorrect"  # nbgrader scores the cell by this error
    assert len(failed[1]["traceback"]) == 1  # one line, hidden by the box's style in JupyterLab
    assert [o.output_type for o in passed] == ["display_data"]
    assert "tpm-fails" not in passed[0]["data"]["text/html"]


def cohort(failures: dict[str, list[str]], assignment: str = "02_latency") -> Cohort:
    """A graded cohort where each listed message is one student's failure of the question."""
    submissions = [
        Submission(f"s{question}{i}", scores={question: 0.0}, failures={question: message})
        for question, messages in failures.items()
        for i, message in enumerate(messages)
    ]
    submissions.append(Submission("full", scores=dict.fromkeys(failures, 1.0)))
    return Cohort(assignment, list(failures), dict.fromkeys(failures, 1.0), set(failures), submissions, {})


def test_failures_are_grouped_by_misconception_name_with_counts():
    named = {name: message for message, name in declared("02_latency")["q1"].items()}
    name, message = next(iter(named.items()))
    groups = grouped(cohort({"q1": [message, message, "not attempted"]}), top=5)
    assert [(g.name, g.students) for g in groups] == [(name, 2), ("not attempted", 1)]
    assert groups[0].share == pytest.approx(2 / 4) and "`" not in groups[0].message


def test_a_misconception_message_that_starts_with_inline_code_is_the_failure_reported():
    message, name = next((m, n) for m, n in declared("01_estimation")["q5"].items() if m.startswith("`"))
    shown = Outcome(Status.INCORRECT, "q5: `peak_rps` is not right yet", ["You gave `peak_rps` = 1,389.", message])
    found = failure_message([{"data": {"text/plain": shown.text()}}], {"ename": "AssertionError"})
    assert found == message, (name, found)


def test_a_message_no_misconception_declares_is_its_own_group_without_backticks():
    groups = grouped(cohort({"q1": ["The `total` is off.", "The `total` is off."]}, "99_unknown"), top=5)
    assert [(g.name, g.students) for g in groups] == [("The total is off.", 2)]
    assert plain("a `b`\n c") == "a b c"


def test_the_report_page_names_misconceptions_and_counts_students_in_whole_numbers():
    named = {name: message for message, name in declared("02_latency")["q1"].items()}
    name, message = next(iter(named.items()))
    page = render(cohort({"q1": [message, message, message]}))
    assert f"<td>{name}</td><td>3</td>" in page
    assert "<th></th>" not in page  # the summary table has no empty header row
    counts = next(chart for chart in page.split("<svg")[1:] if ">students<" in chart)
    assert re.findall(r'text-anchor="end">([^<]*)<', counts) == ["0", "1", "2", "3"]  # whole students
    assert "`" not in page.split("<h2>Misconceptions", 1)[1]
