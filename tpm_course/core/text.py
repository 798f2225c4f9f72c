"""Comparing a learner's text with an option: case, spacing and a closing full stop do not matter."""

from typing import Any


def normalise(text: Any) -> str:
    """Lower case, runs of white space folded, "85 %" as "85%", no closing punctuation.

    ``"  Commit with  Conditions. "`` -> ``"commit with conditions"``.
    """
    return " ".join(str(text).lower().split()).replace(" %", "%").rstrip(".!;: ")
