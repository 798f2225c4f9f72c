"""The runtime half of tampering detection: after each cell, is the grading machinery as it was?

``RuntimeGuard`` records, when the child starts, who (which object) sits in each place the
checks rely on: the builtins; every function, class and method of the course's packages
(``Settings.packages``) and the modules' entries in ``sys.modules``; the import machinery; ``sys.excepthook`` and the
streams; the IPython shell's traceback, exception and cell-rewriting hooks; and each check
object (``q1``...) once the locked setup cell has bound it. After every cell it reports what
changed, once, with the cell. Comparing identities costs well under a millisecond a cell.
"""

from __future__ import annotations

import builtins
import sys
from operator import itemgetter
from types import MethodType, ModuleType

from .flags import Flag
from .settings import Settings

IPYTHON_BUILTINS = {"_", "__", "___", "exit", "quit", "get_ipython", "In", "Out", "_ih", "_oh", "_dh"}
SHELL_HOOKS = (
    "showtraceback",
    "_showtraceback",
    "showsyntaxerror",
    "run_cell",
    "run_code",
    "run_ast_nodes",
    "transform_cell",
    "ask_exit",
    "run",
)
_MISSING = object()


def _identity(value):
    """Who a value is: a bound method is its function and its object (each access makes a new one)."""
    if isinstance(value, MethodType):
        return (id(value.__func__), id(value.__self__))
    return id(value)


class _Places:
    """Named places (a mapping and a key) whose occupants are compared by identity, a mapping at a time
    (``itemgetter`` and ``map(id, ...)`` keep the comparison in C: a thousand places in tens of microseconds)."""

    def __init__(self, kind: str, verb: str, places: list[tuple[str, dict, str]]):
        self.kind, self.verb = kind, verb
        groups: dict[int, tuple[dict, list, list]] = {}
        for name, mapping, key in places:
            group = groups.setdefault(id(mapping), (mapping, [], []))
            group[1].append(key)
            group[2].append(name)
        self.groups = [
            (mapping, itemgetter(*keys) if len(keys) > 1 else _one(keys[0]), keys, names)
            for mapping, keys, names in groups.values()
        ]
        self.seen = self.read()

    def read(self) -> list:
        found = []
        for mapping, get, keys, _ in self.groups:
            try:
                found.append(tuple(map(id, get(mapping))))
            except KeyError:  # something was deleted: compare place by place
                found.append(tuple(id(mapping.get(key, _MISSING)) for key in keys))
        return found

    def changed(self, label: str) -> Flag | None:
        now = self.read()
        if now == self.seen:
            return None
        names = [
            name
            for (_, _, _, group_names), old, new in zip(self.groups, self.seen, now)
            if old != new
            for name, before, after in zip(group_names, old, new)
            if before != after
        ]
        self.seen = now
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return Flag(self.kind, label, None, f"{self.verb} {shown} (seen at run time)")


def _one(key):
    return lambda mapping: (mapping[key],)


class _Values:
    """Named values computed by a function, compared as they are."""

    def __init__(self, kind: str, verb: str, read):
        self.kind, self.verb, self.read = kind, verb, read
        self.seen = read()

    def changed(self, label: str) -> Flag | None:
        now = self.read()
        names = [name for name, value in now.items() if self.seen.get(name) != value]
        if not names:
            return None
        self.seen = now
        return Flag(self.kind, label, None, f"{self.verb} {', '.join(names[:3])} (seen at run time)")


