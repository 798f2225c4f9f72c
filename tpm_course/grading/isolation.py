"""What isolation this machine allows student code, and the mount namespace that hides the course.

As root, each worker slot's children run as their own unprivileged uid
(``SANDBOX_UID + slot``): student code cannot write to the gradebook, to other submissions
or to the course, cannot signal the grader or the other slot, and is counted alone against
the process limit. Where mount namespaces are allowed (not in every container), each child
also gets a private one in which the gradebook, the grading record, its backups and the
source, submitted, autograded and feedback folders are covered by empty, unreadable mounts;
an interpreter installed behind a folder only root may enter (pyenv under ``/root``) is
made reachable in that namespace only. As an ordinary user none of this is possible: the
child keeps its limits and scratch folder but has the instructor's file permissions.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass
from pathlib import Path

SANDBOX_UID = 64_000  # slot k runs as uid/gid SANDBOX_UID + k when the grader is root

_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_BIND, _MS_MOVE, _MS_REC, _MS_PRIVATE = 4096, 8192, 16384, 1 << 18
EMPTY, STAGING = "hidden", "staging"  # in the run's folder


def is_root() -> bool:
    return os.geteuid() == 0


@dataclass(frozen=True)
class Isolation:
    """What this machine lets the grader do, decided once per run (see ``probe``)."""

    drop_uid: bool  # children run as SANDBOX_UID + slot
    hide: bool  # children get a mount namespace hiding the course's grading folders
    exposed: tuple = ()  # (locked folder, entries) the interpreter needs behind a folder only root enters

    def describe(self) -> str:
        if self.drop_uid:
            where = "the gradebook and submissions hidden" if self.hide else "no mount namespace"
            return f"student code runs as uid {SANDBOX_UID}+slot with limits ({where})"
        if is_root():
            return (
                "student code runs as root with limits only: this machine allows no mount namespace "
                "and the interpreter is not readable by another uid"
            )
        return (
            "student code runs with your file permissions, limits and a scratch folder "
            "(run as root, or in a container, to give it its own uid)"
        )


def probe(run_dir: Path, data: Path | None) -> Isolation:
    """Root with mount namespaces: own uid and hidden folders; root without: own uid if the
    interpreter is readable by others; an ordinary user: limits only."""
    if not is_root():
        return Isolation(False, False)
    blocked = blocked_folders(needed_paths(run_dir, data))
    if _can_unshare():
        return Isolation(
            True, True, tuple(sorted((folder, tuple(sorted(entries))) for folder, entries in blocked.items()))
        )
    return Isolation(not blocked, False)


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


def hide_course(libc, isolation: Isolation, hidden: list[Path], run_dir: Path) -> None:
    """In a child, still root: a private mount namespace with ``hidden`` covered and the interpreter reachable."""

    def mount(source, target, fstype, flags, data, what):
        if libc.mount(source, os.fsencode(target), fstype, flags, data) != 0:
            raise OSError(ctypes.get_errno(), f"{what} failed")

    if libc.unshare(_CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) failed")
    mount(None, "/", None, _MS_REC | _MS_PRIVATE, None, "making / private")
    # Keep what the interpreter needs behind a folder only root enters, cover that folder
    # with a searchable tmpfs, and put the kept entries back.
    for number, (locked, entries) in enumerate(isolation.exposed):
        parked = []
        for position, entry in enumerate(entries):
            spot = run_dir / STAGING / f"{number}-{position}"
            mount(os.fsencode(locked / entry), spot, None, _MS_BIND | _MS_REC, None, f"keeping {locked / entry}")
            parked.append((entry, spot))
        mount(b"tmpfs", locked, b"tmpfs", _MS_NOSUID | _MS_NODEV, b"size=64k,mode=0711", f"covering {locked}")
        for entry, spot in parked:
            (locked / entry).mkdir() if spot.is_dir() else (locked / entry).touch()
            mount(os.fsencode(spot), locked / entry, None, _MS_MOVE, None, f"restoring {locked / entry}")
    for path in hidden:
        if path.is_dir():
            flags = _MS_RDONLY | _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
            mount(b"tmpfs", path, b"tmpfs", flags, b"size=4k,mode=0500", f"hiding {path}")
        else:
            mount(os.fsencode(run_dir / EMPTY), path, None, _MS_BIND, None, f"hiding {path}")


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


def _can_unshare() -> bool:
    """Whether a child may get a private mount namespace here (containers often forbid it)."""
    pid = os.fork()
    if pid == 0:
        ok = ctypes.CDLL(None, use_errno=True).unshare(_CLONE_NEWNS) == 0
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0
