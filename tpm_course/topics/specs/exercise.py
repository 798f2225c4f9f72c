"""Checks for exercise 05, from a sales ask to a technical spec (answer keys live in the hidden tests)."""

from tpm_course.core.partial import Parts
from tpm_course.core.text import normalise

from ..specs import ears, gherkin, grading, nfr, plan
from ..specs.document import SECTION_ORDER
from ..specs.questions import SpecQuestion, TextMisconception, TextQuestion
from ..specs.smells import lint, solution_terms

NOTEBOOK = "05_specs"

# -- Q1: EARS rewrites ------------------------------------------------------------------------

REWRITES = ("R1", "R2", "R3")

q1 = TextQuestion(
    "q1",
    NOTEBOOK,
    "ears_rewrites",
    parts=Parts(3, noun="requirement"),
    items=REWRITES,
    review=lambda item, text: grading.review_requirement(text),
    grade=lambda item, text, key: grading.grade_requirement(text, key),
    text_misconceptions=[
        TextMisconception(
            "names the solution",
            "A rewrite names a solution (a product or a mechanism) instead of the need. That settles the design "
            "before engineering has seen the problem, and hides what must be true: state the need and let the "
            "design choose the mechanism.",
            lambda item, text, key: solution_terms(text),
        ),
        TextMisconception(
            "kept the vague word",
            "A rewrite keeps a vague word of the original. EARS gives the sentence its shape, but the vague word "
            "must still be replaced with something a tester can check (a number, a message, a state).",
            lambda item, text, key: [f for f in lint(text) if f.smell in ("ambiguous", "subjective", "loophole")],
        ),
        TextMisconception(
            "the user as the subject",
            "'The user shall …' makes a person responsible for the behaviour. EARS names the system that responds: "
            "'the sign-in service shall let the member …'.",
            lambda item, text, key: "the subject is" in ears.classify(text).reason,
        ),
        TextMisconception(
            "pattern not matched to the need",
            "The EARS pattern follows what starts the behaviour: a trigger (When), a state that lasts (While), an "
            "optional feature (Where) or an unwanted event (If … then). One rewrite uses the wrong one.",
            lambda item, text, key: (
                key.get("pattern")
                and ears.classify(text).pattern
                not in (None, *([key["pattern"]] if isinstance(key["pattern"], str) else key["pattern"]))
            ),
        ),
    ],
    hints=[
        "For each item, first ask what starts the behaviour: an event, a lasting state or a failure? That picks "
        "When, While or If … then.",
        "Name the system ('the sign-in service shall …'), replace every vague word with something checkable, and "
        "keep the subject of the original (who signs in, which provider, what is refused).",
    ],
)

# -- Q2: acceptance criteria --------------------------------------------------------------------

STORIES = {
    "first_sign_in": "As a Northwind employee, I want to sign in to Tallyboard with my Northwind account, "
    "so that I have one password less to remember.",
    "leaver": "As Northwind's IT administrator, I want an employee who leaves to lose access to Tallyboard within "
    "15 minutes, so that former staff cannot read our plans.",
}


def _problems_with(marker):
    return lambda item, text, key: any(marker in p for p in gherkin.review(text, STORIES.get(item)))


q2 = TextQuestion(
    "q2",
    NOTEBOOK,
    "acceptance_criteria",
    parts=Parts(3, noun="story"),
    items=tuple(STORIES),
    review=lambda item, text: grading.review_criteria(text, STORIES[item]),
    grade=lambda item, text, key: grading.grade_criteria(text, key),
    text_misconceptions=[
        TextMisconception(
            "restates the requirement",
            "An acceptance criterion that restates the requirement ('Then the employee loses access', 'Then SSO "
            "works') tests nothing new: its Then must say what an observer sees happen (a page, a message, a "
            "count).",
            _problems_with("restates the requirement"),
        ),
        TextMisconception(
            "vague outcome",
            "A Then with a vague word ('quickly', 'correctly', 'seamless') cannot pass or fail: write the value "
            "a tester checks.",
            _problems_with("' uses '"),
        ),
        TextMisconception(
            "no starting state",
            "A scenario without a Given does not say the state it starts from, so a tester cannot set it up: "
            "say who exists where before the action.",
            _problems_with("has no Given"),
        ),
    ],
    hints=[
        "Each story needs a Scenario with a Given (the state before), a When (the action) and a Then (what an "
        "observer sees). A `Feature:` line is optional.",
        "Make each Then checkable: a page that is shown, a record that exists, a count, a time limit. "
        "'Then the employee loses access' repeats the story; how would a tester see it?",
    ],
)

# -- Q3: three NFRs quantified ---------------------------------------------------------------

NFRS = ("sign_in_time", "availability", "deprovisioning")

