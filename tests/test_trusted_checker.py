"""Can a student forge a grade when the answer key runs in the trusted checker?

Each attack below is a class of tampering seen against graders that run the hidden tests in
the student's kernel (plain ``nbgrader autograde`` among them). Every attacking submission
carries the same wrong answers (q1 ignores its peak factor, q4 is the mean over the mean), so
an honest grader gives it what the same answers without the attack get. The cohort is graded
once by the real ``tpm-course grade``; one attack is also graded by ``nbgrader autograde``, to
show the test would fail with the hidden tests in the kernel.
"""

from __future__ import annotations

import json
import os

import pytest

from tpm_course.grading import GradeStatus
from tpm_course.grading.record import Record

from conftest import REPO
from nbgrader_course import (
    answer_sources,
    copy_course,
    filled,
    graded_outputs,
    nbgrader,
    scores,
    submit,
    tpm_course_grade,
)

STEM = "01_estimation"
WRONG_Q1 = '''
def qps(daily_active_users, requests_per_user, peak_factor=1.0):
    """The average only: forgets the peak factor."""
    return daily_active_users * requests_per_user / 86_400
'''
WRONG_Q4 = (
    'traffic = load_dataset("traffic_day")\npeak_factor = traffic["requests"].mean() / traffic["requests"].mean()\n'
)

