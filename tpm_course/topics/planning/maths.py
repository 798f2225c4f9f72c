"""Planning arithmetic: PERT estimates, the critical path and its slack, dates at a confidence, throughput forecasts.

Sources: Malcolm, Roseboom, Clark and Fazar, "Application of a Technique for Research and
Development Program Evaluation", Operations Research 7(5), 1959, for PERT's expected time
(O + 4M + P) / 6, its standard deviation (P − O) / 6 and the normal approximation along the
critical path; Kelley and Walker, "Critical-Path Planning and Scheduling" (1959), for the
forward and backward passes that give each task's slack; Magennis, *Forecasting and
Simulating Software Development Projects* (2011) and Vacanti, *When Will It Be Done?* (2020),
for Monte Carlo forecasts that resample a team's weekly throughput. Durations are in weeks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

CONFIDENCE = 0.85  # the confidence the course quotes forecasts at


def pert(optimistic: float, most_likely: float, pessimistic: float) -> tuple[float, float]:
    """(expected time, standard deviation) of a three-point estimate: ((O + 4M + P) / 6, (P − O) / 6)."""
    if not optimistic <= most_likely <= pessimistic:
        raise ValueError(f"a three-point estimate needs O ≤ M ≤ P, not {optimistic}, {most_likely}, {pessimistic}")
    return (optimistic + 4 * most_likely + pessimistic) / 6, (pessimistic - optimistic) / 6


def task_graph(durations: Mapping[str, float], depends_on: Mapping[str, Sequence[str]]):
    """A networkx DiGraph with an edge from each prerequisite to the task that waits for it."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(durations)
    for task, before in depends_on.items():
        for prerequisite in before:
            if prerequisite not in durations or task not in durations:
                raise ValueError(f"{task!r} depends on {prerequisite!r}, and both need a duration")
            graph.add_edge(prerequisite, task)
    if not nx.is_directed_acyclic_graph(graph):
        raise ValueError("the dependencies form a cycle: no task in it could ever start")
    return graph


def schedule(durations: Mapping[str, float], depends_on: Mapping[str, Sequence[str]]) -> dict[str, dict]:
    """Each task's earliest and latest start and finish, and its slack (latest − earliest start)."""
    import networkx as nx

    graph = task_graph(durations, depends_on)
    order = list(nx.topological_sort(graph))
    early = {}
    for task in order:  # the forward pass: a task starts when its last prerequisite finishes
        start = max((early[p] + durations[p] for p in graph.predecessors(task)), default=0.0)
        early[task] = start
    end = max(early[t] + durations[t] for t in order)
    late = {}
    for task in reversed(order):  # the backward pass: a task must finish before its first successor starts
        finish = min((late[s] for s in graph.successors(task)), default=end)
        late[task] = finish - durations[task]
    return {
        task: {
            "earliest_start": early[task],
            "earliest_finish": early[task] + durations[task],
            "latest_start": late[task],
            "latest_finish": late[task] + durations[task],
            "slack": late[task] - early[task],
        }
        for task in order
    }


def critical_path(durations: Mapping[str, float], depends_on: Mapping[str, Sequence[str]]) -> dict:
    """{"path": the tasks without slack from start to finish, "weeks": the project's length}."""
    import networkx as nx

    times = schedule(durations, depends_on)
    graph = task_graph(durations, depends_on)
    tight = 1e-9 * max(1.0, max(durations.values()))
    critical = [t for t in nx.topological_sort(graph) if times[t]["slack"] <= tight]
    path = [critical[0]]
    for task in critical[1:]:  # follow the chain of critical tasks that feed each other with no gap
        last = path[-1]
        if graph.has_edge(last, task) and abs(times[task]["earliest_start"] - times[last]["earliest_finish"]) <= tight:
            path.append(task)
    return {"path": path, "weeks": max(t["earliest_finish"] for t in times.values())}


def path_sd(sds: Mapping[str, float], path: Sequence[str]) -> float:
    """The standard deviation of a path's length: variances add, standard deviations do not."""
    return math.sqrt(sum(sds[task] ** 2 for task in path))


def probability_by(deadline: float, mean: float, sd: float) -> float:
    """The chance of finishing by ``deadline`` when the length is normal with this mean and sd."""
    from scipy.stats import norm

    return float(norm.cdf(deadline, loc=mean, scale=sd))


