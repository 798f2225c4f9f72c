"""Does a self-study learner get a clean course: a workspace of copies, a JupyterLab showing only the
course, exercises that link on, and hub links only to lessons that exist?

The server is a real JupyterLab started by `tpm-course start` on 127.0.0.1 (stopped by its pid),
asked through its REST API and, when Debian's chromium is installed, opened in it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tpm_course import cli
from tpm_course.hub import commands
from tpm_course.learner import lab, navigation, record, workspace
from tpm_course.manifest import load
from tpm_course.module_tables import START_PAGE

from conftest import REPO
from hub_harness import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group

ARTEFACTS = REPO / "test-artifacts" / "learner"
NOT_FOR_LEARNERS = ("tests", "deploy", "solutions", "tpm_course.egg-info", "__pycache__", ".pytest_cache")


# --- the workspace -----------------------------------------------------------------------------


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the course's manifest, start page, lessons and exercises, free to change."""
    root = tmp_path / "course"
    root.mkdir()
    for name in ("course.toml", START_PAGE):
        shutil.copy(REPO / name, root / name)
    for folder in ("lessons", "exercises"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def test_the_workspace_holds_a_copy_of_every_ready_notebook_and_the_start_page(course, tmp_path):
    manifest = load(course)
    done = workspace.prepare(course, manifest, tmp_path / "ws")
    expected = [p for m in manifest.ready for p in (m.lesson, m.exercise)]
    assert done.copied == expected
    for relative in [*expected, START_PAGE]:
        assert same_notebook(tmp_path / "ws" / relative, course / relative), relative


def same_notebook(copy: Path, source: Path) -> bool:
    """The same cells; the copy's language_info is the one its kernel reports (JupyterLab writes it on opening)."""
    from ipykernel.ipkernel import IPythonKernel

    mine, theirs = json.loads(copy.read_text()), json.loads(source.read_text())
    info = mine["metadata"].pop("language_info")
    theirs["metadata"].pop("language_info", None)
    return mine == theirs and info == IPythonKernel.language_info


def test_a_second_start_keeps_the_learners_copies_and_names_the_course_changes(course, tmp_path):
    manifest = load(course)
    ws = tmp_path / "ws"
    workspace.prepare(course, manifest, ws)
    first = manifest.ready[0]
    (ws / first.exercise).write_text("my answers", encoding="utf-8")
    (course / first.lesson).write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4}), encoding="utf-8")
    gone = manifest.ready[1]
    (ws / gone.lesson).unlink()  # as a module that became ready since: copied on the next start
    done = workspace.prepare(course, manifest, ws)
    assert (ws / first.exercise).read_text() == "my answers"
    assert done.changed_in_course == [first.lesson]
    assert done.copied == [gone.lesson]
    assert not same_notebook(ws / first.lesson, course / first.lesson)


def test_the_start_page_is_refreshed_on_every_start(course, tmp_path):
    ws = tmp_path / "ws"
    workspace.prepare(course, load(course), ws)
    (ws / START_PAGE).write_text("an old start page", encoding="utf-8")
    workspace.prepare(course, load(course), ws)
    assert same_notebook(ws / START_PAGE, course / START_PAGE)


def test_start_refuses_a_workspace_among_the_tracked_files(capsys):
    assert cli.main(["start", "--no-browser", "--workspace", str(REPO / "lessons")]) == 2
    assert "the workspace is workspace/ or a folder outside the repository" in capsys.readouterr().err


def test_git_ignores_the_workspace():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", f"{workspace.FOLDER}/lessons/01_estimation.ipynb"], cwd=REPO, check=False
    )
    assert ignored.returncode == 0


# --- the learner's JupyterLab --------------------------------------------------------------------


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read().decode()
        return json.loads(body) if "json" in response.headers.get("Content-Type", "") else body


