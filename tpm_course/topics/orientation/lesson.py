"""Self-checks of lesson 00, orientation (a lesson keeps its answers here)."""

from tpm_course.core import ChoiceQuestion, Misconception, ValueQuestion
from tpm_course.topics.orientation.statements import KINDS

NOTEBOOK = "lesson00_orientation"
ROUTE_TARGET = "05_specs"


def _route_hours(**slip) -> float:
    """Hours of the route to ``ROUTE_TARGET``, read from the course manifest (with a slip's switches)."""
    from tpm_course.topics.orientation.course_map import course_modules, route

    return route(course_modules(), ROUTE_TARGET, **slip)["hours"]


s1 = ChoiceQuestion(
    "s1",
    NOTEBOOK,
    "courier_app_label",
    options=list(KINDS),
    expected="assumption",
    misconceptions=[
        Misconception(
            "assumption labelled a fact",
            "Has anyone checked it? The statement is written firmly, but no source fixes it: a constraint "
            "needs one (a contract, a law, a signed-off budget, a date).",
            lambda expected, **_: "constraint",
        ),
        Misconception(
            "assumption labelled a requirement",
            "It does not say what the product must do: it says what someone believes about the couriers' app.",
            lambda expected, **_: "requirement",
        ),
    ],
    hints=[
        "Is it a result, a behaviour, a fixed limit with a source, an unchecked belief, an event, or a design?",
        "Nobody has tried the couriers' app yet.",
    ],
    solution="courier_app_label = 'assumption'  # believed, not checked: verify it before the plan rests on it",
)

s2 = ChoiceQuestion(
    "s2",
    NOTEBOOK,
    "text_message_label",
    options=list(KINDS),
    expected="solution",
    misconceptions=[
        Misconception(
            "solution stated as a requirement",
            "It names a channel (a text message): that is a design. The requirement is the need behind it, "
            "such as 'a subscriber learns the box has left, within an hour'.",
            lambda expected, **_: "requirement",
        ),
        Misconception(
            "solution labelled a goal",
            "A goal is a business result with a measure. This says how to tell the subscriber something.",
            lambda expected, **_: "goal",
        ),
    ],
    hints=["Does it say what is needed, or how to build it?", "A named channel or technology is a design."],
    solution="text_message_label = 'solution'  # a design; ask for the need: 'the subscriber knows when the box left'",
)


class RouteHoursQuestion(ValueQuestion):
    """The hours of a route read from the manifest when the check runs (the manifest may change)."""

    @property
    def expected(self) -> float:
        return _route_hours()

    @expected.setter
    def expected(self, value) -> None:  # ValueQuestion sets it; the manifest decides it
        pass


s3 = RouteHoursQuestion(
    "s3",
    NOTEBOOK,
    "hours_to_specs",
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "direct prerequisites only",
            "Your route stops at the module's own prerequisites: follow theirs back too.",
            lambda expected, **_: _route_hours(transitive=False),
        ),
        Misconception(
            "lessons only",
            "You counted the lessons only: `minutes` is [lesson, exercise], add both.",
            lambda expected, **_: _route_hours(exercise=False),
        ),
        Misconception(
            "minutes, not hours",
            "That is the route in minutes: divide by 60.",
            lambda expected, **_: _route_hours(in_hours=False),
        ),
    ],
    hints=[
        f"`route(modules, {ROUTE_TARGET!r})` gives the modules and the hours.",
        "Or by hand from the table: the module, its prerequisites and theirs; lesson + exercise minutes, / 60.",
    ],
    solution=f"hours_to_specs = route(modules, {ROUTE_TARGET!r})['hours']",
)
