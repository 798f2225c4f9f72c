"""Does the sandbox of `tpm-course grade` hold against students who attack it, one test per attack class?

One released copy of the course is graded once through the real command, one worker, with a
submission per attack (written here, as a student would) besides an honest one; each test reads
one outcome. Two more copies are graded at the same time to see whether a student of one run can
reach the other run's kernel. Where the machine allows no namespaces or cgroups (not root, a
container), the tests of those protections are skipped and the run says which are off.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tpm_course.grading import GradeStatus
from tpm_course.grading.record import Record

from conftest import REPO
from nbgrader_course import copy_course, nbgrader, scores, submit

STEM = "01_estimation"
LIMITS = ["--workers", "1", "--cell-timeout", "20", "--timeout", "60", "--memory", "512", "--output-chars", "20000"]

SCRATCH_WRITE = """
for folder in ("/tmp", "/var/tmp", "/dev/shm"):
    with open(folder + "/left_for_next.txt", "w") as note:
        note.write("the answer is 42")
print("WROTE")
"""
SCRATCH_READ = """
import os
for folder in ("/tmp", "/var/tmp", "/dev/shm"):
    print("FOUND" if os.path.exists(folder + "/left_for_next.txt") else "CLEAN", folder)
"""
SCRATCH_FILL = """
written = 0
try:
    for number in range(64):
        with open(f"/tmp/fill{number}", "wb") as chunk:
            chunk.write(b"x" * (16 * 2**20))
        written += 16
    print("WROTE 1 GB")
except OSError as error:
    print("STOPPED after", written, "MiB:", type(error).__name__, error.errno)
"""
HOME_FILL = SCRATCH_FILL.replace('f"/tmp/fill{number}"', 'f"fill{number}"')  # the working folder, $HOME
COURSE_SNOOP = """
import os, tpm_course
checkout = os.path.dirname(os.path.dirname(tpm_course.__file__))
for what in {paths!r} + [os.path.join(checkout, "solutions"), os.path.join(checkout, ".git")]:
    try:
        found = os.listdir(what) if os.path.isdir(what) else open(what, "rb").read(1)
        print("REACHED" if found else "EMPTY", what)
    except OSError as error:
        print("BLOCKED", what, type(error).__name__)
"""
PROC_SNOOP = """
import os
visible = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
answered = []
for pid in range(1, 70_000):
    try:
        os.kill(pid, 0)
        answered.append(pid)
    except PermissionError:
        answered.append(pid)
    except ProcessLookupError:
        pass
print("VISIBLE", visible, "ANSWERED", answered, "ME", os.getpid())
import ctypes
print("DUMPABLE", ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))
"""
MEMORY_FORK = """
import os, time
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        block = b"x" * (448 * 2**20)
        time.sleep(3)
        os._exit(0)
    children.append(pid)
statuses = [os.waitpid(pid, 0)[1] for pid in children]
killed = sum(os.WIFSIGNALED(s) for s in statuses)
print("KILLED", killed, "OF", len(children))
"""
CPU_HOG = """
import os, time
began = time.monotonic()
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        end = time.monotonic() + 2
        while time.monotonic() < end:
            pass
        os._exit(0)
    children.append(pid)
cpu = sum(os.wait4(pid, 0)[2].ru_utime for pid in children)
print("CORES", round(cpu / (time.monotonic() - began), 2))
"""
FORGED_REPORT = """
import json, os
forged = json.dumps({"t": "done", "survey": None}) + "\\n"
for fd in range(3, 64):
    try:
        os.write(fd, forged.encode())
    except OSError:
        pass
"""
NETWORK_PROBE = """
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
    print("CONNECTED")
except OSError as error:
    print("BLOCKED", type(error).__name__)
print("INTERFACES", sorted(name for _, name in socket.if_nameindex()))
"""
DISPLAY_FLOOD = """
from IPython.display import display
for number in range(20_000):
    display(number)
