"""A question answered by a structured document (a dict), validated against a JSON schema."""

from __future__ import annotations

from typing import Any

from .feedback import capped, shown
from .numbers import close
from .outcome import Outcome, Status
from .question import Question
from .structure import plain
from .text import normalise


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
    jsonschema = _jsonschema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{_where(e.absolute_path)}: {e.message}" for e in errors]


def _canonical_options(document: dict, schema: dict) -> dict:
    """Top-level text fields matched to their schema's options regardless of case and spacing."""
    fixed = dict(document)
    for key, rules in schema.get("properties", {}).items():
        value = fixed.get(key)
        if isinstance(value, str) and "enum" in rules:
            for option in rules["enum"]:
                if isinstance(option, str) and normalise(value) == normalise(option):
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


class DocumentQuestion(Question):
    """The learner writes a dict; its shape is checked against ``schema``, its fields against the key.

    The key (``check(expected={...})``) lists only the fields that have one right value;
    free-text fields are checked for presence by the schema and read by a person.
    """

    def __init__(self, qid, notebook, name, *, schema: dict, rel_tol: float = 0.01, abs_tol: float = 0.0, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.schema = schema
        self.rel_tol = rel_tol
        self.abs_tol = abs_tol  # numeric fields match within rel_tol or abs_tol (rounded answers)

    def _form(self, namespace: dict) -> dict:
        """The document with its options spelled as the schema does; WrongForm when it breaks the schema."""
        document = plain(self.lookup(namespace))
        if isinstance(document, dict):
            unfilled = [k for k, v in document.items() if v is Ellipsis]
            if unfilled:
                raise self.wrong_form(
                    f"`{self.name}` is not finished", f"Replace the `...` of {', '.join(map(repr, unfilled))}."
                )
            document = _canonical_options(document, self.schema)
        problems = schema_problems(document, self.schema)
        if problems:
            details = capped(problems)

            # A known way to leave a field out (no guardrail, no window) is named, not only located.
            # Without the answer key, only predictions that name a field of their own can match.
            def names_the_gap(answer: dict, predicted: Any) -> bool:
                return isinstance(predicted, dict) and bool(predicted) and self._matches(answer, predicted)

            known = self.misconception_without_key(document, names_the_gap) if isinstance(document, dict) else None
            if known:
                details.append(known.message)
            raise self.wrong_form(f"`{self.name}` does not have the required shape", *details)
        return document

    def check_visible(self, namespace: dict) -> Outcome:
        self._form(namespace)  # raises WrongForm unless the answer has the form asked for
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has every required field",
            ["The grader checks the values against the numbers when you submit."],
        )

    def _matches(self, document: dict, fields: dict) -> bool:
        return all(_field_equal(document.get(k), v, self.rel_tol, self.abs_tol) for k, v in fields.items())

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        document = self._form(namespace)
        expected = expected or {}
        wrong = [k for k, v in expected.items() if not _field_equal(document.get(k), v, self.rel_tol, self.abs_tol)]
        if not wrong:
            return Outcome(
                Status.CORRECT, f"{self.qid}: correct, every checked field of `{self.name}` agrees with the numbers"
            )
        details = [
            f"`{self.name}[{k!r}]` = {shown(document.get(k), full=True)} does not agree with the numbers."
            for k in wrong
        ]
        misconception = self.misconception_for(document, expected, context, self._matches)
        if misconception:
            details.append(misconception.message)
        outcome = Outcome(
            Status.INCORRECT, f"{self.qid}: {len(wrong)} field(s) of `{self.name}` are not right yet", details
        )
        return self.scored(outcome, {k: k not in wrong for k in expected})