def duration_at(confidence: float, mean: float, sd: float) -> float:
    """The length the project finishes within with probability ``confidence`` (normal approximation)."""
    from scipy.stats import norm

    return float(norm.ppf(confidence, loc=mean, scale=sd))


def simulated_lengths(estimates: Mapping[str, Sequence[float]], depends_on, trials: int, seed: int):
    """Project lengths of ``trials`` simulated futures, each task drawn from its beta-PERT distribution.

    ``estimates`` maps each task to (optimistic, most likely, pessimistic). Beta-PERT (Vose, *Risk
    Analysis*, 3rd ed., 2008) has shape parameters 1 + 4(M − O)/(P − O) and 1 + 4(P − M)/(P − O) on
    [O, P], so its mean is PERT's (O + 4M + P) / 6. Unlike the normal approximation along one path,
    the simulation lets any path be the longest in a given future.
    """
    import networkx as nx
    import numpy as np
    from scipy.stats import beta

    rng = np.random.default_rng(seed)
    durations = {task: pert(*estimate)[0] for task, estimate in estimates.items()}
    graph = task_graph(durations, depends_on)
    finish = {}
    for task in nx.topological_sort(graph):
        low, likely, high = estimates[task]
        if high > low:
            a, b = 1 + 4 * (likely - low) / (high - low), 1 + 4 * (high - likely) / (high - low)
            draw = low + (high - low) * beta.rvs(a, b, size=trials, random_state=rng)
        else:
            draw = np.full(trials, float(low))
        before = [finish[p] for p in graph.predecessors(task)]
        finish[task] = (np.max(before, axis=0) if before else 0.0) + draw
    return np.max(list(finish.values()), axis=0)


# -- Monte Carlo forecasts from weekly throughput ---------------------------------------------------


def simulated_totals(throughput: Sequence[int], weeks: int, trials: int, seed: int):
    """Items finished in ``weeks`` weeks, one total per trial, each week drawn from the history."""
    import numpy as np

    history = np.asarray(throughput)
    rng = np.random.default_rng(seed)
    return history[rng.integers(0, len(history), size=(trials, weeks))].sum(axis=1)


def simulated_weeks(throughput: Sequence[int], items: int, trials: int, seed: int):
    """Weeks until ``items`` items are finished, one count per trial, each week drawn from the history."""
    import numpy as np

    history = np.asarray(throughput)
    if history.max() <= 0:
        raise ValueError("a history without a single finished item never finishes anything")
    rng = np.random.default_rng(seed)
    horizon = max(1, math.ceil(2 * items / max(history.mean(), 1e-9)))
    draws = history[rng.integers(0, len(history), size=(trials, horizon))]
    while (draws.sum(axis=1) < items).any():  # too few weeks drawn for some trial: draw more
        draws = np.hstack([draws, history[rng.integers(0, len(history), size=(trials, horizon))]])
    return (draws.cumsum(axis=1) < items).sum(axis=1) + 1


def items_by(throughput, weeks: int, trials: int = 10_000, seed: int = 1, confidence: float = CONFIDENCE) -> float:
    """The items done in ``weeks`` weeks with this confidence: the (1 − confidence) percentile of the totals."""
    import numpy as np

    return float(np.percentile(simulated_totals(throughput, weeks, trials, seed), 100 * (1 - confidence)))


def weeks_for(throughput, items: int, trials: int = 10_000, seed: int = 1, confidence: float = CONFIDENCE) -> float:
    """The weeks within which ``items`` are done with this confidence: the confidence percentile of the weeks."""
    import numpy as np

    return float(np.percentile(simulated_weeks(throughput, items, trials, seed), 100 * confidence))


# -- the planning rule of the exercise's brief ---------------------------------------------------------

PROMISE = "promise the requested date"
LATER_DATE = "announce the 85 % date"
CUT_SCOPE = "keep the date and cut scope"
BUY_DOWN = "buy down the biggest risk first"
DECISIONS = [PROMISE, LATER_DATE, CUT_SCOPE, BUY_DOWN]


def planning_decision(
    p_requested_date: float, items_by_date: float, items_needed: int, risk_share: float, date_fixed: bool
) -> str:
    """The brief's rule: promise at 85 %; else buy down a task holding over half the variance; else cut or move."""
    if p_requested_date >= CONFIDENCE and items_by_date >= items_needed:
        return PROMISE
    if risk_share > 0.5:
        return BUY_DOWN
    return CUT_SCOPE if date_fixed else LATER_DATE
