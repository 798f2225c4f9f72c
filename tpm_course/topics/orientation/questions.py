"""Question kinds of module 00: a brief's labels, the questions for a vague ask, and the reply to the stakeholder."""

from __future__ import annotations

import re
from typing import Any

from tpm_course.core import DocumentQuestion
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.text import normalise
from tpm_course.topics.orientation.asks import DIMENSIONS, coverage
from tpm_course.topics.orientation.statements import KINDS, ids_of, kind_label


def labels_schema(ids: list[str]) -> dict:
    """A dict giving each statement id one of the kinds, and nothing else."""
    return {
        "type": "object",
        "required": list(ids),
        "properties": {sid: {"enum": list(KINDS)} for sid in ids},
        "additionalProperties": False,
    }


_MISSING = re.compile(r"^the document: '(?P<key>[^']*)' is a required property$")
_EXTRA = re.compile(r"^the document: Additional properties are not allowed \((?P<keys>.*) (?:was|were) unexpected\)$")
_NOT_ONE_OF = re.compile(r"^(?P<value>.*) is not one of the options: (?P<options>.*)$")
_AT = re.compile(r"^(?P<path>(?:\[[^\]]*\])+): (?P<rest>.*)$")


class _Worded(DocumentQuestion):
    """A document question whose form messages name the answer and what it lacks, not the schema's terms.

    ``missing`` says what a required key is ("label for {key}", "question for {key!r}").
    """

    missing = "key {key!r}"

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if not isinstance(answer, dict) and hasattr(answer, "to_dict") and hasattr(answer, "index"):
            return answer.to_dict()  # a pandas Series of labels reads as the dict it shows
        return answer

    def _worded(self, problem: str) -> str:
        name = f"`{self.name}`"
        if found := _MISSING.match(problem):
            return f"The answer has no {self.missing.format(key=found['key'])}: add it to {name}."
        if found := _EXTRA.match(problem):
            return f"{name} has keys the question does not ask for ({found['keys']}): use the keys of the template."
        if found := _AT.match(problem):
            where, rest = f"`{self.name}{found['path']}`", found["rest"]
            if option := _NOT_ONE_OF.match(rest):
                return f"{where} is {option['value']}, not one of the options: write one of {option['options']}."
            if rest.endswith("is not a list"):
                return f"{where} is {rest.removesuffix(' is not a list')}, not a list: write the ids in square brackets, each in quotes."
            return f"{where}: {rest}"
        return problem.replace("the document:", f"{name}:", 1)

    def check_visible(self, namespace: dict) -> Outcome:
        """With partial credit, a field of the wrong form is reported, not refused: it loses its own part only."""
        if self.parts is None:
            return super().check_visible(namespace)
        _, invalid = self._scored_form(namespace, list(self.schema.get("required", [])))
        if not invalid:
            return super().check_visible(namespace)
        fields = ", ".join(map(str, invalid))
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has the required shape except {fields}, which would lose "
            f"{'its' if len(invalid) == 1 else 'their'} own points",
            [*(problem for found in invalid.values() for problem in found),
             "The grader checks the values when you submit."],
        )  # fmt: skip

    def _problems(self, document: Any) -> dict:
        problems = super()._problems(document)
        if isinstance(document, dict) and any(v is Ellipsis for v in document.values()):
            # core stops at the unfinished fields; the others are checked too, so each loses its own part only
            rest = {k: v for k, v in document.items() if v is not Ellipsis}
            for field, found in super()._problems(rest).items():
                problems.setdefault(field, found)
        return {field: [self._worded(p) for p in found] for field, found in problems.items()}


def _ids_matching(labels: dict, predicted: Any) -> list[str]:
    """The statements whose label is the wrong kind ``predicted`` names for them (a kind or a tuple of kinds)."""
    if not isinstance(predicted, dict):
        return []
    return [
        sid
        for sid, kind in predicted.items()
        if sid in labels and labels[sid] in (kind if isinstance(kind, tuple) else (kind,))
    ]


