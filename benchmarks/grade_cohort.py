"""Grade one synthetic cohort with plain sequential `nbgrader autograde` and with `tpm-course grade`.

Builds a temporary course from this repository (every released exercise, regenerated),
writes a cohort of well-behaved submissions (the kinds plain nbgrader grades safely: correct,
partial, planted misconceptions, broken answers, blanks, tampering that does not stop the
kernel...), copies it twice, grades one copy with `nbgrader autograde ASSIGNMENT` and the
other with one `tpm-course grade ASSIGNMENT...` (which warms up once for all of them), and a
third with `tpm-course grade --checks-in-kernel` (the answer key in the students' kernels, as
before the trusted checker), compares the scores cell by cell, and prints:

- notebooks graded, and the wall time of each grader (startup included);
- the ratio of the two, and what the trusted checker costs against the answer key in the kernels;
- a repeat run of `tpm-course grade --force` (what discovery learnt is then in the record), its
  start-up step by step, and each run's wall against the physical limit (cell time / workers);
- the overhead per notebook, (wall - time spent executing cells) / notebooks, where a cell's
  time runs from its execute_input to its execute_reply (nbclient's timestamps, which both
  graders write); for the parallel grader also per core, (wall x workers - cell time) / notebooks,
  with and without its one-off start-up (imports and one run of each source notebook).

    python benchmarks/grade_cohort.py [--students 15] [--workers N] [--keep]

Not a timed test: the machine is shared, and the figures vary with its load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from cohort import make_cohort, released  # benchmarks/cohort.py, beside this script

REPO = Path(__file__).resolve().parents[1]

COPIED = ["nbgrader_config.py", "solutions", "datasets", "tests/submissions"]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment())
    return time.monotonic() - started, done


def build_course(root: Path, wanted: list[str]) -> list[str]:
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        else:
            shutil.copy(source, root / name)
    ready = []
    for assignment in wanted:
        _, done = run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force"], root)
        if done.returncode == 0:
            ready.append(assignment)
        else:
            print(f"  skipped {assignment}: nbgrader generate_assignment failed", file=sys.stderr)
    return ready


def cell_seconds(root: Path) -> float:
    """Time spent executing cells, from the timestamps nbclient (and tpm-course grade) store."""
    total = 0.0
    for path in (root / "autograded").glob("*/*/*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            timing = cell.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
                total += _moment(timing["shell.execute_reply"]) - _moment(timing["iopub.execute_input"])
    return total


def _moment(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _startup(summary: str) -> float:
    """The start-up time `tpm-course grade` reports ("..., 8.6 s of it starting up")."""
    found = re.search(r"([\d.]+) s of it starting up", summary)
    return float(found.group(1)) if found else 0.0


def _requests(summary: str) -> str:
    """What `tpm-course grade` said of the checker's requests to the kernels."""
    found = re.search(r"\((\d+) requests to the kernels, ([\d.]+) a notebook\)", summary)
    return f"{found[1]} requests to the kernels, {found[2]} a notebook" if found else "requests not reported"


