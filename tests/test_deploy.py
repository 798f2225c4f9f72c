"""Is the deployment material in deploy/ sound where it cannot run here (Kubernetes, the image)?

The one-machine hub runs for real in test_hub.py. Here: its configuration loads with the
course's layout; the Helm values use only keys the Zero to JupyterHub chart documents; the
image's build files are what repo2docker expects, carry no answer key and resolve.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from tpm_course.hub.content import export_image_context

from conftest import REPO

DEPLOY = REPO / "deploy"

# Keys of the Zero to JupyterHub chart (4.x, jupyterhub/values.schema.yaml) that config.yaml
# uses, as documented there. Below the free-form ones the chart passes values through as they are.
CHART_KEYS = {
    "hub.config",
    "hub.extraEnv",
    "hub.loadRoles",
    "hub.extraConfig",
    "proxy.https.enabled",
    "proxy.https.type",
    "proxy.https.hosts",
    "proxy.https.letsencrypt.contactEmail",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.defaultUrl",
    "singleuser.memory.guarantee",
    "singleuser.memory.limit",
    "singleuser.extraEnv",
    "singleuser.storage.capacity",
    "singleuser.storage.extraVolumes",
    "singleuser.storage.extraVolumeMounts",
    "cull.enabled",
    "cull.timeout",
    "cull.every",
}
FREE_FORM = {
    "hub.config",
    "hub.extraEnv",
    "hub.loadRoles",
    "hub.extraConfig",
    "singleuser.extraEnv",
    "singleuser.storage.extraVolumes",
    "singleuser.storage.extraVolumeMounts",
    "proxy.https.hosts",
}


def leaf_keys(values: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in FREE_FORM:
            keys |= leaf_keys(value, f"{path}.")
        else:
            keys.add(path)
    return keys


@pytest.fixture(scope="module")
def helm_values() -> dict:
    return yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())


def test_helm_values_use_only_documented_chart_keys(helm_values):
    assert leaf_keys(helm_values) == CHART_KEYS


def test_helm_values_wire_the_course_together(helm_values):
    hub, single = helm_values["hub"], helm_values["singleuser"]
    groups = hub["config"]["JupyterHub"]["load_groups"]
    assert set(groups) == {"formgrade-tpm-course", "nbgrader-tpm-course"}
    assert "read:users:groups!user" in hub["loadRoles"]["server"]["scopes"]
    assert hub["loadRoles"]["tpm-course-instructor"]["groups"] == ["formgrade-tpm-course"]
    for secret in ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"):
        assert "secretKeyRef" in hub["extraEnv"][secret]["valueFrom"]  # never a literal
    claims = {v["persistentVolumeClaim"]["claimName"] for v in single["storage"]["extraVolumes"]}
    mounts = {m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    assert claims == {"nbgrader-exchange"} and mounts == {single["extraEnv"]["TPM_EXCHANGE_DIR"]}
    paths = single["extraEnv"]["JUPYTER_CONFIG_PATH"].split(":")
    assert [Path(p).name for p in paths] == ["students", "common"]
    storage = list(yaml.safe_load_all((DEPLOY / "kubernetes" / "storage.yaml").read_text()))
    assert {c["metadata"]["name"] for c in storage} == {"nbgrader-exchange", "tpm-course-course"}
    assert all(c["spec"]["accessModes"] == ["ReadWriteMany"] for c in storage)


def run_staff_hook(helm_values, groups: list[str]):
    code = helm_values["hub"]["extraConfig"]["tpm-course-staff.py"]
    c = Config()
    exec(code, {"c": c})
    spawner = SimpleNamespace(
        user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]),
        volumes=[{"name": "home"}],
        volume_mounts=[{"name": "home"}],
        environment={"JUPYTER_CONFIG_PATH": "students:common"},
    )
    c.KubeSpawner.pre_spawn_hook(spawner)
    return spawner


def test_only_staff_pods_mount_the_course_directory(helm_values):
    student = run_staff_hook(helm_values, ["nbgrader-tpm-course"])
    assert student.volumes == [{"name": "home"}] and student.environment == {"JUPYTER_CONFIG_PATH": "students:common"}
    grader = run_staff_hook(helm_values, ["formgrade-tpm-course"])
    claims = [v["persistentVolumeClaim"]["claimName"] for v in grader.volumes if "persistentVolumeClaim" in v]
    assert claims == ["tpm-course-course"]
    assert grader.environment["JUPYTER_CONFIG_PATH"].endswith("/common")  # the formgrader stays on
    assert grader.environment["TPM_COURSE_DIR"] == grader.volume_mounts[-1]["mountPath"]


def load_hub_config(monkeypatch, **env) -> Config:
    for name in [n for n in __import__("os").environ if n.startswith("TPM_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", str(DEPLOY)).load_config()


def test_one_machine_config_sets_up_groups_roles_and_services(monkeypatch, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("a-long-shared-password\n")
    c = load_hub_config(
        monkeypatch,
        TPM_HUB_INSTRUCTORS="alice",
        TPM_HUB_GRADERS="bob, carol",
        TPM_HUB_STUDENTS="dan",
        TPM_HUB_SHARED_PASSWORD_FILE=str(secret),
        TPM_COURSE_DB_URL_FILE="/etc/tpm-course/gradebook-url",
    )
    assert c.Authenticator.allowed_users == {"alice", "bob", "carol", "dan"}
    assert c.Authenticator.blocked_users == {"grader-tpm-course"}
    assert c.SharedPasswordAuthenticator.user_password == "a-long-shared-password"
    assert c.JupyterHub.load_groups == {
        "nbgrader-tpm-course": {"users": ["dan"]},
        "formgrade-tpm-course": {"users": ["alice", "bob", "carol", "grader-tpm-course"]},
    }
    roles = {role["name"]: role for role in c.JupyterHub.load_roles}
    assert roles["tpm-course-staff"]["scopes"] == ["access:services!service=tpm-course"]
    assert roles["tpm-course-staff"]["groups"] == ["formgrade-tpm-course"]
    assert roles["tpm-course-instructor"]["users"] == ["alice"]
    assert roles["idle-culler"]["services"] == ["idle-culler"]
    services = {s["name"]: s for s in c.JupyterHub.services}
    formgrader = services["tpm-course"]
    assert formgrader["user"] == "grader-tpm-course" and formgrader["cwd"] == "/srv/nbgrader/tpm-course"
    assert formgrader["url"].startswith("http://127.0.0.1:")
    assert formgrader["environment"]["TPM_COURSE_DB_URL_FILE"] == "/etc/tpm-course/gradebook-url"
    assert "jupyterhub_idle_culler" in services["idle-culler"]["command"]
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    for folder in c.Spawner.environment["JUPYTER_CONFIG_PATH"].split(":"):
        assert Path(folder).is_dir(), folder


def test_no_secret_is_written_in_the_deploy_folder():
    text = "\n".join(p.read_text() for p in DEPLOY.rglob("*") if p.is_file())
    assert not re.search(r"(password|secret|token)\s*[=:]\s*['\"][^'\"$]{6,}", text, re.I)
    assert "example.org" in (DEPLOY / "kubernetes" / "config.yaml").read_text()  # placeholders only


def load_nbgrader_config(folder: str, monkeypatch, **env) -> Config:
    for name in ("TPM_COURSE_DB_URL", "TPM_COURSE_DB_URL_FILE", "TPM_COURSE_DIR", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("nbgrader_config.py", str(DEPLOY / "jupyter" / folder)).load_config()


def test_the_gradebook_is_sqlite_unless_a_postgresql_url_is_given(monkeypatch, tmp_path):
    assert "db_url" not in load_nbgrader_config("common", monkeypatch).CourseDirectory
    url = "postgresql+psycopg2://grader:pw@127.0.0.1:5432/gradebook"
    (tmp_path / "url").write_text(url + "\n")
    assert (
        load_nbgrader_config("common", monkeypatch, TPM_COURSE_DB_URL_FILE=str(tmp_path / "url")).CourseDirectory.db_url
        == url
    )
    common = load_nbgrader_config("common", monkeypatch, TPM_EXCHANGE_DIR="/shared/exchange")
    assert common.Exchange.root == "/shared/exchange" and common.Exchange.path_includes_course is True


def test_students_servers_file_work_under_the_hub_name_and_hide_the_formgrader(monkeypatch):
    assert load_nbgrader_config("students", monkeypatch, JUPYTERHUB_USER="ada").CourseDirectory.student_id == "ada"
    server = json.loads((DEPLOY / "jupyter" / "students" / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {"nbgrader.server_extensions.formgrader": False}
    page = json.loads((DEPLOY / "jupyter" / "students" / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"] == {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
    }


@pytest.fixture(scope="module")
def image_context(tmp_path_factory) -> Path:
    context = tmp_path_factory.mktemp("image")
    export_image_context(REPO, context)
    return context


def test_repo2docker_builds_the_image_from_environment_yml_and_post_build(image_context):
    """repo2docker --no-build writes the Dockerfile it would build, without Docker."""
    repo2docker = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [repo2docker, "--no-build", "--debug", str(image_context)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    assert "python=3.11" in dockerfile or "3.11" in dockerfile
    assert re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment.yml"', dockerfile)
    assert "RUN ./postBuild" in dockerfile
    assert (image_context / "postBuild").read_text() == (DEPLOY / "image" / "postBuild").read_text()
    assert not list(image_context.rglob("solutions"))


def test_post_build_is_valid_bash_and_installs_the_config_where_the_helm_values_look(image_context, helm_values):
    post_build = (image_context / "postBuild").read_text()
    assert subprocess.run(["bash", "-n", str(image_context / "postBuild")]).returncode == 0
    config_path = helm_values["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"]
    assert config_path.startswith("/srv/conda/envs/notebook/share/tpm-course/jupyter/")  # NB_PYTHON_PREFIX
    assert 'cp -r deploy/jupyter "${NB_PYTHON_PREFIX}/share/tpm-course/jupyter"' in post_build
    assert (
        "nbgrader.server_extensions.assignment_list" in post_build
        and "@jupyter-widgets/jupyterlab-manager" in post_build
    )


def test_the_image_environment_resolves(image_context):
    """environment.yml's packages plus postBuild's resolve together on PyPI (pip's resolver)."""
    environment = yaml.safe_load((image_context / "environment.yml").read_text())
    wanted = [d for d in environment["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    wanted += re.findall(r'"((?:jupyterhub|nbgitpuller)[^"]*)"', (image_context / "postBuild").read_text())
    report = image_context.parent / "resolution.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            str(report),
            *wanted,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    chosen = {
        i["metadata"]["name"].lower(): i["metadata"]["version"] for i in json.loads(report.read_text())["install"]
    }
    assert chosen["jupyterhub"].startswith("5.") and "nbgrader" in chosen and "nbgitpuller" in chosen
