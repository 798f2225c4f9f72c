"""The instructor's view of a graded assignment: an HTML report with charts and an LMS-ready CSV."""

from __future__ import annotations

from pathlib import Path

from .cohort import Cohort, collect
from .export import write_csv
from .page import write_html

__all__ = ["Cohort", "collect", "write_csv", "write_html", "write_report"]


def write_report(root: Path, assignment: str, folder: Path) -> tuple[Path, Path]:
    """Write ``ASSIGNMENT.html`` and ``ASSIGNMENT.csv`` into ``folder``; return both paths."""
    cohort = collect(root, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    return write_html(cohort, folder / f"{assignment}.html"), write_csv(cohort, folder / f"{assignment}.csv")
