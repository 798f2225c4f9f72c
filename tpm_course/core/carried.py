"""Errors carried forward: an answer built on the learner's own earlier answer is judged on it.

A field the key finds wrong but that agrees with what the learner's own earlier answer gives
(a question's ``follows(namespace, context)``) is right where it is built on it: that mistake was
charged where it was made. The feedback says so (``note``), naming the earlier answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def carried(
    expected: dict, given: dict, own: dict | None, same: Callable[[str, Any, Any], bool]
) -> tuple[dict, list[str]]:
    """The key with each field of ``given`` that is wrong by it but agrees with ``own`` set to ``own``'s
    value (``same(field, given value, value)``), and those fields."""
    changed = {}
    for key, right in expected.items():
        if key in (own or {}) and key in given and not same(key, given[key], right) and same(key, given[key], own[key]):
            changed[key] = own[key]
    return {**expected, **changed}, list(changed)


def note(fields: list[str], follows_from: str) -> str:
    """What the feedback says of ``fields`` carried forward from the learner's own ``follows_from``."""
    names = " and ".join(f"`{k}`" for k in fields)
    return (
        f"Your {names} {'agrees' if len(fields) == 1 else 'agree'} with what your own {follows_from} "
        "gives, which is not right yet: that mistake is charged there, not again here."
    )