q3 = TextQuestion(
    "q3",
    NOTEBOOK,
    "nfrs",
    parts=Parts(3, noun="NFR"),
    items=NFRS,
    review=lambda item, text: grading.review_nfr(text),
    grade=lambda item, text, key: grading.grade_nfr(text, key),
    text_misconceptions=[
        TextMisconception(
            "fast as an average",
            "'Fast' quantified as an average: the mean sign-in time can look fine while one sign-in in twenty "
            "is slow. Bound a percentile (p95 or p99) instead.",
            lambda item, text, key: nfr.parse(text).statistic == "mean",
        ),
        TextMisconception(
            "the average load",
            "The load is below the peak (the weekday average, or another smaller figure). Sign-in capacity is "
            "tested at the busiest minute the brief gives, when everyone arrives at once.",
            lambda item, text, key: (
                key.get("min_load_per_second")
                and nfr.parse(text).load_per_second is not None
                and nfr.parse(text).load_per_second < key["min_load_per_second"]
            ),
        ),
        TextMisconception(
            "always available",
            "100 % (or 'always') is a promise no system keeps, so it cannot be a target: the Enterprise contract "
            "commits to 99.9 % a calendar month.",
            lambda item, text, key: (
                item == "availability"
                and ((nfr.parse(text).bound or 0) >= 100 or any(f.smell == "totality" for f in lint(text)))
            ),
        ),
        TextMisconception(
            "a rolling window",
            "The availability is measured over a rolling window. The Enterprise contract promises 99.9 % per "
            "calendar month, and credits are settled per calendar month: measure it over the same window.",
            lambda item, text, key: item == "availability" and "rolling" in (nfr.parse(text).window or "").lower(),
        ),
        TextMisconception(
            "a request rate for a batch",
            "The deprovisioning load is a rate of requests, such as the identity provider's limit. Item 14 must "
            "hold when Northwind deactivates a batch of up to 500 accounts at once: that batch is the load.",
            lambda item, text, key: item == "deprovisioning" and nfr.parse(text).load_per_second is not None,
        ),
        TextMisconception(
            "stricter than the brief",
            "A number is stricter than the brief's (a higher availability, a shorter time or a bigger load than its "
            "source gives). An NFR is a commitment that is tested: a stricter one promises more than the contract, "
            "the questionnaire or engineering agreed to, and costs work nobody asked for. Take each number from "
            "its source in the brief.",
            lambda item, text, key: any(side == "stricter" for side, _ in grading.off_the_brief(text, key)),
        ),
        TextMisconception(
            "no load",
            "A time bound without the load it holds at cannot be tested: at 1 sign-in per second almost anything "
            "is fast. Say the load.",
            lambda item, text, key: nfr.parse(text).kind == "time" and "load" in nfr.parse(text).missing,
        ),
    ],
    hints=[
        "A time NFR names the metric, a percentile, a bound with its unit and the load: "
        "'The p95 … shall be at most … s at … per second'. Availability needs a percentage and a window.",
        "Take the numbers from the brief: the target engineering committed to, the Monday peak (not the "
        "average), the contract's availability, and the batch size of Northwind's leavers.",
    ],
)

# -- Q4: the one-page spec ---------------------------------------------------------------------


def _review_mentions(marker):
    return lambda item, text, key: any(marker in p for p in grading.review_spec(text))


q4 = SpecQuestion(
    "q4",
    NOTEBOOK,
    "spec_yaml",
    parts=Parts(4, noun="section"),
    sections=SECTION_ORDER,
    accepts=(str, dict),
    review=lambda item, text: grading.review_spec(text),
    grade=lambda item, text, key: grading.grade_spec(text, key),
    text_misconceptions=[
        TextMisconception(
            "no non-goals",
            "The spec has no non-goals. Without them every stakeholder reads their own wish into the scope, "
            "and the release date slips: say what this release will not do.",
            lambda item, text, key: _review_mentions("non_goals")(item, text, key),
        ),
        TextMisconception(
            "dependency without a risk",
            "A dependency has no risk entry. Every dependency is a way for the date to slip: write what happens "
            "if it is late, and who mitigates it.",
            _review_mentions("has no risk entry"),
        ),
        TextMisconception(
            "in scope and a non-goal",
            "One line is both in scope and a non-goal. Engineering builds one reading, the customer hears the "
            "other: decide whether this release does it, and check the date the plan gives it.",
            _review_mentions("contradicts itself"),
        ),
        TextMisconception(
            "scope against the plan",
            "The scope or the rollout contradicts the plan the brief's dates allow. A part the team delivers after "
            "the release date (SCIM, ready 28 July) is neither in this release's scope nor in an earlier rollout "
            "step, and the part that makes the date possible (the 15-minute session checks, ready 30 June) is in "
            "scope, not a non-goal.",
            lambda item, text, key: bool(plan.plan_conflicts(text, key)),
        ),
        TextMisconception(
            "NFR without a matching test",
            "An NFR has no acceptance criterion that tests its number. A bound nobody tests is a wish: add a "
            "scenario whose Then checks that value.",
            lambda item, text, key: (
                _review_mentions("no acceptance criterion verifies NFR")(item, text, key)
                or _review_mentions("never test its bound")(item, text, key)
            ),
        ),
    ],
    hints=[
        "Start from the template in the statement and reuse your answers to Q1 to Q3: they are most of the spec.",
        "Run `review_spec(spec_yaml)` to see the problems section by section; every id in `verifies` and "
        "`dependency` must exist.",
    ],
)

