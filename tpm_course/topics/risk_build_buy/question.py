"""The recommendation's check: the fields against the key, and the decision against the learner's own numbers."""

from __future__ import annotations

from typing import Any

from tpm_course.core import DocumentQuestion
from tpm_course.core.feedback import shown
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.text import normalise


class Recommendation(DocumentQuestion):
    """A decision document whose ``decision`` should be the option the learner's own present costs put lowest.

    ``own_costs`` maps each decision to the notebook variable holding that option's costs by year;
    the learner's ``present_cost`` function and ``rate_name`` give their present costs. A decision
    that disagrees with them is named in the feedback, whatever the key says.
    """

    def __init__(self, *args, own_costs: dict[str, str], rate_name: str, present_cost_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_costs = dict(own_costs)
        self.rate_name = rate_name
        self.present_cost_name = present_cost_name

    def own_present_costs(self, namespace: dict) -> dict[str, float] | None:
        """Each option's present cost by the learner's own function and costs; None if they cannot be computed."""
        try:
            present_cost, rate = namespace[self.present_cost_name], namespace[self.rate_name]
            return {d: float(present_cost(list(namespace[v]), rate)) for d, v in self.own_costs.items()}
        except Exception:  # the learner's code: an unfinished answer gives no comparison, never a crash
            return None

    def consistency(self, namespace: dict) -> str | None:
        """A note when the decision is not the option the learner's own present costs put lowest."""
        own = self.own_present_costs(namespace)
        document = namespace.get(self.name)
        if not own or not isinstance(document, dict):
            return None
        cheapest = min(own, key=own.get)
        if normalise(document.get("decision")) == normalise(cheapest):
            return None
        costs = ", ".join(f"{d} {shown(v)}" for d, v in own.items())
        return (
            f"Your own present costs ({costs}) put `{cheapest}` lowest, but your decision is "
            f"`{document.get('decision')}`: a recommendation should follow from its own numbers."
        )

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        outcome = super().check_key(namespace, expected=expected, **context)
        note = self.consistency(namespace)
        if note and outcome.status is not Status.CORRECT:
            outcome.details.append(note)
        return outcome
