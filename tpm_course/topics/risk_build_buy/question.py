"""Exercise 11's question kinds: checks built on earlier answers, exact fields, cost lists and the recommendation."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception
from tpm_course.core import carried as carried_forward
from tpm_course.core.document import _field_equal, quotes
from tpm_course.core.feedback import shown
from tpm_course.core.function import Case
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.text import is_option, normalise
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
        return self.note_for("this answer")

    def note_for(self, what: str) -> str:
        """The note naming this earlier answer as what ``what`` ("this answer", "`present_cost_usd`") is built on."""
        return (
            f"Your {self.names} ({self.question}) is not right yet, and {what} is built on it: "
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


def same_flows(a, b) -> bool:
    """Two lists of costs by year with the same entries (to a millionth)."""
    a, b = [float(x) for x in a], [float(x) for x in b]
    return len(a) == len(b) and all(_near(x, y) for x, y in zip(a, b))


def _buy_holds(ns: dict) -> bool:
    return same_flows(ns["buy_costs"], brief_costs(ns)["buy_costs"])


def buy_with_own_licences(ns: dict) -> list[float]:
    """Buying's costs by year as the brief reads them, priced with the learner's own ``licence_cost``."""
    week, tiers = ns["ENGINEER_WEEK"], ns["SWITCHBOARD_TIERS"]
    licences = [float(ns["licence_cost"](s, tiers)) for s in ns["SEATS"]]
    return Option("buy", ns["BUY_INTEGRATION_WEEKS"] * week + ns["MIGRATION"], licences, ns["BUY_EXIT"]).cash_flows()


def funded_by_the_brief(register) -> list[str]:
    """The mitigations worth their cost (Q2's rule), sorted by id."""
    from tpm_course.topics.risk_build_buy.risk import risk_plan

    return list(risk_plan(register)["funded"])


def own_funded(ns: dict) -> list[str]:
    """The mitigations the learner's plan of Q2 funds, sorted; TypeError when it is not a list of ids."""
    funded = ns["risk_plan"]["funded"]
    if isinstance(funded, str) or not all(isinstance(i, str) for i in funded):
        raise TypeError("`funded` is not a list of ids")
    return sorted(funded)


def plan_holds(ns: dict) -> bool:
    """Whether the learner's plan of Q2 funds the mitigations the brief's rule funds."""
    from tpm_course.data import load

    return own_funded(ns) == funded_by_the_brief(load("launch_risks"))


LICENCE = Upstream("Q3", "`licence_cost`", _licence_holds)
PRESENT = Upstream("Q5", "`present_cost`", _present_holds)
COST_LISTS = Upstream("Q4", "`build_costs`, `buy_costs` or `oss_costs`", _lists_hold, follows=("Q3",))
BUY_COSTS = Upstream("Q4", "`buy_costs`", _buy_holds, follows=("Q3",))
RISK_PLAN = Upstream("Q2", "`risk_plan['funded']`", plan_holds)


class _BuiltOn:
    """A check whose numbers are built on earlier answers: a faulty one is named, and the misconceptions
    that assume it right (their prediction reads ``upstream_ok``) are held back, so no wrong cause is given.

    ``upstream_of`` maps a field to the earlier answers it is built on: then a faulty one is named only
    for the wrong fields built on it (the check adds those notes itself), never for the others.
    """

    upstream: tuple[Upstream, ...] = ()
    upstream_of: dict[str, tuple[Upstream, ...]] | None = None

    def _built_on(self, namespace: dict, run) -> Outcome:
        faults = [u for u in self.upstream if not u.fine(namespace)]
        self.context["upstream_ok"] = not faults
        self._faults = faults
        try:
            outcome = run()
        finally:
            self.context["upstream_ok"] = True
            self._faults = []
        if faults and outcome.status in (Status.INCORRECT, Status.PARTIAL) and not self.upstream_of:
            named = {u.question for u in faults}
            outcome.details.extend(u.note for u in faults if not named.intersection(u.follows))
        return outcome

    def _notes_for(self, fields: list[str]) -> list[str]:
        """For each faulty earlier answer, the note naming the wrong ``fields`` built on it (``upstream_of``)."""
        faults = getattr(self, "_faults", [])
        named = {u.question for u in faults}
        built_on: dict[Upstream, list[str]] = {}
        for field in fields:
            for upstream in (self.upstream_of or {}).get(field, ()):
                if upstream in faults and not named.intersection(upstream.follows):
                    built_on.setdefault(upstream, []).append(field)
        return [u.note_for(carried_forward.listed([f"`{f}`" for f in found])) for u, found in built_on.items()]


class BriefFunction(_BuiltOn, FunctionQuestion):
    """A function graded on cases that calls the learner's earlier functions and lists."""

    def __init__(self, *args, upstream: tuple[Upstream, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.upstream = tuple(upstream)
        self.context.setdefault("upstream_ok", True)

    def check_visible(self, namespace: dict) -> Outcome:
        return self._built_on(namespace, lambda: super(BriefFunction, self).check_visible(namespace))

    def check_key(self, namespace: dict, cases=()) -> Outcome:
        return self._built_on(namespace, lambda: super(BriefFunction, self).check_key(namespace, cases=cases))


@dataclass(frozen=True)
class Reading:
    """A case as the learner's own earlier answers give it: its key, the misconceptions' inputs there, and
    what to say when the learner's result agrees with it (``right``) or with neither it nor the key (``wrong``).

    ``probe`` is a case on the same earlier answers whose key is neither all nor none of the runs: a result
    that agrees with the reading counts only when the function is right there too (with their numbers, a
    function that ignores its inputs could otherwise match every case).
    """

    expected: Any
    context: dict
    right: str
    wrong: str
    probe: Case | None = None


@dataclass
class _Following:
    """What a ``FollowingFunction`` keeps while one check runs."""

    namespace: dict
    notes: list[str] = dataclasses.field(default_factory=list)
    readings: dict[int, list[Reading]] = dataclasses.field(default_factory=dict)
    accepted: dict[str, Reading] = dataclasses.field(default_factory=dict)  # a probe's inputs -> its reading
    probe_results: dict[str, Any] = dataclasses.field(default_factory=dict)  # a probe's inputs -> the result
    compared: int = 0  # the cases compared so far

    def said(self, readings: list[Reading]) -> list[str]:
        """The notes, once each; "right for your numbers" dropped where some case was not."""
        wrong_too = {r.right for r in readings if r.wrong in self.notes}
        return [n for n in dict.fromkeys(self.notes) if n not in wrong_too]


class FollowingFunction(BriefFunction):
    """A function graded on cases whose key also follows the learner's own earlier answers, where the text says so.

    ``follows(namespace, case)`` gives the case's ``Reading``s: the key as the learner's own earlier answers
    would have it (none when they agree with the brief or cannot be computed). A result that agrees with a
    reading is right, if the function is also right on the reading's probe, and the feedback says which
    earlier answer it follows, where that mistake is charged; one that agrees with none is judged against
    the first reading, whose misconceptions the learner's own numbers explain, and the earlier answers are
    named without blaming this answer on them.
    """

    def __init__(self, *args, follows: Callable[[dict, Case], list[Reading] | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.follows = follows
        self._following: _Following | None = None

    def check_visible(self, namespace: dict) -> Outcome:
        return self._with_readings(namespace, lambda: super(FollowingFunction, self).check_visible(namespace))

    def check_key(self, namespace: dict, cases=()) -> Outcome:
        return self._with_readings(namespace, lambda: super(FollowingFunction, self).check_key(namespace, cases))

    def _with_readings(self, namespace: dict, run) -> Outcome:
        self._following = following = _Following(namespace)
        try:
            outcome = run()
            if outcome.status in (Status.CORRECT, Status.PENDING) and following.accepted:
                outcome = self._checked_on_probes(namespace, outcome, following)
        finally:
            self._following = None
        notes = following.said([r for found in following.readings.values() for r in found])
        if not notes:
            return outcome
        upstream_notes = {u.note for u in self.upstream}  # "fix Qn first": not so, this answer was read by them
        details = [d for d in outcome.details if d not in upstream_notes]
        return dataclasses.replace(outcome, details=[*details, *notes])

    def _checked_on_probes(self, namespace: dict, outcome: Outcome, following: _Following) -> Outcome:
        """The outcome, made wrong when the function fails a probe of a reading it was found right by."""
        function, failures = self._function(namespace), []
        for reading in following.accepted.values():
            probe = reading.probe
            failure = self._run(function, [Case(probe.inputs, probe.expected, {**probe.context, "reading": True})])
            if failure:
                failures += failure
                following.notes = [reading.wrong if n == reading.right else n for n in following.notes]
        return self._incorrect(failures, following.compared + len(failures)) if failures else outcome

    def misconception_for(self, answer: Any, expected: Any, context: dict, same) -> Misconception | None:
        """The one misconception whose prediction matches; when several do (on these numbers two wrong ways
        give the same share), the one that also matches on the reading's probe, else none: a message is
        never a guess between two causes."""
        found = self._matching(answer, expected, {**self.context, **context}, same)
        probe = context.get("probe")
        if len(found) > 1 and probe is not None and self._following is not None:
            result = self._probe_result(probe)
            on_probe = self._matching(result, probe.expected, {**self.context, **probe.context}, same)
            found = [m for m in found if m in on_probe]
        return found[0] if len(found) == 1 else None

    def _matching(self, answer: Any, expected: Any, context: dict, same) -> list[Misconception]:
        where = f"{self.notebook} {self.qid}"
        found = []
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=where)
            if predicted is not None and answer is not None and same(answer, predicted):
                found.append(misconception)
        return found

    def _probe_result(self, probe: Case) -> Any:
        """The learner's function on a probe (once per check); None when it raises."""
        results = self._following.probe_results
        key = repr(probe.inputs)
        if key not in results:
            try:
                results[key] = self._call_with(self._function(self._following.namespace), probe.inputs)
            except Exception:  # the learner's code: no result, so the probe decides nothing
                results[key] = None
        return results[key]

    def _readings(self, case: Case) -> list[Reading]:
        following = self._following
        if id(case) not in following.readings:
            try:
                following.readings[id(case)] = list(self.follows(following.namespace, case) or [])
            except Exception:  # the learner's earlier answers are unfinished: the brief's key alone
                following.readings[id(case)] = []
        return following.readings[id(case)]

    def _compare(self, case: Case, result: Any):
        failure = super()._compare(case, result)
        following = self._following
        if following is None or case.context.get("reading"):
            return failure
        following.compared += 1
        if failure is None:
            return None
        readings = self._readings(case)
        for reading in readings:
            if super()._compare(_as_read(case, reading), result) is None:
                following.notes.append(reading.right)
                if reading.probe is not None:
                    following.accepted[repr(reading.probe.inputs)] = reading
                return None
        if not readings:
            return failure
        following.notes.append(readings[0].wrong)
        return dataclasses.replace(super()._compare(_as_read(case, readings[0]), result), case=case)


def _as_read(case: Case, reading: Reading) -> Case:
    """The case with the reading's key and inputs (marked, so that it is compared as it is), and its probe."""
    return Case(case.inputs, reading.expected, {**reading.context, "reading": True, "probe": reading.probe})


class BriefDocument(_BuiltOn, DocumentQuestion):
    """A document checked field by field, with fields that must match exactly and cost lists of a set length.

    ``exact`` names the fields compared without tolerance (a whole number of seats); ``lists`` the
    notebook's costs by year that must have ``years`` entries, scored as the part ``"costs_by_year"``.
    ``upstream`` is the earlier answers the whole document is built on, or a dict naming them field by field.

    ``follows`` is core's carry-forward (``DocumentQuestion``): ``follows(namespace, context)`` gives
    fields as the learner's own earlier answers give them (``context`` holds the key as ``"expected"``),
    and ``follows_from(namespace, context)`` names those answers ("plan of Q2", as core's ``carried.note`` says it). A field that
    agrees with its own value is right, and the feedback says where its mistake is charged; a field
    that agrees with neither is judged, and its misconception named, against its own value.
    """

    def __init__(
        self,
        *args,
        upstream: tuple[Upstream, ...] | dict[str, tuple[Upstream, ...]] = (),
        exact: tuple[str, ...] = (),
        lists: tuple[str, ...] = (),
        years: int = 4,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if isinstance(upstream, dict):
            self.upstream_of = {field: tuple(found) for field, found in upstream.items()}
            upstream = tuple(dict.fromkeys(u for found in upstream.values() for u in found))
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

    def _own(self, namespace: dict, expected: dict, context: dict) -> tuple[dict, list[str]]:
        """The key's fields that the learner's own earlier answers give otherwise, and what gives them."""
        if self.follows is None:
            return {}, []
        given = {**self.context, **context, "expected": expected}
        try:
            own = self.follows(namespace, given) or {}
            sources = self.follows_from(namespace, given) if callable(self.follows_from) else [self.follows_from]
        except Exception:  # the learner's earlier answers are unfinished: the key alone
            return {}, []
        own = {k: v for k, v in own.items() if k in expected and not self._field_ok(k, v, expected[k])}
        return own, [s for s in sources if s]

    def _graded(self, namespace: dict, expected: dict, figures: dict, context: dict) -> Outcome:
        document, invalid = self._scored_form(namespace, [*expected, *figures])  # a broken field loses its part
        own, sources = self._own(namespace, expected, context)
        judged = {**expected, **own}  # the key as the learner's own earlier answers give it
        wrong = [
            k
            for k, v in expected.items()
            if k in invalid
            or not (self._field_ok(k, document.get(k), v) or self._field_ok(k, document.get(k), judged[k]))
        ]
        figures = self._figures(namespace, figures)
        unquoted = [k for k, values in figures.items() if k in invalid or not quotes(document.get(k), values)]
        lengths = self._lengths(namespace) if self.lists else []
        followed = self._followed(document, expected, own, sources, wrong, invalid)
        if not wrong and not unquoted and not lengths:
            return Outcome(
                Status.CORRECT,
                f"{self.qid}: correct, every checked field of `{self.name}` agrees with the numbers",
                followed,
            )
        details = [problem for found in invalid.values() for problem in found]
        details += self._unquoted_numbers(namespace, invalid)
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
        misconception = self.misconception_for(document, judged, context, self._matches) if wrong else None
        if misconception:
            details.append(misconception.message)
        details += followed + self._notes_for([k for k in wrong if k not in own])
        count = len(wrong) + len(unquoted) + bool(lengths)
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: {count} part(s) of `{self.name}` are not right yet", details)
        right = {k: k not in wrong for k in expected} | {k: k not in unquoted for k in figures}
        if self.lists:
            right["costs_by_year"] = not lengths
        return self.scored(outcome, right)

    def _figures(self, namespace: dict, figures: dict) -> dict:
        """The figures a text field may quote (a kind may add the learner's own)."""
        return figures

    def _followed(self, document: dict, expected: dict, own: dict, sources: list, wrong: list, invalid: dict):
        """What the feedback says of the fields judged against the learner's own earlier answers."""
        if not own or not sources:
            return []
        carried = [k for k in own if k not in wrong and not self._field_ok(k, document.get(k), expected[k])]
        missed = [k for k in own if k in wrong and k not in invalid]
        notes = [carried_forward.note(carried, sources)] if carried else []
        return notes + ([carried_forward.missed(missed, sources)] if missed else [])

    def _unquoted_numbers(self, namespace: dict, invalid: dict) -> list[str]:
        """A number field written as text ("4"): say to write the number itself."""
        document = namespace.get(self.name)
        notes = []
        for key in invalid:
            rules = self.schema.get("properties", {}).get(key, {}) if isinstance(key, str) else {}
            value = document.get(key) if isinstance(document, dict) else None
            if rules.get("type") in ("integer", "number") and isinstance(value, str) and _is_number(value):
                notes.append(f"Write `{key}` as a number, without quotes: `{value.strip()}`, not `{value!r}`.")
        return notes


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").replace("_", ""))
    except ValueError:
        return False
    return True


class Recommendation(BriefDocument):
    """A decision document whose ``decision`` should be the option the learner's own present costs put lowest.

    ``own_costs`` maps each decision to the notebook variable holding that option's costs by year;
    the learner's ``present_cost`` function and ``rate_name`` give their present costs. A decision
    that disagrees with them is named in the feedback, whatever the key says. The misconceptions
    read ``own_choice`` (the option those present costs put lowest) and ``undiscounted_choice``
    (the one the undiscounted totals of the same lists put lowest).

    ``compared`` names two decisions, (a, b): a reason may quote the present cost of either, or the NPV of
    b instead of a (a's present cost − b's), as the key gives them or as the learner's own numbers do.
    """

    def __init__(
        self,
        *args,
        own_costs: dict[str, str],
        rate_name: str,
        present_cost_name: str,
        compared: tuple[str, str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.own_costs = dict(own_costs)
        self.rate_name = rate_name
        self.present_cost_name = present_cost_name
        self.compared = compared
        self._own_present: dict[str, float] | None = None
        self.context.setdefault("own_choice", None)
        self.context.setdefault("undiscounted_choice", None)
        self.context.setdefault("chosen_as_key", True)  # the decision is the key's: its risks are the key's

    def _figures(self, namespace: dict, figures: dict) -> dict:
        """The key's figures, and the same present costs and NPV from the learner's own numbers."""
        own = self._own_present
        if not own or not self.compared or not all(d in own for d in self.compared):
            return figures
        first, second = (own[d] for d in self.compared)
        return {k: [*values, first, second, first - second] for k, values in figures.items()}

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
        own = self._own_present = self.own_present_costs(namespace)
        self.context["own_choice"] = min(own, key=own.get) if own else None
        self.context["undiscounted_choice"] = self._undiscounted_choice(namespace)
        document = namespace.get(self.name)
        decision = document.get("decision") if isinstance(document, dict) else None
        self.context["chosen_as_key"] = "decision" not in (expected or {}) or is_option(decision, expected["decision"])
        try:
            outcome = super().check_key(namespace, expected=expected, figures=figures, **context)
        finally:
            self.context["own_choice"] = self.context["undiscounted_choice"] = None
            self.context["chosen_as_key"] = True
            self._own_present = None
        note = self.consistency(namespace, own)
        if note and outcome.status is not Status.CORRECT:
            outcome.details.append(note)
        return outcome
