"""`tpm-course grade` on one synthetic cohort with the sandbox's protections all off, then all on, in turns.

Builds a temporary course (the chosen released exercises, regenerated) with a cohort of
well-behaved submissions (``cohort.make_cohort``, the kinds plain nbgrader grades safely), grades it ``--force`` with
``GRADING_SANDBOX_OFF=all`` and with every protection on, alternating ``--rounds`` times, and
prints each run's wall time, start-up and seconds per notebook after start-up, and the medians.

    python benchmarks/sandbox_cohort.py [--assignments 01_estimation 03_reliability] [--students 10]

Not a timed test: the machine is shared, and the figures vary with its load.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cohort import make_cohort  # benchmarks/, beside this script
from grade_cohort import REPO, _startup, build_course, environment


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", nargs="*", default=["01_estimation", "03_reliability"])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sandbox-cohort-") as folder:
        root = Path(folder)
        assignments = build_course(root, args.assignments)
        make_cohort(REPO, root, assignments, args.students, comparable=True)
        notebooks = len(list((root / "submitted").glob("*/*/*.ipynb")))
        per = {"all": [], "": []}
        for number in range(args.rounds):
            for off in ("all", ""):
                wall, startup, head = grade(root, assignments, off)
                per[off].append((wall - startup) / notebooks)
                name = "off" if off else "on "
                print(
                    f"round {number + 1} protections {name}: {wall:5.1f} s, start-up {startup:4.1f} s, "
                    f"{per[off][-1] * 1000:5.0f} ms a notebook after start-up   [{head[:90]}...]"
                )
        off, on = statistics.median(per["all"]), statistics.median(per[""])
        print(
            f"{notebooks} notebooks; median after start-up: off {off * 1000:.0f} ms, on {on * 1000:.0f} ms "
            f"a notebook ({(on / off - 1) * 100:+.0f} %)"
        )


if __name__ == "__main__":
    main()
