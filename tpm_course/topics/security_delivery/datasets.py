"""The data of module 13: twelve weeks of a team's changes and production deployments."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20261013
FIRST_DAY = "2026-08-03"  # a Monday
WEEKS = 12
DEPLOYS_PER_WEEK = 3  # on average: Monday, Wednesday and Thursday trains, sometimes skipped or doubled
FAILURE_RATE = 0.18  # the planted share of deployments that fail in production
CHANGE_COLUMNS = ["change_id", "ticket_created_at", "committed_at", "merged_at", "deploy_id"]
DEPLOY_COLUMNS = ["deploy_id", "deployed_at", "failed", "restored_at"]


def _stamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _deploy_times(rng):
    """Deployment instants (UTC): weekday trains at about 14:00, a few days skipped, a few doubled."""
    from datetime import datetime, timedelta

    start = datetime.fromisoformat(FIRST_DAY)
    times = []
    for day in range(WEEKS * 7):
        when = start + timedelta(days=day)
        if when.weekday() >= 5 or rng.random() > DEPLOYS_PER_WEEK / 5:
            continue
        for extra in range(1 + int(rng.random() < 0.1)):
            times.append(when + timedelta(hours=13 + 3 * extra, minutes=int(rng.integers(0, 60))))
    return times


def _recovery_hours(rng, failed):
    """Hours to restore each failed deployment: mostly a rollback within hours, one long outage."""
    import numpy as np

    hours = np.where(failed, rng.lognormal(np.log(2.5), 0.6, failed.size), 0.0)
    worst = int(np.flatnonzero(failed)[len(np.flatnonzero(failed)) // 2])
    hours[worst] = 41.0 + rng.random()  # a data migration that could not be rolled back
    return hours


def deployments(seed: int = SEED) -> list[tuple]:
    """Production deployments over twelve weeks: when, whether each failed, and when service was restored.

    Planted: about three deployments a week, 18 % of them failed, recoveries mostly of a few
    hours with one of about 41 hours that pulls the mean far above the median.
    """
    from datetime import timedelta

    import numpy as np

    rng = np.random.default_rng(seed)
    times = _deploy_times(rng)
    failed = rng.random(len(times)) < FAILURE_RATE
    hours = _recovery_hours(rng, failed)
    rows = []
    for i, when in enumerate(times):
        restored = _stamp(when + timedelta(hours=float(hours[i]))) if failed[i] else ""
        rows.append((f"d{i + 1:03d}", _stamp(when), int(failed[i]), restored))
    return rows


def changes(seed: int = SEED) -> list[tuple]:
    """The changes each deployment shipped: ticket created, first commit, merge, and the deployment.

    Planted: tickets wait days to weeks before the first commit (so lead time from the ticket is
    far longer), merges come hours to a day after the commit, and a change waits for the next
    deployment train after its merge.
    """
    from datetime import datetime, timedelta

    import numpy as np

    rng = np.random.default_rng(seed + 1)
    deploys = [(d[0], datetime.strptime(d[1], "%Y-%m-%dT%H:%M:%SZ")) for d in deployments(seed)]
    rows, count = [], 0
    for previous, (deploy_id, when) in zip([None, *deploys], deploys):
        since = previous[1] if previous else when - timedelta(days=2)
        for _ in range(int(rng.integers(2, 9))):
            count += 1
            merged = since + (when - since) * float(rng.uniform(0.05, 0.95))
            committed = merged - timedelta(hours=float(rng.lognormal(np.log(18), 0.8)))
            ticket = committed - timedelta(days=float(rng.lognormal(np.log(9), 0.6)))
            rows.append((f"c{count:04d}", _stamp(ticket), _stamp(committed), _stamp(merged), deploy_id))
    return rows


def _describe_deployments() -> str:
    return (
        f"production deployments of the {WEEKS} weeks from {FIRST_DAY}; seed {SEED}; about three a week, "
        "18 % failed, one recovery of about 41 hours"
    )


def _describe_changes() -> str:
    return (
        f"the changes those deployments shipped, with ticket, commit and merge times; seed {SEED + 1}; "
        "tickets wait days before the first commit"
    )


DATASETS = {
    "delivery_deployments": Dataset("delivery_deployments", DEPLOY_COLUMNS, deployments, _describe_deployments),
    "delivery_changes": Dataset("delivery_changes", CHANGE_COLUMNS, changes, _describe_changes),
}
