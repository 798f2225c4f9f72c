"""Worker processes forked from the pre-warmed parent, each grading one submission at a time.

Workers die with the parent (``PR_SET_PDEATHSIG``), adopt whatever their sandboxed
children leave behind (they are subreapers) and ignore Ctrl-C, which the parent handles.
A worker that dies is replaced; its submission is reported as a grader error.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections import deque
from multiprocessing.connection import Pipe, wait

_PR_SET_PDEATHSIG = 1


class Pool:
    def __init__(self, size: int, make_grader):
        """``make_grader(slot)`` runs in each new worker and returns an object with ``grade(job)``."""
        self.size = size
        self.make_grader = make_grader
        self.workers: dict[int, tuple[int, object]] = {}  # slot -> (pid, connection)

    def start(self) -> None:
        for slot in range(self.size):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        parent_end, child_end = Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                parent_end.close()
                ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                if os.getppid() != parent:
                    os._exit(1)
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                from .sandbox import become_reaper

                become_reaper()
                grader = self.make_grader(slot)
                while True:
                    try:
                        job = child_end.recv()
                    except EOFError:
                        break
                    if job is None:
                        break
                    child_end.send(grader.grade(job))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        child_end.close()
        self.workers[slot] = (pid, parent_end)

    def map(self, jobs, failed):
        """Yield each job's result as workers finish; ``failed(job)`` makes the result of a job
        whose worker died."""
        queue = deque(jobs)
        busy: dict[int, object] = {}  # slot -> job
        for slot in list(self.workers):
            if queue:
                self._give(slot, queue.popleft(), busy)
        while busy:
            ready = wait([self.workers[slot][1] for slot in busy])
            for slot in [s for s in list(busy) if self.workers[s][1] in ready]:
                job = busy.pop(slot)
                try:
                    result = self.workers[slot][1].recv()
                except (EOFError, OSError):
                    self._replace(slot)
                    result = failed(job)
                yield result
                if queue:
                    self._give(slot, queue.popleft(), busy)

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
        self._spawn(slot)

    def close(self) -> None:
        for _slot, (_pid, connection) in list(self.workers.items()):
            try:
                connection.send(None)
            except OSError:
                pass
            connection.close()
        for pid, _ in list(self.workers.values()):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.workers.clear()

    def kill(self) -> None:
        for pid, connection in list(self.workers.values()):
            connection.close()
            _kill(pid)
        self.workers.clear()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
