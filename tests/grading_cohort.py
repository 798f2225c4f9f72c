"""The synthetic cohort of ``benchmarks/cohort.py`` for the grading tests (benchmarks/ is not a package)."""

from __future__ import annotations

import sys

from conftest import REPO

if str(REPO / "benchmarks") not in sys.path:
    sys.path.insert(0, str(REPO / "benchmarks"))

from cohort import KINDS, TAMPERING, make_cohort, write, written_submissions

__all__ = ["KINDS", "TAMPERING", "make_cohort", "write", "written_submissions"]
