"""Cohort autograding that is fast, safe and honest: ``tpm-course grade``.

    run.grade(root, Options, Settings)       a run: what to grade, backup, warm-up, commit, summary
    ├── settings.Settings                   the course's names: its package, checks, data (one place)
    ├── course.Course                       nbgrader's config and folders
    ├── assignment.AssignmentKey            the gradebook's source cells, read once
    ├── warmup                              heavy imports once, in the process workers fork from
    ├── spawner.Template                    forked before any key or submission is read; kernels come from it
    ├── claims.Claims                       each submission claimed before a worker gets it (several graders)
    ├── pool.Pool                           worker processes, one submission at a time each
    │   └── grader.SubmissionGrader         read, scan, sanitize, run, finish, stage files
    │       ├── sanitize                    nbgrader's own preprocessors before and after the run
    │       ├── scan / guard                tampering: static (AST) and at run time
    │       └── execute + sandbox           each notebook in a fresh child of the worker's spawner, isolated
    │           ├── isolation               own uid, hidden course folders: what the machine allows
    │           └── child + shell           in the child: the cells, limits, outputs as a kernel's
    │   checker + remote + codec            the answer key in its own process; the kernel answers in plain data
    ├── gradebook.GradebookWriter           scores via nbgrader's SaveAutoGrades, one transaction
    ├── record.Record                       "not graded: why" and flags, for reports and exports
    └── progress.Progress                   the progress bar on stderr

The synthetic cohort the tests and the benchmark grade is ``benchmarks/cohort.py``, outside the package.

Results for reports live in nbgrader's gradebook plus ``record.Record``; see its docstring.
"""

from .flags import KINDS, Effect, Flag
from .record import GradeStatus, NotebookResult, Record, StoredFlag

__all__ = ["KINDS", "Effect", "Flag", "GradeStatus", "NotebookResult", "Record", "StoredFlag"]
