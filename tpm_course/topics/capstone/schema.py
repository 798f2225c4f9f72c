"""The JSON schema of a design brief: one object per section, each with the fields its rules read."""

from __future__ import annotations

from .reading import NUMBER, SHARE
from .scenario import SECTIONS

COUNT = {"type": "integer", "minimum": 1}
TEXT = {"type": "string", "minLength": 3}


def _section(**fields) -> dict:
    return {"type": "object", "required": list(fields), "properties": fields}


_LINK = {
    "type": "object",
    "required": ["component", "availability"],
    "properties": {"component": TEXT, "availability": SHARE, "replicas": COUNT},
}

BRIEF_SCHEMA = {
    "type": "object",
    "required": list(SECTIONS),
    "properties": {
        "capacity": _section(design_peak_rps=NUMBER, utilisation_target=SHARE, servers=COUNT, storage_tb_year=NUMBER),
        "latency": _section(objective_ms=NUMBER, at_rps=NUMBER, cache_hit_ratio=SHARE),
        "reliability": _section(
            slo=SHARE,
            window_days=NUMBER,
            error_budget_minutes={"type": "number", "minimum": 0},
            chain={"type": "array", "minItems": 1, "items": _LINK},
        ),
        "experiment": _section(
            metric=TEXT,
            guardrail=TEXT,
            baseline=SHARE,
            mde=SHARE,
            sample_size_per_arm=NUMBER,
            allocation=SHARE,
            duration_days=NUMBER,
        ),
        "ai_assistant": _section(model=TEXT, requests_per_month=NUMBER, monthly_cost_usd=NUMBER),
        "build_buy": _section(
            component=TEXT,
            choice={"type": "string", "pattern": r"^\s*(?i:build|buy)\s*$"},
            build_present_cost_usd=NUMBER,
            buy_present_cost_usd=NUMBER,
        ),
        "rollout": _section(
            stages={"type": "array", "minItems": 2, "items": SHARE},
            first_stage_hours=NUMBER,
            rise_to_detect=SHARE,
            rollback_error_rate=SHARE,
        ),
    },
}
