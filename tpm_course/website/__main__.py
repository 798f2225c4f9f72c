"""``python -m tpm_course.website``: build the course website (``make site``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build_site
from .settings import SETTINGS_FILE, SiteError, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tpm_course.website", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the course repository (default: here)")
    parser.add_argument("--out", type=Path, help="the build folder (default: site/_build)")
    help_ = f"overrides {SETTINGS_FILE}'s"
    for name in ("repository", "branch", "binder", "hub-url", "lessons-repository"):
        parser.add_argument(f"--{name}", help=f"{help_} {name.replace('-', '_')}")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(
            args.root,
            repository=args.repository,
            branch=args.branch,
            binder=args.binder,
            hub_url=args.hub_url,
            lessons_repository=args.lessons_repository,
        )
        built = build_site(args.root, settings, args.out)
    except SiteError as error:
        print(f"tpm-course site: {error}", file=sys.stderr)
        return 1
    for warning in built.warnings:
        print(warning, file=sys.stderr)
    print(f"site built in {built.seconds:.1f} s: open {built.html / 'index.html'} ({len(built.warnings)} warnings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
