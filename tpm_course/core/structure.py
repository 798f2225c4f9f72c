"""Comparing answers that are more than one number: dicts, lists, text and flags, field by field.

A function that returns ``{"p_value": 0.012, "verdict": "go"}`` is right when every field of
the answer key is there and matches: numbers within tolerance, text regardless of case and
spacing, flags exactly. Extra fields are allowed.
"""

from __future__ import annotations

import decimal
import fractions
import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from tpm_course.core.units import is_number

from .numbers import close
from .text import normalise


def is_structured(expected: Any) -> bool:
    """A dict, list, tuple or flag: an answer key compared field by field, not read as a quantity."""
    return isinstance(expected, dict | list | tuple | bool)


def is_series(value: Any) -> bool:
    """A pandas Series: keyed by name, it reads as a dict."""
    return getattr(value, "ndim", None) == 1 and hasattr(value, "to_dict") and hasattr(value, "index")


def as_mapping(value: Any) -> Mapping | None:
    """A dict, or a pandas object keyed by name as a dict; None for anything else."""
    if isinstance(value, Mapping):
        return value
    if hasattr(value, "to_dict") and hasattr(value, "index"):  # a pandas Series keyed by name
        return value.to_dict()
    return None


def as_sequence(value: Any) -> list | None:
    """A list or tuple, or a one-dimensional numpy array or pandas Series, as a list; None otherwise."""
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1:  # numpy arrays, pandas Series
        return value.tolist()
    return None


def as_list(value: Any) -> list | None:
    """``as_sequence``, and a set as a list in a stable order (where the order does not count); None otherwise."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return as_sequence(value)


def is_flag(value: Any) -> bool:
    """True or False, numpy's included."""
    return isinstance(value, bool) or (type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"))


def unwrap(value: Any) -> Any:
    """A numpy scalar as the Python value it holds (284.225, not np.float64(284.225)), a Decimal or
    a Fraction as a float; anything else as it is."""
    if hasattr(value, "dtype") and hasattr(value, "item") and getattr(value, "ndim", 0) == 0:
        return value.item()
    if isinstance(value, decimal.Decimal | fractions.Fraction) and is_number(value):
        try:
            return float(value)
        except OverflowError:
            return value
    return value


def plain(value: Any) -> Any:
    """The value with numpy scalars turned into Python ones, inside dicts and lists too, as JSON would see it."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return unwrap(value)


def same(actual: Any, expected: Any, rel_tol: float, abs_tol: float) -> bool:
    """Whether ``actual`` matches ``expected`` field by field."""
    if isinstance(expected, dict):
        fields = as_mapping(actual)
        return fields is not None and all(
            key in fields and same(fields[key], value, rel_tol, abs_tol) for key, value in expected.items()
        )
    if isinstance(expected, list | tuple):
        items = as_sequence(actual)
        return (
            items is not None
            and len(items) == len(expected)
            and all(same(a, e, rel_tol, abs_tol) for a, e in zip(items, expected))
        )
    if is_flag(expected):
        return is_flag(actual) and bool(actual) == bool(expected)
    if isinstance(expected, str):
        return isinstance(actual, str) and normalise(actual) == normalise(expected)
    if is_number(expected):
        return (
            is_number(actual)
            and not is_flag(actual)
            and math.isfinite(float(actual))
            and close(float(actual), float(expected), rel_tol, abs_tol)
        )
    return actual == expected


def shape_problem(actual: Any, expected: Any) -> str | None:
    """What is wrong with the answer's shape (not a dict, keys missing, too few items), or None."""
    if isinstance(expected, dict):
        fields = as_mapping(actual)
        wanted = ", ".join(f"`{k}`" for k in expected)
        if fields is None:
            return f"which is not a dict with the keys {wanted}"
        missing = [f"`{k}`" for k in expected if k not in fields]
        return f"which lacks the key(s) {', '.join(missing)}" if missing else None
    if isinstance(expected, list | tuple):
        items = as_sequence(actual)
        if items is None or len(items) != len(expected):
            return f"which is not a list of {len(expected)} items"
    return None


def from_yaml(text: str) -> Any:
    """YAML a learner wrote, read with ``yaml.safe_load`` except that ``1.2e6`` and ``1e6`` are numbers, as in
    YAML 1.2 and Python (PyYAML's YAML 1.1 reads them as text); raises ``yaml.YAMLError``."""
    import yaml

    return yaml.load(text, Loader=_yaml_loader())


@lru_cache(maxsize=1)
def _yaml_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    exponent = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")
    Loader.add_implicit_resolver("tag:yaml.org,2002:float", exponent, list("-+0123456789."))
    return Loader
