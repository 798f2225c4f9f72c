"""What the learner's own earlier answers give, where exercise 11's text says "your": Q7's and Q8's carried keys."""

from __future__ import annotations

from tpm_course.core import carried as carried_forward
from tpm_course.core.feedback import shown
from tpm_course.core.function import Case
from tpm_course.core.text import is_option
from tpm_course.topics.risk_build_buy.money import Option, present_value
from tpm_course.topics.risk_build_buy.question import (
    LICENCE,
    PRESENT,
    Reading,
    brief_costs,
    buy_with_own_licences,
    own_funded,
    plan_holds,
    same_flows,
)

OPTION_OF = {"build": "build", "buy": "buy", "adopt open source": "open source"}
"""A recommendation's decision -> the ``applies_to`` of the risks that option carries."""


# -- Q7: the Monte Carlo against buying's present cost as the learner's buy_costs give it ------------------


def _build_flows(ns: dict, factor: float, maintained: float | None = None, hosting: float = 1.0) -> list[float]:
    """Building's costs by year when the build takes ``factor`` times its estimate (the brief's other numbers)."""
    week, weeks = ns["ENGINEER_WEEK"], ns["BUILD_WEEKS"]
    build = weeks * factor * week
    upkeep = ns["BUILD_MAINTENANCE_SHARE"] * weeks * (factor if maintained is None else maintained) * week
    yearly = [upkeep + ns["BUILD_HOSTING"] * hosting] * 3
    return Option("build", build + ns["MIGRATION"], yearly, ns["BUILD_EXIT"]).cash_flows()


def overrun_shares(ns: dict, factors: list[float], buy: list[float], pv) -> dict[str, float]:
    """The exact share of ``factors`` with building's present cost (``pv``) below buying ``buy``'s, as ``key``,
    and what each wrong way of running the simulation gives (the names q7's misconceptions read)."""
    threshold, memo = pv(buy), {}

    def cheaper(factor, **how) -> bool:
        key = (factor, *sorted(how.items()))
        if key not in memo:
            memo[key] = pv(_build_flows(ns, factor, **how)) < threshold
        return memo[key]

    def share(test) -> float:
        return sum(bool(test(f)) for f in factors) / len(factors)

    return {
        "key": share(cheaper),
        "estimate_only": share(lambda f: cheaper(1.0)),
        "undiscounted_share": share(lambda f: sum(_build_flows(ns, f)) < sum(buy)),
        "maintenance_fixed": share(lambda f: cheaper(f, maintained=1.0)),
        "over_scaled": share(lambda f: cheaper(f, hosting=f)),
    }


def _buy_source(ns: dict) -> list[str]:
    """The earlier answers that make the learner's ``buy_costs`` differ from the brief's."""
    if LICENCE.fine(ns):
        return ["`buy_costs` (Q4)"]
    if same_flows(ns["buy_costs"], buy_with_own_licences(ns)):
        return ["`licence_cost` (Q3)"]
    return ["`licence_cost` (Q3)", "`buy_costs` (Q4)"]


def _probe(ns: dict, buy: list[float], pv) -> Case | None:
    """Factors on both sides of the one at which building costs what buying does with these numbers: a
    case whose share is neither 0 nor 1. None when no factor between 0.05 and 20 breaks even."""
    threshold = pv(buy)

    def gap(factor: float) -> float:
        return pv(_build_flows(ns, factor)) - threshold

    low, high = 0.05, 20.0
    if not gap(low) < 0 < gap(high):
        return None
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if gap(middle) < 0 else (low, middle)
    factors = [round(high * k, 6) for k in (0.7, 0.85, 0.95, 1.05, 1.2)]
    shares = overrun_shares(ns, factors, buy, pv)
    return Case({"factors": factors, "runs": 10_000, "seed": 2026}, shares.pop("key"), {**shares, "upstream_ok": True})


