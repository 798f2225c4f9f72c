"""Does some planted submission make nbgrader show every misconception message an exercise declares?

A message no submission produces is either untested (add the submission a student holding the
misconception would write, to ``tests/submissions/ex<stem>.py``) or unreachable (its prediction
never differs from the right answer, or an earlier misconception always matches first).
Grading is real: the cohort of tests/conftest.py's ``graded_course`` (every planted submission,
graded into nbgrader's ``autograded/`` folder) is read from the autograded notebooks, as a
student would see them.
"""

from __future__ import annotations

import importlib

import pytest

from tpm_course.core.question import Question
from tpm_course.manifest import checks_module

from conftest import module_stems
from nbgrader_course import graded_outputs, submissions_for

STEMS = module_stems()
_STABLE_CHARACTERS = 60  # a message is recognised by its opening words, whatever follows or wraps


def declared_messages(stem: str) -> list[tuple[str, str, str]]:
    """(question, misconception name, message) of every misconception the exercise's checks declare."""
    module = importlib.import_module(checks_module(stem))
    declared = []
    for question in vars(module).values():
        if isinstance(question, Question):
            for misconception in [*question.misconceptions, *getattr(question, "text_misconceptions", [])]:
                declared.append((question.qid, misconception.name, misconception.message))
    return declared


def stable_part(text: str) -> str:
    """The opening words of a message with its spacing made plain, as matched in what a notebook shows."""
    return " ".join(text.split())[:_STABLE_CHARACTERS]


def shown_by_question(root, stem: str) -> dict[str, str]:
    """qid -> everything its test cell shows across every planted submission, spacing made plain."""
    shown: dict[str, list[str]] = {}
    for submission in submissions_for(stem):
        for qid, text in graded_outputs(root, stem, submission.name).items():
            shown.setdefault(qid, []).append(" ".join(text.split()))
    return {qid: "\n".join(texts) for qid, texts in shown.items()}


@pytest.mark.parametrize("stem", STEMS)
def test_every_declared_misconception_message_is_shown_by_a_planted_submission(graded_course, stem):
    declared = declared_messages(stem)
    shown = shown_by_question(graded_course, stem)
    never = [
        f"{qid} {name!r}: {stable_part(message)!r}"
        for qid, name, message in declared
        if stable_part(message) not in shown.get(qid, "")
    ]
    assert not never, (
        f"{len(never)} of {len(declared)} misconception messages of {stem} are shown by no planted submission "
        f"(add one to tests/submissions/ex{stem}.py, or remove an unreachable misconception):\n" + "\n".join(never)
    )
