"""A control group per notebook (cgroup v1: memory, pids, cpu) holding its kernel and every process it starts.

A run makes one group under the grader's own group in each controller (``RunGroups``), and one
per worker slot inside it (``RunGroups.slot``): the slot's trusted checker runs there, and slots
share the cores equally, so a notebook that makes its checker work hard slows only its own slot. Each notebook gets a child group of its slot's (``NotebookGroup``): its memory limit counts
the kernel and all its children together, its process count is capped, and its CPU is one core at
most with equal shares, so a notebook's busy children slow only that notebook. The group is emptied
(every process in it killed) and removed when the notebook ends. Hosts with cgroup v2 only, no
controllers or no permission get none (``RunGroups.create`` says why).
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import TpmCourseError

CONTROLLERS = ("memory", "pids", "cpu")
CPU_PERIOD = 100_000  # microseconds: a notebook may use one core's worth of each period


class CgroupError(TpmCourseError, OSError):
    """The host gives no usable cgroup v1 controller; the message says which and why."""


def _mounts() -> dict[str, Path]:
    """controller -> where its v1 hierarchy is mounted."""
    found = {}
    with open("/proc/self/mounts") as mounts:
        for line in mounts:
            fields = line.split()
            if len(fields) > 3 and fields[2] == "cgroup":
                for option in fields[3].split(","):
                    if option in CONTROLLERS:
                        found.setdefault(option, Path(fields[1]))
    return found


def _own_groups() -> dict[str, str]:
    """controller -> this process's group in it (``/proc/self/cgroup``)."""
    groups = {}
    with open("/proc/self/cgroup") as listing:
        for line in listing:
            _, names, path = line.rstrip("\n").split(":", 2)
            for name in names.split(","):
                groups[name] = path
    return groups


@dataclass(frozen=True)
class RunGroups:
    """The run's group in each controller; ``notebook`` makes a limited group for one notebook."""

    folders: tuple[Path, ...]  # in CONTROLLERS order

    @classmethod
    def create(cls, name: str, prefix: str) -> RunGroups:
        """The groups ``name`` (``<prefix><pid>-...``); groups of runs whose process is gone are removed."""
        mounts, own = _mounts(), _own_groups()
        missing = [c for c in CONTROLLERS if c not in mounts or c not in own]
        if missing:
            raise CgroupError(f"no cgroup v1 {', '.join(missing)} controller mounted")
        parents = [mounts[c] / own[c].lstrip("/") for c in CONTROLLERS]
        for parent in parents:
            for stale in parent.glob(f"{prefix}*"):
                pid = stale.name[len(prefix) :].split("-")[0]
                if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                    cls((stale,)).remove()
        folders = tuple(parent / name for parent in parents)
        made = []
        try:
            for folder in folders:
                folder.mkdir(exist_ok=True)
                made.append(folder)
        except OSError as error:
            for folder in made:
                _rmdir(folder)
            raise CgroupError(f"cannot make a cgroup ({error.strerror}: {error.filename})") from None
        shares = folders[CONTROLLERS.index("cpu")] / "cpu.shares"
        if shares.exists():  # the run weighs what its kernels would as separate processes, one per core
            shares.write_text(str(1024 * (os.cpu_count() or 1)))
        return cls(folders)

    def slot(self, number: int) -> RunGroups:
        """A worker slot's groups: its trusted checker, and inside them each notebook's group. Slots
        weigh the same (``cpu.shares``), so when the cores are busy a slot whose notebook makes its
        checker work hard gets its own share, not a neighbour's. (A quota here too would cap the slot
        at one core, but throttling every wake-up of checker and kernel cost 8 ms a notebook.)"""
        folders = tuple(folder / f"slot{number}" for folder in self.folders)
        for folder in folders:
            folder.mkdir(exist_ok=True)
        shares = folders[CONTROLLERS.index("cpu")] / "cpu.shares"
        if shares.exists():
            shares.write_text("1024")
        return RunGroups(folders)

    def join(self) -> None:
        """Put the calling process in these groups."""
        NotebookGroup(self.folders).join()

    def notebook(self, name: str, memory: int, processes: int) -> NotebookGroup:
        group = NotebookGroup(tuple(folder / name for folder in self.folders))
        group.make(memory, processes)
        return group

    def remove(self) -> None:
        """Remove the run's groups (and any notebook group a killed worker left)."""
        for folder in self.folders:
            for child in folder.iterdir() if folder.is_dir() else ():
                if child.is_dir():
                    NotebookGroup((child,)).remove()
            _rmdir(folder)


@dataclass(frozen=True)
class NotebookGroup:
    folders: tuple[Path, ...]  # memory, pids, cpu

    def make(self, memory: int, processes: int) -> None:
        settings = {
            "memory.limit_in_bytes": memory,
            "pids.max": processes,
            "cpu.shares": 1024,
            "cpu.cfs_period_us": CPU_PERIOD,
            "cpu.cfs_quota_us": CPU_PERIOD,
        }
        for folder in self.folders:
            folder.mkdir(exist_ok=True)
            for name, value in settings.items():
                if (folder / name).exists():  # each controller's folder has its own files only
                    (folder / name).write_text(str(value))

    def join(self) -> None:
        """Put the calling process (and so everything it starts) in the group."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def oom_kills(self) -> int:
        """How many processes the memory limit killed (0 when the kernel does not count them)."""
        for folder in self.folders:
            control = folder / "memory.oom_control"
            if control.exists():
                for line in control.read_text().splitlines():
                    if line.startswith("oom_kill "):
                        return int(line.split()[1])
        return 0

    def processes(self) -> list[int]:
        pids = set()
        for folder in self.folders:
            try:
                pids.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except OSError:
                continue
        return sorted(pids)

    def remove(self) -> None:
        """Kill whatever is still in the group and the groups inside it, then remove them all."""
        for folder in self.folders:
            for inner in folder.iterdir() if folder.is_dir() else ():
                if inner.is_dir():
                    NotebookGroup((inner,)).remove()
        for _ in range(200):
            left = [pid for pid in self.processes() if pid != os.getpid()]  # a spawner waiting in it leaves later
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.005)
        for folder in self.folders:
            _rmdir(folder)


def _rmdir(folder: Path) -> None:
    """Remove an empty group; the kernel may take a moment to release a group whose last process just died."""
    for _ in range(100):
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.005)
