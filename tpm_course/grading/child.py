"""Inside the sandboxed child: run a notebook's cells one by one and report each to the worker.

Each cell runs in ``GradingShell`` under a timer set to the smaller of the cell limit and
what is left of the notebook's: a cell past its limit is interrupted (``KeyboardInterrupt``,
then nbgrader's ``CellTimeoutError`` output, as ``nbgrader autograde`` records it) and the
next cell runs; a notebook past its limit stops, so an infinite loop costs one notebook limit
at most, not one cell limit per test cell. When a cell fails, the error nbgrader's
``Execute`` would add from the kernel's reply is added too (a silenced traceback still
fails the cell). Output written to file descriptors 1 and 2 becomes stream output, as
ipykernel captures it; the runtime guard looks for tampering after every cell.
"""

from __future__ import annotations

import builtins
import json
import os
import signal
import sys
import tempfile
import time

from .sandbox import Limits

SHOWTRACEBACK_DISABLED = "ERROR: An error occurred while showtraceback was disabled"


def run_cells(report: int, guard, cells, limits: Limits, protected, env, survey=None) -> None:
    """The child's whole life after entering the sandbox: ``cells`` are (label, source) pairs;
    ``survey``, when warming up, says what the notebook left behind (sent with ``done``)."""
    from .shell import CapturedStream, GradingShell, Outputs

    shell = GradingShell.instance()
    outputs = Outputs(limits.output_chars, limits.output_count)
    shell.attach(outputs)
    sys.stdout = CapturedStream(outputs, "stdout", 1)
    sys.stderr = CapturedStream(outputs, "stderr", 2)
    _as_a_fresh_kernel(env)
    watch = guard.settings.resolve(guard.settings.watch_cells)
    if watch is not None:
        watch(shell)
    send = _Sender(report)
    clock = _Clock(limits)
    descriptors = _Descriptors(outputs)
    guard.begin(protected)
    deadline = time.monotonic() + limits.notebook_timeout
    requests = None
    for position, (label, source) in enumerate(cells):
        send({"t": "start", "cell": position})
        if source is None:  # a test cell: the grader's checker runs it and asks this kernel for values
            from .remote import Requests, serve

            requests = requests or Requests(report)
            send({"t": "test", "cell": position, "count": shell.execution_count})
            shell.execution_count += 1
            if serve(shell, requests, send, guard.settings.resolve(guard.settings.last_error)):
                sys.last_value = None  # as after a failed check: a check's failure names no learner's cell
            continue
        outputs.start()
        began, started = time.perf_counter(), time.time()
        reply, timed_out, out_of_budget = clock.run(shell, source, deadline)
        seconds = time.perf_counter() - began
        descriptors.drain()
        cell_outputs = with_reply_error(outputs.finish(), dict(limits.timeout_error) if timed_out else reply)
        flags = [flag.as_dict() for flag in guard.after_cell(label)]
        send(
            {
                "t": "cell",
                "cell": position,
                "count": shell.execution_count - 1,
                "outputs": cell_outputs,
                "seconds": seconds,
                "began": started,
                "ended": time.time(),
                "flags": flags,
            }
        )
        if out_of_budget:
            send({"t": "budget", "cell": position})
            return
        if shell.exit_now:
            send({"t": "exit", "cell": position})
            return
    send({"t": "done", "survey": survey() if survey is not None else None})


def _as_a_fresh_kernel(env: dict[str, str]) -> None:
    """What a new kernel process would have: its environment, temporary folder, argv and random seed."""
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None
    sys.argv = ["ipykernel_launcher.py"]
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()


def with_reply_error(outputs: list[dict], reply: dict | None) -> list[dict]:
    """``outputs`` plus the error nbgrader's ``Execute`` adds from the kernel's reply, unless shown already."""
    if reply is not None and not any(o["output_type"] == "error" and o["ename"] == reply["ename"] for o in outputs):
        outputs.append(
            {
                "output_type": "error",
                "ename": reply["ename"],
                "evalue": reply["evalue"],
                "traceback": list(reply["traceback"]) or [SHOWTRACEBACK_DISABLED],
            }
        )
    return outputs


def prepare_worker() -> None:
    """What every child of a worker shares: no stdin (as ipykernel without a frontend's input)."""
    builtins.input = _no_input


def _no_input(prompt=""):
    from IPython.core.error import StdinNotImplementedError

    raise StdinNotImplementedError("raw_input was called, but this frontend does not support input requests.")


class _Sender:
    def __init__(self, fd: int):
        self.fd = fd

    def __call__(self, message: dict) -> None:
        data = memoryview((json.dumps(message, default=_plain) + "\n").encode())
        while data:
            data = data[os.write(self.fd, data) :]


def _plain(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


class _Clock:
    """A per-cell timer that interrupts the cell once, like nbclient's interrupt on timeout."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.armed = False
        self.fired = False
        signal.signal(signal.SIGALRM, self._alarm)

    def _alarm(self, signum, frame):
        self.fired = True
        if self.armed:
            self.armed = False
            raise KeyboardInterrupt

    def run(self, shell, source: str, deadline: float):
        remaining = deadline - time.monotonic()
        cell_limit = self.limits.cell_timeout
        by_budget = cell_limit is None or remaining < cell_limit
        limit = remaining if by_budget else cell_limit
        if limit <= 0:
            return None, True, True
        self.fired = False
        reply = None
        signal.setitimer(signal.ITIMER_REAL, limit)
        self.armed = True
        try:
            _, reply = shell.run(source)
        except KeyboardInterrupt:
            reply = {"ename": "KeyboardInterrupt", "evalue": "", "traceback": []}
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
        return reply, self.fired, self.fired and by_budget


class _Descriptors:
    """Output written to file descriptors 1 and 2 (C code, subprocesses), as ipykernel captures it."""

    def __init__(self, outputs):
        self.outputs = outputs
        self.position = {1: 0, 2: 0}

    def drain(self) -> None:
        for fd, name in ((1, "stdout"), (2, "stderr")):
            try:
                size = os.fstat(fd).st_size
                if size > self.position[fd]:
                    data = os.pread(fd, min(size - self.position[fd], 4 * self.outputs.max_chars), self.position[fd])
                    self.position[fd] = size
                    self.outputs.stream(name, data.decode("utf-8", "replace"))
            except OSError:
                continue
