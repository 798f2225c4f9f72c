"""Kernels forked from a process that never held an answer key or a submission.

A forked child inherits its parent's memory, freed memory included: a kernel forked from a
worker could read, byte by byte, the hidden tests the worker was given before it dropped them
and the notebooks of the students it graded before (seen: a scan of the kernel's own address
space found both). So no kernel is forked from the grader or its workers. At the start of a
run, before anything is read, the grader forks a *template* (``Template``): it imports and
loads what the kernels need while the grader reads the course, and is told only public names
(modules, data sets). It also forks each worker's trusted checker, which the grader then sends
the keys over a socket the template passes on unread (so the grader itself needs no warm-up).
For each worker slot it forks a *spawner* (``serve``), and the worker asks its spawner for
kernels (``RemoteKernels``): the spawner forks the sandboxed child and hands the worker its
socket; the worker writes the notebook's cells to the kernel itself, so no spawner ever holds
one. The spawner reaps its kernels and reports how they ended.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import signal
import socket
import struct
from pathlib import Path

from . import warmup
from .child import run_cells
from .isolation import private_folder
from .pool import fork_child
from .run import GradingError
from .sandbox import Limits, Sandbox, become_reaper, never_out_of_memory

_BIG = 1 << 20  # bytes of one control message, at most
_LENGTH = struct.Struct("!Q")


class SpawnerGone(GradingError, OSError):
    """The template or a spawner stopped answering: a fault of the grader, never of a student."""


class Template:
    """The parent's handle on the template process (see the module's docstring)."""

    def __init__(self, pid: int, sock: socket.socket):
        self.pid, self.sock = pid, sock

    @classmethod
    def start(cls, settings) -> Template:
        """Fork the template now; it starts on the usual heavy imports at once."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = fork_child(os.getpid(), lambda: _template(theirs, settings), close=ours.fileno())
        theirs.close()
        return cls(pid, ours)

    def warm(self, modules, data_sets, environment: dict[str, str], kept: Path | None = None) -> None:
        """What the kernels need besides the usual heavy modules: names only, never a key or a submission
        (``kept``: the grader's folder for what is worth keeping between runs: parsed data sets, caches).
        The template works on it while the grader goes on; ``ready`` waits for it."""
        self._send(
            {
                "op": "warm",
                "modules": sorted(modules),
                "data_sets": sorted(data_sets),
                "environment": environment,
                "kept": str(kept) if kept is not None else None,
            }
        )

    def ready(self) -> list[warmup.Problem]:
        """Wait until the template is warm; what its warm-up could not do."""
        return [warmup.Problem(*problem) for problem in self._reply()["problems"]]

    def checker(self, link: int, payload: bytes) -> int:
        """A trusted checker forked from the template (warm, and never a key holder itself) to serve
        ``link``; ``payload`` (the keys, pickled) goes to the checker alone, over a socket of its own
        that the template passes on unread. The checker's pid."""
        ours, theirs = socket.socketpair()
        try:
            self._send({"op": "checker"}, [link, theirs.fileno()])
        finally:
            theirs.close()
        pid = self._reply()["pid"]
        with ours:
            ours.sendall(_LENGTH.pack(len(payload)) + payload)
        return pid

    def _reply(self) -> dict:
        try:
            data = self.sock.recv(_BIG)
        except OSError as error:
            raise SpawnerGone(f"the grader's kernel template stopped ({error})") from None
        if not data:
            raise SpawnerGone("the grader's kernel template stopped")
        return pickle.loads(data)  # from the template, which never ran a student's code

    def spawner(self, sandbox: tuple) -> int:
        """A new spawner for ``Sandbox(*sandbox)``; the worker's end of its socket."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self._send({"op": "spawner", "sandbox": sandbox}, [theirs.fileno()])
        finally:
            theirs.close()
        return ours.detach()

    def _send(self, message: dict, fds=()) -> None:
        try:
            socket.send_fds(self.sock, [pickle.dumps(message)], list(fds))
        except OSError as error:
            raise SpawnerGone(f"the grader's kernel template stopped ({error})") from None

    def stop(self) -> None:
        self.sock.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _template(sock: socket.socket, settings) -> None:
    """The template's life: warm up, then fork a spawner or a checker per request, until the grader
    closes the socket. The cyclic garbage collector is off until the warm-up is done: imports make
    millions of objects and few cycles, and its passes over them cost a tenth of the warm-up."""
    gc.disable()
    problems = warmup.import_all([*warmup.HEAVY, *settings.preload], settings.owns)
    from . import guard, remote, shell  # noqa: F401  what a kernel runs besides the cells: imported once here

    warmup.warm_ipython()
    while True:
        data, fds, _, _ = socket.recv_fds(sock, _BIG, 2)
        if not data:
            return
        message = pickle.loads(data)  # from the grader itself: its own socket, never a student's
        if message["op"] == "warm":
            try:
                problems += _warm(message, settings)
            except Exception as error:  # kernels start less warm, and the run says why
                problems.append(warmup.Problem.of("warm up the kernels' template", error))
            finally:
                gc.enable()  # in every process forked from here on
            sock.send(pickle.dumps({"problems": [(p.what, p.error) for p in problems]}))
        elif message["op"] == "spawner":
            _fork_spawner(sock, fds[0], message["sandbox"], settings)
        elif message["op"] == "checker":
            sock.send(pickle.dumps({"pid": _fork_checker(sock, *fds, settings)}))
        for fd in fds:
            os.close(fd)
        _reap_ended()


def _warm(message: dict, settings) -> list[warmup.Problem]:
    """Import, load and fill what the kernels need; the grader's folder ``kept`` (when given) holds
    the data sets parsed and the caches' files between runs."""
    problems = warmup.import_all(message["modules"], settings.owns)
    environment, kept = message["environment"], message["kept"]
    cache = warmup.dataset_cache(settings)
    if cache is not None:
        data = environment.get(settings.data_variable or "")
        store = warmup.FrameStore(Path(kept) / "frames", Path(data), settings.packages) if kept and data else None
        problems += cache.preload(message["data_sets"], environment, store)
    if kept and settings.cache_variable:
        environment = {**environment, settings.cache_variable: kept}
    problems += warmup.fill_caches(settings.caches, environment)
    warmup.settle()
    return problems


