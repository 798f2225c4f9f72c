"""Checks for exercise 00, orientation (answer keys live in the hidden tests, except q1's warm-up)."""

from tpm_course.core import ChoiceQuestion, FunctionQuestion, Misconception, Parts
from tpm_course.topics.orientation.questions import (
    REPLIES,
    AskQuestion,
    LabelsQuestion,
    ReplyQuestion,
    labels_schema,
)
from tpm_course.topics.orientation.statements import KINDS

NOTEBOOK = "00_orientation"
BRIEF_IDS = [f"A{i}" for i in range(1, 13)]
SECOND_BRIEF_IDS = [f"B{i}" for i in range(1, 9)]


def _wrong_kind(expected, right: str, given) -> dict:
    """The labels a learner holding a confusion gives: ``given`` (a kind, or a tuple of kinds) wherever the key says ``right``."""
    return {sid: given for sid, kind in expected.items() if kind == right}


# -- Q1: the warm-up, whose key is visible so that the check flow shows ---------------------------

q1 = ChoiceQuestion(
    "q1",
    NOTEBOOK,
    "first_label",
    options=list(KINDS),
    expected="constraint",
    kind="label",
    misconceptions=[
        Misconception(
            "deadline treated as a goal",
            "A date is a deadline: a fixed limit the work has to fit. A goal is the business result the work "
            "is for, with its measure. Which kind is a fixed limit?",
            lambda expected, **_: "goal",
        ),
        Misconception(
            "deadline treated as a requirement",
            "A requirement is something the product does, or how well. A launch date is not behaviour of the "
            "product: it limits the plan.",
            lambda expected, **_: "requirement",
        ),
    ],
    hints=[
        "Ask: could the team change it by working differently? A date the business has fixed cannot be.",
        "Read the definitions table again: which kind is 'a fixed limit the team cannot change'?",
    ],
)

# -- Q2 and Q3: two briefs, labelled --------------------------------------------------------------

CONFUSIONS = [
    Misconception(
        "solution stated as a requirement",
        "A statement you labelled `requirement` prescribes a design: how to build it (a technology, a "
        "notification channel, a database). A requirement says what is needed, free of a design; a design "
        "written into a brief is a `solution`, and the TPM asks for the need behind it.",
        lambda expected, **_: _wrong_kind(expected, "solution", "requirement"),
    ),
    Misconception(
        "assumption labelled a fact",
        "A statement you labelled as given (a `constraint` or a `requirement`) is something nobody has checked, "
        "however firmly the brief writes it. A constraint has a source that fixes it (a contract, a law, a "
        "signed-off budget, a date); a belief the plan relies on is an `assumption` until someone verifies it.",
        lambda expected, **_: _wrong_kind(expected, "assumption", ("constraint", "requirement")),
    ),
    Misconception(
        "deadline treated as a goal",
        "A date you labelled `goal` is a deadline: a fixed limit the work has to fit, not the business result "
        "the work is for.",
        lambda expected, deadlines, **_: dict.fromkeys(deadlines, "goal"),
    ),
    Misconception(
        "risk labelled an assumption",
        "A statement you labelled `assumption` describes an event that may or may not happen and would hurt "
        "if it did ('may', 'if'): that is a `risk`. An assumption is believed true now, and unchecked.",
        lambda expected, **_: _wrong_kind(expected, "risk", "assumption"),
    ),
    Misconception(
        "goal read as a requirement",
        "A statement you labelled `requirement` names a business result with its measure (raise, cut, halve a "
        "number): that is a `goal`. A requirement is what the product does for its user, or how well.",
        lambda expected, **_: _wrong_kind(expected, "goal", "requirement"),
    ),
    Misconception(
        "requirement read as a goal",
        "A statement you labelled `goal` says what the product does, or how well (ready within 2 hours, within "
        "10 minutes): that is a `requirement`, even with a number in it. A goal is the business result the "
        "product is for.",
        lambda expected, **_: _wrong_kind(expected, "requirement", "goal"),
    ),
    Misconception(
        "fixed fact labelled an assumption",
        "A statement you labelled `assumption` has a source that fixes it (a contract, an agreement, a signed-off "
        "budget, a date the business set): nobody needs to check it, so it is a `constraint`. An assumption has "
        "no such source.",
        lambda expected, **_: _wrong_kind(expected, "constraint", "assumption"),
    ),
    Misconception(
        "budget labelled a goal",
        "A statement you labelled `goal` is a limit the work must fit (a budget someone signed off, a contract): a "
        "`constraint`. A goal is the result the work is for, not what it may spend.",
        lambda expected, deadlines=(), **_: {
            sid: "goal" for sid, kind in expected.items() if kind == "constraint" and sid not in deadlines
        },
    ),
    Misconception(
        "risk labelled a constraint",
        "A statement you labelled `constraint` is an event that may happen ('may', 'if'), not a fixed limit: that "
        "is a `risk`. A constraint is certain and has a source that fixes it.",
        lambda expected, **_: _wrong_kind(expected, "risk", "constraint"),
    ),
    Misconception(
        "fixed limit labelled a requirement",
        "A statement you labelled `requirement` is imposed from outside the product (an agreement, a law, a "
        "contract: where data must stay, a date): a `constraint`. A requirement is behaviour the product offers "
        "its users.",
        lambda expected, **_: _wrong_kind(expected, "constraint", "requirement"),
    ),
]

