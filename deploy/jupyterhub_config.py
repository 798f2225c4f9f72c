"""JupyterHub for one tpm-course cohort on one Linux machine.

Instructors and graders reach nbgrader's formgrader, which the hub runs as a service in the
course directory; students get their own servers with the assignment list, and everyone
shares nbgrader's exchange folder. Every setting comes from the environment (see
hub.env.example beside this file); no secret is written here.

    jupyterhub -f /etc/tpm-course/jupyterhub_config.py
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub

COURSE = "tpm-course"
STUDENTS_GROUP = f"nbgrader-{COURSE}"  # nbgrader's name for a course's students
STAFF_GROUP = f"formgrade-{COURSE}"  # ... and for the people who grade it
# The formgrader acts as this hub user, a member of the staff group that nobody logs in as.
GRADER_ACCOUNT = f"grader-{COURSE}"


def setting(name, default=""):
    return os.environ.get(name, default).strip()


def names(variable):
    """A comma-separated list of hub user names from the environment."""
    return [n.strip() for n in setting(variable).split(",") if n.strip()]


def secret(name):
    """A secret from $NAME, else from the file $NAME_FILE names, else None."""
    if setting(name):
        return setting(name)
    if setting(f"{name}_FILE"):
        return Path(setting(f"{name}_FILE")).read_text(encoding="utf-8").strip()
    return None


course_dir = setting("TPM_COURSE_DIR", "/srv/nbgrader/tpm-course")
exchange_dir = setting("TPM_EXCHANGE_DIR", "/srv/nbgrader/exchange")
state_dir = Path(setting("TPM_HUB_STATE_DIR", "/var/lib/tpm-course"))
jupyter_config = Path(setting("TPM_JUPYTER_CONFIG", str(Path(__file__).resolve().parent / "jupyter")))
scripts = Path(sys.executable).parent  # the environment the hub runs in serves everyone
# Servers and services find this environment's commands first (nbgrader runs `alembic`).
search_path = os.pathsep.join([str(scripts), os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")])

instructors, graders, students = names("TPM_HUB_INSTRUCTORS"), names("TPM_HUB_GRADERS"), names("TPM_HUB_STUDENTS")

# --- the hub itself ---------------------------------------------------------------------
c.JupyterHub.ip = setting("TPM_HUB_IP", "127.0.0.1")  # put a TLS proxy in front, or set the address
c.JupyterHub.port = int(setting("TPM_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state_dir / "jupyterhub.pid")
# The proxy's token comes from $CONFIGPROXY_AUTH_TOKEN when set; JupyterHub makes one otherwise.

# --- who logs in ------------------------------------------------------------------------
# "pam" (local accounts, the default), "local-github" (GitHub logins; pip install oauthenticator),
# or "shared-password" (one password for everyone: workshops and tests, never a graded cohort,
# because any student can log in as any other).
c.JupyterHub.authenticator_class = setting("TPM_HUB_AUTHENTICATOR", "pam")
c.Authenticator.admin_users = set(names("TPM_HUB_ADMINS"))
c.Authenticator.allowed_users = set(instructors + graders + students)
c.Authenticator.allow_existing_users = True  # students added later by `tpm-course hub roster --hub`
c.Authenticator.blocked_users = {GRADER_ACCOUNT}
c.LocalAuthenticator.create_system_users = setting("TPM_HUB_CREATE_SYSTEM_USERS") == "1"
c.SharedPasswordAuthenticator.user_password = secret("TPM_HUB_SHARED_PASSWORD")

# --- everyone's own server --------------------------------------------------------------
c.JupyterHub.spawner_class = setting("TPM_HUB_SPAWNER", "localprocess")
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    # students/ turns the formgrader off and files work under the hub name; common/ is shared
    "JUPYTER_CONFIG_PATH": os.pathsep.join(str(jupyter_config / d) for d in ("students", "common")),
    "TPM_EXCHANGE_DIR": exchange_dir,
    "PATH": search_path,
}

# --- groups and roles -------------------------------------------------------------------
c.JupyterHub.load_groups = {
    STUDENTS_GROUP: {"users": students},
    STAFF_GROUP: {"users": instructors + graders + [GRADER_ACCOUNT]},
}
c.JupyterHub.load_roles = [
    {
        "name": "server",  # the token of each user's server: nbgrader reads the user's groups with it
        "scopes": [
            "users:activity!user",
            "access:servers!server",
            "read:users:name!user",
            "read:users:groups!user",
            "list:services",
            "read:services",
        ],
    },
    {
        "name": f"{COURSE}-staff",
        "description": "Instructors and graders open the formgrader service",
        "scopes": [f"access:services!service={COURSE}"],
        "groups": [STAFF_GROUP],
    },
    {
        "name": f"{COURSE}-instructor",
        "description": "Instructors also enrol students: create hub users and manage the students group",
        "scopes": [
            "admin:users",
            "list:users",
            "read:users",
            f"groups!group={STUDENTS_GROUP}",
            f"read:groups!group={STUDENTS_GROUP}",
            f"list:groups!group={STUDENTS_GROUP}",
        ],
        "users": instructors,
    },
    {
        "name": f"{COURSE}-formgrader",
        "description": "The formgrader reads users and enrols students in the course group",
        "scopes": ["list:users", "read:users", "list:groups", "read:groups", f"groups!group={STUDENTS_GROUP}"],
        "services": [COURSE],
    },
    {
        "name": "idle-culler",
        "description": "Stop servers nobody has used for a while",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]

# --- services: the course's formgrader and the idle culler ------------------------------
formgrader = {
    "name": COURSE,
    "url": f"http://127.0.0.1:{setting('TPM_COURSE_SERVICE_PORT', '9999')}",
    "command": [str(scripts / "jupyterhub-singleuser")],
    "cwd": course_dir,
    "oauth_no_confirm": True,
    "environment": {
        "JUPYTERHUB_USER": GRADER_ACCOUNT,
        "JUPYTERHUB_DEFAULT_URL": "/formgrader",
        "JUPYTER_CONFIG_PATH": str(jupyter_config / "common"),
        "TPM_COURSE_DIR": course_dir,
        "TPM_EXCHANGE_DIR": exchange_dir,
        "PATH": search_path,
    },
}
if setting("TPM_COURSE_DB_URL_FILE"):  # PostgreSQL gradebook: the file stays readable by the grader only
    formgrader["environment"]["TPM_COURSE_DB_URL_FILE"] = setting("TPM_COURSE_DB_URL_FILE")
if setting("TPM_COURSE_GRADER_ACCOUNT", GRADER_ACCOUNT):  # the unix account owning the course directory
    formgrader["user"] = setting("TPM_COURSE_GRADER_ACCOUNT", GRADER_ACCOUNT)

c.JupyterHub.services = [
    formgrader,
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={setting('TPM_HUB_CULL_IDLE_SECONDS', '3600')}",
            "--cull-every=300",
        ],
    },
]

# configurable-http-proxy from npm: on PATH, or where $TPM_HUB_PROXY says.
c.ConfigurableHTTPProxy.command = [setting("TPM_HUB_PROXY", "configurable-http-proxy")]
