"""What the learner's own ``clean`` of Q3 gives for the answers built on it (Q6's CUPED, Q9's memo).

A check carries these forward (``DocumentQuestion(follows=...)``): a field that agrees with what the
learner's own, wrong, ``clean`` gives is charged in Q3, not again. ``None`` where ``clean`` is not a
table with the columns needed, or has no users in a group.
"""

from __future__ import annotations

from typing import Any

from .trust import GO


def _own_clean(namespace: dict, columns: set[str]):
    clean = namespace.get("clean")
    if not hasattr(clean, "columns") or not columns <= set(clean.columns):
        return None
    groups = set(clean["group"].unique())
    return clean if {"control", "treatment"} <= groups else None


def cuped_of_own_clean(namespace: dict, context: dict) -> dict[str, float] | None:
    """Q6's fields, CUPED on the learner's ``clean``."""
    from .variance import cuped

    clean = _own_clean(namespace, {"group", "revenue", "pre_revenue"})
    if clean is None:
        return None
    control, treatment = clean[clean["group"] == "control"], clean[clean["group"] == "treatment"]
    result = cuped(control["revenue"], control["pre_revenue"], treatment["revenue"], treatment["pre_revenue"])
    return {
        "theta": result.theta,
        "difference": result.adjusted.difference,
        "ci_low": result.adjusted.ci_low,
        "ci_high": result.adjusted.ci_high,
        "unadjusted_ci_low": result.unadjusted.ci_low,
        "unadjusted_ci_high": result.unadjusted.ci_high,
    }


def memo_of_own_clean(namespace: dict, context: dict) -> dict[str, Any] | None:
    """Q9's fields, by the review's rules, on the learner's ``clean``."""
    from .analysis import compare_proportions
    from .trust import srm_check

    clean = _own_clean(namespace, {"group", "converted", "support_contact"})
    if clean is None:
        return None
    users = clean["group"].value_counts()
    split = srm_check([users["control"], users["treatment"]])

    def compared(column):
        successes = clean.groupby("group")[column].sum()
        return compare_proportions(successes["control"], users["control"], successes["treatment"], users["treatment"])

    primary, guardrail = compared("converted"), compared("support_contact")
    worse = guardrail.p_value < 0.05 and guardrail.difference > 0
    better = guardrail.p_value < 0.05 and guardrail.difference < 0
    shipped = primary.p_value < 0.05 and primary.difference > 0
    fields = {
        "srm_p_value": split.p_value,
        "primary_absolute_lift": primary.difference,
        "primary_relative_lift": primary.relative_lift,
        "primary_p_value": primary.p_value,
        "guardrail_change": guardrail.difference,
        "guardrail_p_value": guardrail.p_value,
        "guardrail_result": "worse" if worse else "better" if better else "no significant change",
    }
    if split.verdict == GO:  # a broken split is not a decision this memo's options name
        fields["decision"] = "don't ship" if worse else "ship" if shipped else "extend the test"
    return fields
