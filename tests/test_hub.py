"""Does a cohort work through a real JupyterHub, from the deployment's own configuration?

The hub runs deploy/jupyterhub_config.py on 127.0.0.1 (shared-password login, local
processes, configurable-http-proxy from npm) with an instructor, a grader and two students
the instructor enrols from a CSV. Module 01 goes round nbgrader's exchange through the
formgrader service and the students' servers; the gradebook is SQLite in one variant and a
PostgreSQL server in the other. A real browser (Debian's chromium) logs in as a student.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tpm_course.hub.links import pull_link

from conftest import REPO
from hub_harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COURSE,
    PASSWORD,
    Hub,
    Postgres,
    autograde,
    listening_sockets,
    missing_prerequisites,
    wait_for,
)
from nbgrader_course import answer_sources, copy_course
from submissions.ex01_estimation import MISCONCEPTIONS

STEM = "01_estimation"
STUDENTS = ("student1", "student2")
WRONG = next(s for s in MISCONCEPTIONS if s.name == "q1_average")  # the average rate, not the peak
FORMGRADER = f"/services/{COURSE}/formgrader"
ARTIFACTS = REPO / "test-artifacts" / "hub"

_missing = missing_prerequisites()
if _missing and os.environ.get("CI"):
    raise RuntimeError(f"hub tests: {', '.join(_missing)} missing; tests/install_hub_prerequisites.sh installs them")
pytestmark = pytest.mark.skipif(bool(_missing), reason=f"needs {', '.join(_missing)}: run `make test` as root once")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub(request, tmp_path_factory):
    """A running hub over a fresh course directory; stopped, with all it started, at the end."""
    root = tmp_path_factory.mktemp(f"hub-{request.param}")
    course = root / "course"
    course.mkdir()
    copy_course(REPO, course)
    postgres, db_url_file = None, None
    started = time.monotonic()
    try:
        if request.param == "postgresql":
            postgres = Postgres()
            db_url_file = root / "gradebook-url"
            db_url_file.write_text(postgres.start())
            db_url_file.chmod(0o600)
        hub = Hub(root, course, db_url_file)
        hub.variant, hub.postgres = request.param, postgres
        hub.start()
        print(f"\n[{request.param}] hub up in {time.monotonic() - started:.1f} s")
        yield hub
    finally:
        survivors = hub.stop() if "hub" in locals() else []
        survivors += postgres.stop() if postgres else []
        print(f"[{request.param}] hub stopped; {time.monotonic() - started:.1f} s in all")
        assert not survivors, f"processes outlived the hub and had to be killed: {survivors}"


def course_env(hub: Hub, token: str) -> dict[str, str]:
    """The environment of a terminal in the formgrader service, as an instructor has it."""
    env = {
        **os.environ,
        "JUPYTER_CONFIG_PATH": str(REPO / "deploy" / "jupyter" / "common"),
        "TPM_COURSE_DIR": str(hub.course_dir),
        "TPM_EXCHANGE_DIR": str(hub.exchange),
        "JUPYTERHUB_API_URL": f"{hub.url}/hub/api",
        "JUPYTERHUB_API_TOKEN": token,
        "JUPYTERHUB_USER": f"grader-{COURSE}",
    }
    if "TPM_COURSE_DB_URL_FILE" in hub.env:
        env["TPM_COURSE_DB_URL_FILE"] = hub.env["TPM_COURSE_DB_URL_FILE"]
    return env


def ok(response: requests.Response) -> requests.Response:
    assert response.status_code == 200, (
        f"{response.request.method} {response.url}: {response.status_code} {response.text[:800]}"
    )
    return response


def action(hub: Hub, student: str, token: str, what: str) -> dict:
    """A button of the student's Assignments tab: fetch, submit or fetch_feedback."""
    response = ok(
        hub.post(f"/user/{student}/assignments/{what}", token, data={"course_id": COURSE, "assignment_id": STEM})
    )
    result = response.json()
    assert result.get("success", True), result
    return result


