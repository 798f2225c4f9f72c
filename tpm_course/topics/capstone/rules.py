"""The consistency rules of a design brief: each reads the learner's own numbers with an earlier module's maths.

A rule belongs to one section and names its inconsistency in the learner's numbers ("your
99.95 % SLO is above the 99.89 % your chain allows"), then says what the rule is, without the
answer. Rules that compare with the data need the answer key (``key``); the others run in the
visible check too. A rule that reads a section the brief has broken says nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from tpm_course.core.numbers import close
from tpm_course.topics.ai_economics.maths import request_cost
from tpm_course.topics.ai_economics.prices import COLUMNS, price_sheet
from tpm_course.topics.estimation.maths import Brief, estimate, servers_for
from tpm_course.topics.experiment_design.maths import duration_days, sample_size_per_arm
from tpm_course.topics.latency.maths import effective_latency
from tpm_course.topics.reliability.maths import allowed_downtime, in_parallel, in_series
from tpm_course.topics.risk_build_buy.money import Option
from tpm_course.topics.security_delivery.maths import canary_hours

from . import scenario as s
from .reading import num, pct, percent, share

TOLERANCE = 0.02  # a figure agrees within 2 %


@dataclass(frozen=True)
class Rule:
    """One named inconsistency of a section: ``find(brief, key)`` returns what it found in the learner's words."""

    name: str
    section: str
    message: str
    find: Callable[[dict, dict | None], list[str]]

    def found(self, brief: dict, key: dict | None) -> list[str]:
        """The sentences naming the inconsistency, or none (also when a section it reads is broken)."""
        try:
            return self.find(brief, key)
        except KeyError:
            return []  # a section it reads is broken or missing: that section says so
        except (ValueError, ArithmeticError) as error:
            return [f"Your numbers cannot be checked for {self.name}: {error}."]


# -- capacity (module 01) ----------------------------------------------------------------------------


def storage_tb() -> float:
    """Terabytes the position events of a year take, at the year's grown order volume, replicated (module 01)."""
    brief = Brief(
        daily_active_users=s.ORDERS_PER_DAY * s.GROWTH,
        requests_per_user=0,
        uploads_per_user=s.EVENTS_PER_ORDER,
        bytes_per_upload=s.BYTES_PER_EVENT,
        bytes_per_response=0,
        replicas=s.STORAGE_REPLICAS,
        days=s.STORAGE_DAYS,
    )
    return estimate(brief).storage_bytes / 1e12


def _design_peak(brief, key):
    if key is None:
        return []
    written = brief["capacity"]["design_peak_rps"]
    if close(written, key["design_peak_rps"], TOLERANCE, 0.0):
        return []
    if close(written, key["design_peak_rps"] / s.GROWTH, TOLERANCE, 0.0):
        return [
            f"Your design peak of {num(written)} requests/s is the history's busiest hour: the year's growth is not in it."
        ]
    return [f"Your design peak of {num(written)} requests/s does not agree with the traffic history and the growth."]


def _servers(brief, key):
    capacity = brief["capacity"]
    peak, servers, target = capacity["design_peak_rps"], capacity["servers"], share(capacity["utilisation_target"])
    needed = servers_for(peak, s.PER_SERVER_RPS, target, spares=0)
    if servers >= needed:
        return []
    carried = servers * s.PER_SERVER_RPS * target
    return [
        f"Your {num(servers)} servers at {pct(target, 0)} utilisation carry {num(carried)} requests/s, "
        f"below your design peak of {num(peak)}."
    ]


def _ceiling(brief, key):
    target = share(brief["capacity"]["utilisation_target"])
    if target <= s.MAX_UTILISATION + 1e-9:
        return []
    return [f"Your utilisation target of {pct(target, 0)} is above the platform team's ceiling of 70 %."]


def _storage(brief, key):
    written = brief["capacity"]["storage_tb_year"]
    if key is None or close(written, storage_tb(), TOLERANCE, 0.0):
        return []
    return [f"Your {num(written)} TB for a year does not agree with the orders, events, growth and replicas."]


# -- latency (module 02) -------------------------------------------------------------------------------


def _at_load(brief, key):
    at, peak = brief["latency"]["at_rps"], brief["capacity"]["design_peak_rps"]
    if at >= peak * (1 - 1e-6):
        return []
    return [f"Your objective holds at {num(at)} requests/s, below your design peak of {num(peak)}."]


def _cache_mean(brief, key):
    latency = brief["latency"]
    hit = share(latency["cache_hit_ratio"])
    mean = effective_latency(hit, s.LOOKUP_MS, s.ORIGIN_MS)
    if mean <= latency["objective_ms"] + 1e-9:
        return []
    return [
        f"Your hit ratio of {pct(hit, 1)} gives a mean of {num(mean)} ms, above your {num(latency['objective_ms'])} ms objective."
    ]


