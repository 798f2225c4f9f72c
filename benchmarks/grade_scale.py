"""`tpm-course grade` at cohort scale: 100, 400 and 1,600 notebooks, and from 1 worker to every core.

Builds one temporary course (every released exercise, regenerated) and grades a few submissions
once, so that every measured run is a repeat run (what discovery learns is already in the
record). Then, for each size, a fresh copy of that course gets a synthetic cohort of well-behaved
submissions (``cohort.make_cohort``, the kinds plain nbgrader grades safely) and one
`tpm-course grade` of every assignment, while the process tree's memory is sampled. Printed per
size: notebooks, wall time (the command's whole life), notebooks per second, start-up, cell time
and the wall against the physical limit (cell time / workers), the peak resident memory of the
grader's own process and of its largest worker or checker, the gradebook's and the record's size,
and the time the grader spent committing submissions (files, gradebook, record). Then the smallest
cohort is graded with 1, 2, ... workers up to the cores: wall and speed-up.

    python benchmarks/grade_scale.py [--sizes 100 400 1600] [--workers N] [--keep]

Not a timed test: the machine is shared, and the figures vary with its load (printed).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cohort import make_cohort, released  # benchmarks/, beside this script
from grade_cohort import REPO, build_course, environment

MIB = 1024 * 1024


class MemoryWatch:
    """Peak resident memory (VmHWM) of a process and of each of its children, sampled until it ends."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every = pid, every
        self.own = 0
        self.children: dict[int, int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            peak = _peak(self.pid)
            if peak is None:
                return
            self.own = max(self.own, peak)
            for child in _children(self.pid):
                self.children[child] = max(self.children.get(child, 0), _peak(child) or 0)
            time.sleep(self.every)

    def join(self) -> None:
        self._thread.join()


def _peak(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found[1]) * 1024 if found else None


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def grade(course: Path, assignments: list[str], workers: int) -> dict:
    """One `tpm-course grade --force` of every assignment in ``course``: its figures."""
    command = [sys.executable, "-m", "tpm_course", "grade", *assignments, "--no-progress", "--force"]
    command += ["--workers", str(workers)]
    began = time.monotonic()
    process = subprocess.Popen(
        command, cwd=course, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watch = MemoryWatch(process.pid)
    out, err = process.communicate()
    wall = time.monotonic() - began
    watch.join()
    if process.returncode != 0:
        print(f"  tpm-course grade exited {process.returncode}\n{err[-2000:]}", file=sys.stderr)
    return {
        "wall": wall,
        "summary": out,
        "grader_peak": watch.own,
        "worker_peak": max(watch.children.values(), default=0),
        "graded": _number(r"graded now (\d+)", out),
        "startup": _number(r"([\d.]+) s of it starting up", out),
        "cells": _number(r"student cells ran ([\d.]+) s", out),
        "commit": _number(r"committing: ([\d.]+) s", out),
        "notebooks": len(list((course / "submitted").glob("*/*/*.ipynb"))),
        "store": sum(p.stat().st_size for p in course.glob("gradebook.db*") if p.is_file()),
    }


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    return float(found[1]) if found else math.nan


def fresh(base: Path, target: Path, assignments: list[str], notebooks: int, seed: int) -> None:
    """A copy of ``base`` with a cohort of about ``notebooks`` submissions instead of its own."""
    shutil.copytree(base, target, symlinks=True)
    for folder in ("submitted", "autograded"):
        shutil.rmtree(target / folder, ignore_errors=True)
    make_cohort(target, target, assignments, math.ceil(notebooks / len(assignments)), seed, comparable=True)


def line(size: str, run: dict, workers: int) -> str:
    limit = run["cells"] / workers
    return (
        f"{size:>6} {run['notebooks']:6d} {run['wall']:8.1f} {run['notebooks'] / run['wall']:7.2f} "
        f"{run['startup']:6.1f} {run['cells']:8.1f} {run['wall'] / limit:7.2f}x "
        f"{run['grader_peak'] / MIB:8.0f} {run['worker_peak'] / MIB:8.0f} {run['store'] / MIB:8.1f} "
        f"{run['commit']:7.1f} {run['commit'] / max(run['graded'], 1) * 1000:6.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 400, 1600], help="notebooks per cohort")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses and print where")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tpm-scale-"))
    try:
        base = work / "base"
        base.mkdir()
        print("building the course and warming up discovery...", file=sys.stderr)
        assignments = build_course(base, released(REPO))
        make_cohort(base, base, assignments, 1, args.seed, comparable=True)
        grade(base, assignments, args.workers)
        print(f"assignments: {len(assignments)} ({', '.join(assignments)}); workers: {args.workers}")
        print(
            "  size  notebooks  wall s  nb/s  start s  cells s  /limit  grader MiB  worker MiB  store MiB"
            "  commit s  ms/sub"
        )
        for size in sorted(args.sizes):
            course = work / f"n{size}"
            fresh(base, course, assignments, size, args.seed + size)
            print(line(str(size), grade(course, assignments, args.workers), args.workers), flush=True)
            if size != min(args.sizes) and not args.keep:
                shutil.rmtree(course, ignore_errors=True)
        scaling(work / f"n{min(args.sizes)}", assignments, args.workers)
        print(
            f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
            "at the end (shared: figures vary with it)"
        )
        if args.keep:
            print(f"kept: {work}")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def scaling(course: Path, assignments: list[str], cores: int) -> None:
    """The same cohort graded with 1 .. ``cores`` workers: wall and speed-up against one worker."""
    print("workers on the smallest cohort:")
    one = None
    for workers in range(1, cores + 1):
        run = grade(course, assignments, workers)
        one = one or run["wall"]
        print(
            f"  {workers} worker{'s' if workers > 1 else ' '}: {run['wall']:6.1f} s wall, "
            f"{run['notebooks'] / run['wall']:.2f} notebooks/s, speed-up {one / run['wall']:.2f}x "
            f"(cells {run['cells']:.1f} s, start-up {run['startup']:.1f} s)",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