def _fork_checker(template_sock: socket.socket, link: int, setup: int, settings) -> int:
    return fork_child(os.getpid(), lambda: _checker(link, setup, settings), close=template_sock.fileno())


def _checker(link: int, setup: int, settings) -> None:
    """In a child of the template: read the keys from ``setup``, join the slot's cgroup, serve ``link``."""
    from .checker import serve

    (size,) = _LENGTH.unpack(_read_exactly(setup, _LENGTH.size))
    given = pickle.loads(_read_exactly(setup, size))  # from the grader, on a socket only it holds
    os.close(setup)
    if given["group"] is not None:  # its work for a notebook counts against its slot's share
        given["group"].join()
    serve(link, given["keys"], given["sources"], given["environment"], settings)


def _fork_spawner(template_sock: socket.socket, fd: int, sandbox: tuple, settings) -> None:
    """Fork the worker's spawner, which serves ``fd`` (the template closes its own copy)."""
    fork_child(os.getpid(), lambda: serve(fd, Sandbox(*sandbox), settings), close=template_sock.fileno())


def _reap_ended() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(fd: int, sandbox: Sandbox, settings) -> None:
    """A spawner: fork a kernel on each ``start``, hand its socket over, reap it when told; end with the worker."""
    from .child import prepare_worker
    from .guard import RuntimeGuard
    from .shell import make_shell

    become_reaper()
    never_out_of_memory()
    prepare_worker()
    if sandbox.isolation.hide:  # the kernels' scratch folders ($HOME) fill a tmpfs, never the host's disk
        private_folder(sandbox.base, sandbox.limits.scratch_size)
    guard = RuntimeGuard(make_shell(), settings)
    sock = socket.socket(fileno=fd)
    try:
        while True:
            data = sock.recv(_BIG)
            if not data:
                return
            message = json.loads(data)
            op, pid = message.get("op"), message.get("pid")
            if op == "start":
                try:
                    pid, kernel = sandbox.spawn(lambda report: _kernel(report, guard, sandbox.limits))
                except OSError as error:  # no process could be made now: this submission's grader error
                    sock.send(json.dumps({"error": f"{type(error).__name__}: {error}"}).encode())
                    continue
                socket.send_fds(sock, [json.dumps({"pid": pid}).encode()], [kernel])
                os.close(kernel)
                sandbox.make_ahead()
                continue
            if op == "workdir":
                files = {str(name): Path(path) for name, path in message["files"].items()}
                reply = {"work": str(sandbox.fresh_workdir(files))}
            elif op == "clear":
                sandbox.clear()
                reply = {}
            elif op == "reap":
                reply = {"status": sandbox.reap(pid), "exceeded": sandbox.exceeded}
            elif op == "let_finish":
                sandbox.let_finish(pid)
                reply = {}
            else:
                sandbox.settle()
                reply = {}
            sock.send(json.dumps(reply).encode())
    finally:
        sandbox.settle()


