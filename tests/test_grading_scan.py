"""Does the static scan find each tampering technique, at its cell and line, and leave honest code alone?"""

from __future__ import annotations

import json

import nbformat
import pytest

from tpm_course.grading.assignment import NotebookKey, SourceCellKey
from tpm_course.grading.scan import scan_notebook
from tpm_course.grading.settings import Settings

from conftest import REPO, module_stems
from grading_cohort import written_submissions

SETUP = "from tpm_course.topics.estimation.exercise import q1, q2\nfrom tpm_course.data import load as load_dataset\n"
TEST = "q1.check()\n### BEGIN HIDDEN TESTS\nq1.check(cases=[])\n### END HIDDEN TESTS\n"
SETTINGS = Settings.for_tpm_course()


def key() -> NotebookKey:
    cells = {
        "setup": SourceCellKey("setup", "code", True, "x", SETUP),
        "q1_answer": SourceCellKey("q1_answer", "code", False, "y", "x = ...\n"),
        "q1": SourceCellKey("q1", "code", True, "z", TEST),
    }
    return NotebookKey("nb", None, cells, {"q1": 3.0}, {"q1_answer"}, {"setup": SETUP, "q1": "q1.check()\n"})


def cell(grade_id: str, source: str) -> dict:
    meta = {"nbgrader": {"grade_id": grade_id}} if grade_id else {}
    return nbformat.v4.new_code_cell(source, metadata=meta)


def scan(answer: str, test: str = "q1.check()\n", extra: list | None = None):
    cells = [cell("setup", SETUP), cell("q1_answer", answer), cell("q1", test)] + (extra or [])
    return scan_notebook(cells, key(), SETTINGS)


CASES = [
    ("q1 = None", "rebind-check", 1),
    ("x = 1\nclass Fake:\n    pass\nq1 = Fake()", "rebind-check", 4),
    ("x = 1\ndef q1():\n    pass", "rebind-check", 2),
    ("x = 1\ndel q1", "rebind-check", 2),
    ("q1.check = lambda *a, **k: None", "rebind-check", 1),
    ("q1.misconceptions.clear()", "rebind-check", 1),
    ("globals()['q1'] = 0", "rebind-check", 1),
    ("setattr(q1, 'check', print)", "rebind-check", 1),
    ("def f():\n    global q1\n    q1 = 1", "rebind-check", 3),
    ("AssertionError = Exception", "patch-builtins", 1),
    ("import builtins\nbuiltins.AssertionError = KeyError", "patch-builtins", 2),
    ("import tpm_course.core.question as qq\nqq.report = print", "patch-course", 2),
    ("from tpm_course.core import question\nsetattr(question, 'report', print)", "patch-course", 2),
    ("import sys\nsys.modules['tpm_course.data'] = object()", "patch-course", 2),
    ("import sys as s\ns.modules.pop('tpm_course')", "patch-course", 2),
    ("import importlib, tpm_course\nimportlib.reload(tpm_course)", "patch-course", 2),
    ("import sys\nsys.meta_path.insert(0, object())", "patch-course", 2),
    ("import pandas as pd\npd.read_csv = lambda *a, **k: None", "patch-course", 2),
    ("import math\nmath.ceil = round", "patch-course", 2),
    ("from tpm_course.data import load\nload.frames.clear()", "patch-course", 2),
    ("import os\nos._exit(0)", "exit-kernel", 2),
    ("from os import _exit as leave\nleave(1)", "exit-kernel", 2),
    ("getattr(__import__('os'), '_exit')(0)", "exit-kernel", 1),
    ("exit()", "exit-kernel", 1),
    ("import sys\nsys.exit(3)", "exit-kernel", 2),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "exit-kernel", 2),
    ("get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)", "silence-errors", 1),
    ("ip = get_ipython()\nip.showtraceback = lambda *a, **k: None", "silence-errors", 2),
    ("import sys\nsys.excepthook = print", "silence-errors", 2),
    ("import sys, io\nsys.stderr = io.StringIO()", "silence-errors", 2),
    ("%xmode Minimal", "silence-errors", 1),
    ("get_ipython().input_transformers_post.append(lambda lines: lines)", "silence-errors", 1),
    ("get_ipython().events.register('post_run_cell', print)", "silence-errors", 1),
    ("import contextlib\nwith contextlib.redirect_stderr(None):\n    pass", "silence-errors", 2),
    ("import sys\nexpected = sys._getframe(1).f_locals", "inspect-grader", 2),
    ("import gc\nobjects = gc.get_objects()", "inspect-grader", 2),
    ("import inspect\nframe = inspect.currentframe().f_back", "inspect-grader", 2),
    ("import ctypes", "low-level", 1),
    ("import os\nos.write(3, b'{}')", "low-level", 2),
    ("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)", "low-level", 2),
    ("code = 'x = 1'\nexec(code)", "low-level", 2),
]


@pytest.mark.parametrize("answer,kind,line", CASES, ids=[c[0].splitlines()[-1][:40] for c in CASES])
def test_each_technique_is_flagged_at_its_cell_and_line(answer, kind, line):
    flags = [f for f in scan(answer) if f.kind == kind]
    assert flags, scan(answer)
    assert flags[0].cell == "q1_answer" and flags[0].line == line, flags
    assert flags[0].code.strip() and flags[0].code.strip() in answer.replace("%xmode Minimal", flags[0].code)


