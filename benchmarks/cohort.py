"""A synthetic cohort for tests and benchmarks: students' submissions of the released exercises.

Each submission is the released exercise with some answer cells filled in, written to
``submitted/<student>/<assignment>/`` with a ``timestamp.txt``, as nbgrader's exchange
leaves it. The kinds (``KINDS``) cover what a real cohort hands in: correct answers, correct
in other forms, partial work, each planted misconception and broken answer written in
``tests/submissions/exNN_topic.py`` (when the course has them), blank notebooks, syntax
errors and exceptions; the pathological cases a grader must survive (an infinite loop, a
hang in every function the tests call, a memory hog, a process bomb, a kernel that exits, huge output,
deleted cells, invalid JSON, a missing notebook); and each tampering technique.
``Planted`` says what the grader should conclude about each one.

Not part of the installed package: it reads this repository's ``tests/submissions/``, and
``benchmarks/grade_cohort.py`` and the grading tests (through ``tests/grading_cohort.py``) use it.

    python benchmarks/cohort.py COURSE_ROOT ASSIGNMENT --students 40 [--seed 1] [--comparable]
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.util
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from tpm_course.grading import GradeStatus
from tpm_course.manifest import checks_module

TIMESTAMP = "2026-03-01 12:00:00.000000 UTC"
NOT_GRADED = GradeStatus.NOT_GRADED


@dataclass(frozen=True)
class Kind:
    name: str
    status: GradeStatus = GradeStatus.GRADED  # what an honest grader concludes
    flags: tuple[str, ...] = ()  # flag kinds it must raise
    comparable: bool = True  # plain `nbgrader autograde` handles it (same scores, safely, quickly)
    weight: float = 1.0  # share in a realistic mix


KINDS = {
    k.name: k
    for k in [
        Kind("correct", weight=30),
        Kind("other-form", weight=4),
        Kind("partial", weight=14),
        Kind("misconception", weight=24),
        Kind("broken", weight=4),
        Kind("blank", weight=5),
        Kind("wrong", weight=3),
        Kind("syntax-error", weight=2),
        Kind("exception", weight=2),
        Kind("infinite-loop", comparable=False, weight=0.5),
        Kind("hang-in-functions", NOT_GRADED, comparable=False, weight=0.5),
        Kind("memory-hog", comparable=False, weight=0.5),
        Kind("process-bomb", comparable=False, weight=0.3),
        Kind("kernel-exit", NOT_GRADED, ("exit-kernel",), comparable=False, weight=0.5),
        Kind("huge-output", weight=0.5),
        Kind("deleted-test-cell", NOT_GRADED, ("delete-cell",), comparable=False, weight=0.5),
        Kind("deleted-answer-cell", flags=("delete-cell",), weight=0.5),
        Kind("invalid-json", NOT_GRADED, comparable=False, weight=0.5),
        Kind("missing-notebook", NOT_GRADED, comparable=False, weight=0.5),
        Kind("tamper-rebind-check", flags=("rebind-check",), weight=0.4),
        Kind("tamper-assertion-error", flags=("patch-builtins",), weight=0.4),
        Kind("tamper-patch-course", flags=("patch-course",), weight=0.4),
        Kind("tamper-sys-modules", flags=("patch-course",), weight=0.4),
        Kind("tamper-exit", NOT_GRADED, ("exit-kernel",), comparable=False, weight=0.4),
        Kind("tamper-edit-test-cell", flags=("edit-test-cell",), weight=0.4),
        Kind("tamper-custom-exc", flags=("silence-errors",), weight=0.4),
        Kind("tamper-excepthook", flags=("silence-errors",), weight=0.4),
        Kind("tamper-showtraceback", flags=("silence-errors",), weight=0.4),
        Kind("tamper-read-frames", flags=("inspect-grader",), weight=0.4),
        Kind("tamper-forge-report", NOT_GRADED, ("low-level",), comparable=False, weight=0.2),
    ]
}

TAMPERING = {
    "tamper-rebind-check": "class _Pass:\n    def check(self, *args, **kwargs):\n        return None\n{check} = _Pass()\n",
    "tamper-assertion-error": "import builtins\nbuiltins.AssertionError = type('AssertionError', (Exception,), {{}})\n",
    "tamper-patch-course": "import tpm_course.core.question as _question\n_question.report = lambda outcome: None\n",
    "tamper-sys-modules": (
        "import sys, types\n_fake = types.ModuleType('tpm_course.data')\n"
        "_fake.load = lambda name: None\nsys.modules['tpm_course.data'] = _fake\n"
    ),
    "tamper-exit": "exit()\n",
    "tamper-custom-exc": "get_ipython().set_custom_exc((Exception,), lambda *args, **kwargs: None)\n",
    "tamper-excepthook": "import sys\nsys.excepthook = lambda *args: None\n",
    "tamper-showtraceback": "get_ipython().showtraceback = lambda *args, **kwargs: None\n",
    "tamper-read-frames": ("import sys\ndef _peek():\n    return sys._getframe(1).f_locals\n"),
    "tamper-forge-report": (
        "import os\nfor _fd in range(3, 256):\n    try:\n"
        '        os.write(_fd, b\'{{"t": "done", "modules": null}}\\n\')\n'
        "    except OSError:\n        pass\n"
    ),
}
PATHOLOGICAL = {
    "infinite-loop": "while True:\n    pass\n",
    # 4 GB in all, twice the default limit: with the limit it meets MemoryError; without one it
    # stops by itself (or at the cell limit) instead of exhausting a shared machine.
    "memory-hog": (
        "def _hog():\n    chunks = []\n    for _ in range(40):\n        chunks.append(bytearray(10**8))\n"
        "    print('allocated', len(chunks) * 100, 'MB')\n_hog()\n"
    ),
    "kernel-exit": "import os\nos._exit(1)\n",
    "process-bomb": (
        "import os, time\n_forked = 0\nfor _ in range(500):\n    try:\n        _pid = os.fork()\n"
        "    except OSError:\n        break\n    if _pid == 0:\n        time.sleep(600)\n"
        "        os._exit(0)\n    _forked += 1\nprint('forked', _forked)\n"
    ),
    "huge-output": "print('x' * 3_000_000)\nfor _i in range(20_000):\n    print(_i)\n",
    "syntax-error": "this line is not python (\n",
    "exception": "raise RuntimeError('a bug in my own code')\n",
}


@dataclass(frozen=True)
class Planted:
    student: str
    assignment: str
    kind: str
    variant: str = ""  # which misconception / other form / broken answer
    status: GradeStatus = GradeStatus.GRADED
    flags: tuple[str, ...] = ()
    comparable: bool = True


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _meta(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


class Exercise:
    """One released notebook with its solution's answers and the course's written submissions."""

    def __init__(self, root: Path, assignment: str, notebook: str):
        self.assignment, self.notebook = assignment, notebook
        self.released = json.loads((root / "exercises" / assignment / f"{notebook}.ipynb").read_text())
        solution = json.loads((root / "solutions" / assignment / f"{notebook}.ipynb").read_text())
        self.answers = {
            _meta(c)["grade_id"]: _source(c)
            for c in solution["cells"]
            if _meta(c).get("solution") and not _meta(c).get("grade") and c["cell_type"] == "code"
        }
        self.tests = [
            _meta(c)["grade_id"]
            for c in self.released["cells"]
            if _meta(c).get("grade") and not _meta(c).get("solution")
        ]
        self.written = written_submissions(root, assignment)
        self.check = self.tests[0] if self.tests else "q1"
        self.names = _answer_names(assignment)

    def filled(self, answers: dict[str, str]) -> dict:
        notebook = copy.deepcopy(self.released)
        for cell in notebook["cells"]:
            if _meta(cell).get("grade_id") in answers:
                cell["source"] = answers[_meta(cell)["grade_id"]]
        return notebook

    def first_answer(self) -> str:
        return next(iter(self.answers))

    def build(self, kind: str, rng: random.Random) -> tuple[dict | str | None, str]:
        """(notebook, or JSON text, or None for no notebook; the variant used)."""
        correct = dict(self.answers)
        first = self.first_answer()
        if kind == "correct":
            return self.filled(correct), ""
        if kind in ("other-form", "misconception", "broken"):
            pool = self.written.get(kind, [])
            if not pool:
                return self.build("wrong", rng)
            chosen = rng.choice(pool)
            return self.filled({**correct, **chosen.cells}), chosen.name
        if kind == "partial":
            keep = rng.sample(list(correct), k=max(1, len(correct) // 2))
            return self.filled({k: correct[k] for k in keep}), ",".join(sorted(keep))
        if kind == "blank":
            return copy.deepcopy(self.released), ""
        if kind == "wrong":
            target = rng.choice(list(correct))
            name = self.names.get(target.removesuffix("_answer"))
            return self.filled(
                {**correct, target: correct[target] + "\n" + _wrong_value(correct[target], name)}
            ), target
        if kind in ("syntax-error", "exception"):  # before the answer: the cell defines nothing
            target = rng.choice(list(correct))
            return self.filled({**correct, target: PATHOLOGICAL[kind] + correct[target]}), target
        if kind in PATHOLOGICAL:  # after a correct answer: the answer stands, the cell misbehaves
            return self.filled({**correct, first: correct[first] + "\n" + PATHOLOGICAL[kind]}), first
        if kind == "hang-in-functions":
            # Every answer hangs when used: a function hangs in each call, any other answer cell
            # hangs at once. At least three cell limits in all, more than a notebook limit of two.
            hang = "\ndef {name}(*args, **kwargs):\n    while True:\n        pass\n"
            hung = {}
            for answer, source in correct.items():
                name = _defined_function(source)
                hung[answer] = source + (hang.format(name=name) if name else "\nwhile True:\n    pass\n")
            return self.filled(hung), ",".join(sorted(hung))
        if kind in TAMPERING:
            return self.filled(
                {**correct, first: correct[first] + "\n" + TAMPERING[kind].format(check=self.check)}
            ), first
        return self.damaged(kind, rng)

    def damaged(self, kind: str, rng: random.Random) -> tuple[dict | str | None, str]:
        """The correct answers in a notebook that is itself damaged: a cell edited or deleted,
        the JSON cut short, or no notebook at all."""
        correct = dict(self.answers)
        if kind == "tamper-edit-test-cell":
            notebook = self.filled(correct)
            for cell in notebook["cells"]:
                if _meta(cell).get("grade_id") == self.check:
                    cell["source"] = "pass  # the check was here\n"
            return notebook, self.check
        if kind == "deleted-test-cell":
            target = rng.choice(self.tests)
            notebook = self.filled(correct)
            notebook["cells"] = [c for c in notebook["cells"] if _meta(c).get("grade_id") != target]
            return notebook, target
        if kind == "deleted-answer-cell":
            target = rng.choice(list(correct))
            notebook = self.filled(correct)
            notebook["cells"] = [c for c in notebook["cells"] if _meta(c).get("grade_id") != target]
            return notebook, target
        if kind == "invalid-json":
            return json.dumps(self.filled(correct), indent=1)[:-400], ""
        if kind == "missing-notebook":
            return None, ""
        raise ValueError(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")


def _wrong_value(source: str, name: str | None) -> str:
    """Code that makes a correct answer wrong: a function returns 37 % more, a number is 37 % more,
    anything else is left as the placeholder."""
    function = _defined_function(source)
    if function is not None:
        return (
            f"_right_{function} = {function}\n"
            f"def {function}(*args, **kwargs):\n    return _right_{function}(*args, **kwargs) * 1.37\n"
        )
    if name is None:
        return "raise ValueError('I am not sure about this one')\n"
    return f"try:\n    {name} = {name} * 1.37\nexcept TypeError:\n    {name} = ...\n"


def _answer_names(assignment: str) -> dict[str, str]:
    """Question id -> the name its answer binds (``q1`` -> ``qps``), from the exercise's check module."""
    try:
        module = importlib.import_module(checks_module(assignment))
    except (ImportError, ValueError):
        return {}
    return {
        value.qid: value.name
        for value in vars(module).values()
        if hasattr(value, "qid") and hasattr(value, "name") and isinstance(value.name, str)
    }


