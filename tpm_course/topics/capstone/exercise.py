"""Checks for exercise 14, the capstone design brief (answer keys live in the hidden tests)."""

from tpm_course.core import DocumentQuestion, Misconception, Parts, ValueQuestion

from .question import BriefQuestion
from .rules import RULES
from .scenario import AI_BUDGET_USD, SECTIONS
from .schema import BRIEF_SCHEMA

NOTEBOOK = "14_capstone"

# -- Q1 the busiest hour ---------------------------------------------------------------------------

q1 = DocumentQuestion(
    "q1",
    NOTEBOOK,
    "traffic_peak",
    parts=Parts(2, noun="field"),  # 1 point for each field
    schema={
        "type": "object",
        "required": ["peak_rps", "peak_factor"],
        "properties": {"peak_rps": {"type": "number"}, "peak_factor": {"type": "number"}},
    },
    misconceptions=[
        Misconception(
            "regions' peaks added",
            "You added each region's busiest hour. The EU and the US peak at different hours of the day, so the "
            "fleet never sees both at once: add the regions hour by hour first, then take the busiest hour.",
            lambda expected, regional_peaks_rps, **_: {"peak_rps": regional_peaks_rps},
        ),
        Misconception(
            "the average hour",
            "That is the average rate over the four weeks. Capacity is sized for the busiest hour.",
            lambda expected, mean_rps, **_: {"peak_rps": mean_rps},
        ),
        Misconception(
            "requests an hour",
            "That is the busiest hour's count of requests. The fleet is sized in requests per second: divide "
            "the hour by its 3,600 seconds.",
            lambda expected, **_: {"peak_rps": expected["peak_rps"] * 3_600},
        ),
    ],
    hints=[
        "Sum both regions for each hour (`groupby('hour_utc')`), then take the busiest hour and the mean hour.",
        "Requests per second = requests in the hour / 3,600; the peak factor is busiest / mean.",
    ],
)

# -- Q2 what the prototype's assistant would cost ---------------------------------------------------

q2 = ValueQuestion(
    "q2",
    NOTEBOOK,
    "prototype_cost_usd",
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "cache ignored",
            "You priced the whole prompt at the input price. The instructions repeated on every question are "
            "cached, and cached tokens have their own, lower price on the sheet.",
            lambda expected, uncached, **_: uncached,
        ),
        Misconception(
            "cached tokens counted twice",
            "You priced the whole prompt at the input price and its cached tokens again at the cached price. "
            "The cached tokens are part of the prompt: only the rest of it pays the input price.",
            lambda expected, cached_twice, **_: cached_twice,
        ),
        Misconception(
            "output at the input price",
            "You priced the output tokens at the input price. Output tokens cost several times more: use the "
            "sheet's output column.",
            lambda expected, output_as_input, **_: output_as_input,
        ),
        Misconception(
            "one question",
            "That is the cost of one question. Finance's budget is a month: multiply by the month's questions.",
            lambda expected, questions, **_: expected / questions,
        ),
    ],
    hints=[
        "Take the prototype model's standard row of `price_sheet`; module 12's `request_cost` does one question.",
        "Uncached prompt = prompt − cached tokens; then × the month's questions.",
    ],
)

# -- Q3 the design brief -----------------------------------------------------------------------------

q3 = BriefQuestion(
    "q3",
    NOTEBOOK,
    "design_brief",
    schema=BRIEF_SCHEMA,
    rules=RULES,
    parts=Parts(14, each=dict.fromkeys(SECTIONS, 2), noun="section"),  # 2 points for each section
    hints=[
        "Write the capacity section first: every other section reads its design peak.",
        "Run `review_brief(design_brief)`: it runs the consistency rules on your own numbers, section by section.",
    ],
)

# -- Q4 the launch decision ----------------------------------------------------------------------------

DECISIONS = [
    "launch tracking and the assistant on the prototype's model",
    "launch tracking and the assistant on the model of my brief",
    "launch tracking now and hold the assistant",
]


class LaunchQuestion(DocumentQuestion):
    """Q4, judged on the learner's own brief: when even the brief's model costs more a month than finance's
    cap, holding the assistant is what those numbers support, and launching it on that model is not."""

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context):
        cost = brief_cost(namespace)
        fits = cost is None or cost <= AI_BUDGET_USD
        if expected and not fits and expected.get("decision") == DECISIONS[1]:
            expected = {**expected, "decision": DECISIONS[2]}
        return super().check_key(namespace, expected, figures, brief_fits=fits, **context)


q4 = LaunchQuestion(
    "q4",
    NOTEBOOK,
    "launch_decision",
    parts=Parts(3, each={"decision": 2, "reason": 1}, noun="field"),
    context={"brief_fits": True},  # the check says whether the learner's own brief fits finance's cap
    schema={
        "type": "object",
        "required": ["decision", "reason"],
        "properties": {"decision": {"enum": DECISIONS}, "reason": {"type": "string", "minLength": 20}},
    },
    misconceptions=[
        Misconception(
            "launched over budget",
            "The prototype's model costs more a month than finance's cap for the assistant: launching on it "
            "spends money nobody approved. Launch the assistant only on a model whose month fits the cap.",
            lambda expected, **_: {"decision": DECISIONS[0]},
        ),
        Misconception(
            "held what fits",
            "Holding the assistant gives up the contacts it saves, yet your brief's model answers the same "
            "questions within the budget. Hold only what your numbers cannot carry.",
            lambda expected, brief_fits, **_: {"decision": DECISIONS[2]} if brief_fits else None,
        ),
        Misconception(
            "launched a brief over budget",
            "Your brief's own ai_assistant section costs more a month than finance's cap, so launching on its "
            "model spends money nobody approved too. By your numbers the assistant waits, or Q3 needs a model "
            "that fits.",
            lambda expected, brief_fits, **_: None if brief_fits else {"decision": DECISIONS[1]},
        ),
    ],
    hints=[
        "Compare your Q2 figure with finance's budget, then the cost in your brief's ai_assistant section.",
        "The reason quotes the figure that decides it: a monthly cost or the budget, in dollars.",
    ],
)


def review_brief(design_brief):
    """The consistency rules run on ``design_brief``, section by section, without the answer key."""
    from tpm_course.core.errors import CheckFailed
    from tpm_course.core.question import report

    namespace = {"design_brief": design_brief}
    outcome = q3._outcome(lambda: q3.check_visible(namespace))
    try:
        report(outcome)
    except CheckFailed:
        pass  # the review shows the problems; only the graded check fails a cell


def own_costs(namespace: dict) -> list[float]:
    """The monthly costs the learner's own answers give (Q2's figure, the brief's assistant), for a reason to quote."""
    from .question import is_plain_number

    found = [float(namespace["prototype_cost_usd"])] if is_plain_number(namespace.get("prototype_cost_usd")) else []
    cost = brief_cost(namespace)
    return found if cost is None else [*found, cost]


def brief_cost(namespace: dict) -> float | None:
    """The monthly cost the learner's brief gives its assistant; None while the brief does not say it."""
    from tpm_course.core.errors import TpmCourseError

    from .question import is_plain_number

    try:
        cost = q3._read(namespace)["ai_assistant"]["monthly_cost_usd"]
    except (TpmCourseError, LookupError, TypeError):  # an unfinished or broken brief states no cost
        return None
    return float(cost) if is_plain_number(cost) else None
