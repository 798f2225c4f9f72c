"""The orders-database migration's task list with three-point estimates, and two teams' weekly throughput."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20270108
HISTORY_WEEKS = 26
FIRST_WEEK = "2026-07-06"  # a Monday; the 26th week starts on 28 December 2026

# (task, name, work stream, prerequisites, optimistic, most likely, pessimistic weeks)
MIGRATION_TASKS = [
    ("A", "Provision the managed cluster and the network link", "platform", "", 1, 2, 4),
    ("B", "Audit the schema and queries for compatibility", "data", "", 1, 2, 3),
    ("C", "Port the stored procedures and triggers", "data", "B", 2, 4, 14),
    ("D", "Set up change-data-capture replication", "platform", "A", 2, 3, 6),
    ("E", "Backfill and reconcile the historical orders", "data", "D", 2, 3, 5),
    ("F", "Dual-write from the order service", "application", "C;D", 2, 3, 7),
    ("G", "Load-test the new cluster", "platform", "A", 1, 2, 3),
    ("H", "Write the cut-over runbook and rollback plan", "operations", "B", 1, 1, 2),
    ("I", "Rehearse the cut-over twice", "operations", "E;F;G;H", 1, 2, 3),
    ("J", "Cut over and decommission the old cluster", "operations", "I", 1, 1, 2),
]
TASK_COLUMNS = ["task", "name", "stream", "depends_on", "optimistic_weeks", "most_likely_weeks", "pessimistic_weeks"]

# Weekly throughput: (team, mean items a week, dispersion of the gamma-Poisson mix)
TEAMS = [("mobile", 7.0, 6.0), ("services", 4.8, 4.0)]
QUIET_WEEKS = {"2026-12-21": 0.35, "2026-12-28": 0.25}  # the holiday weeks: most of the team is away
INCIDENT_WEEK = ("services", "2026-09-14")  # the week the services team spent on an outage: nothing shipped
THROUGHPUT_COLUMNS = ["team", "week_start", "items_done"]


def migration_tasks() -> list[tuple]:
    """The migration's ten tasks: prerequisites separated by ';', estimates in weeks (a fixed table, no randomness)."""
    return list(MIGRATION_TASKS)


def weekly_throughput(seed: int = SEED) -> list[tuple]:
    """Items finished each week by two teams over the 26 weeks before the plan starts.

    Counts are gamma-Poisson (over-dispersed, as real throughput is); the two holiday weeks are
    scaled down and the services team's incident week is planted as zero.
    """
    from datetime import date, timedelta

    import numpy as np

    rng = np.random.default_rng(seed)
    first = date.fromisoformat(FIRST_WEEK)
    starts = [(first + timedelta(weeks=w)).isoformat() for w in range(HISTORY_WEEKS)]
    rows = []
    for team, mean, dispersion in TEAMS:
        for start in starts:
            level = mean * QUIET_WEEKS.get(start, 1.0)
            count = int(rng.poisson(rng.gamma(dispersion, level / dispersion)))
            if (team, start) == INCIDENT_WEEK:
                count = 0
            rows.append((team, start, count))
    return rows


def describe_tasks() -> str:
    return "10 tasks of the orders-database migration, prerequisites and three-point estimates in weeks; a fixed table"


def describe_throughput() -> str:
    return (
        f"items finished per week by two teams (mobile, services), {HISTORY_WEEKS} weeks from {FIRST_WEEK}; "
        f"seed {SEED}; two quiet holiday weeks, one zero week for the services team's incident"
    )


DATASETS = {
    "migration_tasks": Dataset("migration_tasks", TASK_COLUMNS, migration_tasks, describe_tasks),
    "weekly_throughput": Dataset("weekly_throughput", THROUGHPUT_COLUMNS, weekly_throughput, describe_throughput),
}
