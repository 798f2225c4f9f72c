"""The static half of tampering detection: read a submission's code (AST) before it runs.

``scan_notebook`` compares every locked cell with the text the student received (an edit is
flagged and nbgrader restores the cell), notes deleted cells, and walks the code of every
other cell, after IPython's own transformation of magics, for the techniques in ``flags.KINDS``.
Names are resolved through the notebook's imports (``import os as o; o._exit(0)`` is
``os._exit``), ``getattr`` with a literal name, ``__import__`` and ``importlib.import_module``.
"""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass
from functools import lru_cache

from .assignment import NotebookKey
from .flags import Effect, Flag
from .settings import Settings

SHELL = "get_ipython()"

EXIT_CALLS = {
    "os._exit",
    "posix._exit",
    "os.abort",
    "os.kill",
    "os.killpg",
    "sys.exit",
    "exit",
    "quit",
    "signal.raise_signal",
    "signal.pthread_kill",
    "_thread.interrupt_main",
    f"{SHELL}.ask_exit",
    "os.execv",
    "os.execve",
    "os.execl",
    "os.execle",
    "os.execlp",
    "os.execlpe",
    "os.execvp",
    "os.execvpe",
}
INSPECT_CALLS = {
    "sys._getframe",
    "sys._current_frames",
    "inspect.currentframe",
    "inspect.stack",
    "inspect.trace",
    "inspect.getouterframes",
    "inspect.getinnerframes",
    "traceback.walk_stack",
    "gc.get_objects",
    "gc.get_referrers",
    "gc.get_referents",
    "sys.settrace",
    "sys.setprofile",
    "threading.settrace",
}
INSPECT_ATTRIBUTES = {"f_back", "f_locals", "f_globals", "tb_frame", "gi_frame", "cr_frame"}
LOW_LEVEL_CALLS = {
    "os.write",
    "os.fdopen",
    "os.dup",
    "os.dup2",
    "os.pwrite",
    "os.writev",
    "signal.signal",
    "signal.setitimer",
    "signal.alarm",
    "signal.pthread_sigmask",
    "signal.siginterrupt",
    "resource.setrlimit",
    "exec",
    "eval",
    "compile",
}
SHELL_HOOKS = {
    "showtraceback",
    "_showtraceback",
    "showsyntaxerror",
    "set_custom_exc",
    "CustomTB",
    "custom_exceptions",
    "InteractiveTB",
    "SyntaxTB",
    "input_transformers_cleanup",
    "input_transformers_post",
    "ast_transformers",
    "run_cell",
    "run_code",
    "run_ast_nodes",
    "transform_cell",
    "displayhook",
    "display_pub",
    "events",
    "excepthook",
}
SYS_SILENCE = {"excepthook", "__excepthook__", "stderr", "__stderr__", "displayhook", "unraisablehook"}
SYS_IMPORTS = {"modules", "meta_path", "path_hooks", "path_importer_cache"}
MUTATORS = {
    "append",
    "insert",
    "extend",
    "remove",
    "pop",
    "clear",
    "update",
    "setdefault",
    "popitem",
    "__setitem__",
    "__delitem__",
    "register",
    "unregister",
}
IMPORTERS = {"__import__", "importlib.import_module"}


@lru_cache(maxsize=1)
def _transformer():
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager()


def transform(source: str) -> str:
    """The Python IPython runs for a cell (magics and shell escapes turned into calls)."""
    try:
        return _transformer().transform_cell(source)
    except Exception:
        return source


def first_difference(given: str, expected: str) -> tuple[int, str]:
    """(1-based line, that line) where ``given`` first departs from ``expected``."""
    matcher = difflib.SequenceMatcher(a=expected.splitlines(), b=given.splitlines(), autojunk=False)
    for tag, _a0, _, b0, _b1 in matcher.get_opcodes():
        if tag != "equal":
            lines = given.splitlines()
            line = b0 if b0 < len(lines) else max(len(lines) - 1, 0)
            return line + 1, (lines[line] if lines else "")
    return 1, ""


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _moved(cells: list[dict], key: NotebookKey) -> list[Flag]:
    """A flag when the locked and test cells come in another order than the assignment's: a test cell
    moved below its answers' later cells, or above the setup it needs, is graded on other state."""
    found = []
    for cell in cells:
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        if grade_id in key.cells and key.cells[grade_id].locked and grade_id not in found:
            found.append(grade_id)
    expected = [grade_id for grade_id in key.cells if grade_id in found]
    moved = next((wanted for seen, wanted in zip(found, expected, strict=True) if seen != wanted), None)
    if moved is None:
        return []
    return [
        Flag("moved-cell", moved, None, "locked and test cells not in the assignment's order", effect=Effect.REVIEW)
    ]


