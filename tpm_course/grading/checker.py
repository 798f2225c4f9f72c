"""The trusted checker: each worker's companion process that runs the answer key.

It is forked from the grader's template (``spawner``: warm, and never given a key), is sent the
assignments' keys by the grader alone, and never runs student code. For each notebook it starts a fresh
namespace, runs the locked setup cells and the test cells, hidden tests included, from the
key, and sends back each test cell's outputs. A name the namespace lacks is asked of the
student's kernel (through the worker, ``execute``) as plain data; a function comes back as a
``RemoteFunction`` that calls the learner's function in the kernel. So the hidden tests, the
expected values, the checks' verdicts and the feedback never exist in the student's process.

Messages are JSON lines on a socket (``Link``). The worker sends ``begin`` (assignment,
notebook) and ``run`` (a cell's grade id, its kind); the checker answers a run with ``ran``
(outputs, the cell's error), asking ``ask`` (a request for the kernel) on the way, answered by
``answer`` (the kernel's reply) or ``gone`` (the kernel died or stopped answering).
"""

from __future__ import annotations

import builtins
import json
import os
import select
import sys
import time
from pathlib import Path

from . import codec
from .lines import LineBuffer

_ABSENT = object()


class Link:
    """One end of the worker-checker socket: JSON lines, read with a deadline."""

    def __init__(self, fd: int):
        self.fd, self.pending = fd, LineBuffer()

    def send(self, message: dict, raw: bytes | None = None) -> None:
        """One message; ``raw`` (JSON already) goes in as its ``reply`` without being parsed here."""
        text = json.dumps(message).encode()
        if raw is not None:
            text = text[:-1] + b', "reply": ' + raw + b"}"
        data = memoryview(text + b"\n")
        while data:
            data = data[os.write(self.fd, data) :]

    def receive(self, timeout: float | None = None) -> dict | None:
        """The next message; None when ``timeout`` seconds pass first; EOFError when the other end is gone."""
        end = None if timeout is None else time.monotonic() + timeout
        while (line := self.pending.line()) is None:
            wait = None if end is None else max(0.0, end - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return None
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise EOFError("the checker's link closed")
            self.pending.add(chunk)
        return json.loads(line)


class _KernelGone(BaseException):
    """The student's kernel died or stopped answering: no check can go on (the cell's result is void)."""


class RemoteNamespace(dict):
    """The test cells' namespace: the key's own names here, every other name asked of the kernel."""

    def __init__(self, ask):
        super().__init__()
        self.ask = ask
        self.reserved: set[str] = set()  # what the key's setup cells bind: never the kernel's, even unbound here
        self.fetched: dict = {}  # this cell's answers from the kernel (asked again in the next cell)
        self.raised: dict = {}  # name -> the error the kernel's cell raised before binding it
        self.callbacks: list = []  # the key's functions sent to the kernel, by number

    def fetch(self, name: str):
        if not isinstance(name, str) or hasattr(builtins, name) or name.startswith("__") or name in self.reserved:
            return _ABSENT
        if name not in self.fetched:
            reply = self.ask({"op": "get", "name": name})
            self.raised.pop(name, None)  # what the kernel says now, as its last error would
            if reply.get("raised") is not None:
                self.raised[name] = codec.decode_error(reply["raised"])
            self.fetched[name] = _ABSENT if reply.get("absent") else self.value(reply.get("value"))
        return self.fetched[name]

    def value(self, data):
        try:
            return codec.decode(data, self.function)
        except (codec.Unreadable, codec.TooLarge) as error:
            return codec.opaque_value({"type": "unreadable", "repr": f"(a value the grader could not read: {error})"})

    def function(self, handle, name, signature, code):
        return RemoteFunction(self, handle, name, signature, code)

    def __missing__(self, name):
        value = self.fetch(name)
        if value is _ABSENT:
            raise KeyError(name)
        return value

    def __contains__(self, name) -> bool:
        return dict.__contains__(self, name) or self.fetch(name) is not _ABSENT

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def _kernels(self, name) -> bool:
        """A name asked of the kernel (held there or missing) and not bound by the key's code: setting
        it sets the kernel's, as a test cell run in the kernel would (a check lending a function the
        learner's code calls, where theirs is missing, must reach their code)."""
        return not dict.__contains__(self, name) and name in self.fetched

    def __setitem__(self, name, value) -> None:
        if self._kernels(name):
            self.ask({"op": "set", "name": name, "value": codec.encode(value, refer=self.refer)})
            self.fetched[name] = value
        else:
            dict.__setitem__(self, name, value)

    def pop(self, name, *default):
        if self._kernels(name) and self.fetched[name] is not _ABSENT:
            value = self.fetched.pop(name)
            self.ask({"op": "delete", "name": name})
            return value
        return dict.pop(self, name, *default)

    def refer(self, value):
        """How the key's values cross to the kernel: the kernel's own functions as their handles,
        the key's functions as callbacks (the kernel calls them back here)."""
        if isinstance(value, RemoteFunction):
            return {"$": "handle", "h": value._handle}
        if callable(value) and not isinstance(value, type):
            self.callbacks.append(value)
            return {"$": "callback", "h": len(self.callbacks) - 1, "name": getattr(value, "__name__", "function")}
        return None


class RemoteFunction:
    """The learner's function, called in their kernel: arguments and result cross as plain data."""

    def __init__(self, namespace: RemoteNamespace, handle: int, name: str, signature, code):
        self._namespace, self._handle = namespace, handle
        self.__name__ = self.__qualname__ = name
        self.__module__ = "__main__"
        self.__doc__ = None
        if signature is not None:
            self.__signature__ = signature
        if code is not None:
            self.__code__ = code

    def __repr__(self) -> str:
        return f"<function {self.__name__}>"

    def __call__(self, *args, **kwargs):
        refer = self._namespace.refer
        request = {"op": "call", "h": self._handle, "args": codec.encode(list(args), refer=refer)}
        request["kwargs"] = codec.encode(kwargs, refer=refer)
        reply = self._namespace.ask(request)
        if reply.get("stdout"):
            sys.stdout.write(reply["stdout"])
        if reply.get("stderr"):
            sys.stderr.write(reply["stderr"])
        if reply.get("timed_out"):
            self._namespace.timed_out = True
        if "error" in reply:
            raise codec.decode_error(reply["error"])
        return self._namespace.value(reply.get("value"))


class Checker:
    """The checker process's state: the keys, its shell and the running notebook's namespace."""

    def __init__(self, link: Link, keys: dict, sources: dict, environment: dict[str, str], settings):
        from .shell import CapturedStream, GradingShell, Outputs, make_shell

        self.link, self.keys, self.sources = link, keys, sources
        os.environ.update(environment)
        self.shell: GradingShell = make_shell()
        self.outputs = Outputs(100_000)
        self.shell.attach(self.outputs)
        sys.stdout = CapturedStream(self.outputs, "stdout", 1)
        sys.stderr = CapturedStream(self.outputs, "stderr", 2)
        self.namespace = RemoteNamespace(self._ask)
        module, namespace = self.shell.prepare_user_module(None, self.namespace)
        self.shell.user_module, self.shell.user_ns = module, namespace
        self.shell.init_user_ns()
        codec.configure(settings.packages, settings.resolve(settings.quantity_registry))
        use_source = settings.resolve(settings.last_error_source)
        if use_source is not None:
            use_source(self._raised)
        self.cells: dict = {}
        self.reserved: dict[tuple[str, str], set[str]] = {}  # (assignment, notebook) -> its setup cells' names
        self.gone: str | None = None  # why the kernel can no longer answer, in this notebook

    def _raised(self, name: str):
        """The error the learner's cell raised before binding ``name`` (or leaving it a placeholder),
        as the kernel said when asked for it."""
        self.namespace.fetch(name)
        return self.namespace.raised.get(name)

    def _ask(self, request: dict) -> dict:
        """Send a request to the kernel; serve its callbacks until its reply comes."""
        if self.gone is None:
            self.link.send({"op": "ask", "request": request})
            while True:
                try:
                    message = self.link.receive()
                except ValueError:  # not JSON: the learner's code wrote on its channel
                    return {"error": codec.encode_error(ValueError("the kernel's reply to the grader was unreadable"))}
                if message.get("op") == "answer":
                    return message["reply"]
                if message.get("op") != "callback":
                    break
                self.link.send({"op": "result", **self._callback(message.get("reply") or {})})
            if message.get("op") != "gone":  # out of step with the worker: start again, both of us
                os._exit(WORKER_LOST)
            self.gone = message.get("why") or "the student's kernel stopped answering"
        raise _KernelGone(self.gone)

    def _callback(self, call: dict) -> dict:
        """Run one of the key's functions for the learner's code; its result or error as data."""
        try:
            function = self.namespace.callbacks[int(call["h"])]
            args = self.namespace.value(call.get("args") or [])
            kwargs = self.namespace.value(call.get("kwargs") or {"$": "dict", "v": []})
            return {"value": codec.encode(function(*args, **kwargs), refer=self.namespace.refer)}
        except _KernelGone:
            raise
        except BaseException as error:  # the learner's code sees the key's error as its own
            return {"error": codec.encode_error(error)}

    def begin(self, assignment: str, notebook: str) -> None:
        self.shell.reset(new_session=False)
        self.namespace.fetched.clear()
        self.namespace.raised.clear()
        sys.last_value = None
        self.gone = None
        key = self.keys[assignment].notebooks[notebook]
        self.cells = key.cells
        # A test cell that runs before the setup cell binding its checks (moved below it) finds no check:
        # it fails, as in a kernel; the learner's own object of that name is never taken for one.
        self.namespace.reserved = self.reserved.setdefault((assignment, notebook), key.setup_names())
        folder = self.sources.get(assignment)
        if folder is not None and os.path.isdir(folder):
            os.chdir(folder)

    def run(self, grade_id: str) -> dict:
        cell = self.cells.get(grade_id)
        if cell is None:
            return {"op": "ran", "outputs": [], "reply": None, "missing": True}
        self.namespace.fetched.clear()
        self.namespace.callbacks.clear()
        self.namespace.timed_out = False
        self.outputs.start()
        _, reply = self.shell.run(cell.source)
        if self.gone is not None:
            self.outputs.finish()
            return {"op": "ran", "outputs": [], "reply": None, "gone": self.gone}
        outputs = [_without_source(o) if o.get("output_type") == "error" else o for o in self.outputs.finish()]
        reply = _without_source(reply) if reply is not None else None
        return {"op": "ran", "outputs": outputs, "reply": reply, "timed_out": self.namespace.timed_out}


def _without_source(error: dict) -> dict:
    """An error of a test cell told without the cell's lines: Python's traceback quotes the lines
    around the one that raised, hidden tests included (as in ``nbgrader autograde``'s feedback).
    A traceback the course's checks render themselves (a failure message, no frames) is kept."""
    traceback = [str(line) for line in error.get("traceback") or []]
    if any("Traceback (most recent call last)" in line or "Cell In[" in line for line in traceback):
        traceback = traceback[-1:]
    return {**error, "traceback": traceback}


def serve(fd: int, keys: dict, sources: dict, environment: dict[str, str], settings) -> None:
    """The checker process's life: answer the worker until it closes the link."""
    _cap_memory()
    link = Link(fd)
    checker = Checker(link, keys, sources, environment, settings)
    while True:
        try:
            message = link.receive()
        except EOFError:
            return
        if message.get("op") == "begin":
            checker.begin(message["assignment"], message["notebook"])
        elif message.get("op") == "run":
            link.send(checker.run(message["id"]))


def _cap_memory() -> None:
    """The checker may grow by ``CHECKER_MEMORY`` past what it holds at its start: what a kernel
    sends ends in MemoryError here (the value refused), never in the host's memory running out."""
    import resource

    try:
        status = Path("/proc/self/status").read_text()
        held = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmSize:"))) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (held + CHECKER_MEMORY, held + CHECKER_MEMORY))
    except (OSError, ValueError, StopIteration):  # no /proc (not Linux): no cap
        pass


CHECKER_MEMORY = 4 * 2**30


# -- the worker's end ------------------------------------------------------------------------

CHECKER_GRACE = 30.0  # seconds past a cell's limit the worker waits for the checker itself
WORKER_LOST = 75  # the checker's exit status when out of step with its worker (which then retires)


class Client:
    """The worker's end of its checker: start a notebook, run a key cell while passing messages
    between the checker and the student's kernel, each side speaking in turn.

    ``kernel(message, deadline)`` sends the kernel one message (a request, or a callback's result)
    and returns what it said back, ``("answer" | "callback", the line as it wrote it)``, or None
    when the kernel is gone (the worker then knows why)."""

    def __init__(self, fd: int):
        self.link = Link(fd)
        self.lost: str | None = None  # why the checker can no longer be used (the pool then replaces it)

    def begin(self, assignment: str, notebook: str) -> None:
        self._send({"op": "begin", "assignment": assignment, "notebook": notebook})

    def _send(self, message: dict, raw: bytes | None = None) -> None:
        """Send, unless lost; a checker that cannot be written to is lost (the pool replaces it)."""
        if self.lost is None:
            try:
                self.link.send(message, raw=raw)
            except OSError as error:
                self.lost = f"stopped ({type(error).__name__})"

    def run(self, grade_id: str, kernel, deadline: float) -> dict:
        """``{"op": "ran", ...}``, or ``{"lost": why}`` when the checker died or did not answer in time
        (a value or call of the student's kept it busy: that notebook is not graded, and flagged)."""
        self._send({"op": "run", "id": grade_id})
        if self.lost is not None:
            return {"lost": self.lost}
        gone = False
        while True:
            wait = max(deadline - time.monotonic(), 0.0) + CHECKER_GRACE
            try:
                message = self.link.receive(wait) if self.lost is None else None
                if message is None and self.lost is None:
                    self.lost = f"did not finish within {wait:.0f} s"
            except (EOFError, ValueError, OSError) as error:
                self.lost = f"stopped ({type(error).__name__})"
            if self.lost is not None:
                print(f"the checker's run of {grade_id} {self.lost}", file=sys.stderr, flush=True)
                return {"lost": self.lost}
            if message.get("op") == "ran":
                return message
            outgoing = message.get("request") or {} if message.get("op") == "ask" else message
            heard = None if gone else kernel(outgoing, deadline)
            if heard is None:
                gone = True
                self._send({"op": "gone", "why": "the student's kernel stopped answering"})
            else:
                self._send({"op": heard[0]}, raw=heard[1])
