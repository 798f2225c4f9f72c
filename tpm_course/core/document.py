"""A question answered by a structured document (a dict), validated against a JSON schema."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from . import carried as carried_forward
from . import units
from .errors import WrongForm
from .feedback import capped, shown
from .numbers import close
from .outcome import Outcome, Status
from .question import Question
from .structure import as_list, is_series, plain
from .text import is_option, normalise
from .value import _ExplainsArithmetic, repeated_text

_PLAIN = "write a number, text, True/False, a list or a dict there (a table's single value: `.iloc[0]`, `.item()`)"


def _not_plain(value: Any, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Where a document holds something JSON cannot (a pandas Series, an array, a quantity), and its type."""
    if isinstance(value, dict):
        return [odd for key, inner in value.items() for odd in _not_plain(inner, (*path, key))]
    if isinstance(value, list):
        return [odd for i, inner in enumerate(value) for odd in _not_plain(inner, (*path, i))]
    if value is None or value is Ellipsis or isinstance(value, str | int | float | bool):
        return []
    kind = type(value)
    return [
        (path, f"{kind.__module__.split('.')[0]} {kind.__name__}" if kind.__module__ != "builtins" else kind.__name__)
    ]


def _where(path) -> str:
    return "".join(f"[{p!r}]" for p in path) or "the document"


def _jsonschema():
    """jsonschema, imported without its optional IRI-format checker.

    ``rfc3987_syntax`` compiles a grammar when imported: seconds in every graded notebook. The
    validators here check no formats, so jsonschema is imported as if that package were absent.
    """
    import sys

    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema

        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # makes `import rfc3987_syntax` raise ImportError, which jsonschema expects
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
    return jsonschema


def schema_problems(document: Any, schema: dict) -> list[str]:
    """Each way the document breaks the schema, with where it happens."""
    return [problem for _, problem in schema_errors(document, schema)]


def schema_errors(document: Any, schema: dict) -> list[tuple[Any, str]]:
    """Each way the document breaks the schema: the top-level field it concerns (None: the whole), and why."""
    jsonschema = _jsonschema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [(_field_of(e), f"{_where(e.absolute_path)}: {_message(e)}") for e in errors]


def _message(error) -> str:
    """jsonschema's message in Python's words; the options of an ``enum`` listed in full, never cut."""
    if error.validator == "enum" and isinstance(error.validator_value, list):
        options = ", ".join(repr(option) for option in error.validator_value)
        return f"{_shortened(repr(error.instance), 120)} is not one of the options: {options}"
    return _shortened(_pythonic(error.message))


def _shortened(message: str, most: int = 200) -> str:
    """A schema message that quotes a very long value (text repeated 60 times) with that value cut in the middle."""
    if len(message) <= most:
        return message
    return f"{message[: most - 60]} … {message[-50:]}"


def _field_of(error) -> Any:
    """The top-level field a schema error is about: its path's first step, or the required field it misses."""
    if error.absolute_path:
        return error.absolute_path[0]
    if error.validator == "required" and not error.path and "'" in error.message:
        return error.message.split("'")[1]
    return None


_JSON_WORDS = {
    "'null'": "None",
    "'array'": "a list",
    "'object'": "a dict",
    "'string'": "text",
    "'boolean'": "True/False",
    "'number'": "a number",
    "'integer'": "a whole number",
}


_BOUNDS = [
    (re.compile(r"^(.*) is less than or equal to the minimum of (.*)$"), r"\1 is too small: it must be more than \2"),
    (re.compile(r"^(.*) is less than the minimum of (.*)$"), r"\1 is too small: it must be at least \2"),
    (re.compile(r"^(.*) is greater than or equal to the maximum of (.*)$"), r"\1 is too large: it must be below \2"),
    (re.compile(r"^(.*) is greater than the maximum of (.*)$"), r"\1 is too large: it must be at most \2"),
]


