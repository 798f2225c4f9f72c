"""A question answered in words: each named text is reviewed by the specs library, then graded on a key.

The learner writes a dict of texts (``{"R1": "When …, the … shall …"}``) or one text (a
YAML spec). ``review(item, text)`` finds what any reader would flag; ``grade(item, text,
key)`` adds what the hidden key asks for (a pattern, concepts to keep, a load to hold at).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tpm_course.core.feedback import capped, shown
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.question import Question, is_placeholder


def _a(value: Any) -> str:
    """The kind of ``value`` with its article: "a list", "an int"."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


@dataclass(frozen=True)
class TextMisconception:
    """A typical wrong answer in words, recognised in the text itself: ``found(item, text, key)``."""

    name: str
    message: str
    found: Callable[[str | None, Any, dict], bool]
    items: tuple[str, ...] | None = None  # the items it can appear in (None: any)

    def applies(self, item: str | None, text: Any, key: dict) -> bool:
        if self.items is not None and item not in self.items:
            return False
        try:
            return bool(self.found(item, text, key))
        except (TypeError, ValueError, KeyError, AttributeError):
            return False


class TextQuestion(Question):
    """The learner sets ``name`` to a dict of texts keyed by ``items``, or to one text when ``items`` is None."""

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        items: tuple[str, ...] | None,
        review: Callable[[str | None, Any], list[str]],
        grade: Callable[[str | None, Any, dict], list[str]] | None = None,
        text_misconceptions: list[TextMisconception] = (),
        expected: dict | None = None,
        accepts: tuple[type, ...] = (str,),
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.items = items
        self.review = review
        self.grade = grade
        self.text_misconceptions = list(text_misconceptions)
        self.expected = expected
        self.accepts = accepts

    def _form(self, namespace: dict, *, graded: bool = False) -> dict:
        """The answer as {item: text} ({None: text} for one text); WrongForm saying why when it is not.

        ``graded`` with partial credit: an item still ``...`` or not text is left out (``self._invalid``
        says why) and loses its own part; the others are still read.
        """
        self._invalid = {}
        answer = self.lookup(namespace)

        def wrong(why):
            return self.wrong_form(f"`{self.name}` is not an answer of the right kind", why)

        if self.items is None:
            if not isinstance(answer, self.accepts):
                kinds = " or ".join({"str": "text (a string)"}.get(t.__name__, t.__name__) for t in self.accepts)
                raise wrong(f"It is {_a(answer)}; it should be a {kinds}.")
            return {None: answer}
        if not isinstance(answer, dict):
            keys = ", ".join(repr(i) for i in self.items)
            raise wrong(f"It is {_a(answer)}; it should be a dict with the keys {keys}.")
        missing = [i for i in self.items if i not in answer]
        if missing:
            raise wrong(f"The key(s) {', '.join(map(repr, missing))} are missing; keep the keys of the template.")
        invalid = self._invalid_items(answer)
        if invalid and (not graded or self.parts is None or len(invalid) == len(self.items)):
            unfinished = [i for i, why in invalid.items() if why.startswith("not finished")]
            title = "is not finished" if len(unfinished) == len(invalid) else "is not an answer of the right kind"
            raise self.wrong_form(f"`{self.name}` {title}", *[f"{item!r} is {why}" for item, why in invalid.items()])
        self._invalid = invalid  # with partial credit, each of these loses its own part (``_verdict``)
        return {i: answer[i] for i in self.items if i not in invalid}

    def _invalid_items(self, answer: dict) -> dict:
        """The items still ``...`` or not text, and why: ``{"R3": "not finished: replace its `...`"}``."""
        invalid = {}
        for item in self.items:
            if is_placeholder(answer[item]):
                invalid[item] = "not finished: replace its `...` with your text"
            elif not isinstance(answer[item], self.accepts):
                invalid[item] = f"{_a(answer[item])}: it should be text (a string in quotes)"
        return invalid

    def _problems(self, answers: dict, key: dict | None) -> dict:
        """Each item's problems (``{None: [...]}`` for one text)."""
        problems = {}
        for item, text in answers.items():
            try:
                found = self.review(item, text)
                if key is not None and self.grade is not None:
                    found += self.grade(item, text, key.get(item, {}) if item is not None else key)
            except (TypeError, ValueError) as error:  # text that cannot be read: say why, never crash
                found = [str(error)]
            problems[item] = found
        return problems

    def _misconceptions(self, answers: dict, key: dict | None) -> list[str]:
        messages = []
        for misconception in self.text_misconceptions:
            for item, text in answers.items():
                item_key = (key or {}).get(item, {}) if item is not None else (key or {})
                if misconception.applies(item, text, item_key) and misconception.message not in messages:
                    messages.append(misconception.message)
        return messages

    def _verdict(self, answers: dict, key: dict | None, *, graded: bool) -> Outcome:
        by_item = self._problems(answers, key)
        invalid = getattr(self, "_invalid", {})
        by_item = {item: by_item.get(item, [f"it is {invalid.get(item)}"]) for item in [*answers, *invalid]}
        if self.items is not None:
            by_item = {item: by_item[item] for item in self.items if item in by_item}
        problems = [(f"{item}: " if item is not None else "") + p for item, found in by_item.items() for p in found]
        if not problems:
            if graded:
                return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` passes every check")
            return Outcome(
                Status.PENDING,
                f"{self.qid}: `{self.name}` passes the checks a reader can make",
                ["The grader also checks it against the brief when you submit."],
            )
        outcome = Outcome(
            Status.INCORRECT,
            f"{self.qid}: `{self.name}` is not right yet ({len(problems)} problem(s))",
            self._misconceptions(answers, key) + capped(problems),
        )
        if not graded or self.items is None:
            return outcome
        return self.scored(outcome, {item: not found for item, found in by_item.items()})

    def check_visible(self, namespace: dict) -> Outcome:
        if self.expected is not None:
            return self.check_key(namespace, expected=self.expected)
        answers = self._form(namespace)
        return self._verdict(answers, None, graded=False)

    def check_key(self, namespace: dict, expected: dict | None = None, **context: Any) -> Outcome:
        answers = self._form(namespace, graded=True)
        return self._verdict(answers, expected or {}, graded=True)


class SpecQuestion(TextQuestion):
    """A one-page spec (one text or dict) reviewed section by section: each section with a problem costs a point.

    ``parts.points`` is the question's points; ``sections`` are the review's sections, in order. A spec
    that cannot be read (YAML that does not parse) earns nothing; otherwise every section the review
    or the answer key flags costs ``cost`` points, down to zero.
    """

    def __init__(self, qid, notebook, name, *, sections: list[str], cost: float = 1.0, **kwargs):
        super().__init__(qid, notebook, name, items=None, **kwargs)
        self.sections = list(sections)
        self.cost = cost

    def _verdict(self, answers: dict, key: dict | None, *, graded: bool) -> Outcome:
        outcome = super()._verdict(answers, key, graded=graded)
        if not graded or outcome.status is not Status.INCORRECT or self.parts is None:
            return outcome
        problems = self._problems(answers, key)[None]
        flagged = {p.split(":", 1)[0] for p in problems}
        if not flagged <= set(self.sections):
            return outcome  # the spec could not be read section by section: all or nothing
        return self._deducted(outcome, [s for s in self.sections if s in flagged])

    def _deducted(self, outcome: Outcome, flagged: list[str]) -> Outcome:
        points = self.parts.points
        earned = max(0.0, round(points - self.cost * len(flagged), 2))
        tally = (
            f"{len(flagged)} of {len(self.sections)} sections have a problem, each costing "
            f"{shown(self.cost)} point(s) of {shown(points)}: {', '.join(flagged)}"
        )
        if earned <= 0:
            return Outcome(outcome.status, outcome.title, [tally, *outcome.details], outcome.code, 0.0, points)
        title = f"{self.qid}: partly right, {shown(earned)} of {shown(points)} points"
        return Outcome(Status.PARTIAL, title, [tally, *outcome.details], outcome.code, earned, points)