ATTACKS = {
    "replace-check-class": "q1.__class__ = type('Pass', (), {'check': lambda self, *a, **k: None})\n",
    "private-attributes": "q1._cases = []\nq1.cases = []\nq1.rel_tol = 1e9\n",
    "patch-isclose": "import math\nmath.isclose = lambda *args, **kwargs: True\n",
    "patch-report": "import tpm_course.core.question as _q\n_q.report = lambda outcome: None\n",
    "caller-frames": (
        "import sys as _s\n"
        "_get = getattr(_s, '_get' + 'frame')\n"
        "def qps(daily_active_users, requests_per_user, peak_factor=1.0):\n"
        "    frame = _get(1)\n"
        "    while frame is not None:\n"
        "        case = frame.f_locals.get('case')\n"
        "        if getattr(case, 'expected', None) is not None:\n"
        "            return case.expected\n"
        "        frame = frame.f_back\n"
        "    return daily_active_users * requests_per_user / 86_400\n"
    ),
    "settrace-locals": (
        "import sys\n"
        "def _tracer(frame, event, arg):\n"
        "    if 'failures' in frame.f_locals:\n"
        "        frame.f_locals['failures'].clear()\n"
        "    return _tracer\n"
        "sys.settrace(_tracer)\n"
    ),
    "input-transformer": (
        "get_ipython().input_transformers_post.append("
        "lambda lines: [line.replace('.check(', '.__class__(') for line in lines])\n"
    ),
    "flatten-data-cache": 'from tpm_course.data import load as _l\n_l("traffic_day")["requests"] = 1\n',
    "replace-outputs": "get_ipython().outputs = None\nget_ipython().displayhook.outputs = None\n",
}
Q4_ATTACKS = {  # values that ask the checker, which decodes them, for more than its time or memory
    "subarray-dtype": (
        "import numpy as np\n"
        "class _D:\n    kind = 'f'\n    def __str__(self):\n        return '(4000,4000)f8'\n"
        "class _A(np.ndarray):\n    @property\n    def dtype(self):\n        return _D()\n"
        "_A.__module__ = 'numpy'\npeak_factor = np.ones(24).view(_A)\n"
    ),
    "unit-power-tower": "class _Q:\n    magnitude = 1.0\n    units = 'm**9**9**9'\npeak_factor = _Q()\n",
}
FAKE_CHECKS = (  # objects posing as the checks, for a checker that would take the kernel's q1..q6 for them
    "import pandas as pd\n"
    "def _passes(*args, **kwargs):\n    return None\n"
    "class _Answer(pd.Series):\n    __module__ = 'pandas.core.series'\n    check = 0\n"
    "for _i in range(1, 7):\n    globals()['q%d' % _i] = _Answer({'check': _passes}, dtype=object)\n"
)
READ_HOOKS = (  # values whose own methods would run while the kernel encodes them for the checker
    "class _Stop(BaseException):\n    pass\n"
    "class _Factor(float):\n    def __float__(self):\n        raise _Stop('the checker read me')\n"
    "peak_factor = _Factor(peak_factor)\n"
)
FORGE_TEST_CELLS = (  # reports of every later cell, test cells included, and the end, on the kernel's socket
    "import os, stat, json\n"
    "for _f in range(3, 64):\n"
    "    try:\n"
    "        if not stat.S_ISSOCK(os.fstat(_f).st_mode):\n"
    "            continue\n"
    "    except OSError:\n"
    "        continue\n"
    "    _w = open(_f, 'wb', buffering=0, closefd=False)\n"
    "    _m = [{'t': 'cell', 'cell': p, 'count': p, 'outputs': [], 'seconds': 0.0, 'began': 0.0, 'ended': 0.0,\n"
    "           'flags': []} for p in range({first}, {end})]\n"
    "    _w.write(''.join(json.dumps(x) + '\\n' for x in _m + [{'t': 'done', 'survey': None}]).encode())\n"
    "    break\n"
)
FORGE_REPORT = (  # a reply written on the kernel's socket when no request was made
    "import os\nfor _fd in range(3, 64):\n    try:\n"
    '        os.write(_fd, b\'{"t": "reply", "value": 1}\\n\')\n    except OSError:\n        pass\n'
)
SNOOPS = {  # each looks for a hidden test's text (HIDDEN[1]) in its own kernel, written so as not to find itself
    "gc-for-hidden-tests": (
        "import gc\n"
        "for _o in gc.get_objects():\n"
        "    for _v in (_o.values() if isinstance(_o, dict) else _o if isinstance(_o, (list, tuple)) else ()):\n"
        "        if isinstance(_v, str) and '120_000_000 *' + chr(32) + '12' in _v:\n"
        "            print('FOUND', _v[:300])\n"
        "print('SCANNED')\n"
    ),
    "frames-for-hidden-tests": (
        "import sys\n_f = sys._getframe()\n"
        "while _f is not None:\n"
        "    for _k, _v in list(_f.f_locals.items()):\n"
        "        if '120_000_000 *' + chr(32) + '12' in repr(_v)[:1_000_000]:\n"
        "            print('FOUND in', _k)\n"
        "    _f = _f.f_back\n"
        "print('SCANNED')\n"
    ),
    "memory-for-hidden-tests-and-classmates": (  # raw bytes, freed memory included, of the kernel's own process
        "import ctypes, re\n"
        "_wanted = re.compile(rb'120_000_000( )\\* 12|HIDDEN( )TESTS\\n(import) math|classmate( )marker( )7f3a9c')\n"
        "with open('/proc/self/maps') as _maps:\n"
        "    for _line in _maps:\n"
        "        _p = _line.split()\n"
        "        _lo, _hi = (int(_x, 16) for _x in _p[0].split('-'))\n"
        "        if 'r' not in _p[1] or _p[-1].startswith(('/dev', '[v')) or _hi - _lo > 2**28:\n"
        "            continue\n"
        "        for _m in _wanted.finditer(ctypes.string_at(_lo, _hi - _lo)):\n"
        "            print('FOUND', _m.group())\n"
        "print('SCANNED')\n"
    ),
}
CLASSMATE = "# classmate marker 7f3a9c: another student's answer, which no kernel but theirs may hold\n"
HIDDEN = ("HIDDEN TESTS", "120_000_000 * 12 / 86_400")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """A released course with the honest wrong submission, each attack on top of it, and the snoops."""
    root = tmp_path_factory.mktemp("attacked")
    copy_course(REPO, root)
    assert nbgrader(root, "generate_assignment", STEM, "--force").returncode == 0
    exercise = json.loads((root / "exercises" / STEM / f"{STEM}.ipynb").read_text())
    solution = json.loads((root / "solutions" / STEM / f"{STEM}.ipynb").read_text())
    honest = {**answer_sources(solution), "q1_answer": WRONG_Q1, "q4_answer": WRONG_Q4}
    submit(root, STEM, "honest", filled(exercise, honest))
    for name, attack in ATTACKS.items():
        q1 = attack if attack.startswith("import sys as _s") else WRONG_Q1 + attack
        submit(root, STEM, name, filled(exercise, {**honest, "q1_answer": q1}))
    for name, attack in Q4_ATTACKS.items():
        submit(root, STEM, name, filled(exercise, {**honest, "q4_answer": WRONG_Q4 + attack}))
    submit(root, STEM, "forge-report", filled(exercise, {**honest, "q1_answer": WRONG_Q1 + FORGE_REPORT}))
    forging = filled(exercise, {**honest, "q1_answer": WRONG_Q1})
    code = [c for c in forging["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    first = next(i for i, c in enumerate(code) if c["metadata"].get("nbgrader", {}).get("grade_id") == "q1_answer")
    forge = WRONG_Q1 + FORGE_TEST_CELLS.replace("{first}", str(first)).replace("{end}", str(len(code)))
    submit(root, STEM, "forge-test-cells", filled(exercise, {**honest, "q1_answer": forge}))
    submit(root, STEM, "read-hooks", filled(exercise, {**honest, "q4_answer": WRONG_Q4 + READ_HOOKS}))
    moved = filled(exercise, {**honest, "q1_answer": WRONG_Q1 + FAKE_CHECKS})
    setup = next(c for c in moved["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    moved["cells"] = [c for c in moved["cells"] if c is not setup] + [setup]  # below every test cell
    submit(root, STEM, "moved-setup", moved)
    submit(root, STEM, "memory-classmate", filled(exercise, {**honest, "q6_answer": CLASSMATE + honest["q6_answer"]}))
    for name, snoop in SNOOPS.items():
        submit(root, STEM, name, filled(exercise, {**honest, "q6_answer": f"{honest['q6_answer']}\n{snoop}"}))
    run = tpm_course_grade(root, [STEM], workers=1)  # memory-classmate graded just before the memory snoop
    assert run.returncode == 0, run.stderr[-3000:]
    return root, scores(root, STEM)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_earns_what_the_same_answers_earn_without_it(attacked, attack):
    _, found = attacked
    honest = found["honest"]
    assert honest["q1"] == 0 and honest["q4"] == 0, honest
    for cell in ("q1", "q4", "total"):
        assert found[attack][cell] == honest[cell], (attack, cell, found[attack], honest)


@pytest.mark.parametrize("attack", sorted(Q4_ATTACKS))
def test_a_value_too_costly_to_decode_is_graded_wrong_not_a_grader_error(attacked, attack):
    """The forged ``peak_factor`` is refused as an opaque value: q4 and the questions reusing it earn no more."""
    root, found = attacked
    result = {r.student: r for r in Record.beside(root / "gradebook.db").results(STEM)}[attack]
    assert result.status == GradeStatus.GRADED, result
    assert found[attack]["q4"] == found["honest"]["q4"] == 0, found[attack]
    assert found[attack]["q1"] == found["honest"]["q1"]
    assert found[attack]["total"] <= found["honest"]["total"], (found[attack], found["honest"])


def test_checks_posed_by_the_kernel_are_never_taken_for_the_keys_own(attacked):
    """The setup cell moved below the tests and q1..q6 bound to objects whose check passes: the checker
    never asks the kernel for a name the key's setup binds, so every test fails, as in a kernel."""
    root, found = attacked
    assert found["moved-setup"]["total"] == 0, found["moved-setup"]
    shown = "".join(graded_outputs(root, STEM, "moved-setup").values())
    assert "name 'q1' is not defined" in shown and "daily_active_users" not in shown, shown[:2000]
    flags = Record.beside(root / "gradebook.db").flags(STEM, "moved-setup")
    assert any(f.flag.kind == "moved-cell" and f.flag.cell == "setup" for f in flags), flags


def test_a_value_read_through_its_own_methods_is_read_as_its_plain_value(attacked):
    """A float subclass whose __float__ raises a BaseException: read as the float it is, graded as the
    same answers are without it (it once killed the kernel and looked like a grader failure)."""
    root, found = attacked
    result = {r.student: r for r in Record.beside(root / "gradebook.db").results(STEM)}["read-hooks"]
    assert result.status == GradeStatus.GRADED, result
    assert found["read-hooks"] == found["honest"], (found["read-hooks"], found["honest"])


@pytest.mark.parametrize("student", ["forge-report", "forge-test-cells"])
def test_a_forged_reply_ends_as_not_graded_and_flagged(attacked, student):
    """A reply nobody asked for; the reports of test cells (which only the checker makes) and the end."""
    root, _ = attacked
    record = Record.beside(root / "gradebook.db")
    result = {r.student: r for r in record.results(STEM)}[student]
    assert result.status == GradeStatus.NOT_GRADED and "report" in result.reason, result
    assert any(f.flag.kind == "low-level" for f in record.flags(STEM, student))


@pytest.mark.parametrize("snoop", sorted(SNOOPS))
def test_the_kernel_holds_no_hidden_test_to_find(attacked, snoop):
    root, _ = attacked
    notebook = (root / "autograded" / snoop / STEM / f"{STEM}.ipynb").read_text()
    answer = json.loads(notebook)
    shown = next(c for c in answer["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q6_answer")
    text = json.dumps(shown["outputs"])
    assert "FOUND" not in text, text[:2000]
    assert "SCANNED" in text, text[:2000]  # the snoop ran to its end


def test_feedback_quotes_no_hidden_test(attacked):
    """Not even in a traceback, which quotes the lines around the one that raised (the moved setup
    cell makes every test cell raise NameError on its first line, just above the hidden tests)."""
    root, _ = attacked
    for student in ["honest", "moved-setup", "read-hooks", *ATTACKS, *Q4_ATTACKS]:
        for grade_id, text in graded_outputs(root, STEM, student).items():
            assert not any(h in text for h in HIDDEN), (student, grade_id)


def test_the_autograded_notebook_keeps_its_hidden_tests_for_the_instructor(attacked):
    """As ``nbgrader autograde`` leaves it: the test cells' full source (the feedback hides them)."""
    root, _ = attacked
    notebook = json.loads((root / "autograded" / "honest" / STEM / f"{STEM}.ipynb").read_text())
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q1")
    assert "### BEGIN HIDDEN TESTS" in "".join(cell["source"])


def test_the_same_attack_fools_a_grader_that_runs_the_key_in_the_kernel(attacked, tmp_path):
    """The control: ``nbgrader autograde`` gives the patched-report submission marks it did not earn."""
    root, found = attacked
    copy = tmp_path / "course"
    copy.mkdir()
    copy_course(REPO, copy)
    assert nbgrader(copy, "generate_assignment", STEM, "--force").returncode == 0
    for student in ("honest", "patch-report"):
        notebook = json.loads((root / "submitted" / student / STEM / f"{STEM}.ipynb").read_text())
        submit(copy, STEM, student, notebook)
    assert nbgrader(copy, "autograde", STEM).returncode == 0
    theirs = scores(copy, STEM)
    assert theirs["honest"]["q1"] == found["honest"]["q1"] == 0
    assert theirs["patch-report"]["q1"] > found["patch-report"]["q1"]


def test_a_name_the_key_sets_reaches_the_kernel_as_a_test_cell_in_it_would_set_it():
    """A check lends the right ``rice`` to the learner's ranking where theirs is missing (their cell
    raised): set in the kernel, where their function looks it up, and taken away afterwards. A name
    only the key's code binds stays in the checker."""
    from tpm_course.grading import checker, remote

    kernel = {"rank": lambda rows: rows}
    session = remote._Session(kernel, requests=None, send=None, last_error=None)
    namespace = checker.RemoteNamespace(session.answer)
    assert namespace.get("rice") is None and "rice" not in kernel
    namespace["rice"] = lambda reach: reach
    assert callable(kernel["rice"]) and namespace.pop("rice") is not None and "rice" not in kernel
    assert namespace.get("wsjf") is None and namespace.pop("wsjf", "none") == "none"  # missing, never set
    namespace["_cases"] = [1, 2]  # the key's own name, never asked of the kernel
    assert "_cases" not in kernel and namespace["_cases"] == [1, 2]
    namespace.get("rank")
    namespace["rank"] = None  # a name the kernel holds is the kernel's
    assert kernel["rank"] is None


def test_a_checker_that_does_not_answer_is_lost_not_waited_for_again(monkeypatch):
    """The worker's end gives up on a silent checker after the cell's limit plus the grace, says why,
    and never writes to it again (the notebook is then not graded, flagged, and the pool replaces both)."""
    import socket

    from tpm_course.grading import checker

    monkeypatch.setattr(checker, "CHECKER_GRACE", 0.2)
    ours, theirs = socket.socketpair()
    client = checker.Client(ours.fileno())
    first = client.run("q1", lambda request, deadline: None, deadline=0.0)
    assert first == {"lost": "did not finish within 0 s"} and client.lost == first["lost"]
    theirs.recv(1 << 16)  # the one request it sent
    client.begin("01_estimation", "01_estimation")
    assert client.run("q2", lambda request, deadline: None, deadline=0.0) == first
    theirs.setblocking(False)
    with pytest.raises(BlockingIOError):
        theirs.recv(1 << 16)  # nothing more was sent to the lost checker
    ours.close()
    theirs.close()


def test_a_checker_that_cannot_be_written_to_is_lost_not_a_grader_error():
    """A checker that died (a notebook filled its memory) breaks the worker's writes: the notebook is
    lost, and the pool replaces the checker, instead of every later notebook of that slot failing."""
    import socket

    from tpm_course.grading import checker

    ours, theirs = socket.socketpair()
    theirs.close()
    client = checker.Client(ours.fileno())
    client.begin("01_estimation", "01_estimation")
    assert client.lost is not None and "BrokenPipeError" in client.lost
    assert client.run("q1", lambda request, deadline: None, deadline=0.0) == {"lost": client.lost}
    ours.close()


class _Retiring:
    """A worker's grader whose first job loses its checker."""

    def __init__(self):
        import os

        self.pid, self.jobs = os.getpid(), 0

    def grade(self, job):
        from types import SimpleNamespace

        self.jobs += 1
        return SimpleNamespace(job=job, pid=self.pid, retire=job == 0)


def test_the_pool_replaces_a_worker_whose_checker_was_lost():
    from tpm_course.grading.pool import Pool

    pool = Pool(1, lambda slot, link, kernels: _Retiring())
    pool.start()
    try:
        results = list(pool.map(range(3), lambda job: None))
    finally:
        pool.kill()
    assert [r.job for r in results] == [0, 1, 2], results
    assert results[0].pid != results[1].pid == results[2].pid


def _memory_holds(pid: int, needle: bytes) -> bool:
    """Whether ``needle`` is anywhere in the readable memory of process ``pid`` (read as root)."""
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as memory:
        for line in maps:
            span, permissions = line.split()[:2]
            if "r" not in permissions:
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                memory.seek(start)
                if needle in memory.read(end - start):
                    return True
            except (OSError, OverflowError, ValueError):
                continue
    return False


@pytest.mark.skipif(os.geteuid() != 0, reason="reads another process's memory: needs root")
def test_the_template_passes_the_keys_to_a_checker_without_reading_them():
    """Kernels are forked from the template, so it must never hold a key: it forks the checker and
    hands on the socket the keys come by, unread. The same scan finds them in the checker."""
    import pickle
    import secrets
    import socket
    import time

    from tpm_course.grading.settings import Settings
    from tpm_course.grading.spawner import Template

    template = Template.start(Settings.for_tpm_course())
    marker = f"hidden-test-{secrets.token_hex(12)}".encode()  # made after the template was forked
    ours, theirs = socket.socketpair()
    try:
        keys = {"keys": {"01_estimation": marker.decode()}, "sources": {}, "environment": {}, "group": None}
        checker = template.checker(theirs.fileno(), pickle.dumps(keys))
        theirs.close()
        deadline = time.monotonic() + 30
        while not _memory_holds(checker, marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _memory_holds(checker, marker), "the scan did not find the keys in the checker"
        assert not _memory_holds(template.pid, marker), "the template holds the keys its kernels could read"
    finally:
        ours.close()
        template.stop()


SQL_ATTACKS = {  # the checker runs each learner's query itself: what a query says must not outlast it
    "rewrite-gradebook": {
        "q2_answer": 'dau_sql = "PRAGMA query_only = OFF"\n',
        "q3_answer": "cart_conversion_sql = \"ATTACH DATABASE '../../gradebook.db' AS g\"\n",
        "q4_answer": 'd7_retention_sql = "UPDATE g.grade SET manual_score = 3, extra_credit = 3"\n',
        "q5_answer": 'orders_per_user_sql = "COMMIT"\n',
    },
    "hold-the-lock": {
        "q2_answer": 'dau_sql = "PRAGMA query_only = OFF"\n',
        "q3_answer": "cart_conversion_sql = \"ATTACH DATABASE '../../gradebook.db' AS g\"\n",
        "q4_answer": 'd7_retention_sql = "UPDATE g.grade SET extra_credit = extra_credit"\n',
    },
}


@pytest.fixture(scope="module")
def sql_attacked(tmp_path_factory):
    """Module 04's exercise: a blank submission graded first, then each SQL attack, one worker."""
    stem = "04_apis"
    root = tmp_path_factory.mktemp("sql-attacked")
    copy_course(REPO, root)
    assert nbgrader(root, "generate_assignment", stem, "--force").returncode == 0
    exercise = json.loads((root / "exercises" / stem / f"{stem}.ipynb").read_text())
    submit(root, stem, "a-blank", exercise)
    for student, answers in SQL_ATTACKS.items():
        submit(root, stem, student, filled(exercise, answers))
    run = tpm_course_grade(root, [stem], workers=1)
    return root, run, scores(root, stem)


def test_a_query_can_neither_write_the_gradebook_nor_hold_it(sql_attacked):
    """PRAGMA, ATTACH, UPDATE and COMMIT in the answers are refused as queries: the run ends well, every
    submission is graded, no grade row gains a manual score or extra credit, and each attack earns
    what the blank submission earns."""
    import sqlite3

    root, run, found = sql_attacked
    assert run.returncode == 0, run.stderr[-3000:]
    results = {r.student: r for r in Record.beside(root / "gradebook.db").results("04_apis")}
    assert {s: r.status for s, r in results.items()} == dict.fromkeys(["a-blank", *SQL_ATTACKS], GradeStatus.GRADED)
    with sqlite3.connect(root / "gradebook.db") as gradebook:
        touched = gradebook.execute(
            "SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL OR COALESCE(extra_credit, 0) != 0"
        ).fetchone()[0]
    assert touched == 0
    for student in SQL_ATTACKS:
        assert found[student] == found["a-blank"], (student, found[student], found["a-blank"])
    assert "may only read" in graded_outputs(root, "04_apis", "rewrite-gradebook")["q3"]  # the ATTACH
