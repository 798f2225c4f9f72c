"""What isolation this machine allows student code, decided once per run, and the namespaces that give it.

As root on Linux, every protection below is on; each one the host lacks is switched off and
named at the start of the run (``Isolation.describe``); ``GRADING_SANDBOX_OFF`` switches some
off on purpose ("uid,pid,mount,cgroups" or "all": tests, or a host that misbehaves).

- own uid: slot k of a run runs as ``base + k``, ``base`` a block of uids no other live run
  holds (``uids``): student code cannot write the gradebook, the course or another submission,
  nor signal or read another kernel, of this run or of another run at the same time.
- pid namespace: each notebook's kernel is process 1 of its own namespace, with its own ``/proc``
  (mounted ``hidepid=2`` in every case): it sees no other process, and everything it starts dies with it.
- mount namespace: the course root, the checkout the course's package is installed from
  (other than the package folder and the interpreter), the gradebook and the submission folders
  are covered by empty mounts; ``/tmp``, ``/var/tmp`` and ``/dev/shm`` are private, size-limited
  tmpfs that vanish with the notebook. An interpreter behind a folder only root may enter
  (pyenv under ``/root``) is made reachable in that namespace only.
- cgroups: one group per notebook for memory, process count and CPU (``cgroups``).
- network namespace: the kernel has a network of its own with nothing in it, not even a loopback
  that is up: it reaches no service of the host (the hub, its proxy, a gradebook server, other
  users' servers) and sends nothing out while it is graded.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import uids
from .cgroups import RunGroups
from .run import GradingError

SANDBOX_UID = uids.FIRST  # the first uid a run may get (slot k of a run: its block's base + k)
OFF_VARIABLE = "GRADING_SANDBOX_OFF"
PROTECTIONS = ("uid", "pid", "mount", "cgroups", "net")
SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")
GROUP_PREFIX = (
    "grading-"  # a run's cgroups: grading-<pid>-<run folder>  # private, size-limited, emptied after each notebook
)

_CLONE_NEWNS, _CLONE_NEWPID, _CLONE_NEWNET = 0x00020000, 0x20000000, 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_BIND, _MS_MOVE, _MS_REC, _MS_PRIVATE = 4096, 8192, 16384, 1 << 18
EMPTY, STAGING = "hidden", "staging"  # in the run's folder


def is_root() -> bool:
    return os.geteuid() == 0


@dataclass(frozen=True)
class Isolation:
    """What this machine lets the grader do, decided once per run (see ``probe``)."""

    drop_uid: bool  # children run as uid_base + slot
    hide: bool  # children get a mount namespace: course hidden, private /tmp
    exposed: tuple = ()  # (locked folder, entries) the interpreter needs behind a folder only root enters
    uid_base: int = SANDBOX_UID
    pid_ns: bool = False  # each notebook's kernel is process 1 of a pid namespace of its own
    groups: RunGroups | None = None  # the run's cgroups: each notebook gets one under them
    covered: tuple = ()  # folders covered by an empty mount (course root, the package's checkout)
    kept: tuple = ()  # paths under covered or scratch folders the child still needs, mounted back
    off: tuple = field(default=())  # (protection, why) of each protection that is off
    net: bool = False  # children get an empty network namespace of their own

    def describe(self) -> str:
        on = []
        if self.drop_uid:
            on.append(f"student code runs as uid {self.uid_base}+slot, a block no other run holds")
        if self.pid_ns:
            on.append("a pid namespace per notebook")
        if self.hide:
            on.append("course, checkout and gradebook hidden, private /tmp /var/tmp /dev/shm")
        if self.groups is not None:
            on.append("a cgroup per notebook (memory, processes, cpu)")
        if self.net:
            on.append("no network")
        off = "; ".join(f"{name} ({why})" for name, why in self.off) or "none"
        return f"on: {', '.join(on) or 'limits and a scratch folder only'}; off: {off}"


def probe(run_dir: Path, data: Path | None, root: Path | None = None, packages=(), hidden=()) -> Isolation:
    """Every protection this host allows (see the module's docstring); ``root`` is the course's folder,
    ``packages`` the course's packages (their checkout is covered too), ``hidden`` what must stay unreadable:
    raises ``SandboxError`` when student code could still read one of them."""
    wanted = _wanted()
    off = []
    if not is_root():
        why = "the grader does not run as root"
        off = [(name, why) for name in PROTECTIONS]
        return Isolation(False, False, off=tuple(off))
    kinds = _can_unshare()
    for name, allowed in (("pid", kinds["pid"]), ("mount", kinds["mount"]), ("net", kinds["net"])):
        if name not in wanted:
            off.append((name, f"{OFF_VARIABLE} says so"))
        elif not allowed:
            off.append((name, "this host forbids the namespace"))
    hide = "mount" in wanted and kinds["mount"]
    pid_ns = "pid" in wanted and kinds["pid"] and hide
    if "pid" in wanted and kinds["pid"] and not hide:
        off.append(("pid", "its own /proc needs the mount namespace"))
    blocked = blocked_folders(needed_paths(run_dir, data))
    drop_uid = "uid" in wanted and (hide or not blocked)
    if "uid" not in wanted:
        off.append(("uid", f"{OFF_VARIABLE} says so"))
    elif not drop_uid:
        off.append(("uid", "the interpreter is not readable by another uid and no mount namespace can expose it"))
    groups = _groups(run_dir, wanted, off)
    base = _uid_block() if drop_uid else SANDBOX_UID
    covered = tuple(_covered(root, packages)) if hide else ()
    isolation = Isolation(
        drop_uid,
        hide,
        tuple(sorted((folder, tuple(sorted(entries))) for folder, entries in blocked.items())) if hide else (),
        base,
        pid_ns,
        groups,
        covered,
        tuple(_kept(run_dir, data, packages, covered)) if hide else (),
        tuple(off),
        net="net" in wanted and kinds["net"],
    )
    if drop_uid or hide:
        _refuse_readable(isolation, run_dir, hidden, covered)
    return isolation


def _wanted() -> set[str]:
    said = {word.strip() for word in os.environ.get(OFF_VARIABLE, "").split(",") if word.strip()}
    return set() if "all" in said else set(PROTECTIONS) - said


def _groups(run_dir: Path, wanted: set[str], off: list) -> RunGroups | None:
    if "cgroups" not in wanted:
        off.append(("cgroups", f"{OFF_VARIABLE} says so"))
        return None
    try:
        groups = RunGroups.create(f"{GROUP_PREFIX}{os.getpid()}-{Path(run_dir).name}", GROUP_PREFIX)
        atexit.register(groups.remove)
        groups.notebook("probe", 2**30, 64).remove()  # a notebook's group can be made and limited here
    except OSError as why:
        off.append(("cgroups", str(why)))
        return None
    return groups


def _uid_block() -> int:
    base = uids.allocate()
    atexit.register(uids.release, base)
    return base


class SandboxError(GradingError):
    """The sandbox would let student code read what it must not; the message says what and what to do."""


def _refuse_readable(isolation: Isolation, run_dir: Path, hidden, covered) -> None:
    """Raise ``SandboxError`` when a child of this sandbox can read a hidden path or a source folder."""
    from .sandbox import readable_in_sandbox

    names = {Path(p).name for p in hidden if Path(p).is_dir()}
    folders = [*covered, *isolation.kept]
    paths = [Path(p) for p in hidden] + [Path(folder) / name for folder in folders for name in names]
    found = readable_in_sandbox(isolation, run_dir, hidden, [p for p in paths if p.exists()])
    if found:
        raise SandboxError(
            f"refusing to grade: student code could read {', '.join(map(str, found))} from inside the sandbox. "
            "Make it unreadable to other users (chmod o-rwx), or grade where mount namespaces are allowed; "
            "an editable install of the course from a checkout holding solutions exposes them"
        )


def _covered(root: Path | None, packages) -> list[Path]:
    """The course root and the checkout each course package is installed from (not a site-packages)."""
    folders = {Path(root).resolve()} if root is not None else set()
    for name in packages:
        for location in getattr(sys.modules.get(name), "__path__", None) or ():
            checkout = Path(location).resolve().parent
            if checkout.name not in ("site-packages", "dist-packages") and checkout != Path("/"):
                folders.add(checkout)
    return sorted(folders)


def _kept(run_dir: Path, data: Path | None, packages, covered: tuple) -> list[Path]:
    """What the child needs under a covered or scratch folder: the interpreter, the package folders,
    the run's folder, never a path that is (or holds) a covered folder itself."""
    paths = set(needed_paths(run_dir, data))
    for name in packages:
        paths.update(Path(p).resolve() for p in getattr(sys.modules.get(name), "__path__", None) or ())
    over = [Path(folder) for folder in (*covered, *SCRATCH)]
    return sorted(
        p
        for p in paths
        if any(p.is_relative_to(folder) and p != folder for folder in over)
        and not any(Path(folder).is_relative_to(p) for folder in covered)
    )


def prepare_run_folder(isolation: Isolation, run_dir: Path) -> None:
    """The empty file mounted over hidden files, and mount points for the folders kept reachable."""
    empty = run_dir / EMPTY
    if not empty.exists():
        empty.touch(mode=0o400)
    for number, (locked, entries) in enumerate(isolation.exposed):
        for position, entry in enumerate(entries):
            spot = run_dir / STAGING / f"{number}-{position}"
            if not spot.exists():
                spot.parent.mkdir(exist_ok=True)
                spot.mkdir() if (locked / entry).is_dir() else spot.touch()


def _mount(libc, source, target, fstype, flags, data, what):
    if libc.mount(source, os.fsencode(target), fstype, flags, data) != 0:
        raise OSError(ctypes.get_errno(), f"{what} failed")


def hide_course(libc, isolation: Isolation, hidden: list[Path], run_dir: Path, scratch_size: int) -> None:
    """In a child, still root: a private mount namespace with a fresh ``/proc``, ``hidden`` and the
    covered folders emptied, private scratch folders, and the interpreter reachable."""
    if libc.unshare(_CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) failed")
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE, None, "making / private")
    _mount(libc, b"proc", "/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, b"hidepid=2", "mounting /proc")
    kept = {path: os.open(path, os.O_PATH | os.O_CLOEXEC) for path in isolation.kept if path.exists()}
    _expose_locked(libc, isolation, run_dir)
    covers = [(Path(folder), b"size=64k,mode=0711") for folder in isolation.covered]
    covers += [(Path(folder), b"size=%d,mode=1777" % scratch_size) for folder in SCRATCH]
    done: list[Path] = []
    for path in hidden:
        if not any(path.is_relative_to(folder) for folder, _ in covers):
            _hide(libc, path, run_dir)
    for folder, options in sorted(covers, key=lambda cover: len(cover[0].parts)):
        if not folder.is_dir() or any(folder.is_relative_to(outer) for outer in done):
            continue
        _mount(libc, b"tmpfs", folder, b"tmpfs", _MS_NOSUID | _MS_NODEV, options, f"covering {folder}")
        done.append(folder)
        for path, fd in kept.items():
            if path.is_relative_to(folder):
                _put_back(libc, path, fd)
    for fd in kept.values():
        os.close(fd)


def _put_back(libc, path: Path, fd: int) -> None:
    """Mount the folder or file ``fd`` points to at ``path`` again, inside a covering tmpfs."""
    if path.exists():
        return  # already put back with a folder holding it
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
    path.mkdir(mode=0o755) if os.path.isdir(f"/proc/self/fd/{fd}") else path.touch()
    _mount(libc, f"/proc/self/fd/{fd}".encode(), path, None, _MS_BIND | _MS_REC, None, f"keeping {path}")


def _hide(libc, path: Path, run_dir: Path) -> None:
    if path.is_dir():
        flags = _MS_RDONLY | _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
        _mount(libc, b"tmpfs", path, b"tmpfs", flags, b"size=4k,mode=0500", f"hiding {path}")
    elif path.exists():
        _mount(libc, os.fsencode(run_dir / EMPTY), path, None, _MS_BIND, None, f"hiding {path}")


def _expose_locked(libc, isolation: Isolation, run_dir: Path) -> None:
    """Keep what the interpreter needs behind a folder only root enters, cover that folder with a
    searchable tmpfs, and put the kept entries back."""
    for number, (locked, entries) in enumerate(isolation.exposed):
        parked = []
        for position, entry in enumerate(entries):
            spot = run_dir / STAGING / f"{number}-{position}"
            _mount(libc, os.fsencode(locked / entry), spot, None, _MS_BIND | _MS_REC, None, f"keeping {locked / entry}")
            parked.append((entry, spot))
        options = b"size=64k,mode=0711"
        _mount(libc, b"tmpfs", locked, b"tmpfs", _MS_NOSUID | _MS_NODEV, options, f"covering {locked}")
        for entry, spot in parked:
            (locked / entry).mkdir() if spot.is_dir() else (locked / entry).touch()
            _mount(libc, os.fsencode(spot), locked / entry, None, _MS_MOVE, None, f"restoring {locked / entry}")


def fork_into_pid_namespace() -> int:
    """``os.fork()``, the child being process 1 of a new pid namespace (Python's fork handlers run in
    it as in any fork). ``unshare(CLONE_NEWPID)`` makes this process's next child the init of a new
    namespace; ``setns`` back to its own one then, so that its later children start from it again."""
    libc = ctypes.CDLL(None, use_errno=True)
    own = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    try:
        if libc.unshare(_CLONE_NEWPID) != 0:
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWPID) failed")
        pid = -1
        try:
            pid = os.fork()
        finally:
            if pid != 0 and libc.setns(own, _CLONE_NEWPID) != 0:
                raise OSError(ctypes.get_errno(), "setns back to the grader's pid namespace failed")
        return pid
    finally:
        os.close(own)


