"""The ``tpm-course`` command: start the course, show progress, regenerate exercises, rebuild data sets, grade a cohort."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import time
from pathlib import Path

from tpm_course.core.errors import TpmCourseError

START_PAGE = "start_here.ipynb"


class UsageError(TpmCourseError):
    """A command cannot run as asked; the message says what to do instead."""


def repository_root() -> Path:
    """The course repository: the cwd or a parent holding nbgrader_config.py and lessons/."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parents[1]):
        if (folder / "nbgrader_config.py").is_file() and (folder / "lessons").is_dir():
            return folder
    raise UsageError("this is not inside the tpm-course repository: cd into your clone of it first")


def course_directory() -> Path:
    """An instructor's nbgrader course: the cwd or the nearest parent holding nbgrader_config.py."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file():
            return folder
    raise UsageError("no nbgrader_config.py here or above: cd into the course directory first")


def tool_environment() -> dict[str, str]:
    """The environment for Jupyter and nbgrader: this interpreter's scripts first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def lab_command(root: Path, port: int, open_browser: bool, extra: list[str] = ()) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE}",
    ]
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command + list(extra)


def start(args) -> int:
    """Prepare the learner's workspace (tpm_course/learner/workspace.py), then serve it in JupyterLab."""
    from .learner import lab, workspace

    root = repository_root()
    folder = Path(args.workspace).resolve() if args.workspace else root / workspace.FOLDER
    inside = folder.relative_to(root).parts if folder.is_relative_to(root) else None
    if inside is not None and inside[:1] != (workspace.FOLDER,):
        raise UsageError(f"the workspace is {workspace.FOLDER}/ or a folder outside the repository, not {folder}")
    prepared = workspace.prepare(root, manifest(root), folder)
    if prepared.copied:
        names = ", ".join(prepared.copied) if len(prepared.copied) < 5 else f"{len(prepared.copied)} notebooks"
        print(f"copied {names} into your workspace, {folder}")
    for path in prepared.changed_in_course:
        print(f"{path} has changed in the course since you copied it: delete your copy to get the new one")
    env = tool_environment()
    env.update(TPM_COURSE_ROOT=str(root), TPM_COURSE_DATASETS=str(root / "datasets"))
    command = lab_command(folder, args.port, not args.no_browser, [*lab.options(folder), *args.jupyter_options])
    return subprocess.call(command, cwd=folder, env=env)


def manifest(root: Path):
    """The course's manifest, or a UsageError saying what is wrong with it."""
    from .manifest import ManifestError, load

    try:
        return load(root)
    except ManifestError as error:
        raise UsageError(str(error)) from None


def progress(args) -> int:
    """Print the learner's progress per module, read from their progress record."""
    from .learner import record, summary

    root = repository_root()
    try:
        notebooks = record.read()
    except record.RecordError as error:
        raise UsageError(f"{error}; your next check keeps it aside and starts a new one") from None
    print(f"Your progress, recorded in {record.location()}:\n")
    print(summary.table(summary.progress(root, manifest(root), notebooks), detail=args.questions))
    return 0


