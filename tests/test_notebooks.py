"""Does every lesson and solution notebook run top to bottom in a fresh kernel?

The notebooks run once per session, two at a time (``TPM_TEST_NOTEBOOK_WORKERS``), each in a
fresh kernel started by its own process; the tests read the executed notebooks.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.jsonutil import json_clean
from nbclient.output_widget import OutputWidget

from conftest import REPO, module_stems

LESSONS = [REPO / "lessons" / f"{stem}.ipynb" for stem in module_stems()]
NOTEBOOKS = LESSONS + [REPO / "solutions" / stem / f"{stem}.ipynb" for stem in module_stems()]
WORKERS = int(os.environ.get("TPM_TEST_NOTEBOOK_WORKERS", "2"))
CELL_TIMEOUT = 60  # no cell needs 10 s; a slow shared machine gets the rest


class ReplyWakingOutputWidget(OutputWidget):
    """nbclient's stand-in for an ipywidgets Output, sending its state through the asyncio socket.

    nbclient's own sends with ``Session.send``, which writes to a blocking shadow of the shell
    socket. That write can consume the socket's wake-up signal for an ``execute_reply`` that
    arrives at the same moment, and the reply is then read only when the poll times out
    (a widget cell built with ``interactive_output`` took exactly the cell timeout about once in
    15 lesson runs). A send on the asyncio socket itself makes pyzmq look for waiting replies.
    """

    def _publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys) -> None:
        content = json_clean(dict(data=data or {}, comm_id=self.comm_id, **keys))
        session = self.kernel_client.session
        msg = session.msg(msg_type, content=content, parent=self.parent_header, metadata=metadata or {})
        self.kernel_client.shell_channel.socket.send_multipart(session.serialize(msg) + list(buffers or []))


def client(notebook, path: Path, timeout: float = CELL_TIMEOUT) -> NotebookClient:
    """An nbclient for one notebook, run in its own folder, with the Output stand-in above."""
    runner = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    runner.widget_registry["@jupyter-widgets/output"]["OutputModel"] = ReplyWakingOutputWidget
    return runner


def execute(path: Path):
    """The notebook run top to bottom in a fresh kernel."""
    notebook = nbformat.read(path, as_version=4)
    # Errors are allowed only in cells tagged raises-exception (a lesson's unanswered self-checks).
    client(notebook, path).execute()
    return notebook


@pytest.fixture(scope="module")
def executed():
    """path -> the executed notebook, or the exception its execution raised."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, not a fork of pytest
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        futures = {path: pool.submit(execute, path) for path in NOTEBOOKS}
        return {path: future.exception() or future.result() for path, future in futures.items()}


def executed_notebook(executed, path):
    result = executed[path]
    if isinstance(result, BaseException):
        raise result
    return result


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[str(p.relative_to(REPO)) for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(executed, path):
    notebook = executed_notebook(executed, path)
    errors = [
        c
        for c in notebook.cells
        if c.cell_type == "code" and any(o.output_type == "error" for o in c.get("outputs", []))
    ]
    if path.parts[-3] == "solutions":
        assert not errors, "a solution notebook passes every one of its own checks"
    for cell in errors:
        assert "raises-exception" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_renders_a_widget_and_a_plotly_chart(executed, path):
    """The course's definition of done: each lesson has at least one control and one chart."""
    notebook = executed_notebook(executed, path)
    mimetypes = {
        m for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []) for m in o.get("data", {})
    }
    assert "application/vnd.jupyter.widget-view+json" in mimetypes, path.name
    assert "application/vnd.plotly.v1+json" in mimetypes, path.name
