"""Exercise 11's question kinds: checks built on earlier answers, exact fields, cost lists and the recommendation."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tpm_course.core import DocumentQuestion, FunctionQuestion
from tpm_course.core.document import _field_equal, quotes
from tpm_course.core.feedback import shown
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.text import normalise
from tpm_course.topics.risk_build_buy.money import Option, licence_cost


@dataclass(frozen=True)
class Upstream:
    """An earlier answer a check's numbers are built on, and how to tell it gives the brief's numbers."""

    question: str  # "Q3"
    names: str  # "`licence_cost`"
    holds: Callable[[dict], bool]
    follows: tuple[str, ...] = ()  # earlier questions whose fault explains this one's: named instead

    def fine(self, namespace: dict) -> bool:
        try:
            return bool(self.holds(namespace))
        except Exception:  # the learner's code: an unfinished earlier answer is a faulty one, never a crash
            return False

    @property
    def note(self) -> str:
        return (
            f"Your {self.names} ({self.question}) is not right yet, and this answer is built on it: "
            f"fix {self.question} first, then run this cell again."
        )


def _near(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6)


def _licence_holds(ns: dict) -> bool:
    tiers = ns["SWITCHBOARD_TIERS"]
    return all(_near(ns["licence_cost"](s, tiers), licence_cost(s, tiers)) for s in (120, *ns["SEATS"]))


def _present_holds(ns: dict) -> bool:
    f = ns["present_cost"]
    return _near(f([100.0, 110.0, 121.0], 0.10), 300.0) and _near(f([50.0, 0.0, 0.0, 1_331.0], 0.10), 1_050.0)


def brief_costs(ns: dict) -> dict[str, list[float]]:
    """Each option's costs by year from the brief's numbers in the notebook (the Q4 lists as the brief reads)."""
    week = ns["ENGINEER_WEEK"]
    build = ns["BUILD_WEEKS"] * week
    licences = [licence_cost(s, ns["SWITCHBOARD_TIERS"]) for s in ns["SEATS"]]
    oss_yearly = ns["OSS_HOSTING"] + ns["OSS_UPKEEP_WEEKS"] * week
    options = {
        "build_costs": Option(
            "build",
            build + ns["MIGRATION"],
            [ns["BUILD_MAINTENANCE_SHARE"] * build + ns["BUILD_HOSTING"]] * 3,
            ns["BUILD_EXIT"],
        ),
        "buy_costs": Option("buy", ns["BUY_INTEGRATION_WEEKS"] * week + ns["MIGRATION"], licences, ns["BUY_EXIT"]),
        "oss_costs": Option(
            "oss", ns["OSS_INTEGRATION_WEEKS"] * week + ns["MIGRATION"], [oss_yearly] * 3, ns["OSS_EXIT"]
        ),
    }
    return {name: option.cash_flows() for name, option in options.items()}


def _lists_hold(ns: dict) -> bool:
    return all(
        len(list(ns[name])) == len(flows) and all(_near(a, b) for a, b in zip(ns[name], flows))
        for name, flows in brief_costs(ns).items()
    )


LICENCE = Upstream("Q3", "`licence_cost`", _licence_holds)
PRESENT = Upstream("Q5", "`present_cost`", _present_holds)
COST_LISTS = Upstream("Q4", "`build_costs`, `buy_costs` or `oss_costs`", _lists_hold, follows=("Q3",))


class _BuiltOn:
    """A check whose numbers are built on earlier answers: a faulty one is named, and the misconceptions
    that assume it right (their prediction reads ``upstream_ok``) are held back, so no wrong cause is given."""

    upstream: tuple[Upstream, ...] = ()

    def _built_on(self, namespace: dict, run) -> Outcome:
        faults = [u for u in self.upstream if not u.fine(namespace)]
        self.context["upstream_ok"] = not faults
        try:
            outcome = run()
        finally:
            self.context["upstream_ok"] = True
        if faults and outcome.status in (Status.INCORRECT, Status.PARTIAL):
            named = {u.question for u in faults}
            outcome.details.extend(u.note for u in faults if not named.intersection(u.follows))
        return outcome


class BriefFunction(_BuiltOn, FunctionQuestion):
    """A function graded on cases that calls the learner's earlier functions and lists."""

    def __init__(self, *args, upstream: tuple[Upstream, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.upstream = tuple(upstream)
        self.context.setdefault("upstream_ok", True)

    def check_key(self, namespace: dict, cases=()) -> Outcome:
        return self._built_on(namespace, lambda: super(BriefFunction, self).check_key(namespace, cases=cases))


class BriefDocument(_BuiltOn, DocumentQuestion):
    """A document checked field by field, with fields that must match exactly and cost lists of a set length.

    ``exact`` names the fields compared without tolerance (a whole number of seats); ``lists`` the
    notebook's costs by year that must have ``years`` entries, scored as the part ``"costs_by_year"``.
    """

    def __init__(
        self,
        *args,
        upstream: tuple[Upstream, ...] = (),
        exact: tuple[str, ...] = (),
        lists: tuple[str, ...] = (),
        years: int = 4,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.upstream = tuple(upstream)
        self.exact = tuple(exact)
        self.lists = tuple(lists)
        self.years = years
        self.context.setdefault("upstream_ok", True)

    def _field_ok(self, key: str, actual: Any, expected: Any) -> bool:
        if key in self.exact:
            return _field_equal(actual, expected, 0.0, 0.0)
        return _field_equal(actual, expected, self.rel_tol, self.abs_tol)

    def _matches(self, document: dict, fields: dict) -> bool:
        return all(self._field_ok(k, document.get(k), v) for k, v in fields.items())

    def _lengths(self, namespace: dict) -> list[str]:
        """A line for each cost list that is not [year 0, year 1, year 2, year 3]."""
        problems = []
        for name in self.lists:
            try:
                count = len(list(namespace[name]))
            except Exception:  # missing or not a list: the lists are the answer's form
                problems.append(f"`{name}` should be a list of costs by year: [year 0, year 1, year 2, year 3].")
                continue
            if count != self.years:
                problems.append(
                    f"`{name}` has {count} entries; the brief's years are [year 0, year 1, year 2, year 3], "
                    "with the exit cost added to year 3."
                )
        return problems

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context):
        return self._built_on(namespace, lambda: self._graded(namespace, expected or {}, figures or {}, context))

    def _graded(self, namespace: dict, expected: dict, figures: dict, context: dict) -> Outcome:
        document, invalid = self._scored_form(namespace, [*expected, *figures])  # a broken field loses its part
        wrong = [k for k, v in expected.items() if k in invalid or not self._field_ok(k, document.get(k), v)]
        unquoted = [k for k, values in figures.items() if k in invalid or not quotes(document.get(k), values)]
        lengths = self._lengths(namespace) if self.lists else []
        if not wrong and not unquoted and not lengths:
            return Outcome(
                Status.CORRECT, f"{self.qid}: correct, every checked field of `{self.name}` agrees with the numbers"
            )
        details = [problem for found in invalid.values() for problem in found]
        details += [
            f"`{self.name}[{k!r}]` = {shown(document.get(k), full=True)} does not agree with the numbers."
            for k in wrong
            if k not in invalid
        ]
        details += [
            f"`{self.name}[{k!r}]` quotes none of the figures that drive the decision: say the number in dollars, "
            "as you would in the review."
            for k in unquoted
            if k not in invalid
        ]
        details += lengths
        misconception = self.misconception_for(document, expected, context, self._matches) if wrong else None
        if misconception:
            details.append(misconception.message)
        count = len(wrong) + len(unquoted) + bool(lengths)
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: {count} part(s) of `{self.name}` are not right yet", details)
        right = {k: k not in wrong for k in expected} | {k: k not in unquoted for k in figures}
        if self.lists:
            right["costs_by_year"] = not lengths
        return self.scored(outcome, right)


class Recommendation(BriefDocument):
    """A decision document whose ``decision`` should be the option the learner's own present costs put lowest.

    ``own_costs`` maps each decision to the notebook variable holding that option's costs by year;
    the learner's ``present_cost`` function and ``rate_name`` give their present costs. A decision
    that disagrees with them is named in the feedback, whatever the key says. The misconceptions
    read ``own_choice`` (the option those present costs put lowest) and ``undiscounted_choice``
    (the one the undiscounted totals of the same lists put lowest).
    """

    def __init__(self, *args, own_costs: dict[str, str], rate_name: str, present_cost_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_costs = dict(own_costs)
        self.rate_name = rate_name
        self.present_cost_name = present_cost_name
        self.context.setdefault("own_choice", None)
        self.context.setdefault("undiscounted_choice", None)

    def own_present_costs(self, namespace: dict) -> dict[str, float] | None:
        """Each option's present cost by the learner's own function and costs; None if they cannot be computed."""
        try:
            present_cost, rate = namespace[self.present_cost_name], namespace[self.rate_name]
            return {d: float(present_cost(list(namespace[v]), rate)) for d, v in self.own_costs.items()}
        except Exception:  # the learner's code: an unfinished answer gives no comparison, never a crash
            return None

    def _undiscounted_choice(self, namespace: dict) -> str | None:
        try:
            totals = {d: float(sum(namespace[v])) for d, v in self.own_costs.items()}
        except Exception:  # the learner's lists: unfinished ones give no comparison
            return None
        return min(totals, key=totals.get)

    def consistency(self, namespace: dict, own: dict[str, float] | None = None) -> str | None:
        """A note when the decision is not the option the learner's own present costs put lowest."""
        own = own if own is not None else self.own_present_costs(namespace)
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

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context):
        own = self.own_present_costs(namespace)
        self.context["own_choice"] = min(own, key=own.get) if own else None
        self.context["undiscounted_choice"] = self._undiscounted_choice(namespace)
        try:
            outcome = super().check_key(namespace, expected=expected, figures=figures, **context)
        finally:
            self.context["own_choice"] = self.context["undiscounted_choice"] = None
        note = self.consistency(namespace, own)
        if note and outcome.status is not Status.CORRECT:
            outcome.details.append(note)
        return outcome
