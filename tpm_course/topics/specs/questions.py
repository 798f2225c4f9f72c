"""A question answered in words: each named text is reviewed by the specs library, then graded on a key.

The learner writes a dict of texts (``{"R1": "When …, the … shall …"}``) or one text (a
YAML spec). ``review(item, text)`` finds what any reader would flag; ``grade(item, text,
key)`` adds what the hidden key asks for (a pattern, concepts to keep, a load to hold at).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tpm_course.core.feedback import capped
from tpm_course.core.outcome import Outcome, Status
from tpm_course.core.question import Question, is_placeholder


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

    def _form(self, namespace: dict) -> dict:
        """The answer as {item: text} ({None: text} for one text); WrongForm saying why when it is not."""
        answer = self.lookup(namespace)

        def wrong(why):
            return self.wrong_form(f"`{self.name}` is not an answer of the right kind", why)

        if self.items is None:
            if not isinstance(answer, self.accepts):
                kinds = " or ".join({"str": "text (a string)"}.get(t.__name__, t.__name__) for t in self.accepts)
                raise wrong(f"It is a {type(answer).__name__}; it should be a {kinds}.")
            return {None: answer}
        if not isinstance(answer, dict):
            keys = ", ".join(repr(i) for i in self.items)
            raise wrong(f"It is a {type(answer).__name__}; it should be a dict with the keys {keys}.")
        missing = [i for i in self.items if i not in answer]
        if missing:
            raise wrong(f"The key(s) {', '.join(map(repr, missing))} are missing; keep the keys of the template.")
        unfinished = [i for i in self.items if is_placeholder(answer[i])]
        if unfinished:
            raise self.wrong_form(
                f"`{self.name}` is not finished", f"Replace the `...` of {', '.join(map(repr, unfinished))}."
            )
        not_text = [i for i in self.items if not isinstance(answer[i], self.accepts)]
        if not_text:
            raise wrong(f"{', '.join(map(repr, not_text))} should be text (a string in quotes).")
        return {i: answer[i] for i in self.items}

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
        answers = self._form(namespace)
        return self._verdict(answers, expected or {}, graded=True)
