"""The sandboxed child that runs one notebook: forked, limited, in a scratch folder, reaped.

What holds for every child: its own session and process group, stdin from /dev/null,
stdout/stderr into anonymous memory files, no inherited file descriptor but its report
pipe, a scratch working directory holding copies of the submission's files, resource
limits on address space, processes, file size, open files and CPU time (wall-clock limits
are enforced from outside by the worker, see ``execute``), death with its spawner, and no
process left behind. What more the machine allows (a uid of its own, a pid namespace whose
process 1 it is, hidden course folders and private scratch folders, a cgroup holding it and
all its children, no network) is decided in ``isolation``. With a pid namespace the child is its
process 1: its parent (outside) is out of its sight, and everything it starts dies with it.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .isolation import Isolation, fork_into_pid_namespace, hide_course, leave_network, prepare_run_folder

_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_CHILD_SUBREAPER, _PR_SET_NO_NEW_PRIVS = 1, 4, 36, 38


COPIED_PAGES = 256 * 2**20  # the cgroup's allowance for pages of the pre-warmed interpreter a notebook writes to


@dataclass(frozen=True)
class Limits:
    """What one notebook may use. Times in seconds, sizes in bytes."""

    cell_timeout: float | None = 60.0
    notebook_timeout: float = 120.0
    memory: int = 2 * 2**30  # address space a notebook may add to the pre-warmed interpreter's
    processes: int = 64
    file_size: int = 64 * 2**20
    open_files: int = 256
    output_chars: int = 100_000  # characters of output kept per cell
    output_count: int = 2_000  # outputs kept per cell (``display`` calls, streams, errors)
    scratch_size: int = 256 * 2**20  # each of the private /tmp, /var/tmp and /dev/shm
    notebook_bytes: int = 20 * 2**20  # a submitted notebook's file, refused before it is parsed when larger
    notebook_cells: int = 2_000  # cells of a submitted notebook, refused before it is sanitised when more
    timeout_error: dict = field(
        default_factory=lambda: {
            "ename": "CellTimeoutError",
            "evalue": "",
            "traceback": ["\x1b[0;31mCellTimeoutError\x1b[0m: No reply from kernel before timeout"],
        }
    )

    @property
    def cpu_seconds(self) -> int:
        """CPU time a notebook's kernel may use (its process is killed at it)."""
        return int(self.notebook_timeout) + 5


def _libc():
    return ctypes.CDLL(None, use_errno=True)