@pytest.fixture(scope="module")
def learner_lab(tmp_path_factory):
    """`tpm-course start` on a fresh workspace holding things not for learners; (base URL, token, workspace, data)."""
    home = tmp_path_factory.mktemp("learner-lab")
    ws, data = home / "workspace", home / "data"
    for name in NOT_FOR_LEARNERS:
        (ws / name).mkdir(parents=True)
    passed = {"01_estimation": {"q1": {"passed": True, "last": "passed", "checks": 1, "at": "2026-01-01"}}}
    record.write(passed, data / record.FILENAME)
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "tpm_course", "start", "--no-browser", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workspace", str(ws), f"--ServerApp.token={token}"],
        cwd=home,
        env={**os.environ, record.ENVIRONMENT: str(data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()[-3000:]
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(0.5)
        yield base, token, ws, data
    finally:
        stop_group(server)


def test_the_file_browser_shows_the_course_and_nothing_else(learner_lab):
    base, token, ws, _ = learner_lab
    listed = {item["name"] for item in get(f"{base}/api/contents?token={token}")["content"]}
    assert listed == {START_PAGE, "lessons", "exercises"}
    assert all((ws / name).is_dir() for name in NOT_FOR_LEARNERS), "hidden, not removed"
    lessons = {item["name"] for item in get(f"{base}/api/contents/lessons?token={token}")["content"]}
    assert f"{load(REPO).ready[0].stem}.ipynb" in lessons


def test_the_news_pop_up_is_off(learner_lab):
    base, token, _, _ = learner_lab
    settings = get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert settings["schema"]["properties"]["checkForUpdates"]["default"] is False


def test_nbgraders_instructor_panels_are_off(learner_lab):
    base, token, _, _ = learner_lab
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(f"{base}/formgrader?token={token}")
    assert refused.value.code == 404
    page = get(f"{base}/lab?token={token}")
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert set(lab.INSTRUCTOR_PLUGINS) <= set(config["disabledExtensions"])
    assert "@jupyter/nbgrader:assignment-list" not in config["disabledExtensions"]


@pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="Debian's chromium is not installed (tests/install_hub_prerequisites.sh)"
)
def test_the_start_page_opens_unmodified_and_draws_the_progress_chart(learner_lab):
    """In chromium: the start page opens clean; its progress cell draws the chart; the tracked page is untouched."""
    from playwright.sync_api import expect, sync_playwright

    base, token, _, _ = learner_lab
    tracked = hashlib.sha256((REPO / START_PAGE).read_bytes()).hexdigest()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/{START_PAGE}?token={token}")
            expect(page.locator(".jp-Notebook").first).to_be_visible(timeout=60_000)
            page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=60_000)
            tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=START_PAGE)
            expect(tab).not_to_have_class(re.compile("jp-mod-dirty"))
            page.locator(".jp-CodeCell .cm-content").first.click()
            page.keyboard.press("Shift+Enter")
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            expect(page.get_by_text("You have passed 1 and tried 0")).to_be_visible()
            page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTEFACTS / "start_page_progress.png"))
        finally:
            browser.close()
    assert hashlib.sha256((REPO / START_PAGE).read_bytes()).hexdigest() == tracked


@pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="Debian's chromium is not installed (tests/install_hub_prerequisites.sh)"
)
def test_running_and_saving_a_lesson_leaves_the_tracked_lesson_as_it_was(learner_lab):
    """Run All and save lesson 02 in chromium: the workspace copy keeps the outputs, lessons/ is untouched."""
    from playwright.sync_api import expect, sync_playwright

    base, token, ws, _ = learner_lab
    lesson = "lessons/02_latency.ipynb"
    tracked = hashlib.sha256((REPO / lesson).read_bytes()).hexdigest()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # a JupyterLab workspace of its own: the layout the start page's test left is not restored
            page.goto(f"{base}/lab/workspaces/lesson-run/tree/{lesson}?reset&token={token}")
            page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=60_000)
            notebook = page.locator(".jp-NotebookPanel:visible .jp-Notebook")
            notebook.locator(".jp-Cell").first.click()  # the lesson's panel has the focus Run All acts on
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Cells", exact=True).click()
            expect(notebook.locator(".js-plotly-plot").first).to_be_visible(timeout=240_000)
            page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=240_000)
            page.keyboard.press("Control+s")
            tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="02_latency.ipynb")
            expect(tab).not_to_have_class(re.compile("jp-mod-dirty"), timeout=30_000)
            page.screenshot(path=str(ARTEFACTS / "lesson_02_run.png"))
        finally:
            browser.close()
    saved = json.loads((ws / lesson).read_text())
    assert sum(len(c.get("outputs", [])) for c in saved["cells"]) > 0, "the copy keeps the learner's outputs"
    assert hashlib.sha256((REPO / lesson).read_bytes()).hexdigest() == tracked


