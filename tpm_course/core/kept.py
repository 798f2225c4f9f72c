"""A folder the grader gives the course's caches to keep their work in between runs.

``tpm-course grade`` sets ``VARIABLE`` while its template process fills the caches (to a folder of
its own beside the grading record, which students' code never reaches); a learner's kernel has
no such folder, and every cache then works as before, in memory only.
"""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "TPM_COURSE_CACHE"


def folder(kind: str) -> Path | None:
    """The folder for ``kind`` of cache ("pint", "sql"), or None when the grader gave none."""
    given = os.environ.get(VARIABLE)
    return Path(given) / kind if given else None
