"""Running one notebook's cells in a sandboxed child, with a limit per cell and one per notebook.

The child (forked from a pre-warmed process, a worker's spawner (see ``spawner``), so it starts
with IPython, pandas, scipy, plotly and the course already imported) runs the cells
(``child.run_cells``) and reports over a pipe, one JSON line per event: ``start`` before a cell,
``cell`` with its outputs after it, ``budget`` / ``exit`` when it stops early, ``done`` at the
end. Here the worker reads that report and enforces both limits from outside: a child that
ignores its timer, or dies, or reports what its own code could not have written, ends as "not
graded" with the reason.

Like a Jupyter kernel, student code shares the process that reports its results: it could
forge them. Reports that are malformed or incomplete are refused; the static scan flags the
means (raw descriptors, ctypes, frame inspection).
"""

from __future__ import annotations

import json
import os
import select
import time
from dataclasses import dataclass, field

from .child import run_cells, with_reply_error
from .flags import Effect, Flag, printable
from .lines import LineBuffer
from .sandbox import Limits, Sandbox, signal_name

GRACE = 3.0  # seconds the worker waits past a limit before it kills the child
MAX_REPORT = 256 * 2**20  # bytes of report the worker accepts from one notebook (values sent to the checker too)
KERNEL_ENVIRONMENT = {
    "TERM": "xterm-color",
    "CLICOLOR": "1",
    "FORCE_COLOR": "1",
    "CLICOLOR_FORCE": "1",
    "PAGER": "cat",
    "GIT_PAGER": "cat",
    "NBGRADER_EXECUTION": "autograde",
    "PLOTLY_RENDERER": "plotly_mimetype",
}
KEPT_ENVIRONMENT = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "TZ",
    "VIRTUAL_ENV",
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "IPYTHONDIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
)


@dataclass
class Execution:
    """What running a notebook gave: outputs per cell position, or why it stopped."""

    cells: dict[int, dict] = field(default_factory=dict)  # position -> count, outputs, seconds, began, ended
    failure: str | None = None
    flags: list[Flag] = field(default_factory=list)
    survey: dict | None = None  # when warming up: what the notebook left behind (see ``warmup.survey``)
    requests: int = 0  # the checker's requests to the kernel (values and calls)

    @property
    def seconds(self) -> float:
        return sum(cell["seconds"] for cell in self.cells.values())


def environment(work, course: dict[str, str]) -> dict[str, str]:
    """The child's environment: a kernel's, pointed at the scratch folder, plus what the course's
    code needs (``Settings.data_environment``)."""
    kept = {k: v for k, v in os.environ.items() if k in KEPT_ENVIRONMENT or k.startswith("LC_")}
    kept.update(KERNEL_ENVIRONMENT, HOME=str(work), PWD=str(work), TMPDIR=str(work / ".tmp"))
    kept.update(course)
    return kept


@dataclass
class KeyCells:
    """The cells of a notebook that the trusted checker runs: test cells only there, setup cells
    there too (before the first test cell after them); positions among the code cells -> grade ids."""

    client: object  # checker.Client
    assignment: str
    notebook: str
    tests: dict[int, str]
    setups: dict[int, str]


class LocalKernels:
    """Kernels this process forks itself, in ``sandbox`` with ``guard`` (the warm-up's source notebooks;
    a worker's kernels come from its spawner instead: ``spawner.RemoteKernels``)."""

    def __init__(self, sandbox: Sandbox, guard):
        self.sandbox, self.guard, self.limits = sandbox, guard, sandbox.limits

    @property
    def exceeded(self) -> str | None:
        return self.sandbox.exceeded

    def start(self, cells, protected, env: dict[str, str], survey=None) -> tuple[int, int]:
        limits, guard = self.limits, self.guard
        return self.sandbox.spawn(lambda report: run_cells(report, guard, cells, limits, protected, env, survey))

    def reap(self, pid: int) -> int | None:
        return self.sandbox.reap(pid)

    def let_finish(self, pid: int) -> None:
        self.sandbox.let_finish(pid)


