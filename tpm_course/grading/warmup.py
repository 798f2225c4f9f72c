"""Pre-warming the interpreter every child is forked from: heavy imports, caches, IPython's lazy parts.

A kernel pays for ``import pandas`` (and scipy, plotly, jsonschema...) in every notebook;
here the grader's template process (``spawner``) pays once, and each kernel and checker forked
from it starts with them imported. Which modules: a fixed list of the usual heavy ones, the
course's (``Settings.course_modules``), and whatever else running each assignment's source
notebook once imports (``Discovery``: processes forked from the grader, one per core, each
importing the fixed list first). Then the warnings registries are cleared (a warning seen while
warming must still show in every notebook) and ``gc.freeze()`` keeps the children's garbage
collector off the template's objects.

What fails while warming is reported (``Problem``), not swallowed: the run prints it before
grading starts and lists it in its summary. One failure stays quiet: a module outside the
course's packages that is not installed (``ModuleNotFoundError`` naming it). The fixed list is
a guess at what notebooks use, and discovery lists every module a source notebook ended with,
including those only its own folder provides; missing them costs speed, not grades, and a
notebook that needs one shows the same error in its own output. A course module that cannot
be imported (every notebook binding its checks would fail its first cell), any module that
exists but raises when imported, a data set that cannot be loaded and a cache that cannot be
filled are reported.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import importlib.util
import os
import sys
import types
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
HEAVY = (
    "numpy",
    "pandas",
    "scipy",
    "scipy.stats",
    "plotly",
    "plotly.io",
    "plotly.express",
    "plotly.graph_objects",
    "ipywidgets",
    "jsonschema",
    "pint",
    "IPython.display",
    "IPython.core.ultratb",
)
NEVER = {"__main__", "__mp_main__"}  # importing them (or any package's __main__) runs a program
# Modules whose import costs much and whose use is rare, put off until first used: jsonschema (which
# nbformat imports) takes one function of rfc3987_syntax for its "iri" format check, and that
# module builds its grammar on import (0.7 s here, a third of a warm start).
DEFERRED = {"rfc3987_syntax": ("is_valid_syntax",)}


def prepare_environment() -> None:
    """Before numpy is imported: one BLAS thread per process (workers run in parallel), and
    plotly's renderer as a Jupyter kernel picks it."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    os.environ.setdefault("PLOTLY_RENDERER", "plotly_mimetype")
    for name, functions in DEFERRED.items():
        if name not in sys.modules and importlib.util.find_spec(name) is not None:
            sys.modules[name] = Deferred(name, functions)


class Deferred(types.ModuleType):
    """Stands in for module ``name`` until it is used: ``functions`` are stand-ins that import it at
    their first call, and any other attribute imports it at once; from then on ``sys.modules``
    holds the real module."""

    def __init__(self, name: str, functions):
        super().__init__(name)
        self._real = None
        for function in functions:
            setattr(self, function, self._forward(function))

    def _forward(self, function: str):
        def stand_in(*args, **kwargs):
            return getattr(self._load(), function)(*args, **kwargs)

        stand_in.__name__ = stand_in.__qualname__ = function
        return stand_in

    def _load(self):
        if self._real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            self._real = importlib.import_module(self.__name__)
        return self._real

    def __getattr__(self, attribute: str):
        if attribute.startswith("__") or attribute == "_real":
            raise AttributeError(attribute)
        return getattr(self._load(), attribute)


@dataclass(frozen=True)
class Problem:
    """Something the warm-up could not do: ``what`` ("import x", "load data set y") and the error."""

    what: str
    error: str

    @classmethod
    def of(cls, what: str, error: BaseException) -> Problem:
        return cls(what, f"{type(error).__name__}: {error}")

    def text(self) -> str:
        return f"warm-up: could not {self.what}: {self.error}"


def import_all(names, owns: Callable[[str], bool]) -> list[Problem]:
    """Import ``names`` in this process; the failures worth an instructor's eye (``owns`` tells the
    course's modules, whose absence is never quiet: see the module's docstring)."""
    problems = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in names:
            if name in NEVER or name.endswith(".__main__") or name in sys.modules:
                continue
            try:
                importlib.import_module(name)
            except Exception as error:
                if not (_not_installed(error, name) and not owns(name)):
                    problems.append(Problem.of(f"import {name}", error))
    return problems


def _not_installed(error: Exception, name: str) -> bool:
    """``error`` says ``name`` itself (or a package it is in) does not exist, not that it failed inside."""
    missing = getattr(error, "name", None) if isinstance(error, ModuleNotFoundError) else None
    return bool(missing) and (name == missing or name.startswith(f"{missing}."))


