"""A kernel without the kernel: an IPython shell that records outputs as nbclient would.

``GradingShell.run`` executes one cell and returns its outputs in nbformat's shape
(``stream``, ``display_data``, ``execute_result``, ``error``), built the way ipykernel
and nbclient build them, so that nbgrader's scoring reads them exactly as it reads a real
kernel's. Output is kept within a character budget per cell; an error output and the
first ``stderr`` output are never dropped, because nbgrader scores by them.
"""

from __future__ import annotations

import base64

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell

KEEP = 2_000  # characters of an output always kept, whatever the budget


class Outputs:
    """The outputs of the running cell, within ``max_chars`` characters."""

    def __init__(self, max_chars: int, max_outputs: int = 2_000):
        self.max_chars, self.max_outputs, self.dropped = max_chars, max_outputs, 0
        self.cell: list[dict] = []
        self.chars = 0
        self.cut = 0
        self.clear_pending = False
        self.displays: dict[str, list[dict]] = {}  # display_id -> outputs showing it

    def start(self) -> None:
        self.cell, self.chars, self.cut, self.clear_pending, self.dropped = [], 0, 0, False, 0

    def finish(self) -> list[dict]:
        if self.dropped:  # the cap on outputs (``Limits.output_count``); errors are never dropped
            self.cell.append({"output_type": "stream", "name": "stdout", "text": f"... {self.dropped:,} outputs cut\n"})
        if self.cut:
            self.stream(
                "stdout",
                f"\n... {self.cut:,} more characters of output were cut by the grader "
                f"(at most {self.max_chars:,} a cell) ...\n",
                note=True,
            )
        return self.cell

    def _take(self, text: str, keep: int = 0) -> str:
        room = max(self.max_chars - self.chars, keep)
        piece = text[:room]
        self.chars += len(piece)
        self.cut += len(text) - len(piece)
        return piece

    def _append(self, output: dict) -> None:
        if self.clear_pending:
            self.cell.clear()
            self.clear_pending = False
        if len(self.cell) >= self.max_outputs and output["output_type"] != "error":
            self.dropped += 1
            return
        self.cell.append(output)

    def stream(self, name: str, text: str, note: bool = False) -> None:
        if not text:
            return
        first_stderr = name == "stderr" and not any(
            o["output_type"] == "stream" and o["name"] == "stderr" for o in self.cell
        )
        piece = text if note else self._take(text, keep=min(len(text), KEEP) if first_stderr else 0)
        if not piece:
            return
        last = self.cell[-1] if self.cell and not self.clear_pending else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += piece
        else:
            self._append({"output_type": "stream", "name": name, "text": piece})

    def rich(
        self,
        kind: str,
        data: dict,
        metadata: dict,
        transient: dict | None = None,
        update: bool = False,
        execution_count: int | None = None,
    ) -> None:
        data = {mime: _jsonable(value) for mime, value in data.items()}
        size = sum(len(v) if isinstance(v, str) else len(repr(v)) for v in data.values())
        if size > self.max_chars - self.chars:
            plain = data.get("text/plain", "")
            plain = plain if isinstance(plain, str) else repr(plain)
            self.cut += size - min(len(plain), KEEP)
            data = (
                {"text/plain": plain[:KEEP]}
                if kind == "execute_result"
                else {"text/plain": f"<an output of {size:,} characters was removed by the grader>"}
            )
            metadata = {}
        self.chars += min(size, self.max_chars)
        display_id = (transient or {}).get("display_id")
        if update:
            for shown in self.displays.get(display_id, []):
                shown["data"], shown["metadata"] = data, metadata
            return
        output = {"output_type": kind, "data": data, "metadata": metadata}
        if kind == "execute_result":
            output["execution_count"] = execution_count
        if display_id:
            self.displays.setdefault(display_id, []).append(output)
        self._append(output)

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        lines = [self._take(str(line), keep=KEEP) for line in traceback[:400]]
        self._append(
            {"output_type": "error", "ename": ename, "evalue": self._take(evalue, keep=KEEP), "traceback": lines}
        )

    def clear(self, wait: bool) -> None:
        if wait:
            self.clear_pending = True
        else:
            self.cell.clear()


def _jsonable(value):
    """Mime data as JSON would carry it (images as base64, as ipykernel sends them)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


class CapturedStream:
    """``sys.stdout`` / ``sys.stderr`` of a cell: text becomes stream outputs."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, outputs: Outputs, name: str, fd: int):
        self.outputs, self.name, self._fd = outputs, name, fd

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.outputs.stream(self.name, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def readable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return False


class RecordingDisplayHook(DisplayHook):
    """Turns a cell's last expression into an ``execute_result``, as ipykernel does."""

    outputs: Outputs | None = None

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.outputs.rich("execute_result", format_dict, md_dict or {}, execution_count=self.prompt_count)

    def finish_displayhook(self) -> None:
        self._is_active = False


class RecordingDisplayPublisher(DisplayPublisher):
    """Turns ``display()`` into ``display_data`` outputs and honours ``clear_output``."""

    outputs: Outputs | None = None

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        kind = "display_data"
        self.outputs.rich(kind, data, metadata or {}, transient=transient, update=update)

    def clear_output(self, wait=False) -> None:
        self.outputs.clear(wait)


class GradingShell(InteractiveShell):
    """The shell a submission runs in: ipykernel's behaviour, no sockets."""

    displayhook_class = RecordingDisplayHook
    display_pub_class = RecordingDisplayPublisher

    outputs: Outputs | None = None
    _last_traceback: list[str] | None = None
    _last_traceback_during_displayhook = False

    def attach(self, outputs: Outputs) -> None:
        self.outputs = outputs
        self.displayhook.outputs = outputs
        self.display_pub.outputs = outputs

    def _showtraceback(self, etype, evalue, stb):
        if self.displayhook.is_active:
            self._last_traceback_during_displayhook = True
        self.outputs.error(str(etype.__name__), str(evalue), stb)
        self._last_traceback = stb

    def ask_exit(self):
        self.exit_now = True

    def run(self, source: str):
        """Run one cell; returns ``(result, reply_error)``.

        ``reply_error`` is what ipykernel's execute reply would carry when the cell failed
        (``ename``, ``evalue``, ``traceback``), else None.
        """
        self._last_traceback = None
        self._last_traceback_during_displayhook = False
        result = self.run_cell(source, store_history=True, silent=False)
        if result.success and not self._last_traceback_during_displayhook:
            return result, None
        error = result.error_before_exec if result.error_before_exec is not None else result.error_in_exec
        return result, {
            "ename": str(type(error).__name__),
            "evalue": str(error),
            "traceback": self._last_traceback or [],
        }


def make_shell() -> GradingShell:
    """The one shell of this process, created before any fork so each child inherits it."""
    from traitlets.config import Config

    if GradingShell.initialized():
        return GradingShell.instance()
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    return GradingShell.instance(config=config)
