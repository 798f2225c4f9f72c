"""Does `tpm-course start` serve the course in JupyterLab on 127.0.0.1, opened at the start page?"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

from tpm_course import cli

from conftest import REPO
from hub_harness import free_port, stop_group


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture
def lab():
    port, token = free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tpm_course",
            "start",
            "--no-browser",
            "--port",
            str(port),
            f"--ServerApp.token={token}",
        ],
        cwd=REPO / "lessons",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                get(f"{base}/api/status?token={token}")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-3000:]
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 90 s")
        yield base, token
    finally:
        stop_group(server)


def test_start_serves_lab_at_the_start_page_with_the_course(lab):
    base, token = lab
    status, page = get(f"{base}/lab/tree/start_here.ipynb?token={token}")
    assert status == 200 and "JupyterLab" in page
    _, listing = get(f"{base}/api/contents/lessons?token={token}")
    assert "01_estimation.ipynb" in {item["name"] for item in json.loads(listing)["content"]}
    _, settings = get(f"{base}/api/contents/start_here.ipynb?token={token}")
    assert json.loads(settings)["type"] == "notebook"


def test_start_opens_the_start_page_and_listens_on_loopback_only():
    command = cli.lab_command(REPO, 8888, open_browser=False)
    assert "--ServerApp.ip=127.0.0.1" in command
    assert f"--LabApp.default_url=/lab/tree/{cli.START_PAGE}" in command
    assert (REPO / cli.START_PAGE).is_file()
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_version_is_pyprojects(capsys):
    import tomllib

    with pytest.raises(SystemExit) as stopped:
        cli.main(["--version"])
    written = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert stopped.value.code == 0 and capsys.readouterr().out.strip() == f"tpm-course {written}"


def test_commands_outside_the_repository_say_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "__file__", str(tmp_path / "cli.py"))
    assert cli.main(["release"]) == 2
    assert "cd into your clone" in capsys.readouterr().err


def test_release_in_another_course_directory_is_refused_not_run_on_the_repository(tmp_path, monkeypatch, capsys):
    """An instructor's own course directory: release would regenerate the repository's exercises and
    start a gradebook there; it says how to release into this course instead, and writes nothing."""
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in REPO.iterdir())
    assert cli.main(["release", "06_prioritisation"]) == 2
    err = capsys.readouterr().err
    assert "is a course directory, not the course repository" in err and "nbgrader generate_assignment" in err
    assert sorted(p.name for p in REPO.iterdir()) == before


def test_release_of_an_unknown_module_is_refused(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert cli.main(["release", "99_nothing"]) == 2
    assert "course.toml lists no ready module 99_nothing" in capsys.readouterr().err


def test_the_command_s_process_exits_with_main_s_code_and_its_output_written():
    """``python -m tpm_course`` (as the console script) runs ``cli.run``: main's exit code, its output
    flushed, though the interpreter's exit skips a last garbage collection (``gc.freeze``)."""
    refused = subprocess.run(
        [sys.executable, "-m", "tpm_course", "release", "99_nothing"], cwd=REPO, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "course.toml lists no ready module 99_nothing" in refused.stderr
    shown = subprocess.run([sys.executable, "-m", "tpm_course", "--version"], cwd=REPO, capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.startswith("tpm-course ")
