"""Submissions for exercise 07 (see ``submissions.Submission``)."""

from submissions import Submission

PERT = "def pert_estimate(optimistic, most_likely, pessimistic):\n    {body}\n"
PATH = "def critical_path(durations, depends_on):\n{body}"
ITEMS = "def forecast_items(throughput, weeks, trials, seed):\n{body}"
WEEKS = "def forecast_weeks(throughput, items, trials, seed):\n{body}"

# A student's critical path: networkx's weighted longest path through an added end node.
NX_PATH = PATH.format(
    body=(
        "    graph = nx.DiGraph()\n"
        "    graph.add_nodes_from(durations)\n"
        "    for task, before in depends_on.items():\n"
        "        for p in before:\n"
        "            graph.add_edge(p, task, weight=durations[p])\n"
        "    for task in durations:\n"
        "        if graph.out_degree(task) == 0:\n"
        '            graph.add_edge(task, "END", weight=durations[task])\n'
        '    path = nx.dag_longest_path(graph, weight="weight")[:-1]\n'
        '    return {"path": path, "weeks": nx.dag_longest_path_length(graph, weight="weight")}\n'
    )
)

# The brief's numbers as a student computes them with their own functions (they feed Q3, Q4 and Q7).
ESTIMATES = (
    "est = {r.task: pert_estimate(r.optimistic_weeks, r.most_likely_weeks, r.pessimistic_weeks) "
    "for r in tasks.itertuples()}\n"
    "te = {t: v[0] for t, v in est.items()}\n"
    "sd = {t: v[1] for t, v in est.items()}\n"
    "plan = critical_path(te, depends_on)\n"
    "sd_weeks = sd\n"
)


def migration(expected="plan['weeks']", spread="math.sqrt(sum(sd[t] ** 2 for t in plan['path']))", slack="13 / 6"):
    return (
        ESTIMATES + "migration = {\n"
        f'    "expected_weeks": {expected},\n'
        f'    "sd_weeks": {spread},\n'
        f'    "backfill_slack_weeks": {slack},\n'
        "}\n"
    )


def odds(p="norm.cdf(16, 14, math.sqrt(178 / 36))", week="norm.ppf(0.85, 14, math.sqrt(178 / 36))"):
    return f'deadline_odds = {{"p_requested_date": {p}, "week_85": {week}}}\n'


PLAN_FIELDS = {
    "decision": '"buy down the biggest risk first"',
    "p_requested_date": 'deadline_odds["p_requested_date"]',
    "services_by_requested_date": "forecast_items(services_history, REQUESTED_WEEK, TRIALS, SEED)",
    "weeks_for_all_services": "forecast_weeks(services_history, SERVICES_TO_MOVE, TRIALS, SEED)",
    "biggest_risk": '"C"',
    "risk_share": "4 / (178 / 36)",
    "message": '"Week 16 is about an 82 % chance for the platform work, and 57 of 60 services at 85 %. The stored '
    'procedures hold 81 % of the variance: we spike them for two weeks, then give you a date at 85 %."',
}