class LabelsQuestion(_Worded):
    """A brief's statements labelled with their kinds; every known confusion the answer holds is named, with its ids.

    A statement left ``...``, ``None`` or out loses its own part only (with partial credit).
    """

    missing = "label for {key}"

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if isinstance(answer, dict):
            return {str(k).strip().upper(): kind_label(v) for k, v in answer.items()}  # "a1" is A1
        return answer

    def _matches(self, document: dict, fields: dict) -> bool:
        """A confusion matches when any statement it names carries the wrong kind it predicts (or one of a tuple of them)."""
        return bool(_ids_matching(document, fields))

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        expected = expected or {}
        document, invalid = self._scored_form(namespace, list(expected))
        wrong = [sid for sid, kind in expected.items() if sid in invalid or document.get(sid) != kind]
        if not wrong:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, every statement has its kind")
        details = [] if self.parts else [f"Not yet right: {', '.join(wrong)}."]  # parts list them in their tally
        details += [problem for found in invalid.values() for problem in found]
        labelled = {sid: document.get(sid) for sid in wrong if sid not in invalid}
        named = set()
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, {**self.context, **context}, question=self.qid)
            ids = [sid for sid in _ids_matching(labelled, predicted) if sid not in named]
            if ids:
                details.append(f"{', '.join(ids)}: {misconception.message}")
                named.update(ids)
        if unnamed := [sid for sid in labelled if sid not in named]:
            details.append(
                f"{', '.join(unnamed)}: Read each of those statements against the table of kinds again: "
                "which test does it pass?"
            )
        title = f"{self.qid}: {len(wrong)} of {len(expected)} statements are not labelled right yet"
        outcome = Outcome(Status.INCORRECT, title, details)
        return self.scored(outcome, {sid: sid not in wrong for sid in expected})


class AskQuestion(_Worded):
    """One question per dimension, checked by rule: a question, on its dimension, proposing no design, not a copy.

    ``misconceptions`` are matched by name: ``"answer assumed"`` (a statement, not a question),
    ``"solution proposed"`` (a technology named) and ``"one question pasted"`` (the same question
    in several slots, which counts once); their predictions are never run.
    """

    missing = "question for {key!r}"

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if isinstance(answer, dict):
            return {str(k).strip().lower(): v for k, v in answer.items()}  # "Scale" is scale
        return answer

    def _named(self, name: str) -> str:
        return next(m.message for m in self.misconceptions if m.name == name)

    def _problem(self, dimension: str, found) -> str | None:
        where = f"`{self.name}[{dimension!r}]`"
        if not found.asked:
            return f"{where} is too short to say what engineering needs to know."
        if found.technology:
            return f"{where} names a design ({found.technology}). {self._named('solution proposed')}"
        if not found.is_question:
            return f"{where} is not a question. {self._named('answer assumed')}"
        if not found.on_topic:
            words = ", ".join(DIMENSIONS[dimension][:5])
            return f"{where} does not ask about {dimension}: use a word of its row of the table ({words}, ...)."
        return None

    def _copies(self, document: dict, problems: dict) -> dict:
        """Each dimension whose question repeats one that already counts for an earlier dimension, and which."""
        counted, copies = {}, {}
        for dimension in DIMENSIONS:
            text = document.get(dimension)
            key = normalise(text) if isinstance(text, str) else None
            if key is None or problems.get(dimension):
                continue
            if key in counted:
                copies[dimension] = counted[key]
            else:
                counted[key] = dimension
        return copies

    def check_visible(self, namespace: dict) -> Outcome:
        return self.check_key(namespace)

    def check_key(self, namespace: dict, expected: Any = None, **context: Any) -> Outcome:
        document, invalid = self._scored_form(namespace, list(DIMENSIONS))
        findings = coverage(document)
        problems = {d: None if d in invalid else self._problem(d, f) for d, f in findings.items()}
        for dimension, first in self._copies(document, problems).items():
            problems[dimension] = (
                f"`{self.name}[{dimension!r}]` is the question of `{self.name}[{first!r}]` again. "
                f"{self._named('one question pasted')}"
            )
        details = [p for found in invalid.values() for p in found] + [p for p in problems.values() if p]
        passed = {d: d not in invalid and problems[d] is None for d in DIMENSIONS}
        if all(passed.values()):
            return Outcome(Status.CORRECT, f"{self.qid}: correct, all six dimensions are asked about")
        missed = sum(not ok for ok in passed.values())
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: {missed} of 6 dimensions are not covered yet", details)
        return self.scored(outcome, passed)


REPLIES = ("commit", "commit with conditions", "do not commit yet")


def reply_for(open_assumptions: int, checks_left: int) -> str:
    """The brief's rule: commit with nothing open; with conditions when the checks before the go/no-go cover them; else not yet."""
    if open_assumptions == 0:
        return "commit"
    return "commit with conditions" if open_assumptions <= checks_left else "do not commit yet"


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?:\s+\d{{4}})?|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    r"|\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\b|\b(?:19|20)\d{2}\b|£\s*\d[\d,.]*|\b\d+\s*%",
    re.IGNORECASE,
)


