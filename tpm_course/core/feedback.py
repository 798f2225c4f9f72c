"""How feedback shows things to a learner: one way to show a value, one way to cap a long list.

``shown(value)`` is the only formatter of a learner's value or of a case's input in a
message: numbers to 4 significant figures with thousands separators (``numbers.fmt``), or in
full where 4 figures would change them (``full=True``, ``numbers.exact``); flags as True or
False; tables by their size; dicts and lists item by item; anything else as Python writes it,
cut short when long. ``capped(lines)`` keeps the first ``MAX_LINES`` lines of a list of
problems and says how many more there are. ``readable(value, unit)`` writes a figure on a widget
or a chart as people read it: 1,736 req/s, 2.0 M users, 1.9 Tbit/s.
"""

from __future__ import annotations

import math
from typing import Any

from . import units
from .numbers import exact, fmt
from .structure import as_mapping, as_sequence, is_flag, unwrap

MAX_LINES = 5
"""The lines of one kind a message lists before "… and N more." (differences, problems, cases)."""

MAX_CHARS = 60
"""The longest a value written as Python is shown; longer ones are cut and end in "..."."""


def capped(lines: list[str], cap: int = MAX_LINES) -> list[str]:
    """The first ``cap`` lines, then "… and N more." when there are N more (never "1 more": that line
    itself takes no more room)."""
    lines = list(lines)
    if len(lines) <= cap + 1:
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


_PREFIXED = ("bit/s", "bit", "B", "B/s", "W")  # units that take a metric prefix: 1.9 Tbit/s, 150 kB
_PREFIXES = ((1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
_LARGE = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"))  # counts: 2.0 M users, 1.2 bn requests


def readable(value: float, unit: str = "") -> str:
    """A figure on a widget or a chart as people read it, never in scientific or SI-suffix notation.

    Counts take thousands separators up to a million, then ``M``, ``bn``, ``tn`` (2.0 M users,
    15 M users); units of ``_PREFIXED`` take a metric prefix (1.9 Tbit/s, 150 kB): one decimal
    below 10, whole numbers above. Below the first scale, whole numbers from 100 up (1,736 req/s)
    and three significant figures at most below (2.5, 0.125).
    """
    if is_flag(value) or not units.is_number(value):
        raise TypeError(f"readable() writes numbers, not {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        return f"{value} {unit}".strip()
    scales = [(s, f"{p}{unit}") for s, p in _PREFIXES] if unit in _PREFIXED else [(s, w) for s, w in _LARGE]
    for scale, name in scales:
        if abs(value) >= scale * 0.9995:
            scaled = value / scale
            text = f"{scaled:,.0f}" if abs(scaled) >= 10 else f"{scaled:.1f}"
            return f"{text} {name}" if unit in _PREFIXED else f"{text} {name} {unit}".rstrip()
    return f"{_plain(value)} {unit}".rstrip()


def _plain(value: float) -> str:
    """A number below the scales: whole with separators from 100 up, else three significant figures."""
    if abs(value) >= 100 or value == 0:
        return f"{value:,.0f}"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")