"""


def cells_of(notebook: dict) -> dict[str, dict]:
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in notebook["cells"]}


def with_answer(notebook: dict, code: str) -> dict:
    """The notebook with ``code`` run at the end of the first answer cell."""
    copy = json.loads(json.dumps(notebook))
    cell = cells_of(copy)["q1_answer"]
    cell["source"] = "".join(cell["source"]) + "\n" + code
    return copy


def planted(root: Path, solution: dict, exercise: dict, port: int) -> dict[str, dict]:
    """student -> the notebook they submit (``port``: where a service of the host listens on 127.0.0.1)."""
    snoop = COURSE_SNOOP.format(
        paths=[str(root / name) for name in ("gradebook.db", "reports", "grades.csv", ".git", "solutions", "")]
    )
    skip = json.loads(json.dumps(solution))
    skip_cells = cells_of(skip)
    skip_cells["q1_answer"]["source"] = cells_of(exercise)["q1_answer"]["source"]
    skip_cells["q1"]["metadata"]["tags"] = ["skip-execution"]
    graded_answer = json.loads(json.dumps(solution))
    cells_of(graded_answer)["q1_answer"]["metadata"]["nbgrader"].update(grade=True, points=100)
    solution_test = json.loads(json.dumps(solution))
    cells_of(solution_test)["q1"]["metadata"]["nbgrader"]["solution"] = True
    duplicate = json.loads(json.dumps(solution))
    duplicate["cells"].append(json.loads(json.dumps(cells_of(duplicate)["q1"])))
    return {
        "honest": solution,
        "a_scratch_writer": with_answer(solution, SCRATCH_WRITE),
        "b_scratch_reader": with_answer(solution, SCRATCH_READ),
        "c_scratch_filler": with_answer(solution, SCRATCH_FILL),
        "c_home_filler": with_answer(solution, HOME_FILL),
        "d_course_snoop": with_answer(solution, snoop),
        "e_proc_snoop": with_answer(solution, PROC_SNOOP),
        "f_memory_fork": with_answer(solution, MEMORY_FORK),
        "g_cpu_hog": with_answer(solution, CPU_HOG),
        "h_display_flood": with_answer(solution, DISPLAY_FLOOD),
        "q_network": with_answer(solution, NETWORK_PROBE.format(port=port)),
        "p_forged_report": with_answer(exercise, FORGED_REPORT),
        "i_skip_tag": skip,
        "j_graded_answer": graded_answer,
        "k_solution_test": solution_test,
        "l_duplicate_test": duplicate,
        "m_too_many_cells": {
            **solution,
            "cells": solution["cells"] + [{"cell_type": "markdown", "metadata": {}, "source": ""}] * 5_000,
        },
    }


def released(tmp_path_factory, name: str) -> Path:
    root = tmp_path_factory.mktemp(name)
    copy_course(REPO, root)
    generated = nbgrader(root, "generate_assignment", STEM, "--force")
    assert generated.returncode == 0, generated.stderr[-3000:]
    for name in ("reports", ".git"):
        (root / name).mkdir()
        (root / name / "secret.txt").write_text("instructor only")
    (root / "grades.csv").write_text("student,score\n")
    return root


def grade(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tpm_course", "grade", STEM, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def notebooks(root: Path) -> tuple[dict, dict]:
    solution = json.loads((root / "solutions" / STEM / f"{STEM}.ipynb").read_text())
    exercise = json.loads((root / "exercises" / STEM / f"{STEM}.ipynb").read_text())
    return solution, exercise


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """Every attack of this module graded once; returns (root, run, results by student)."""
    root = released(tmp_path_factory, "attacked")
    solution, exercise = notebooks(root)
    service = socket.create_server(("127.0.0.1", 0))  # a service of the host: the hub, a database...
    for student, notebook in planted(root, solution, exercise, service.getsockname()[1]).items():
        submit(root, STEM, student, notebook)
    deep = root / "submitted" / "n_deep_json" / STEM
    deep.mkdir(parents=True)
    (deep / f"{STEM}.ipynb").write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    large = root / "submitted" / "o_too_large" / STEM
    large.mkdir(parents=True)
    padded = json.loads(json.dumps(solution))
    padded["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "x" * (21 * 2**20)})
    (large / f"{STEM}.ipynb").write_text(json.dumps(padded))
    try:
        run = grade(root, *LIMITS)
    finally:
        service.close()
    assert run.returncode == 0, run.stderr[-3000:] + run.stdout[-3000:]
    results = {r.student: r for r in Record.beside(root / "gradebook.db").results(STEM)}
    return root, run, results


def shown(root: Path, student: str, grade_id: str = "q1_answer") -> str:
    notebook = json.loads((root / "autograded" / student / STEM / f"{STEM}.ipynb").read_text())
    parts = []
    for output in cells_of(notebook)[grade_id]["outputs"]:
        parts.append("".join(output.get("text", "")))
        parts += [output.get("ename", ""), output.get("evalue", "")]
    return "\n".join(parts)


def require(run, words: str) -> None:
    if words not in run.stderr:
        pytest.skip("this machine does not give that protection: " + run.stderr.split("isolation: ")[-1][:300])


def test_the_run_names_its_protections_at_the_start_and_grades_the_honest_student_fully(attacked):
    _root, run, results = attacked
    first = next(line for line in run.stderr.splitlines() if line.startswith("isolation: "))
    assert "on: " in first and "off: " in first, first
    assert results["honest"].status == GradeStatus.GRADED and results["honest"].score == 18.0, results["honest"]
    assert "grader errors 0" in run.stdout, run.stdout


def test_a_file_left_in_tmp_is_not_seen_by_the_next_student(attacked):
    root, run, _ = attacked
    require(run, "private /tmp")
    assert "WROTE" in shown(root, "a_scratch_writer")
    assert shown(root, "b_scratch_reader").count("CLEAN") == 3, shown(root, "b_scratch_reader")


@pytest.mark.parametrize("student", ["c_scratch_filler", "c_home_filler"])
def test_filling_tmp_or_the_working_folder_stops_cleanly_at_its_size_and_the_notebook_is_graded(attacked, student):
    """/tmp, and the kernel's $HOME (its spawner's tmpfs of the scratch size; it was the host's disk:
    2 GiB in 5.7 s, a whole disk in one notebook's time)."""
    root, run, results = attacked
    require(run, "private /tmp")
    text = shown(root, student)
    assert "STOPPED after" in text and "WROTE 1 GB" not in text, text
    assert int(text.split("STOPPED after")[1].split()[0]) <= 256, text
    assert results[student].score == 18.0, results[student]


