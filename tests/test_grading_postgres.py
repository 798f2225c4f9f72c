"""Several graders at once: claims on submissions, and two `tpm-course grade` runs sharing one real
PostgreSQL gradebook, each submission graded exactly once."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, update

from tpm_course.grading.claims import CLAIM, STALE, Claims, Verdict
from tpm_course.grading.course import Course
from tpm_course.grading.grader import Job
from tpm_course.grading.record import Record

from hub_harness import Postgres, postgres_bin
from nbgrader_course import copy_course, manually_graded, release, submissions_for, submit_students

REPO = Path(__file__).resolve().parents[1]
STEM = "01_estimation"


# The claims ------------------------------------------------------------------------------------


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'claims.db'}"


def test_a_live_claim_is_respected_and_a_submission_graded_meanwhile_is_not_graded_again(url):
    """Does a second grader leave alone what a live grader holds, and skip it once that grader is done?"""
    first, second = Claims(url), Claims(url)
    job = Job(STEM, "ada", "f1")
    assert first.take(job) is Verdict.TAKEN
    assert second.take(job) is Verdict.HELD
    first.done(job)
    assert second.take(job) is Verdict.DONE


def test_a_claim_whose_heartbeat_stopped_is_taken_over_by_one_grader_only(url):
    """Is a claim not refreshed for longer than the stated limit taken over, and by one grader only?"""
    dead, first, second = Claims(url), Claims(url), Claims(url)
    job = Job(STEM, "ada", "f1")
    assert dead.take(job) is Verdict.TAKEN
    engine = create_engine(url)
    with engine.begin() as db:  # what a grader on another machine leaves when it dies: no more refreshes
        db.execute(update(CLAIM).values(host="another-machine", heartbeat=time.time() - STALE - 1))
    assert first.take(job) is Verdict.TAKEN
    assert second.take(job) is Verdict.HELD
    with engine.begin() as db:
        assert db.execute(select(CLAIM.c.grader)).scalars().all() == [first.grader]


def test_the_heartbeat_keeps_a_claim_alive(url):
    """Does a running grader's heartbeat refresh its open claims, so that they never look stale?"""
    grader = Claims(url, heartbeat=0.05)
    job = Job(STEM, "ada", "f1")
    grader.take(job)
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(update(CLAIM).values(heartbeat=time.time() - STALE - 1))
    fresh = select(CLAIM.c.heartbeat > time.time() - STALE)
    with grader:  # the heartbeat runs
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with engine.begin() as db:
                if db.execute(fresh).scalar_one():
                    break
            time.sleep(0.05)
        assert Claims(url).take(job) is Verdict.HELD


