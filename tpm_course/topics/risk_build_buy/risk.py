"""The risk register: exposure as likelihood × impact, a ranking, and which mitigations are worth their cost."""

from __future__ import annotations

ALL = "all"
"""``applies_to`` of a risk that every option carries."""


def exposure(likelihood: float, impact: float) -> float:
    """Expected loss of one risk: the chance it happens times what it costs when it does."""
    return likelihood * impact


def ranked(register):
    """The register with ``exposure`` added, highest first; ties go to the larger impact."""
    scored = register.assign(exposure=register["likelihood"] * register["impact_usd"])
    return scored.sort_values(["exposure", "impact_usd"], ascending=False, kind="stable")


def top_risk_ids(register, n: int) -> list[str]:
    """The ``risk_id`` of the ``n`` highest exposures, highest first."""
    return ranked(register)["risk_id"].head(n).tolist()


def with_plan(register):
    """The register with each mitigation judged: funded when it removes more exposure than it costs.

    Adds ``exposure``, ``exposure_after`` (likelihood_after × impact_after_usd), ``funded`` and
    ``residual`` (the exposure after the mitigation when funded, else the exposure before).
    """
    plan = register.assign(
        exposure=register["likelihood"] * register["impact_usd"],
        exposure_after=register["likelihood_after"] * register["impact_after_usd"],
    )
    plan["funded"] = plan["exposure"] - plan["exposure_after"] > plan["mitigation_cost_usd"]
    plan["residual"] = plan["exposure_after"].where(plan["funded"], plan["exposure"])
    return plan


def carried_by(plan, option: str):
    """The rows of a register that an option carries: its own risks and those of every option."""
    return plan[plan["applies_to"].isin([option, ALL])]


def risk_plan(register, options: tuple[str, ...] = ("build", "buy", "open source")) -> dict:
    """The funded mitigations (ids in order) and each option's residual exposure and mitigation cost."""
    plan = with_plan(register)
    summary = {"funded": sorted(plan.loc[plan["funded"], "risk_id"])}
    for option in options:
        carried = carried_by(plan, option)
        summary[option] = {
            "residual": float(carried["residual"].sum()),
            "mitigation_cost": float(carried.loc[carried["funded"], "mitigation_cost_usd"].sum()),
        }
    return summary


def biggest_residual_risks(register, option: str, n: int = 2) -> list[str]:
    """The ids of the ``n`` largest residual exposures an option carries after the plan, highest first."""
    carried = carried_by(with_plan(register), option)
    return carried.sort_values(["residual", "impact_usd"], ascending=False, kind="stable")["risk_id"].head(n).tolist()


def biggest_residual_after(register, funded, option: str, n: int = 2) -> list[str]:
    """The ids of the ``n`` largest residual exposures an option carries when the mitigations of ``funded``
    (whatever plan chose them) are in place, highest first; ties go to the larger impact."""
    plan = register.assign(
        exposure=register["likelihood"] * register["impact_usd"],
        exposure_after=register["likelihood_after"] * register["impact_after_usd"],
    )
    plan["residual"] = plan["exposure_after"].where(plan["risk_id"].isin(list(funded)), plan["exposure"])
    carried = carried_by(plan, option)
    return carried.sort_values(["residual", "impact_usd"], ascending=False, kind="stable")["risk_id"].head(n).tolist()