def _pythonic(message: str) -> str:
    """A jsonschema message in Python's words: "is not of type 'array'" reads "is not a list".

    A bound reads as one: "0 is less than or equal to the minimum of 0" is "0 is too small: it must be more than 0".
    """
    for word, python in _JSON_WORDS.items():
        message = message.replace(word, python)
    for pattern, words in _BOUNDS:
        message = pattern.sub(words, message)
    return message.replace("is not of type", "is not").replace(", None", " or None")


def _sentences(value: Any) -> bool:
    """A list of texts where one text is asked for: read as the sentences of one text."""
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(item, str) for item in value)


def _canonical_options(document: dict, schema: dict) -> dict:
    """Top-level text fields matched to their schema's options regardless of case and spacing."""
    fixed = dict(document)
    for key, rules in schema.get("properties", {}).items():
        value = fixed.get(key)
        if isinstance(value, str) and "enum" in rules:
            for option in rules["enum"]:
                if isinstance(option, str) and is_option(value, option):
                    fixed[key] = option
    return fixed


def _field_equal(actual: Any, expected: Any, rel_tol: float, abs_tol: float = 0.0) -> bool:
    if isinstance(expected, bool) or not isinstance(expected, int | float):
        if isinstance(expected, str) and isinstance(actual, str):
            return normalise(actual) == normalise(expected)
        return actual == expected
    return (
        isinstance(actual, int | float) and not isinstance(actual, bool) and close(actual, expected, rel_tol, abs_tol)
    )


