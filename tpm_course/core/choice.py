"""A question answered by picking one option from a fixed set: the decisions."""

from __future__ import annotations

from typing import Any

from .feedback import shown
from .outcome import Outcome, Status
from .question import Question
from .text import is_option, normalise


class ChoiceQuestion(Question):
    """The learner sets ``name`` to one of ``options`` (case and spacing do not matter)."""

    def __init__(self, qid, notebook, name, *, options, expected: str | None = None, kind: str = "decision", **kwargs):
        super().__init__(qid, notebook, name, **kwargs)
        self.options = list(options)
        self.expected = expected
        self.kind = kind  # what an option is: "decision" (the numbers support one), "label"...

    def _form(self, namespace: dict) -> str:
        """The option the learner picked; WrongForm when the answer is none of them."""
        answer = self.lookup(namespace)
        chosen = [o for o in self.options if is_option(answer, o)]
        if not chosen:
            listed = ", ".join(f"`{o}`" for o in self.options)
            raise self.wrong_form(
                f"`{self.name}` is not one of the options", f"You gave {shown(answer)}. Pick one of: {listed}."
            )
        return chosen[0]

    def check_visible(self, namespace: dict) -> Outcome:
        if self.expected is not None:
            return self.check_key(namespace, expected=self.expected)
        answer = self._form(namespace)
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` = `{answer}` is one of the options",
            [f"The grader checks the {self.kind} when you submit."],
        )

    def check_key(self, namespace: dict, expected: str = "", **context: Any) -> Outcome:
        answer = self._form(namespace)
        same = lambda a, b: normalise(a) == normalise(b)  # noqa: E731
        if same(answer, expected):
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{answer}`")
        misconception = self.misconception_for(answer, expected, context, same)
        details = [f"You chose `{answer}`."]
        if self.kind == "decision":
            fallback, title = (
                "The numbers in this notebook do not support that decision.",
                "the decision the numbers support",
            )
        else:
            fallback, title = f"Read the definitions again: which {self.kind} fits?", f"the right {self.kind}"
        details.append(misconception.message if misconception else fallback)
        return Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` is not {title}", details)