def execute(
    kernels,
    cells: list[tuple[str, str | None]],
    protected: set[str],
    env: dict[str, str],
    survey=None,
    key_cells: KeyCells | None = None,
) -> Execution:
    """Run ``cells`` ((label, source) pairs) in a fresh sandboxed kernel of ``kernels`` (``LocalKernels``
    or ``spawner.RemoteKernels``).

    ``protected`` are the notebook's check-object names; ``survey`` (when warming up) runs in the
    child at the end, its answer kept in ``Execution.survey``. With ``key_cells``, the test cells
    (source None here) run in the checker instead.
    """
    if key_cells is not None:
        key_cells.client.begin(key_cells.assignment, key_cells.notebook)
    pid, fd = kernels.start(cells, protected, env, survey)
    if key_cells is not None:
        os.set_blocking(fd, False)  # the kernel may stop reading: the worker's writes must never hang
    watch = _Watch(kernels, pid, cells, fd, key_cells)
    reader = _Lines(fd)
    watch.reader = reader
    try:
        watch.follow(reader)
    finally:
        if watch.pid is not None:
            kernels.reap(watch.pid)
        os.close(fd)
    if reader.too_big:
        watch.result.failure = "it produced more output than the grader accepts"
    return watch.result


class _Watch:
    """The worker's side of one child: its report read event by event, both limits enforced."""

    def __init__(self, kernels, pid: int, cells: list[tuple[str, str | None]], fd: int, key_cells=None):
        self.kernels, self.pid, self.cells, self.limits = kernels, pid, cells, kernels.limits
        self.fd, self.key_cells, self.reader = fd, key_cells, None
        self.setups_run = 0  # setup cells the checker has run, in order
        self.result = Execution()
        self.running: int | None = None  # the cell the child said it started and has not reported
        self.cell_started = time.monotonic()
        self.notebook_deadline = self.cell_started + self.limits.notebook_timeout + GRACE
        self.finished = False

    def label(self, position: int | None) -> str:
        return self.cells[position][0] if position is not None and position < len(self.cells) else "the setup"

    def follow(self, reader: _Lines) -> None:
        """Read events until the notebook is done or failed, or a limit passed without one."""
        limits = self.limits
        cell_limit = limits.cell_timeout if limits.cell_timeout else float("inf")
        while self.result.failure is None and not self.finished:
            now = time.monotonic()
            cell_deadline = self.cell_started + cell_limit + GRACE if self.running is not None else float("inf")
            if now >= self.notebook_deadline:
                where = self.label(self.running)
                self.result.failure = f"the notebook ran past its {limits.notebook_timeout:g} s limit (in {where})"
                return
            if now >= cell_deadline:
                where = self.label(self.running)
                self.result.failure = f"{where} did not stop at its {cell_limit:g} s limit and was killed"
                return
            message = reader.next(min(self.notebook_deadline, cell_deadline) - now)
            if message is not None:
                self.receive(message)

    def receive(self, message) -> None:
        kind = message.get("t") if isinstance(message, dict) else None
        if not _well_formed(message, len(self.cells)):
            kind = "corrupt"
        handlers = {
            "start": self._start,
            "cell": self._cell,
            "test": self._test,
            "budget": self._budget,
            "exit": self._exit,
            "done": self._done,
            "crash": self._crash,
            "eof": self._eof,
        }
        handlers.get(kind, self._corrupt)(message)

    def _start(self, message: dict) -> None:
        self.running, self.cell_started = message["cell"], time.monotonic()

    def _cell(self, message: dict) -> None:
        position, plan = message["cell"], self.key_cells
        if position != self.running or (plan is not None and position in plan.tests):
            # a cell the kernel did not start, or a test cell, which only the checker reports: forged
            self._forged("the kernel's report to the grader was corrupted")
            return
        self.result.cells[position] = {k: message[k] for k in ("count", "outputs", "seconds", "began", "ended")}
        self.result.flags += [Flag(**flag) for flag in message.get("flags", [])]
        self.running = None

    def _test(self, message: dict) -> None:
        """The kernel reached a test cell: the checker runs it, asking the kernel for the learner's values."""
        position, plan = message["cell"], self.key_cells
        if plan is None or position not in plan.tests or position != self.running:
            self._forged("the kernel's report to the grader was corrupted")
            return
        began, started = time.perf_counter(), time.time()
        deadline = min(self.cell_started + (self.limits.cell_timeout or float("inf")), self.notebook_deadline - GRACE)
        for setup in sorted(p for p in plan.setups if p < position)[self.setups_run :]:
            ran = self._checker_run(plan.setups[setup], deadline)
            self.setups_run += 1
            if ran is None:
                return
            if ran.get("reply"):
                error = ran["reply"]
                self.result.failure = (
                    f"the answer key's setup cell {plan.setups[setup]} failed in the checker "
                    f"({error['ename']}: {error['evalue']}): the grader's problem, not the student's"
                )
                return
        ran = self._checker_run(plan.tests[position], deadline)
        if ran is None:
            return
        reply = dict(self.limits.timeout_error) if ran.get("timed_out") else ran.get("reply")
        outputs = with_reply_error(list(ran.get("outputs") or []), reply)
        ended = time.time()
        count = message["count"] if isinstance(message.get("count"), int) else 0
        seconds = time.perf_counter() - began
        self.result.cells[position] = {
            "count": count,
            "outputs": outputs,
            "seconds": seconds,
            "began": started,
            "ended": ended,
        }
        self.running = None
        if time.monotonic() > self.notebook_deadline - GRACE:
            self._budget({"cell": position})
            return
        if not _send(self.fd, {"op": "resume", "failed": reply is not None}, time.monotonic() + GRACE):
            self.result.failure = f"the kernel stopped answering after {self.label(position)}"

    def _checker_run(self, grade_id: str, deadline: float) -> dict | None:
        ran = self.key_cells.client.run(grade_id, self._ask_kernel, deadline)
        if self.result.failure is not None:
            return None
        if ran.get("lost"):
            self.result.failure = (
                f"the answer key's check {grade_id} {ran['lost']} on this notebook's values: grade by hand"
            )
            self.result.flags.append(
                Flag(
                    "checker-lost",
                    self.label(self.running),
                    None,
                    f"the check {grade_id} {ran['lost']}",
                    effect=Effect.NOT_GRADED,
                )
            )
            return None
        if ran.get("gone"):
            self.result.failure = f"the kernel stopped answering the grader (in {self.label(self.running)})"
            return None
        if ran.get("missing"):
            self.result.failure = f"the answer key has no cell {grade_id}"
            return None
        return ran

    def _ask_kernel(self, request: dict, deadline: float) -> tuple[str, bytes] | None:
        """One message to the kernel and what it said back, as it wrote it: ("answer", its reply) or
        ("callback", a call of one of the key's functions); None (the failure recorded) when it is gone."""
        if self.result.failure is not None:
            return None
        if request.get("op") == "call":
            request = {**request, "seconds": max(deadline - time.monotonic(), 0.001)}
        self.result.requests += 1
        if not _send(self.fd, request, deadline + GRACE):
            self.result.failure = f"the kernel stopped reading the grader's requests (in {self.label(self.running)})"
            return None
        message = self.reader.next(max(deadline - time.monotonic(), 0.0) + GRACE, raw=(REPLY, CALLBACK))
        if isinstance(message, bytes):
            return ("answer" if message.startswith(REPLY) else "callback", message)
        if message is None:
            where = self.label(self.running)
            self.result.failure = f"{where} did not stop at its {self.limits.cell_timeout:g} s limit and was killed"
        else:
            self.receive(message)
            if self.result.failure is None:
                self._forged("the kernel's report to the grader was corrupted")
        return None

    def _budget(self, message: dict) -> None:
        where = self.label(message["cell"])
        self.result.failure = f"the notebook ran past its {self.limits.notebook_timeout:g} s limit (in {where})"

    def _exit(self, message: dict) -> None:
        where = self.label(message["cell"])
        self.result.failure = f"the kernel was asked to exit (exit() or quit() in {where})"
        self.result.flags.append(
            Flag("exit-kernel", where, None, "ended the kernel (seen at run time)", effect=Effect.NOT_GRADED)
        )

    def _done(self, message: dict) -> None:
        if len(self.result.cells) != len(self.cells):  # forged by the notebook itself
            self._forged("the kernel's report to the grader was incomplete")
            return
        self.result.survey = message.get("survey")
        self.finished = True
        self.kernels.let_finish(self.pid)
        self.pid = None

    def _crash(self, message: dict) -> None:
        error = printable(str(message.get("error")))[:300]
        if not self.result.cells and self.running is None:  # before any of the learner's code ran
            self.result.failure = f"the grader could not run it: {error}"
            return
        where = self.label(self.running)
        self.result.failure = f"the kernel stopped after the learner's code ran (in {where}): {error}"
        detail = "the kernel stopped with an error its code may have caused (seen at run time)"
        self.result.flags.append(Flag("low-level", where, None, detail, effect=Effect.NOT_GRADED))

    def _eof(self, message: dict) -> None:
        status = self.kernels.reap(self.pid)
        self.pid = None
        where = self.label(self.running)
        self.result.failure = _death(status, where, self.limits, self.kernels.exceeded)
        if self.running is not None:
            detail = f"the kernel died ({_how(status)}) (seen at run time)"
            self.result.flags.append(Flag("exit-kernel", where, None, detail, effect=Effect.NOT_GRADED))

    def _corrupt(self, message) -> None:
        self._forged("the kernel's report to the grader was corrupted")

    def _forged(self, failure: str) -> None:
        self.result.failure = failure
        detail = "wrote into the grader's report channel (seen at run time)"
        self.result.flags.append(Flag("low-level", self.label(self.running), None, detail))