def test_the_course_root_its_checkout_and_the_gradebook_are_hidden(attacked):
    root, run, _ = attacked
    require(run, "course, checkout and gradebook hidden")
    text = shown(root, "d_course_snoop")
    assert "REACHED" not in text and text.count("BLOCKED") + text.count("EMPTY") == 8, text


def test_a_kernel_sees_no_other_process_and_is_not_dumpable(attacked):
    root, run, _ = attacked
    require(run, "a pid namespace per notebook")
    text = shown(root, "e_proc_snoop")
    line = next(line for line in text.splitlines() if line.startswith("VISIBLE"))
    visible = json.loads(line.split("VISIBLE")[1].split("ANSWERED")[0])
    answered = json.loads(line.split("ANSWERED")[1].split("ME")[0])
    assert set(answered) <= {1, *visible} and len(visible) <= 3, line  # 1: the namespace's init, root
    assert text.split("DUMPABLE")[1].split()[0] == "0", text


def test_a_kernel_reaches_no_service_of_the_host(attacked):
    """A service listening on 127.0.0.1 during grading (a hub, a gradebook server) is out of reach:
    the kernel's network namespace holds only a loopback that is down."""
    root, run, results = attacked
    require(run, "no network")
    text = shown(root, "q_network")
    assert "BLOCKED" in text and "CONNECTED" not in text, text
    assert text.split("INTERFACES")[1].split("\n")[0].strip() == "['lo']", text
    assert results["q_network"].status == GradeStatus.GRADED, results["q_network"]


