"""Comparing and printing numbers the way a learner reads them.

``fmt`` and ``exact`` are the two ways a number is written; messages reach them through
``feedback.shown``, which also writes flags, tables, dicts and lists.
"""

from __future__ import annotations

import math


def close(actual: float, expected: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(actual, expected, rel_tol=rel_tol, abs_tol=abs_tol)


def fmt(value: float) -> str:
    """4 significant figures with thousands separators: 1,157, 0.02315, 3.5e+12."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return repr(value)
    if value == 0 or not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e15 or abs(value) < 1e-4:
        return f"{value:.4g}"
    digits = max(0, 3 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact(value: float) -> str:
    """``fmt`` unless its 4 figures change what the number says (0.99999 as 1, 365.25 as 365.2): then
    the number in full, for inputs a learner must reproduce and for values compared to many figures."""
    shown = fmt(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return shown
    try:
        if float(shown.replace(",", "")) == value:
            return shown
    except ValueError:
        return shown
    full = repr(float(value)) if isinstance(value, float) else f"{value:,}"
    return full if len(full) <= 12 else shown


ZERO_GUARD = 1e-9
"""An ``abs_tol`` below this only lets 0 match 1e-17: the learner is not told about it beside a relative one."""


def tolerance(rel_tol: float, abs_tol: float = 0.0) -> str:
    """How close counts as matching ("1%", "0.2% or ± 1", "± 0.03"); "" when only an exact match counts."""
    parts = []
    if rel_tol:
        parts.append(f"{fmt(rel_tol * 100)}%")
    if abs_tol >= ZERO_GUARD:
        parts.append(f"± {fmt(abs_tol)}")
    return " or ".join(parts) or (f"± {fmt(abs_tol)}" if abs_tol else "")
