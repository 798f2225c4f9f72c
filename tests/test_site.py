"""Does the course website build offline from the manifest and the notebooks, show no answer key, and work in chromium?

The site is built once per session (Sphinx + MyST-NB, every lesson executed by a real kernel) into
a temporary folder, then read as files and opened in Debian's chromium, served from 127.0.0.1.
Screenshots go to test-artifacts/site/.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tpm_course.hub.links import DEFAULT_TARGET, pull_link
from tpm_course.manifest import load as load_manifest
from tpm_course.website import Settings, SiteError, build_site, course_version, load_settings
from tpm_course.website.launch import binder_link
from tpm_course.website.sources import markdown_section, notebook_page

from conftest import REPO
from hub_harness import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = REPO / "test-artifacts" / "site"
SETTINGS = Settings(
    repository="https://github.com/example-org/tpm-course",
    branch="main",
    hub_url="https://hub.example.org",
    lessons_repository="https://github.com/example-org/tpm-course-lessons",
)
MANIFEST = load_manifest(REPO)
READY = MANIFEST.ready
ANSWER_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site's HTML folder."""
    built = build_site(REPO, SETTINGS, tmp_path_factory.mktemp("site"))
    print(f"site built in {built.seconds:.1f} s with {len(built.warnings)} warnings")
    return built.html


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class _Text(HTMLParser):
    """The text of an HTML page (what a reader sees), and its links by class."""

    def __init__(self):
        super().__init__()
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._skip += tag in ("script", "style")
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs.get("class") or "", attrs["href"]))

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def parsed(html: str) -> _Text:
    reader = _Text()
    reader.feed(html)
    return reader


def test_every_module_of_the_manifest_has_its_pages(site):
    """The start page maps every module; each ready one has a lesson page with its outputs and an exercise page."""
    start = parsed(page(site, "index.html"))
    text = " ".join(start.parts)
    hrefs = {href for _, href in start.links}
    for module in MANIFEST.modules:
        assert module.title in text, module.stem
    for module in READY:
        assert f"lessons/{module.stem}.html" in hrefs and f"exercises/{module.stem}/{module.stem}.html" in hrefs
        lesson = page(site, f"lessons/{module.stem}.html")
        assert 'class="cell_output' in lesson, f"{module.stem}: the lesson was not executed"
        exercise = parsed(page(site, f"exercises/{module.stem}/{module.stem}.html"))
        assert "q1.check()" in " ".join(exercise.parts), module.stem
    for module in MANIFEST.modules:
        if not module.ready:
            assert not (site / "lessons" / f"{module.stem}.html").exists()
    assert "Data sets" in text and (site / "datasets" / "README.html").is_file()
    for guide in ("learner", "instructor", "hosting", "authors"):
        assert (site / "guides" / f"{guide}.html").is_file(), guide


def test_the_site_shows_the_version_of_pyproject(site):
    assert f"Version {course_version(REPO)}" in " ".join(parsed(page(site, "index.html")).parts)


