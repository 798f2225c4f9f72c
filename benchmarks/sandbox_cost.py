"""What the grader's isolation costs per notebook: spawning and reaping a sandboxed child, with each protection on or off.

Forks, from a process holding the usual heavy imports (as a pre-warmed worker does), children
that enter the sandbox and report at once, and prints the milliseconds per notebook for: no
isolation, each protection alone off (``GRADING_SANDBOX_OFF``), and all on (uid block, pid
namespace with its init, mount namespace with the course hidden and private scratch folders,
a cgroup per notebook). Needs root on Linux for the protections to be on.

    python benchmarks/sandbox_cost.py [--notebooks 40]

Not a timed test: the machine is shared, and the figures vary with its load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

VARIANTS = [("nothing", "all"), ("all but cgroups", "cgroups"), ("all but pid", "pid"), ("all", "")]


def cost(variant_off: str, notebooks: int, root: Path) -> tuple[float, str]:
    """Median milliseconds to spawn, hear from and reap one sandboxed child; the isolation's description."""
    from tpm_course.grading.isolation import OFF_VARIABLE, probe
    from tpm_course.grading.sandbox import Sandbox

    os.environ[OFF_VARIABLE] = variant_off
    run_dir = Path(tempfile.mkdtemp(prefix="sandbox-cost-"))
    os.chmod(run_dir, 0o711)
    try:
        isolation = probe(run_dir, None, root, ("tpm_course",), [])
        box = Sandbox(run_dir, 0, isolation)
        box.fresh_workdir({})
        times = []
        for _ in range(notebooks):
            began = time.perf_counter()
            pid, fd = box.spawn(lambda report: os.write(report, b"ok\n"))
            while os.read(fd, 64):
                pass
            os.close(fd)
            box.reap(pid)
            times.append((time.perf_counter() - began) * 1000)
        box.clear()
        return statistics.median(times), isolation.describe()
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=40)
    args = parser.parse_args()
    import pandas  # noqa: F401 - a worker's size, which is what fork copies
    import plotly.express  # noqa: F401
    import scipy.stats  # noqa: F401

    root = Path(tempfile.mkdtemp(prefix="sandbox-cost-course-"))
    try:
        results = [(name, *cost(off, args.notebooks, root)) for name, off in VARIANTS]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    base = results[0][1]
    for name, milliseconds, described in results:
        print(f"{name:>16}: {milliseconds:6.1f} ms per notebook ({milliseconds - base:+.1f} ms)   [{described}]")


if __name__ == "__main__":
    main()
