"""Worker processes forked from the grader, each grading one submission at a time.

Workers die with the parent (``PR_SET_PDEATHSIG``) and ignore Ctrl-C, which the parent handles.
A worker that dies is replaced; its submission is reported as a grader error. With a
``companion``, each worker gets a second process beside it (the trusted checker, which the
companion function starts), joined to it by a socket; the two live and die together. With
``kernels``, each worker also gets a socket to a spawner of its own (``spawner``), which forks
its kernels.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
from multiprocessing.connection import Pipe, wait

_PR_SET_PDEATHSIG = 1


class Pool:
    def __init__(self, size: int, make_grader, companion=None, kernels=None):
        """``make_grader(slot, link, kernels)`` runs in each new worker and returns an object with
        ``grade(job)``; ``companion(slot, fd)``, when given, runs here and starts a process beside each
        worker that serves ``fd``, returning its pid; the worker's ``link`` is the other end of that
        socket (None without a companion); ``kernels(slot)``,
        when given, runs here before each worker is forked and returns a descriptor the worker gets
        (its spawner's socket), closed here once the worker has it."""
        self.size = size
        self.make_grader = make_grader
        self.companion = companion
        self.kernels = kernels
        self.workers: dict[int, tuple[int, object]] = {}  # slot -> (pid, connection)
        self.companions: dict[int, int] = {}  # slot -> pid

    def start(self) -> None:
        for slot in range(self.size):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        parent = os.getpid()
        link = None
        if self.companion is not None:
            theirs, ours = socket.socketpair()
            link, other = ours.detach(), theirs.detach()
            try:
                self.companions[slot] = self.companion(slot, other)
            finally:
                os.close(other)
        kernels = self.kernels(slot) if self.kernels is not None else None
        parent_end, child_end = Pipe()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                parent_end.close()
                ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                if os.getppid() != parent:
                    os._exit(1)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                grader = self.make_grader(slot, link, kernels)
                while True:
                    try:
                        job = child_end.recv()
                    except EOFError:
                        break
                    if job is None:
                        break
                    outcome = grader.grade(job)
                    child_end.send(outcome)
                    if getattr(outcome, "retire", False):  # the pool replaces this worker and its companion
                        break
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        child_end.close()
        for fd in (link, kernels):
            if fd is not None:
                os.close(fd)
        self.workers[slot] = (pid, parent_end)

    def map(self, jobs, failed):
        """Yield each job's result as workers finish; ``failed(job)`` makes the result of a job
        whose worker died. ``jobs`` is read one job at a time, when a worker is free for it."""
        queue = iter(jobs)
        busy: dict[int, object] = {}  # slot -> job
        for slot in list(self.workers):
            job = next(queue, None)
            if job is not None:
                self._give(slot, job, busy)
        while busy:
            ready = wait([self.workers[slot][1] for slot in busy])
            for slot in [s for s in list(busy) if self.workers[s][1] in ready]:
                job = busy.pop(slot)
                try:
                    result = self.workers[slot][1].recv()
                except (EOFError, OSError):
                    self._replace(slot)
                    result = failed(job)
                if getattr(result, "retire", False):
                    self._replace(slot)
                following = next(queue, None)
                if following is not None:  # the worker's next job first: it grades while the caller commits this
                    self._give(slot, following, busy)
                yield result

    def _give(self, slot: int, job, busy: dict) -> None:
        try:
            self.workers[slot][1].send(job)
        except OSError:
            self._replace(slot)
            self.workers[slot][1].send(job)
        busy[slot] = job

    def _replace(self, slot: int) -> None:
        pid, connection = self.workers.pop(slot)
        connection.close()
        _kill(pid)
        _kill(self.companions.pop(slot, None))
        self._spawn(slot)

    def close(self) -> None:
        for _slot, (_pid, connection) in list(self.workers.items()):
            try:
                connection.send(None)
            except OSError:
                pass
            connection.close()
        for pid in [pid for pid, _ in self.workers.values()] + list(self.companions.values()):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.workers.clear()
        self.companions.clear()

    def kill(self) -> None:
        for pid, connection in list(self.workers.values()):
            connection.close()
            _kill(pid)
        for pid in self.companions.values():
            _kill(pid)
        self.workers.clear()
        self.companions.clear()


def fork_child(parent: int, body, close: int | None = None) -> int:
    """A process that dies with ``parent`` (this process), ignores Ctrl-C, closes ``close`` and runs
    ``body()``; its pid."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            if close is not None:
                os.close(close)
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:
                os._exit(1)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            body()
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def _kill(pid: int | None) -> None:
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