def _ask(brief, key):
    objective = brief["latency"]["objective_ms"]
    if objective <= s.LATENCY_ASK_MS:
        return []
    return [f"Your objective of {num(objective)} ms is looser than the {s.LATENCY_ASK_MS} ms product asks for."]


def _reachable(brief, key):
    hit = share(brief["latency"]["cache_hit_ratio"])
    if hit <= s.MAX_HIT_RATIO + 1e-9:
        return []
    return [f"Your hit ratio of {pct(hit, 1)} is above the 80 % the cache team measured with positions that move."]


# -- reliability (module 03) ---------------------------------------------------------------------------


def chain_availability(chain: list[dict]) -> float:
    """Every component in series; a component with replicas is its replicas in parallel (module 03)."""
    return in_series(in_parallel([share(link["availability"])] * int(link.get("replicas", 1))) for link in chain)


def _names(chain: list[dict]) -> list[str]:
    return [str(link["component"]).strip().lower() for link in chain]


def _slo_above_chain(brief, key):
    reliability = brief["reliability"]
    slo, allowed = share(reliability["slo"]), chain_availability(reliability["chain"])
    if slo <= allowed + 1e-12:
        return []
    return [f"Your {pct(slo)} SLO is above the {pct(allowed)} your chain allows."]


def _left_out(brief, key):
    names = _names(brief["reliability"]["chain"])
    missing = [c for c in s.COMPONENTS if c.lower() not in names]
    if not missing:
        return []
    return [f"Your chain leaves out the {' and the '.join(missing)}: every tracking request waits on it."]


def _links(brief, key):
    found = []
    for link in brief["reliability"]["chain"]:
        name = str(link["component"]).strip().lower()
        fact = {c.lower(): (c, a) for c, a in s.COMPONENTS.items()}.get(name)
        if fact is None:
            found.append(f"Your chain holds {link['component']!r}, which is not a component of the tracking path.")
            continue
        component, availability = fact
        if not close(share(link["availability"]), availability, 0, 1e-7):
            found.append(f"Your {component} has {pct(share(link['availability']))}; its SLA says {pct(availability)}.")
        if int(link.get("replicas", 1)) > 1 and component not in s.REPLICABLE:
            found.append(f"Your chain runs the {component} as {link['replicas']} replicas; there is only one.")
    return found


def _budget(brief, key):
    reliability = brief["reliability"]
    minutes = allowed_downtime(share(reliability["slo"]), reliability["window_days"])
    written = reliability["error_budget_minutes"]
    if close(written, minutes, TOLERANCE, 0.05):
        return []
    return [
        f"Your error budget of {num(written)} minutes is not what a {pct(share(reliability['slo']))} SLO allows "
        f"over {num(reliability['window_days'])} days."
    ]


# -- the launch experiment (module 09) ------------------------------------------------------------------


def needed_per_arm(baseline: float, mde: float) -> tuple[int, int]:
    """Users per arm to see the contact rate move by ``mde`` either way (module 09's pooled formula)."""
    return sample_size_per_arm(baseline, mde), sample_size_per_arm(baseline - mde, mde)


def _sample_size(brief, key):
    experiment = brief["experiment"]
    baseline, mde, written = share(experiment["baseline"]), share(experiment["mde"]), experiment["sample_size_per_arm"]
    if any(close(written, n, TOLERANCE, 0.0) for n in needed_per_arm(baseline, mde)):
        return []
    return [
        f"Your {num(written)} users per arm is not what module 09's formula gives for a baseline of "
        f"{pct(baseline)} and an MDE of {pct(mde)}."
    ]


def _fits_traffic(brief, key):
    experiment = brief["experiment"]
    allocation, days = share(experiment["allocation"]), experiment["duration_days"]
    needed = duration_days(experiment["sample_size_per_arm"], s.ORDERS_PER_DAY, allocation)
    if days >= needed:
        return []
    reached = days * s.ORDERS_PER_DAY * allocation
    return [
        f"Your {num(days)} days at {pct(allocation)} of {s.ORDERS_PER_DAY:,} orders a day reach {num(reached)} orders; "
        f"two arms of {num(experiment['sample_size_per_arm'])} need {num(needed)} days in whole weeks."
    ]


def _whole_weeks(brief, key):
    days = brief["experiment"]["duration_days"]
    if days % 7 == 0:
        return []
    return [
        f"Your {num(days)} days are not whole weeks: a test runs {num(7 * math.ceil(days / 7))} days, so that "
        "every weekday counts as often as the others."
    ]


def _baseline(brief, key):
    baseline = share(brief["experiment"]["baseline"])
    if key is None or close(baseline, key["baseline"], 0, 1e-6):
        return []
    return [f"Your baseline of {pct(baseline)} is not today's contact rate in the facts."]


