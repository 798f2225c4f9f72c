"""Submissions for exercise 00 (see ``submissions.Submission``)."""

from submissions import Submission

BRIEF = {
    "A1": "goal",
    "A2": "requirement",
    "A3": "constraint",
    "A4": "assumption",
    "A5": "solution",
    "A6": "constraint",
    "A7": "risk",
    "A8": "constraint",
    "A9": "requirement",
    "A10": "assumption",
    "A11": "solution",
    "A12": "risk",
}
SECOND = {
    "B1": "goal",
    "B2": "requirement",
    "B3": "solution",
    "B4": "constraint",
    "B5": "constraint",
    "B6": "assumption",
    "B7": "risk",
    "B8": "requirement",
}


def labels(name: str, right: dict, **changed) -> str:
    """An answer cell labelling a brief as a student would type it, with some labels changed."""
    rows = "".join(f'    "{sid}": "{changed.get(sid, kind)}",\n' for sid, kind in right.items())
    return f"{name} = {{\n{rows}}}\n"


ASKS = {
    "scale": "How many shoppers check stock at the peak hour, across how many stores?",
    "latency": "How fresh must a stock count be, in minutes, before a shopper sees it?",
    "data": "Which system is the source of the counts, and how accurate is it?",
    "security": "Who can see store stock levels, and is any of it personal data?",
    "cost": "What is the budget, and what does a wrong count cost us?",
    "deadline": "When must it be live, and what fixes that date?",
}


def asks(**changed) -> str:
    rows = "".join(f'    "{k}": {changed.get(k, v)!r},\n' for k, v in ASKS.items())
    return f"asks = {{\n{rows}}}\n"


ROUTE = """def route(modules, target):
    by_stem = {{m["stem"]: m for m in modules}}
    needed, todo = set(), [target]
    while todo:
        stem = todo.pop()
        if stem not in needed:
            needed.add(stem)
            todo.extend(by_stem[stem]["prerequisites"])
    {adjust}
    order = [m["stem"] for m in modules if m["stem"] in needed]
    return {{"modules": order, "hours": {hours}}}
"""
ALL_MINUTES = 'sum(by_stem[s]["minutes"][0] + by_stem[s]["minutes"][1] for s in order) / 60'


def route(adjust="pass", hours=ALL_MINUTES) -> str:
    return ROUTE.format(adjust=adjust, hours=hours)


REPLY = """reply = {{
    "reply": {reply!r},
    "assumptions_to_verify": {assumptions},
    "risks_to_raise": {risks},
    "reason": {reason!r},
}}
"""
REASON = "Two assumptions (A4 and A10) are unchecked; we can check both in the 3 weeks before go/no-go."


def reply(reply="commit with conditions", assumptions='["A4", "A10"]', risks='["A7", "A12"]', reason=REASON) -> str:
    return REPLY.format(reply=reply, assumptions=assumptions, risks=risks, reason=reason)


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "labels_in_capitals_and_other_forms",
        {
            "q1_answer": 'first_label = " Constraint"\n',
            "q2_answer": "ids = [f'A{i}' for i in range(1, 13)]\n"
            "kinds = ['goal', 'requirement', 'constraint', 'assumption', 'solution', 'constraint',\n"
            "         'risk', 'constraint', 'requirement', 'assumption', 'solution', 'risk']\n"
            "brief_labels = dict(zip(ids, kinds))\n",
            "q3_answer": labels("second_brief_labels", {k: v.upper() for k, v in SECOND.items()}),
        },
    ),
    Submission(
        "q2_in_capitals_and_a_reply_that_reads_them",
        {
            "q2_answer": labels("brief_labels", {k: f" {v.title()}" for k, v in BRIEF.items()}),
            "q6_answer": "mine = {k: v.strip().lower() for k, v in brief_labels.items()}\n"
            "open_ones = [k for k, v in mine.items() if v == 'assumption']\n"
            "reply = {\n"
            "    'reply': 'commit with conditions' if len(open_ones) <= WEEKS_TO_GO_NO_GO else 'do not commit yet',\n"
            "    'assumptions_to_verify': open_ones,\n"
            "    'risks_to_raise': [k for k, v in mine.items() if v == 'risk'],\n"
            "    'reason': f'{len(open_ones)} assumptions are open and each can be checked before the go/no-go.',\n"
            "}\n",
        },
    ),
    Submission(
        "route_without_networkx_and_a_tuple",
        {"q5_answer": route().replace('"modules": order', '"modules": tuple(order)')},
    ),
    Submission(
        "reply_with_sets_in_another_order_and_the_weeks_quoted",
        {
            "q6_answer": reply(
                reply="Commit with conditions",
                assumptions="{'A10', 'A4'}",
                risks="('A12', 'A7')",
                reason="We commit if the scanners and the collection fee check out: three weeks is enough to test both.",
            ).replace("three weeks", "3 weeks")
        },
    ),
    Submission(
        "asks_in_other_words",
        {
            "q4_answer": asks(
                scale="What is the peak number of orders per hour we must serve?",
                latency="How long can a count be out of date before it misleads a shopper?",
                deadline="By which date does Dana need it, the pilot or later?",
            )
        },
    ),
    Submission("q2_test_cell_edited", {"q2": "pass  # the check was here\n"}),
    Submission(
        "ids_in_lower_case_keys_in_capitals_and_a_reply_in_its_own_words",
        {
            "q2_answer": labels("brief_labels", {k.lower(): v for k, v in BRIEF.items()}),
            "q4_answer": asks().replace('"scale"', '"Scale"').replace('"cost"', '"COST"'),
            "q6_answer": reply(
                reply="Commit with conditions.",
                assumptions='["a4", "a10"]',
                risks="{'a7', 'A12'}",
                reason="Yes, by 2 November, if two unchecked assumptions hold: the scanners and the fee.",
            ),
        },
    ),
]