def test_a_cell_the_student_added_is_read_too():
    flags = scan("x = 1", extra=[cell(None, "import os\nos._exit(0)")])
    assert [(f.kind, f.cell, f.line) for f in flags] == [("exit-kernel", "cell 4", 2)]


def test_an_edited_test_cell_is_flagged_as_restored_with_the_line():
    flags = scan("x = 1", test="q1.check()\nprint('changed')\n")
    assert [(f.kind, f.cell, f.line, f.effect) for f in flags] == [("edit-test-cell", "q1", 2, "restored")]


def test_a_deleted_test_cell_is_not_graded_and_a_deleted_answer_is_noted():
    cells = [cell("setup", SETUP), cell("q1_answer", "x = 1")]
    assert [(f.kind, f.cell, f.effect) for f in scan_notebook(cells, key(), SETTINGS)] == [
        ("delete-cell", "q1", "not graded")
    ]
    cells = [cell("setup", SETUP), cell("q1", "q1.check()\n")]
    assert [(f.kind, f.cell, f.effect) for f in scan_notebook(cells, key(), SETTINGS)] == [
        ("delete-cell", "q1_answer", "info")
    ]


def test_local_names_and_ordinary_code_raise_nothing():
    honest = (
        "import math\nimport pandas as pd\npd.options.display.max_rows = 20\n"
        "def qps(users, per_user, q1=1.0):\n    q2 = users * per_user\n    return q2 / 86_400 * q1\n"
        "class Plan:\n    q1 = 'a class attribute'\n"
        "values = [q1 for q1 in range(3)]\nprint(math.ceil(2.5), file=__import__('sys').stdout)\n"
    )
    assert scan(honest) == []


def test_the_course_the_scan_protects_is_the_one_its_settings_name():
    """Check objects come from the settings' checks package; patching their package is the course's."""
    other = Settings(packages=("other_course",), checks_package="other_course.checks", checks_module=lambda stem: None)
    setup = "from other_course.checks.one import q1\n"
    cells = {"setup": SourceCellKey("setup", "code", True, "x", setup)}
    notebook_key = NotebookKey("nb", None, cells, {}, set(), {"setup": setup})
    assert notebook_key.protected_names(other) == {"q1"} and notebook_key.protected_names(SETTINGS) == set()
    details = {}
    for package in ("other_course", "tpm_course"):
        given = [cell("setup", setup), cell(None, f"import {package}.core as c\nc.report = print")]
        details[package] = [f.detail for f in scan_notebook(given, notebook_key, other) if f.kind == "patch-course"]
    assert details == {
        "other_course": ["replaces `other_course.core.report`"],
        "tpm_course": ["replaces `tpm_course.core.report` in a library the checks may use"],
    }


@pytest.mark.parametrize("stem", module_stems())
def test_no_solution_notebook_is_flagged(stem):
    """The course's own answers (and its written submissions' cells) must never look like tampering."""
    source = json.loads((REPO / "solutions" / stem / f"{stem}.ipynb").read_text())
    released = json.loads((REPO / "exercises" / stem / f"{stem}.ipynb").read_text())
    cells = {}
    for c in source["cells"]:
        meta = c["metadata"].get("nbgrader", {})
        if meta.get("grade_id"):
            cells[meta["grade_id"]] = SourceCellKey(
                meta["grade_id"],
                c["cell_type"],
                meta.get("locked", False) or (meta.get("grade") and not meta.get("solution")),
                "",
                "".join(c["source"]),
            )
    released_text = {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
        for c in released["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade_id") in cells
        and cells[c["metadata"]["nbgrader"]["grade_id"]].locked
    }
    notebook_key = NotebookKey(
        stem, None, cells, {g: 1.0 for g, c in cells.items() if c.locked and "check" in c.source}, set(), released_text
    )
    answers = {g: c.source for g, c in cells.items() if not c.locked}
    written = [s for group in written_submissions(REPO, stem).values() for s in group]
    locked = {g for g, c in cells.items() if c.locked}
    edits = [s for s in written if set(s.cells) & locked]  # a learner who edits a test cell, planted on purpose
    for s in edits:
        submitted = [
            nbformat.v4.new_code_cell(
                {**answers, **s.cells}.get(g, released_text.get(g, c.source)), metadata={"nbgrader": {"grade_id": g}}
            )
            for g, c in cells.items()
            if c.cell_type == "code"
        ]
        assert scan_notebook(submitted, notebook_key, SETTINGS), f"{s.name} edits a test cell and is not flagged"
    for cells_given in [answers] + [{**answers, **s.cells} for s in written if s not in edits]:
        submitted = [
            nbformat.v4.new_code_cell(
                cells_given.get(g, released_text.get(g, c.source)), metadata={"nbgrader": {"grade_id": g}}
            )
            if c.cell_type == "code"
            else nbformat.v4.new_markdown_cell(released_text.get(g, c.source), metadata={"nbgrader": {"grade_id": g}})
            for g, c in cells.items()
        ]
        assert scan_notebook(submitted, notebook_key, SETTINGS) == []