def test_the_claim_of_a_grader_process_that_is_gone_is_taken_over_at_once(url):
    """On the same host, is a claim whose grader process has exited taken over without waiting?"""
    code = (
        "import sys; from tpm_course.grading.claims import Claims; from tpm_course.grading.grader import Job; "
        f"print(Claims({url!r}).take(Job({STEM!r}, 'ada', 'f1')).value)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.stdout.strip() == Verdict.TAKEN.value, done.stderr
    assert Claims(url).take(Job(STEM, "ada", "f1")) is Verdict.TAKEN


def test_a_submission_graded_before_this_grader_started_or_changed_since_is_claimed_again(url):
    """Is a done claim from an earlier run, or for other files, no reason to skip (--force, a resubmission)?"""
    earlier = Claims(url)
    earlier.take(Job(STEM, "ada", "f1"))
    earlier.done(Job(STEM, "ada", "f1"))
    earlier.take(Job(STEM, "bob", "f1"))
    later = Claims(url)
    earlier.done(Job(STEM, "bob", "f1"))
    assert later.take(Job(STEM, "ada", "f1")) is Verdict.TAKEN  # graded before `later` started
    assert later.take(Job(STEM, "bob", "f2")) is Verdict.TAKEN  # graded meanwhile, but from other files


def test_a_released_claim_and_the_open_claims_of_a_run_that_ends_are_free_again(url):
    """After a grader error, and after an interrupted run, may another grader take the submission?"""
    first, second = Claims(url), Claims(url)
    with first:
        first.take(Job(STEM, "ada", "f1"))
        first.release(Job(STEM, "ada", "f1"))
        assert second.take(Job(STEM, "ada", "f1")) is Verdict.TAKEN
        first.take(Job(STEM, "bob", "f1"))
    assert second.take(Job(STEM, "bob", "f1")) is Verdict.TAKEN


def test_jobs_held_elsewhere_wait_until_graded_there_or_taken_over(url):
    """Does a grader that ran out of jobs skip those done elsewhere and take over those of a dead grader?"""
    other, grader = Claims(url), Claims(url)
    jobs = [Job(STEM, name, "f1") for name in ("ada", "bob", "cy")]
    other.take(jobs[0])
    other.take(jobs[1])
    assert list(grader.claimed(jobs)) == [jobs[2]]
    assert grader.waiting == jobs[:2]
    other.done(jobs[0])
    with create_engine(url).begin() as db:
        db.execute(update(CLAIM).where(CLAIM.c.student == "bob").values(heartbeat=time.time() - STALE - 1))
    assert grader.left() == [jobs[1]]
    assert grader.elsewhere == 1
    assert grader.left() == []


# Two graders on one PostgreSQL gradebook ---------------------------------------------------------

needs_postgres = pytest.mark.skipif(
    postgres_bin("initdb") is None, reason="needs PostgreSQL: run `make test` as root once"
)
PLANTED = 8  # planted submissions, besides the solution and the blank exercise


@pytest.fixture
def gradebook_url():
    server = Postgres()
    try:
        yield server.start()
    finally:
        server.stop()


def course_on(url: str, root: Path) -> list[str]:
    """A course whose gradebook is ``url``, exercise 01 released into it and submitted by a few students."""
    root.mkdir()
    copy_course(REPO, root)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
    assert not release(root, [STEM])
    students = ["solution", "blank", *[s.name for s in submissions_for(STEM)[::5][:PLANTED]]]
    submit_students(root, STEM, students)
    return students


def start_grader(root: Path, log: Path, machine: str | None = None) -> subprocess.Popen:
    """A grader of this machine, or one as another ``machine`` runs it: a host name of its own (a UTS
    namespace) and the course folder mounted at a path of its own (a mount namespace), as each grading
    machine mounts the course's network volume."""
    command = [str(Path(sys.executable).parent / "tpm-course"), "grade", STEM, "--workers", "1", "--no-progress"]
    if machine is not None:
        view = 'mount -t tmpfs tmpfs /mnt && mkdir /mnt/course && mount --bind "$0" /mnt/course && cd /mnt/course'
        script = f'hostname {machine} && {view} && exec "$@"'
        command = ["unshare", "--uts", "--mount", "--propagation", "private", "sh", "-c", script, str(root), *command]
    with open(log, "w", encoding="utf-8") as out:
        return subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT, text=True)


def graded_now(text: str) -> tuple[int, int]:
    """(graded now, graded meanwhile by another grader) from a grader's summary."""
    now = re.search(r"graded now (\d+)", text)
    elsewhere = re.search(r"(\d+) graded meanwhile by another grader", text)
    return int(now[1]) if now else -1, int(elsewhere[1]) if elsewhere else 0


def recorded(root: Path) -> list[str]:
    """The students whose submissions the grading record holds: the course's record is in its gradebook's
    PostgreSQL database."""
    record = Record.of(Course.at(root))
    assert record.path is None and record.url.startswith("postgresql")
    try:
        return list(record.fingerprints(STEM))
    finally:
        record.close()


def gradebook_scores(url: str) -> dict[str, dict]:
    """student -> {grade cell: score, 'max_of': {cell: points}, 'submissions': rows} from the gradebook."""
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(url, "tpm-course") as gradebook:
        for submission in gradebook.assignment_submissions(STEM):
            notebook = gradebook.find_submission_notebook(STEM, STEM, submission.student_id)
            cells = {grade.cell.name: grade.score for grade in notebook.grades}
            cells["max_of"] = {grade.cell.name: grade.max_score for grade in notebook.grades}
            found[submission.student_id] = cells
    return found