MISCONCEPTIONS = [
    # Q1
    Submission("q1_deadline_as_goal", {"q1_answer": 'first_label = "goal"\n'}, ["q1"], "A date is a deadline"),
    Submission(
        "q1_deadline_as_requirement",
        {"q1_answer": 'first_label = "requirement"\n'},
        ["q1"],
        "A launch date is not behaviour of the product",
    ),
    # Q2
    Submission(
        "q2_solutions_as_requirements",
        {"q2_answer": labels("brief_labels", BRIEF, A5="requirement", A11="requirement")},
        ["q2"],
        "prescribes a design",
        earns={"q2": 2.5},
    ),
    Submission(
        "q2_assumptions_as_facts",
        {"q2_answer": labels("brief_labels", BRIEF, A4="constraint", A10="constraint")},
        ["q2"],
        "is something nobody has checked",
        earns={"q2": 2.5, "q6": 3},
    ),
    Submission(
        "q2_fee_read_as_a_requirement",
        {"q2_answer": labels("brief_labels", BRIEF, A10="requirement")},
        ["q2"],
        "is something nobody has checked",
        earns={"q2": 2.75, "q6": 3},
    ),
    Submission(
        "q2_goal_read_as_a_risk",
        {"q2_answer": labels("brief_labels", BRIEF, A1="risk")},
        ["q2"],
        "Read each of those statements against the table of kinds again",
        earns={"q2": 2.75},
    ),
    Submission(
        "q2_deadline_as_goal",
        {"q2_answer": labels("brief_labels", BRIEF, A3="goal")},
        ["q2"],
        "is a deadline: a fixed limit",
        earns={"q2": 2.75},
    ),
    Submission(
        "q2_risks_as_assumptions",
        {"q2_answer": labels("brief_labels", BRIEF, A7="assumption", A12="assumption")},
        ["q2"],
        "describes an event that may or may not happen",
        earns={"q2": 2.5, "q6": 3},
    ),
    Submission(
        "q2_goal_and_requirement_swapped",
        {"q2_answer": labels("brief_labels", BRIEF, A1="requirement", A9="goal", A6="requirement")},
        ["q2"],
        "A1: A statement you labelled `requirement` names a business result",
        earns={"q2": 2.25, "q6": 3},
    ),
    Submission(
        "q2_contract_budget_and_risk_misread",
        {"q2_answer": labels("brief_labels", BRIEF, A6="assumption", A8="goal", A12="constraint")},
        ["q2"],
        "A6: A statement you labelled `assumption` has a source that fixes it",
        earns={"q2": 2.25, "q6": 3},
    ),
    Submission(
        "q2_no_assumptions_and_a_reply_that_commits",
        {
            "q2_answer": labels("brief_labels", BRIEF, A4="constraint", A10="requirement"),
            "q6_answer": reply(
                reply="commit",
                assumptions="[]",
                risks='["A7", "A12"]',
                reason="No assumptions are open: everything the date rests on has a source.",
            ),
        },
        ["q2"],
        "is something nobody has checked",
        earns={"q2": 2.5, "q6": 3},
    ),
    # Q3
    Submission(
        "q3_residency_as_requirement_and_readiness_as_goal",
        {"q3_answer": labels("second_brief_labels", SECOND, B5="requirement", B8="goal")},
        ["q3"],
        "B5: A statement you labelled `requirement` is imposed from outside",
        earns={"q3": 1.5},
    ),
    Submission(
        "q3_goal_as_requirement_and_risk_as_constraint",
        {"q3_answer": labels("second_brief_labels", SECOND, B1="requirement", B7="constraint")},
        ["q3"],
        "B7: A statement you labelled `constraint` is an event that may happen",
        earns={"q3": 1.5},
    ),
    Submission(
        "q3_deadline_as_assumption_and_agreement_as_goal",
        {"q3_answer": labels("second_brief_labels", SECOND, B4="assumption", B5="goal")},
        ["q3"],
        "B5: A statement you labelled `goal` is a limit the work must fit",
        earns={"q3": 1.5},
    ),
    Submission(
        "q3_solution_as_requirement",
        {"q3_answer": labels("second_brief_labels", SECOND, B3="requirement")},
        ["q3"],
        "prescribes a design",
        earns={"q3": 1.75},
    ),
    Submission(
        "q3_deadline_as_goal",
        {"q3_answer": labels("second_brief_labels", SECOND, B4="goal")},
        ["q3"],
        "is a deadline: a fixed limit",
        earns={"q3": 1.75},
    ),
    Submission(
        "q3_impression_as_fact_and_risk_as_assumption",
        {"q3_answer": labels("second_brief_labels", SECOND, B6="constraint", B7="assumption")},
        ["q3"],
        "is something nobody has checked",
        earns={"q3": 1.5},
    ),
    # Q4
    Submission(
        "q4_answer_assumed",
        {"q4_answer": asks(latency="Stock on the website has to be real-time.")},
        ["q4"],
        "You wrote an answer where a question belongs",
        earns={"q4": 2.5},
    ),
    Submission(
        "q4_solution_proposed",
        {"q4_answer": asks(latency="Should we push stock changes to the page over WebSockets?")},
        ["q4"],
        "A question that proposes a technology",
        earns={"q4": 2.5},
    ),
    Submission(
        "q4_one_question_pasted_six_times",
        {
            "q4_answer": 'q = "How many shoppers, how fresh, which data source, who can access it, what budget, '
            'and by when?"\nasks = {d: q for d in ["scale", "latency", "data", "security", "cost", "deadline"]}\n'
        },
        ["q4"],
        "is the question of `asks['scale']` again",
        earns={"q4": 0.5},
    ),
    # Q5
    Submission(
        "q5_direct_prerequisites_only",
        {
            "q5_answer": route(
                adjust='needed = {target, *by_stem[target]["prerequisites"]}',
            )
        },
        ["q5"],
        "Your route stops at the target's own prerequisites",
    ),
    Submission(
        "q5_target_left_out",
        {"q5_answer": route(adjust="needed.discard(target)")},
        ["q5"],
        "Your route leaves out the module itself",
    ),
    Submission(
        "q5_lessons_only",
        {"q5_answer": route(hours='sum(by_stem[s]["minutes"][0] for s in order) / 60')},
        ["q5"],
        "Your hours count the lessons only",
    ),
    Submission(
        "q5_minutes_not_hours",
        {"q5_answer": route(hours='sum(sum(by_stem[s]["minutes"]) for s in order)')},
        ["q5"],
        "Your `hours` is 60 times too large",
    ),
    Submission(
        "q5_whole_hours",
        {"q5_answer": route(hours='sum(sum(by_stem[s]["minutes"]) for s in order) // 60')},
        ["q5"],
        "Your `hours` is a whole number",
    ),
    Submission(
        "q5_sorted_by_name",
        {
            "q5_answer": route().replace(
                'order = [m["stem"] for m in modules if m["stem"] in needed]', "order = sorted(needed)"
            )
        },
        ["q5"],
        "Your route lists the modules sorted by name",
    ),
    Submission(
        "q5_topological_order",
        {
            "q5_answer": """def route(modules, target):
    import networkx as nx

    graph = nx.DiGraph()
    for m in modules:
        graph.add_node(m["stem"], minutes=sum(m["minutes"]))
        for p in m["prerequisites"]:
            graph.add_edge(p, m["stem"])
    keep = nx.ancestors(graph, target) | {target}
    order = list(nx.topological_sort(graph.subgraph(keep)))
    return {"modules": order, "hours": sum(graph.nodes[s]["minutes"] for s in order) / 60}
"""
        },
        ["q5"],
        "Your route lists the modules in a topological order",
    ),
    Submission(
        "q5_shared_prerequisite_twice",
        {
            "q5_answer": """def route(modules, target):
    by_stem = {m["stem"]: m for m in modules}

    def collect(stem):
        found = []
        for p in by_stem[stem]["prerequisites"]:
            found += collect(p)
        return found + [stem]

    stems = collect(target)
    return {"modules": stems, "hours": sum(sum(by_stem[s]["minutes"]) for s in stems) / 60}
"""
        },
        ["q5"],
        "Your route lists a module twice",
    ),
    # Q6
    Submission(
        "q6_commits_with_assumptions_open",
        {"q6_answer": reply(reply="commit")},
        ["q6"],
        "You committed although the date rests on assumptions",
        earns={"q6": 2},
    ),
    Submission(
        "q6_declines_though_the_checks_fit",
        {"q6_answer": reply(reply="do not commit yet")},
        ["q6"],
        "You declined although the open assumptions",
        earns={"q6": 2},
    ),
    Submission(
        "q6_assumptions_and_risks_swapped",
        {"q6_answer": reply(assumptions='["A7", "A12"]')},
        ["q6"],
        "Your `assumptions_to_verify` lists the events",
        earns={"q6": 2.5},
    ),
    Submission(
        "q6_reason_without_a_figure",
        {"q6_answer": reply(reason="The scanners and the collection fee are unchecked; we will check them first.")},
        ["q6"],
        "quotes none of the figures",
        earns={"q6": 2},
    ),
]

