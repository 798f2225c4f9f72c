"""A fix for nbclient, applied in the website's Sphinx process: a widget cell's reply is read when it arrives.

nbclient stands in for an ipywidgets Output while it runs a notebook, and sends that widget's
state with ``Session.send``, which writes to a blocking shadow of the shell socket. The write can
consume the socket's wake-up for an ``execute_reply`` arriving at that moment; the reply is then
read only when the cell's timeout expires (seen here: a lesson's build stalled for the whole
timeout, both the kernel and Sphinx idle). Sending on the asyncio socket itself makes pyzmq look
for waiting replies. tests/test_notebooks.py works around the same stall for its own runs.
"""

from __future__ import annotations


def _send_on_the_asyncio_socket(self, msg_type, data=None, metadata=None, buffers=None, **keys) -> None:
    from nbclient.jsonutil import json_clean

    content = json_clean(dict(data=data or {}, comm_id=self.comm_id, **keys))
    session = self.kernel_client.session
    message = session.msg(msg_type, content=content, parent=self.parent_header, metadata=metadata or {})
    self.kernel_client.shell_channel.socket.send_multipart(session.serialize(message) + list(buffers or []))


def install() -> None:
    """Make every nbclient Output stand-in of this process send through the asyncio socket."""
    from nbclient.output_widget import OutputWidget

    OutputWidget._publish_msg = _send_on_the_asyncio_socket
