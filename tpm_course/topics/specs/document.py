"""The one-page spec: a YAML document, validated with a JSON schema and reviewed section by section.

Besides its shape, ``review(spec)`` checks what a reviewer would: requirements free of smells,
functional requirements in an EARS pattern, measurable NFRs, acceptance criteria that parse,
and that the parts agree with each other: every requirement is verified by an acceptance
criterion (an NFR's by one that tests its bound), every dependency has a risk entry, and the
scope says what is out of it.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

from tpm_course.core.errors import TpmCourseError
from tpm_course.core.structure import from_yaml

from . import ears, gherkin, nfr
from .smells import lint

SECTIONS = {
    "problem": "problem and goal",
    "goal": "problem and goal",
    "title": "problem and goal",
    "scope": "scope and non-goals",
    "functional_requirements": "functional requirements",
    "non_functional_requirements": "non-functional requirements",
    "acceptance_criteria": "acceptance criteria",
    "dependencies": "dependencies and risks",
    "risks": "dependencies and risks",
    "open_questions": "open questions",
    "rollout": "rollout",
}
SECTION_ORDER = list(dict.fromkeys(SECTIONS.values()))

_TEXT = {"type": "string", "minLength": 3}
_ID = {"type": "string", "pattern": r"^[A-Z]+-\d+$"}
# "30 June: pilot group" reads in YAML as a one-entry mapping: a step may be a line, a "when: what" pair or a
# mapping of its parts ({date: 9 June, step: book the review}).
_STEP = {"anyOf": [_TEXT, {"type": "object", "minProperties": 1, "additionalProperties": _TEXT}]}
SPEC_SCHEMA = {
    "type": "object",
    "required": list(SECTIONS),
    "properties": {
        "title": _TEXT,
        "problem": {"type": "string", "minLength": 20},
        "goal": {"type": "string", "minLength": 10},
        "scope": {
            "type": "object",
            "required": ["in_scope", "non_goals"],
            "properties": {
                "in_scope": {"type": "array", "minItems": 1, "items": _TEXT},
                "non_goals": {"type": "array", "minItems": 1, "items": _TEXT},
            },
        },
        "functional_requirements": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "required": ["id", "text"], "properties": {"id": _ID, "text": _TEXT}},
        },
        "non_functional_requirements": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "required": ["id", "text"], "properties": {"id": _ID, "text": _TEXT}},
        },
        "acceptance_criteria": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "verifies", "gherkin"],
                "properties": {
                    "id": _ID,
                    "verifies": {"type": "array", "minItems": 1, "items": _ID},
                    "gherkin": {"type": "string", "minLength": 10},
                },
            },
        },
        "dependencies": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "description", "owner"],
                "properties": {"id": _ID, "description": _TEXT, "owner": _TEXT},
            },
        },
        "risks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "description", "mitigation", "owner"],
                "properties": {"id": _ID, "description": _TEXT, "mitigation": _TEXT, "owner": _TEXT, "dependency": _ID},
            },
        },
        "open_questions": {"type": "array", "items": _STEP},
        "rollout": {"type": "array", "minItems": 1, "items": _STEP},
    },
}


class SpecError(TpmCourseError, ValueError):
    """The spec cannot be read at all (not YAML, or not a mapping of sections)."""


def load(source: str | dict) -> dict:
    """The spec as a dict, from YAML text or from a dict already built."""
    if isinstance(source, dict):
        return source
    if not isinstance(source, str):
        raise SpecError(f"the spec should be YAML text (a string), not a {type(source).__name__}")
    import yaml

    try:
        document = from_yaml(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise SpecError(f"the YAML does not parse: {where}{problem} (check the indentation and the colons)") from None
    if not isinstance(document, dict):
        raise SpecError(
            "the YAML should be a mapping of sections (problem:, goal:, scope: …), "
            f"but it reads as a {type(document).__name__}"
        )
    return document


@dataclass
class SpecReview:
    """Problems found, per section of the spec; no problems anywhere means the spec passes."""

    sections: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SECTION_ORDER})

    def add(self, key: str, problem: str) -> None:
        self.sections[SECTIONS.get(key, key)].append(problem)

    @property
    def ok(self) -> bool:
        return not any(self.sections.values())

    def problems(self) -> list[str]:
        return [f"{section}: {p}" for section, found in self.sections.items() for p in found]

    def text(self) -> str:
        return "\n".join(
            f"{'✓' if not found else '✗'} {section}" + "".join(f"\n    - {p}" for p in found)
            for section, found in self.sections.items()
        )

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        rows = []
        for section, found in self.sections.items():
            mark = '<span style="color:#1a7f37">✓</span>' if not found else '<span style="color:#cf222e">✗</span>'
            notes = "<br>".join(html.escape(p) for p in found) or "no problem found"
            rows.append(
                f"<tr><td>{mark} <b>{html.escape(section)}</b></td><td style='text-align:left'>{notes}</td></tr>"
            )
        return f"<table>{''.join(rows)}</table>"


def _schema(spec: dict, review: SpecReview) -> None:
    import jsonschema

    for error in jsonschema.Draft202012Validator(SPEC_SCHEMA).iter_errors(spec):
        path = list(error.absolute_path)
        if error.validator == "required" and not path:
            key = re.match(r"'(.+)' is a required property", error.message)
            key = key.group(1) if key else "problem"
            review.add(key, f"`{key}` is missing")
            continue
        where = "".join(f"[{p!r}]" for p in path[1:])
        message = error.message
        if error.validator == "minItems" and path[-1:] == ["non_goals"]:
            message = (
                "there are no non-goals: a spec that does not say what is out of scope invites "
                "scope creep; list what this release will not do"
            )
        review.add(path[0] if path else "problem", f"`{path[0] if path else 'spec'}{where}`: {message}")


def _items(spec: dict, key: str, *fields: str) -> list[dict]:
    """The entries of a section that have the fields the deeper checks read (the schema reports the rest)."""
    section = spec.get(key)
    if not isinstance(section, list):
        return []
    kinds = {"verifies": list}
    return [
        item
        for item in section
        if isinstance(item, dict) and all(isinstance(item.get(f), kinds.get(f, str)) for f in fields)
    ]


def _requirements(spec: dict, review: SpecReview) -> None:
    for item in _items(spec, "functional_requirements", "id", "text"):
        for finding in lint(item["text"]):
            review.add("functional_requirements", f"{item['id']}: {finding}")
        pattern = ears.classify(item["text"])
        if pattern.pattern is None:
            review.add("functional_requirements", f"{item['id']} follows no EARS pattern: {pattern.reason}")
    for item in _items(spec, "non_functional_requirements", "id", "text"):
        for finding in lint(item["text"]):
            if finding.smell == "totality" and re.match(r"100\s?%\s+of\b", item["text"][finding.start :]):
                continue  # "100 % of deactivations" is the statistic of the NFR, not an absolute claim
            if nfr.states_the_maximum(item["text"], finding.start):
                continue  # "at most 15 minutes for every leaver": the maximum, as the notebook asks
            review.add("non_functional_requirements", f"{item['id']}: {finding}")
        for line in nfr.parse(item["text"]).feedback():
            review.add("non_functional_requirements", f"{item['id']}: {line}")
    goal = spec.get("goal", "")
    if isinstance(goal, str) and goal.strip() and not re.search(r"\d", goal):
        review.add("goal", "the goal has no number: say how you will know it is met (a date, a count, a rate)")


def _acceptance(spec: dict, review: SpecReview) -> None:
    fr = {r["id"]: r for r in _items(spec, "functional_requirements", "id", "text")}
    nfrs = {r["id"]: r for r in _items(spec, "non_functional_requirements", "id", "text")}
    verified: dict[str, list[dict]] = {}
    for criterion in _items(spec, "acceptance_criteria", "id", "verifies", "gherkin"):
        for target in criterion["verifies"]:
            if target not in fr and target not in nfrs:
                review.add(
                    "acceptance_criteria", f"{criterion['id']} verifies {target}, which no requirement has as id"
                )
            verified.setdefault(target, []).append(criterion)
        requirement = " ".join(fr.get(t, nfrs.get(t, {})).get("text", "") for t in criterion["verifies"])
        for problem in gherkin.review(criterion["gherkin"], requirement or None):
            review.add("acceptance_criteria", f"{criterion['id']}: {problem}")
    for rid in [*fr, *nfrs]:
        if rid not in verified:
            review.add(
                "acceptance_criteria",
                f"no acceptance criterion verifies {rid}: add one, or say in `verifies` which criterion tests it",
            )
    for rid, requirement in nfrs.items():
        parsed = nfr.parse(requirement["text"])
        if rid not in verified or parsed.bound is None or parsed.kind not in ("time", "ratio"):
            continue
        tested = []
        for criterion in verified[rid]:
            try:
                scenarios = gherkin.parse(criterion["gherkin"])
            except gherkin.GherkinError:
                continue
            for scenario in scenarios:
                thens = [s.text for s in scenario.of("then")]
                tested += [q for text in thens for q in nfr.quantities_in(text)]
                if any(re.search(r"\b\d{1,2}:\d\d\b", t) for t in thens):
                    # "Then at 09:17 …" after "When … at 09:02": the Then checks the interval
                    tested += [("time", gap) for gap in nfr.clock_intervals(" ".join(s.text for s in scenario.steps))]
        if not any(kind == parsed.kind and math.isclose(value, parsed.bound, rel_tol=1e-9) for kind, value in tested):
            review.add(
                "acceptance_criteria",
                f"the criteria verifying {rid} never test its bound "
                f"({parsed.quantities()}): a Then should check that number",
            )


def _dependencies(spec: dict, review: SpecReview) -> None:
    covered = {risk.get("dependency") for risk in _items(spec, "risks")}
    for dependency in _items(spec, "dependencies", "id", "description"):
        if dependency["id"] not in covered:
            review.add(
                "dependencies",
                f"{dependency['id']} ({dependency['description']}) has no risk entry: "
                f"what happens if it is late or fails? Add a risk with `dependency: "
                f"{dependency['id']}`",
            )


def _subject(item: str) -> list[str]:
    """What a scope line is about: its words without parentheses, dates and a trailing "by …", "on …"."""
    item = re.sub(r"\([^)]*\)", " ", item.lower())
    item = re.split(r"\s(?:by|on|from|until|before|after|in|for)\s+(?:\d|q\d|the end|end of|june|july|next)", item)[0]
    return re.findall(r"[a-z0-9]+", item)


def _scope(spec: dict, review: SpecReview) -> None:
    """A line of ``in_scope`` that is also a non-goal: the scope contradicts itself."""
    scope = spec.get("scope")
    if not isinstance(scope, dict):
        return
    inside = [t for t in scope.get("in_scope") or [] if isinstance(t, str)]
    outside = [t for t in scope.get("non_goals") or [] if isinstance(t, str)]
    for goal in inside:
        for non_goal in outside:
            a, b = _subject(goal), _subject(non_goal)
            short, long = sorted((a, b), key=len)
            if len(short) >= 2 and long[: len(short)] == short:
                review.add(
                    "scope",
                    f"{goal!r} is in scope and {non_goal!r} is a non-goal: the scope contradicts itself. "
                    "Decide which one this release does, and check its date against the plan",
                )


def _duplicates(spec: dict, review: SpecReview) -> None:
    for key in (
        "functional_requirements",
        "non_functional_requirements",
        "acceptance_criteria",
        "dependencies",
        "risks",
    ):
        ids = [item["id"] for item in _items(spec, key, "id")]
        for rid in sorted({i for i in ids if ids.count(i) > 1}):
            review.add(key, f"the id {rid} is used more than once")


def review(source: str | dict) -> SpecReview:
    """The problems of a spec, per section. Raises SpecError when it cannot be read at all."""
    spec = load(source)
    result = SpecReview()
    _schema(spec, result)
    _duplicates(spec, result)
    _scope(spec, result)
    _requirements(spec, result)
    _acceptance(spec, result)
    _dependencies(spec, result)
    return result


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in ("id", "verifies", "dependency") for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def smells_by_section(source: str | dict) -> dict[str, dict[str, int]]:
    """Smell counts in each section's text: where a spec's vagueness sits."""
    from .smells import SMELLS

    spec = load(source)
    counts = {section: dict.fromkeys(SMELLS, 0) for section in SECTION_ORDER}
    for key, section in SECTIONS.items():
        for text in _texts(spec.get(key)):
            for finding in lint(text):
                counts[section][finding.smell] += 1
    return counts


def section_name(key: str) -> str:
    """The review's section a spec's key belongs to: ``non_goals`` is in "scope and non-goals"."""
    return SECTIONS.get("scope" if key == "non_goals" else key, key.replace("_", " "))