def _reading(ns: dict, factors: list[float], buy: list[float], pv, sources: list[str], shown_cost: bool) -> Reading:
    shares = overrun_shares(ns, factors, buy, pv)
    key = shares.pop("key")
    names, plural = carried_forward.named(sources)
    cost = f" ({shown(pv(buy))})" if shown_cost else ""
    right = (
        f"Your shares are right for buying's present cost as {names} {'give' if plural else 'gives'} it{cost}, "
        f"which {'are' if plural else 'is'} not right yet: that mistake is charged there, not again here."
    )
    wrong = (
        f"{names[0].upper()}{names[1:]} {'are' if plural else 'is'} not right yet, so your runs were also compared "
        f"with buying's present cost as {'they give' if plural else 'it gives'} it{cost}: your shares do not agree "
        "with that either, so look for the difference in `share_build_cheaper` itself."
    )
    return Reading(key, {**shares, "upstream_ok": True}, right, wrong, _probe(ns, buy, pv))


def overrun_readings(ns: dict, case: Case) -> list[Reading]:
    """Q7's case as the learner's own ``buy_costs`` (and ``present_cost``, when it is not right) give it.

    First the one the text asks for (the learner's own list and function), then each mix of the brief's
    and the learner's; none when the learner's agree with the brief's.
    """
    factors = [float(f) for f in case.inputs["factors"]]
    rate = float(ns["DISCOUNT_RATE"])
    brief_buy = brief_costs(ns)["buy_costs"]
    own_buy = [float(c) for c in ns["buy_costs"]]
    buy_differs = not same_flows(own_buy, brief_buy)
    brief_pv = lambda flows: present_value(flows, rate)  # noqa: E731
    own_pv = None
    if not PRESENT.fine(ns):
        function, known = ns["present_cost"], {}

        def own_pv(flows) -> float:  # the learner's function, called once for each list of costs
            key = tuple(flows)
            if key not in known:
                known[key] = float(function(list(flows), rate))
            return known[key]

    buy_sources = _buy_source(ns) if buy_differs else []
    pv_sources = ["`present_cost` (Q5)"]
    ways = []
    if own_pv is not None:
        ways.append((own_buy, own_pv, buy_sources + pv_sources, buy_differs))
    if buy_differs:
        ways.append((own_buy, brief_pv, buy_sources, True))
    if own_pv is not None and buy_differs:
        ways.append((brief_buy, own_pv, pv_sources, False))
    return [_reading(ns, factors, buy, pv, sources, shown_cost) for buy, pv, sources, shown_cost in ways]


# -- Q8: the biggest risks after the learner's own plan, among those their decision carries ----------------


def _own_option(ns: dict, expected: dict) -> tuple[str, bool]:
    """The option the learner's decision chose (the key's when it is none of them), and whether it is the key's."""
    decision = ns["recommendation"].get("decision")
    for option, applies_to in OPTION_OF.items():
        if is_option(decision, option):
            return applies_to, is_option(expected.get("decision"), option)
    return OPTION_OF[expected["decision"]], True


def own_biggest_risks(ns: dict, context: dict) -> dict:
    """``biggest_risks`` as the learner's own plan of Q2 and own decision give it (``follows`` of q8)."""
    from tpm_course.data import load
    from tpm_course.topics.risk_build_buy.risk import biggest_residual_after

    option, _ = _own_option(ns, context["expected"])
    return {"biggest_risks": biggest_residual_after(load("launch_risks"), own_funded(ns), option)}


def biggest_risks_from(ns: dict, context: dict) -> list[str]:
    """What makes the learner's ``biggest_risks`` differ from the key's: their plan of Q2, their decision."""
    sources = []
    if not plan_holds(ns):
        sources.append("plan of Q2 (`risk_plan['funded']`)")
    _, same_option = _own_option(ns, context["expected"])
    if not same_option:
        sources.append(f"decision ({ns['recommendation'].get('decision')!r})")
    return sources