def _sources(path: Path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def _answer_lines(stem: str) -> list[str]:
    """Lines of the solution notebook's solution and hidden-test regions that the exercise and lesson never show."""
    public = "\n".join(
        _sources(REPO / "exercises" / stem / f"{stem}.ipynb") + _sources(REPO / "lessons" / f"{stem}.ipynb")
    )
    lines = []
    for source in _sources(REPO / "solutions" / stem / f"{stem}.ipynb"):
        inside = False
        for line in source.splitlines():
            if "### BEGIN" in line or "### END" in line:
                inside = "### BEGIN" in line
            elif inside and len(line.strip()) >= 20 and line.strip() not in public:
                lines.append(line.strip())
    return lines


def test_no_answer_key_anywhere_in_the_site(site):
    """No marker of a hidden test or solution region in any file, and no answer line of solutions/ in any page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 2 * len(READY)
    for path in files:
        data = path.read_bytes()
        found = [marker for marker in ANSWER_MARKERS if marker.encode() in data]
        assert not found, f"{path.relative_to(site)} holds {found}"
    texts = {path: "\n".join(parsed(path.read_text(encoding="utf-8")).parts) for path in site.rglob("*.html")}
    checked = 0
    for module in READY:
        answers = _answer_lines(module.stem)
        assert answers, f"{module.stem}: no answer line found to look for"
        checked += len(answers)
        for path, text in texts.items():
            leaked = [line for line in answers if line in text]
            assert not leaked, f"{path.relative_to(site)} shows answers of {module.stem}: {leaked[:3]}"
    # the page text read here does hold code lines: the look-up could find an answer if one were there
    assert "q1.check()" in texts[site / "exercises" / READY[0].stem / f"{READY[0].stem}.html"]
    print(f"{checked} answer lines looked for in {len(texts)} pages")


def _launch_links(site: Path, path: str) -> dict[str, str]:
    return {cls: href for cls, href in parsed(page(site, path)).links if cls in ("tpm-binder", "tpm-hub")}


@pytest.mark.parametrize("kind", ["lesson", "exercise"])
def test_open_in_jupyterlab_links_parse_and_point_at_real_files(site, kind):
    """Binder builds the repository and opens the notebook; nbgitpuller pulls the lessons into the hub and opens the lesson."""
    for module in READY:
        notebook = module.lesson if kind == "lesson" else module.exercise
        links = _launch_links(site, notebook.replace(".ipynb", ".html"))
        binder = urlsplit(links["tpm-binder"])
        assert (binder.scheme, binder.netloc) == ("https", "mybinder.org")
        assert binder.path == "/v2/gh/example-org/tpm-course/main"
        opened = parse_qs(binder.query)["urlpath"]
        assert opened == [f"lab/tree/{notebook}"] and (REPO / notebook).is_file()
        hub = urlsplit(links["tpm-hub"])
        assert (hub.scheme, hub.netloc, hub.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
        query = {key: value[0] for key, value in parse_qs(hub.query).items()}
        assert query["repo"] == SETTINGS.lessons_repository and query["branch"] == "main"
        assert query["urlpath"] == f"lab/tree/{DEFAULT_TARGET}/{module.lesson}" and (REPO / module.lesson).is_file()
        assert links["tpm-hub"] == pull_link(SETTINGS.hub_url, SETTINGS.lessons_repository, "main", module.stem)


def test_a_second_build_takes_every_lesson_from_the_cache(site):
    """Every lesson re-read by Sphinx (its file touched) yet none run again: jupyter-cache answers by the code."""
    build = site.parent
    executed = {p: p.stat().st_mtime_ns for p in (build / "cache" / "executed").rglob("*.ipynb")}
    assert len(executed) == len(READY)
    for lesson in (build / "source" / "lessons").glob("*.ipynb"):
        os.utime(lesson)
    again = build_site(REPO, SETTINGS, build)
    print(f"second build, every lesson re-read: {again.seconds:.1f} s")
    assert {p: p.stat().st_mtime_ns for p in (build / "cache" / "executed").rglob("*.ipynb")} == executed
    for module in READY:
        assert 'class="cell_output' in page(site, f"lessons/{module.stem}.html"), module.stem


def test_the_start_page_opens_the_course_in_jupyterlab(site):
    links = _launch_links(site, "index.html")
    assert parse_qs(urlsplit(links["tpm-binder"]).query)["urlpath"] == ["lab/tree/start_here.ipynb"]
    assert (REPO / "start_here.ipynb").is_file()
    assert links["tpm-hub"] == pull_link(SETTINGS.hub_url, SETTINGS.lessons_repository, "main")


def test_a_repository_elsewhere_than_github_gets_binders_git_form():
    settings = Settings(repository="https://gitlab.example.org/team/tpm-course.git", branch="v0.1.0")
    link = urlsplit(binder_link(settings, "lessons/01_estimation.ipynb"))
    assert link.path == "/v2/git/https%3A%2F%2Fgitlab.example.org%2Fteam%2Ftpm-course.git/v0.1.0"
    assert parse_qs(link.query) == {"urlpath": ["lab/tree/lessons/01_estimation.ipynb"]}


def test_bad_settings_are_refused_with_a_message(tmp_path):
    with pytest.raises(SiteError, match="https://"):
        binder_link(Settings(repository="git@github.com:team/tpm-course.git"), "lessons/x.ipynb")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "settings.toml").write_text('repo = "https://github.com/team/tpm-course"\n')
    with pytest.raises(SiteError, match=r"unknown setting.*repo"):
        load_settings(tmp_path)


def test_a_notebook_holding_an_answer_key_is_refused(tmp_path):
    """The builder stops before Sphinx if an exercise (or lesson) still carries a solution region."""
    leaky = tmp_path / "leaky.ipynb"
    source = "x = ...\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION"
    leaky.write_text(json.dumps({"cells": [{"cell_type": "code", "source": source}], "metadata": {}}))
    with pytest.raises(SiteError, match="answer key"):
        notebook_page(leaky, "<p>links</p>", execute=False)


def test_a_guide_is_its_readme_section_with_headings_raised():
    text = "# T\n## A\nintro\n```bash\n## not a heading\n```\n### Sub\n## B\nother\n"
    assert markdown_section(text, "A") == "# A\nintro\n```bash\n## not a heading\n```\n## Sub\n"
    with pytest.raises(SiteError, match="no section '## C'"):
        markdown_section(text, "C")


# In chromium ------------------------------------------------------------------------------------


@pytest.fixture
def served(site):
    """The site on http://127.0.0.1:<port>/, stopped after the test."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _chart_lesson(site: Path) -> str:
    """The first ready lesson whose page holds a plotly chart."""
    for module in READY:
        if "plotly-graph-div" in page(site, f"lessons/{module.stem}.html"):
            return module.stem
    pytest.fail("no lesson page holds a plotly chart")


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="chromium is not installed (tests/install_hub_prerequisites.sh)")
def test_a_learner_browses_the_site_in_chromium(site, served):
    """Start page -> a lesson with a drawn chart -> its exercise -> back; search finds a lesson; nothing comes from elsewhere."""
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = _chart_lesson(site)
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.route(
            re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: (outside.append(route.request.url), route.abort())
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto(f"{served}/index.html")
            expect(page.locator("h1").first).to_contain_text(MANIFEST.title)
            page.screenshot(path=ARTIFACTS / "0-start-page.png", full_page=True)
            page.locator(f'article a[href="lessons/{stem}.html"]').first.click()
            page.wait_for_url(f"**/lessons/{stem}.html")
            chart = page.locator(".plotly-graph-div svg.main-svg").first
            expect(chart).to_be_visible()
            assert page.locator(".plotly-graph-div .trace, .plotly-graph-div .point").count() > 0
            expect(page.locator("a.tpm-binder").first).to_be_visible()
            chart.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "1-lesson-chart.png")
            # the lesson's own links: to its exercise, whose own link leads back to the start page
            page.locator(f'article a[href="../exercises/{stem}/{stem}.html"]').last.click()
            page.wait_for_url(f"**/exercises/{stem}/{stem}.html")
            expect(page.locator("article h1").first).to_contain_text("Exercise")
            expect(page.locator("a.tpm-binder").first).to_be_visible()
            page.screenshot(path=ARTIFACTS / "2-exercise.png")
            page.locator('article a[href="../../index.html"]').last.click()
            page.wait_for_url(re.compile(r"/(index\.html)?$"))
            expect(page.locator("h1").first).to_contain_text(MANIFEST.title)
            _search_finds_a_lesson(page, served)
            page.screenshot(path=ARTIFACTS / "3-search.png")
        except Exception:
            page.screenshot(path=ARTIFACTS / "failure.png")
            raise
        finally:
            browser.close()
    assert outside == [], f"the site asked for files outside it: {outside[:5]}"


def _search_finds_a_lesson(page, served: str) -> None:
    """A word that only one lesson's prose holds leads to that lesson's page."""
    from playwright.sync_api import expect

    word, stem = "Kano", "06_prioritisation"
    if stem not in {m.stem for m in READY}:
        pytest.fail(f"the search word belongs to {stem}, which is not ready: choose another")
    page.fill("input[name=q]", word)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/search.html?q={word}*")
    expect(page.locator(f'#search-results a[href*="lessons/{stem}.html"]').first).to_be_visible()
