"""A real JupyterHub for the tests: the deployment's config on 127.0.0.1, a PostgreSQL server
from Debian's packages, and every process they start stopped again by its pid."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

REPO = Path(__file__).resolve().parents[1]
PROXY = REPO / ".node" / "node_modules" / ".bin" / "configurable-http-proxy"
CHROMIUM = Path("/usr/bin/chromium")
# Headless, and no traffic of Chromium's own: the machine reaches no network but the registries.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "shared-password-for-tests"  # the shared-password authenticator's: tests only
COURSE = "tpm-course"
SERVER_SETTINGS = ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]  # PostgreSQL: loopback only, tests only


def missing_prerequisites() -> list[str]:
    """What tests/install_hub_prerequisites.sh has not installed (yet)."""
    missing = []
    if not PROXY.is_file():
        missing.append("configurable-http-proxy in .node/")
    if not CHROMIUM.is_file():
        missing.append("chromium")
    if not postgres_bin("initdb"):
        missing.append("postgresql")
    if not shutil.which("git"):
        missing.append("git")
    return missing


def postgres_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(server: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a server started in its own process group: SIGTERM, then SIGKILL if it lingers."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def wait_for(condition, timeout: float, what: str, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")


def _default_sigint():
    """Children of a non-interactive shell inherit SIGINT ignored; servers must stop on it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_tree(root_pid: int, known: set[psutil.Process], sig=signal.SIGTERM, timeout: float = 30) -> list[str]:
    """Signal ``root_pid``, wait, then SIGKILL it and every known or remaining descendant; names the survivors.

    Processes are held as ``psutil.Process`` (pid and start time): with pids wrapping at 32,768 in a
    long suite, a pid once seen may belong to another program by now, which must not be killed."""
    try:
        root = psutil.Process(root_pid)
        tree = {root, *known, *root.children(recursive=True)}
    except psutil.NoSuchProcess:
        root, tree = None, set(known)
    try:
        os.kill(root_pid, sig)
        if root is not None:
            root.wait(timeout)
    except (ProcessLookupError, psutil.NoSuchProcess, psutil.TimeoutExpired):
        pass
    survivors = []
    for process in tree:
        try:
            if not process.is_running() or process.status() == psutil.STATUS_ZOMBIE:
                continue  # gone, or its pid now another program's
            survivors.append(f"{process.pid} {' '.join(process.cmdline())[:200] or process.name()}")
            process.kill()
            process.wait(10)
        except (psutil.NoSuchProcess, psutil.TimeoutExpired):
            pass
    return survivors