# --- the links that end every exercise ------------------------------------------------------------

LINK = re.compile(r"\]\(([^)]+)\)")


@pytest.mark.parametrize("module", load(REPO).ready, ids=lambda m: m.stem)
def test_every_exercise_ends_with_links_that_resolve(module, tmp_path):
    """In the repository and in a learner's workspace, the last cell's links lead to existing notebooks."""
    cells = json.loads((REPO / module.exercise).read_text())["cells"]
    last = cells[-1]
    assert last["cell_type"] == "markdown" and last["id"] == navigation.CELL_ID
    text = "".join(last["source"])
    assert text == navigation.links(load(REPO), module.stem), "stale: run `tpm-course release`"
    targets = LINK.findall(text)
    assert f"../../{START_PAGE}" in targets and f"../../{module.lesson}" in targets
    ws = tmp_path / "ws"
    workspace.prepare(REPO, load(REPO), ws)
    for root in (REPO, ws):
        for target in targets:
            assert ((root / module.exercise).parent / target).resolve().is_file(), (root, target)


def test_the_links_follow_the_manifest_when_a_module_stops_being_ready(course):
    """The module before one no longer ready says it is the last; adding the links again changes nothing."""
    *_, before, last = load(course).ready
    manifest_text = (course / "course.toml").read_text()
    entry = manifest_text.index(f'stem = "{last.stem}"')
    status = manifest_text.index('status = "ready"', entry)
    changed = manifest_text[:status] + 'status = "in preparation"' + manifest_text[status + len('status = "ready"') :]
    (course / "course.toml").write_text(changed)
    navigation.add(course, load(course), before.stem)
    text = "".join(json.loads((course / before.exercise).read_text())["cells"][-1]["source"])
    assert "This is the last module ready" in text and last.lesson not in text
    assert navigation.add(course, load(course), before.stem) is False


# --- hub links ---------------------------------------------------------------------------------------

BASE = ["hub", "link", "--hub-url", "https://hub.example.org", "--repo", "https://git.example.org/lessons.git"]


@pytest.mark.parametrize("lesson", ["99_nothing", "lessons/01_estimation.ipynb", "estimation"])
def test_hub_link_refuses_a_lesson_that_does_not_exist(lesson, capsys):
    assert cli.main([*BASE, "--lesson", lesson]) == 2
    said = capsys.readouterr()
    assert f"no ready lesson {lesson!r}" in said.err and said.out == ""


def test_hub_link_refuses_a_ready_lesson_missing_from_the_clone(course):
    missing = load(course).ready[2]
    (course / missing.lesson).unlink()
    args = argparse.Namespace(
        root=course, all=False, lesson=missing.stem, hub_url="https://h.example.org", repo="r", branch="main"
    )
    args.target = "tpm-course-lessons"
    with pytest.raises(ValueError, match=f"lists {missing.lesson} as ready, but this clone has no such file"):
        commands.link(args)
    args.lesson, args.all = None, True
    with pytest.raises(ValueError, match="no such file"):
        commands.link(args)


def test_hub_link_outside_a_clone_refuses_what_is_not_a_module_name():
    args = argparse.Namespace(
        root=None, all=False, lesson="lessons/01_estimation.ipynb", hub_url="https://h.example.org", repo="r"
    )
    args.branch, args.target = "main", "tpm-course-lessons"
    with pytest.raises(ValueError, match="is not a module stem"):
        commands.link(args)