LABEL_HINTS = [
    "Take the statements one at a time and ask: is it a result (goal), a behaviour (requirement), a fixed "
    "limit with a source (constraint), an unchecked belief (assumption), a possible event (risk), or a design "
    "(solution)?",
    "Words that help: 'raise', 'cut' with a measure → goal; 'can', 'within' → requirement; 'contract', "
    "'signed off', 'must be live by' → constraint; 'will', 'we think' with no check → assumption; 'may', "
    "'if' → risk; a named technology or channel → solution.",
]

q2 = LabelsQuestion(
    "q2",
    NOTEBOOK,
    "brief_labels",
    schema=labels_schema(BRIEF_IDS),
    parts=Parts(3, noun="statement"),  # 0.25 point a statement
    misconceptions=CONFUSIONS,
    hints=LABEL_HINTS,
)

q3 = LabelsQuestion(
    "q3",
    NOTEBOOK,
    "second_brief_labels",
    schema=labels_schema(SECOND_BRIEF_IDS),
    parts=Parts(2, noun="statement"),  # 0.25 point a statement
    misconceptions=CONFUSIONS,
    hints=LABEL_HINTS,
)

# -- Q4: the questions engineering will ask --------------------------------------------------------

ASK_SCHEMA = {
    "type": "object",
    "required": ["scale", "latency", "data", "security", "cost", "deadline"],
    "properties": {d: {"type": "string"} for d in ("scale", "latency", "data", "security", "cost", "deadline")},
}

q4 = AskQuestion(
    "q4",
    NOTEBOOK,
    "asks",
    schema=ASK_SCHEMA,
    parts=Parts(3, noun="dimension"),  # 0.5 point a dimension
    misconceptions=[
        Misconception(
            "answer assumed",
            "You wrote an answer where a question belongs: that answer is an assumption written as a fact. "
            "Ask, and end with a question mark.",
            lambda expected, **_: None,
        ),
        Misconception(
            "solution proposed",
            "A question that proposes a technology is a solution stated as a requirement. Ask what is "
            "needed first (how many, how fresh, who may see it); engineering chooses the design.",
            lambda expected, **_: None,
        ),
        Misconception(
            "one question pasted",
            "One question pasted into several slots counts once: each dimension needs a question of its own.",
            lambda expected, **_: None,
        ),
    ],
    hints=[
        "One question per dimension, each ending with '?', each using a word from its row of the table.",
        "Ask about the need, not the design: 'How fresh must the stock count be, in minutes?' rather than "
        "'Should we use WebSockets?'.",
    ],
)

# -- Q5: find your way through the course ---------------------------------------------------------


def _route(modules, target, **slip):
    from tpm_course.topics.orientation.course_map import route

    return route(modules, target, **slip)


def _repeated(found: dict):
    """A route that lists some module twice, else None (the slip shows only where paths share a module)."""
    return found if len(set(found["modules"])) < len(found["modules"]) else None


EXAMPLE_MODULES = [
    {"stem": "01_basics", "minutes": [40, 50], "prerequisites": []},
    {"stem": "02_tools", "minutes": [30, 30], "prerequisites": ["01_basics"]},
    {"stem": "03_practice", "minutes": [20, 40], "prerequisites": ["02_tools"]},
    {"stem": "04_extra", "minutes": [30, 30], "prerequisites": ["01_basics"]},
]