@pytest.fixture(scope="module")
def cohort(hub):
    """Enrol, release, fetch, answer, submit, collect, autograde, return feedback: all through the hub."""
    timings = {}
    clock = time.monotonic()

    def lap(name):
        nonlocal clock
        timings[name] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()

    tokens = {user: hub.token_for(user) for user in ("instructor", "grader")}
    roster = hub.root / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\nstudent1,Ada,Lovelace,ada@example.org\n"
        "student2,Grace,Hopper,grace@example.org\n"
    )
    token_file = hub.root / "instructor-token"
    token_file.write_text(tokens["instructor"])
    enrolled = subprocess.run(
        [sys.executable, "-m", "tpm_course", "hub", "roster", str(roster), "--hub", "--token-file", str(token_file)],
        cwd=hub.course_dir,
        env=course_env(hub, tokens["instructor"]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert enrolled.returncode == 0, enrolled.stderr
    tokens.update({student: hub.token_for(student) for student in STUDENTS})
    hub.spawn(*STUDENTS)
    lap("enrol and spawn")

    instructor = tokens["instructor"]
    for step in ("assign", "release"):
        result = ok(hub.post(f"{FORMGRADER}/api/assignment/{STEM}/{step}", instructor)).json()
        assert result["success"], result
    lap("generate and release")

    right = typed_answers(hub.course_dir)
    for student, answers in (("student1", right), ("student2", {**right, **WRONG.cells})):
        answer_and_submit(hub, student, tokens[student], answers)
    lap("fetch, answer and submit")

    collected = ok(hub.post(f"{FORMGRADER}/api/assignment/{STEM}/collect", instructor)).json()
    assert collected["success"], collected
    graded = autograde(hub.course_dir, STEM, course_env(hub, instructor))
    assert graded.returncode == 0, graded.stderr[-3000:]
    lap("collect and autograde")
    for step in ("generate_feedback", "release_feedback"):
        result = ok(hub.post(f"{FORMGRADER}/api/assignment/{STEM}/{step}", instructor)).json()
        assert result["success"], result
    for student in STUDENTS:
        action(hub, student, tokens[student], "fetch_feedback")
    lap("feedback")
    print(f"\n[{hub.variant}] cohort steps (s): {timings}")
    return {"tokens": tokens, "timings": timings, "course_env": course_env(hub, instructor)}


def answer_and_submit(hub: Hub, student: str, token: str, answers: dict[str, str]) -> None:
    """Fetch the exercise, type the answers into its cells through the contents API, and submit."""
    path = f"{COURSE}/{STEM}/{STEM}.ipynb"
    action(hub, student, token, "fetch")
    fetched = ok(hub.get(f"/user/{student}/api/contents/{path}", token)).json()["content"]
    for cell in fetched["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    saved = hub.put(f"/user/{student}/api/contents/{path}", token, json={"type": "notebook", "content": fetched})
    assert saved.status_code in (200, 201), saved.text
    action(hub, student, token, "submit")


def typed_answers(course_dir: Path) -> dict[str, str]:
    """grade_id -> the worked solution as a student would type it (no nbgrader markers)."""
    from tpm_course.core import course_files

    solution = json.loads((course_dir / "solutions" / STEM / f"{STEM}.ipynb").read_text())
    os.environ["TPM_COURSE_ROOT"] = str(course_dir)
    try:
        return {grade_id: course_files.worked_solution(STEM, grade_id) for grade_id in answer_sources(solution)}
    finally:
        del os.environ["TPM_COURSE_ROOT"]


def test_the_roster_enrols_students_in_the_gradebook_and_the_course_group(hub, cohort):
    students = ok(hub.get(f"{FORMGRADER}/api/students", cohort["tokens"]["instructor"])).json()
    assert {(s["id"], s["last_name"]) for s in students} >= {("student1", "Lovelace"), ("student2", "Hopper")}
    group = ok(hub.api("GET", f"/groups/nbgrader-{COURSE}")).json()
    assert sorted(group["users"]) == list(STUDENTS)


def test_both_submissions_are_collected_and_autograded(hub, cohort):
    submissions = ok(hub.get(f"{FORMGRADER}/api/submissions/{STEM}", cohort["tokens"]["grader"])).json()
    assert {s["student"]: (s["submitted"], s["autograded"]) for s in submissions} == {
        "student1": (True, True),
        "student2": (True, True),
    }


def test_the_solution_gets_full_marks_and_the_wrong_answer_loses_its_question(hub, cohort):
    from nbgrader.api import Gradebook

    url_file = hub.env.get("TPM_COURSE_DB_URL_FILE")
    db_url = Path(url_file).read_text() if url_file else f"sqlite:///{hub.course_dir / 'gradebook.db'}"
    if url_file:
        assert not (hub.course_dir / "gradebook.db").exists(), "the PostgreSQL variant wrote a SQLite gradebook"
    with Gradebook(db_url, COURSE) as gradebook:
        grades = {}
        for student in STUDENTS:
            notebook = gradebook.find_submission_notebook(STEM, STEM, student)
            grades[student] = {g.cell.name: g.score for g in notebook.grades}
            grades[student]["total"], grades[student]["max"] = notebook.score, notebook.max_score
    print(f"\n[{hub.variant}] grades: {grades}")
    assert grades["student1"]["total"] == grades["student1"]["max"] >= 4
    assert grades["student2"]["q1"] == 0  # the average rate where the peak was asked for
    assert grades["student2"]["total"] < grades["student2"]["max"]


def test_each_student_fetches_their_own_feedback(hub, cohort):
    for student, says in (("student1", "Correct"), ("student2", WRONG.says)):
        token = cohort["tokens"][student]
        folder = ok(hub.get(f"/user/{student}/api/contents/{COURSE}/{STEM}/feedback", token)).json()["content"]
        assert len(folder) == 1, folder
        page = ok(hub.get(f"/user/{student}/api/contents/{folder[0]['path']}/{STEM}.html", token)).json()
        assert says.lower() in page["content"].lower(), (student, says)
    feedback_2 = ok(
        hub.get(f"/user/student2/api/contents/{folder[0]['path']}/{STEM}.html", cohort["tokens"]["student2"])
    ).json()["content"]
    assert "This is the average rate" in feedback_2


def test_students_homes_hold_no_answer_key(hub, cohort):
    """What reaches a student's home (the fetched exercise) carries no hidden tests."""
    for student in STUDENTS:
        listing = ok(hub.get(f"/user/{student}/api/contents/{COURSE}/{STEM}", cohort["tokens"][student])).json()
        names = {item["name"] for item in listing["content"]}
        assert f"{STEM}.ipynb" in names and "solutions" not in names
        home = hub.homes / student
        assert not list(home.rglob("solutions"))
        for notebook in home.rglob("*.ipynb"):
            text = notebook.read_text(errors="replace")
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, notebook


def _login(hub: Hub, user: str) -> requests.Session:
    """A browser-like session logged in through the hub's login form."""
    session = requests.Session()
    page = session.get(f"{hub.url}/hub/login", timeout=30)
    xsrf = session.cookies.get("_xsrf") or page.text.split('name="_xsrf" value="')[1].split('"')[0]
    response = session.post(
        f"{hub.url}/hub/login", timeout=30, data={"username": user, "password": PASSWORD, "_xsrf": xsrf}
    )
    assert response.status_code == 200 and "/hub/login" not in response.url, response.url
    return session


PAGE = f"{FORMGRADER}/manage_assignments"
ACCESS = [
    # (who, how, path, expected: a status, or "login" for a page that ends on the login form)
    ("student1", "token", PAGE, 403),
    ("student1", "token", f"{FORMGRADER}/api/assignments", 403),
    ("student1", "session", PAGE, 403),
    ("student1", "token", "/user/student2/api/contents", 403),
    ("student1", "token", f"/user/student2/files/{COURSE}/{STEM}/{STEM}.ipynb", 403),
    ("student1", "session", "/user/student2/lab", 403),
    ("student1", "token", "/hub/api/users", 403),
    ("student1", "token", "/user/student1/formgrader", 404),  # not even loaded in students' servers
    ("student1", "token", "/user/student1/api/contents", 200),
    ("grader", "token", PAGE, 200),
    ("grader", "token", f"{FORMGRADER}/api/assignments", 200),
    ("grader", "session", PAGE, 200),
    ("instructor", "token", f"{FORMGRADER}/api/assignments", 200),
    ("nobody", "none", "/hub/home", "login"),
    ("nobody", "none", "/user/student1/lab", "login"),
    ("nobody", "none", f"/user/student2/files/{COURSE}/{STEM}/{STEM}.ipynb", "login"),
    ("nobody", "none", PAGE, "login"),
    ("nobody", "none", f"{FORMGRADER}/api/assignments", "login"),
    ("nobody", "none", "/hub/api/users", 403),
    ("nobody", "none", "/user/student1/api/contents", 403),
]


def test_access_control(hub, cohort):
    """Students reach neither the formgrader nor each other; graders reach the formgrader;
    a visitor who has not logged in reaches the login page and nothing else."""
    sessions = {user: _login(hub, user) for user in ("student1", "grader")}
    table = []
    for who, how, path, expected in ACCESS:
        if how == "session":
            response = sessions[who].get(f"{hub.url}{path}", timeout=60)
        elif how == "token":
            response = hub.get(path, cohort["tokens"][who])
        else:
            response = requests.get(f"{hub.url}{path}", timeout=60)
        ended_on_login = response.status_code == 200 and urlsplit(response.url).path == "/hub/login"
        table.append((who, how, path, expected, "login" if ended_on_login else response.status_code))
    print(
        f"\n[{hub.variant}] access control:\n"
        + "\n".join(
            f"  {who:<10} {how:<8} {path:<58} expected {exp!s:<6} got {got}" for who, how, path, exp, got in table
        )
    )
    assert [row[3] for row in table] == [row[4] for row in table]


def test_the_idle_culler_runs_as_a_service(hub, cohort):
    import psutil

    service = ok(hub.api("GET", "/services/idle-culler")).json()
    assert service["roles"] == ["idle-culler"] and psutil.pid_exists(service["pid"])
    assert "jupyterhub_idle_culler" in " ".join(psutil.Process(service["pid"]).cmdline())
    errors = [line for line in hub.log.read_text().splitlines() if "IdleCuller" in line and line.startswith("[E")]
    assert not errors, errors


@pytest.mark.parametrize("hub", ["sqlite"], indirect=True)
def test_a_student_in_a_real_browser(hub, cohort, tmp_path):
    """Log in through the form, pull the lessons with nbgitpuller, run lesson 01 and an exercise check."""
    lessons = tmp_path / "tpm-course-lessons"
    exported = subprocess.run(
        [sys.executable, "-m", "tpm_course", "hub", "lessons", str(lessons)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    git = ["git", "-c", "user.name=tpm-course", "-c", "user.email=tpm-course@example.org", "-C", str(lessons)]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "lessons"]):
        subprocess.run([*git, *command], check=True, capture_output=True)
    lab_settings(hub, "student1", cohort["tokens"]["student1"])

    browse_as_student(hub, lessons)

    pulled = {p.name for p in (hub.homes / "student1" / "tpm-course-lessons").iterdir()}
    assert {"lessons", "datasets"} <= pulled and "solutions" not in pulled


def lab_settings(hub: Hub, student: str, token: str) -> None:
    """No news pop-up; every cell kept on the page (JupyterLab otherwise drops those out of view)."""
    for plugin, values in (
        ("@jupyterlab/apputils-extension:notification", {"fetchNews": "false"}),
        ("@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"}),
    ):
        response = hub.put(f"/user/{student}/lab/api/settings/{plugin}", token, json={"raw": json.dumps(values)})
        assert response.status_code == 204, response.text


def browse_as_student(hub: Hub, lessons: Path) -> None:
    """What student1 does in chromium; screenshots go to test-artifacts/hub/."""
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=60_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(90_000)
        try:
            # Logged out, every page leads to the login form.
            for path in ("/hub/home", "/hub/admin", "/user/student1/lab", f"{FORMGRADER}/"):
                page.goto(f"{hub.url}{path}")
                assert urlsplit(page.url).path == "/hub/login", (path, page.url)
            page.goto(f"{hub.url}/hub/login")
            page.screenshot(path=ARTIFACTS / "0-login.png")
            page.fill("#username_input", "student1")
            page.fill("#password_input", PASSWORD)
            page.click("#login_submit")
            page.wait_for_url("**/user/student1/lab**")

            page.goto(pull_link(hub.url, f"file://{lessons}", "main", STEM))
            page.wait_for_url(f"**/lab/tree/tpm-course-lessons/lessons/{STEM}.ipynb*")
            run_all(page)
            slider = page.locator(".widget-slider").first
            expect(slider).to_be_visible()
            expect(page.locator(".js-plotly-plot").last).to_be_visible()
            readout = page.locator(".widget-html-content", has_text="Peak requests/s").first
            slider.scroll_into_view_if_needed()
            expect(readout).to_be_visible()
            before = readout.inner_text()
            slider.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "1-lesson-widget.png")
            box = slider.locator(".noUi-handle").bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.mouse.down()
            page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2, steps=8)
            page.mouse.up()
            expect(readout).not_to_have_text(before)
            slider.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "2-lesson-slider-moved.png")

            # ?reset: a workspace with the exercise alone, so Run All cannot reach the lesson
            page.goto(f"{hub.url}/user/student1/lab/tree/{COURSE}/{STEM}/{STEM}.ipynb?reset")
            run_all(page)
            feedback = page.locator(".tpm-check").first
            expect(feedback).to_be_visible()
            feedback.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "3-exercise-check.png")
            # student1's answers are right, yet with the answer key out of reach a check says
            # "checked so far", never "correct": the hidden tests stay with the grader.
            expect(feedback).to_have_class(re.compile(r"\btpm-pending\b"))
            assert page.locator(".tpm-correct").count() == 0
        except Exception:
            page.screenshot(path=ARTIFACTS / "failure.png")
            raise
        finally:
            browser.close()


def run_all(page) -> None:
    """Run > Run All Cells in JupyterLab, then wait until the kernel is idle again."""
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_timeout(500)
    wait_for(lambda: page.locator("#jp-main-statusbar").get_by_text("Idle").count() > 0, 120, "kernel idle")


def test_nothing_listens_beyond_loopback(hub, cohort):
    processes = hub.processes()
    if hub.postgres:
        import psutil

        processes.append(psutil.Process(hub.postgres.process.pid))
    sockets = listening_sockets(processes)
    assert len(sockets) >= 4  # proxy (2 ports), hub, formgrader, students' servers
    assert {address for address, _, _ in sockets} == {"127.0.0.1"}, sockets
