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

MAX_PRINTED = 100_000  # characters of a call's printed output sent back


class Requests:
    """Lines the grader writes on the kernel's socket, read one JSON request at a time."""

    def __init__(self, fd: int):
        self.fd, self.buffer = fd, b""

    def next(self) -> dict:
        while b"\n" not in self.buffer:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                raise EOFError("the grader closed the channel")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)


def serve(shell, requests: Requests, send, last_error=None) -> bool:
    """Answer requests until ``resume``; return whether the test cell failed. ``last_error(name)``
    is the course's way to find the error a learner's cell raised before binding ``name``."""
    handles = codec.Handles()
    while True:
        request = requests.next()
        op = request.get("op")
        if op == "resume":
            return bool(request.get("failed"))
        if op == "get":
            reply = _get(shell.user_ns, str(request.get("name")), handles, last_error)
        elif op == "call":
            reply = _call(handles, request)
        else:
            reply = {"error": codec.encode_error(ValueError(f"unknown request {op!r}"))}
        send({"t": "reply", **reply})


def _get(namespace: dict, name: str, handles: codec.Handles, last_error) -> dict:
    if name not in namespace:
        raised = last_error(name) if last_error is not None else None
        return {"absent": True, "raised": codec.encode_error(raised) if raised is not None else None}
    return {"value": _encoded(namespace[name], handles)}


def _encoded(value, handles: codec.Handles):
    try:
        return codec.encode(value, handles)
    except codec.TooLarge as error:
        return {"$": "opaque", "type": type(value).__name__, "module": "", "repr": f"(too large to grade: {error})"}
    except Exception as error:  # the learner's object broke while being read
        return {
            "$": "opaque",
            "type": type(value).__name__,
            "module": "",
            "repr": f"(unreadable: {type(error).__name__})",
        }


def _call(handles: codec.Handles, request: dict) -> dict:
    try:
        function = handles.get(int(request["h"]))
        args = codec.decode(request.get("args") or [], resolve=handles.get)
        kwargs = codec.decode(request.get("kwargs") or {"$": "dict", "v": []}, resolve=handles.get)
    except (KeyError, ValueError, TypeError) as error:
        return {"error": codec.encode_error(ValueError(f"the grader's request was unreadable: {error}"))}
    printed, errors = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    timer = _Timer(float(request.get("seconds") or 0))
    reply: dict = {}
    try:
        sys.stdout, sys.stderr = printed, errors
        with timer:
            result = function(*args, **kwargs)
        reply["value"] = _encoded(result, handles)
    except BaseException as error:  # the learner's code, whatever it raised
        reply["error"] = codec.encode_error(error)
    finally:
        sys.stdout, sys.stderr = saved
    reply["stdout"] = printed.getvalue()[:MAX_PRINTED]
    reply["stderr"] = errors.getvalue()[:MAX_PRINTED]
    reply["timed_out"] = timer.fired
    return reply


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
