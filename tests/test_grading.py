"""Does `tpm-course grade` grade a whole cohort honestly, safely and as nbgrader would score it?

One synthetic cohort (``benchmarks/cohort.py``) holds a submission of every kind in ``KINDS`` (each bad
submission and each tampering technique) plus a "snoop" that tries to reach the gradebook;
it is graded once through the real command with small limits, and each test reads one
outcome. Two more courses check score agreement with real ``nbgrader autograde`` and a
run killed with SIGKILL in the middle.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tpm_course.grading import GradeStatus
from tpm_course.grading.record import Record

from conftest import REPO
from grading_cohort import KINDS, TAMPERING, make_cohort, write
from nbgrader_course import copy_course, nbgrader

STEM = "01_estimation"
LIMITS = ["--cell-timeout", "2", "--timeout", "5", "--memory", "1024", "--output-chars", "20000"]


def grade(root, *args, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tpm_course", "grade", STEM, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def released_course(tmp_path_factory, name: str):
    root = tmp_path_factory.mktemp(name)
    copy_course(REPO, root)
    generated = nbgrader(root, "generate_assignment", STEM, "--force")
    assert generated.returncode == 0, generated.stderr[-3000:]
    return root


def autograded(root, student: str) -> dict:
    return json.loads((root / "autograded" / student / STEM / f"{STEM}.ipynb").read_text())


def outputs_of(notebook: dict, grade_id: str) -> list[dict]:
    return next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)[
        "outputs"
    ]


def text_of(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        parts.append("".join(output.get("text", "")))
        parts += ["".join(v) if isinstance(v, list) else str(v) for v in output.get("data", {}).values()]
        parts += [output.get("ename", ""), output.get("evalue", "")]
    return "\n".join(parts)


def gradebook_rows(root) -> dict[str, dict[str, tuple]]:
    """student -> grade cell -> (auto_score, needs_manual_grade)."""
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for submission in gradebook.assignment_submissions(STEM):
            stored = gradebook.find_submission_notebook(STEM, STEM, submission.student_id)
            rows[submission.student_id] = {g.cell.name: (g.auto_score, g.needs_manual_grade) for g in stored.grades}
    return rows


SNOOP = """
import os
def signal_parent():  # the kernel's parent is the grader's: in a pid namespace it has no pid here (0)
    if os.getppid() == 0:
        raise ProcessLookupError("the parent is outside this pid namespace")
    os.kill(os.getppid(), 0)
for what, attempt in [
    ("read gradebook", lambda: open({gradebook!r}).read(1)),
    ("write submission", lambda: open({other!r}, "a").close()),
    ("write course", lambda: open({course!r}, "a").close()),
    ("signal grader", signal_parent),
]:
    try:
        attempt()
        print("REACHED", what)
    except OSError as error:
        print("BLOCKED", what, type(error).__name__)
"""


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Every kind of submission, graded once through the command; returns (root, planted, run)."""
    root = released_course(tmp_path_factory, "cohort")
    planted = {p.student: p for p in make_cohort(REPO, root, [STEM], len(KINDS), kinds=list(KINDS))}
    write(REPO, root, STEM, "snoop", "correct", random.Random(0))
    folder = root / "submitted" / "snoop" / STEM
    notebook = json.loads((folder / f"{STEM}.ipynb").read_text())
    other = root / "submitted" / "student001" / STEM / f"{STEM}.ipynb"
    code = SNOOP.format(gradebook=str(root / "gradebook.db"), other=str(other), course=str(root / "nbgrader_config.py"))
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q1_answer":
            cell["source"] = "".join(cell["source"]) + code
    (folder / f"{STEM}.ipynb").write_text(json.dumps(notebook))
    started = time.monotonic()
    run = grade(root, *LIMITS)
    assert run.returncode == 0, run.stderr[-3000:] + run.stdout[-3000:]
    return root, planted, run, time.monotonic() - started