def plan(**changes) -> str:
    fields = {**PLAN_FIELDS, **changes}
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return f"launch_plan = {{\n{body}}}\n"


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "lists_numpy_and_networkx",
        {
            "q1_answer": PERT.format(
                body="return [(optimistic + 4 * most_likely + pessimistic) / 6, (pessimistic - optimistic) / 6]"
            ),
            "q2_answer": NX_PATH,
            "q4_answer": odds(p="float(norm.cdf((16 - 14) / math.sqrt(178 / 36)))"),
        },
    ),
    Submission(
        "renamed_parameters_and_python_random",
        {
            "q1_answer": "def pert_estimate(o, m, p):\n    return (o + 4 * m + p) / 6, (p - o) / 6\n",
            "q5_answer": (
                "import random\n\n"
                "def forecast_items(history, horizon, runs, seed):\n"
                "    rng = random.Random(seed)\n"
                "    totals = sorted(sum(rng.choices(history, k=horizon)) for _ in range(runs))\n"
                "    return totals[int(0.15 * runs)]\n"
            ),
        },
    ),
    Submission(
        "global_numpy_seed_and_loops",
        {
            "q6_answer": WEEKS.format(
                body=(
                    "    np.random.seed(seed)\n"
                    "    needed = []\n"
                    "    draws = np.random.choice(throughput, size=(trials, 200))\n"
                    "    for row in draws:\n"
                    "        needed.append(int(np.searchsorted(np.cumsum(row), items)) + 1)\n"
                    "    return np.percentile(needed, 85)\n"
                )
            ),
            "q3_answer": migration(spread="np.sqrt(np.sum([sd[t] ** 2 for t in plan['path']]))"),
        },
    ),
    Submission(
        "rounded_like_a_slide",
        {
            "q3_answer": 'migration = {"expected_weeks": 14, "sd_weeks": 2.22, "backfill_slack_weeks": 2.17}\n'
            + ESTIMATES,
            "q4_answer": odds(p="0.816", week="16.3"),
            "q7_answer": plan(
                decision='"Buy down the biggest risk first"',
                p_requested_date="0.82",
                services_by_requested_date="57",
                weeks_for_all_services="17",
                biggest_risk='"c"',
                risk_share="0.81",
            ),
        },
    ),
    Submission("q5_test_cell_edited", {"q5": "# q5.check()  I will come back to this\n"}),
    Submission(
        "two_decimals_and_a_sentence_for_an_option",
        {
            "q1_answer": PERT.format(
                body="return round((optimistic + 4 * most_likely + pessimistic) / 6, 2), round((pessimistic - optimistic) / 6, 2)"
            ),
            "q7_answer": plan(decision='"Buy down the biggest risk first."'),
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_most_likely",
        {"q1_answer": PERT.format(body="return most_likely, (pessimistic - optimistic) / 6")},
        ["q1"],
        "Your expected time is the most likely estimate",
    ),
    Submission(
        "q1_plain_average",
        {
            "q1_answer": PERT.format(
                body="return (optimistic + most_likely + pessimistic) / 3, (pessimistic - optimistic) / 6"
            )
        },
        ["q1"],
        "plain average of the three estimates",
    ),
    Submission(
        "q1_variance",
        {
            "q1_answer": PERT.format(
                body="return (optimistic + 4 * most_likely + pessimistic) / 6, ((pessimistic - optimistic) / 6) ** 2"
            )
        },
        ["q1"],
        "Your spread is the variance",
    ),
    Submission(
        "q2_longest_task",
        {
            "q2_answer": PATH.format(
                body='    t = max(durations, key=durations.get)\n    return {"path": [t], "weeks": durations[t]}\n'
            )
        },
        ["q2"],
        "You returned the longest single task",
    ),
    Submission(
        "q2_everything_in_sequence",
        {
            "q2_answer": PATH.format(
                body="    order = list(nx.topological_sort(nx.DiGraph([(p, t) for t in depends_on for p in depends_on[t]])))\n"
                '    return {"path": order, "weeks": sum(durations.values())}\n'
            )
        },
        ["q2"],
        "You added every task's duration",
    ),
    Submission(
        "q2_most_tasks",
        {
            "q2_answer": PATH.format(
                body="    graph = nx.DiGraph()\n"
                "    graph.add_nodes_from(durations)\n"
                "    graph.add_edges_from((p, t) for t in depends_on for p in depends_on[t])\n"
                "    path = nx.dag_longest_path(graph)\n"
                '    return {"path": path, "weeks": sum(durations[t] for t in path)}\n'
            )
        },
        ["q2"],
        "Your path is the chain with the most tasks",
    ),
    Submission(
        "q3_sds_added",
        {"q3_answer": migration(spread="sum(sd[t] for t in plan['path'])")},
        ["q3"],
        "You added the standard deviations",
        earns={"q3": 2},
    ),
    Submission(  # Q4 worked from that Q3 as asked: the slip costs Q3's point, not Q4's as well
        "q3_sds_added_carried_into_q4",
        {
            "q3_answer": migration(spread="sum(sd[t] for t in plan['path'])"),
            "q4_answer": odds(
                p='norm.cdf(REQUESTED_WEEK, migration["expected_weeks"], migration["sd_weeks"])',
                week='norm.ppf(0.85, migration["expected_weeks"], migration["sd_weeks"])',
            ),
        },
        ["q3"],
        "You added the standard deviations",
        earns={"q3": 2, "q4": 2},
    ),
    Submission(
        "q3_every_task",
        {"q3_answer": migration(spread="math.sqrt(sum(s ** 2 for s in sd.values()))")},
        ["q3"],
        "adds the variance of every task",
        earns={"q3": 2},
    ),
    Submission(
        "q3_most_likely",
        {
            "q3_answer": migration(
                expected="critical_path(dict(zip(tasks['task'], tasks['most_likely_weeks'])), depends_on)['weeks']"
            )
        },
        ["q3"],
        "critical path of the most likely estimates",
        earns={"q3": 2},
    ),
    Submission(
        "q4_mean_as_date",
        {"q4_answer": odds(week="14")},
        ["q4"],
        "Your 85 % week is the expected length",
        earns={"q4": 1},
    ),
    Submission(
        "q4_sds_added",
        {"q4_answer": odds(p="norm.cdf(16, 14, 11 / 3)")},
        ["q4"],
        "standard deviations added",
        earns={"q4": 1},
    ),
    Submission(
        "q4_chance_of_missing",
        {"q4_answer": odds(p="1 - norm.cdf(16, 14, math.sqrt(178 / 36))")},
        ["q4"],
        "the chance of missing",
        earns={"q4": 1},
    ),
    Submission(
        "q4_two_sided_z",
        {"q4_answer": odds(week="14 + norm.ppf(0.925) * math.sqrt(178 / 36)")},
        ["q4"],
        "leaves 7.5 % in each tail",
        earns={"q4": 1},
    ),
    Submission(
        "q4_percent",
        {"q4_answer": odds(p="100 * norm.cdf(16, 14, math.sqrt(178 / 36))")},
        ["q4"],
        "not a number of percent",
        earns={"q4": 1},
    ),
    Submission(
        "q5_85th_percentile",
        {
            "q5_answer": ITEMS.format(
                body="    rng = np.random.default_rng(seed)\n"
                "    totals = rng.choice(throughput, size=(trials, weeks)).sum(axis=1)\n"
                "    return np.percentile(totals, 85)\n"
            )
        },
        ["q5"],
        "That is the 85th percentile of the simulated counts",
    ),
    Submission(
        "q5_average",
        {"q5_answer": ITEMS.format(body="    return sum(throughput) / len(throughput) * weeks\n")},
        ["q5"],
        "average weekly throughput times the weeks",
    ),
    Submission(
        "q5_unseeded",
        {
            "q5_answer": ITEMS.format(
                body="    rng = np.random.default_rng()\n"
                "    totals = rng.choice(throughput, size=(trials, weeks)).sum(axis=1)\n"
                "    return np.percentile(totals, 15)\n"
            )
        },
        ["q5"],
        "the simulation is not seeded",
    ),
    Submission(
        "q6_average",
        {"q6_answer": WEEKS.format(body="    return math.ceil(items / np.mean(throughput))\n")},
        ["q6"],
        "the items divided by the average weekly throughput",
    ),
    Submission(
        "q6_15th_percentile",
        {
            "q6_answer": WEEKS.format(
                body="    rng = np.random.default_rng(seed)\n"
                "    totals = rng.choice(throughput, size=(trials, 300)).cumsum(axis=1)\n"
                "    return np.percentile((totals < items).sum(axis=1) + 1, 15)\n"
            )
        },
        ["q6"],
        "That is the 15th percentile of the simulated weeks",
    ),
    Submission(
        "q6_unseeded",
        {
            "q6_answer": WEEKS.format(
                body="    totals = np.random.choice(throughput, size=(trials, 300)).cumsum(axis=1)\n"
                "    return np.percentile((totals < items).sum(axis=1) + 1, 85)\n"
            )
        },
        ["q6"],
        "the simulation is not seeded",
    ),
    Submission(
        "q7_promised",
        {"q7_answer": plan(decision='"promise the requested date"')},
        ["q7"],
        "The requested date is below the 85 % bar",
        earns={"q7": 2},
    ),
    Submission(  # the decision the rule gives on its own (wrong) numbers: the numbers lose their parts, not it
        "q7_decision_from_its_own_numbers",
        {
            "q7_answer": plan(
                decision='"promise the requested date"', p_requested_date="0.9", services_by_requested_date="61"
            )
        },
        ["q7"],
        "Your `decision` follows from your own numbers by the brief's rule",
        earns={"q7": 2.4},
    ),
    Submission(
        "q4_one_standard_deviation",
        {"q4_answer": odds(week="14 + math.sqrt(178 / 36)")},
        ["q4"],
        "the mean plus one standard deviation",
        earns={"q4": 1},
    ),
    Submission(
        "q7_later_date",
        {"q7_answer": plan(decision='"announce the 85 % date"')},
        ["q7"],
        "looks at the biggest risk before it moves the date",
        earns={"q7": 2},
    ),
    Submission(
        "q7_sd_share",
        {"q7_answer": plan(risk_share="2 / (11 / 3)")},
        ["q7"],
        "Your `risk_share` divides standard deviations",
        earns={"q7": 2.7},
    ),
    Submission(
        "q7_services_85th",
        {"q7_answer": plan(services_by_requested_date="87")},
        ["q7"],
        "the count the team reaches in only 15 % of the futures",
        earns={"q7": 2.7},
    ),
    Submission(
        "q1_floor_division",
        {
            "q1_answer": PERT.format(
                body="return (optimistic + 4 * most_likely + pessimistic) // 6, (pessimistic - optimistic) // 6"
            )
        },
        ["q1"],
        "`//` divides and drops the fraction",
    ),
    Submission(
        "q1_one_decimal",
        {
            "q1_answer": PERT.format(
                body="return round((optimistic + 4 * most_likely + pessimistic) / 6, 1), round((pessimistic - optimistic) / 6, 1)"
            )
        },
        ["q1"],
        "Your results are rounded to one decimal",
    ),
    Submission(
        "q2_last_task_dropped",
        {
            "q2_answer": PATH.format(
                body="    graph = nx.DiGraph()\n"
                "    graph.add_nodes_from(durations)\n"
                "    for task, before in depends_on.items():\n"
                "        for p in before:\n"
                "            graph.add_edge(p, task, weeks=durations[p])\n"
                '    return {"path": nx.dag_longest_path(graph, weight="weeks"), '
                '"weeks": nx.dag_longest_path_length(graph, weight="weeks")}\n'
            )
        },
        ["q2"],
        "its length leaves out the last task's duration",
    ),
    Submission(
        "q2_isolated_task_lost",
        {
            "q2_answer": PATH.format(
                body="    graph = nx.DiGraph()\n"
                "    for task, before in depends_on.items():\n"
                "        for p in before:\n"
                "            graph.add_edge(p, task, weeks=durations[p])\n"
                "    for task in [t for t in graph.nodes if graph.out_degree(t) == 0]:\n"
                '        graph.add_edge(task, "END", weeks=durations[task])\n'
                '    path = nx.dag_longest_path(graph, weight="weeks")[:-1]\n'
                '    return {"path": path, "weeks": nx.dag_longest_path_length(graph, weight="weeks")}\n'
            )
        },
        ["q2"],
        "A task that waits for nothing and that nothing waits for",
    ),
    Submission(
        "q2_path_backwards",
        {
            "q2_answer": PATH.format(
                body="    finish = {}\n"
                "    def done(t):\n"
                "        if t not in finish:\n"
                "            finish[t] = max((done(p) for p in depends_on[t]), default=0) + durations[t]\n"
                "        return finish[t]\n"
                "    last = max(durations, key=done)\n"
                "    path = [last]\n"
                "    while depends_on[path[-1]]:\n"
                "        path.append(max(depends_on[path[-1]], key=done))\n"
                '    return {"path": path, "weeks": finish[last]}\n'
            )
        },
        ["q2"],
        "Your path runs from the last task back to the first",
    ),
    Submission(
        "q2_finish_node_in_path",
        {"q2_answer": NX_PATH.replace("[:-1]\n", "\n").replace('"END"', '"finish"')},
        ["q2"],
        "Your path holds a node that is not a task",
    ),
    Submission(
        "q3_slack_to_the_end",
        {
            "q3_answer": ESTIMATES
            + "order = nx.topological_sort(nx.DiGraph([(p, t) for t in depends_on for p in depends_on[t]]))\n"
            + "finish = {}\n"
            + "for t in order:\n"
            + "    finish[t] = max((finish[p] for p in depends_on[t]), default=0) + te[t]\n"
            + migration(slack="plan['weeks'] - finish['E']")
        },
        ["q3"],
        "Your slack is the weeks between E's earliest finish and the end",
        earns={"q3": 2},
    ),
    Submission(
        "q4_variance_as_scale",
        {"q4_answer": odds(p="norm.cdf(16, 14, 178 / 36)")},
        ["q4"],
        "That probability uses the variance as the spread",
        earns={"q4": 1},
    ),
    Submission(
        "q4_week_rounded_up",
        {"q4_answer": odds(week="math.ceil(norm.ppf(0.85, 14, math.sqrt(178 / 36)))")},
        ["q4"],
        "Your `week_85` is rounded up to a whole week",
        earns={"q4": 1},
    ),
    Submission(
        "q5_generator_in_the_loop",
        {
            "q5_answer": ITEMS.format(
                body="    totals = []\n"
                "    for _ in range(trials):\n"
                "        rng = np.random.default_rng(seed)\n"
                "        totals.append(rng.choice(throughput, size=weeks).sum())\n"
                "    return np.percentile(totals, 15)\n"
            )
        },
        ["q5"],
        "Your forecast does not change with the number of trials",
    ),
    Submission(
        "q6_one_week_short",
        {
            "q6_answer": WEEKS.format(
                body="    rng = np.random.default_rng(seed)\n"
                "    totals = rng.choice(throughput, size=(trials, 300)).cumsum(axis=1)\n"
                "    return np.percentile((totals < items).sum(axis=1), 85)\n"
            )
        },
        ["q6"],
        "Your forecast is one week short",
    ),
    Submission(
        "q7_average_services",
        {
            "q7_answer": plan(
                services_by_requested_date="np.mean(services_history) * REQUESTED_WEEK",
                weeks_for_all_services="SERVICES_TO_MOVE / np.mean(services_history)",
            )
        },
        ["q7"],
        "is the average weekly throughput times the weeks",
        earns={"q7": 2.4},
    ),
    Submission(
        "q7_share_as_a_percentage",
        {"q7_answer": plan(risk_share="100 * 4 / (178 / 36)")},
        ["q7"],
        "looks like a percentage",
        earns={"q7": 2.7},
    ),
]