OUTPUT_FIELDS = {
    "stream": ("name", "text"),
    "display_data": ("data", "metadata"),
    "execute_result": ("data", "metadata"),
    "error": ("ename", "evalue", "traceback"),
}


def _well_formed(message, cells: int) -> bool:
    """A report the child's code would write (student code shares its process and could write others)."""
    try:
        kind = message["t"]
        if kind in ("start", "budget", "exit"):
            return isinstance(message["cell"], int) and 0 <= message["cell"] < cells
        if kind == "cell":
            for flag in message.get("flags", []):
                Flag(**flag)
            return (
                isinstance(message["cell"], int)
                and 0 <= message["cell"] < cells
                and isinstance(message["count"], int)
                and all(isinstance(message[k], (int, float)) for k in ("seconds", "began", "ended"))
                and isinstance(message["outputs"], list)
                and all(
                    isinstance(o, dict) and all(f in o for f in OUTPUT_FIELDS[o["output_type"]])
                    for o in message["outputs"]
                )
            )
        if kind == "test":
            return isinstance(message["cell"], int) and 0 <= message["cell"] < cells
        if kind == "reply":
            return True
        return kind in ("done", "crash", "eof", "corrupt")
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return False


REPLY = b'{"t": "reply"'  # how the kernel's replies begin (``remote``)
CALLBACK = b'{"t": "callback"'  # and its calls of the key's functions


