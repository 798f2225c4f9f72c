"""Two `tpm-course grade` runs at once on one course and one PostgreSQL gradebook, then one alone.

Starts a throw-away PostgreSQL (tests/hub_harness.py's ``Postgres``), builds a course whose
gradebook it is (the URL in a Jupyter config folder, as a deployment keeps it outside the
course), writes a cohort (benchmarks/cohort.py) and grades it three times from the same
submissions, the gradebook emptied of students in between:

1. two graders started together, each ``--workers 1``: wall time of each and of the pair,
   submissions each graded, and that each submission was graded exactly once (graders' counts,
   the gradebook's submission rows, the record's rows, the claims);
2. one grader alone (``--workers 2``, the same two cores): its wall time, and its scores
   against the pair's, cell by cell;
3. two graders again, one killed (SIGKILL) part-way: the other takes its submissions over; a
   rerun afterwards finds nothing left to grade. Scores against the single grader's.

    python benchmarks/two_graders.py [--assignments 01_estimation 02_latency] [--students 8]

Prints figures; asserts no time. Exits 1 when a submission is lost, graded twice or scored differently.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the harness's PostgreSQL server
from cohort import make_cohort, released  # noqa: E402 - benchmarks/, beside this script
from grade_cohort import build_course, environment  # noqa: E402

from hub_harness import Postgres  # noqa: E402

COURSE_ID = "tpm-course"


def start(course: Path, assignments: list[str], workers: int) -> tuple[subprocess.Popen, float]:
    command = [sys.executable, "-m", "tpm_course", "grade", *assignments, "--no-progress", "--workers", str(workers)]
    process = subprocess.Popen(
        command, cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment()
    )
    return process, time.monotonic()


def finish(process: subprocess.Popen, began: float) -> dict:
    out, err = process.communicate()
    now = re.search(r"graded now (\d+)", out)
    elsewhere = re.search(r"(\d+) graded meanwhile by another grader", out)
    if process.returncode not in (0, -signal.SIGKILL):
        print(f"  tpm-course grade exited {process.returncode}\n{err[-2000:]}", file=sys.stderr)
    return {
        "pid": process.pid,
        "wall": time.monotonic() - began,
        "code": process.returncode,
        "graded": int(now[1]) if now else 0,
        "elsewhere": int(elsewhere[1]) if elsewhere else 0,
    }


def reset(base: Path, target: Path, url: str) -> Path:
    """A fresh copy of the course folder; the gradebook without students (their submissions go too), claims
    or grading record."""
    from nbgrader.api import Gradebook
    from sqlalchemy import create_engine, delete, inspect

    from tpm_course.grading.claims import CLAIM
    from tpm_course.grading.record import DISCOVERY, FLAG, NOTEBOOK, SUBMISSION

    with Gradebook(url, COURSE_ID) as gradebook:
        for student in gradebook.students:
            gradebook.remove_student(student.id)
    engine = create_engine(url)
    with engine.begin() as db:
        for table in (CLAIM, SUBMISSION, NOTEBOOK, FLAG, DISCOVERY):
            if inspect(db).has_table(table.name):
                db.execute(delete(table))
    engine.dispose()
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    return target


def scores(url: str) -> dict[tuple, float | None]:
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(url, COURSE_ID) as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        key = (assignment.name, submission.student_id, notebook.name, grade.cell.name)
                        found[key] = grade.auto_score
    return found


def counts(url: str) -> dict:
    """Rows per submission in the gradebook, the record and the claims; who graded what, by grader pid."""
    from nbgrader.api import Gradebook
    from sqlalchemy import create_engine, func, select

    from tpm_course.grading.claims import CLAIM
    from tpm_course.grading.record import Record

    with Gradebook(url, COURSE_ID) as gradebook:
        rows = [(a.name, s.student_id) for a in gradebook.assignments for s in gradebook.assignment_submissions(a.name)]
    record = Record(url)  # the grading record, in the gradebook's database
    recorded = [(a, student) for a in sorted({a for a, _ in rows}) for student in record.fingerprints(a)]
    record.close()
    engine = create_engine(url)
    with engine.begin() as db:
        claims = db.execute(select(CLAIM.c.assignment, CLAIM.c.student, CLAIM.c.done)).all()
        by_pid = dict(db.execute(select(CLAIM.c.pid, func.count()).group_by(CLAIM.c.pid)).all())
    engine.dispose()
    return {
        "gradebook": rows,
        "record": recorded,
        "claims": [(a, s) for a, s, _ in claims],
        "open claims": sum(1 for *_, done in claims if done is None),
        "by pid": by_pid,
    }


def once(found: dict, expected: int) -> list[str]:
    """What is wrong with the counts: a submission missing, or counted twice."""
    problems = []
    for name in ("gradebook", "record", "claims"):
        rows = found[name]
        if len(rows) != expected or len(set(rows)) != expected:
            problems.append(f"{name}: {len(rows)} rows for {len(set(rows))} submissions, {expected} expected")
    if found["open claims"]:
        problems.append(f"{found['open claims']} claims never finished")
    return problems


def differ(first: dict, second: dict) -> list:
    return sorted(key for key in set(first) | set(second) if first.get(key) != second.get(key))


def pair(course: Path, assignments: list[str], url: str, expected: int) -> tuple[dict, list[str]]:
    """Round 1: two graders started together; their figures printed; returns the scores and the problems."""
    started = [start(course, assignments, 1) for _ in range(2)]
    graders = [finish(*s) for s in started]
    wall = max(g["wall"] for g in graders)
    found = counts(url)
    print(f"two graders at once (--workers 1 each), {expected} submissions:")
    for name, g in zip("AB", graders, strict=True):
        print(
            f"  grader {name}: {g['wall']:.1f} s wall, graded {g['graded']}, "
            f"{g['elsewhere']} graded meanwhile by the other, exit {g['code']}"
        )
    print(f"  the pair: {wall:.1f} s wall; graded {sum(g['graded'] for g in graders)} in all")
    print(
        "  several machines split a cohort the same way: one grader per machine, each with a worker per core, "
        "on one course folder and this gradebook; each claims one submission at a time, so each machine takes "
        f"a share in proportion to its speed (here {' / '.join(str(g['graded']) for g in graders)})"
    )
    print(
        f"  rows: gradebook {len(found['gradebook'])}, record {len(found['record'])}, claims {len(found['claims'])} "
        f"(by grader: {', '.join(str(n) for n in found['by pid'].values())}); open claims {found['open claims']}"
    )
    problems = once(found, expected)
    if sum(g["graded"] for g in graders) != expected:
        problems.append(f"the graders graded {sum(g['graded'] for g in graders)} submissions, {expected} expected")
    return {"wall": wall, "scores": scores(url)}, problems


def alone(course: Path, assignments: list[str], url: str, expected: int, workers: int) -> tuple[dict, list[str]]:
    """Round 2: one grader alone on the same cores."""
    g = finish(*start(course, assignments, workers))
    print(f"one grader alone (--workers {workers}): {g['wall']:.1f} s wall, graded {g['graded']}, exit {g['code']}")
    return {"wall": g["wall"], "scores": scores(url)}, once(counts(url), expected)


def killed(course: Path, assignments: list[str], url: str, expected: int) -> tuple[dict, list[str]]:
    """Round 3: two graders, one killed once it has committed a few submissions; then a rerun."""
    from sqlalchemy import create_engine, func, select

    from tpm_course.grading.claims import CLAIM

    (victim, began), other = start(course, assignments, 1), start(course, assignments, 1)
    engine = create_engine(url)
    CLAIM.metadata.create_all(engine)  # as the graders do: it may be polled before they start
    wanted = max(1, expected // 6)
    committed = select(func.count()).where((CLAIM.c.pid == victim.pid) & CLAIM.c.done.isnot(None))
    while victim.poll() is None:
        with engine.begin() as db:
            if db.execute(committed).scalar_one() >= wanted:
                break
        time.sleep(0.2)
    with engine.begin() as db:
        held = db.execute(select(func.count()).where((CLAIM.c.pid == victim.pid) & CLAIM.c.done.is_(None))).scalar()
    victim.send_signal(signal.SIGKILL)
    dead = finish(victim, began)
    survivor = finish(*other)
    engine.dispose()
    found = counts(url)
    rerun = finish(*start(course, assignments, 1))
    print("two graders, one killed part-way (SIGKILL):")
    print(
        f"  killed grader: {found['by pid'].get(dead['pid'], 0)} submissions committed, "
        f"{held} claimed and unfinished when killed after {dead['wall']:.1f} s"
    )
    print(f"  the other: graded {survivor['graded']} ({survivor['wall']:.1f} s wall), exit {survivor['code']}")
    print(
        f"  rows: gradebook {len(found['gradebook'])}, record {len(found['record'])}, claims {len(found['claims'])}; "
        f"open claims {found['open claims']}; a rerun afterwards graded {rerun['graded']}"
    )
    problems = once(found, expected)
    if rerun["graded"]:
        problems.append(f"the rerun graded {rerun['graded']}: the survivor left them")
    return {"scores": scores(url)}, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assignments", nargs="*", help="default: every released exercise")
    parser.add_argument("--students", type=int, help="submissions per assignment (default: enough for 100 in all)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the grader alone (default 2)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    work, server = Path(tempfile.mkdtemp(prefix="tpm-two-graders-")), Postgres()
    try:
        url = server.start()
        config = work / "jupyter-config"  # the gradebook's URL outside the course, as a deployment keeps it
        config.mkdir()
        (config / "nbgrader_config.py").write_text(f"c.CourseDirectory.db_url = {url!r}\n")
        os.environ["JUPYTER_CONFIG_DIR"] = str(config)
        base = work / "course"
        base.mkdir()
        print("building the course and the cohort...", file=sys.stderr)
        assignments = build_course(base, args.assignments or released(REPO))
        students = args.students or math.ceil(100 / max(len(assignments), 1))
        expected = len(make_cohort(base, base, assignments, students, args.seed, comparable=True))
        both, problems = pair(reset(base, work / "pair", url), assignments, url, expected)
        single, more = alone(reset(base, work / "alone", url), assignments, url, expected, args.workers)
        problems += more
        print(f"  the pair took {both['wall'] / single['wall']:.2f}x the single grader's wall time")
        kill, more = killed(reset(base, work / "killed", url), assignments, url, expected)
        problems += more
        for name, found in (("the pair", both["scores"]), ("the round with a grader killed", kill["scores"])):
            cells = differ(single["scores"], found)
            print(f"scores: {name} against the grader alone: {len(single['scores'])} graded cells, {len(cells)} differ")
            problems += [f"{'/'.join(key)} differs in {name}" for key in cells[:20]]
        print(f"machine: {os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        for problem in problems:
            print(f"PROBLEM: {problem}")
        return 1 if problems else 0
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