BROKEN = [
    Submission(
        "q1_raises",
        {"q1_answer": PERT.format(body="return (optimistic + 4 * most_likely + pessimistic) / 0, 0")},
        ["q1"],
        "raised ZeroDivisionError",
    ),
    Submission(
        "q2_returns_a_number",
        {"q2_answer": PATH.format(body="    return 14\n")},
        ["q2"],
        "which is not a dict",
    ),
    Submission(
        "q3_text_value",
        {"q3_answer": migration(spread='"about 2.2 weeks"')},
        ["q3"],
        "is not a number",
        earns={"q3": 2},
    ),
    Submission(
        "q7_option_not_offered",
        {"q7_answer": plan(decision='"hire more engineers"')},
        ["q7"],
        "is not one of",
        earns={"q7": 2},
    ),
    Submission(
        "q7_missing_field",
        {"q7_answer": plan() + 'del launch_plan["risk_share"]\n'},
        ["q7"],
        "'risk_share' is a required property",
        earns={"q7": 2.7},
    ),
    Submission(
        "q7_message_left_blank",
        {"q7_answer": plan(message="...")},
        ["q7"],
        "is not finished",
        earns={"q7": 2.5},
    ),
    Submission(
        "q7_message_without_a_number",
        {
            "q7_answer": plan(
                message='"We are not ready to promise the date. We will spike the riskiest task and come back."'
            )
        },
        ["q7"],
        "quotes none of the figures",
        earns={"q7": 2.5},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