class DocumentQuestion(_ExplainsArithmetic, Question):
    """The learner writes a dict; its shape is checked against ``schema``, its fields against the key.

    The key (``check(expected={...})``) lists only the fields that have one right value;
    free-text fields are checked for presence by the schema and read by a person.
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        schema: dict,
        rel_tol: float = 0.01,
        abs_tol: float = 0.0,
        units: dict[str, str] | None = None,
        rounded_up: tuple[str, ...] = (),
        tolerances: dict[str, tuple[float, float]] | None = None,
        follows: Callable[[dict, dict], dict | None] | None = None,
        follows_from: str = "",
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.schema = schema
        self.rel_tol = rel_tol
        self.abs_tol = abs_tol  # numeric fields match within rel_tol or abs_tol (rounded answers)
        self.tolerances = dict(tolerances or {})  # field -> (rel_tol, abs_tol) where a field differs from the rest
        # (namespace, key's inputs) -> the fields as the learner's own earlier answer gives them: a field that
        # agrees with it is right, and the feedback says it follows from ``follows_from``, not right yet
        self.follows, self.follows_from = follows, follows_from
        self.units = dict(units or {})  # top-level fields that may be written with a unit: "2.5 PB"
        self.rounded_up = set(rounded_up)  # capacity fields that may be rounded up to a whole number: 4 for 3.2

    def _in_units(self, document: dict, *, strict: bool = True) -> dict:
        """Fields written as quantities ("2.5 PB") as numbers in their unit; arrays and Series as lists,
        a Series keyed by name as a dict, and a list of sentences as one text, where the schema asks."""
        fixed = dict(document)
        for key, rules in self.schema.get("properties", {}).items():
            value = fixed.get(key)
            if rules.get("type") == "array" and as_list(value) is not None:
                fixed[key] = plain(as_list(value))  # a numpy array, a pandas Series or a set of ids is a list
            elif rules.get("type") == "object" and is_series(value):
                fixed[key] = plain(value.to_dict())
            elif rules.get("type") == "string" and _sentences(value):
                fixed[key] = " ".join(item.strip() for item in value)
        for key, unit in self.units.items():
            value = fixed.get(key)
            if value is None or value is Ellipsis or units.is_number(value):
                continue
            try:
                fixed[key] = units.magnitude(value, unit)
            except (TypeError, ValueError) as error:  # UnitMismatch is a ValueError
                if not strict:
                    continue  # left as written: the schema names it, and only its part is lost
                raise self.wrong_form(
                    f"`{self.name}[{key!r}]` should be a number in {units.label(unit)}", str(error)
                ) from None
        return fixed

    def _read(self, namespace: dict, *, finished: bool = True) -> Any:
        """The learner's document in plain data, its quantities in their fields' units.

        ``finished``: a field still ``...`` refuses the answer; otherwise it is left for ``_problems``.
        """
        document = self.lookup(namespace)
        document = plain(document.to_dict() if is_series(document) else document)
        if isinstance(document, dict):
            unfilled = [k for k, v in document.items() if v is Ellipsis]
            if unfilled and finished:
                raise self.wrong_form(
                    f"`{self.name}` is not finished", f"Replace the `...` of {', '.join(map(repr, unfilled))}."
                )
            document = self._in_units({k: v for k, v in document.items() if v is not Ellipsis}, strict=finished)
            document.update(dict.fromkeys(unfilled, Ellipsis))
        return document

    def _problems(self, document: Any) -> dict:
        """What breaks the form, by top-level field (None: the document as a whole)."""
        problems = {}
        if isinstance(document, dict):
            for key in [k for k, v in document.items() if v is Ellipsis]:
                problems[key] = [f"`{self.name}[{key!r}]` is not finished: replace its `...`."]
            document = {k: v for k, v in document.items() if v is not Ellipsis}
            for path, kind in _not_plain(document):
                problems.setdefault(path[0], []).append(f"`{self.name}{_where(path)}` is a {kind}: {_PLAIN}")
            if problems:
                return problems
            document = _canonical_options(document, self.schema)
        for field, problem in schema_errors(document, self.schema):
            problems.setdefault(field, []).append(problem)
            repeated = isinstance(document, dict) and repeated_text(document.get(field))
            if repeated and repeated not in problems[field]:
                problems[field].append(repeated)
        for field in set(problems) & set(self.units):  # text that does not read as a quantity: say why
            if isinstance(document, dict) and repeated_text(document.get(field)):
                continue  # text times a number: said above
            unread = self._unreadable_quantity(field, document.get(field))
            if unread:
                problems[field] = [unread]
        return problems

    def _unreadable_quantity(self, field: str, value: Any) -> str | None:
        """Why ``value``, text in a field with a unit, cannot be read as a quantity in it (None: it can)."""
        if not isinstance(value, str):
            return None
        unit = self.units[field]
        try:
            units.magnitude(value, unit)
        except (TypeError, ValueError) as error:
            return f"`{self.name}[{field!r}]` should be a number in {units.label(unit)}: {error}"
        return None

    def _form(self, namespace: dict) -> dict:
        """The document with its options spelled as the schema does; WrongForm when it breaks the schema."""
        document = self._read(namespace)
        problems = self._problems(document)
        if problems:
            raise self._refusal(document, problems)
        return _canonical_options(document, self.schema)

    def _refusal(self, document: Any, problems: dict) -> WrongForm:
        """The WrongForm for a document that breaks its form, with a known way of breaking it named."""
        details = capped([problem for found in problems.values() for problem in found])

        # A known way to leave a field out (no guardrail, no window) is named, not only located.
        # Without the answer key, only predictions that name a field of their own can match.
        def names_the_gap(answer: dict, predicted: Any) -> bool:
            return isinstance(predicted, dict) and bool(predicted) and self._matches(answer, predicted)

        known = self.misconception_without_key(document, names_the_gap) if isinstance(document, dict) else None
        if known:
            details.append(known.message)
        odd = isinstance(document, dict) and _not_plain(document)
        return self.wrong_form(
            f"`{self.name}` {'holds values that are not plain data' if odd else 'does not have the required shape'}",
            *details,
        )

    def _scored_form(self, namespace: dict, scored: list) -> tuple[dict, dict]:
        """The document, and the fields that break its form with why: a scored field loses its part, not
        all; a free-text field no check scores is told and costs nothing.

        Without partial credit, or when the form breaks anywhere else, the whole answer is refused.
        """
        if self.parts is None:
            return self._form(namespace), {}
        document = self._read(namespace, finished=False)
        problems = self._problems(document)
        if not problems:
            return _canonical_options(document, self.schema), {}
        if isinstance(document, dict):  # the other fields, checked without the broken ones
            kept = {k: v for k, v in document.items() if k not in problems}
            problems = {**self._problems(kept), **problems}
        read = {k: p for k, p in problems.items() if k not in scored and self._read_by_a_person(k)}
        if not isinstance(document, dict) or not set(problems) <= {*scored, *read}:
            raise self._refusal(document, problems)
        kept = {k: v for k, v in document.items() if k not in problems}
        return _canonical_options(kept, self.schema), problems

    def _read_by_a_person(self, key) -> bool:
        """A free-text field no check scores (a message the instructor reads): its form is told, and
        costs none of the scored fields' points."""
        rules = self.schema.get("properties", {}).get(key) if isinstance(key, str) else None
        return isinstance(rules, dict) and rules.get("type") == "string" and not {"enum", "const"} & set(rules)

    def check_visible(self, namespace: dict) -> Outcome:
        self._form(namespace)  # raises WrongForm unless the answer has the form asked for
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has every required field",
            ["The grader checks the values when you submit."],
        )

    def _matches(self, document: dict, fields: dict) -> bool:
        return all(self._field_right(k, document.get(k), v) for k, v in fields.items())

    def _misconceptions_for(self, document: dict, expected: dict, context: dict) -> list:
        """Every misconception the document matches, in declaration order, each explaining a wrong field no
        earlier one did.

        Fields are scored apart, so two mistakes in two fields are both named; a misconception about
        fields already explained (one field of a two-field mistake), or about fields the key finds right (one
        carried forward from the learner's own earlier answer), adds nothing and is left out.
        A kind that chooses its own misconception (overrides ``misconception_for``) keeps its choice.
        """
        if type(self).misconception_for is not DocumentQuestion.misconception_for:
            chosen = self.misconception_for(document, expected, context, self._matches)
            return [chosen] if chosen else []
        wrong = {k for k, v in expected.items() if not self._field_right(k, document.get(k), v)}
        context, found, explained = {**self.context, **context}, [], set()
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=f"{self.notebook} {self.qid}")
            if (
                not isinstance(predicted, dict)
                or not {k for k in predicted if k in wrong or k not in expected} - explained
            ):
                continue
            if self._matches(document, predicted):
                found.append(misconception)
                explained |= set(predicted)
        return found

    def _field_right(self, key: str, actual: Any, expected: Any) -> bool:
        """A field within tolerance, or a capacity field rounded up to the next whole number."""
        if _field_equal(actual, expected, *self.tolerances.get(key, (self.rel_tol, self.abs_tol))):
            return True
        return (
            key in self.rounded_up
            and units.is_number(actual)
            and units.is_number(expected)
            and expected <= actual <= math.ceil(expected) + 1e-9
        )

    def check_key(
        self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context: Any
    ) -> Outcome:
        """``figures`` maps a text field (a reason) to the numbers that drive the decision: it must quote one.

        A name among the figures (``"peak_rps"``) stands for the learner's own value of it, a field of the
        document or a variable of the notebook: a reason that quotes the learner's own upstream figure is
        consistent with their plan, even when that figure is wrong (and lost its points where it was graded).
        """
        expected, figures = expected or {}, figures or {}
        document, invalid = self._scored_form(namespace, [*expected, *figures])
        expected, carried = self._carried(document, namespace, expected, context)
        outcome = self._judged(document, invalid, namespace, expected, figures, context)
        if not carried or not self.follows_from:
            return outcome
        return replace(outcome, details=[*outcome.details, carried_forward.note(carried, self.follows_from)])

    def _carried(self, document: Any, namespace: dict, expected: dict, context: dict) -> tuple[dict, list]:
        """The key, each field that is wrong by it but agrees with the learner's own earlier answer (``follows``)
        set to that answer; and those fields."""
        if self.follows is None or not expected or not isinstance(document, dict):
            return expected, []
        own = partial(self.follows, namespace, context)
        return carried_forward.carried(expected, document, own, self._field_right)

    def _judged(self, document, invalid: dict, namespace: dict, expected: dict, figures: dict, context: dict):
        """``check_key``'s verdict on a document read, against the key (carried forward where it applies)."""
        figures = {k: _own_figures(values, document, namespace) for k, values in figures.items()}
        wrong = [k for k, v in expected.items() if k in invalid or not self._field_right(k, document.get(k), v)]
        unquoted = [k for k, values in figures.items() if k in invalid or not quotes(document.get(k), values)]
        if not wrong and not unquoted:
            notes = [problem for found in invalid.values() for problem in found]  # a field a person reads
            return Outcome(
                Status.CORRECT,
                f"{self.qid}: correct, every checked field of `{self.name}` agrees with the numbers",
                notes,
            )
        details = [problem for found in invalid.values() for problem in found]
        details += [
            f"`{self.name}[{k!r}]` = {shown(document.get(k), full=True)} does not agree with the numbers."
            for k in wrong
            if k not in invalid
        ]
        details += [
            f"`{self.name}[{k!r}]` quotes none of the figures that drive the decision: say the number, "
            "as you would in the review."
            for k in unquoted
            if k not in invalid
        ]
        details += [m.message for m in self._misconceptions_for(document, expected, context)] if wrong else []
        count = len(wrong) + len(unquoted)
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: {count} field(s) of `{self.name}` are not right yet", details)
        return self.scored(outcome, {k: k not in wrong and k not in unquoted for k in [*expected, *figures]})


