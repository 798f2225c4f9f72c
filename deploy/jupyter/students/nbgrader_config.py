"""nbgrader settings of a user's own server: the exchange knows the student by hub name."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader

# Submissions and feedback are filed under the JupyterHub user name, whatever unix
# account the server runs as (all one account in tests, jupyter-<name> on some hubs).
if os.environ.get("JUPYTERHUB_USER"):
    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
