"""`tpm-course grade` on one synthetic cohort with the sandbox's protections all off, then all on, in turns.

Builds a temporary course (the chosen released exercises, regenerated) with a cohort of
well-behaved submissions (``cohort.make_cohort``, the kinds plain nbgrader grades safely), grades it
``--force`` with ``GRADING_SANDBOX_OFF=all`` and with every protection on (and, with ``--variants``,
with other values of ``GRADING_SANDBOX_OFF``: "cgroups", "pid,mount", ...), alternating ``--rounds``
times, and prints each run's wall time, start-up and milliseconds per notebook after start-up, then
for each variant the median wall and the median per notebook after start-up, against all off.

    python benchmarks/sandbox_cohort.py [--assignments 01_estimation 03_reliability] [--students 10]

Not a timed test: the machine is shared, and the figures vary with its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cohort import make_cohort  # benchmarks/, beside this script
from grade_cohort import REPO, _startup, build_course, environment

ALL_OFF, ALL_ON = "all", ""


def grade(root: Path, assignments: list[str], off: str) -> tuple[float, float, str]:
    """(wall seconds, start-up seconds, the isolation line) of one forced run."""
    env = {**environment(), "GRADING_SANDBOX_OFF": off}
    command = [sys.executable, "-m", "tpm_course", "grade", *assignments, "--force", "--no-progress"]
    began = time.monotonic()
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    wall = time.monotonic() - began
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    head = next((line for line in done.stderr.splitlines() if line.startswith("isolation: ")), "")
    return wall, _startup(done.stdout), head


def name(off: str) -> str:
    return {ALL_OFF: "all off", ALL_ON: "all on"}.get(off, f"off: {off}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", nargs="*", default=["01_estimation", "03_reliability"])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", nargs="*", default=[], help="more GRADING_SANDBOX_OFF values to time")
    args = parser.parse_args()
    variants = [ALL_OFF, ALL_ON, *args.variants]
    with tempfile.TemporaryDirectory(prefix="sandbox-cohort-") as folder:
        root = Path(folder)
        assignments = build_course(root, args.assignments)
        make_cohort(REPO, root, assignments, args.students, comparable=True)
        notebooks = len(list((root / "submitted").glob("*/*/*.ipynb")))
        walls = {off: [] for off in variants}
        per = {off: [] for off in variants}
        for number in range(args.rounds):
            for off in variants:
                wall, startup, head = grade(root, assignments, off)
                walls[off].append(wall)
                per[off].append((wall - startup) / notebooks)
                print(
                    f"round {number + 1} {name(off):>16}: {wall:5.1f} s, start-up {startup:4.1f} s, "
                    f"{per[off][-1] * 1000:5.0f} ms a notebook after start-up   [{head[:80]}...]"
                )
        wall_off, per_off = statistics.median(walls[ALL_OFF]), statistics.median(per[ALL_OFF])
        print(f"{notebooks} notebooks, {args.rounds} rounds; medians (against all off):")
        for off in variants:
            wall, after = statistics.median(walls[off]), statistics.median(per[off])
            print(
                f"  {name(off):>16}: wall {wall:5.2f} s ({(wall / wall_off - 1) * 100:+4.0f} %), "
                f"{after * 1000:4.0f} ms a notebook after start-up ({(after / per_off - 1) * 100:+4.0f} %)"
            )
        print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores, shared)")


if __name__ == "__main__":
    main()