def _own_figures(values, document: dict, namespace: dict) -> list:
    """The figures, each name replaced by the learner's value of it when that value is a number."""
    found = []
    for value in values:
        if isinstance(value, str):
            value = document.get(value, namespace.get(value)) if isinstance(document, dict) else namespace.get(value)
            value = plain(value)
        if units.is_number(value):
            found.append(value)
    return found


_NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SCALE = re.compile(r"\s?(k|K|thousand|M|mn|million|bn|billion)\b")  # "$9.8k", "1.2 million"
_DURATION = re.compile(r"\s?(ms|msecs?|milliseconds?|s|secs?|seconds?)\b")  # "0.4 s" is 400 ms, "400 ms" 0.4 s
_SCALES = {"k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_WORDS = {word: number for number, word in enumerate(_SMALL)}


def quotes(text: Any, figures, rel_tol: float = 0.05) -> bool:
    """Whether ``text`` writes one of ``figures`` (its size, within ``rel_tol``).

    "2,963" and "2963.4" alike; "$9.8k" and "1.2 million"; a share as "1.2 %"; a duration in seconds or
    milliseconds, whichever the figure is in ("0.4 s" for 400 ms); small counts in words ("two", "no" for zero).
    """
    if not isinstance(text, str):
        return False
    written = []
    for match in _NUMBER.finditer(text):
        number = float(match.group().replace(",", ""))
        scale = _SCALE.match(text, match.end())
        percent = text[match.end() :].lstrip().startswith(("%", "percent", "pp", "percentage point"))
        written.append(number * _SCALES[scale.group(1)] if scale else number / 100 if percent else number)
        duration = _DURATION.match(text, match.end())
        if duration:
            written.append(number / 1000 if duration.group(1).startswith("m") else number * 1000)
    words = re.findall(r"[a-z]+", text.lower())
    written += [_WORDS[w] for w in words if w in _WORDS] + [0 for w in words if w in ("no", "none")]
    return any(close(abs(w), abs(f), rel_tol, 0.0) for w in written for f in figures)