class DatasetCache:
    """The course's data loader (``Settings.data_loader``) in the template: each data set
    the assignments use is parsed once, and every call still returns a fresh copy, as reading the
    file again would. ``asked`` records the names a notebook loaded (discovery reports them)."""

    def __init__(self, load):
        self.load = load
        self.frames: dict = {}
        self.asked: set[str] = set()

    def __call__(self, name):
        self.asked.add(name)
        frame = self.frames.get(name)
        return self.load(name) if frame is None else frame.copy(deep=True)

    def preload(self, names, environment: dict[str, str], store: FrameStore | None = None) -> list[Problem]:
        """Parse ``names`` with ``environment`` set as the children have it (the run's copy of the data),
        or read them from ``store`` when an earlier run parsed the same files."""
        problems = []
        with children_environment(environment):
            for name in names:
                try:
                    frame = store.get(name) if store is not None else None
                    if frame is None:
                        frame = self.load(name)
                        if store is not None:
                            store.put(name, frame)
                    self.frames[name] = frame
                except Exception as error:
                    problems.append(Problem.of(f"load data set {name}", error))
        return problems


class FrameStore:
    """Data sets as an earlier run parsed them, kept beside the grading record (the instructor's, never
    a student's: students' code cannot reach it), valid while every file of the data folder keeps its
    name, size and time, the course's code (``packages``, the loader among it) is unchanged, and pandas
    keeps its version. Reading one back is many times quicker than parsing."""

    def __init__(self, folder: Path, data: Path, packages=()):
        import pandas

        listing = sorted(
            f"{path.relative_to(data)}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
            for path in data.rglob("*")
            if path.is_file()
        )
        code = packages_identity(packages)
        digest = hashlib.sha256("\n".join([pandas.__version__, sys.version, code, *listing]).encode())
        self.folder, self.key = folder, digest.hexdigest()[:24]

    def get(self, name: str):
        """The stored frame of ``name``, or None (never stored, or stored from other files)."""
        import pandas

        path = self.folder / f"{name}.{self.key}.pickle"
        try:
            return pandas.read_pickle(path) if path.is_file() else None
        except Exception:  # a store cut short: parse again
            return None

    def put(self, name: str, frame) -> None:
        """Keep ``frame`` as ``name``, dropping what was kept from other files (best effort: a folder
        that cannot be written only means parsing again next time)."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            for old in self.folder.glob(f"{name}.*.pickle"):
                old.unlink()
            part = self.folder / f".{name}.{os.getpid()}.part"
            frame.to_pickle(part)
            os.replace(part, self.folder / f"{name}.{self.key}.pickle")
        except OSError:
            pass


@contextmanager
def children_environment(environment: dict[str, str]):
    """``environment`` set in this process while the block runs, as the children will have it."""
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _loader_home(settings: Settings) -> tuple[object | None, str]:
    """(the imported module that holds the course's data loader, the loader's name in it)."""
    if not settings.data_loader:
        return None, ""
    module, _, name = settings.data_loader.rpartition(".")
    return sys.modules.get(module), name


def dataset_cache(settings: Settings) -> DatasetCache | None:
    """Put the cache in front of the course's data loader (once); None if the course has none."""
    home, name = _loader_home(settings)
    load = getattr(home, name, None)
    if not callable(load):
        return None
    if not isinstance(load, DatasetCache):
        load = DatasetCache(load)
        setattr(home, name, load)
    return load


def survey(settings: Settings, before=frozenset()):
    """What discovery asks a child once the source notebook ran: every module it ended with but
    ``before`` (what the process it was forked from had imported: the fixed list and the course's
    modules, which the template imports too, and the grader's own, which kernels do not need) and
    the data sets it loaded through the cache."""

    def answer() -> dict:
        home, name = _loader_home(settings)
        load = getattr(home, name, None)
        return {
            "modules": sorted(set(sys.modules) - before),
            "data_sets": sorted(load.asked) if isinstance(load, DatasetCache) else [],
        }

    return answer


def fill_caches(caches, environment: dict[str, str]) -> list[Problem]:
    """Call each "module:function" of ``caches`` whose module is imported, with ``environment`` set
    as the children have it (a cache keyed by where the data is then serves them)."""
    problems = []
    with children_environment(environment):
        for entry in caches:
            module, function = entry.split(":")
            if module in sys.modules:
                try:
                    getattr(sys.modules[module], function)()
                except Exception as error:
                    problems.append(Problem.of(f"fill the cache {entry}", error))
    return problems


def warm_ipython() -> None:
    """Run a few cells in a throwaway shell (tracebacks, display, syntax errors import lazily),
    then make the pristine shell children will use."""
    from .shell import CapturedStream, GradingShell, Outputs, make_shell

    shell = make_shell()
    outputs = Outputs(10_000)
    shell.attach(outputs)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CapturedStream(outputs, "stdout", 1), CapturedStream(outputs, "stderr", 2)
    try:
        for source in (
            "import math\nmath.sqrt(-1)",
            "def broken(:\n    pass",
            "from IPython.display import HTML, display\ndisplay(HTML('<b>warm</b>'))\nprint('x')\n1",
        ):
            shell.run(source)
    finally:
        sys.stdout, sys.stderr = saved
    GradingShell.clear_instance()
    make_shell()