def without_dates(text: Any) -> Any:
    """``text`` with its dates, times of day, years, prices and shares left out: they are not the counts a reply rests on.

    "live by 2 November" -> "live by [date]", so its 2 is not read as two open assumptions.
    """
    return _DATE.sub("[date]", text) if isinstance(text, str) else text


class ReplyQuestion(_Worded):
    """The reply to the stakeholder, read against the learner's own labels (``labels_name``) where they give any.

    Ids are read in any case ("a4" is A4); the reply's option in any case, spacing or closing full
    stop (core). The reason must quote a count the decision rests on (the open assumptions, the
    checks possible before the go/no-go, the weeks left), in digits or words; a date is not one.
    """

    missing = "{key!r}"

    def __init__(self, qid, notebook, name, *, labels_name: str, list_fields, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.labels_name = labels_name
        self.list_fields = tuple(list_fields)

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if not isinstance(answer, dict):
            return answer
        fixed = dict(answer)
        for field in self.list_fields:
            value = fixed.get(field)
            if isinstance(value, list | tuple | set | frozenset):
                fixed[field] = sorted(str(v).strip().upper() for v in value)
        if "reason" in fixed:
            fixed["reason"] = without_dates(fixed["reason"])
        return fixed

    def _listed(self, namespace: dict) -> dict:
        """The learner's lists of ids, where they are lists; nothing when the answer cannot be read."""
        try:
            answer = self.lookup(namespace)
        except Exception:  # an answer that cannot be read is reported by the check itself
            return {}
        if not isinstance(answer, dict):
            return {}
        return {field: answer[field] for field in self.list_fields if isinstance(answer.get(field), list)}

    def _own_labels(self, namespace: dict, key_labels: dict) -> dict | None:
        """The learner's labels of the key's statements that are one of the kinds; None when there are none."""
        own = namespace.get(self.labels_name)
        if not isinstance(own, dict):
            return None
        own = {str(k).strip().upper(): kind_label(v) for k, v in own.items()}
        usable = {sid: own[sid] for sid in key_labels if own.get(sid) in KINDS}
        return usable or None

    def _read_against(self, own_labels: dict | None, key_labels: dict, assumptions: list, risks: list) -> str:
        """Which labels the grader read the reply against, and what they hold."""
        counts = f"{len(assumptions)} assumption(s), {len(risks)} risk(s)"
        if own_labels is None:
            return (
                f"`{self.labels_name}` gives no statement one of the kinds, so the grader read `{self.name}` "
                f"against the answer key's labels: {counts}."
            )
        unlabelled = [sid for sid in key_labels if sid not in own_labels]
        gap = f" ({', '.join(unlabelled)} had no kind there, so either list may hold it)" if unlabelled else ""
        return f"The grader read `{self.name}` against your `{self.labels_name}` of Q2{gap}: {counts}."

    def check_key(
        self, namespace: dict, expected: dict | None = None, key_labels: dict | None = None,
        weeks_left: int = 0, checks_per_week: int = 1, **context: Any,
    ) -> Outcome:  # fmt: skip
        key_labels = key_labels or {}
        own_labels = self._own_labels(namespace, key_labels)
        labels = own_labels if own_labels is not None else key_labels
        assumptions, risks = ids_of(labels, "assumption"), ids_of(labels, "risk")
        if own_labels is not None:  # a statement the learner gave no kind may be in either list, as they chose
            listed = self._listed(namespace)
            unlabelled = [sid for sid in key_labels if sid not in own_labels]
            assumptions = sorted(
                {*assumptions, *(s for s in listed.get("assumptions_to_verify", []) if s in unlabelled)}
            )
            risks = sorted({*risks, *(s for s in listed.get("risks_to_raise", []) if s in unlabelled)})
        checks = weeks_left * checks_per_week
        own = {
            "reply": reply_for(len(assumptions), checks),
            "assumptions_to_verify": assumptions,
            "risks_to_raise": risks,
        }
        figures = {"reason": [len(assumptions), checks, weeks_left]}
        outcome = super().check_key(namespace, expected=own, figures=figures, **context)
        if outcome.status is not Status.CORRECT:
            outcome.details.append(self._read_against(own_labels, key_labels, assumptions, risks))
        return outcome
