"""Reads answers given with units ("3.5 TB", "2.4 Gbit/s", "69,000 req/min", "$14,000") through pint.

A bare number is taken to be in the unit the question states. pint is imported only
when an answer carries a unit, so binding a notebook's checks stays cheap.
"""

from __future__ import annotations

import decimal
import numbers
import re
import shutil
from functools import lru_cache
from typing import Any

from . import kept
from .errors import TpmCourseError

# Spellings a TPM writes that pint reads otherwise ("Mb" is a megabarn to pint).
_SPELLINGS = [
    (re.compile(r"(?<![A-Za-z])([kKMGTPE]i?)b(?![A-Za-z])"), r"\1bit"),
    (re.compile(r"(?<![A-Za-z])(rps|qps|RPS|QPS)(?![A-Za-z])"), "request/second"),
    (re.compile(r"(?<=\d),(?=\d{3})"), ""),
    (re.compile(r"^(?:US)?\$\s*(.*)$"), r"\1 USD"),  # "$14,000" is 14000 USD
    (re.compile(r"^(.*?)\s*\$$"), r"\1 USD"),  # "14000 $"
]


class UnitMismatch(TpmCourseError, ValueError):
    """An answer's unit measures something other than what the question asks for."""


@lru_cache(maxsize=1)
def registry():
    import pint

    folder = kept.folder("pint")  # where the grader lets pint keep its parsed definitions
    ureg = None
    if folder:
        try:
            ureg = pint.UnitRegistry(cache_folder=str(folder))
        except Exception:  # not writable, or a file cut short (a grader killed while writing it): start afresh
            shutil.rmtree(folder, ignore_errors=True)
    ureg = ureg or pint.UnitRegistry()
    ureg.define("request = 1 = req")
    ureg.define("event = 1")
    ureg.define("message = 1 = msg")
    ureg.define("photo = 1")
    ureg.define("user = 1")
    ureg.define("USD = [currency] = usd = dollar = dollars")
    return ureg


def is_number(value: Any) -> bool:
    """A real number as a reader sees one: int, float, Fraction, Decimal, numpy's; never True/False."""
    if isinstance(value, decimal.Decimal):
        return not value.is_snan()  # float() refuses a signalling NaN
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def quantity(value: Any):
    """A pint Quantity of this course's registry from a string or any pint Quantity."""
    ureg = registry()
    if isinstance(value, str):
        text = value.strip()
        for pattern, replacement in _SPELLINGS:
            text = pattern.sub(replacement, text)
        return ureg.Quantity(text)
    if hasattr(value, "magnitude") and hasattr(value, "units"):
        return ureg.Quantity(value.magnitude, str(value.units))
    raise TypeError(f"{type(value).__name__} is not a quantity")


def _signature(q) -> str:
    return str(q.to_base_units().units)


_LABELS = {
    "byte": "bytes",
    "bit/second": "bit/s",
    "request/second": "req/s",
    "message/second": "messages/s",
    "minute": "min",
    "second": "s",
}


def label(unit: str) -> str:
    """How a unit reads after a number: ``byte`` -> ``bytes``, ``request/second`` -> ``req/s``."""
    return _LABELS.get(unit, unit)


def describe(unit: str) -> str:
    """A learner-facing name for what a unit measures."""
    kind = _signature(registry().Quantity(1, unit))
    return {
        "bit": "a data size",
        "bit / second": "a data rate",
        "1 / second": "a rate per second",
        "second": "a duration",
        "dimensionless": "a plain number",
        "USD": "a sum of money",
    }.get(kind, f"a quantity in {unit}")


def magnitude(value: Any, unit: str | None) -> float:
    """The answer as a float in ``unit``; bare numbers are taken to be in ``unit`` already.

    Raises TypeError for something that is not a number or quantity, and UnitMismatch
    when the unit measures the wrong thing (a size given for a rate).
    """
    if is_number(value):
        try:
            return float(value)
        except OverflowError:
            raise TypeError("the number is too large to compare") from None
    if unit is None and not isinstance(value, str):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    try:
        q = quantity(value)
    except TypeError:
        raise TypeError(f"expected a number or a quantity with a unit, got {type(value).__name__}") from None
    except Exception as error:  # pint raises several kinds for text it cannot read
        raise TypeError(f"could not read {value!r} as a quantity ({error})") from None
    if unit is None:
        if _signature(q) != "dimensionless":
            raise UnitMismatch(f"{value!r} has a unit; this answer is a plain number")
        return float(q.to("").magnitude)
    target = registry().Quantity(1, unit)
    if _signature(q) != _signature(target):
        raise UnitMismatch(f"{value!r} is {describe(str(q.units))}; this answer is {describe(unit)} ({unit})")
    return float(q.to(unit).magnitude)