# -- Q5: the decision, told to two audiences ------------------------------------------------------

DECISIONS = [
    "ship SSO without deprovisioning on 30 June",
    "ship SSO with SCIM deprovisioning on 28 July",
    "ship SSO with 15-minute session checks on 30 June",
]
MESSAGES = ("to_engineering", "to_executive")


# What tells the three plans apart when a learner writes one in their own words.
_MARKS = (("without",), ("scim", "28 july", "july 28"), ("session check", "15-minute check", "15 minute check"))


def _option(text) -> str:
    """The plan a decision names: one of DECISIONS as written (case, spacing, curly quotes and a closing
    full stop do not matter), or in other words that name exactly one plan; else the text as written."""
    written = normalise(str(text).replace("\u2019", "'")).rstrip(". ")
    for decision in DECISIONS:
        if written == normalise(decision):
            return normalise(decision)
    named = [d for d, marks in zip(DECISIONS, _MARKS, strict=True) if any(m in written for m in marks)]
    return normalise(named[0]) if len(named) == 1 else written


def _review_announcement(item, text):
    if item == "decision":
        if not any(_option(text) == _option(d) for d in DECISIONS):
            return [
                f"{text!r} names none of the three plans, or more than one: copy one of "
                + "; ".join(repr(d) for d in DECISIONS)
            ]
        return []
    if item == "to_engineering":
        return grading.review_message(text, "engineering lead", technical=True)
    return grading.review_message(text, "CEO", plain_language=True, max_words=120)


def _grade_announcement(item, text, key):
    if item == "decision":
        return (
            []
            if _option(text) == _option(key.get("expected", text))
            else ["that is not the option the brief's numbers support"]
        )
    return grading._lost(grading.concepts_missing(text, key.get("concepts", [])), "the message")


def _decision_is(option):
    return lambda item, text, key: item == "decision" and _option(text) == _option(option)


def _message_problem(marker):
    return lambda item, text, key: item in MESSAGES and any(marker in p for p in _review_announcement(item, text))


q5 = TextQuestion(
    "q5",
    NOTEBOOK,
    "announcement",
    items=("decision", *MESSAGES),
    review=_review_announcement,
    grade=_grade_announcement,
    text_misconceptions=[
        TextMisconception(
            "security requirement dropped",
            "Shipping without deprovisioning fails Northwind's security questionnaire (leavers lose access within "
            "15 minutes), so the deal does not close on 15 July either.",
            _decision_is(DECISIONS[0]),
        ),
        TextMisconception(
            "waiting for the complete solution",
            "SCIM on 28 July is the complete solution, but it lands after Northwind's 15 July signing date: the "
            "deal is lost while the team builds the ideal version.",
            _decision_is(DECISIONS[1]),
        ),
        TextMisconception(
            "decision buried",
            "The decision is buried under the background. Busy readers stop after the first sentence: lead with "
            "the decision, then the impact, then the ask.",
            _message_problem("does not state the decision"),
        ),
        TextMisconception(
            "no ask",
            "A decision message that asks for nothing leaves the reader wondering why they got it: end with what "
            "you need from them and by when.",
            _message_problem("asks for nothing"),
        ),
        TextMisconception(
            "engineering words to an executive",
            "The message to the CEO is written for an engineer: percentiles, protocols and milliseconds mean "
            "nothing to them; say what the decision means for the deal and the date.",
            _message_problem("should not need a glossary"),
        ),
    ],
    hints=[
        "Check each option against three numbers of the brief: the 15-minute security requirement, the 15 July "
        "signing date and the identity provider's limit of 600 requests per minute.",
        "Each message: sentence 1 is the decision; then what it changes for this reader; then your ask with a "
        "date. The CEO gets no jargon; the engineering lead gets the figures.",
    ],
)


def review_spec(spec_yaml):
    """The spec's problems, section by section (a table in the notebook)."""
    from ..specs.document import SpecError, review

    if spec_yaml is ... or spec_yaml is None:
        print("Write your spec in `spec_yaml` first; this cell then shows its review, section by section.")
        return None
    try:
        return review(spec_yaml)
    except SpecError as error:
        print(error)
        return None
