"""Self-checks of lesson 05, from a business ask to a technical spec (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception

from ..specs import ears, grading, nfr
from ..specs.ears import PATTERNS
from ..specs.questions import TextMisconception, TextQuestion
from ..specs.smells import lint

NOTEBOOK = "lesson05_specs"
PEAK_EVENTS_PER_SECOND = 400  # the busiest minute of the lesson's largest customer

s1 = TextQuestion(
    "s1",
    NOTEBOOK,
    "siem_requirement",
    items=None,
    review=lambda item, text: grading.review_requirement(text),
    grade=lambda item, text, key: grading.grade_requirement(text, key),
    expected={
        "pattern": ["event-driven", "complex"],
        "why": "each delivery starts when an administrator changes a permission: a trigger, When",
        "concepts": [["audit"], ["siem", "endpoint"], ["second", "minute"]],
    },
    text_misconceptions=[
        TextMisconception(
            "kept 'real time'",
            "'Real time' survived the rewrite. Say how late an event may arrive: a number of seconds.",
            lambda item, text, key: any(f.smell == "ambiguous" for f in lint(text)),
        ),
        TextMisconception(
            "trigger after shall",
            "The trigger sits after 'shall'. EARS puts it first, 'When <trigger>, the <system> shall …', "
            "so the reader knows when the requirement applies before reading what it asks.",
            lambda item, text, key: "after 'shall'" in ears.classify(text).reason,
        ),
    ],
    hints=[
        "What starts the behaviour? An administrator changing a permission: that is a trigger.",
        "When an administrator changes a permission, the export service shall deliver the audit event to the "
        "customer's SIEM endpoint within … seconds.",
    ],
    solution=(
        'siem_requirement = ("When an administrator changes a permission, the export service shall deliver the "\n'
        '                    "audit event to the SIEM endpoint of the workspace within 60 seconds.")'
    ),
)

s2 = ChoiceQuestion(
    "s2",
    NOTEBOOK,
    "compliance_digest_pattern",
    options=list(PATTERNS),
    expected="optional feature",
    misconceptions=[
        Misconception(
            "a plan is a state",
            "A plan is something a customer has or has not bought, not a state the system passes through: "
            "EARS writes features that only some customers have with 'Where'.",
            lambda expected, **_: "state-driven",
        ),
        Misconception(
            "everyone gets it",
            "Ubiquitous requirements hold for every customer; the digest is only for the Compliance plan.",
            lambda expected, **_: "ubiquitous",
        ),
        Misconception(
            "the schedule is the trigger",
            "The daily schedule is part of the response ('shall send a digest each day at 07:00'); what "
            "decides whether the requirement applies at all is the plan.",
            lambda expected, **_: "event-driven",
        ),
    ],
    hints=[
        "Does every customer get the digest, or only some? What decides it?",
        "Features that some installations or plans include open with 'Where'.",
    ],
    solution='compliance_digest_pattern = "optional feature"\n'
    "# Where the workspace is on the Compliance plan, the export service shall email the audit digest "
    "each day at 07:00.",
)


def _review_nfr(item, text):
    return grading.review_nfr(text)


s3 = TextQuestion(
    "s3",
    NOTEBOOK,
    "delivery_nfr",
    items=None,
    review=_review_nfr,
    grade=lambda item, text, key: grading.grade_nfr(text, key),
    expected={
        "kind": "time",
        "bound": (None, 120),
        "min_load_per_second": PEAK_EVENTS_PER_SECOND,
        "load_why": "the busiest minute of the largest customer has 400 events per second",
        "bound_why": "security teams asked for events within 2 minutes",
    },
    text_misconceptions=[
        TextMisconception(
            "mean delivery time",
            "An average delivery time hides the slow deliveries (the retries in the chart above): bound the p99.",
            lambda item, text, key: nfr.parse(text).statistic == "mean",
        ),
        TextMisconception(
            "average load",
            "The load should be the peak of 400 events per second, not an average.",
            lambda item, text, key: (nfr.parse(text).load_per_second or 1e9) < PEAK_EVENTS_PER_SECOND,
        ),
    ],
    hints=[
        "Metric: the delivery time from recording an event to its acceptance by the SIEM. Statistic: a "
        "percentile. Bound: the security teams' 2 minutes at most. Load: the peak.",
        "The p99 delivery time … shall be at most … s at … events per second.",
    ],
    solution='delivery_nfr = ("The p99 delivery time from recording an audit event to its acceptance by the SIEM "\n'
    '                "shall be at most 60 s at 400 events per second.")',
)

THENS = [
    "Then the export works",
    "Then the event reaches the SIEM quickly",
    "Then the SIEM endpoint receives the event with the actor's email address within 60 seconds",
    "Then the customer is satisfied with the export",
]

s4 = ChoiceQuestion(
    "s4",
    NOTEBOOK,
    "measurable_then",
    options=THENS,
    expected=THENS[2],
    misconceptions=[
        Misconception(
            "restates the requirement",
            "'The export works' restates the requirement: what would a tester look at to decide?",
            lambda expected, **_: THENS[0],
        ),
        Misconception(
            "vague outcome",
            "'Quickly' is the vague word the criterion should remove: by when?",
            lambda expected, **_: THENS[1],
        ),
        Misconception(
            "a feeling, not an observation",
            "Satisfaction is an outcome for a survey, not for an acceptance test: nobody can check it "
            "when the scenario runs.",
            lambda expected, **_: THENS[3],
        ),
    ],
    hints=["Which Then could a tester check with a stopwatch and the SIEM's event list?"],
    solution="measurable_then = THENS[2]",
)