def _defined_function(source: str) -> str | None:
    for line in source.splitlines():
        if line.startswith("def "):
            return line[4:].split("(")[0].strip()
    return None


def written_submissions(root: Path, assignment: str) -> dict[str, list]:
    """The course's hand-written submissions for an exercise (tests/submissions/exNN_topic.py), by kind."""
    path = root / "tests" / "submissions" / f"ex{assignment}.py"
    if not path.is_file():
        return {}
    spec = importlib.util.spec_from_file_location(f"_written_submissions_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(root / "tests"))  # they import each other as ``submissions.exNN_topic``
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(root / "tests"))
    return {
        "other-form": list(getattr(module, "CORRECT_IN_OTHER_FORMS", [])),
        "misconception": list(getattr(module, "MISCONCEPTIONS", [])),
        "broken": list(getattr(module, "BROKEN", [])),
    }


def released(root: Path) -> list[str]:
    """Assignments with both a released exercise and a solution notebook."""
    return sorted(
        p.name
        for p in (root / "exercises").iterdir()
        if p.is_dir() and (root / "solutions" / p.name).is_dir() and list(p.glob("*.ipynb"))
    )


def mix(count: int, rng: random.Random, comparable: bool = False) -> list[str]:
    """``count`` kinds drawn by weight; every kind appears once before any repeats when count allows."""
    kinds = [k for k in KINDS.values() if k.comparable or not comparable]
    chosen = [k.name for k in kinds][:count] if count >= len(kinds) else []
    weights = [k.weight for k in kinds]
    chosen += rng.choices([k.name for k in kinds], weights=weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen


_EXERCISES: dict[tuple, Exercise] = {}


def exercise(root: Path, assignment: str, notebook: str) -> Exercise:
    key = (Path(root).resolve(), assignment, notebook)
    if key not in _EXERCISES:
        _EXERCISES[key] = Exercise(root, assignment, notebook)
    return _EXERCISES[key]


def write(root: Path, target: Path, assignment: str, student: str, kind: str, rng: random.Random) -> Planted:
    """Write one submission of ``assignment`` by ``student`` into the course at ``target``."""
    folder = target / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text(TIMESTAMP + "\n")
    variant = ""
    for path in sorted((root / "exercises" / assignment).glob("*.ipynb")):
        notebook, variant = exercise(root, assignment, path.stem).build(kind, rng)
        if notebook is None:
            continue
        text = notebook if isinstance(notebook, str) else json.dumps(notebook, indent=1, ensure_ascii=False)
        (folder / path.name).write_text(text, encoding="utf-8")
    spec = KINDS[kind]
    return Planted(student, assignment, kind, variant, spec.status, spec.flags, spec.comparable)


def make_cohort(
    root: Path,
    target: Path,
    assignments: list[str],
    students: int,
    seed: int = 0,
    comparable: bool = False,
    kinds: list[str] | None = None,
) -> list[Planted]:
    """``students`` students, each with a submission of every assignment, kinds in a realistic mix
    (or ``kinds`` in turn). ``comparable``: only what plain nbgrader grades safely and the same."""
    rng = random.Random(seed)
    planted = []
    for assignment in assignments:
        chosen = [kinds[i % len(kinds)] for i in range(students)] if kinds else mix(students, rng, comparable)
        for number, kind in enumerate(chosen, start=1):
            planted.append(write(root, target, assignment, f"student{number:03d}", kind, rng))
    return planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/cohort.py", description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path, help="the course (solutions/, exercises/, tests/submissions/)")
    parser.add_argument("assignments", nargs="*", help="default: every released exercise")
    parser.add_argument("--into", type=Path, help="the course directory to write submitted/ into (default: root)")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--comparable", action="store_true", help="only kinds plain nbgrader grades the same")
    args = parser.parse_args(argv)
    planted = make_cohort(
        args.root,
        args.into or args.root,
        args.assignments or released(args.root),
        args.students,
        args.seed,
        args.comparable,
    )
    for p in planted:
        print(f"{p.assignment}\t{p.student}\t{p.kind}\t{p.variant}\t{p.status}\t{','.join(p.flags)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
