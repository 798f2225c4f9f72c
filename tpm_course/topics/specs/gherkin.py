"""Acceptance criteria in Given / When / Then, read by Cucumber's own Gherkin parser.

``parse(text)`` returns the scenarios (background steps included); ``review(text)`` says,
scenario by scenario, what is missing: a Given, a When or a Then, or a Then that states an
observable, measurable outcome rather than restating the requirement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tpm_course.core.errors import TpmCourseError

from .nfr import quantities_in
from .smells import _mask_quotes, lint

_VAGUE_IN_OUTCOME = {"ambiguous", "subjective", "superlative", "comparative", "loophole"}
_RESTATING = re.compile(
    r"\b(?:works?|working|is supported|supports?|is handled|handles?|functions?|is possible|is enabled"
    r"|succeeds?|successful(?:ly)?|as expected|is able to|are able to|can use|is implemented|behaves|is fulfilled"
    r"|meets? the requirement|is met)\b",
    re.IGNORECASE,
)
_OBSERVABLE = re.compile(
    r"\d|\"[^\"]+\"|“[^”]+”|'[^']{2,}'|\b(?:sees?|shown|shows?|displays?|displayed|receives?|received|returns?|returned"
    r"|responds?|redirect(?:s|ed)?|lands?|appears?|sent|emails?|logged|logs|records?|recorded|exists?|audit|status"
    r"|code|message|page|screen|banner|error|signed (?:in|out)|created|deleted|removed|revoked|expires?|expired"
    r"|denied|rejected|blocked|contains?|lists?|count|equals?|is set to|access|session|account|notif\w+"
    r"|prompt(?:s|ed)?|asked|charged|refunded|invoice)\b",
    re.IGNORECASE,
)
_MEASURED = re.compile(
    r"\bp\d{2,3}\b|percentile|%|\bpercent\b|\brate\b|\bcount\b|\bnumber of\b|\bmedian\b"
    r"|\bmaximum\b",
    re.IGNORECASE,
)
_STOP = set(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "be",
        "to",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "as",
        "that",
        "this",
        "it",
        "its",
        "shall",
        "will",
        "can",
        "user",
        "system",
        "when",
        "then",
        "given",
        "she",
        "he",
        "they",
        "her",
        "his",
        "him",
        "them",
        "we",
        "our",
        "you",
        "your",
        "i",
    ]
)


_FENCE = re.compile(r"\A\s*```[\w-]*[ \t]*\n|\n[ \t]*```\s*\Z")


class GherkinError(TpmCourseError, ValueError):
    """The text is not valid Gherkin; the message says where and what the parser expected."""


@dataclass(frozen=True)
class Step:
    kind: str  # "given", "when" or "then" (And / But take the kind of the step before)
    keyword: str
    text: str
    line: int


@dataclass(frozen=True)
class Scenario:
    name: str
    line: int
    steps: tuple[Step, ...]

    def of(self, kind: str) -> list[Step]:
        return [s for s in self.steps if s.kind == kind]


_KINDS = {"Context": "given", "Action": "when", "Outcome": "then"}


def _steps(raw: list[dict]) -> list[Step]:
    steps, kind = [], "given"
    for step in raw:
        kind = _KINDS.get(step.get("keywordType"), kind)
        steps.append(Step(kind, step["keyword"].strip(), step["text"], step["location"]["line"]))
    return steps


def _explain(error: Exception, offset: int) -> str:
    lines = []
    for item in getattr(error, "errors", None) or [error]:
        found = re.match(r"\((\d+):\d+\): expected: (.*), got '(.*)'", str(item))
        if found:
            line, _, got = found.groups()
            lines.append(
                f"line {int(line) - offset}: '{got.strip()}' is not a Gherkin line here "
                f"(expected Scenario:, Given, When, Then, And or But)"
            )
        else:
            lines.append(str(item))
    return "; ".join(lines)


def parse(text: str) -> list[Scenario]:
    """Every scenario in ``text`` (a ``Feature:`` line is optional), with background steps first."""
    from gherkin.errors import ParserError
    from gherkin.parser import Parser
    from gherkin.token_scanner import TokenScanner

    if not isinstance(text, str):
        raise TypeError(f"acceptance criteria are Gherkin text, not a {type(text).__name__}")
    text = _FENCE.sub("", text)  # a Markdown code fence around the scenario is not Gherkin
    offset = 0
    if not re.search(r"^\s*Feature:", text, re.MULTILINE):
        text, offset = "Feature: acceptance criteria\n" + text, 1
    try:
        document = Parser().parse(TokenScanner(text))
    except ParserError as error:
        raise GherkinError(_explain(error, offset)) from None
    feature = document.get("feature") or {}
    scenarios = []

    def walk(children, background):
        for child in children:
            if "background" in child:
                background = _steps(child["background"]["steps"])
            elif "rule" in child:
                walk(child["rule"]["children"], list(background))
            elif "scenario" in child:
                raw = child["scenario"]
                steps = [Step(s.kind, s.keyword, s.text, s.line - offset) for s in background + _steps(raw["steps"])]
                scenarios.append(Scenario(raw["name"], raw["location"]["line"] - offset, tuple(steps)))

    walk(feature.get("children", []), [])
    if not scenarios:
        raise GherkinError("no scenario found: start each one with 'Scenario: <name>' followed by its steps")
    return scenarios


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP and len(w) > 2}


def _observes_more(then: str, requirement: str) -> bool:
    """Whether ``then`` names something to observe that the requirement does not ("the error page …")."""
    asked = _content_words(requirement)
    seen = {w for match in _OBSERVABLE.finditer(then) for w in _content_words(match.group())}
    return bool(seen - asked)


def outcome_problems(then: str, requirement: str | None = None) -> list[str]:
    """Why a Then step is not an observable, measurable outcome (empty when it is one)."""
    problems = []
    vague = [f for f in lint(then) if f.smell in _VAGUE_IN_OUTCOME]
    if vague:
        words = ", ".join(f"'{f.text}'" for f in vague)
        return [f"'Then {then}' uses {words}: state the value an observer can check"]
    if quantities_in(then) and _MEASURED.search(then):
        return problems  # "the p95 sign-in time is at most 2 s" reads a measurement; it does not restate
    restated = _RESTATING.search(then)
    if requirement and not restated and not _observes_more(then, requirement):
        said, asked = _content_words(_mask_quotes(then)), _content_words(requirement)
        if said and len(said & asked) / len(said) >= 0.75:
            restated = True
    if restated:
        problems.append(
            f"'Then {then}' restates the requirement: say what an observer sees happen "
            f"(a page, a message, a status, a number)"
        )
    elif not _OBSERVABLE.search(then):
        problems.append(
            f"'Then {then}' names no observable result: a page, a message, a status code, "
            f"a record or a number someone can check"
        )
    return problems


def review(text: str, requirement: str | None = None) -> list[str]:
    """Every problem of some acceptance criteria, scenario by scenario (empty when there is none)."""
    try:
        scenarios = parse(text)
    except GherkinError as error:
        return [f"Gherkin does not parse: {error}"]
    problems = []
    for scenario in scenarios:
        where = f"scenario '{scenario.name}'" if scenario.name else f"the scenario on line {scenario.line}"
        missing = [kind.capitalize() for kind in ("given", "when", "then") if not scenario.of(kind)]
        if missing:
            problems.append(f"{where} has no {' or '.join(missing)} step")
        for step in scenario.of("then"):
            problems += [f"{where}: {p}" for p in outcome_problems(step.text, requirement)]
    return problems