q5 = FunctionQuestion(
    "q5",
    NOTEBOOK,
    "route",
    rel_tol=0.001,
    cases=[
        (
            {"modules": EXAMPLE_MODULES, "target": "03_practice"},
            {"modules": ["01_basics", "02_tools", "03_practice"], "hours": 3.5},
        )
    ],
    misconceptions=[
        Misconception(
            "direct prerequisites only",
            "Your route stops at the target's own prerequisites. Those modules have prerequisites too: follow "
            "them back until a module needs nothing.",
            lambda expected, modules, target, **_: _route(modules, target, transitive=False),
        ),
        Misconception(
            "target left out",
            "Your route leaves out the module itself: it is the last one to take, and its minutes count.",
            lambda expected, modules, target, **_: _route(modules, target, include_target=False),
        ),
        Misconception(
            "lessons only",
            "Your hours count the lessons only. `minutes` holds [lesson, exercise]: add both.",
            lambda expected, modules, target, **_: _route(modules, target, exercise=False),
        ),
        Misconception(
            "minutes, not hours",
            "Your `hours` is 60 times too large: the manifest counts minutes.",
            lambda expected, modules, target, **_: _route(modules, target, in_hours=False),
        ),
        Misconception(
            "whole hours",
            "Your `hours` is a whole number where the minutes do not make whole hours: `// 60` drops the "
            "minutes left over. Divide with `/ 60`.",
            lambda expected, modules, target, **_: _route(modules, target, whole_hours=True),
        ),
        Misconception(
            "sorted by name",
            "Your route lists the modules sorted by name. Keep the order `modules` lists them in (the course's "
            "order): stems need not sort that way.",
            lambda expected, modules, target, **_: _route(modules, target, order="name"),
        ),
        Misconception(
            "topological order, not the course's order",
            "Your route lists the modules in a topological order (each after its prerequisites), not the course's "
            "order: several orders satisfy the prerequisites, and the route keeps the one `modules` lists.",
            lambda expected, modules, target, **_: _route(modules, target, order="topological"),
        ),
        Misconception(
            "shared prerequisite counted twice",
            "Your route lists a module twice: two modules on the route share a prerequisite, and it was added "
            "once for each. Collect the stems in a set (or skip those already seen), then count each once.",
            lambda expected, modules, target, **_: _repeated(_route(modules, target, order="repeats")),
        ),
    ],
    hints=[
        "Start from the target, add its prerequisites, then theirs, until nothing new appears; keep the "
        "modules in the order `modules` lists them.",
        "`networkx.ancestors(graph, target)` gives every module before the target, with an edge from each "
        "prerequisite to the module needing it. Hours = sum of lesson + exercise minutes / 60.",
    ],
)

# -- Q6: the reply to the Head of Stores ----------------------------------------------------------

REPLY_SCHEMA = {
    "type": "object",
    "required": ["reply", "assumptions_to_verify", "risks_to_raise", "reason"],
    "properties": {
        "reply": {"enum": list(REPLIES)},
        "assumptions_to_verify": {"type": "array", "items": {"enum": BRIEF_IDS}, "uniqueItems": True},
        "risks_to_raise": {"type": "array", "items": {"enum": BRIEF_IDS}, "uniqueItems": True},
        "reason": {"type": "string", "minLength": 20},
    },
}

q6 = ReplyQuestion(
    "q6",
    NOTEBOOK,
    "reply",
    schema=REPLY_SCHEMA,
    labels_name="brief_labels",
    list_fields=["assumptions_to_verify", "risks_to_raise"],
    parts=Parts(3, each={"reply": 1, "assumptions_to_verify": 0.5, "risks_to_raise": 0.5, "reason": 1}, noun="field"),
    misconceptions=[
        Misconception(
            "committed with assumptions open",
            "You committed although the date rests on assumptions nobody has checked yet. Dana's rule "
            "commits outright only when nothing is left to verify.",
            lambda expected, **_: None if expected["reply"] == "commit" else {"reply": "commit"},
        ),
        Misconception(
            "declined though the checks fit",
            "You declined although the open assumptions can each be checked before the go/no-go: count them "
            "against the weeks left, one check a week.",
            lambda expected, **_: (
                {"reply": "do not commit yet"} if expected["reply"] == "commit with conditions" else None
            ),
        ),
        Misconception(
            "assumptions and risks swapped",
            "Your `assumptions_to_verify` lists the events that may happen (your risks). The assumptions to "
            "verify are the beliefs you labelled `assumption` in Q2.",
            lambda expected, **_: (
                {"assumptions_to_verify": expected["risks_to_raise"]}
                if expected["risks_to_raise"] != expected["assumptions_to_verify"]
                else None
            ),
        ),
    ],
    hints=[
        "Take the ids you labelled `assumption` and `risk` in `brief_labels`: those are your two lists.",
        "Count the assumptions against the 3 weeks before the go/no-go (one check a week) and apply Dana's "
        "rule; quote that count, the checks or the weeks in `reason` (the date is not one of them).",
    ],
)

__all__ = ["BRIEF_IDS", "KINDS", "REPLIES", "SECOND_BRIEF_IDS", "q1", "q2", "q3", "q4", "q5", "q6"]