def test_children_of_a_notebook_share_its_memory_limit(attacked):
    """Four children of 448 MiB under a 512 MiB limit (plus the 256 MiB allowance for copied pages):
    the cgroup holds them together, so most are killed."""
    root, run, _ = attacked
    require(run, "a cgroup per notebook")
    text = shown(root, "f_memory_fork")
    assert "KILLED" in text and int(text.split("KILLED")[1].split()[0]) >= 2, text


def test_busy_children_get_one_core_at_most(attacked):
    root, run, _ = attacked
    require(run, "a cgroup per notebook")
    text = shown(root, "g_cpu_hog")
    assert "CORES" in text and float(text.split("CORES")[1].split()[0]) < 1.3, text


def test_outputs_are_capped_in_number_as_well_as_characters(attacked):
    root, _, _ = attacked
    notebook = json.loads((root / "autograded" / "h_display_flood" / STEM / f"{STEM}.ipynb").read_text())
    outputs = cells_of(notebook)["q1_answer"]["outputs"]
    assert len(outputs) <= 2_001 and "outputs cut" in "".join("".join(o.get("text", "")) for o in outputs), len(outputs)


def test_a_forged_report_line_never_passes_for_a_graded_notebook(attacked):
    """A blank exercise that writes a forged "done" to every descriptor: never marks without a flag."""
    root, run, results = attacked
    result = results["p_forged_report"]
    flags = [f.flag for f in Record.beside(root / "gradebook.db").flags(STEM) if f.student == "p_forged_report"]
    assert result.status == GradeStatus.NOT_GRADED or not result.score, result
    assert flags and "grader errors 0" in run.stdout, (result, flags)


def test_a_skip_execution_tag_on_a_test_cell_does_not_skip_it(attacked):
    """The answer left blank and its test cell tagged to skip: the test runs, fails and scores 0."""
    root, _, _ = attacked
    assert scores(root, STEM)["i_skip_tag"]["q1"] == 0.0
    notebook = json.loads((root / "autograded" / "i_skip_tag" / STEM / f"{STEM}.ipynb").read_text())
    assert cells_of(notebook)["q1"]["outputs"], "the test cell never ran"


@pytest.mark.parametrize("student", ["j_graded_answer", "k_solution_test", "l_duplicate_test"])
def test_forged_cell_metadata_is_restored_and_the_notebook_graded(attacked, student):
    _, _, results = attacked
    result = results[student]
    assert result.status == GradeStatus.GRADED and result.score == 18.0 and result.max_score == 18.0, result


@pytest.mark.parametrize(
    ("student", "reason"),
    [("m_too_many_cells", "cells, over"), ("n_deep_json", "nests its JSON"), ("o_too_large", "MiB, over")],
)
def test_a_notebook_the_grader_cannot_read_is_not_graded_with_a_flag(attacked, student, reason):
    root, run, results = attacked
    assert results[student].status == GradeStatus.NOT_GRADED and reason in results[student].reason, results[student]
    flags = [f for f in Record.beside(root / "gradebook.db").flags(STEM) if f.student == student]
    assert [f.flag.kind for f in flags] == ["unreadable"], flags
    assert "grader errors 0" in run.stdout


def test_the_protections_said_off_are_named_at_the_start(tmp_path_factory):
    root = released(tmp_path_factory, "off")
    solution, _ = notebooks(root)
    submit(root, STEM, "honest", solution)
    run = grade(root, *LIMITS, env={**os.environ, "GRADING_SANDBOX_OFF": "cgroups,pid"})
    assert run.returncode == 0, run.stderr[-3000:]
    first = next(line for line in run.stderr.splitlines() if line.startswith("isolation: "))
    off = first.split("off: ")[1]
    assert "cgroups (GRADING_SANDBOX_OFF says so)" in off and "pid (GRADING_SANDBOX_OFF says so)" in off, first
    assert "a cgroup per notebook" not in first.split("off: ")[0]
    assert {r.student: r.score for r in Record.beside(root / "gradebook.db").results(STEM)} == {"honest": 18.0}


