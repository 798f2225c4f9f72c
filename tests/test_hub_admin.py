"""Do the admin helpers (`tpm-course hub ...`) do their job and say clearly what is wrong?"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tpm_course import cli
from tpm_course.hub.content import ContentError, check_student_safe, export_image_context, export_lessons
from tpm_course.hub.links import pull_link
from tpm_course.hub.roster import RosterError, Student, enrol_in_gradebook, read_roster
from tpm_course.topics.estimation import exercise as ex01_estimation

from conftest import REPO


# --- the nbgitpuller link -----------------------------------------------------------------
def test_link_pulls_the_lessons_and_opens_the_one_asked_for():
    link = pull_link("https://hub.example.org/", "https://git.example.org/lessons.git", "cohort-2026", "01_estimation")
    parts = urlsplit(link)
    assert parts.netloc == "hub.example.org" and parts.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "repo": "https://git.example.org/lessons.git",
        "branch": "cohort-2026",
        "targetpath": "tpm-course-lessons",
        "urlpath": "lab/tree/tpm-course-lessons/lessons/01_estimation.ipynb",
    }


def test_link_without_a_lesson_opens_the_lessons_folder_and_keeps_the_hub_prefix():
    link = pull_link("https://example.org/jupyter", "https://git.example.org/lessons.git")
    assert link.startswith("https://example.org/jupyter/hub/user-redirect/git-pull?")
    assert parse_qs(urlsplit(link).query)["urlpath"] == ["lab/tree/tpm-course-lessons/lessons"]


@pytest.mark.parametrize(
    "hub_url,repo,says",
    [
        ("hub.example.org", "https://git.example.org/l.git", "must start with https://"),
        ("https://hub.example.org", " ", "git URL of the lessons"),
    ],
)
def test_link_refuses_what_would_not_work(hub_url, repo, says):
    with pytest.raises(ValueError, match=says):
        pull_link(hub_url, repo)


def test_link_command_prints_the_link(capsys):
    assert (
        cli.main(
            [
                "hub",
                "link",
                "--hub-url",
                "https://hub.example.org",
                "--repo",
                "https://g.example.org/l.git",
                "--lesson",
                "01_estimation",
            ]
        )
        == 0
    )
    assert "git-pull?repo=https%3A%2F%2Fg.example.org%2Fl.git" in capsys.readouterr().out


# --- the roster ---------------------------------------------------------------------------
def roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "students.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_reads_students_with_optional_columns_in_any_order(tmp_path):
    path = roster(tmp_path, "\ufeffemail,ID,last_name\nada@example.org,ada,Lovelace\n,grace.h,\n\n")
    assert read_roster(path) == [Student("ada", None, "Lovelace", "ada@example.org"), Student("grace.h")]


@pytest.mark.parametrize(
    "text,says",
    [
        ("", "is empty"),
        ("id,first_name\n", "no students"),
        ("name,email\nada,ada@example.org\n", "has no 'id' column"),
        ("id;first_name\nada;Ada\n", "separated by semicolons"),
        ("id,first_name,phone\nada,Ada,123\n", "unknown column(s) phone"),
        ("id,first_name\nada,Ada\ngrace\n", "line 3: 1 fields where the header has 2"),
        ("id,first_name\n,Ada\n", "line 2: the id is empty"),
        ("id\nAda\n", "line 2: student id 'Ada' must be lower-case"),
        ("id\nada+1\n", "must be lower-case letters"),
        ("id,email\nada,ada-at-example.org\n", "'ada-at-example.org' is not an e-mail address"),
        ("id\nada\ngrace\nada\n", "'ada' appears on line 2 and line 4"),
    ],
)
def test_roster_says_what_is_wrong_and_where(tmp_path, text, says):
    with pytest.raises(RosterError) as error:
        read_roster(roster(tmp_path, text))
    assert says in str(error.value)


def test_a_missing_roster_file_is_named(tmp_path):
    with pytest.raises(RosterError, match="no roster file at"):
        read_roster(tmp_path / "nope.csv")


def test_roster_enrols_in_the_gradebook_and_updates_on_a_second_run(tmp_path):
    from nbgrader.api import Gradebook

    db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert enrol_in_gradebook([Student("ada", "Ada", None, None), Student("grace")], db_url, "tpm-course") == [
        "ada",
        "grace",
    ]
    assert enrol_in_gradebook([Student("ada", "Ada", "Lovelace", "ada@example.org")], db_url, "tpm-course") == []
    with Gradebook(db_url, "tpm-course") as gradebook:
        ada = gradebook.find_student("ada")
        assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@example.org")
        assert sorted(s.id for s in gradebook.students) == ["ada", "grace"]


def test_roster_command_enrols_in_the_course_directorys_gradebook(tmp_path, monkeypatch, capsys):
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course)
    path = roster(tmp_path, "id,first_name\nada,Ada\n")
    monkeypatch.chdir(course)
    assert cli.main(["hub", "roster", str(path)]) == 0
    assert "1 students enrolled in tpm-course (1 new)" in capsys.readouterr().out
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "tpm-course") as gradebook:
        assert gradebook.find_student("ada").first_name == "Ada"


def test_roster_command_explains_a_bad_file_and_a_missing_token(tmp_path, monkeypatch, capsys):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["hub", "roster", str(roster(tmp_path, "name\nada\n"))]) == 2
    assert "has no 'id' column" in capsys.readouterr().err
    assert cli.main(["hub", "roster", str(roster(tmp_path, "id\nada\n")), "--hub"]) == 2
    assert "--hub needs --token-file" in capsys.readouterr().err


def test_roster_command_outside_a_course_directory_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["hub", "roster", str(roster(tmp_path, "id\nada\n"))]) == 2
    assert "is not a course directory" in capsys.readouterr().err


def test_roster_on_an_unreachable_hub_says_where_it_looked(tmp_path, monkeypatch, capsys):
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    (tmp_path / "token").write_text("abc")
    monkeypatch.chdir(tmp_path)
    code = cli.main(
        [
            "hub",
            "roster",
            str(roster(tmp_path, "id\nada\n")),
            "--hub",
            "--token-file",
            str(tmp_path / "token"),
            "--hub-api-url",
            "http://127.0.0.1:9/hub/api",
        ]
    )
    assert code == 2 and "cannot reach the hub API at http://127.0.0.1:9/hub/api" in capsys.readouterr().err


# --- what students receive ----------------------------------------------------------------
def test_lessons_export_carries_lessons_and_data_but_no_answer_key(tmp_path):
    dest = tmp_path / "lessons-repo"
    (dest / ".git").mkdir(parents=True)  # an earlier checkout: kept
    export_lessons(REPO, dest)
    assert {p.name for p in dest.iterdir()} == {".git", "lessons", "datasets"}
    assert {p.name for p in (dest / "lessons").glob("*.ipynb")} == {p.name for p in (REPO / "lessons").glob("*.ipynb")}
    assert (dest / "datasets" / "README.md").is_file()


def test_image_context_holds_the_package_and_post_build_but_no_solutions(tmp_path):
    export_image_context(REPO, tmp_path / "image")
    names = {p.name for p in (tmp_path / "image").iterdir()}
    assert names == {
        "environment.yml",
        "pyproject.toml",
        "README.md",
        "tpm_course",
        "deploy",
        "lessons",
        "datasets",
        "postBuild",
    }
    assert (tmp_path / "image" / "deploy" / "jupyter" / "students" / "nbgrader_config.py").is_file()
    assert not list((tmp_path / "image").rglob("solutions")) and not list((tmp_path / "image").rglob("tests"))
    assert not list((tmp_path / "image").rglob("__pycache__"))


def test_a_check_run_in_exported_lessons_cannot_see_an_answer_key(tmp_path, monkeypatch, capsys):
    """The reason for the export: in a student's copy, checks only check the form."""
    dest = tmp_path / "lessons-repo"
    export_lessons(REPO, dest)
    monkeypatch.chdir(dest / "lessons")
    exec("q4.check()", {"q4": ex01_estimation.q4, "peak_factor": 2.3})
    assert "compares it with the answer key when you submit" in capsys.readouterr().out


