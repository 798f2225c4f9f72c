"""How module 06 reads answers written as a person writes them: money, a rating with its ratio, options, sentences.

Each reader returns the plain value it recognises, or the answer unchanged: the schema then says
what is wrong with it, and with partial credit only that field loses its part.
"""

from __future__ import annotations

import re
from typing import Any

_MONEY = re.compile(
    r"^(?:US)?\$?\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?\s*(?P<thousands>k)?\s*"
    r"(?:USD|dollars?)?\s*(?:(?:a|per|/)\s*quarter)?$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^(?:(?:SQALE\s+)?rating\s+)?(?P<letter>[A-E])(?:\s*[(\[:,;–—-].*)?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$\"'(])")


def money(value: Any) -> Any:
    """Dollars written as text ("$22,550", "22,550 USD", "$22.5k a quarter") as a number; anything else unchanged."""
    if not isinstance(value, str):
        return value
    found = _MONEY.match(value.strip())
    if not found:
        return value
    number = float(found["whole"].replace(",", "") + (found["fraction"] or ""))
    return number * 1_000 if found["thousands"] else number


def rating_letter(value: Any) -> Any:
    """A rating written with its ratio or in lower case ("C (12 %)", "c", "rating C") as its letter."""
    if not isinstance(value, str):
        return value
    found = _LETTER.match(value.strip())
    return found["letter"].upper() if found else value


def named_option(value: Any, options: dict[str, tuple[str, ...]]) -> Any:
    """The one option whose words the text uses ("CD3 (cost of delay / duration)" -> "CD3"); else unchanged.

    ``options`` maps each option to the words that name it. Text that names two options, or
    none, is left as it is.
    """
    if not isinstance(value, str):
        return value
    words = re.findall(r"[a-z0-9]+", value.lower())
    named = [
        option for option, names in options.items() if any(word.startswith(name) for word in words for name in names)
    ]
    return named[0] if len(named) == 1 else value


def sentences(value: Any) -> Any:
    """A text of several sentences as a list of them; a list (or anything else) unchanged."""
    if not isinstance(value, str):
        return value
    return [part.strip() for part in _SENTENCE_END.split(value.strip()) if part.strip()]