class Postgres:
    """A throw-away PostgreSQL server on 127.0.0.1 holding the gradebook."""

    def __init__(self):
        # PostgreSQL refuses to run as root: as root it runs as Debian's postgres account,
        # in a folder that account can reach (pytest's temporary folders are private).
        self.account = "postgres" if os.geteuid() == 0 else None
        self.base = Path(tempfile.mkdtemp(prefix="tpm-course-pg-"))
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.process: subprocess.Popen | None = None

    def _run(self, *command: str) -> None:
        subprocess.run(
            command, check=True, capture_output=True, user=self.account, group=self.account, cwd=self.base, timeout=120
        )

    def start(self) -> str:
        """Start the server; returns the gradebook's SQLAlchemy URL."""
        if self.account:
            shutil.chown(self.base, self.account, self.account)
        data, sockets = self.base / "data", self.base / "sockets"
        options = ["-U", "postgres", "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]
        self._run(postgres_bin("initdb"), "-D", str(data), *options)
        self._run("mkdir", str(sockets))
        self.process = subprocess.Popen(
            [postgres_bin("postgres"), "-D", str(data), "-p", str(self.port), "-k", str(sockets), *SERVER_SETTINGS],
            user=self.account,
            group=self.account,
            cwd=self.base,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(self.base / "server.log", "wb"),  # noqa: SIM115 - the server owns it until it stops
        )
        psql = [shutil.which("psql") or postgres_bin("psql"), "-h", str(sockets), "-p", str(self.port)]
        psql += ["-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        as_server = dict(capture_output=True, user=self.account, group=self.account, cwd=self.base)
        ready = lambda: subprocess.run([*psql, "-c", "select 1"], **as_server).returncode == 0  # noqa: E731
        wait_for(ready, 60, "PostgreSQL accepting connections")
        self._run(
            *psql,
            "-c",
            f"CREATE ROLE grader LOGIN PASSWORD '{self.password}'",
            "-c",
            "CREATE DATABASE gradebook OWNER grader",
        )
        return f"postgresql+psycopg2://grader:{self.password}@127.0.0.1:{self.port}/gradebook"

    def stop(self) -> list[str]:
        survivors = []
        if self.process is not None:
            survivors = stop_tree(self.process.pid, set(), sig=signal.SIGINT)  # "fast" shutdown
            self.process.wait()
        shutil.rmtree(self.base, ignore_errors=True)
        return survivors


class Hub:
    """deploy/jupyterhub_config.py started on free ports of 127.0.0.1, with an instructor and a grader."""

    def __init__(self, root: Path, course_dir: Path, db_url_file: Path | None = None):
        self.root = root
        self.course_dir = course_dir
        self.exchange = root / "exchange"
        self.homes = root / "homes"
        self.state = root / "state"
        for folder in (self.exchange, self.homes, self.state, root / "service-home"):
            folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        self.log = root / "jupyterhub.log"
        self.env = {
            **os.environ,
            "TPM_TEST_REPO": str(REPO),
            "TPM_TEST_HUB_PORT": str(free_port()),
            "TPM_TEST_PROXY_API_PORT": str(free_port()),
            "TPM_TEST_HOMES": str(self.homes),
            "TPM_TEST_SERVICE_HOME": str(root / "service-home"),
            "TPM_TEST_HARNESS_TOKEN": self.token,
            "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(16),
            "TPM_COURSE_DIR": str(course_dir),
            "TPM_EXCHANGE_DIR": str(self.exchange),
            "TPM_HUB_STATE_DIR": str(self.state),
            "TPM_HUB_IP": "127.0.0.1",
            "TPM_HUB_PORT": str(self.port),
            "TPM_HUB_INSTRUCTORS": "instructor",
            "TPM_HUB_GRADERS": "grader",
            "TPM_HUB_STUDENTS": "",  # enrolled by `tpm-course hub roster --hub`
            "TPM_HUB_AUTHENTICATOR": "shared-password",
            "TPM_HUB_SHARED_PASSWORD": PASSWORD,
            "TPM_HUB_SPAWNER": "simple",
            "TPM_HUB_PROXY": str(PROXY),
            "TPM_COURSE_GRADER_ACCOUNT": "",  # the formgrader runs as the test's own account
            "TPM_COURSE_SERVICE_PORT": str(free_port()),
        }
        if db_url_file:
            self.env["TPM_COURSE_DB_URL_FILE"] = str(db_url_file)
        self.process: subprocess.Popen | None = None
        self.seen: set[psutil.Process] = set()  # every process of the hub's tree seen while it ran

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(REPO / "tests" / "hub_config.py")],
            cwd=self.state,
            env=self.env,
            stdout=open(self.log, "wb"),  # noqa: SIM115 - the server owns it until it stops
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )

        def ready():
            assert self.process.poll() is None, "JupyterHub exited:\n" + self.log_tail()
            try:
                return requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200
            except requests.ConnectionError:
                return False

        wait_for(ready, 90, "JupyterHub answering")
        wait_for(lambda: self.api("GET", "/services/tpm-course").json().get("pid"), 30, "formgrader service started")

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started, as of now (remembered for the final stop)."""
        hub = psutil.Process(self.process.pid)
        tree = [hub, *hub.children(recursive=True)]
        self.seen.update(tree)
        return tree

    def stop(self) -> list[str]:
        """Stop the hub (it stops servers, services and proxy), then kill any survivor by pid."""
        if self.process is None:
            return []
        try:
            self.processes()
        except psutil.NoSuchProcess:
            pass
        survivors = stop_tree(self.process.pid, self.seen, sig=signal.SIGTERM, timeout=60)
        self.process.wait()
        return survivors

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    # --- the REST API --------------------------------------------------------------------
    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, f"{self.url}/hub/api{path}", headers=headers, timeout=60, **kwargs)

    def token_for(self, user: str) -> str:
        response = self.api("POST", f"/users/{user}/tokens", json={"note": "hub tests", "expires_in": 3600})
        assert response.status_code == 201, response.text
        return response.json()["token"]

    def spawn(self, *users: str) -> None:
        """Start the users' servers together and wait until every one answers."""
        for user in users:
            response = self.api("POST", f"/users/{user}/server")
            assert response.status_code in (201, 202), response.text

        def all_ready():
            return all(self.api("GET", f"/users/{u}").json()["servers"].get("", {}).get("ready") for u in users)

        wait_for(all_ready, 150, f"servers of {', '.join(users)} ready", interval=0.5)

    def get(self, path: str, token: str, **kwargs) -> requests.Response:
        """GET a URL below the hub's address (a user's server, a service) as a token's owner."""
        return requests.get(
            f"{self.url}{path}",
            headers={"Authorization": f"token {token}"},
            timeout=120,
            allow_redirects=False,
            **kwargs,
        )

    def post(self, path: str, token: str, **kwargs) -> requests.Response:
        return requests.post(
            f"{self.url}{path}",
            headers={"Authorization": f"token {token}"},
            timeout=300,
            allow_redirects=False,
            **kwargs,
        )

    def put(self, path: str, token: str, **kwargs) -> requests.Response:
        return requests.put(
            f"{self.url}{path}",
            headers={"Authorization": f"token {token}"},
            timeout=120,
            allow_redirects=False,
            **kwargs,
        )


def listening_sockets(processes) -> list[tuple[str, int, str]]:
    """(address, port, process name) of every listening TCP socket of these processes."""
    found = []
    for process in processes:
        try:
            for conn in process.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    found.append((conn.laddr.ip, conn.laddr.port, process.name()))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def autograde(course_dir: Path, assignment: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The instructor's grading step, as typed in the formgrader's terminal: `tpm-course grade`."""
    return subprocess.run(
        [sys.executable, "-m", "tpm_course", "grade", assignment, "--no-progress"],
        cwd=course_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
