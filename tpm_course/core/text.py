"""Comparing a learner's text with an option: case, spacing, typographic quotes and dashes, a
closing full stop and an aside in brackets after it do not matter."""

import re
from typing import Any

# What a word processor or a phone keyboard types for ' " and - ("don’t", “ship”, "A–B").
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)

_ARTICLE = re.compile(r"^(?:the|an|a) (?=\S)")
_ASIDE = re.compile(r"\s*\([^()]*\)[.!;: ]*$")  # "… on the model of my brief (gpt-4.1-mini)"


def normalise(text: Any) -> str:
    """Lower case, runs of white space folded, typographic quotes and dashes as plain ones, "85 %" as
    "85%", no closing punctuation, no leading "the", "a" or "an".

    ``"  Commit with  Conditions. "`` -> ``"commit with conditions"``; ``"Don’t ship"`` -> ``"don't ship"``;
    ``"The session store"`` -> ``"session store"``.
    """
    plain = " ".join(str(text).translate(_TYPOGRAPHIC).lower().split()).replace(" %", "%").rstrip(".!;: ")
    return _ARTICLE.sub("", plain)


def is_option(text: Any, option: str) -> bool:
    """Whether ``text`` is ``option`` as ``normalise`` reads both, perhaps with an aside in brackets after it."""
    if normalise(text) == normalise(option):
        return True
    return isinstance(text, str) and normalise(_ASIDE.sub("", text)) == normalise(option)
