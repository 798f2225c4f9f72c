"""JSON lines read from a descriptor a chunk at a time: the grader's processes all talk this way.

A line can be megabytes (a data frame the checker asked for), read in many chunks: ``LineBuffer``
looks for the line's end only in bytes it has not looked at yet and appends in place, so reading
a line costs in proportion to its length, not to its length times the number of chunks.
"""

from __future__ import annotations


class LineBuffer:
    """Chunks in (``add``), whole lines out (``line``)."""

    def __init__(self):
        self.data = bytearray()
        self.scanned = 0  # bytes already known to hold no line end

    def add(self, chunk: bytes) -> None:
        self.data += chunk

    def line(self) -> bytes | None:
        """The next whole line without its end, or None while there is none yet."""
        end = self.data.find(b"\n", self.scanned)
        if end < 0:
            self.scanned = len(self.data)
            return None
        line = bytes(self.data[:end])
        del self.data[: end + 1]
        self.scanned = 0
        return line

    def clear(self) -> None:
        self.data.clear()
        self.scanned = 0
