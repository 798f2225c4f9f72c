"""Question kinds of module 06: answers read in the forms a learner may reasonably give them.

A plan is a set of item ids: a list, tuple, set or pandas object of them, in any order. A ratio
may be a fraction or text with its unit ("12 %"). A Kano
category may be written with a space or a hyphen ("one dimensional"). A roadmap's lists of ids
are sets too, and must hold every backlog item once across now, next and later.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tpm_course.core import DocumentQuestion, FunctionQuestion, structure, units
from tpm_course.core.feedback import shown


def id_set(value: Any) -> Any:
    """Item ids as a sorted list of text, from any collection of them; anything else unchanged."""
    if isinstance(value, str | bytes | dict) or value is None:
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(v).strip() for v in value)
    return value


def kano_label(value: Any) -> Any:
    """A category spelt with a space where the table has a hyphen, read as the table spells it."""
    if isinstance(value, str):
        return "-".join(value.strip().lower().replace("_", " ").split())
    return value


class RatioDocumentQuestion(DocumentQuestion):
    """A document whose ``percent_fields`` may also be written as text with a unit ("12 %")."""

    def __init__(self, qid, notebook, name, *, percent_fields, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.percent_fields = tuple(percent_fields)

    def lookup(self, namespace: dict) -> Any:
        answer = super().lookup(namespace)
        if not isinstance(answer, dict):
            return answer
        read = dict(answer)
        for field in self.percent_fields:
            if isinstance(read.get(field), str):
                try:
                    read[field] = units.magnitude(read[field], None)
                except (TypeError, units.UnitMismatch):
                    pass  # left as text: the schema says that it is not a number
        return read


class PlanQuestion(FunctionQuestion):
    """A function returning a set of item ids, compared as a sorted list.

    A plan of the wrong size is a wrong plan, not a wrong form: it is read for the misconception
    that would give it (a constraint left out adds or drops items) before its size is mentioned.
    """

    def _compare(self, case, result):
        result = id_set(result)
        failure = super()._compare(case, result)
        if failure is None or failure.misconception is not None:
            return failure
        if not isinstance(result, list):
            found = f"returned {shown(result)}, which is not a collection of item ids (a list, a tuple or a set)"
            return replace(failure, found=found)
        same = lambda a, e: structure.same(a, e, self.rel_tol, self.abs_tol)  # noqa: E731
        inputs = {**case.inputs, **case.context}
        misconception = self.misconception_for(result, case.expected, inputs, same)
        return replace(failure, found=f"returned {shown(result)}", misconception=misconception, off_target=True)


class KanoQuestion(FunctionQuestion):
    """A function returning {feature: Kano category}; categories are read with either spelling."""

    def _compare(self, case, result):
        if hasattr(result, "to_dict") and hasattr(result, "index"):
            result = result.to_dict()
        if isinstance(result, dict):
            result = {str(k): kano_label(v) for k, v in result.items()}
        return super()._compare(case, result)


class RoadmapQuestion(DocumentQuestion):
    """A roadmap document whose lists are sets of ids that share out the whole backlog."""

    def __init__(self, qid, notebook, name, *, id_fields, items, **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.id_fields = tuple(id_fields)
        self.items = tuple(items)

    def lookup(self, namespace: dict) -> Any:
        return self._sets(super().lookup(namespace))

    def _sets(self, fields: Any) -> Any:
        """A document, key or prediction with its lists of ids sorted."""
        if not isinstance(fields, dict):
            return fields
        return {k: id_set(v) if k in self.id_fields else v for k, v in fields.items()}

    def _matches(self, document: dict, fields: dict) -> bool:
        return super()._matches(document, self._sets(fields))

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any):
        return super().check_key(namespace, self._sets(expected), **context)

    def _form(self, namespace: dict) -> dict:
        document = super()._form(namespace)
        placed = [item for slot in ("now", "next", "later") for item in document.get(slot, [])]
        twice = sorted({item for item in placed if placed.count(item) > 1})
        missing = sorted(set(self.items) - set(placed))
        details = []
        if twice:
            details.append(f"In more than one of them: {', '.join(twice)}.")
        if missing:
            details.append(f"In none of them: {', '.join(missing)}.")
        if details:
            raise self.wrong_form("`now`, `next` and `later` must hold every backlog item exactly once", *details)
        return document
