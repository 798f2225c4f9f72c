"""The feature-flag launch's risk register and the overruns of past internal platform builds."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

RISK_COLUMNS = [
    "risk_id",
    "risk",
    "applies_to",
    "owner",
    "likelihood",
    "impact_usd",
    "trigger",
    "mitigation",
    "mitigation_cost_usd",
    "likelihood_after",
    "impact_after_usd",
]

# (id, risk, applies to, owner, likelihood, impact, trigger, mitigation, its cost, likelihood after, impact after)
_RISKS = [
    (
        "R01",
        "A flag left on after launch exposes an unfinished feature",
        "all",
        "engineering manager, web",
        0.40,
        55_000,
        "a flag older than 90 days still serving 'on' to some users",
        "expiry dates on every flag and a weekly stale-flag report",
        6_000,
        0.10,
        55_000,
    ),
    (
        "R02",
        "Moving the 1,400 config-file flags breaks targeting for some customers",
        "all",
        "platform lead",
        0.30,
        80_000,
        "old and new evaluation disagree for any customer during the dual run",
        "dual-run old and new evaluation for two weeks and compare every decision",
        12_000,
        0.05,
        80_000,
    ),
    (
        "R03",
        "The vendor raises the seat price by 20 % or more at renewal",
        "buy",
        "procurement",
        0.35,
        50_000,
        "the renewal quote arrives 90 days before the term ends",
        "negotiate a cap of 5 % a year on price rises into the contract",
        3_000,
        0.35,
        12_500,
    ),
    (
        "R04",
        "The vendor's evaluation API is down and every flag falls back to its default",
        "buy",
        "SRE lead",
        0.20,
        90_000,
        "the SDK reports stale rules for more than 5 minutes",
        "cache flag rules in the SDK and review every flag's safe default",
        8_000,
        0.20,
        20_000,
    ),
    (
        "R05",
        "The vendor is acquired or retires the product within three years",
        "buy",
        "PM, platform",
        0.03,
        400_000,
        "an end-of-life notice or a change of owner",
        "monthly export of every flag into our own store, behind an OpenFeature layer",
        15_000,
        0.03,
        150_000,
    ),
    (
        "R06",
        "The in-house build overruns its estimate by more than 50 %",
        "build",
        "platform lead",
        0.45,
        90_000,
        "the milestone for percentage rollouts slips by three weeks",
        "cut version 1 to on/off flags and percentage rollouts",
        5_000,
        0.30,
        90_000,
    ),
    (
        "R07",
        "A security fix of the self-hosted server is applied late",
        "open source",
        "security lead",
        0.25,
        120_000,
        "an advisory for the server is published",
        "subscribe to the advisories; patch within 7 days by runbook",
        10_000,
        0.08,
        120_000,
    ),
    (
        "R08",
        "The flag SDK slows the checkout page's first render",
        "all",
        "engineering manager, web",
        0.28,
        40_000,
        "p75 first render up by 100 ms or more after the SDK ships",
        "evaluate flags on the server and bootstrap the page with them",
        9_000,
        0.10,
        40_000,
    ),
    (
        "R09",
        "Engineers create duplicate or misnamed flags",
        "all",
        "PM, platform",
        0.60,
        9_000,
        "two flags with the same target in one service",
        "a naming convention checked in CI",
        2_000,
        0.20,
        9_000,
    ),
    (
        "R10",
        "The audit trail misses who changed a flag and the SOC 2 review fails",
        "all",
        "security lead",
        0.15,
        150_000,
        "a flag change without an author in the weekly audit sample",
        "require a reason on every change and send the audit log to the SIEM",
        7_000,
        0.05,
        150_000,
    ),
    (
        "R11",
        "Customer data leaves the EU through the vendor's US region",
        "buy",
        "legal",
        0.10,
        200_000,
        "a data-processing review finds user attributes sent to the US",
        "contract the vendor's EU data-residency option",
        12_000,
        0.02,
        200_000,
    ),
    (
        "R12",
        "On-call does not use a kill switch in an incident because nobody knows it exists",
        "all",
        "release manager",
        0.20,
        30_000,
        "an incident review finds a kill switch that was not used",
        "a runbook entry for every kill switch and a game day",
        4_000,
        0.05,
        30_000,
    ),
]


def launch_risks() -> list[tuple]:
    """The twelve risks of moving feature flags to a new platform, written out (a register is written, not drawn).

    Planted: the highest impact (R05) has a low likelihood, the highest likelihood (R09) a small
    impact, so ranking by either alone disagrees with likelihood × impact; two mitigations (R05,
    R08) cost more than the exposure they remove; four risks apply only to buying, one to building
    and one to open source.
    """
    return list(_RISKS)


OVERRUN_COLUMNS = ["project", "estimated_weeks", "actual_weeks"]
OVERRUN_SEED = 20261205
OVERRUN_PROJECTS = 36


def build_overruns(seed: int = OVERRUN_SEED, projects: int = OVERRUN_PROJECTS) -> list[tuple]:
    """Past internal platform builds: estimated and actual engineer-weeks.

    Overrun factors (actual / estimated) are log-normal around 1.25 with a spread of 0.25 in logs;
    three projects are planted with overruns of 2 to 2.6 times, the long tail a build plan forgets.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    estimated = np.clip(np.round(rng.lognormal(np.log(14), 0.5, projects)), 4, 60)
    factor = rng.lognormal(np.log(1.25), 0.25, projects)
    factor[[5, 17, 29]] = [2.0, 2.6, 2.2]
    actual = np.round(estimated * factor, 1)
    return [(f"P{i + 1:02d}", int(e), float(a)) for i, (e, a) in enumerate(zip(estimated, actual))]


def _describe_risks() -> str:
    return f"{len(_RISKS)} risks of the feature-flag launch with likelihood, impact, owner, trigger and mitigation"


def _describe_overruns() -> str:
    return f"{OVERRUN_PROJECTS} past internal builds, estimated and actual engineer-weeks; seed {OVERRUN_SEED}"


DATASETS = {
    "launch_risks": Dataset("launch_risks", RISK_COLUMNS, launch_risks, _describe_risks),
    "build_overruns": Dataset("build_overruns", OVERRUN_COLUMNS, build_overruns, _describe_overruns),
}
