"""A block of uids of its own for each grading run, so that two runs at once never share a uid.

Slot k of a run runs student code as ``base + k``. The blocks taken are listed in one file,
read and written under an exclusive ``flock``; a block is free again when its run releases it,
or when the run's process is gone (a killed run never releases anything).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

FIRST = 64_000  # the first block's first uid
BLOCK = 1_000  # uids per run: its worker slots and discovery slots
BLOCKS = 500
TABLE = "grading-uids"  # in /run, else the temporary folder


def _table() -> Path:
    folder = Path("/run") if os.access("/run", os.W_OK) else Path(os.environ.get("TMPDIR", "/tmp"))
    return folder / TABLE


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _update(change) -> int | None:
    """Call ``change(taken)`` on {base: pid} of the live runs under the lock; write back what it leaves."""
    path = _table()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "r+") as table:
            taken = {}
            for line in table.read().splitlines():
                fields = line.split()
                if len(fields) == 2 and fields[0].isdigit() and fields[1].isdigit() and _alive(int(fields[1])):
                    taken[int(fields[0])] = int(fields[1])
            answer = change(taken)
            table.seek(0)
            table.truncate()
            table.write("".join(f"{base} {pid}\n" for base, pid in sorted(taken.items())))
        return answer
    finally:
        os.close(fd)


def allocate() -> int:
    """The first uid of a block no live run holds, now held by this process."""

    def take(taken: dict[int, int]) -> int:
        for number in range(BLOCKS):
            base = FIRST + number * BLOCK
            if base not in taken:
                taken[base] = os.getpid()
                return base
        raise OSError("every block of grading uids is taken by a live run")

    return _update(take)


def release(base: int) -> None:
    """Free the block at ``base`` if this process holds it."""

    def drop(taken: dict[int, int]) -> None:
        if taken.get(base) == os.getpid():
            del taken[base]

    _update(drop)


def held() -> dict[int, int]:
    """{base: pid} of the blocks live runs hold (for tests and reports)."""
    return _update(lambda taken: dict(taken))