def release(args) -> int:
    """Regenerate exercises/<name>/ from solutions/<name>/ with nbgrader, for the ready modules of course.toml."""
    from .learner import navigation
    from .manifest import ManifestError, load

    root = repository_root()
    try:
        here = course_directory()
    except UsageError:  # outside any course: the repository's own (found through the package)
        here = root
    if here != root:  # an instructor's own course directory: its gradebook is not the repository's
        raise UsageError(
            f"{here} is a course directory, not the course repository ({root}): `tpm-course release` regenerates "
            "the repository's exercises/. To release an assignment into this course's gradebook, run "
            "`nbgrader generate_assignment NN_topic` here."
        )
    try:
        ready = [m.stem for m in load(root).ready]  # read first: a broken manifest stops before nbgrader runs
    except ManifestError as error:
        raise UsageError(str(error)) from None
    names = args.assignments or ready
    unknown = [n for n in names if n not in ready]
    if unknown:
        raise UsageError(f"course.toml lists no ready module {', '.join(unknown)}; ready: {', '.join(ready)}")
    missing = [n for n in names if not (root / "solutions" / n).is_dir()]
    if missing:
        raise UsageError(f"no solutions/ folder for {', '.join(missing)}")
    for name in names:
        code = subprocess.call(
            [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force", "--log-level=WARN"],
            cwd=root,
            env=tool_environment(),
        )
        if code:
            return code
        navigation.add(root, load(root), name)
        print(f"exercises/{name} regenerated from solutions/{name}, ending with its links")
    for module in load(root).ready:  # the module before a newly ready one links on to it
        if (
            module.stem not in names
            and (root / module.exercise).is_file()
            and navigation.add(root, load(root), module.stem)
        ):
            print(f"{module.exercise}: its links rewritten")
    from . import module_tables

    for path in module_tables.write(root, load(root)):
        print(f"{path.relative_to(root)}: module table rewritten from course.toml")
    return 0


def datasets(args) -> int:
    """Rebuild every data set from its seeded generator, and the index of datasets/README.md."""
    from .data import index, write_all
    from .manifest import ManifestError, load

    root = repository_root()
    try:
        manifest = load(root)
    except ManifestError as error:
        raise UsageError(str(error)) from None
    for path in write_all(root / "datasets"):
        print(f"wrote {path.relative_to(root)}")
    if index.write(root, manifest):
        print("datasets/README.md: index rewritten from course.toml")
    return 0


def report(args) -> int:
    """Write the instructor's HTML report and LMS CSV for one graded assignment."""
    from .reporting import write_report

    root = course_directory()
    try:
        page, table = write_report(root, args.assignment, root / args.out)
    except (FileNotFoundError, KeyError) as error:
        raise UsageError(str(error).strip('"')) from None
    print(f"wrote {page.relative_to(root)} and {table.relative_to(root)}")
    return 0


def hub(args) -> int:
    from .hub.commands import run

    return run(args, repository_root, UsageError)


def grade(args) -> int:
    """Grade every submission of an assignment into nbgrader's gradebook (see tpm_course.grading)."""
    from .grading.run import GradingError, Options, process_age
    from .grading.run import grade as grade_cohort

    started = time.monotonic() - process_age()
    root = course_directory()
    options = Options(
        args.assignments,
        args.student,
        args.workers,
        args.force,
        args.retry,
        args.cell_timeout,
        args.timeout,
        args.memory,
        args.output_chars,
        not args.no_progress,
        not args.checks_in_kernel,
        started=started,
    )
    try:
        summary = grade_cohort(root, options)
    except GradingError as error:
        raise UsageError(str(error)) from None
    print(summary.text())
    return 130 if summary.interrupted else 1 if summary.errors else 0


def parser() -> argparse.ArgumentParser:
    from . import __version__

    main = argparse.ArgumentParser(prog="tpm-course", description=__doc__.split("\n")[0])
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "start", help="serve the course in JupyterLab on 127.0.0.1 (other --Option=value arguments go to JupyterLab)"
    )
    run.add_argument("--port", type=int, default=8888)
    run.add_argument("--no-browser", action="store_true", help="do not open a browser")
    run.add_argument("--workspace", help="the folder of your copies of the notebooks (default: workspace/)")
    run.set_defaults(handler=start)

    mine = commands.add_parser("progress", help="the exercise questions you passed, tried and not opened, per module")
    mine.add_argument("--questions", action="store_true", help="name the questions passed and tried")
    mine.set_defaults(handler=progress)

    gen = commands.add_parser("release", help="regenerate exercises/ from solutions/ (nbgrader generate_assignment)")
    gen.add_argument("assignments", nargs="*", help="module stems such as 01_estimation (default: all)")
    gen.set_defaults(handler=release)

    data = commands.add_parser("datasets", help="rebuild datasets/ from the seeded generators")
    data.set_defaults(handler=datasets)

    rep = commands.add_parser("report", help="an HTML report with charts and an LMS CSV for a graded assignment")
    rep.add_argument("assignment", help="a module stem such as 01_estimation")
    rep.add_argument("--out", default="reports", help="folder for the report (default: reports/)")
    rep.set_defaults(handler=report)

    marks = commands.add_parser(
        "grade",
        help="autograde every submission of assignments into nbgrader's gradebook: in parallel, sandboxed, resumable",
    )
    marks.add_argument("assignments", nargs="+", help="module stems such as 01_estimation (several share one warm-up)")
    marks.add_argument("--student", default="*", help="only students whose id matches this pattern (* and ?)")
    marks.add_argument("--workers", type=int, help="parallel workers (default: one per core)")
    marks.add_argument("--force", action="store_true", help="regrade submissions already graded")
    marks.add_argument("--retry", action="store_true", help="regrade the submissions that could not be graded")
    marks.add_argument("--cell-timeout", type=float, help="seconds per cell (default: Execute.timeout)")
    marks.add_argument("--timeout", type=float, help="seconds per notebook (default: twice the cell timeout)")
    marks.add_argument("--memory", type=int, help="megabytes a notebook may allocate (default 2048)")
    marks.add_argument("--output-chars", type=int, help="characters of output kept per cell (default 100000)")
    marks.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    marks.add_argument(
        "--checks-in-kernel",
        action="store_true",
        help="run the answer key in each student's kernel, as nbgrader does (not forge-proof; for comparison)",
    )
    marks.set_defaults(handler=grade)

    from .hub.commands import add_hub_parser

    add_hub_parser(commands, hub)
    return main


def main(argv: list[str] | None = None) -> int:
    command_line = parser()
    args, extra = command_line.parse_known_args(argv)
    if extra and args.command != "start":
        command_line.error(f"unrecognized arguments: {' '.join(extra)}")
    args.jupyter_options = extra
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"tpm-course: {error}", file=sys.stderr)
        return 2


def run() -> None:
    """The ``tpm-course`` command's process: ``main``, then exit. What the command left behind is frozen
    first, so that the interpreter's exit does not collect garbage across all of it (after a grading run,
    the parent's keys, gradebook and notebooks: 0.25 to 0.37 s, against 0.04 s frozen)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
