"""A design brief, as YAML text or a dict, graded section by section on the consistency of its own numbers.

Each section is a part: it earns its points when it has the form the schema asks for and none
of its rules finds an inconsistency. The rules are named and planted like misconceptions (the
misconception coverage test reads them as ``text_misconceptions``, as it reads module 05's).
"""

from __future__ import annotations

from typing import Any

from tpm_course.core.document import schema_errors
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.question import Question
from tpm_course.core.structure import from_yaml, plain

from .rules import Rule


class BriefQuestion(Question):
    """The learner writes ``name``, a brief with one entry per section; ``rules`` check each section."""

    def __init__(self, qid, notebook, name, *, schema: dict, rules: list[Rule], **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.schema = schema
        self.rules = list(rules)
        self.sections = list(schema["required"])

    @property
    def text_misconceptions(self) -> list[Rule]:
        """The named inconsistencies, each with its static message, as the coverage test reads them."""
        return self.rules

    def _read(self, namespace: dict) -> dict:
        """The brief as plain data: YAML text is parsed; anything but a mapping of sections is refused."""
        brief = self.lookup(namespace)
        if isinstance(brief, str):
            import yaml

            try:
                brief = from_yaml(brief)
            except yaml.YAMLError as error:
                where = getattr(error, "problem_mark", None)
                line = f" near line {where.line + 1}" if where is not None else ""
                raise self.wrong_form(f"`{self.name}` is not valid YAML{line}", str(error).splitlines()[0]) from None
        brief = plain(brief)
        if not isinstance(brief, dict):
            raise self.wrong_form(
                f"`{self.name}` should be a dict (or YAML text) with one entry per section",
                f"It is a {type(brief).__name__}; the sections are {', '.join(self.sections)}.",
            )
        return brief

    def _broken(self, brief: dict) -> dict[str, list[str]]:
        """Sections that break the schema (missing, unfinished, a field of the wrong type), with why."""
        broken: dict[str, list[str]] = {}
        for section in self.sections:
            if _unfinished(brief.get(section)):
                broken[section] = [f"`{self.name}[{section!r}]` is not finished: replace its `...`."]
        kept = {k: v for k, v in brief.items() if k not in broken}
        for field, problem in schema_errors(kept, self.schema):
            broken.setdefault(field if field in self.sections else None, []).append(problem)
        return broken

    def _findings(self, brief: dict, broken: dict, key: dict | None) -> dict[str, list[str]]:
        """What each rule finds in the sections whose form is right, by section."""
        valid = {k: v for k, v in brief.items() if k not in broken}
        found: dict[str, list[str]] = {}
        for rule in self.rules:
            if rule.section in broken:
                continue
            sentences = rule.found(valid, key)
            if sentences:
                found.setdefault(rule.section, []).extend([*sentences, rule.message])
        return found

    def _unreadable(self, broken: dict) -> None:
        if None in broken:
            raise self.wrong_form(f"`{self.name}` does not have the required shape", *broken[None])

    def check_visible(self, namespace: dict) -> Outcome:
        brief = self._read(namespace)
        broken = self._broken(brief)
        self._unreadable(broken)
        found = self._findings(brief, broken, None)
        if broken or found:
            details = [p for problems in [*broken.values(), *found.values()] for p in problems]
            wrong = sorted(set(broken) | set(found), key=self.sections.index)
            return Outcome(Status.INCORRECT, f"{self.qid}: not consistent yet in {', '.join(wrong)}", details)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: every section of `{self.name}` has its fields and agrees with itself",
            ["The grader also checks the numbers that have one right answer in the data when you submit."],
        )

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        brief = self._read(namespace)
        broken = self._broken(brief)
        self._unreadable(broken)
        found = self._findings(brief, broken, expected or {})
        right = {section: section not in broken and section not in found for section in self.sections}
        if all(right.values()):
            return Outcome(Status.CORRECT, f"{self.qid}: correct, every section of `{self.name}` agrees")
        details = [
            f"{section}: {p}" for section in self.sections for p in [*broken.get(section, []), *found.get(section, [])]
        ]
        wrong = [section for section, ok in right.items() if not ok]
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: not consistent yet in {', '.join(wrong)}", details)
        return self.scored(outcome, right)


def _unfinished(value: Any) -> bool:
    """A value still ``...`` (or the text "..." YAML gives for it), anywhere inside a section."""
    if value is Ellipsis or value == "...":
        return True
    if isinstance(value, dict):
        return any(_unfinished(v) for v in value.values())
    if isinstance(value, list):
        return any(_unfinished(v) for v in value)
    return False


def is_plain_number(value: Any) -> bool:
    """A number a reason can quote: an int or a float, not True/False, not NaN."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value
