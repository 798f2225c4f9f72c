"""Errors carried forward: an answer built on the learner's own earlier answer is judged on it.

A field the key finds wrong but that agrees with what the learner's own earlier answer gives
(a question's ``follows(namespace, context)``) is right where it is built on it: that mistake was
charged where it was made. The feedback says so (``note``), naming the earlier answer; ``missed``
names a field that agrees with neither, and ``judged`` a field whose key is built from the learner's
own earlier answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def carried(
    expected: dict, given: dict, own_answers: Callable[[], dict | None], same: Callable[[str, Any, Any], bool]
) -> tuple[dict, list[str]]:
    """The key with each field of ``given`` that is wrong by it but agrees with ``own_answers()`` set to
    that value (``same(field, given value, value)``), and those fields. ``own_answers`` is called only
    when a field is wrong by the key (it may fetch a large table from the learner's kernel)."""
    wrong = [k for k, right in expected.items() if k in given and not same(k, given[k], right)]
    own = (own_answers() or {}) if wrong else {}
    changed = {k: own[k] for k in wrong if k in own and same(k, given[k], own[k])}
    return {**expected, **changed}, list(changed)


def listed(names: list[str]) -> str:
    """`a`, `a` and `b`, or `a`, `b` and `c`: names as a sentence gives them."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def named(follows_from: str | list[str]) -> tuple[str, bool]:
    """("your own A and your own B", several?) for the earlier answers ``follows_from`` names ("A")."""
    answers = [follows_from] if isinstance(follows_from, str) else list(follows_from)
    return listed([f"your own {answer}" for answer in answers]), len(answers) > 1


def note(fields: list[str], follows_from: str | list[str]) -> str:
    """What the feedback says of ``fields`` carried forward from the learner's own ``follows_from``
    (one earlier answer or several, each named as "`migration` (Q3)")."""
    names, several = named(follows_from)
    return (
        f"Your {listed([f'`{k}`' for k in fields])} {'agrees' if len(fields) == 1 else 'agree'} with what "
        f"{names} {'give' if several else 'gives'}, which {'are' if several else 'is'} not right yet: "
        "that mistake is charged there, not again here."
    )


def missed(fields: list[str], follows_from: str | list[str]) -> str:
    """What the feedback says of ``fields`` that agree neither with the key nor with ``follows_from``."""
    names, several = named(follows_from)
    was, does = ("were", "do") if len(fields) > 1 else ("was", "does")
    return (
        f"{listed([f'`{k}`' for k in fields])} {was} checked against what {names} "
        f"{'give' if several else 'gives'} as well, and {does} not agree with that either."
    )


def judged(fields: list[str], follows_from: str | list[str]) -> str:
    """What the feedback says of wrong ``fields`` whose key is the learner's own ``follows_from``
    (the key built from their earlier answers, not the brief's)."""
    names, several = named(follows_from)
    return (
        f"{listed([f'`{k}`' for k in fields])} {'is' if len(fields) == 1 else 'are'} judged against what "
        f"{names} {'give' if several else 'gives'}: your own earlier answers count here."
    )