def _kernel(report: int, guard, limits: Limits) -> None:
    """In the sandboxed child: read the notebook the worker sends, then run it."""
    (size,) = _LENGTH.unpack(_read_exactly(report, _LENGTH.size))
    notebook = json.loads(_read_exactly(report, size))
    cells = [(label, source) for label, source in notebook["cells"]]
    run_cells(report, guard, cells, limits, set(notebook["protected"]), notebook["environment"])


def _read_exactly(fd: int, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError("the grader sent no notebook")
        data += chunk
    return bytes(data)


class RemoteKernels:
    """A worker's kernels, forked by its spawner; the folders are the worker's (``sandbox``, which never forks)."""

    def __init__(self, fd: int, sandbox: Sandbox):
        self.sock = socket.socket(fileno=fd)
        self.sandbox = sandbox
        self.limits = sandbox.limits
        self.exceeded: str | None = None  # as ``Sandbox.exceeded``
        self.pending = False  # a finished kernel the spawner has still to reap
        self.gone = False  # the spawner stopped answering: the pool replaces this worker

    def start(self, cells, protected, env: dict[str, str], survey=None) -> tuple[int, int]:
        """(pid, our end of its socket) of a new kernel running ``cells``."""
        if survey is not None:
            raise ValueError("a spawner's kernels take no survey")
        self.settle()
        reply, fds = self._ask({"op": "start"}, fds=True)
        if "error" in reply:
            raise OSError(f"the kernel could not be started: {reply['error']}")
        kernel = fds[0]
        notebook = json.dumps({"cells": cells, "protected": sorted(protected), "environment": env}).encode()
        try:
            os.write(kernel, _LENGTH.pack(len(notebook)))
            view = memoryview(notebook)
            while view:
                view = view[os.write(kernel, view) :]
        except OSError:
            pass  # the kernel ended before reading it: its report says why
        return reply["pid"], kernel

    def reap(self, pid: int) -> int | None:
        reply, _ = self._ask({"op": "reap", "pid": pid})
        self.exceeded = reply["exceeded"]
        return reply["status"]

    def let_finish(self, pid: int) -> None:
        self._ask({"op": "let_finish", "pid": pid})
        self.pending = True

    def settle(self) -> None:
        if self.pending:
            self._ask({"op": "settle"})
            self.pending = False

    def fresh_workdir(self, files: dict) -> Path:
        """The kernel's empty scratch folder holding copies of ``files``, made by the spawner (in its
        own size-limited folder, where the machine allows it) once the last kernel is reaped."""
        reply, _ = self._ask({"op": "workdir", "files": {name: str(path) for name, path in files.items()}})
        self.pending = False
        return Path(reply["work"])

    def clear(self) -> None:
        if not self.pending:
            self._ask({"op": "clear"})

    def _ask(self, message: dict, fds: bool = False) -> tuple[dict, list[int]]:
        try:
            self.sock.send(json.dumps(message).encode())
            if fds:
                data, received, _, _ = socket.recv_fds(self.sock, _BIG, 1)
            else:
                data, received = self.sock.recv(_BIG), []
        except OSError as error:
            self.gone = True
            raise SpawnerGone(f"the worker's kernel spawner stopped ({error})") from None
        if not data:
            self.gone = True
            raise SpawnerGone("the worker's kernel spawner stopped")
        return json.loads(data), received