def by_kind(planted: dict, kind: str):
    return next(p for p in planted.values() if p.kind == kind)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_submission_gets_its_honest_outcome(cohort, kind):
    root, planted, _, _ = cohort
    expected = by_kind(planted, kind)
    record = Record.beside(root / "gradebook.db")
    result = {r.student: r for r in record.results(STEM)}[expected.student]
    assert result.status == expected.status, result
    found = {f.flag.kind for f in record.flags(STEM, expected.student)}
    assert set(expected.flags) <= found, found
    if expected.status == GradeStatus.NOT_GRADED:
        assert result.reason and result.score is None


def test_a_notebook_not_graded_has_no_automatic_zero_and_needs_manual_grading(cohort):
    root, planted, _, _ = cohort
    rows = gradebook_rows(root)
    not_graded = [p for p in planted.values() if p.status == GradeStatus.NOT_GRADED and p.kind != "deleted-test-cell"]
    assert len(not_graded) >= 5
    for p in not_graded:
        assert all(auto is None and manual for auto, manual in rows[p.student].values()), (p.kind, rows[p.student])
    deleted = by_kind(planted, "deleted-test-cell")
    assert rows[deleted.student][deleted.variant] == (None, True)
    assert sum(auto is not None for auto, _ in rows[deleted.student].values()) == len(rows[deleted.student]) - 1


def test_tampering_marks_every_graded_cell_for_manual_grading(cohort):
    root, planted, _, _ = cohort
    rows = gradebook_rows(root)
    for kind in TAMPERING:
        student = by_kind(planted, kind).student
        assert all(manual for _, manual in rows[student].values()), kind
    assert not any(manual for _, manual in rows[by_kind(planted, "correct").student].values())