class Sandbox:
    """The scratch folder and identity of one worker slot's children."""

    def __init__(
        self, run_dir: Path, slot: int, isolation: Isolation, hidden: list[Path] = (), limits: Limits = Limits()
    ):
        self.isolation = isolation
        self.uid = isolation.uid_base + slot if isolation.drop_uid else os.getuid()
        self.gid = isolation.uid_base + slot if isolation.drop_uid else os.getgid()
        self.slot = slot
        self.base = Path(run_dir) / f"slot{slot}"
        self.work = self.base / "work"
        self.hidden = [Path(p) for p in hidden if Path(p).exists()]
        self.limits = limits
        self.pending: int | None = None
        self.group = None  # the running notebook's cgroup
        self.ahead = None  # the next notebook's cgroup, this process already in it (``make_ahead``)
        self.born_in_group = False  # the running child was forked inside its cgroup
        self.spawned = 0
        self.exceeded: str | None = None  # the limit that ended the last child: "memory" or "cpu"
        self.base.mkdir(parents=True, exist_ok=True)
        os.chmod(self.base, 0o711)
        if isolation.hide:
            prepare_run_folder(isolation, Path(run_dir))
        self._nproc_base = 0 if isolation.drop_uid else _processes_of(os.getuid()) + 32

    # -- the scratch folder ---------------------------------------------------

    def fresh_workdir(self, files: dict[str, Path]) -> Path:
        """An empty scratch folder holding copies of ``files`` (relative name -> source)."""
        self.settle()
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(mode=0o700)
        for name, source in files.items():
            target = self.work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        (self.work / ".tmp").mkdir()
        if self.isolation.drop_uid:
            for folder, _dirs, names in os.walk(self.work):
                os.chown(folder, self.uid, self.gid)
                for name in names:
                    os.chown(os.path.join(folder, name), self.uid, self.gid)
        return self.work

    def clear(self) -> None:
        """Remove the scratch folder, or leave it to the next ``fresh_workdir`` while a finished child's
        processes are still being torn down (``let_finish``): the worker need not wait for that."""
        if self.pending is None:
            shutil.rmtree(self.work, ignore_errors=True)

    # -- the child ------------------------------------------------------------

    def spawn(self, body) -> tuple[int, int]:
        """Fork a child that enters the sandbox and runs ``body(report_fd)``; returns (pid, our end of its socket)."""
        self.settle()
        self._new_group()
        ours, theirs = socket.socketpair()  # both ways: the trusted checker's requests go to the child
        read_fd, write_fd = ours.detach(), theirs.detach()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        pid = fork_into_pid_namespace() if self.isolation.pid_ns else os.fork()
        if pid == 0:  # never returns
            os.close(read_fd)
            self._child(write_fd, body)
        os.close(write_fd)
        return pid, read_fd

    def _new_group(self) -> None:
        self.exceeded = None
        self.group, self.ahead = self.ahead, None
        self.born_in_group = self.group is not None
        if self.group is None and self.isolation.groups is not None:
            self.group = self._make_group()

    def make_ahead(self) -> None:
        """In a spawner, once its child is forked: make the next notebook's cgroup and move this process
        into it, so that the next child is born there. Moving a process between cgroup v1 groups waits
        for an RCU grace period (12 ms here), which then overlaps a notebook instead of starting one."""
        if self.isolation.groups is not None and self.ahead is None:
            group = self._make_group()
            try:
                group.join()
            except OSError:  # the next child joins it itself
                group.remove()
                return
            self.ahead = group

    def _make_group(self):
        self.spawned += 1
        name = f"slot{self.slot}-{os.getpid()}-{self.spawned}"
        processes = self.limits.processes + 4  # the kernel besides what it starts, and a margin
        memory = self.limits.memory + COPIED_PAGES
        return self.isolation.groups.slot(self.slot).notebook(name, memory, processes)

    def _child(self, write_fd: int, body) -> None:
        code = 0
        try:
            _oom_score(0)  # a spawner's is -1000
            if self.group is not None and not self.born_in_group:
                self.group.join()
            self._enter(write_fd)
            body(write_fd)
        except BaseException as error:
            code = 70
            try:
                os.write(write_fd, (f'{{"t": "crash", "error": {repr_json(error)}}}\n').encode())
            except OSError:
                pass
        finally:
            os._exit(code)

    def _enter(self, keep_fd: int) -> None:
        os.setsid()
        out = os.memfd_create("stdout")
        err = os.memfd_create("stderr")
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        if keep_fd < 3:  # pragma: no cover - pipes are never 0-2 here
            raise RuntimeError("report pipe on a standard descriptor")
        os.closerange(3, keep_fd)
        os.closerange(keep_fd + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
        libc = _libc()
        if self.isolation.hide:
            hide_course(libc, self.isolation, self.hidden, Path(self.base).parent, self.limits.scratch_size)
        if self.isolation.net:
            leave_network(libc)
        os.chdir(self.work)
        self._set_limits()
        if self.isolation.drop_uid:
            os.setgroups([])
            os.setgid(self.gid)
            os.setuid(self.uid)
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)  # no other process of this uid may read its memory
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def _set_limits(self) -> None:
        limits = self.limits
        address_space = _address_space() + limits.memory
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        processes = limits.processes + self._nproc_base
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))

    # -- after the child ------------------------------------------------------

    def let_finish(self, pid: int) -> None:
        """A child that reported everything is killed now and reaped later (``settle``, before anything
        else runs here), so that its teardown (tens of ms for a pid and mount namespace) overlaps the
        worker's own work and the next job's hand-over instead of being waited for."""
        self.pending = pid
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def settle(self) -> None:
        """Reap the child left to finish, and everything it started, before anything else runs here."""
        if self.pending is not None:
            pid, self.pending = self.pending, None
            self.reap(pid)

    def reap(self, pid: int) -> int | None:
        """Kill the child's process group and every descendant it left; return its wait status."""
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            _, status, usage = os.wait4(pid, 0)
        except ChildProcessError:
            status, usage = None, None
        self._reap_orphans()
        if usage is not None and usage.ru_utime + usage.ru_stime >= self.limits.cpu_seconds:
            self.exceeded = "cpu"  # killed at its CPU limit (SIGKILL: a namespace's init ignores SIGXCPU)
        if self.group is not None:
            if self.group.oom_kills() > 0:
                self.exceeded = "memory"
            self.group.remove()
            self.group = None
        return status

    def _reap_orphans(self) -> None:
        """Processes that outlived the child were re-parented to this process (a subreaper): kill them."""
        session = os.getsid(0)
        for _ in range(100):
            orphans = []
            for pid in _children():
                try:
                    theirs = self.isolation.drop_uid and os.stat(f"/proc/{pid}").st_uid == self.uid
                    if theirs or os.getsid(pid) != session:
                        orphans.append(pid)
                except OSError:
                    continue
            if not orphans:
                return
            for pid in orphans:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for pid in orphans:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass


def readable_in_sandbox(isolation: Isolation, run_dir: Path, hidden, paths) -> list[Path]:
    """Which of ``paths`` a child of this sandbox (hiding ``hidden``) can list or read."""
    import json

    box = Sandbox(run_dir, PROBE_SLOT, isolation, hidden)
    box.fresh_workdir({})

    def body(fd: int) -> None:
        found = [str(path) for path in paths if _readable(path)]
        os.write(fd, json.dumps(found).encode())

    pid, fd = box.spawn(body)
    data = b""
    while chunk := os.read(fd, 1 << 16):
        data += chunk
    os.close(fd)
    box.reap(pid)
    box.clear()
    try:
        found = json.loads(data)
    except ValueError:
        found = None
    if not isinstance(found, list):
        raise OSError(f"the sandbox's probe child failed: {data[-500:]!r}")
    return [Path(p) for p in found]


PROBE_SLOT = 999  # the slot of the child that checks what the sandbox hides


def _readable(path: Path) -> bool:
    try:
        if path.is_dir():
            return bool(os.listdir(path))
        with open(path, "rb") as file:
            file.read(1)
        return True
    except OSError:
        return False


def _oom_score(value: int) -> None:
    try:
        with open("/proc/self/oom_score_adj", "w") as score:
            score.write(str(value))
    except OSError:
        pass


def never_out_of_memory() -> None:
    """A spawner waits for its next notebook inside that notebook's cgroup: the memory limit never kills it."""
    _oom_score(-1000)


def become_reaper() -> None:
    """Make this process adopt the orphaned descendants of its children (Linux subreaper)."""
    _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _children() -> list[int]:
    try:
        with open(f"/proc/self/task/{os.getpid()}/children") as listing:
            return [int(pid) for pid in listing.read().split()]
    except OSError:
        return []


def repr_json(error: BaseException) -> str:
    import json

    return json.dumps(f"{type(error).__name__}: {error}")


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _processes_of(uid: int) -> int:
    """How many processes ``uid`` runs (so an ordinary user's process limit leaves room for them)."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def signal_name(status: int) -> str:
    number = os.WTERMSIG(status)
    try:
        return signal.Signals(number).name
    except ValueError:  # pragma: no cover
        return f"signal {number}"