# -- the AI assistant (module 12) ----------------------------------------------------------------------


def price_row(model: str) -> dict | None:
    """The standard-tier row of module 12's price sheet for ``model`` (any case), or None."""
    for row in price_sheet():
        entry = dict(zip(COLUMNS, row))
        if entry["model"].lower() == str(model).strip().lower() and entry["tier"] == "standard":
            return entry
    return None


def monthly_cost(model: str, requests_per_month: float = s.ASSISTANT_REQUESTS_PER_MONTH) -> float:
    """Dollars a month for the assistant's questions on ``model`` (module 12's request cost)."""
    row = price_row(model)
    if row is None:
        raise ValueError(f"{model!r} has no standard row on the price sheet")
    return requests_per_month * request_cost(s.PROMPT_TOKENS, s.CACHED_TOKENS, s.OUTPUT_TOKENS, row)


def _on_sheet(brief, key):
    model = brief["ai_assistant"]["model"]
    if price_row(model) is not None:
        return []
    return [f"Your model {model!r} has no standard row on the price sheet, so its cost cannot be checked."]


def _adds_up(brief, key):
    assistant = brief["ai_assistant"]
    if price_row(assistant["model"]) is None:
        return []  # "model not on the sheet" says so
    cost = monthly_cost(assistant["model"], assistant["requests_per_month"])
    if close(assistant["monthly_cost_usd"], cost, TOLERANCE, 0.0):
        return []
    return [
        f"Your ${num(assistant['monthly_cost_usd'])} a month is not what {num(assistant['requests_per_month'])} "
        f"questions on {assistant['model']} cost at the sheet's prices and the prototype's tokens."
    ]


def _budget_usd(brief, key):
    cost = brief["ai_assistant"]["monthly_cost_usd"]
    if cost <= s.AI_BUDGET_USD:
        return []
    return [f"Your assistant costs ${num(cost)} a month, above finance's ${s.AI_BUDGET_USD:,}."]


def _forecast(brief, key):
    written = brief["ai_assistant"]["requests_per_month"]
    if key is None or close(written, key["requests_per_month"], TOLERANCE, 0.0):
        return []
    return [f"Your {num(written)} questions a month is not support's forecast."]


# -- build or buy the ETA engine (module 11) --------------------------------------------------------------

OPTIONS = {"build": Option("build", **s.ETA_BUILD), "buy": Option("buy", **s.ETA_BUY)}


def present_costs() -> dict[str, float]:
    """Each option's costs discounted to today at finance's rate (module 11)."""
    return {name: option.present_cost(s.DISCOUNT_RATE) for name, option in OPTIONS.items()}


def _present(brief, key):
    section, right, found = brief["build_buy"], present_costs(), []
    for name, option in OPTIONS.items():
        written = section[f"{name}_present_cost_usd"]
        if close(written, right[name], TOLERANCE, 0.0):
            continue
        why = ": that is the undiscounted total" if close(written, option.tco(), TOLERANCE, 0.0) else ""
        found.append(f"Your {name} present cost of ${num(written)} is not the quotes discounted at 10 % a year{why}.")
    return found


def _dearer(brief, key):
    section = brief["build_buy"]
    chosen = str(section["choice"]).strip().lower()
    other = "buy" if chosen == "build" else "build"
    mine, theirs = section[f"{chosen}_present_cost_usd"], section[f"{other}_present_cost_usd"]
    if mine <= theirs:
        return []
    return [f"You chose {chosen} at ${num(mine)}, above {other}'s ${num(theirs)} in your own numbers."]


# -- the rollout (module 13) ---------------------------------------------------------------------------


def _stages(brief, key):
    stages = [percent(v) for v in brief["rollout"]["stages"]]
    if all(a < b for a, b in pairwise(stages)) and close(stages[-1], 1.0, 0, 1e-9):
        return []
    return ["Your stages do not grow step by step to everyone (100 %)."]


def _detects(brief, key):
    from .traffic import summary

    rollout = brief["rollout"]
    first, rise, hours = percent(rollout["stages"][0]), share(rollout["rise_to_detect"]), rollout["first_stage_hours"]
    needed = canary_hours(s.BASELINE_ERROR_RATE, rise, summary()["mean_requests_per_hour"], first)
    if hours >= needed * (1 - 1e-6):
        return []
    return [
        f"Your first stage, {pct(first)} of the traffic for {num(hours)} h, is too short to see a rise of "
        f"{pct(rise)} in the error rate: it needs {num(needed)} h."
    ]