def test_a_tampering_flag_names_the_cell_and_the_line_of_the_code(cohort):
    root, planted, _, _ = cohort
    record = Record.beside(root / "gradebook.db")
    for kind in (
        "tamper-rebind-check",
        "tamper-patch-course",
        "tamper-sys-modules",
        "tamper-custom-exc",
        "tamper-excepthook",
        "tamper-showtraceback",
        "tamper-read-frames",
        "tamper-assertion-error",
    ):
        student = by_kind(planted, kind).student
        submitted = json.loads((root / "submitted" / student / STEM / f"{STEM}.ipynb").read_text())
        answer = next(c for c in submitted["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q1_answer")
        lines = "".join(answer["source"]).splitlines()
        flags = [f.flag for f in record.flags(STEM, student) if f.flag.line is not None]
        assert flags, kind
        for flag in flags:
            assert flag.cell == "q1_answer" and lines[flag.line - 1].strip() == flag.code.strip(), (kind, flag)


def test_tampering_that_fools_nbgrader_is_caught_at_run_time_too(cohort):
    """Patching the check machinery in the kernel changes nothing (the checks run in the checker);
    the guard still sees it happen, for the instructor."""
    root, planted, _, _ = cohort
    record = Record.beside(root / "gradebook.db")
    student = by_kind(planted, "tamper-patch-course").student
    details = [f.flag.detail for f in record.flags(STEM, student)]
    assert any("report" in d for d in details), details
    assert {r.student: r for r in record.results(STEM)}[student].review


def test_an_edited_test_cell_is_restored_from_the_source(cohort):
    root, planted, _, _ = cohort
    student = by_kind(planted, "tamper-edit-test-cell").student
    cell = next(
        c for c in autograded(root, student)["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q1"
    )
    assert "### BEGIN HIDDEN TESTS" in "".join(cell["source"])
    assert gradebook_rows(root)[student]["q1"] == (3.0, False)


def test_an_infinite_loop_costs_one_cell_limit_and_the_rest_is_graded(cohort):
    root, planted, _, _ = cohort
    student = by_kind(planted, "infinite-loop").student
    shown = outputs_of(autograded(root, student), "q1_answer")
    assert [o["ename"] for o in shown if o["output_type"] == "error"] == ["KeyboardInterrupt", "CellTimeoutError"]
    assert gradebook_rows(root)[student]["q1"] == (3.0, False)


def test_answers_that_all_hang_cost_one_notebook_limit_not_one_per_cell(cohort):
    root, planted, _, _ = cohort
    student = by_kind(planted, "hang-in-functions").student
    result = {r.student: r for r in Record.beside(root / "gradebook.db").results(STEM)}[student]
    assert "5 s limit" in result.reason and result.seconds < 5 + 1.5


def test_a_second_run_does_not_run_unchanged_source_notebooks_again(cohort, tmp_path):
    """What the warm-up learnt from a source notebook is kept in the grading record, keyed by the
    sources' content; a changed source is run again."""
    from tpm_course.grading import warmup
    from tpm_course.grading.course import Course
    from tpm_course.grading.settings import Settings

    root, planted, _, _ = cohort
    copy = tmp_path / "course"
    subprocess.run(["cp", "-a", str(root), str(copy)], check=True)
    student = by_kind(planted, "correct").student
    run = grade(copy, "--student", student, "--force", *LIMITS)
    assert run.returncode == 0 and "the source notebooks of 1 of 1 assignments are unchanged" in run.stdout, run.stdout
    course, settings = Course.at(copy), Settings.for_tpm_course()
    before = warmup.source_digest(course, STEM, settings)
    source = copy / "solutions" / STEM / f"{STEM}.ipynb"
    source.write_text(source.read_text() + "\n")
    assert warmup.source_digest(course, STEM, settings) != before


def test_a_memory_hog_meets_its_limit_inside_the_notebook(cohort, tmp_path):
    """The memory limit alone stops the hog: MemoryError in its cell, and the rest is graded.

    Graded again, in a copy of the cohort's course, with a small memory limit and a cell limit
    far above the time the hog takes to reach it: the cohort's 2 s cell limit can come first on a
    virtual machine whose fresh memory costs about 3 ms per MB on first touch (1 GB: over 2 s).
    Without a memory limit the hog allocates its 4 GB (or meets the cell limit): no MemoryError.
    """
    root, planted, _, _ = cohort
    student = by_kind(planted, "memory-hog").student
    copy = tmp_path / "course"
    subprocess.run(["cp", "-a", str(root), str(copy)], check=True)
    limits = ["--memory", "256", "--cell-timeout", "30", "--timeout", "60"]
    run = grade(copy, "--student", student, "--force", *limits)
    assert run.returncode == 0 and "graded now 1" in run.stdout, run.stderr[-3000:] + run.stdout[-3000:]
    shown = outputs_of(autograded(copy, student), "q1_answer")
    assert "MemoryError" in [o.get("ename") for o in shown], text_of(shown)
    assert gradebook_rows(copy)[student]["q1"] == (3.0, False)


def test_a_process_bomb_meets_the_process_limit_and_leaves_nothing_behind(cohort):
    root, planted, _, _ = cohort
    student = by_kind(planted, "process-bomb").student
    shown = text_of(outputs_of(autograded(root, student), "q1_answer"))
    assert "forked" in shown and int(shown.split("forked")[1].split()[0]) < 500, shown
    assert gradebook_rows(root)[student]["q1"][0] == 3.0  # graded; its os._exit is flagged for review
    from tpm_course.grading.run import RUN_PREFIX

    leftover = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            where = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            continue
        if RUN_PREFIX in where and where.endswith("(deleted)"):  # a finished run's scratch folder
            leftover.append((pid, where))
    assert not leftover, leftover


def test_huge_output_is_cut_in_characters(cohort):
    root, planted, _, _ = cohort
    shown = text_of(outputs_of(autograded(root, by_kind(planted, "huge-output").student), "q1_answer"))
    assert len(shown) < 25_000 and "cut by the grader" in shown


def test_student_code_cannot_reach_the_gradebook_other_submissions_or_the_grader(cohort):
    root, _, run, _ = cohort
    shown = text_of(outputs_of(autograded(root, "snoop"), "q1_answer"))
    if "runs as uid" not in run.stdout or "hidden" not in run.stdout:
        pytest.skip(
            "this machine gives student code no uid or mount namespace of its own (not root, or a "
            "container forbids it): " + run.stdout.split("isolation: ")[-1].splitlines()[0]
        )
    assert "REACHED" not in shown and shown.count("BLOCKED") == 4, shown
    assert json.loads((root / "submitted" / "student001" / STEM / f"{STEM}.ipynb").read_text())
    assert gradebook_rows(root)["snoop"]["q1"] == (3.0, True)  # flagged: os.kill


def test_the_summary_lists_what_needs_the_instructor_and_progress_shows_rate_and_eta(cohort):
    _root, planted, run, _ = cohort
    assert f"{len(planted) + 1} submissions; graded now {len(planted) + 1}" in run.stdout
    not_graded_part = run.stdout.split("Not graded")[1].split("Flagged")[0]
    for p in planted.values():
        if p.status == GradeStatus.NOT_GRADED:
            assert p.student in not_graded_part, p
    assert "Flagged" in run.stdout and "line" in run.stdout.split("Flagged")[1]
    assert "submissions/s" in run.stderr and "ETA" in run.stderr


def test_grading_names_this_course_only_in_its_settings():
    """Is ``tpm_course.grading`` independent of this course, its names kept in ``settings.py``?

    The one import from the rest of the package it may keep is the library's root exception.
    """
    named = re.compile(
        r"(?<!for_)tpm_course|TPM_COURSE|[\"']datasets[\"']|tests/submissions|from \.\.(?!core\.errors )\w"
    )
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((REPO / "tpm_course" / "grading").glob("*.py"))
        if path.name != "settings.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if named.search(line)
    ]
    assert not found, found


def test_a_failed_warm_up_import_is_reported_with_the_module_and_the_error(tmp_path, monkeypatch):
    """A course module that cannot be imported, or any module that raises, is reported; a module
    outside the course that is simply not installed is not (the warm-up only guessed it)."""
    from tpm_course.grading.run import Summary
    from tpm_course.grading.settings import Settings
    from tpm_course.grading.warmup import import_all

    (tmp_path / "helper_that_raises.py").write_text("raise RuntimeError('a bug at import')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    settings = Settings.for_tpm_course()
    missing = settings.checks_module("07_nothing")
    problems = import_all([missing, "a_library_not_installed", "helper_that_raises"], settings.owns)
    expected = [
        f"warm-up: could not import {missing}: ModuleNotFoundError: No module named 'tpm_course.topics.nothing'",
        "warm-up: could not import helper_that_raises: RuntimeError: a bug at import",
    ]
    assert [p.text() for p in problems] == expected
    assert all(line in Summary(["07_nothing"], warmup_problems=problems).text() for line in expected)


def test_a_deferred_import_is_made_at_first_use_and_then_behaves_as_the_real_module():
    """rfc3987_syntax (0.7 s to import) waits until jsonschema's "iri" check first runs; the check
    then accepts and refuses as it does without the deferral, and later imports get the real module."""
    program = """
import sys
from tpm_course.grading import warmup
warmup.prepare_environment()
import jsonschema, nbformat
deferred = type(sys.modules["rfc3987_syntax"]).__name__
validator = jsonschema.Draft7Validator({"format": "iri"}, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
verdicts = [validator.is_valid(text) for text in ("https://example.org/caf\u00e9", "https://a b", "no scheme")]
import rfc3987_syntax
print(deferred, verdicts, type(rfc3987_syntax).__name__, rfc3987_syntax.is_valid_syntax("iri", "https://x.org"))
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["Deferred", "[True,", "False,", "False]", "module", "True"]


def test_the_course_warms_up_without_a_problem(cohort):
    _root, _, run, _ = cohort
    assert "warm-up:" not in run.stdout + run.stderr


def test_a_report_can_read_why_each_submission_was_not_graded(cohort):
    from tpm_course.reporting.cohort import collect

    root, planted, _, _ = cohort
    reasons = {s.student: s.reason for s in collect(root, STEM).not_graded()}
    assert {p.student for p in planted.values() if p.status == GradeStatus.NOT_GRADED} == set(reasons)
    assert "not valid JSON" in reasons[by_kind(planted, "invalid-json").student]
    assert "kernel died" in reasons[by_kind(planted, "kernel-exit").student]


def test_the_record_stores_statuses_and_flag_effects_as_plain_text(cohort):
    """Statuses and effects are enums in the code; the record keeps the words reports and exports read."""
    root, _, _, _ = cohort
    with sqlite3.connect(root / "gradebook.db.grading-record") as db:
        statuses = {row[0] for row in db.execute("SELECT DISTINCT status FROM tpm_grading_notebook")}
        effects = {row[0] for row in db.execute("SELECT DISTINCT effect FROM tpm_grading_flag")}
    assert statuses == {"graded", "not graded"}
    assert {"restored", "review", "not graded"} <= effects <= {"restored", "review", "not graded", "info"}


RECORD_0_1_0 = """
CREATE TABLE submission (assignment TEXT NOT NULL, student TEXT NOT NULL, fingerprint TEXT NOT NULL,
    graded_at TEXT NOT NULL, PRIMARY KEY (assignment, student));
CREATE TABLE notebook (assignment TEXT NOT NULL, student TEXT NOT NULL, notebook TEXT NOT NULL,
    status TEXT NOT NULL, reason TEXT NOT NULL, review INTEGER NOT NULL, score REAL, max_score REAL, seconds REAL,
    PRIMARY KEY (assignment, student, notebook));
CREATE TABLE flag (assignment TEXT NOT NULL, student TEXT NOT NULL, notebook TEXT NOT NULL, kind TEXT NOT NULL,
    cell TEXT NOT NULL, line INTEGER, detail TEXT NOT NULL, code TEXT NOT NULL, effect TEXT NOT NULL);
CREATE TABLE discovery (digest TEXT PRIMARY KEY, found TEXT NOT NULL);
INSERT INTO submission VALUES ('01_estimation', 'ada', 'f1', '2026-12-05T10:00:00');
INSERT INTO notebook VALUES ('01_estimation', 'ada', '01_estimation', 'not graded', 'the kernel died', 1, NULL, 18, 2.5);
INSERT INTO flag VALUES ('01_estimation', 'ada', '01_estimation', 'low-level', 'q2', 3, 'ctypes', 'import ctypes',
    'review');
INSERT INTO flag VALUES ('01_estimation', 'ada', '01_estimation', 'delete-cell', 'q1', NULL, 'gone', '', 'info');
"""


def test_a_record_file_of_version_0_1_0_is_read_into_the_current_tables(tmp_path):
    """An instructor upgrading keeps what the earlier version recorded: why not graded, flags in their order,
    and the fingerprints that spare a rerun."""
    with sqlite3.connect(tmp_path / "gradebook.db.grading-record") as db:
        db.executescript(RECORD_0_1_0)
    record = Record.beside(tmp_path / "gradebook.db")
    assert record.fingerprints(STEM) == {"ada": "f1"}
    [result] = record.not_graded(STEM)
    assert (result.reason, result.review, result.max_score) == ("the kernel died", True, 18)
    assert [(f.flag.kind, f.flag.line, str(f.flag.effect)) for f in record.flags(STEM, "ada")] == [
        ("low-level", 3, "review"),
        ("delete-cell", None, "info"),
    ]
    record.close()
    with sqlite3.connect(tmp_path / "gradebook.db.grading-record") as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"tpm_grading_submission", "tpm_grading_notebook", "tpm_grading_flag", "tpm_grading_discovery"}


def test_the_gradebook_was_backed_up_before_the_run(cohort):
    root, _, run, _ = cohort
    backups = list((root / "gradebook.db.backups").glob("gradebook-*.db"))
    assert len(backups) == 1 and str(backups[0]) in run.stdout
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT count(*) FROM grade").fetchone() == (0,)


def test_a_rerun_grades_nothing_already_graded(cohort):
    root, planted, _, _ = cohort
    again = grade(root, *LIMITS)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"graded now 0, already graded {len(planted) + 1}" in again.stdout


def test_formgrader_and_nbgrader_feedback_read_what_the_grader_wrote(cohort):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    root, planted, _, _ = cohort
    api = NbGraderAPI(coursedir=CourseDirectory(root=str(root)))
    submissions = {s["student"]: s for s in api.get_submissions(STEM)}
    correct, blank = by_kind(planted, "correct").student, by_kind(planted, "blank").student
    assert submissions[correct]["autograded"] and submissions[correct]["score"] == submissions[correct]["max_score"]
    assert submissions[blank]["score"] == 0 and not submissions[blank]["needs_manual_grade"]
    notebooks = api.get_student_notebook_submissions(by_kind(planted, "kernel-exit").student, STEM)
    assert notebooks[0]["needs_manual_grade"]
    feedback = nbgrader(root, "generate_feedback", STEM, "--student", correct)
    assert feedback.returncode == 0, feedback.stderr[-2000:]
    assert (root / "feedback" / correct / STEM / f"{STEM}.html").is_file()


# -- the same scores as nbgrader autograde ------------------------------------------

AGREEMENT = [
    "correct",
    "partial",
    "misconception",
    "misconception",
    "misconception",
    "broken",
    "blank",
    "wrong",
    "syntax-error",
    "exception",
    "other-form",
    "tamper-patch-course",
    "tamper-custom-exc",
    "tamper-showtraceback",
    "tamper-edit-test-cell",
]


def signature(outputs: list[dict]) -> list[tuple]:
    """What nbgrader scores by: the kinds of output, consecutive streams of one name merged."""
    shown = []
    for output in outputs:
        item = (output["output_type"], output.get("name") or output.get("ename"))
        if not (shown and item[0] == "stream" and shown[-1] == item):
            shown.append(item)
    return shown


def late_penalties(root) -> dict[str, float | None]:
    """student -> the late penalty the gradebook holds for their notebook."""
    with sqlite3.connect(root / "gradebook.db") as db:
        query = (
            "SELECT s.student_id, n.late_submission_penalty FROM submitted_notebook n "
            "JOIN submitted_assignment s ON n.assignment_id = s.id"
        )
        return dict(db.execute(query).fetchall())


def make_some_late(root, planted) -> set[str]:
    """A due date, nbgrader's "zero" late penalty, and every other submission handed in after it."""
    from datetime import datetime

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_assignment(STEM, duedate=datetime(2026, 2, 28, 12, 0))
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + '\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    late = {p.student for p in planted[1::2]}
    for p in planted:
        stamp = "2026-03-01 12:00:00.000000 UTC" if p.student in late else "2026-02-27 12:00:00.000000 UTC"
        (root / "submitted" / p.student / STEM / "timestamp.txt").write_text(stamp)
    return late


def test_scores_and_outputs_agree_with_nbgrader_autograde(tmp_path_factory):
    theirs = released_course(tmp_path_factory, "nbgrader")
    planted = make_cohort(REPO, theirs, [STEM], len(AGREEMENT), seed=6, kinds=AGREEMENT)
    late = make_some_late(theirs, planted)
    ours = tmp_path_factory.mktemp("ours")
    subprocess.run(["cp", "-a", f"{theirs}/.", str(ours)], check=True)
    reference = nbgrader(theirs, "autograde", STEM)
    assert reference.returncode == 0, reference.stderr[-3000:]
    run = grade(ours)
    assert run.returncode == 0, run.stderr[-3000:]
    expected, found = gradebook_rows(theirs), gradebook_rows(ours)
    penalties = late_penalties(ours)
    assert penalties == late_penalties(theirs)
    assert any(penalties[student] for student in late), "a late submission with points lost them"
    assert not any(penalties[p.student] for p in planted if p.student not in late)
    for p in planted:
        scores = {cell: auto for cell, (auto, _) in found[p.student].items()}
        assert scores == {cell: auto for cell, (auto, _) in expected[p.student].items()}, p
        if p.kind.startswith("tamper-"):
            continue  # tampering silences nbgrader's feedback; the trusted checker's is shown in full
        mine, reference_nb = autograded(ours, p.student), autograded(theirs, p.student)
        for cell, theirs_cell in zip(mine["cells"], reference_nb["cells"]):
            if cell["cell_type"] == "code":
                assert signature(cell["outputs"]) == signature(theirs_cell["outputs"]), (p, cell["metadata"])


# -- killed in the middle ------------------------------------------------------------


def descendants(pid: int) -> set[int]:
    found, queue = set(), [pid]
    while queue:
        current = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as listing:
                    children = [int(p) for p in listing.read().split()]
            except OSError:
                continue
            found.update(children)
            queue += children
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def test_a_run_killed_at_any_moment_resumes_and_loses_nothing(tmp_path_factory):
    root = released_course(tmp_path_factory, "killed")
    planted = make_cohort(REPO, root, [STEM], 14, seed=3, kinds=["correct", "partial", "misconception", "blank"])
    record = root / "gradebook.db.grading-record"
    process = subprocess.Popen(
        [sys.executable, "-m", "tpm_course", "grade", STEM, "--workers", "1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    committed = 0
    while committed < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        if record.exists():
            with sqlite3.connect(record) as db:
                try:
                    committed = db.execute("SELECT count(*) FROM tpm_grading_submission").fetchone()[0]
                except sqlite3.OperationalError:
                    committed = 0
    assert process.poll() is None, "the run finished before it could be killed"
    family = descendants(process.pid)
    assert family, "the run has workers"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(1.0)
    assert not [pid for pid in family if alive(pid)], "workers and their children die with the run"
    with sqlite3.connect(record) as db:
        before = db.execute("SELECT count(*) FROM tpm_grading_submission").fetchone()[0]
    assert before >= 3
    rerun = grade(root)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"graded now {len(planted) - before}, already graded {before}" in rerun.stdout
    assert len(list((root / "gradebook.db.backups").glob("*.db"))) == 2
    rows = gradebook_rows(root)
    assert sorted(rows) == sorted(p.student for p in planted)
    assert all(auto is not None for student in rows.values() for auto, _ in student.values())
    assert not list((root / "autograded").glob("*/.*tpm-*")), "no half-written folder is left"


def test_parsed_data_sets_are_kept_while_their_files_are_unchanged(tmp_path, monkeypatch):
    """The template reads a data set back from the frame store only while the data folder's files are
    the ones it was parsed from and the course's code (its loader) is unchanged; a store cut short is
    parsed again, never trusted."""
    import pandas as pd

    from tpm_course.grading.warmup import DatasetCache, FrameStore

    data, kept = tmp_path / "data", tmp_path / "kept"
    data.mkdir()
    (data / "orders.csv").write_text("order,usd\n1,9.5\n2,12.25\n")
    parsed = []
    cache = DatasetCache(lambda name: parsed.append(name) or pd.read_csv(data / f"{name}.csv"))
    assert cache.preload(["orders"], {}, FrameStore(kept, data)) == []
    assert cache.preload(["orders"], {}, FrameStore(kept, data)) == [] and parsed == ["orders"]
    assert cache("orders").equals(pd.read_csv(data / "orders.csv"))
    (data / "orders.csv").write_text("order,usd\n1,9.5\n2,12.25\n3,7.0\n")
    store = FrameStore(kept, data)
    assert store.get("orders") is None
    cache.preload(["orders"], {}, store)
    assert parsed == ["orders", "orders"] and len(cache("orders")) == 3
    assert [p.name for p in kept.glob("*.pickle")] == [f"orders.{store.key}.pickle"]  # the old one dropped
    (kept / f"orders.{store.key}.pickle").write_bytes(b"\x80\x04cut short")
    assert FrameStore(kept, data).get("orders") is None
    (tmp_path / "loaders").mkdir()
    (tmp_path / "loaders" / "__init__.py").write_text("PARSE_DATES = False\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    FrameStore(kept, data, ("loaders",)).put("orders", cache("orders"))
    assert FrameStore(kept, data, ("loaders",)).get("orders") is not None
    (tmp_path / "loaders" / "__init__.py").write_text("PARSE_DATES = True\n")  # the loader changed
    assert FrameStore(kept, data, ("loaders",)).get("orders") is None
