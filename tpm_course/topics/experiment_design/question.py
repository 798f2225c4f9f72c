"""Question kinds of exercises 09 and 10: every known mistake of a plan named; whole counts graded exactly."""

from __future__ import annotations

from tpm_course.core import DocumentQuestion, FunctionQuestion, Misconception


class EveryMistakeNamed(DocumentQuestion):
    """A plan of independent fields: each wrong field that shows a known misconception gets its message.

    Core names the first matching misconception; a plan with days for weeks and a percentage for a
    share holds two, and the learner should read both.
    """

    def misconception_for(self, answer, expected, context, same):
        context = {**self.context, **context}
        found = []
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, context, question=f"{self.notebook} {self.qid}")
            if predicted is not None and same(answer, predicted) and misconception.message not in found:
                found.append(misconception.message)
        if len(found) <= 1:
            return super().misconception_for(answer, expected, context, same)
        return Misconception("several", " ".join(found), lambda expected, **_: None)


class WholeCount(FunctionQuestion):
    """A count graded exactly, whose misconceptions are recognised within one unit either way.

    A wrong method's prediction may round differently from the learner (2 × ⌈n⌉ or ⌈2n⌉ for both
    arms); the answer itself must be the one whole number the method gives.
    """

    def misconception_for(self, answer, expected, context, same):
        def within_one(actual, predicted) -> bool:
            try:
                return abs(float(actual) - float(predicted)) <= 1
            except (TypeError, ValueError):
                return same(actual, predicted)

        return super().misconception_for(answer, expected, context, within_one)
