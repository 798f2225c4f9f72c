"""``tpm-course hub ...``: the commands an admin or instructor runs to host a cohort."""

from __future__ import annotations

import os
from pathlib import Path

from .content import ContentError, export_image_context, export_lessons
from .links import DEFAULT_TARGET, pull_link
from .roster import RosterError, course_gradebook, enrol_in_gradebook, enrol_on_hub, read_roster


def link(args) -> int:
    """One link, or with ``--all`` one per ready module; lessons are checked against ``course.toml``."""
    from ..manifest import load, topic_of

    if args.root is None:  # outside a clone of the course: the link is built as asked, for a module's name
        if args.all:
            raise ValueError("--all reads course.toml: run it inside your clone of the course")
        if args.lesson:
            topic_of(args.lesson)  # a module stem such as 01_estimation, or a ValueError saying so
        print(pull_link(args.hub_url, args.repo, args.branch, args.lesson, args.target))
        return 0
    ready = {m.stem: m for m in load(args.root).ready}
    if args.lesson and args.lesson not in ready:
        raise ValueError(f"no ready lesson {args.lesson!r}; course.toml lists: {', '.join(ready)}")
    linked = [ready[args.lesson]] if args.lesson else list(ready.values()) if args.all else []
    absent = [m.lesson for m in linked if not (args.root / m.lesson).is_file()]
    if absent:
        raise ValueError(f"course.toml lists {', '.join(absent)} as ready, but this clone has no such file")
    if not args.all:
        print(pull_link(args.hub_url, args.repo, args.branch, args.lesson, args.target))
        return 0
    for stem, module in ready.items():
        print(f"{module.number} {module.title}: {pull_link(args.hub_url, args.repo, args.branch, stem, args.target)}")
    return 0


def roster(args) -> int:
    students = read_roster(args.csv)
    db_url, course_id = course_gradebook(args.course_dir)
    new = enrol_in_gradebook(students, db_url, course_id)
    print(f"gradebook: {len(students)} students enrolled in {course_id} ({len(new)} new)")
    if args.hub:
        if not args.token_file or not Path(args.token_file).is_file():
            raise RosterError(
                "--hub needs --token-file: a file holding an instructor's API token "
                "(make one at <hub>/hub/token and keep the file private)"
            )
        if not args.hub_api_url:
            raise RosterError(
                "--hub needs --hub-api-url, e.g. https://hub.example.org/hub/api "
                "(the formgrader's terminal sets it as JUPYTERHUB_API_URL)"
            )
        token = Path(args.token_file).read_text(encoding="utf-8").strip()
        created = enrol_on_hub(students, args.hub_api_url, token, course_id)
        print(f"hub: {len(students)} students in group nbgrader-{course_id} ({len(created)} new users)")
    return 0


def lessons(args) -> int:
    for path in export_lessons(args.root, args.dest):
        print(f"wrote {path}")
    print(f"Commit {args.dest} to the branch or repository your nbgitpuller links name.")
    return 0


def image(args) -> int:
    for path in export_image_context(args.root, args.dest):
        print(f"wrote {path}")
    print(f"Build the course image with: repo2docker --no-run --image-name <registry>/tpm-course:<tag> {args.dest}")
    return 0


def add_hub_parser(commands, handler) -> None:
    """Add ``hub`` and its subcommands to the ``tpm-course`` parser; ``handler`` runs them."""
    hub = commands.add_parser("hub", help="host the course on JupyterHub: lesson links, roster, exports")
    sub = hub.add_subparsers(dest="hub_command", required=True)

    cmd = sub.add_parser("link", help="print the nbgitpuller link that pulls the lessons into a student's home")
    cmd.add_argument("--hub-url", required=True, help="the hub's address, e.g. https://hub.example.org")
    cmd.add_argument("--repo", required=True, help="git URL of the lessons (made with `tpm-course hub lessons`)")
    cmd.add_argument("--branch", default="main")
    cmd.add_argument("--lesson", help="open this lesson, e.g. 01_estimation (default: the lessons folder)")
    cmd.add_argument("--all", action="store_true", help="one link per ready lesson, as course.toml lists them")
    cmd.add_argument("--target", default=DEFAULT_TARGET, help="folder in the student's home")
    cmd.set_defaults(hub_handler=link)

    cmd = sub.add_parser(
        "roster",
        help="enrol the students of a CSV (id,first_name,last_name,email) in the gradebook, and with --hub on the hub",
    )
    cmd.add_argument("csv", type=Path)
    cmd.add_argument("--course-dir", type=Path, default=Path.cwd(), help="the course directory (default: here)")
    cmd.add_argument("--hub", action="store_true", help="also create the hub users and add them to the course group")
    cmd.add_argument("--hub-api-url", default=os.environ.get("JUPYTERHUB_API_URL"), help="default: $JUPYTERHUB_API_URL")
    cmd.add_argument("--token-file", help="a file holding an instructor's hub API token (from <hub>/hub/token)")
    cmd.set_defaults(hub_handler=roster)

    cmd = sub.add_parser("lessons", help="export the lessons and data sets, without answer keys, for nbgitpuller")
    cmd.add_argument("dest", type=Path)
    cmd.set_defaults(hub_handler=lessons)

    cmd = sub.add_parser("image", help="export the course image's repo2docker build context, without answer keys")
    cmd.add_argument("dest", type=Path)
    cmd.set_defaults(hub_handler=image)
    hub.set_defaults(handler=handler)


def run(args, repository_root, usage_error) -> int:
    """Run a hub subcommand; bad input is reported as ``usage_error``."""
    try:
        if args.hub_command in ("lessons", "image"):
            args.root = repository_root()
        elif args.hub_command == "link":
            try:
                args.root = repository_root()
            except usage_error:
                args.root = None
        return args.hub_handler(args)
    except (RosterError, ContentError) as error:
        raise usage_error(str(error)) from None
    except ValueError as error:  # a bad link argument
        raise usage_error(str(error)) from None