PROBER = """
import os, time
seen, answered = set(), set()
end = time.monotonic() + 10
while time.monotonic() < end:
    seen.update(int(p) for p in os.listdir("/proc") if p.isdigit())
    for pid in range(1, 70_000):
        try:
            os.kill(pid, 0)
            answered.add(pid)
        except PermissionError:
            answered.add(pid)
        except ProcessLookupError:
            pass
    time.sleep(0.2)
print("SEEN", sorted(seen), "ANSWERED", sorted(answered))
"""
SLEEPER = "import time\ntime.sleep(10)\n"


def _uid_blocks_running(stop: threading.Event, found: list) -> None:
    """Sample which grading uid blocks have processes, to know that two runs' kernels overlapped."""
    from tpm_course.grading import uids

    while not stop.is_set():
        blocks = set()
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/status") as status:
                        uid = int(status.read().split("Uid:")[1].split()[0])
                except (OSError, IndexError, ValueError):
                    continue
                if uid >= uids.FIRST:
                    blocks.add((uid - uids.FIRST) // uids.BLOCK)
        found.append(blocks)
        time.sleep(0.1)


def test_two_runs_at_once_get_their_own_uids_and_cannot_reach_each_other(tmp_path_factory):
    courses = {}
    for name, code in (("prober", PROBER), ("sleeper", SLEEPER)):
        root = released(tmp_path_factory, name)
        solution, _ = notebooks(root)
        submit(root, STEM, name, with_answer(solution, code))
        courses[name] = root
    stop, samples = threading.Event(), []
    watcher = threading.Thread(target=_uid_blocks_running, args=(stop, samples))
    watcher.start()
    try:
        runs = {
            name: subprocess.Popen(
                [sys.executable, "-m", "tpm_course", "grade", STEM, *LIMITS],
                cwd=root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name, root in courses.items()
        }
        outputs = {name: run.communicate(timeout=900) for name, run in runs.items()}
    finally:
        stop.set()
        watcher.join()
    for name, run in runs.items():
        assert run.returncode == 0, outputs[name][1][-3000:]
    heads = [out[1].split("isolation: ")[1].splitlines()[0] for out in outputs.values()]
    if not all("runs as uid" in head for head in heads):
        pytest.skip("student code gets no uid of its own here: " + heads[0])
    bases = {head.split("runs as uid ")[1].split("+")[0] for head in heads}
    assert len(bases) == 2, heads
    assert any(len(blocks) >= 2 for blocks in samples), "the two runs' kernels never ran at the same time"
    text = shown(courses["prober"], "prober")
    seen = json.loads(text.split("SEEN")[1].split("ANSWERED")[0])
    answered = json.loads(text.split("ANSWERED")[1].strip().splitlines()[0])
    if "a pid namespace per notebook" in heads[0]:
        assert len(seen) <= 3 and set(answered) <= {1, *seen}, text
    results = Record.beside(courses["sleeper"] / "gradebook.db").results(STEM)
    assert [(r.student, r.score) for r in results] == [("sleeper", 18.0)]


HONEST_LOOP = """
import time
time.sleep(2)  # the neighbour's busy children are spinning by now
began_wall, began_cpu = time.time(), time.process_time()
total = 0
for number in range(20_000_000):  # about 1.5 s of one core
    total += number * number
print("LOOP", began_wall, time.time(), "CPU", round(time.process_time() - began_cpu, 2))
"""
FORK_BOMB_SPIN = """
import os, time
began = time.time()
children = []
for _ in range(500):
    try:
        pid = os.fork()
    except OSError:
        break  # the process cap
    if pid == 0:
        os.setsid()  # a session of its own: the scheduler's per-session groups no longer hold it back
        os.nice(19)  # yields to its parent in their group, which must still answer the grader
        while True:
            pass
    children.append(pid)
print("FORKED", len(children), "SPIN", began)
time.sleep(8)
try:
    group = next(line.split(":")[2].strip() for line in open("/proc/self/cgroup") if ":cpu:" in line or ":cpu," in line)
    folder = "/sys/fs/cgroup/cpu" + group
    print("QUOTA", open(folder + "/cpu.cfs_quota_us").read().strip(), open(folder + "/cpu.cfs_period_us").read().strip())
except (OSError, StopIteration) as error:
    print("NO QUOTA", error)
"""
LINGER = """
import signal
time.sleep(10)  # the spinning children live on through this cell too
for pid in children:
    os.kill(pid, signal.SIGKILL)
cpu = 0.0
for pid in children:
    usage = os.wait4(pid, 0)[2]
    cpu += usage.ru_utime + usage.ru_stime
print("ENDED", time.time(), "CORES", round(cpu / (time.time() - began), 2))
"""


def test_an_honest_neighbour_of_a_cpu_hog_keeps_its_time(tmp_path_factory):
    """Two notebooks at once on 2 workers: one forks as many spinning processes (each in a session of its
    own) as its cap allows and keeps them spinning for 20 s, the other runs ~1.5 s of CPU under a 12 s
    cell limit. Sharing the CPU per process or session, the honest one gets 1/30 of a core and times out
    (seen with GRADING_SANDBOX_OFF=cgroups); with a cgroup per notebook it gets its own share."""
    root = released(tmp_path_factory, "fairness")
    solution, _ = notebooks(root)
    submit(root, STEM, "honest", with_answer(solution, HONEST_LOOP))
    hog = with_answer(solution, FORK_BOMB_SPIN)
    cells_of(hog)["q2_answer"]["source"] = "".join(cells_of(hog)["q2_answer"]["source"]) + "\n" + LINGER
    submit(root, STEM, "hog", hog)
    limits = ["--workers", "2", "--cell-timeout", "12", "--timeout", "90", "--memory", "512"]
    run = grade(root, *limits)
    assert run.returncode == 0, run.stderr[-3000:] + run.stdout[-3000:]
    require(run, "a cgroup per notebook")
    hog, honest = shown(root, "hog") + shown(root, "hog", "q2_answer"), shown(root, "honest")
    forked = int(hog.split("FORKED")[1].split()[0])
    spin_began, spin_ended = float(hog.split("SPIN")[1].split()[0]), float(hog.split("ENDED")[1].split()[0])
    loop_began, loop_ended = (float(x) for x in honest.split("LOOP")[1].split()[:2])
    assert forked >= 30, hog  # it really had many busy processes
    assert spin_began <= loop_began and loop_ended <= spin_ended, (hog, honest)  # they competed throughout
    assert "CellTimeoutError" not in honest and float(honest.split("CPU")[1].split()[0]) >= 0.5, honest
    results = Record.beside(root / "gradebook.db").results(STEM)
    assert {(r.student, r.status, r.score) for r in results if r.student == "honest"} == {
        ("honest", GradeStatus.GRADED, 18.0)
    }, results
    assert float(hog.split("CORES")[1].split()[0]) < 1.3, hog  # the hog's group had one core at most
    if "QUOTA" in hog and "NO QUOTA" not in hog:
        quota, period = (int(x) for x in hog.split("QUOTA")[1].split()[:2])
        assert 0 < quota <= period, hog
    head = run.stderr.split("isolation: ")[1].splitlines()[0]
    if "runs as uid" in head:
        base = int(head.split("runs as uid ")[1].split("+")[0])
        assert not _processes_of_uids(range(base, base + 1000)), "a process of the run outlived it"


def _processes_of_uids(wanted: range) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in wanted:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found
