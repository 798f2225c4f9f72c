"""Question kinds of module 00: a brief's labels, the questions for a vague ask, and the reply to the stakeholder."""

from __future__ import annotations

from typing import Any

from tpm_course.core import DocumentQuestion
from tpm_course.core.outcome import Outcome, Status
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


class LabelsQuestion(DocumentQuestion):
    """A brief's statements labelled with their kinds; every known confusion the answer holds is named."""

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if isinstance(answer, dict):
            return {str(k).strip(): kind_label(v) for k, v in answer.items()}
        return answer

    def _matches(self, document: dict, fields: dict) -> bool:
        """A confusion matches when any statement it names carries the wrong kind it predicts (or one of a tuple of them)."""
        return any(document.get(sid) in (kind if isinstance(kind, tuple) else (kind,)) for sid, kind in fields.items())

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        document = self._form(namespace)
        expected = expected or {}
        wrong = [sid for sid, kind in expected.items() if document.get(sid) != kind]
        if not wrong:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, every statement has its kind")
        details = [] if self.parts else [f"Not yet right: {', '.join(wrong)}."]  # parts list them in their tally
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, {**self.context, **context}, question=self.qid)
            if predicted and self._matches({sid: document.get(sid) for sid in wrong}, predicted):
                details.append(misconception.message)
        if len(details) == (0 if self.parts else 1):
            details.append("Read each of those statements against the table of kinds again: which test does it pass?")
        title = f"{self.qid}: {len(wrong)} of {len(expected)} statements are not labelled right yet"
        outcome = Outcome(Status.INCORRECT, title, details)
        return self.scored(outcome, {sid: sid not in wrong for sid in expected})


class AskQuestion(DocumentQuestion):
    """One question per dimension, checked by rule: a question, on its dimension, proposing no design.

    ``misconceptions`` are matched by name: ``"answer assumed"`` (a statement, not a question)
    and ``"solution proposed"`` (a technology named); their predictions are never run.
    """

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

    def check_visible(self, namespace: dict) -> Outcome:
        return self.check_key(namespace)

    def check_key(self, namespace: dict, expected: Any = None, **context: Any) -> Outcome:
        document = self._form(namespace)
        findings = coverage(document)
        problems = {d: self._problem(d, f) for d, f in findings.items()}
        details = [p for p in problems.values() if p]
        if not details:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, all six dimensions are asked about")
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: {len(details)} of 6 dimensions are not covered yet", details)
        return self.scored(outcome, {d: p is None for d, p in problems.items()})


REPLIES = ("commit", "commit with conditions", "do not commit yet")


def reply_for(open_assumptions: int, weeks_left: int) -> str:
    """The brief's rule: commit with nothing open; with conditions when one check a week fits; else not yet."""
    if open_assumptions == 0:
        return "commit"
    return "commit with conditions" if open_assumptions <= weeks_left else "do not commit yet"


class ReplyQuestion(DocumentQuestion):
    """The reply to the stakeholder, read against the learner's own labels (``labels_name``) where they are usable."""

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
                fixed[field] = sorted(str(v).strip() for v in value)
        return fixed

    def _own_labels(self, namespace: dict, key_labels: dict) -> dict | None:
        """The learner's labels when they give every statement of the key a kind, else None."""
        own = namespace.get(self.labels_name)
        if not isinstance(own, dict):
            return None
        own = {str(k).strip(): kind_label(v) for k, v in own.items()}
        return own if all(own.get(sid) in KINDS for sid in key_labels) else None

    def check_key(
        self, namespace: dict, expected: dict | None = None, key_labels: dict | None = None,
        weeks_left: int = 0, **context: Any,
    ) -> Outcome:  # fmt: skip
        key_labels = key_labels or {}
        own_labels = self._own_labels(namespace, key_labels)
        labels = own_labels or key_labels
        assumptions, risks = ids_of(labels, "assumption"), ids_of(labels, "risk")
        own = {
            "reply": reply_for(len(assumptions), weeks_left),
            "assumptions_to_verify": assumptions,
            "risks_to_raise": risks,
        }
        figures = {"reason": [len(assumptions), weeks_left]}
        outcome = super().check_key(namespace, expected=own, figures=figures, **context)
        if outcome.status is not Status.CORRECT:
            outcome.details.append(
                f"The grader read `{self.name}` against your `{self.labels_name}` of Q2: "
                f"{len(assumptions)} assumption(s), {len(risks)} risk(s)."
                if own_labels
                else f"`{self.labels_name}` does not give every statement a kind, so the grader read `{self.name}` "
                "against the answer key's labels."
            )
        return outcome
