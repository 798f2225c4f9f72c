"""`tpm-course report` on a 1,600-student cohort: right figures, charts that aggregate, a page of usable size."""

from __future__ import annotations

import csv
import html
import math
import re
import statistics
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import report_scale  # benchmarks/report_scale.py builds the cohort

STUDENTS = 1600


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """1,600 graded students of two released assignments; the report of the first, by the real command."""
    root = report_scale.release_course(tmp_path_factory.mktemp("report-scale"), [report_scale.REPORTED, "02_latency"])
    truth, _ = report_scale.populate(root, STUDENTS, [report_scale.REPORTED, "02_latency"], seed=7)
    _, _, done = report_scale.run_report(root, truth.assignment)
    assert done.returncode == 0, done.stderr
    page = (root / "reports" / f"{truth.assignment}.html").read_text(encoding="utf-8")
    return root, truth, page


def _totals(truth) -> dict[str, float]:
    return {
        s: sum(p or 0.0 for p in scores.values()) for s, scores in truth.scores.items() if s not in truth.not_graded
    }


def _cells(page: str, first: str) -> list[str]:
    """The cells of the table row whose first cell is ``first``."""
    row = re.search(rf"<tr><td>{re.escape(first)}</td>(.*?)</tr>", page).group(1)
    return [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]


def test_summary_and_csv_match_the_planted_cohort(cohort):
    """Do the page's mean and not-graded count, and every CSV score, equal what was planted?"""
    root, truth, page = cohort
    totals = _totals(truth)
    assert len(truth.not_graded) > 10 and len(truth.flagged) > 5  # the cohort has both kinds
    assert _cells(page, "submissions") == [f"{STUDENTS:,}"]
    assert _cells(page, "not graded (blank in the CSV, never zero)") == [f"{len(truth.not_graded):,}"]
    assert _cells(page, "mean score") == [f"{statistics.fmean(totals.values()):.2f}"]
    rows = {r["student_id"]: r for r in csv.DictReader((root / "reports" / f"{truth.assignment}.csv").open())}
    assert len(rows) == STUDENTS
    assert {s for s, r in rows.items() if r["score"] == ""} == truth.not_graded
    assert all(float(rows[s]["score"]) == pytest.approx(t) for s, t in totals.items())


def test_item_difficulty_of_a_question_matches_an_independent_count(cohort):
    """Is q1's mean and share of full marks, over graded students only, what the planted scores give?"""
    _, truth, page = cohort
    graded = [scores for s, scores in truth.scores.items() if s not in truth.not_graded]
    top = truth.max_points["q1"]
    points = [scores["q1"] for scores in graded]
    full = sum(p >= top for p in points) / len(points)
    _points, mean, share = _cells(page, "q1")[:3]  # the item table comes first: points, mean, full marks
    assert (mean, share) == (f"{statistics.fmean(points):.2f}", f"{full:.0%}")
    assert 0.05 < full < 0.95  # a spread, not a cohort that all passes or all fails


def test_charts_draw_one_mark_per_bar_not_per_student(cohort):
    """Does the histogram count students per point (bars bounded by the points, not the cohort)?"""
    _, truth, page = cohort
    bins = math.floor(sum(truth.max_points.values()) + 0.5) + 1
    questions = len(truth.questions)
    assert page.count('<svg class="chart"') == 3 and "<script" not in page
    assert report_scale.chart_marks(page) == bins + 3 * questions + questions
    counts = [0] * bins
    for total in _totals(truth).values():
        counts[math.floor(total + 0.5)] += 1
    shown = re.findall(r"<title>(\d+) points: ([\d,]+) students</title>", page)
    assert [(int(k), int(n.replace(",", ""))) for k, n in shown] == list(enumerate(counts))


def test_page_is_small_and_folds_long_lists_of_students(cohort):
    """Is the page under 2 MB, with the not-graded and flagged lists folded yet complete?"""
    _, truth, page = cohort
    assert len(page.encode("utf-8")) < 2_000_000
    folded = re.findall(r"<details><summary>([\d,]+) (students|flags):", page)
    assert (f"{len(truth.not_graded):,}", "students") in folded
    for student in truth.not_graded:
        assert f"<td>{student}</td>" in page


def test_nbgrader_reads_the_generated_gradebook_back(cohort):
    """Are the direct inserts a gradebook nbgrader's own API reads (scores, and no score for a dead kernel)?"""
    from nbgrader.api import Gradebook

    root, truth, _ = cohort
    graded = next(s for s in truth.scores if s not in truth.not_graded)
    dead = sorted(truth.not_graded)[0]
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        assert len(gradebook.assignment_submissions(truth.assignment)) == STUDENTS
        notebook = gradebook.find_submission_notebook(truth.assignment, truth.assignment, graded)
        assert notebook.score == pytest.approx(_totals(truth)[graded])
        dead_notebook = gradebook.find_submission_notebook(truth.assignment, truth.assignment, dead)
        assert any(g.auto_score is None for g in dead_notebook.grades)