def scores(root: Path, assignments: list[str]) -> dict[tuple, float | None]:
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "tpm-course") as gradebook:
        for assignment in assignments:
            for submission in gradebook.assignment_submissions(assignment):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        found[(assignment, submission.student_id, notebook.name, grade.cell.name)] = grade.auto_score
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, help="submissions per assignment (default: enough for 100 in all)")
    parser.add_argument("--assignments", nargs="*", help="default: every released exercise")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses and print where")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="tpm-bench-"))
    try:
        base = work / "course"
        base.mkdir()
        print("building the course and the cohort...", file=sys.stderr)
        assignments = build_course(base, args.assignments or released(REPO))
        students = args.students or math.ceil(100 / max(len(assignments), 1))
        planted = make_cohort(base, base, assignments, students, args.seed, comparable=True)
        theirs, ours, kernel = work / "nbgrader", work / "tpm", work / "tpm-kernel"
        for copy in (theirs, ours, kernel):
            shutil.copytree(base, copy)
        nbgrader_wall = grade_with_nbgrader(theirs, assignments)
        kernel_wall, _ = grade_with_tpm_course(kernel, assignments, args.workers, "--checks-in-kernel")
        tpm_wall, summary = grade_with_tpm_course(ours, assignments, args.workers)
        notebooks = len(list((base / "submitted").glob("*/*/*.ipynb")))
        differ = compare(theirs, ours, assignments, planted, notebooks)
        differ += compare(theirs, kernel, assignments, planted, notebooks)
        their_cells = cell_seconds(theirs)
        print(
            f"nbgrader autograde (sequential): {nbgrader_wall:8.1f} s wall, cells {their_cells:6.1f} s, "
            f"overhead {(nbgrader_wall - their_cells) / notebooks:.3f} s/notebook"
        )
        times("first run", cell_seconds(ours), notebooks, nbgrader_wall, tpm_wall, summary, args.workers)
        repeat_wall, repeat = grade_with_tpm_course(ours, assignments, args.workers, "--force")
        differ += compare(theirs, ours, assignments, planted, notebooks, quiet=True)
        times("repeat run", cell_seconds(ours), notebooks, nbgrader_wall, repeat_wall, repeat, args.workers)
        print(
            f"trusted checker: {tpm_wall:.1f} s against {kernel_wall:.1f} s with the answer key in the kernels "
            f"({(tpm_wall / kernel_wall - 1) * 100:+.0f} %), {(tpm_wall - kernel_wall) / notebooks * 1000:+.0f} ms "
            f"a notebook; {_requests(summary)}"
        )
        if args.keep:
            print(f"kept: {work}")
        return 1 if differ else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def grade_with_nbgrader(course: Path, assignments: list[str]) -> float:
    """Seconds of wall time for `nbgrader autograde`, one assignment after the other."""
    print("grading with nbgrader autograde...", file=sys.stderr)
    wall = 0.0
    for assignment in assignments:
        took, done = run([sys.executable, "-m", "nbgrader", "autograde", assignment], course)
        wall += took
        if done.returncode != 0:
            print(f"  nbgrader autograde {assignment} exited {done.returncode}", file=sys.stderr)
    return wall


def grade_with_tpm_course(course: Path, assignments: list[str], workers: int, *more: str) -> tuple[float, str]:
    """(seconds of wall time, the summary it printed) for one `tpm-course grade` of every assignment."""
    print(f"grading with tpm-course grade {' '.join(more)}...", file=sys.stderr)
    command = [sys.executable, "-m", "tpm_course", "grade", *assignments, "--no-progress", "--workers", str(workers)]
    command += list(more)
    wall, done = run(command, course)
    if done.returncode != 0:
        print(f"  tpm-course grade exited {done.returncode}\n{done.stderr[-2000:]}", file=sys.stderr)
    return wall, done.stdout


def compare(theirs: Path, ours: Path, assignments: list[str], planted: list, notebooks: int, quiet=False) -> list:
    """Print the cohort (unless ``quiet``) and the graded cells whose scores differ; return those cells."""
    expected, found = scores(theirs, assignments), scores(ours, assignments)
    differ = sorted(key for key in set(expected) | set(found) if expected.get(key) != found.get(key))
    if quiet:
        print(f"scores compared again: {len(expected)} graded cells, {len(differ)} differ")
        return differ
    kinds = {}
    for p in planted:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    print(f"assignments: {', '.join(assignments)}")
    print(
        f"cohort: {len(planted)} submissions, {notebooks} notebooks; kinds: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    )
    print(f"scores compared: {len(expected)} graded cells, {len(differ)} differ")
    for key in differ[:20]:
        print(f"  {'/'.join(key)}: nbgrader {expected.get(key)}, tpm-course grade {found.get(key)}")
    return differ


def times(label: str, cells: float, notebooks: int, nbgrader_wall: float, wall: float, summary: str, workers: int):
    """Print one `tpm-course grade` run: wall, cells, overhead per notebook, its ratio to nbgrader and to
    the physical limit (cell time / workers), and what it said of its start-up."""
    startup = _startup(summary)
    print(
        f"tpm-course grade, {label} ({workers} workers): {wall:8.1f} s wall, cells {cells:6.1f} s, "
        f"overhead {(wall - cells) / notebooks:.3f} s/notebook; per core "
        f"{(wall * workers - cells) / notebooks:.3f} s/notebook with the {startup:.1f} s "
        f"start-up, {((wall - startup) * workers - cells) / notebooks:.3f} s/notebook after it"
    )
    print(
        f"  {nbgrader_wall / wall:.1f}x faster than nbgrader autograde; {wall / (cells / workers):.2f}x the "
        f"physical limit of {cells / workers:.1f} s (cell time / workers)"
    )
    print("  tpm-course grade said:\n    " + "\n    ".join(summary.strip().splitlines()[1:5]))
    print(
        f"  machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"at the end (shared: figures vary with it)"
    )


if __name__ == "__main__":
    sys.exit(main())
