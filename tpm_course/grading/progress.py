"""A plain-text progress bar on stderr: done / total, rate, time left, and what needs the instructor."""

from __future__ import annotations

import sys
import time

WIDTH = 24


def clock(seconds: float) -> str:
    seconds = max(round(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, total: int, label: str, stream=None, enabled: bool = True):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.live = self.enabled and getattr(self.stream, "isatty", lambda: False)()
        self.started = time.monotonic()
        self.last = 0.0
        self.done = self.not_graded = self.flagged = 0

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        share = self.done / self.total if self.total else 1.0
        bar = "#" * int(share * WIDTH) + "-" * (WIDTH - int(share * WIDTH))
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else None
        eta = clock(left) if left is not None else "?"
        return (
            f"{self.label} [{bar}] {self.done}/{self.total} {share:4.0%}  {rate:.1f} submissions/s  "
            f"ETA {eta}  not graded {self.not_graded}  flagged {self.flagged}"
        )

    def advance(self, not_graded: bool, flagged: bool) -> None:
        self.done += 1
        self.not_graded += not_graded
        self.flagged += flagged
        if not self.enabled:
            return
        now = time.monotonic()
        if self.live and (now - self.last >= 0.1 or self.done == self.total):
            self.stream.write("\r" + self.line())
            self.stream.flush()
            self.last = now
        elif not self.live and (now - self.last >= 5 or self.done == self.total):
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self.last = now

    def finish(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
