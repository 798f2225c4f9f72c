"""Does the check machinery name the mistakes a class makes, and grade what a right answer in another form gives?

The blind probe of issue 12 found: a right answer returned as text breaking later questions with
a bare TypeError, a missing branch reported as "not attempted", a second value of a question left
ungraded, a reason that quotes the learner's own (wrong) figure called figureless, money written
as "$14,000" refused, and jsonschema's words for a bound. These tests pin each behaviour in core.
"""

import pytest

from tpm_course.core import DocumentQuestion, FunctionQuestion, Incorrect, Misconception, Status, units
from tpm_course.core.partial import Parts
from tpm_course.core.value import ValuesQuestion, arithmetic_cause, repeated_text


def outcome_of(question, namespace, **key):
    return question._outcome(lambda: question.check_key(namespace, **key) if key else question.check_visible(namespace))


def test_a_right_answer_returned_as_text_passes_and_warns_when_later_questions_compute_with_it():
    warned = FunctionQuestion("q2", "nb", "size", unit="byte", cases=[({"n": 2}, "2 kB")], used_later="Q6 divides it")
    quiet = FunctionQuestion("q2", "nb", "size", unit="byte", cases=[({"n": 2}, "2 kB")])
    as_text = {"size": lambda n: f"{n} kB"}
    shown = outcome_of(warned, as_text, cases=[({"n": 3}, 3000)])
    assert shown.status is Status.CORRECT and "returns text ('2 kB')" in shown.details[0]
    assert "Q6 divides it" in shown.details[0] and "return a number in bytes" in shown.details[0]
    assert "returns text" in outcome_of(warned, as_text).details[-1]  # the visible check says it first
    assert outcome_of(quiet, as_text, cases=[]).details == []
    assert outcome_of(warned, {"size": lambda n: n * 1000}, cases=[]).details == []


def test_a_missing_branch_on_the_example_is_not_taken_for_an_unwritten_body():
    question = FunctionQuestion("q2", "nb", "size", cases=[({"days": 30}, 30)])

    def branch(days):
        if days >= 365:
            return days

    def stub(days):
        """Not written yet."""
        ...

    found = outcome_of(question, {"size": branch})
    assert found.status is Status.INCORRECT and "returns None in every case" in found.title
    assert "`size(days=30)` returned None." in found.details and "ends without a `return`" in found.details[-1]
    assert outcome_of(question, {"size": stub}).status is Status.NOT_ATTEMPTED


def test_one_wrong_case_from_a_function_that_ignores_its_inputs_is_told_so():
    question = FunctionQuestion("q2", "nb", "size", cases=[({"a": 1, "b": 2}, 3)])
    ignores = outcome_of(question, {"size": lambda a, b: 5_256})
    assert any("the same answer whatever its inputs" in d for d in ignores.details), ignores.details
    reads = outcome_of(question, {"size": lambda a, b: a * b})  # wrong, but it reads its inputs
    assert not any("whatever its inputs" in d for d in reads.details)


def test_several_values_earn_their_parts_and_a_misconception_names_the_wrong_one():
    average = Misconception("average", "`rate` is the average.", lambda expected, average, **_: {"rate": average})
    question = ValuesQuestion(
        "q5",
        "nb",
        {"rate": {"unit": "request/second"}, "servers": {"integer": True}},
        parts=Parts(2, noun="value"),
        misconceptions=[average],
    )
    key = {"expected": {"rate": 6_957, "servers": 12}, "average": 2_315}
    assert outcome_of(question, {"rate": "6,957 req/s", "servers": 12}, **key).status is Status.CORRECT
    half = outcome_of(question, {"rate": 2_315, "servers": 12}, **key)
    assert half.status is Status.PARTIAL and half.earned == 1 and "`rate` is the average." in half.details
    fraction = outcome_of(question, {"rate": 6_957, "servers": 11.4}, **key)
    assert fraction.earned == 1 and any("must be a whole number" in d for d in fraction.details)
    unset = outcome_of(question, {"rate": 6_957, "servers": ...}, **key)
    assert unset.earned == 1 and any("Replace the `...` in `servers`" in d for d in unset.details)
    assert outcome_of(question, {"rate": ..., "servers": ...}, **key).status is Status.NOT_ATTEMPTED
    assert outcome_of(question, {"rate": 6_957, "servers": ...}).status is Status.INCORRECT  # visible: not yet


def test_a_reason_may_quote_the_learners_own_upstream_figure():
    schema = {"type": "object", "required": ["add", "reason"]}
    question = DocumentQuestion("q6", "nb", "plan", schema=schema, parts=Parts(2, noun="field"))
    plan = {"add": 2, "reason": "The peak of 6,011 req/s takes 10 servers."}
    key = {"expected": {"add": 4}, "figures": {"reason": [6_957, 12, 4, "peak_rps", "servers_needed", "add"]}}
    own = outcome_of(question, {"plan": plan, "peak_rps": 6_011.2, "servers_needed": 10}, **key)
    assert own.earned == 1 and not any("quotes none" in d for d in own.details)
    other = outcome_of(question, {"plan": plan, "peak_rps": 7_000, "servers_needed": 14}, **key)
    assert other.status is Status.INCORRECT and any("quotes none" in d for d in other.details)


