"""Comparing a learner's text with an option: case and spacing do not matter."""

from typing import Any


def normalise(text: Any) -> str:
    """Lower case with runs of white space folded: ``"  Add  Servers "`` -> ``"add servers"``."""
    return " ".join(str(text).lower().split())