def needed_paths(run_dir: Path, data: Path | None) -> list[Path]:
    """What a child must be able to read: the interpreter, its import path, the run's folder, the course's data."""
    paths = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.exec_prefix), Path(run_dir)}
    paths.update(Path(entry) for entry in sys.path if entry and os.path.isdir(entry))
    if data is not None:
        paths.add(Path(data))
    return sorted(p.resolve() for p in paths if p.exists())


def blocked_folders(paths: list[Path]) -> dict[Path, set[str]]:
    """Folders others may not enter (mode without o+x) on the way to ``paths`` -> entries needed in them."""
    blocked: dict[Path, set[str]] = {}
    for path in paths:
        parts = path.parts
        for depth in range(1, len(parts)):
            folder = Path(*parts[:depth])
            if not os.stat(folder).st_mode & 0o001:
                blocked.setdefault(folder, set()).add(parts[depth])
                break
    return blocked


def _can_unshare() -> dict[str, bool]:
    """Which namespaces a child may get here (containers often forbid them): a mount namespace with a
    fresh ``/proc``, a pid namespace and a network namespace."""
    libc = ctypes.CDLL(None, use_errno=True)
    found = {}
    for name, flags in (("mount", _CLONE_NEWNS), ("pid", _CLONE_NEWNS), ("net", _CLONE_NEWNET)):
        try:
            pid = fork_into_pid_namespace() if name == "pid" else os.fork()
        except OSError:
            found[name] = False
            continue
        if pid == 0:
            ok = libc.unshare(flags) == 0 and (name != "pid" or os.getpid() == 1)
            if ok and name == "mount":
                ok = libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None) == 0
                ok = ok and libc.mount(b"proc", b"/proc", b"proc", _MS_NOSUID, b"hidepid=2") == 0
            os._exit(0 if ok else 1)
        found[name] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    return found


def leave_network(libc) -> None:
    """In a child, still root: an empty network namespace of its own."""
    if libc.unshare(_CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET) failed")


def private_folder(path: Path, size: int) -> None:
    """This process's own mount namespace, in which ``path`` is an empty tmpfs of ``size`` bytes (a
    spawner's slot folder: its kernels' scratch folders, which then never fill the host's disk)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(_CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) failed")
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE, None, "making / private")
    _mount(libc, b"tmpfs", path, b"tmpfs", _MS_NOSUID | _MS_NODEV, b"size=%d,mode=0711" % size, f"covering {path}")
