"""Checks for exercise 07, planning under uncertainty (answer keys live in the hidden tests)."""

import math

from tpm_course.core import Misconception, Parts
from tpm_course.topics.planning.maths import CONFIDENCE, duration_at, planning_decision, probability_by
from tpm_course.topics.planning.question import (
    DecisionQuestion,
    FieldsQuestion,
    PairQuestion,
    PathQuestion,
    SimulationQuestion,
)

NOTEBOOK = "07_planning"

DECISIONS = [
    "promise the requested date",
    "announce the 85 % date",
    "keep the date and cut scope",
    "buy down the biggest risk first",
]
TASKS = list("ABCDEFGHIJ")


def _unless(condition: bool, value):
    """The prediction, or None (no prediction) when it would equal the right answer."""
    return None if condition else value


# -- Q1 PERT -----------------------------------------------------------------------------------------


def _pert_parts(optimistic, most_likely, pessimistic, divide) -> tuple:
    return divide(optimistic + 4 * most_likely + pessimistic, 6), divide(pessimistic - optimistic, 6)


def _same_pair(a, b) -> bool:
    return all(abs(x - y) <= 0.005 for x, y in zip(a, b))


q1 = PairQuestion(
    "q1",
    NOTEBOOK,
    "pert_estimate",
    pair="(expected, sd)",
    rel_tol=1e-3,
    abs_tol=0.005,  # answers rounded to two decimals are accepted, as the statement says
    cases=[({"optimistic": 5, "most_likely": 8, "pessimistic": 14}, (8.5, 1.5))],
    misconceptions=[
        Misconception(
            "most likely as the expected time",
            "Your expected time is the most likely estimate. PERT weights it four times and adds the "
            "optimistic and pessimistic ends, so a long pessimistic tail pulls the expected time later.",
            lambda expected, most_likely, **_: _unless(most_likely == expected[0], (most_likely, expected[1])),
        ),
        Misconception(
            "plain average of the three",
            "Your expected time is the plain average of the three estimates. PERT's is a weighted "
            "average: the most likely estimate counts four times, and the sum is divided by 6.",
            lambda expected, optimistic, most_likely, pessimistic, **_: (
                (optimistic + most_likely + pessimistic) / 3,
                expected[1],
            ),
        ),
        Misconception(
            "variance, not standard deviation",
            "Your spread is the variance, the square of the standard deviation. PERT's standard deviation "
            "is the range divided by 6, in the same unit as the estimates (weeks).",
            lambda expected, **_: _unless(expected[1] in (0, 1), (expected[0], expected[1] ** 2)),
        ),
        Misconception(
            "integer division",
            "Your results are whole numbers where they should not be: `//` divides and drops the fraction. "
            "Divide with `/`.",
            lambda expected, optimistic, most_likely, pessimistic, **_: _unless(
                _same_pair(_pert_parts(optimistic, most_likely, pessimistic, lambda a, b: a // b), expected),
                _pert_parts(optimistic, most_likely, pessimistic, lambda a, b: a // b),
            ),
        ),
        Misconception(
            "rounded to one decimal",
            "Your results are rounded to one decimal. The check reads them to two decimals: return them "
            "unrounded (or rounded to two decimals), and round only where you write them for people.",
            lambda expected, **_: _unless(
                _same_pair((round(expected[0], 1), round(expected[1], 1)), expected),
                (round(expected[0], 1), round(expected[1], 1)),
            ),
        ),
    ],
    hints=[
        "Expected time = (O + 4M + P) / 6: the most likely estimate counts four times.",
        "Standard deviation = (P − O) / 6. Return both as a tuple: `return expected, sd`.",
    ],
)


# -- Q2 the critical path ------------------------------------------------------------------------------


def _most_tasks(expected, durations, depends_on, **_):
    """The path with the most tasks, whatever they last: what a longest path without weights gives."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(durations)
    graph.add_edges_from((before, task) for task, befores in depends_on.items() for before in befores)
    path = nx.dag_longest_path(graph)
    return _unless(path == list(expected["path"]), {"path": path, "weeks": sum(durations[t] for t in path)})


def _last_task_dropped(expected, durations, **_):
    """What weighting each edge by the task it leaves, with no edge out of the last task, gives: its weeks lost."""
    last = durations[expected["path"][-1]]
    return _unless(last == 0, {"path": list(expected["path"]), "weeks": expected["weeks"] - last})


def _without_isolated(expected, durations, depends_on, **_):
    """The critical path of a graph built from the dependencies alone: tasks linked to none are lost."""
    from tpm_course.topics.planning.maths import critical_path

    linked = {t for t, befores in depends_on.items() if befores} | {b for bs in depends_on.values() for b in bs}
    if not linked or linked >= set(durations):
        return None
    found = critical_path({t: durations[t] for t in linked}, {t: depends_on.get(t, []) for t in linked})
    return _unless(found["path"] == list(expected["path"]), found)


EXTRA_NODE = Misconception(
    "a node that is not a task",
    'Your path holds a node that is not a task (a "start" or "end" you added to the graph). Return only '
    "the tasks, from the first to the last: leave the added node out of the path.",
    lambda expected, **_: {"path": [*expected["path"], "end"]},
)

q2 = PathQuestion(
    "q2",
    NOTEBOOK,
    "critical_path",
    extra_node=EXTRA_NODE,
    rel_tol=1e-6,
    cases=[
        (
            {
                "durations": {"design": 2, "build API": 5, "build app": 4, "test": 2},
                "depends_on": {
                    "design": [],
                    "build API": ["design"],
                    "build app": ["design"],
                    "test": ["build API", "build app"],
                },
            },
            {"path": ["design", "build API", "test"], "weeks": 9},
        )
    ],
    misconceptions=[
        Misconception(
            "the last task's duration dropped",
            "Your path is right but its length leaves out the last task's duration: with each edge weighted by "
            "the task it leaves, nothing leaves the last task. Add an edge from it to an end node (weighted by its "
            "duration), or add its duration to the length.",
            _last_task_dropped,
        ),
        Misconception(
            "isolated task lost",
            "A task that waits for nothing and that nothing waits for is missing from your graph: a graph built "
            "only from the dependencies' edges leaves it out. Add every task as a node "
            "(`graph.add_nodes_from(durations)`); such a task alone can be the critical path.",
            _without_isolated,
        ),
        Misconception(
            "path from last to first",
            "Your path runs from the last task back to the first. Walking back from the end finds the path "
            "in reverse: return it from the first task to the last (`path[::-1]`).",
            lambda expected, **_: _unless(len(expected["path"]) < 2, {"path": list(expected["path"])[::-1]}),
        ),
        EXTRA_NODE,
        Misconception(
            "longest single task",
            "You returned the longest single task. The critical path is the longest chain of tasks that "
            "wait for each other, from a task with no prerequisite to the last one: add the durations along it.",
            lambda expected, durations, **_: _unless(
                max(durations.values()) == expected["weeks"], {"weeks": max(durations.values())}
            ),
        ),
        Misconception(
            "every task in sequence",
            "You added every task's duration, as if nothing ran in parallel. Tasks that do not wait for "
            "each other overlap; only the longest chain sets the project's length.",
            lambda expected, durations, **_: _unless(
                sum(durations.values()) == expected["weeks"], {"weeks": sum(durations.values())}
            ),
        ),
        Misconception(
            "the chain with the most tasks",
            "Your path is the chain with the most tasks, not the longest one in weeks. Weigh each step "
            "by the duration of the task it leaves (networkx's `dag_longest_path` takes a `weight`).",
            _most_tasks,
        ),
    ],
    hints=[
        "Forward pass: in a topological order (`nx.topological_sort`), a task starts when its last "
        "prerequisite finishes. The project ends when the last task finishes.",
        "Walk back from the task that finishes last, each time to the prerequisite that finished last. "
        "Or give each edge the duration of the task it leaves and use `nx.dag_longest_path`.",
    ],
)


# -- Q3 the migration's length and spread ----------------------------------------------------------------

q3 = FieldsQuestion(
    "q3",
    NOTEBOOK,
    "migration",
    rel_tol=0.01,
    parts=Parts(3, noun="field"),  # 1 point for each field
    schema={
        "type": "object",
        "required": ["expected_weeks", "sd_weeks", "backfill_slack_weeks"],
        "properties": {
            "expected_weeks": {"type": "number", "exclusiveMinimum": 0},
            "sd_weeks": {"type": "number", "exclusiveMinimum": 0},
            "backfill_slack_weeks": {"type": "number", "minimum": 0},
        },
    },
    misconceptions=[
        Misconception(
            "standard deviations added",
            "You added the standard deviations of the critical tasks. Independent durations add their "
            "variances: square each task's standard deviation, add, then take the square root.",
            lambda expected, sd_sum, **_: {"sd_weeks": sd_sum},
        ),
        Misconception(
            "every task's variance",
            "Your spread adds the variance of every task. Only the critical path's tasks move the "
            "finish date one for one; the others have slack to absorb a delay.",
            lambda expected, sd_all_tasks, **_: {"sd_weeks": sd_all_tasks},
        ),
        Misconception(
            "most likely estimates",
            "That is the critical path of the most likely estimates. Plan on the PERT expected times: "
            "the long pessimistic tails make the expected length longer than the most likely one.",
            lambda expected, most_likely_weeks, **_: {"expected_weeks": most_likely_weeks},
        ),
        Misconception(
            "slack from the end",
            "Your slack is the weeks between E's earliest finish and the end of the project. E can slip only "
            "until it delays a task that waits for it: its slack is its latest start (from the backward pass) "
            "minus its earliest start.",
            lambda expected, slack_to_end, **_: {"backfill_slack_weeks": slack_to_end},
        ),
    ],
    hints=[
        "Run your `pert_estimate` on every row of `tasks`, then your `critical_path` on the expected times.",
        "sd of the path = √(Σ sd² over the critical tasks). Slack of E = its latest start − its earliest start.",
    ],
)


# -- Q4 the odds of the requested date -------------------------------------------------------------------


def odds_from_own_plan(namespace: dict, context: dict) -> dict | None:
    """Q4's fields from the learner's own Q3 mean and spread (``migration``), by the key's ``deadline``."""
    try:
        migration = namespace["migration"]
        mean, sd = float(migration["expected_weeks"]), float(migration["sd_weeks"])
    except (KeyError, TypeError, ValueError):  # no numbers of their own yet: the key alone
        return None
    if "deadline" not in context or not (mean > 0 and sd > 0):
        return None
    return {
        "p_requested_date": probability_by(context["deadline"], mean, sd),
        "week_85": duration_at(CONFIDENCE, mean, sd),
    }


q4 = FieldsQuestion(
    "q4",
    NOTEBOOK,
    "deadline_odds",
    follows=odds_from_own_plan,  # a slip in Q3 costs Q3's points, not Q4's again
    follows_from="`migration` (Q3)",
    rel_tol=0.01,
    tolerances={"week_85": (0.002, 0.0)},  # unrounded: mean + 1 sd is 0.5 % short of it
    parts=Parts(2, noun="field"),  # 1 point for each field
    schema={
        "type": "object",
        "required": ["p_requested_date", "week_85"],
        "properties": {
            "p_requested_date": {"type": "number", "minimum": 0},
            "week_85": {"type": "number", "exclusiveMinimum": 0},
        },
    },
    misconceptions=[
        Misconception(
            "the expected length as a date",
            "Your 85 % week is the expected length, which the project overruns half the time: a date "
            "quoted as if it were certain. Go up the normal distribution to its 85th percentile.",
            lambda expected, mean, **_: {"week_85": mean},
        ),
        Misconception(
            "standard deviations added",
            "That probability uses the standard deviations added along the path. Variances add; "
            "standard deviations added overstate the spread and understate the odds.",
            lambda expected, p_sd_sum, **_: {"p_requested_date": p_sd_sum},
        ),
        Misconception(
            "the chance of missing",
            "That is the chance of missing the requested date. The field asks for the chance of being done by it.",
            lambda expected, **_: {"p_requested_date": 1 - expected["p_requested_date"]},
        ),
        Misconception(
            "one standard deviation",
            "Your 85 % week is the mean plus one standard deviation, which covers about 84 % of the outcomes. "
            "The 85th percentile is a little further: norm.ppf(0.85) standard deviations above the mean.",
            lambda expected, mean, sd, **_: {"week_85": mean + sd},
        ),
        Misconception(
            "two-sided z",
            "You used z ≈ 1.44, which leaves 7.5 % in each tail (an 85 % interval). A date is one-sided: "
            "85 % of the outcomes below it, z = norm.ppf(0.85).",
            lambda expected, mean, sd, **_: {"week_85": mean + 1.4395 * sd},
        ),
        Misconception(
            "percent as a number",
            "`p_requested_date` is a probability: give a fraction (0.5), not a number of percent (50).",
            lambda expected, **_: {"p_requested_date": 100 * expected["p_requested_date"]},
        ),
        Misconception(
            "variance as the scale",
            "That probability uses the variance as the spread. `scale` in scipy's `norm` is the standard "
            "deviation, in weeks: pass `sd`, not `sd ** 2`.",
            lambda expected, p_variance_scale, **_: {"p_requested_date": p_variance_scale},
        ),
        Misconception(
            "the 85 % week rounded up",
            "Your `week_85` is rounded up to a whole week. The field asks for the number unrounded; round "
            "when you announce the date.",
            lambda expected, **_: _unless(
                float(expected["week_85"]).is_integer(), {"week_85": math.ceil(expected["week_85"])}
            ),
        ),
    ],
    hints=[
        "The project's length is about normal, with your `migration` mean and sd. `scipy.stats.norm.cdf` "
        "gives P(length ≤ week 16).",
        "The 85 % week is `norm.ppf(0.85, loc=mean, scale=sd)`.",
    ],
)


# -- Q5 and Q6 Monte Carlo forecasts ---------------------------------------------------------------------

UNSEEDED = Misconception(
    "unseeded simulation",
    "Your function gives a different answer each time it runs with the same `seed`: the simulation "
    "is not seeded. Make a generator from the seed (`np.random.default_rng(seed)`) and draw every "
    "week from it, so a forecast you send leadership can be reproduced.",
    lambda expected, **_: None,
)


RESEEDED = Misconception(
    "generator made again in every trial",
    "Your forecast does not change with the number of trials: every trial drew the same future. A "
    "generator made from `seed` inside the loop starts again at the same draws each time; make it once, "
    "before the loop, and draw every trial from it.",
    lambda expected, **_: None,
)


def _mean(throughput) -> float:
    return sum(throughput) / len(throughput)


def _items_cases():
    from tpm_course.topics.planning.maths import items_by

    example = {"throughput": [3, 5, 4, 6, 2, 5, 0, 7], "weeks": 10, "trials": 10_000, "seed": 1}
    return [(example, items_by(**example))]


def _items_at(expected, throughput, weeks, trials, seed, **_):
    from tpm_course.topics.planning.maths import items_by

    return items_by(throughput, weeks, trials, seed, confidence=0.15)


q5 = SimulationQuestion(
    "q5",
    NOTEBOOK,
    "forecast_items",
    rel_tol=0.0,
    abs_tol=1.5,
    cases=_items_cases,
    probe={"trials": 5},
    unseeded=UNSEEDED,
    identical=RESEEDED,
    misconceptions=[
        Misconception(
            "85th percentile of the counts",
            "That is the 85th percentile of the simulated counts: a number of items the team reaches in only "
            '15 % of the futures. "At least this many with 85 % confidence" is the count 85 % of the '
            "futures reach or beat: the 15th percentile.",
            _items_at,
        ),
        Misconception(
            "average throughput",
            "That is the average weekly throughput times the weeks: a forecast with no spread, which "
            "the team misses about half the time. Simulate many futures and read a percentile.",
            lambda expected, throughput, weeks, **_: _mean(throughput) * weeks,
        ),
        RESEEDED,
        UNSEEDED,
    ],
    hints=[
        "One trial: draw `weeks` weeks from `throughput` with replacement and add them up. Do it `trials` times.",
        "`rng = np.random.default_rng(seed)`; `rng.choice(throughput, size=(trials, weeks)).sum(axis=1)`; "
        "then the percentile that 85 % of the totals reach.",
    ],
)


def _weeks_cases():
    from tpm_course.topics.planning.maths import weeks_for

    example = {"throughput": [3, 5, 4, 6, 2, 5, 0, 7], "items": 80, "trials": 10_000, "seed": 1}
    return [(example, weeks_for(**example))]


def _weeks_at(expected, throughput, items, trials, seed, **_):
    from tpm_course.topics.planning.maths import weeks_for

    return weeks_for(throughput, items, trials, seed, confidence=0.15)


q6 = SimulationQuestion(
    "q6",
    NOTEBOOK,
    "forecast_weeks",
    rel_tol=0.0,
    abs_tol=0.5,  # a whole number of weeks: the hidden cases' 85th percentiles do not move with the draws
    cases=_weeks_cases,
    probe={"trials": 5},
    unseeded=UNSEEDED,
    misconceptions=[
        Misconception(
            "items divided by the average",
            "That is the items divided by the average weekly throughput: one future, in which every week "
            "is average. Simulate many futures, count the weeks each needs, and read a percentile.",
            lambda expected, throughput, items, **_: items / _mean(throughput),
        ),
        Misconception(
            "15th percentile of the weeks",
            "That is the 15th percentile of the simulated weeks: a date the team beats in only 15 % of "
            'the futures. "Done by then with 85 % confidence" is the week 85 % of the futures finish '
            "within: the 85th percentile.",
            _weeks_at,
        ),
        Misconception(
            "one week short",
            "Your forecast is one week short: you counted the weeks still short of `items` but not the week "
            "in which the total reached it. That week counts: add one.",
            lambda expected, **_: expected - 1,
        ),
        UNSEEDED,
    ],
    hints=[
        "One trial: draw weeks from `throughput` one at a time and add them up until the total reaches "
        "`items`; the number of weeks drawn is that future's length.",
        "Collect the lengths of all trials and read the percentile 85 % of them are at or below.",
    ],
)


# -- Q7 the decision -----------------------------------------------------------------------------------

PLAN_SCHEMA = {
    "type": "object",
    "required": [
        "decision",
        "p_requested_date",
        "services_by_requested_date",
        "weeks_for_all_services",
        "biggest_risk",
        "risk_share",
        "message",
    ],
    "properties": {
        "decision": {"enum": DECISIONS},
        "p_requested_date": {"type": "number", "minimum": 0, "maximum": 1},
        "services_by_requested_date": {"type": "number", "minimum": 0},
        "weeks_for_all_services": {"type": "number", "exclusiveMinimum": 0},
        "biggest_risk": {"enum": TASKS},
        "risk_share": {"type": "number", "minimum": 0, "maximum": 1},
        "message": {"type": "string", "minLength": 40},
    },
}

SERVICES_TO_MOVE = 60
# The numbers the answer key checks besides the decision; the message earns its part by quoting one of them.
PLAN_NUMBERS = [
    "p_requested_date",
    "services_by_requested_date",
    "weeks_for_all_services",
    "biggest_risk",
    "risk_share",
]


def _decision_from(plan: dict) -> str:
    """The decision the CTO's rule gives on a plan's own numbers (the lease can be extended)."""
    return planning_decision(
        plan["p_requested_date"], plan["services_by_requested_date"], SERVICES_TO_MOVE, plan["risk_share"], False
    )


def odds_carried_into_the_plan(namespace: dict, context: dict) -> dict | None:
    """Q7's probability as the learner's own Q4 gives it (``deadline_odds``)."""
    try:
        return {"p_requested_date": float(namespace["deadline_odds"]["p_requested_date"])}
    except (KeyError, TypeError, ValueError):
        return None


q7 = DecisionQuestion(
    "q7",
    NOTEBOOK,
    "launch_plan",
    schema=PLAN_SCHEMA,
    decide=_decision_from,
    follows=odds_carried_into_the_plan,  # Q4's probability as the learner computed it
    follows_from="`deadline_odds` (Q4)",
    parts=Parts(3, each={"decision": 1.0, **dict.fromkeys(PLAN_NUMBERS, 0.3), "message": 0.5}, noun="field"),
    rule="compare `p_requested_date` with 85 % and `services_by_requested_date` with 60, then `risk_share` "
    "with one half, in the rule's order.",
    rel_tol=0.03,  # the simulated fields come from your own implementation and its random draws
    tolerances={"p_requested_date": (0.01, 0.0)},  # as Q4 checks it: not simulated
    misconceptions=[
        Misconception(
            "the requested date promised",
            "The requested date is below the 85 % bar the CTO set: promising it quotes a date as if it "
            "were certain. By the rule in the brief, a miss on either stream rules the promise out.",
            lambda expected, **_: {"decision": "promise the requested date"},
        ),
        Misconception(
            "a later date before the risk",
            "The brief's rule looks at the biggest risk before it moves the date: when one critical "
            "task holds more than half of the path's variance, any date today is mostly that task's guess.",
            lambda expected, **_: _unless(
                expected["decision"] == "announce the 85 % date", {"decision": "announce the 85 % date"}
            ),
        ),
        Misconception(
            "shares of standard deviations",
            "Your `risk_share` divides standard deviations. The share of the uncertainty is a share of the "
            "variance: the task's sd² over the sum of the critical tasks' sd².",
            lambda expected, sd_share, **_: {"risk_share": sd_share},
        ),
        Misconception(
            "85th percentile of the services",
            "Your `services_by_requested_date` is the count the team reaches in only 15 % of the futures. "
            "The scope you can promise at 85 % is the 15th percentile of the simulated counts.",
            lambda expected, services_85th_percentile, **_: {"services_by_requested_date": services_85th_percentile},
        ),
        Misconception(
            "average throughput",
            "Your `services_by_requested_date` is the average weekly throughput times the weeks: one future in "
            "which every week is average, reached about half the time. Use your Monte Carlo forecasts (Q5 "
            "and Q6) for the services, and for the weeks they need.",
            lambda expected, services_average, **_: {"services_by_requested_date": services_average},
        ),
    ],
    hints=[
        "The numbers come from Q4, Q5 and Q6 on the brief's data: week 16, the services team's throughput, 60 services.",
        "`risk_share` = the largest sd² among the critical tasks / the sum of their sd². Then apply the "
        "CTO's rule in order: promise, buy down, cut scope or move the date.",
    ],
)
