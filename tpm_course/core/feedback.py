"""How feedback shows things to a learner: one way to show a value, one way to cap a long list.

``shown(value)`` is the only formatter of a learner's value or of a case's input in a
message: numbers to 4 significant figures with thousands separators (``numbers.fmt``), or in
full where 4 figures would change them (``full=True``, ``numbers.exact``); flags as True or
False; tables by their size; dicts and lists item by item; anything else as Python writes it,
cut short when long. ``capped(lines)`` keeps the first ``MAX_LINES`` lines of a list of
problems and says how many more there are.
"""

from __future__ import annotations

from typing import Any

from . import units
from .numbers import exact, fmt
from .structure import as_mapping, as_sequence, is_flag, unwrap

MAX_LINES = 5
"""The lines of one kind a message lists before "… and N more." (differences, problems, cases)."""

MAX_CHARS = 60
"""The longest a value written as Python is shown; longer ones are cut and end in "..."."""


def capped(lines: list[str], cap: int = MAX_LINES) -> list[str]:
    """The first ``cap`` lines, then "… and N more." when there are N more."""
    lines = list(lines)
    if len(lines) <= cap:
        return lines
    return [*lines[:cap], f"… and {len(lines) - cap} more."]


def shown(value: Any, unit: str | None = None, *, full: bool = False) -> str:
    """``value`` as a learner reads it in feedback; a number is followed by ``unit``'s label.

    ``full`` shows numbers in full where 4 significant figures would change them: inputs a
    learner retypes, and values compared to more figures than 4.
    """
    value = unwrap(value)
    if is_flag(value):
        return repr(bool(value))
    if units.is_number(value):
        text = exact(value) if full else fmt(value)
        return f"{text} {units.label(unit)}" if unit else text
    if hasattr(value, "shape") and hasattr(value, "columns"):  # a DataFrame: its size, not its cells
        return f"<table of {fmt(value.shape[0])} rows>"
    fields = as_mapping(value)
    if fields is not None:
        return "{" + ", ".join(f"{k!r}: {shown(v, full=full)}" for k, v in fields.items()) + "}"
    items = None if isinstance(value, str) else as_sequence(value)
    if items is not None:
        inside = ", ".join(shown(v, full=full) for v in items)
        return f"({inside}{',' if len(items) == 1 else ''})" if isinstance(value, tuple) else f"[{inside}]"
    text = repr(value)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 3] + "..."
