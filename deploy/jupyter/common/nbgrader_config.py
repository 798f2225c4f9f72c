"""nbgrader settings every process of a hosted course shares: students' servers and the formgrader.

JUPYTER_CONFIG_PATH points here (the hub sets it, see ../../jupyterhub_config.py). Paths and
the gradebook come from the environment, so one file serves one machine and Kubernetes.
"""

import os

from nbgrader.auth import JupyterHubAuthPlugin

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "tpm-course"

# One exchange folder on shared storage, with a sub-folder per course (nbgrader's
# "multiple classes" layout): fetched assignments land in ~/tpm-course/<assignment>/.
c.Exchange.root = os.environ.get("TPM_EXCHANGE_DIR", "/srv/nbgrader/exchange")
c.Exchange.path_includes_course = True

# Course membership comes from JupyterHub groups: nbgrader-<course> for students,
# formgrade-<course> for instructors and graders.
c.Authenticator.plugin_class = JupyterHubAuthPlugin

# Instructors' and graders' processes only: where the course directory lives ...
if os.environ.get("TPM_COURSE_DIR"):
    c.CourseDirectory.root = os.environ["TPM_COURSE_DIR"]


def _gradebook_url():
    """The gradebook's SQLAlchemy URL from TPM_COURSE_DB_URL or the file TPM_COURSE_DB_URL_FILE names."""
    if os.environ.get("TPM_COURSE_DB_URL"):
        return os.environ["TPM_COURSE_DB_URL"]
    path = os.environ.get("TPM_COURSE_DB_URL_FILE")
    if path:
        with open(path, encoding="utf-8") as secret:
            return secret.read().strip()
    return None


# ... and which gradebook to use: PostgreSQL lets several graders work at once. Without
# either variable nbgrader keeps its SQLite file, gradebook.db, in the course directory.
_url = _gradebook_url()
if _url:
    c.CourseDirectory.db_url = _url