def test_every_misconception_of_independent_fields_is_named_once():
    months = Misconception("year", "A year's cost.", lambda expected, **_: {"cost": expected["cost"] * 12})
    region = Misconception("region", "The other region.", lambda expected, **_: {"region": "south"})
    both = Misconception("both", "Both fields.", lambda expected, **_: {"cost": 1, "region": "east"})
    inner = Misconception("inner", "One of both.", lambda expected, **_: {"cost": 1})
    question = DocumentQuestion(
        "q6", "nb", "plan", schema={"type": "object"}, misconceptions=[months, region, both, inner]
    )
    two = outcome_of(question, {"plan": {"cost": 120, "region": "south"}}, expected={"cost": 10, "region": "north"})
    assert "A year's cost." in two.details and "The other region." in two.details
    one = outcome_of(question, {"plan": {"cost": 1, "region": "east"}}, expected={"cost": 10, "region": "north"})
    assert "Both fields." in one.details and "One of both." not in one.details


@pytest.mark.parametrize("written", ["$14,000", "14000 USD", "US$14,000", "14,000 $", "14 kUSD", 14_000])
def test_money_is_read_with_its_sign_or_code(written):
    assert units.magnitude(written, "USD") == 14_000
    question = DocumentQuestion("q6", "nb", "plan", schema={"type": "object"}, units={"cost": "USD"})
    assert outcome_of(question, {"plan": {"cost": written}}, expected={"cost": 14_000}).status is Status.CORRECT


def test_a_field_in_another_unit_of_the_same_kind_is_converted():
    question = DocumentQuestion("q3", "nb", "plan", schema={"type": "object"}, units={"seconds": "second"})
    assert outcome_of(question, {"plan": {"seconds": "0.4464 min"}}, expected={"seconds": 26.784}).status is (
        Status.CORRECT
    )
    with pytest.raises(units.UnitMismatch, match="a sum of money"):
        units.magnitude("5 TB", "USD")


def test_a_bound_reads_as_a_bound_and_a_huge_value_is_cut():
    schema = {"type": "object", "properties": {"x": {"type": "number", "exclusiveMinimum": 0}, "y": {"type": "number"}}}
    question = DocumentQuestion("q3", "nb", "plan", schema=schema)
    zero = outcome_of(question, {"plan": {"x": 0, "y": 1}}, expected={})
    assert "['x']: 0 is too small: it must be more than 0" in zero.details
    long = outcome_of(question, {"plan": {"x": 1, "y": "43.2 min" * 60}}, expected={})
    assert all(len(d) < 260 for d in long.details) and any("repeated 60 times" in d for d in long.details)


def test_text_repeated_by_arithmetic_and_arithmetic_on_text_or_none_are_explained():
    assert "repeated 3 times" in repeated_text("4 min4 min4 min") and repeated_text("43.2 min") is None
    assert "arithmetic on text" in arithmetic_cause(TypeError("unsupported operand type(s) for /: 'str' and 'float'"))
    assert "arithmetic on None" in arithmetic_cause(
        TypeError("unsupported operand type(s) for /: 'NoneType' and 'int'")
    )
    assert arithmetic_cause(KeyError("x")) is None


@pytest.fixture
def shell():
    """An IPython shell for this test only: the singleton and the last error are cleared after it."""
    import sys

    from IPython.core.interactiveshell import InteractiveShell

    yield InteractiveShell.instance()
    InteractiveShell.clear_instance()
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            delattr(sys, name)


def test_a_cell_that_set_the_placeholder_then_raised_is_an_error_with_its_cause(shell):
    """``plan = {...: ...}`` then code that divides a function's text: the check says so, not "not attempted"."""
    question = DocumentQuestion("q6", "nb", "plan", schema={"type": "object"})
    shell.user_ns.update(question=question, storage=lambda: "5.256 PB")
    shell.run_cell('plan = {"size": ...}\nplan = {"size": storage() / 1e15}')
    with pytest.raises(Incorrect) as failure:
        shell.run_cell("question.check()", silent=True).raise_error()
    outcome = failure.value.outcome
    assert "is still `...`: the cell that defines it raised TypeError" in outcome.title
    assert any("arithmetic on text" in d for d in outcome.details), outcome.details