def _rollback(brief, key):
    rollout = brief["rollout"]
    line, rise = share(rollout["rollback_error_rate"]), share(rollout["rise_to_detect"])
    if s.BASELINE_ERROR_RATE < line <= s.BASELINE_ERROR_RATE + rise + 1e-12:
        return []
    return [
        f"Your rollback line of {pct(line)} does not sit between today's 0.2 % and the "
        f"{pct(s.BASELINE_ERROR_RATE + rise)} your stages guard against."
    ]


RULES = [
    Rule(
        "design peak off the data",
        "capacity",
        "The design peak is the busiest hour of both regions together, per second, grown by the year's growth.",
        _design_peak,
    ),
    Rule(
        "servers short of the peak",
        "capacity",
        "A fleet carries servers × requests per server × utilisation target; it must reach the design peak.",
        _servers,
    ),
    Rule(
        "utilisation above the ceiling",
        "capacity",
        "A fleet run hotter than the platform's ceiling has no headroom for a failed server or a slow deploy.",
        _ceiling,
    ),
    Rule(
        "storage off the facts",
        "capacity",
        "Storage for a year is orders a day × growth × events × bytes × days × replicas (module 01).",
        _storage,
    ),
    Rule(
        "objective at a lower load",
        "latency",
        "A latency objective is only worth its number at the load it holds at: state it at the design peak.",
        _at_load,
    ),
    Rule(
        "cache too cold for the objective",
        "latency",
        "Behind a cache the mean is the lookup plus the miss share times the origin time (module 02).",
        _cache_mean,
    ),
    Rule(
        "objective looser than the ask",
        "latency",
        "The objective is what you promise product: it cannot be looser than what product asked for.",
        _ask,
    ),
    Rule(
        "hit ratio out of reach",
        "latency",
        "A hit ratio is measured, not chosen: the cache cannot keep more hits than the data lets it.",
        _reachable,
    ),
    Rule(
        "SLO above the chain",
        "reliability",
        "Components in series multiply their availabilities (module 03): no SLO can promise more than the chain.",
        _slo_above_chain,
    ),
    Rule(
        "component left out",
        "reliability",
        "The chain holds every component a tracking request waits on, each with its SLA.",
        _left_out,
    ),
    Rule(
        "link not the facts",
        "reliability",
        "Each link of the chain carries its own SLA, per replica, and only some components can be doubled.",
        _links,
    ),
    Rule(
        "budget not the SLO's",
        "reliability",
        "The error budget is (1 − SLO) × the window in minutes (module 03), from the SLO you wrote.",
        _budget,
    ),
    Rule(
        "sample size not the formula's",
        "experiment",
        "The sample size per arm comes from module 09's pooled formula at alpha 0.05 and power 0.8.",
        _sample_size,
    ),
    Rule(
        "experiment does not fit the traffic",
        "experiment",
        "Two arms need twice the sample; the test gets orders a day × allocation, for whole weeks (module 09).",
        _fits_traffic,
    ),
    Rule(
        "not whole weeks",
        "experiment",
        "A test runs whole weeks, so that every weekday counts as often as the others (module 09).",
        _whole_weeks,
    ),
    Rule(
        "baseline off the data",
        "experiment",
        "The baseline is today's rate of the metric, from the facts, not the rate you hope for.",
        _baseline,
    ),
    Rule(
        "model not on the sheet",
        "ai_assistant",
        "Cost a model the price sheet lists, written as the sheet writes it, so a reader can check it.",
        _on_sheet,
    ),
    Rule(
        "cost does not add up",
        "ai_assistant",
        "A question costs its uncached prompt, cached prompt and output tokens at their own prices (module 12).",
        _adds_up,
    ),
    Rule(
        "over the budget",
        "ai_assistant",
        "A design that costs more than finance's cap is not a plan yet: change the model or the tokens.",
        _budget_usd,
    ),
    Rule(
        "forecast not support's",
        "ai_assistant",
        "The month's questions come from support's forecast in the facts.",
        _forecast,
    ),
    Rule(
        "present cost off the quotes",
        "build_buy",
        "A present cost discounts each year's cost by (1 + rate) to the power of its year, exit cost included (module 11).",
        _present,
    ),
    Rule(
        "the dearer option chosen",
        "build_buy",
        "Between two ways to get the same capability, the one with the lower present cost wins unless you say why not.",
        _dearer,
    ),
    Rule(
        "stages do not reach everyone",
        "rollout",
        "A staged rollout grows its share at every stage and ends with everyone.",
        _stages,
    ),
    Rule(
        "first stage too short",
        "rollout",
        "A stage must serve enough requests to see the rise it guards against (modules 09 and 13), at the average hour.",
        _detects,
    ),
    Rule(
        "rollback line misplaced",
        "rollout",
        "Roll back above today's error rate and no later than the rise the stages guard against.",
        _rollback,
    ),
]