def _send(fd: int, message: dict, deadline: float) -> bool:
    """Write one JSON line to the kernel by ``deadline``; False when it would not take it."""
    data = memoryview((json.dumps(message) + "\n").encode())
    while data:
        _, ready, _ = select.select([], [fd], [], max(deadline - time.monotonic(), 0.0))
        if not ready:
            return False
        try:
            data = data[os.write(fd, data[: 1 << 16]) :]
        except BlockingIOError:
            continue
        except OSError:
            return False
    return True


def _how(status: int | None) -> str:
    if status is None:
        return "status unknown"
    if os.WIFSIGNALED(status):
        return f"killed by {signal_name(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _death(status: int | None, where: str, limits: Limits, exceeded: str | None = None) -> str:
    if exceeded == "memory":
        return f"it used more than its {limits.memory / 2**20:,.0f} MiB of memory and was killed (in {where})"
    if exceeded == "cpu":
        return f"it used more than {limits.cpu_seconds} s of CPU time (in {where})"
    return f"the kernel died ({_how(status)}) while running {where}"


class _Lines:
    """JSON lines from the child's pipe; ``{"t": "eof"}`` when it closes."""

    def __init__(self, fd: int):
        self.fd, self.pending, self.total, self.eof, self.too_big = fd, LineBuffer(), 0, False, False

    def next(self, timeout: float, raw: tuple[bytes, ...] | None = None):
        """The next message (None when ``timeout`` passes first); a line starting with one of ``raw``
        comes back as its bytes, unparsed (the kernel's replies, which the worker only passes on)."""
        deadline = time.monotonic() + max(timeout, 0)
        while (line := self.pending.line()) is None:
            if self.eof:
                return {"t": "eof"}
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                return None
            chunk = os.read(self.fd, 1 << 20)
            self.total += len(chunk)
            if not chunk or self.total > MAX_REPORT:
                self.too_big = self.total > MAX_REPORT
                self.eof = True
                self.pending.clear()
                continue
            self.pending.add(chunk)
            if time.monotonic() > deadline:  # a child that never stops writing still meets the deadline
                line = self.pending.line()
                if line is None:
                    return None
                break
        if raw is not None and line.startswith(raw):
            return line
        try:
            return json.loads(line)
        except ValueError:
            return {"t": "corrupt"}