@needs_postgres
def test_two_graders_at_once_grade_each_submission_exactly_once_with_the_right_scores(gradebook_url, tmp_path):
    """Two `tpm-course grade` runs started together on one course and one PostgreSQL gradebook, the second
    as another machine runs it: is every submission graded by exactly one of them, is there no grader
    error, and are the scores right?"""
    root = tmp_path / "course"
    students = course_on(gradebook_url, root)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    graders = [start_grader(root, logs[0]), start_grader(root, logs[1], machine="grading-b")]
    codes = [grader.wait(timeout=600) for grader in graders]
    outputs = [log.read_text() for log in logs]
    assert codes == [0, 0], outputs
    counts = [graded_now(text) for text in outputs]
    assert sum(now for now, _ in counts) == len(students), outputs
    assert all(now + elsewhere == len(students) for now, elsewhere in counts), outputs

    engine = create_engine(gradebook_url)
    with engine.begin() as db:
        claims = db.execute(select(CLAIM.c.student, CLAIM.c.done, CLAIM.c.host)).all()
    assert sorted(student for student, _, _ in claims) == sorted(students)
    assert all(done is not None for _, done, _ in claims)
    print("submissions graded by host:", Counter(host for *_, host in claims))
    assert {host for *_, host in claims} <= {socket.gethostname(), "grading-b"}

    assert sorted(recorded(root)) == sorted(students)
    shared = [p.relative_to(root) for p in root.rglob("*") if p.suffix == ".db" or p.name.endswith(("-wal", "-shm"))]
    assert not shared, "with a PostgreSQL gradebook, graders share no database file: machines may share the folder"

    scores = gradebook_scores(gradebook_url)
    manual = set(manually_graded(json.loads((root / "solutions" / STEM / f"{STEM}.ipynb").read_text())))
    assert sorted(scores) == sorted(students)
    planted = {s.name: s for s in submissions_for(STEM)}
    for student, cells in scores.items():
        auto = {q: most for q, most in cells["max_of"].items() if q not in manual}
        if student == "blank":
            assert all(cells[q] == 0 for q in auto), cells
            continue
        submission = planted.get(student)
        if submission is None or not (submission.loses or submission.earns):
            assert all(cells[q] == most for q, most in auto.items()), (student, cells)
            continue
        for question in submission.loses:
            assert cells[question] < auto[question], (student, question, cells)
        for question, points in submission.earns.items():
            assert cells[question] == pytest.approx(points), (student, question, cells)


@needs_postgres
def test_a_grader_killed_part_way_loses_nothing(gradebook_url, tmp_path):
    """Two graders at once, one killed (SIGKILL) once it has committed a submission: does the other grade
    the rest, the killed one's unfinished submission included, leaving nothing for a rerun?"""
    root = tmp_path / "course"
    students = course_on(gradebook_url, root)
    victim, other = start_grader(root, tmp_path / "victim.log"), start_grader(root, tmp_path / "other.log")
    engine = create_engine(gradebook_url)
    CLAIM.metadata.create_all(engine)  # as the graders do: it may be polled before they start
    committed = select(func.count()).where((CLAIM.c.pid == victim.pid) & CLAIM.c.done.isnot(None))
    deadline = time.monotonic() + 300
    while victim.poll() is None and time.monotonic() < deadline:
        with engine.begin() as db:
            if db.execute(committed).scalar_one() >= 1:
                break
        time.sleep(0.1)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(timeout=60) == -signal.SIGKILL, "the grader finished before it could be killed"
    assert other.wait(timeout=600) == 0, (tmp_path / "other.log").read_text()
    with engine.begin() as db:
        by_victim = db.execute(committed).scalar_one()
        claims = db.execute(select(CLAIM.c.student, CLAIM.c.done)).all()
    assert sorted(student for student, _ in claims) == sorted(students)
    assert all(done is not None for _, done in claims)
    assert sorted(recorded(root)) == sorted(students)
    assert sorted(gradebook_scores(gradebook_url)) == sorted(students)
    now, _ = graded_now((tmp_path / "other.log").read_text())
    # one more when the victim was killed between its record's commit and its claim's: that one is graded again
    assert now + by_victim in (len(students), len(students) + 1)
    rerun = subprocess.run(
        [str(Path(sys.executable).parent / "tpm-course"), "grade", STEM, "--no-progress"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0 and graded_now(rerun.stdout)[0] == 0, rerun.stdout + rerun.stderr