def scan_notebook(cells: list[dict], key: NotebookKey, settings: Settings) -> list[Flag]:
    """Flags for a submission's cells (as submitted, before nbgrader restores anything)."""
    flags: list[Flag] = []
    seen: set[str] = set()
    to_read: list[tuple[str, str]] = []
    for index, cell in enumerate(cells):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
        label = grade_id if grade_id in key.cells else f"cell {index + 1}"
        source = _source(cell)
        if grade_id in key.cells:
            seen.add(grade_id)
        if grade_id in key.released:
            expected = key.released[grade_id]
            if source.strip() != expected.strip() or cell.get("cell_type") != key.cells[grade_id].cell_type:
                line, code = first_difference(source, expected)
                what = "test cell" if grade_id in key.points else "locked cell"
                flags.append(
                    Flag("edit-test-cell", label, line, f"{what} edited; nbgrader restores it", code, Effect.RESTORED)
                )
            continue
        if cell.get("cell_type") == "code" and source.strip():
            to_read.append((label, source))
    flags += _moved(cells, key)
    for grade_id, source_cell in key.cells.items():
        if grade_id in seen:
            continue
        if grade_id in key.points:
            flags.append(
                Flag(
                    "delete-cell",
                    grade_id,
                    None,
                    "graded cell deleted: it needs manual grading",
                    effect=Effect.NOT_GRADED,
                )
            )
        elif source_cell.locked and source_cell.cell_type == "code":
            flags.append(Flag("delete-cell", grade_id, None, "locked code cell deleted", effect=Effect.REVIEW))
        elif grade_id in key.solutions:
            flags.append(Flag("delete-cell", grade_id, None, "answer cell deleted", effect=Effect.INFO))
    trees = _parsed(to_read, flags)
    given = key_facts(key, settings)
    aliases, modules = _aliases([tree for _, _, tree in trees])
    aliases, modules = {**given.aliases, **aliases}, given.modules | modules
    protected, keys = given.protected, given.answer_modules
    for label, python, tree in trees:
        reader = _Reader(label, python.splitlines(), aliases, protected, settings, modules, keys)
        try:
            flags += reader.read(tree)
        except RecursionError:
            flags += [*reader.flags, Flag("unreadable", label, None, UNREAD, effect=Effect.REVIEW)]
    return flags


UNREAD = "the scan could not read this cell (nested too deep): look at it before trusting the grade"


@dataclass(frozen=True)
class KeyFacts:
    """What the scan learns from a notebook's key alone, the same for every submission."""

    aliases: dict[str, str]  # from the locked cells' imports (never changed: merged into a new dict)
    modules: frozenset[str]
    protected: frozenset[str]
    answer_modules: frozenset[str]


_FACTS: dict[tuple[int, int], tuple[NotebookKey, Settings, KeyFacts]] = {}
_MAX_FACTS = 512


def key_facts(key: NotebookKey, settings: Settings) -> KeyFacts:
    """``KeyFacts`` of ``key``, worked out once: by the grader before it forks its workers (``run._Slots``),
    else at the key's first submission (a worker grades many against it)."""
    cached = _FACTS.get((id(key), id(settings)))
    if cached is not None and cached[0] is key and cached[1] is settings:
        return cached[2]
    locked = []
    for grade_id, text in key.released.items():
        if key.cells[grade_id].cell_type == "code":
            try:
                locked.append(ast.parse(transform(text)))
            except SyntaxError:
                continue
    aliases, modules = _aliases(locked)
    protected = frozenset(key.protected_names(settings))
    facts = KeyFacts(aliases, frozenset(modules), protected, answer_key_modules(key, settings))
    if len(_FACTS) >= _MAX_FACTS:
        _FACTS.clear()
    _FACTS[(id(key), id(settings))] = (key, settings, facts)  # holding both: their ids are never reused
    return facts