def test_an_answer_key_in_an_export_is_refused(tmp_path):
    (tmp_path / "solutions" / "01_estimation").mkdir(parents=True)
    with pytest.raises(ContentError, match="solutions/ folder"):
        check_student_safe(tmp_path)
    shutil.rmtree(tmp_path / "solutions")
    notebook = {"cells": [{"cell_type": "code", "source": ["q1.check()\n", "### BEGIN HIDDEN TESTS\n"]}]}
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "leak.ipynb").write_text(json.dumps(notebook))
    with pytest.raises(ContentError, match="BEGIN HIDDEN TESTS"):
        check_student_safe(tmp_path)


def test_exports_refuse_to_write_into_the_repository(capsys):
    assert cli.main(["hub", "lessons", str(REPO / "build")]) == 2
    assert "export outside the repository" in capsys.readouterr().err
    assert not (REPO / "build").exists()


def test_link_command_checks_the_lesson_against_the_manifest(capsys):
    """--all gives one link per ready module of course.toml; a lesson it does not list is refused."""
    from tpm_course.manifest import load

    base = ["hub", "link", "--hub-url", "https://hub.example.org", "--repo", "https://g.example.org/l.git"]
    assert cli.main([*base, "--all"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    ready = load(REPO).ready
    assert len(lines) == len(ready)
    for line, module in zip(lines, ready):
        assert line.startswith(f"{module.number} {module.title}: ") and f"lessons%2F{module.stem}.ipynb" in line
    assert cli.main([*base, "--lesson", "15_not_a_module"]) == 2
    assert "no ready lesson '15_not_a_module'" in capsys.readouterr().err
