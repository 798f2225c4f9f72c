"""deploy/jupyterhub_config.py as the hub tests run it, with only what a test machine changes.

Everything else (authenticator, spawner, paths, ports) the tests set through the same
environment variables an admin uses.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub
load_subconfig(str(Path(os.environ["TPM_TEST_REPO"]) / "deploy" / "jupyterhub_config.py"))  # noqa: F821

c.JupyterHub.hub_port = int(os.environ["TPM_TEST_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['TPM_TEST_PROXY_API_PORT']}"
c.SimpleLocalProcessSpawner.home_dir_template = os.environ["TPM_TEST_HOMES"] + "/{username}"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# One unix account runs everything here, root in CI: Jupyter must be told that is fine, and
# the formgrader's own Jupyter folders stay inside the test's temporary tree.
c.Spawner.args = ["--ServerApp.allow_root=True"]
service_home = Path(os.environ["TPM_TEST_SERVICE_HOME"])
for service in c.JupyterHub.services:
    if service["name"] == "tpm-course":
        service["command"] = [*service["command"], "--ServerApp.allow_root=True"]
        service["environment"].update(
            {
                "HOME": str(service_home),
                "JUPYTER_DATA_DIR": str(service_home / "data"),
                "JUPYTER_RUNTIME_DIR": str(service_home / "runtime"),
                "IPYTHONDIR": str(service_home / "ipython"),
            }
        )

# The tests act as the hub's administrator through this service's token.
c.JupyterHub.services.append({"name": "test-harness", "api_token": os.environ["TPM_TEST_HARNESS_TOKEN"]})
c.JupyterHub.load_roles.append({"name": "admin", "services": ["test-harness"]})