class RuntimeGuard:
    """Built once in a worker (recording the course's thousand places is the slow part), then
    ``begin`` in each child takes the cheap baselines and the notebook's check-object names."""

    def __init__(self, shell, settings: Settings):
        self.shell = shell
        self.settings = settings
        self.protected: list[str] = []
        self.checks: dict[str, tuple[int, dict]] = {}
        builtin_names = vars(builtins)
        course, entries = [], []
        for name, module in list(sys.modules.items()):
            if not settings.owns(name) or not isinstance(module, ModuleType):
                continue
            entries.append((f"`sys.modules[{name!r}]`", sys.modules, name))
            for attr, value in list(vars(module).items()):
                if isinstance(value, type) and settings.owns(getattr(value, "__module__", None)):
                    course.append((f"`{name}.{attr}`", vars(module), attr))
                    members = value.__dict__  # one proxy per class: places are grouped by mapping
                    course += [
                        (f"`{name}.{attr}.{member}`", members, member)
                        for member, inner in list(members.items())
                        if callable(inner) or isinstance(inner, (staticmethod, classmethod, property))
                    ]
                elif callable(value) or isinstance(value, ModuleType):
                    course.append((f"`{name}.{attr}`", vars(module), attr))
        self.places = [
            _Places(
                "patch-builtins",
                "rebinds the builtin",
                [(f"`{k}`", builtin_names, k) for k in builtin_names if k not in IPYTHON_BUILTINS],
            ),
            _Places("patch-course", "replaces", course + entries),
        ]
        self.watches = list(self.places)

    def begin(self, protected: set[str]) -> None:
        """In the child, once its streams are in place: baselines of the hooks, the names to watch."""
        self.protected = sorted(protected)
        self.checks = {}
        for places in self.places:
            places.seen = places.read()
        self.watches = [
            *self.places,
            _Values("patch-course", "changes", self._import_machinery),
            _Values("silence-errors", "replaces", self._sys_hooks),
            _Values("silence-errors", "changes the IPython shell's", self._shell_hooks),
        ]

    @staticmethod
    def _import_machinery() -> dict:
        return {"`sys.meta_path`": tuple(map(id, sys.meta_path)), "`sys.path_hooks`": tuple(map(id, sys.path_hooks))}

    @staticmethod
    def _sys_hooks() -> dict:
        return {
            f"`sys.{name}`": _identity(getattr(sys, name, None))
            for name in ("excepthook", "unraisablehook", "stdout", "stderr")
        }

    def _shell_hooks(self) -> dict:
        shell = self.shell
        found = {f"`{name}`": _identity(shell.__dict__.get(name)) for name in SHELL_HOOKS}
        found.update(
            {
                f"`{cls.__name__}.{name}`": id(cls.__dict__.get(name))
                for cls in type(shell).__mro__[:2]
                for name in SHELL_HOOKS
            }
        )
        found["exception handlers"] = (tuple(map(id, shell.custom_exceptions)), id(shell.CustomTB))
        for name in ("input_transformers_cleanup", "input_transformers_post", "ast_transformers"):
            found[f"`{name}`"] = tuple(map(id, getattr(shell, name)))
        found["event callbacks"] = tuple(
            (event, tuple(map(_identity, callbacks))) for event, callbacks in sorted(shell.events.callbacks.items())
        )
        found["display hooks"] = (id(shell.displayhook), id(shell.display_pub))
        return found

    def after_cell(self, label: str) -> list[Flag]:
        flags = [flag for watch in self.watches if (flag := watch.changed(label)) is not None]
        return flags + self._check_objects(label)

    def _check_objects(self, label: str) -> list[Flag]:
        """Each name the setup cell bound to a check (a question object or function) still holds it."""
        flags = []
        namespace = self.shell.user_ns
        for name in self.protected:
            value = namespace.get(name, _MISSING)
            known = self.checks.get(name)
            if known is None:
                if value is _MISSING:
                    continue
                if not (callable(value) or callable(getattr(value, "check", None))):
                    self.protected = [n for n in self.protected if n != name]  # a constant, not a check
                    continue
                self.checks[name] = (id(value), _attributes(value))
                if not self.settings.owns(getattr(value, "__module__", None)):
                    flags.append(
                        Flag(
                            "rebind-check", label, None, f"`{name}` is not the course's check object (seen at run time)"
                        )
                    )
                continue
            if value is _MISSING or id(value) != known[0]:
                detail = f"`{name}` was rebound or deleted"
            elif _attributes(value) != known[1]:
                detail = f"`{name}` was modified"
            else:
                continue
            flags.append(Flag("rebind-check", label, None, f"{detail} (seen at run time)"))
            self.checks[name] = (id(value), _attributes(value) if value is not _MISSING else {})
        return flags


def _attributes(value) -> dict:
    """A check object's public attributes (private ones are its own caches and counters)."""
    try:
        members = vars(value)
    except TypeError:
        return {}
    return {
        key: (id(inner), len(inner) if isinstance(inner, (list, dict, set, tuple)) else None)
        for key, inner in members.items()
        if not key.startswith("_")
    }
