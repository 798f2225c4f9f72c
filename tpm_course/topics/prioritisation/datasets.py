"""The quarter's backlog, a Kano survey of four features and half a year of incidents, for module 06."""

from __future__ import annotations

from tpm_course.data.dataset import Dataset

SEED = 20260706
BACKLOG_COLUMNS = [
    "id",
    "title",
    "kind",
    "requested_by",
    "moscow",
    "reach",
    "impact",
    "confidence_pct",
    "effort",
    "effort_unit",
    "business_value",
    "time_criticality",
    "risk_reduction",
    "job_size",
    "value_usd",
    "hours_lost_per_sprint",
    "due_week",
]
# id, title, kind, requested by, MoSCoW label, RICE (reach per quarter, impact, confidence %, effort, unit),
# WSJF (business value, time criticality, risk reduction, job size), value per quarter in USD (features),
# hours lost per sprint (debt), week of the quarter it is due by (compliance).
# fmt: off
_BACKLOG = [
    ("sso", "SAML single sign-on", "feature", "sales", "must", 900, 2, 80, 12, "weeks", 13, 8, 3, 13, 64_000, None, None),
    ("dashboards", "Custom dashboards", "feature", "sales", "must", 1_500, 1, 80, 16, "weeks", 8, 3, 1, 13, 42_000, None, None),
    ("bulk_export", "Bulk CSV export", "feature", "support", "should", 2_400, 1, 100, 20, "days", 5, 2, 1, 3, 26_000, None, None),
    ("search_filters", "Search with filters", "feature", "support", "must", 3_000, 1, 80, 8, "weeks", 5, 2, 2, 8, 24_000, None, None),
    ("onboarding", "Guided onboarding checklist", "feature", "product", "should", 4_000, 0.5, 50, 30, "days", 3, 1, 2, 5, 18_000, None, None),
    ("offline_mobile", "Offline mode in the mobile app", "feature", "sales", "could", 600, 2, 50, 20, "weeks", 8, 1, 1, 20, 30_000, None, None),
    ("slack_alerts", "Slack notifications", "feature", "support", "could", 1_800, 0.5, 80, 15, "days", 2, 1, 1, 2, 9_000, None, None),
    ("dark_mode", "Dark mode", "feature", "sales", "could", 2_500, 0.25, 100, 5, "weeks", 1, 1, 1, 5, 6_000, None, None),
    ("audit_log", "Audit log for the SOC 2 audit", "compliance", "legal", "must", 250, 1, 100, 10, "weeks", 8, 20, 8, 8, 12_000, None, 8),
    ("deploy_pipeline", "Fix the flaky deploy pipeline", "debt", "CTO", "should", 200, 0.5, 80, 6, "weeks", 2, 5, 13, 5, None, 24, None),
    ("db_upgrade", "Upgrade the unsupported database version", "debt", "CTO", "must", 100, 0.25, 80, 8, "weeks", 1, 8, 13, 8, None, 4, None),
    ("test_suite", "Cut the 40-minute test suite to 10", "debt", "CTO", "could", 60, 0.25, 100, 25, "days", 1, 2, 8, 3, None, 12, None),
]
# fmt: on
INCIDENT_COLUMNS = ["incident_id", "date", "cause", "engineer_hours", "credits_usd"]
LOG_START, LOG_DAYS = "2026-01-01", 181  # the first half of 2026: two quarters
# cause: (incidents in the half year, mean engineer hours each, chance of customer credits, mean credits)
_CAUSES = {
    "deploy_pipeline": (14, 9.0, 0.3, 2_500),
    "db_upgrade": (4, 14.0, 0.75, 6_000),
    "test_suite": (2, 3.0, 0.0, 0),
    "other": (11, 6.0, 0.2, 1_500),
}
SURVEY_COLUMNS = ["respondent", "feature", "functional", "dysfunctional"]
RESPONDENTS = 120
# feature: probabilities of (functional, dysfunctional) answer pairs, as {pair: weight}
_SURVEY = {
    "sso": {
        ("expect", "dislike"): 5,
        ("tolerate", "dislike"): 2,
        ("like", "dislike"): 2,
        ("neutral", "neutral"): 1.5,
        ("like", "tolerate"): 1.2,
        ("like", "like"): 0.2,
    },
    "bulk_export": {
        ("like", "dislike"): 3.2,
        ("expect", "dislike"): 2.6,
        ("tolerate", "dislike"): 2.4,
        ("like", "neutral"): 1.0,
        ("neutral", "neutral"): 0.8,
    },
    "dark_mode": {
        ("like", "neutral"): 2.2,
        ("neutral", "neutral"): 3.2,
        ("like", "tolerate"): 2.0,
        ("neutral", "tolerate"): 1.6,
        ("dislike", "neutral"): 0.5,
    },
    "slack_alerts": {
        ("like", "neutral"): 4,
        ("like", "tolerate"): 2.5,
        ("neutral", "neutral"): 2.8,
        ("like", "dislike"): 1.2,
        ("expect", "dislike"): 0.6,
    },
}


def backlog() -> list[tuple]:
    """The twelve items of the quarter's backlog (hand-written: every number is part of the brief)."""
    return list(_BACKLOG)


def incident_log(seed: int = SEED) -> list[tuple]:
    """Incidents of the first half of 2026, with the debt item (or "other") that caused each."""
    from datetime import date, timedelta

    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for cause, (count, hours, credit_chance, credits) in _CAUSES.items():
        days = rng.integers(0, LOG_DAYS, count)
        spent = np.round(rng.gamma(4.0, hours / 4.0, count) * 2) / 2  # to the half hour
        paid = np.where(rng.random(count) < credit_chance, np.round(rng.gamma(3.0, credits / 3.0, count), -2), 0)
        rows += [(int(d), cause, float(h), int(c)) for d, h, c in zip(days, spent, paid)]
    rows.sort()
    start = date.fromisoformat(LOG_START)
    return [
        (f"INC-{n:03d}", (start + timedelta(days=d)).isoformat(), cause, max(h, 0.5), c)
        for n, (d, cause, h, c) in enumerate(rows, start=1)
    ]


def kano_survey(seed: int = SEED) -> list[tuple]:
    """Functional and dysfunctional answers of 120 customers about four features."""
    import numpy as np

    rng = np.random.default_rng(seed + 1)
    rows = []
    for feature, pairs in _SURVEY.items():
        options = list(pairs)
        weights = np.array(list(pairs.values()), dtype=float)
        picks = rng.choice(len(options), size=RESPONDENTS, p=weights / weights.sum())
        rows += [(r + 1, feature, *options[p]) for r, p in enumerate(picks)]
    return rows


def _describe_backlog() -> str:
    return "12 items (7 features, 1 compliance item due in week 8, 3 technical-debt items); hand-written"


def _describe_incidents() -> str:
    return f"{len(incident_log())} incidents of January to June 2026, each with its cause; seed {SEED}"


def _describe_survey() -> str:
    return f"{RESPONDENTS * len(_SURVEY)} rows: {RESPONDENTS} customers answer Kano's two questions on 4 features; seed {SEED + 1}"


DATASETS = {
    "backlog": Dataset("backlog", BACKLOG_COLUMNS, backlog, _describe_backlog),
    "incident_log": Dataset("incident_log", INCIDENT_COLUMNS, incident_log, _describe_incidents),
    "kano_survey": Dataset("kano_survey", SURVEY_COLUMNS, kano_survey, _describe_survey),
}