def test_decimal_and_fraction_answers_are_numbers_wherever_a_number_is_asked():
    """A class writes money as Decimal and ratios as Fraction: the same answers as floats, checked as such."""
    from decimal import Decimal
    from fractions import Fraction

    price = FunctionQuestion("q1", "nb", "price", cases=[({"n": 2}, 200.0)])
    hidden = {"cases": [({"n": 3}, 300.0)]}
    assert outcome_of(price, {"price": lambda n: Decimal(100) * n}, **hidden).status is Status.CORRECT
    assert outcome_of(price, {"price": lambda n: Fraction(100 * n, 1)}, **hidden).status is Status.CORRECT
    assert outcome_of(price, {"price": lambda n: Decimal("199")}, **hidden).status is Status.INCORRECT
    signalling = outcome_of(price, {"price": lambda n: Decimal("sNaN")}, **hidden)  # float() refuses it
    assert signalling.status is Status.INCORRECT and "right kind" in " ".join(signalling.details)
    schema = {"type": "object", "properties": {"interest": {"type": "number"}, "ratio": {"type": "number"}}}
    plan = DocumentQuestion("q5", "nb", "plan", schema=schema)
    written = {"plan": {"interest": Decimal("7200.00"), "ratio": Fraction(7200, 60000)}}
    assert outcome_of(plan, written, expected={"interest": 7200, "ratio": 0.12}).status is Status.CORRECT
    huge = outcome_of(plan, {"plan": {"interest": Fraction(10**400), "ratio": 0.12}}, expected={"interest": 7200})
    assert huge.status is not Status.CORRECT  # too large for a float: refused with its type named, not a crash


def test_typographic_quotes_and_dashes_match_the_plain_option():
    from tpm_course.core import ChoiceQuestion

    schema = {"type": "object", "properties": {"decision": {"enum": ["ship", "don't ship"]}}}
    memo = DocumentQuestion("q9", "nb", "memo", schema=schema)
    curly = outcome_of(memo, {"memo": {"decision": "Don\u2019t ship"}}, expected={"decision": "don't ship"})
    assert curly.status is Status.CORRECT
    choice = ChoiceQuestion("q2", "nb", "call", options=["go \u2013 no-go", "don't ship"], expected="don't ship")
    assert outcome_of(choice, {"call": "don\u2018t ship"}).status is Status.CORRECT
    assert outcome_of(choice, {"call": "go - no-go"}).status is Status.INCORRECT  # an option, the wrong one
    assert outcome_of(choice, {"call": "dont ship"}).status is not Status.CORRECT  # no option at all


def test_a_series_is_a_dict_and_a_list_of_sentences_is_one_text_where_the_schema_asks():
    import pandas as pd

    schema = {
        "type": "object",
        "properties": {"lifts": {"type": "object"}, "reason": {"type": "string", "minLength": 10}},
    }
    memo = DocumentQuestion("q6", "nb", "memo", schema=schema)
    written = {"lifts": pd.Series({"a": 0.1, "b": 0.2}), "reason": ["Conversion rose 4 %.", "Ship it."]}
    outcome = outcome_of(memo, {"memo": written}, expected={"lifts": {"a": 0.1, "b": 0.2}})
    assert outcome.status is Status.CORRECT
    whole = DocumentQuestion("q6", "nb", "cuped", schema={"type": "object", "required": ["theta"]})
    series = pd.Series({"theta": 0.5, "difference": 1.25})
    assert outcome_of(whole, {"cuped": series}, expected={"theta": 0.5, "difference": 1.25}).status is Status.CORRECT
    assert outcome_of(memo, {"memo": {"reason": [1, 2]}}, expected={}).status is not Status.CORRECT


def test_a_set_is_a_list_and_a_leading_article_does_not_change_an_option():
    schema = {
        "type": "object",
        "properties": {"monitor": {"type": "array", "items": {"enum": ["cost", "latency", "accuracy"]}}},
    }
    plan = DocumentQuestion("q8", "nb", "plan", schema=schema)
    watched = {"plan": {"monitor": {"latency", "cost"}}}
    assert outcome_of(plan, watched, expected={"monitor": ["cost", "latency"]}).status is Status.CORRECT
    options = {"type": "object", "properties": {"limiting": {"enum": ["session store", "payments API"]}}}
    chain = DocumentQuestion("q8", "nb", "chain", schema=options)
    named = outcome_of(chain, {"chain": {"limiting": "The session store"}}, expected={"limiting": "session store"})
    assert named.status is Status.CORRECT


def test_a_free_text_field_no_check_scores_costs_no_points_when_short_or_unfinished():
    """A message the instructor reads: its form is told, the scored fields keep their points."""
    schema = {
        "type": "object",
        "required": ["slo", "message"],
        "properties": {"slo": {"type": "number"}, "message": {"type": "string", "minLength": 40}},
    }
    question = DocumentQuestion("q8", "nb", "rec", schema=schema, parts=Parts(1, noun="field"))
    for message in ("Commit 99.9%.", Ellipsis):
        outcome = outcome_of(question, {"rec": {"slo": 0.999, "message": message}}, expected={"slo": 0.999})
        assert outcome.status is Status.CORRECT and outcome.earned == outcome.possible
        assert any("message" in detail for detail in outcome.details)
    wrong = outcome_of(question, {"rec": {"slo": 0.9, "message": "Short."}}, expected={"slo": 0.999})
    assert wrong.status is Status.INCORRECT and wrong.earned == 0
    unscored_choice = dict(schema, properties={**schema["properties"], "step": {"enum": ["a", "b"]}})
    strict = DocumentQuestion("q8", "nb", "rec", schema=unscored_choice, parts=Parts(1, noun="field"))
    refused = outcome_of(strict, {"rec": {"slo": 0.999, "message": "x" * 50, "step": "c"}}, expected={"slo": 0.999})
    assert refused.status is not Status.CORRECT, "a broken option field still refuses the answer"
