"""The error a learner's cell raised, so that a check says "your cell raised KeyError", not "not attempted"."""

from __future__ import annotations

import ast
import linecache
import re
import sys
from collections import deque

from .errors import CheckFailed

_source = None  # where to ask instead of this process (the grader's checker asks the student's kernel)
_runs: deque = deque(maxlen=32)  # (source, error or None) of the watched shell's last cells, oldest first


def watch(shell) -> None:
    """Keep what each cell ``shell`` runs raised (IPython's ``post_run_cell``), starting afresh: a check then
    finds the error of the cell that defines its name even when later cells failed for want of that name."""
    _runs.clear()
    if _record not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _record)


def _record(result) -> None:
    error = result.error_before_exec if result.error_before_exec is not None else result.error_in_exec
    source = getattr(getattr(result, "info", None), "raw_cell", None)
    if not isinstance(source, str):
        source = (_cell_source(error) if error is not None else None) or ""
    _runs.append((source, error))


def use_source(source) -> None:
    """Make ``raised_defining`` ask ``source(name)``: the checker process has no cells of its own."""
    global _source
    _source = source


def raised_defining(name: str) -> BaseException | None:
    """The error of the last cell run that sets ``name``, when it raised; else None.

    Cells that only read ``name`` (a review cell below the answer, failing for want of it) and a
    check's own failure are passed over. Without a watched shell (``watch``), the last error
    IPython showed stands in, when it came from a cell that sets ``name``.
    """
    if _source is not None:
        return _source(name)
    if _runs:
        for source, error in reversed(_runs):
            if _binds(source, name) and not isinstance(error, CheckFailed | SystemExit):
                return error
        return None
    error = getattr(sys, "last_value", None)
    if error is None or isinstance(error, CheckFailed | SystemExit):
        return None
    return error if _binds(_cell_source(error), name) else None


def _binds(source: str | None, name: str) -> bool:
    """Whether a cell's source sets ``name`` (or an item of it); read as text where it does not parse."""
    if not source or name not in source:
        return False
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # the cell's own SyntaxError, or IPython's magics
        word = re.escape(name)
        assigned = rf"(?<![\w.]){word}\s*(\[[^\]]*\]\s*)?[-+*/%|&]?=(?!=)"
        return re.search(rf"{assigned}|\b(?:def|class)\s+{word}\b|\bas\s+{word}\b", source) is not None
    return any(_sets(node, name) for node in ast.walk(tree))


def _sets(node: ast.AST, name: str) -> bool:
    """``name = …``, ``name["c"] = …``, ``def name``, ``import … as name`` and the like."""
    if isinstance(node, ast.Name | ast.Subscript) and isinstance(node.ctx, ast.Store):
        while isinstance(node, ast.Subscript):
            node = node.value
        return isinstance(node, ast.Name) and node.id == name
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.name == name
    return isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == name


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
    shown = f"{type(error).__name__}: {text}" if text else type(error).__name__
    if "'ellipsis'" in text:
        return f"{shown} (a value it uses is still `...`: an earlier answer it builds on is not done yet)"
    return shown


def _watch_running_shell() -> None:
    """In a notebook's kernel, watch its shell from the import on (the setup cell imports the checks)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None and hasattr(shell, "events"):
        watch(shell)


_watch_running_shell()


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
