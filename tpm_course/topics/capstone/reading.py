"""Reading a brief's values as written: shares as fractions, percentages or text with %, and how to show them."""

from __future__ import annotations

from typing import Any

SHARE = {"type": ["number", "string"], "minimum": 0, "maximum": 100, "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"}
NUMBER = {"type": "number", "exclusiveMinimum": 0}


def share(value: Any) -> float:
    """0.998, 99.8 and "99.8 %" alike as 0.998; ValueError for anything else.

    A bare number above 1 is a percentage; a share of 1 % or less written bare must be a
    fraction (0.005), or text with its sign ("0.5 %"), as the question says.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a share")
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if text.endswith("%"):
            return float(text[:-1]) / 100
        value = float(text)
    value = float(value)
    if value < 0 or value > 100:
        raise ValueError(f"{value!r} is not a share")
    return value / 100 if value > 1 else value


def percent(value: Any) -> float:
    """A stage of a rollout: 5 and "5 %" alike as 0.05 (a bare number is always a percentage here)."""
    if isinstance(value, str):
        return share(value)
    if isinstance(value, bool) or not 0 < float(value) <= 100:
        raise ValueError(f"{value!r} is not a percentage of the traffic")
    return float(value) / 100


def pct(value: float, decimals: int = 2) -> str:
    """0.99889 -> '99.89 %'; trailing zeros dropped."""
    text = f"{value * 100:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} %"


def num(value: float) -> str:
    """A number as a reader wants it in a sentence: 1,500 or 0.53 or 9,756.4."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"
