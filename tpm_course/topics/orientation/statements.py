"""The kinds of statement a product brief mixes, and the lesson's worked brief with its labels."""

from __future__ import annotations

from typing import Any

from tpm_course.core.text import normalise

KINDS = ("goal", "requirement", "constraint", "assumption", "risk", "solution")

DEFINITIONS = {
    "goal": "the business outcome the work is for, with its measure",
    "requirement": "what the product must do, or how well, seen from outside and free of a chosen design",
    "constraint": "a fixed limit the team cannot change: a date, a budget, a law, a contract, a platform",
    "assumption": "something the plan relies on that nobody has checked, however confidently it is written",
    "risk": "an uncertain event that would hurt the plan if it happened",
    "solution": "a design (how to build it) written where a requirement (what is needed) should be",
}

# The lesson's worked brief: a meal-kit company lets subscribers skip a week from the app.
LESSON_BRIEF = {
    "L1": ("Cut the cancellations of subscribers who 'needed a break' by a quarter this year.", "goal"),
    "L2": ("A subscriber can skip any of the next four weekly deliveries from the app.", "requirement"),
    "L3": ("A skip made before Wednesday 23:59 stops that week's box from being packed.", "requirement"),
    "L4": ("Add a 'skip' button that writes straight into the warehouse database.", "solution"),
    "L5": ("The feature has to ship before the January campaign starts on 5 January.", "constraint"),
    "L6": ("The warehouse's packing list is fixed 48 hours before dispatch (the 3PL contract).", "constraint"),
    "L7": ("Subscribers who can skip will cancel less.", "assumption"),
    "L8": ("If skips arrive after the packing list is fixed, boxes ship that nobody pays for.", "risk"),
}


def lesson_labels() -> dict[str, str]:
    """The worked brief's statement ids and their kinds."""
    return {sid: kind for sid, (_, kind) in LESSON_BRIEF.items()}


def kind_label(value: Any) -> Any:
    """A kind as the course spells it ("Assumption. " -> "assumption"); anything else unchanged."""
    return normalise(value) if isinstance(value, str) else value


def ids_of(labels: dict, kind: str) -> list[str]:
    """The ids a set of labels gives ``kind``, sorted."""
    return sorted(str(sid) for sid, label in labels.items() if kind_label(label) == kind)


def confusions(answer: dict, key: dict) -> list[tuple[str, str, str]]:
    """(id, the right kind, the kind given) for every statement labelled wrongly."""
    return [
        (sid, right, kind_label(answer.get(sid))) for sid, right in key.items() if kind_label(answer.get(sid)) != right
    ]
