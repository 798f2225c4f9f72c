"""In the student's kernel, while the checker runs a test cell: answer its requests as plain data.

The kernel never sees the test cell. It is asked for the value of a name (``get``) or to
call a function it sent as a handle (``call``) with the given arguments, under a time limit
the grader sets; it answers with values encoded by ``codec`` and the text the call printed.
``resume`` ends the test cell (``failed`` when it failed, as ``sys.last_value`` would then say).
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys

from . import codec
from .lines import LineBuffer

MAX_PRINTED = 100_000  # characters of a call's printed output sent back
_MISSING = object()


class Requests:
    """Lines the grader writes on the kernel's socket, read one JSON request at a time."""

    def __init__(self, fd: int):
        self.fd, self.pending = fd, LineBuffer()

    def next(self) -> dict:
        while (line := self.pending.line()) is None:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                raise EOFError("the grader closed the channel")
            self.pending.add(chunk)
        return json.loads(line)


def serve(shell, requests: Requests, send, last_error=None) -> bool:
    """Answer requests until ``resume``; return whether the test cell failed. ``last_error(name)``
    is the course's way to find the error a learner's cell raised before binding ``name``."""
    return _Session(shell.user_ns, requests, send, last_error).serve()


class _Session:
    """One test cell's requests: the functions sent as handles, the checker's functions called back."""

    def __init__(self, namespace: dict, requests: Requests, send, last_error):
        self.namespace, self.requests, self.send, self.last_error = namespace, requests, send, last_error
        self.handles = codec.Handles()

    def serve(self) -> bool:
        while True:
            request = self.requests.next()
            if request.get("op") == "resume":
                return bool(request.get("failed"))
            self.send({"t": "reply", **self.answer(request)})

    def answer(self, request: dict) -> dict:
        op = request.get("op")
        try:
            if op == "get":
                return self.get(str(request.get("name")))
            if op == "call":
                return self.call(request)
            if op == "set":  # a check lends the learner's code a function of its own, or restores theirs
                self.namespace[str(request["name"])] = self.decode(request["value"])
                return {"value": None}
            if op == "delete":
                self.namespace.pop(str(request.get("name")), None)
                return {"value": None}
        except (KeyError, ValueError, TypeError) as error:
            return {"error": codec.encode_error(ValueError(f"the grader's request was unreadable: {error}"))}
        return {"error": codec.encode_error(ValueError(f"unknown request {op!r}"))}

    def decode(self, data):
        return codec.decode(data, resolve=self.handles.get, make_callback=self.callback)

    def get(self, name: str) -> dict:
        """The value of ``name``, and the error its cell raised (which left it missing or unfinished), if any."""
        value = self.namespace.get(name, _MISSING)
        reply = {"absent": True} if value is _MISSING else {"value": _encoded(value, self.handles)}
        raised = self.last_error(name) if self.last_error is not None else None
        reply["raised"] = codec.encode_error(raised) if raised is not None else None
        return reply

    def call(self, request: dict) -> dict:
        function = self.handles.get(int(request["h"]))
        args = self.decode(request.get("args") or [])
        kwargs = self.decode(request.get("kwargs") or {"$": "dict", "v": []})
        printed, errors = io.StringIO(), io.StringIO()
        saved = sys.stdout, sys.stderr
        timer = _Timer(float(request.get("seconds") or 0))
        reply: dict = {}
        try:
            sys.stdout, sys.stderr = printed, errors
            with timer:
                result = function(*args, **kwargs)
            reply["value"] = _encoded(result, self.handles)
        except BaseException as error:  # the learner's code, whatever it raised
            reply["error"] = codec.encode_error(error)
        finally:
            sys.stdout, sys.stderr = saved
        reply["stdout"] = printed.getvalue()[:MAX_PRINTED]
        reply["stderr"] = errors.getvalue()[:MAX_PRINTED]
        reply["timed_out"] = timer.fired
        return reply

    def callback(self, number: int, name: str):
        """A function of the checker's, called from the learner's code: the call goes back to the
        checker, which may ask this kernel more on the way; its result comes back as data."""
        session = self

        def function(*args, **kwargs):
            args_data, kwargs_data = codec.encode(list(args), session.handles), codec.encode(kwargs, session.handles)
            session.send({"t": "callback", "h": number, "args": args_data, "kwargs": kwargs_data})
            while True:
                request = session.requests.next()
                if request.get("op") == "result":
                    if "error" in request:
                        raise codec.decode_error(request["error"])
                    return session.decode(request.get("value"))
                session.send({"t": "reply", **session.answer(request)})

        function.__name__ = function.__qualname__ = name
        return function


def _encoded(value, handles: codec.Handles):
    try:
        return codec.encode(value, handles)
    except codec.TooLarge as error:
        return {"$": "opaque", "type": type(value).__name__, "module": "", "repr": f"(too large to grade: {error})"}
    except BaseException as error:  # the learner's object broke while being read (SystemExit included)
        return {
            "$": "opaque",
            "type": type(value).__name__,
            "module": "",
            "repr": f"(unreadable: {type(error).__name__})",
        }


class _Timer:
    """Interrupt the call (``KeyboardInterrupt``) once ``seconds`` have passed, as a cell's limit would."""

    def __init__(self, seconds: float):
        self.seconds, self.fired, self.armed = seconds, False, False

    def _alarm(self, signum, frame):
        self.fired = True
        if self.armed:
            self.armed = False
            raise KeyboardInterrupt

    def __enter__(self):
        if self.seconds > 0:
            self.previous = signal.signal(signal.SIGALRM, self._alarm)
            self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.seconds > 0:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False
