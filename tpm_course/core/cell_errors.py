"""The error a learner's cell raised, so that a check says "your cell raised KeyError", not "not attempted"."""

from __future__ import annotations

import linecache
import re
import sys

from .errors import CheckFailed

_source = None  # where to ask instead of this process (the grader's checker asks the student's kernel)


def use_source(source) -> None:
    """Make ``raised_defining`` ask ``source(name)``: the checker process has no cells of its own."""
    global _source
    _source = source


def raised_defining(name: str) -> BaseException | None:
    """The last error IPython showed, when it came from a cell that mentions ``name``; else None.

    A check runs right after the answer cell it reads: when that cell raised before binding
    ``name``, the last error shown is that cell's. A check's own failure is never the cause.
    """
    if _source is not None:
        return _source(name)
    error = getattr(sys, "last_value", None)
    if error is None or isinstance(error, CheckFailed | SystemExit):
        return None
    source = _cell_source(error)
    if source and re.search(rf"(?<![\w.]){re.escape(name)}\b", source):
        return error
    return None


def described(error: BaseException) -> str:
    """``KeyError: 'signup'`` (with the line of a SyntaxError; a cell stopped at its time limit said so)."""
    if isinstance(error, KeyboardInterrupt):
        return "it ran past its time limit and was stopped: a loop that never ends?"
    if isinstance(error, MemoryError):
        return "MemoryError: it ran out of memory (a loop that keeps growing a list?)"
    if isinstance(error, RecursionError):
        return f"RecursionError: {error} (a function that calls itself with no way to stop?)"
    if isinstance(error, SyntaxError) and error.lineno:
        return f"{type(error).__name__} on line {error.lineno}: {error.msg}"
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _cell_source(error: BaseException) -> str | None:
    """The source of the notebook cell the error came from (IPython keeps cells in ``linecache``)."""
    names = [error.filename] if isinstance(error, SyntaxError) and error.filename else []
    traceback = error.__traceback__
    while traceback is not None:
        names.append(traceback.tb_frame.f_code.co_filename)
        traceback = traceback.tb_next
    for filename in names:
        entry = linecache.cache.get(filename)
        if entry is not None and entry[1] is None:  # a cell: IPython caches it with no modification time
            return "".join(entry[2])
    return None