def settle() -> None:
    """Forget warnings already shown, and freeze what exists into the permanent generation.

    Without collecting first: the few thousand objects imports leave in cycles (4,314 for the whole
    course) stay, shared by every child, where a full collection of the 210,000 objects the template
    holds takes 0.1 to 0.2 s of every run's start-up. Children close every inherited descriptor
    (``sandbox``), so no garbage keeps a file open in them.
    """
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    gc.freeze()


class Discovery:
    """The assignments' source notebooks run once, in background processes (one per core, each
    notebook in its own sandboxed child), to learn which modules they import."""

    TIMEOUT = 300.0  # the instructor's own notebooks: a generous limit

    def __init__(self, course, keys, settings: Settings, isolation, run_dir, course_env, slot: int, skip=()):
        from nbformat import read

        from .child import prepare_worker
        from .shell import make_shell

        runs = []
        for assignment, key in keys.items():
            if assignment in skip:  # learnt by an earlier run from the same sources
                continue
            for name in sorted(key.notebooks):
                path = course.source(assignment) / f"{name}.ipynb"
                if path.is_file():
                    cells = [
                        (str(i), c.source)
                        for i, c in enumerate(read(str(path), as_version=4).cells)
                        if c.cell_type == "code" and c.source.strip()
                    ]
                    runs.append((assignment, cells, course.extra_files(course.source(assignment))))
        prepare_worker()
        make_shell()
        self.runners = []
        count = min(os.cpu_count() or 1, len(runs))
        for number in range(count):
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    os.close(reader)
                    self._run(runs[number::count], settings, isolation, run_dir, course_env, slot + number, writer)
                    code = 0
                finally:
                    os._exit(code)
            os.close(writer)
            self.runners.append((pid, reader))

    def _run(self, runs, settings, isolation, run_dir, course_env, slot, writer) -> None:
        from .execute import LocalKernels, environment, execute
        from .guard import RuntimeGuard
        from .sandbox import Limits, Sandbox
        from .shell import make_shell

        import_all([*HEAVY, *settings.course_modules(assignment for assignment, _, _ in runs)], settings.owns)
        dataset_cache(settings)  # which data sets the notebooks load: ``survey``
        box = Sandbox(run_dir, slot, isolation, [], Limits(notebook_timeout=self.TIMEOUT))
        kernels = LocalKernels(box, RuntimeGuard(make_shell(), settings))  # the instructor's own notebooks
        before = frozenset(sys.modules)
        found = set()
        for assignment, cells, files in runs:
            work = box.fresh_workdir(files)
            ran = execute(kernels, cells, set(), environment(work, course_env), survey(settings, before))
            seen = ran.survey or {}
            entries = list(seen.get("modules") or [])
            entries += [f"dataset:{name}" for name in seen.get("data_sets") or []]
            entries.append(f"seconds:{assignment}:{ran.seconds:.6f}")
            entries += ["failed"] if ran.failure else []
            found.update(f"{assignment}\t{entry}" for entry in entries)
        box.clear()
        data = memoryview("\n".join(sorted(found)).encode())
        while data:
            data = data[os.write(writer, data) :]

    def results(self) -> dict[str, list[str]]:
        """assignment -> what its notebooks used (modules, "dataset:" and "seconds:" entries; "failed"
        when one did not finish)."""
        found: dict[str, list[str]] = {}
        for pid, reader in self.runners:
            data = b""
            while chunk := os.read(reader, 1 << 16):
                data += chunk
            os.close(reader)
            os.waitpid(pid, 0)
            for line in data.decode().splitlines():
                assignment, _, entry = line.partition("\t")
                found.setdefault(assignment, []).append(entry)
        return found


def summary(found: dict[str, list[str]]) -> tuple[set[str], set[str], dict[str, float]]:
    """(modules, data sets) the assignments' notebooks used, and each assignment's seconds of cells."""
    entries = {entry for listed in found.values() for entry in listed}
    datasets = {name.removeprefix("dataset:") for name in entries if name.startswith("dataset:")}
    seconds: dict[str, float] = {}
    for entry in entries:
        if entry.startswith("seconds:"):
            _, assignment, taken = entry.split(":", 2)
            seconds[assignment] = seconds.get(assignment, 0.0) + float(taken)
    modules = {name for name in entries if not name.startswith(("dataset:", "seconds:")) and name != "failed"}
    return modules, datasets, seconds


def source_digest(course, assignment: str, settings: Settings) -> str:
    """What discovery's findings for ``assignment`` depend on: its source files, the course's
    packages (each file's size and time) and this interpreter."""
    digest = hashlib.sha256(sys.version.encode())
    folder = course.source(assignment)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    digest.update(packages_identity(settings.packages).encode())
    return digest.hexdigest()


def packages_identity(packages) -> str:
    """Each file of ``packages`` (the course's code) with its size and time: what changes when it does."""
    from importlib.util import find_spec

    listed = []
    for package in packages:
        spec = find_spec(package)
        for root in spec.submodule_search_locations or [] if spec else []:
            for path in sorted(Path(root).rglob("*.py")):
                stat = path.stat()
                listed.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(listed)