BROKEN = [
    Submission(
        "q6_reason_quotes_the_date",
        {"q6_answer": reply(reason="Yes, live by 2 November, if the scanners and the fee check out.")},
        ["q6"],
        "quotes none of the figures",
        earns={"q6": 2},
    ),
    Submission(
        "q6_without_a_reason_and_a_list_as_text",
        {"q6_answer": reply(assumptions='"A4, A10"').replace('    "reason": ', '    # "reason": ')},
        ["q6"],
        "The answer has no 'reason'",
        earns={"q6": 1.5},
    ),
    Submission(
        "q2_and_q4_left_partly_unfinished",
        {
            "q2_answer": labels("brief_labels", BRIEF)
            .replace('"A11": "solution"', '"A11": None')
            .replace('"A12": "risk"', '"A12": ...'),
            "q4_answer": asks().replace(repr(ASKS["cost"]), "..."),
        },
        ["q2", "q4"],
        "`brief_labels['A12']` is not finished",
        earns={"q2": 2.5, "q4": 2.5, "q6": 3},
    ),
    Submission(
        "q2_cell_raises",
        {"q2_answer": 'kinds = {"goal": "A1"}\nbrief_labels = {sid: kinds[sid] for sid in ["A1", "A2"]}\n'},
        ["q2", "q6"],
        "raised KeyError",
    ),
    Submission(  # the labels typed so far are scored; the error that stopped the cell is named first
        "q2_cell_raises_after_setting_part_of_it",
        {
            "q2_answer": labels("brief_labels", dict(list(BRIEF.items())[:-3]))
            + "brief_labels.update(the_rest)  # to write\n"
        },
        ["q2"],
        "The cell that sets `brief_labels` did not finish (NameError: name 'the_rest' is not defined)",
    ),
    Submission(
        "q4_a_single_string",
        {"q4_answer": 'asks = "How many users, how fast, which data?"\n'},
        ["q4"],
        "`asks` does not have the required shape",
    ),
    Submission(
        "q5_returns_a_list",
        {
            "q5_answer": route()
            .replace('return {"modules": order, "hours": ', "return [order, ")
            .replace("/ 60}", "/ 60]")
        },
        ["q5"],
        "which is not a dict",
    ),
    Submission(
        "q6_reply_not_an_option",
        {"q6_answer": reply(reply="yes, probably")},
        ["q6"],
        "is 'yes, probably', not one of the options",
        earns={"q6": 2},
    ),
    Submission("q1_test_cell_commented_out", {"q1": "# q1.check()  later\n"}),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