def answer_key_modules(key: NotebookKey, settings: Settings) -> frozenset[str]:
    """The modules the locked cells bind check objects from (``<topic>.exercise``): what hidden tests
    and the check objects compute expected values with (``shipped_events``, key builders). The
    course's library (``maths``), which lessons teach, is not in them."""
    modules = set()
    for grade_id, text in key.released.items():
        if grade_id in key.points or key.cells[grade_id].cell_type != "code":
            continue
        try:
            tree = ast.parse(transform(text))
        except (SyntaxError, RecursionError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and settings.binds_checks(node.module) and not node.level:
                modules.add(node.module)
    return frozenset(modules)


def canonical(dotted: str) -> str:
    """``dotted`` as the module that defines it names it (a function re-exported by a package is
    the same function), when the modules on its way are imported; else as written."""
    import sys

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        if module is None:
            continue
        value = module
        for part in parts[cut:]:
            value = getattr(value, part, None)
        home, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
        return f"{home}.{name}" if isinstance(home, str) and isinstance(name, str) else dotted
    return dotted


def _parsed(to_read: list[tuple[str, str]], flags: list[Flag]) -> list[tuple[str, str, ast.AST]]:
    """(label, Python, tree) of each cell that parses; a cell too deep to parse is flagged in ``flags``."""
    trees = []
    for label, source in to_read:
        python = transform(source)
        try:
            trees.append((label, python, ast.parse(python)))
        except SyntaxError:
            continue  # a syntax error is the student's problem, not tampering
        except (RecursionError, MemoryError, ValueError):
            flags.append(Flag("unreadable", label, None, UNREAD, effect=Effect.REVIEW))
    return trees


def _aliases(trees: list[ast.AST]) -> tuple[dict[str, str], set[str]]:
    """(local name -> what it stands for, modules imported), from every import and
    ``x = get_ipython()`` in the notebook."""
    names: dict[str, str] = {}
    modules: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    modules.add(alias.name)
                    if alias.asname:
                        names[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                func = node.value.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == "get_ipython":
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            names[target.id] = SHELL
    return names, modules


class _Reader(ast.NodeVisitor):
    """Walks one cell; ``depth`` > 0 inside functions and classes (their names are local)."""

    def __init__(self, label, lines, aliases, protected, settings: Settings, modules=frozenset(), keys=frozenset()):
        self.label, self.lines, self.aliases, self.protected = label, lines, aliases, protected
        self.settings, self.modules, self.keys = settings, modules, keys
        self.depth = 0
        self.globals: set[str] = set()
        self.flags: list[Flag] = []

    def read(self, tree) -> list[Flag]:
        self.visit(tree)
        return self.flags

    def flag(self, kind: str, node: ast.AST, detail: str) -> None:
        line = getattr(node, "lineno", None)
        code = self.lines[line - 1] if line and line <= len(self.lines) else ""
        if not any(f.kind == kind and f.line == line for f in self.flags):
            self.flags.append(Flag(kind, self.label, line, detail, code))

    # -- names ----------------------------------------------------------------

    def dotted(self, node) -> str | None:
        if isinstance(node, ast.Name):
            return node.id if node.id in self.protected else self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):
            called = self.dotted(node.func)
            if called in ("get_ipython", "IPython.get_ipython", "IPython.core.getipython.get_ipython"):
                return SHELL
            literal = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if called in IMPORTERS and literal:
                return literal[0]
            if called == "getattr" and len(node.args) >= 2 and len(literal) >= 1:
                base = self.dotted(node.args[0])
                return f"{base}.{node.args[1].value}" if base and isinstance(node.args[1], ast.Constant) else None
            if called in ("globals", "vars", "locals"):
                return "globals()"
        return None

    def module_level(self, name: str) -> bool:
        return self.depth == 0 or name in self.globals

    # -- bindings -------------------------------------------------------------

    def bound(self, target, node) -> None:
        if isinstance(target, ast.Name):
            if not self.module_level(target.id):
                return
            if target.id in self.protected:
                self.flag("rebind-check", node, f"rebinds the check object `{target.id}`")
            elif target.id in ("AssertionError", "__builtins__", "__import__"):
                self.flag("patch-builtins", node, f"rebinds `{target.id}`")
        elif isinstance(target, ast.Attribute):
            self.changed(self.dotted(target.value), target.attr, node)
        elif isinstance(target, ast.Subscript):
            base = self.dotted(target.value)
            key = target.slice.value if isinstance(target.slice, ast.Constant) else None
            if base == "globals()" and key in self.protected:
                self.flag("rebind-check", node, f"rebinds the check object `{key}` through globals()")
            elif base in ("sys.modules", "sys.meta_path", "sys.path_hooks"):
                self.flag("patch-course", node, f"changes `{base}`")
            elif base and (base.startswith("builtins") or base.startswith("__builtins__")):
                self.flag("patch-builtins", node, f"changes a builtin through `{base}`")
            elif base and base.split(".")[0] in self.protected:
                self.flag("rebind-check", node, f"changes the check object `{base.split('.')[0]}`")
            elif self.settings.owns(base):
                self.flag("patch-course", node, f"changes `{base}`")
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bound(element, node)
        elif isinstance(target, ast.Starred):
            self.bound(target.value, node)

    def changed(self, base: str | None, attr: str, node) -> None:
        """An attribute ``attr`` of ``base`` is set or deleted."""
        if not base:
            return
        root = base.split(".")[0]
        if root in self.protected:
            self.flag("rebind-check", node, f"changes `{base}.{attr}` of a check object")
        elif self.settings.owns(base):
            self.flag("patch-course", node, f"replaces `{base}.{attr}`")
        elif base in ("builtins", "__builtins__"):
            which = "AssertionError" if attr == "AssertionError" else f"the builtin `{attr}`"
            self.flag("patch-builtins", node, f"rebinds {which}")
        elif base == "sys" and attr in SYS_SILENCE:
            self.flag("silence-errors", node, f"replaces `sys.{attr}`")
        elif base == "sys" and attr in SYS_IMPORTS:
            self.flag("patch-course", node, f"replaces `sys.{attr}`")
        elif attr in SHELL_HOOKS and (
            base == SHELL or "InteractiveShell" in base or "GradingShell" in base or base.startswith("IPython")
        ):
            self.flag("silence-errors", node, f"replaces the IPython shell's `{attr}`")
        elif base.startswith("traceback") or base.startswith("IPython.core.ultratb"):
            self.flag("silence-errors", node, f"replaces `{base}.{attr}`")
        elif base in self.modules:
            self.flag("patch-course", node, f"replaces `{base}.{attr}` in a library the checks may use")

    def visit_Assign(self, node):
        for target in node.targets:
            self.bound(target, node)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self.bound(node.target, node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self.bound(node.target, node)
        self.generic_visit(node)

    def visit_NamedExpr(self, node):
        self.bound(node.target, node)
        self.generic_visit(node)

    def visit_Delete(self, node):
        for target in node.targets:
            self.bound(target, node)
        self.generic_visit(node)

    def visit_For(self, node):
        self.bound(node.target, node)
        self.generic_visit(node)

    def visit_With(self, node):
        for item in node.items:
            if item.optional_vars is not None:
                self.bound(item.optional_vars, node)
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            name = alias.asname or alias.name.split(".")[0]
            self.bound(ast.Name(id=name), node)
            if alias.name.split(".")[0] in ("ctypes", "_ctypes"):
                self.flag("low-level", node, "imports ctypes")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        for alias in node.names:
            self.bound(ast.Name(id=alias.asname or alias.name), node)
        if (node.module or "").split(".")[0] in ("ctypes", "_ctypes"):
            self.flag("low-level", node, "imports ctypes")
        self.generic_visit(node)

    def visit_Global(self, node):
        self.globals.update(node.names)

    def _scope(self, node, name: str | None):
        if name is not None:
            self.bound(ast.Name(id=name), node)
        for decorator in getattr(node, "decorator_list", []):
            self.visit(decorator)
        outer = self.globals
        self.depth += 1
        self.globals = set()
        for child in node.body if isinstance(node.body, list) else [node.body]:
            self.visit(child)
        self.depth -= 1
        self.globals = outer

    def visit_FunctionDef(self, node):
        self._scope(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        for base in node.bases:
            self.visit(base)
        self._scope(node, node.name)

    def visit_Lambda(self, node):
        self._scope(node, None)

    # -- calls and reads ------------------------------------------------------

    def visit_Call(self, node):
        called = self.dotted(node.func)
        if called:
            self.call(called, node)
        self.generic_visit(node)

    def call(self, called: str, node: ast.Call) -> None:
        args = node.args
        if self.keys and self.settings.owns(called) and self._in_answer_key(called):
            self.flag("answer-key", node, f"calls `{called}`, which the grader computes expected answers with")
        elif called in EXIT_CALLS:
            self.flag("exit-kernel", node, f"calls `{called}`")
        elif called in INSPECT_CALLS:
            self.flag("inspect-grader", node, f"calls `{called}`")
        elif (
            (
                called in LOW_LEVEL_CALLS
                and not (called in ("exec", "eval", "compile") and args and isinstance(args[0], ast.Constant))
            )
            or called.startswith("ctypes.")
            or called.startswith("_ctypes.")
        ):
            self.flag("low-level", node, f"calls `{called}`")
        elif called in ("setattr", "delattr") and args:
            attr = args[1].value if len(args) > 1 and isinstance(args[1], ast.Constant) else "?"
            self.changed(self.dotted(args[0]), str(attr), node)
        elif called == "importlib.reload":
            self.flag("patch-course", node, "reloads a module")
        elif called.endswith(".set_custom_exc") or called == "contextlib.redirect_stderr":
            self.flag("silence-errors", node, f"calls `{called}`")
        elif (
            called == f"{SHELL}.run_line_magic"
            and args
            and isinstance(args[0], ast.Constant)
            and args[0].value in ("xmode", "capture", "config")
        ):
            self.flag("silence-errors", node, f"runs the magic %{args[0].value}")
        elif "." in called:
            base, method = called.rsplit(".", 1)
            if method in MUTATORS:
                self.mutated(base, method, node)

    def mutated(self, base: str, method: str, node) -> None:
        owner, _, attr = base.rpartition(".")
        if base in ("sys.modules", "sys.meta_path", "sys.path_hooks"):
            self.flag("patch-course", node, f"calls `{base}.{method}`")
        elif (
            base == "globals()" and any(isinstance(a, ast.Constant) and a.value in self.protected for a in node.args)
        ) or (base == "globals()" and any(k.arg in self.protected for k in node.keywords)):
            self.flag("rebind-check", node, "rebinds a check object through globals()")
        elif base.split(".")[0] in self.protected:
            self.flag("rebind-check", node, f"changes `{base}` of a check object")
        elif owner == SHELL and attr in SHELL_HOOKS:
            self.flag("silence-errors", node, f"changes the IPython shell's `{attr}`")
        elif self.settings.owns(base):
            self.flag("patch-course", node, f"calls `{base}.{method}`")

    def _in_answer_key(self, called: str) -> bool:
        """``called`` (or what it names, where it is defined) lives in a module of the exercise's checks."""
        names = (called, canonical(called))
        return any(name.startswith(f"{module}.") for name in names for module in self.keys)

    def visit_Attribute(self, node):
        if node.attr in INSPECT_ATTRIBUTES:
            self.flag("inspect-grader", node, f"reads `.{node.attr}` of a frame")
        elif self._in_data_cache(self.dotted(node)):
            self.flag("patch-course", node, "reaches into the grader's cache of data sets")
        self.generic_visit(node)

    def _in_data_cache(self, dotted: str | None) -> bool:
        """An attribute of the course's data loader, which the template replaces by its cache."""
        loader = self.settings.data_loader
        return bool(dotted and loader) and dotted.startswith(f"{loader}.")
