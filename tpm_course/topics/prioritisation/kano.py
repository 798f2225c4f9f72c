"""Kano's evaluation table: a respondent's functional and dysfunctional answers to a category.

Source: Kano, Seraku, Takahashi and Tsuji, "Attractive quality and must-be quality" (Journal of
the Japanese Society for Quality Control, 1984), in the form of Berger et al., "Kano's methods
for understanding customer-defined quality" (Center for Quality Management Journal, 1993).
"""

from __future__ import annotations

ANSWERS = ("like", "expect", "neutral", "tolerate", "dislike")
CATEGORIES = ("attractive", "one-dimensional", "must-be", "indifferent", "reverse", "questionable")

_A, _O, _M, _I, _R, _Q = CATEGORIES[0], CATEGORIES[1], CATEGORIES[2], CATEGORIES[3], CATEGORIES[4], CATEGORIES[5]
# Rows: the functional answer ("if the product has the feature"); columns: the dysfunctional one.
TABLE = {
    "like": dict(zip(ANSWERS, (_Q, _A, _A, _A, _O))),
    "expect": dict(zip(ANSWERS, (_R, _I, _I, _I, _M))),
    "neutral": dict(zip(ANSWERS, (_R, _I, _I, _I, _M))),
    "tolerate": dict(zip(ANSWERS, (_R, _I, _I, _I, _M))),
    "dislike": dict(zip(ANSWERS, (_R, _R, _R, _R, _Q))),
}


def category(functional: str, dysfunctional: str) -> str:
    """The Kano category of one pair of answers."""
    f, d = functional.strip().lower(), dysfunctional.strip().lower()
    if f not in TABLE or d not in TABLE:
        raise ValueError(f"answers are one of {ANSWERS}, not {functional!r} and {dysfunctional!r}")
    return TABLE[f][d]


DECISIVE = (_A, _O, _M)  # the categories left when indifferent, reverse and questionable answers are set aside


def classify(
    survey, *, swapped: bool = False, modal_pair: bool = False, decisive_only: bool = False
) -> dict[str, str | None]:
    """Each feature's category: the most frequent category among its respondents.

    ``swapped`` reads the dysfunctional answer as the row; ``modal_pair`` looks up the most
    frequent functional and dysfunctional answers as one pair; ``decisive_only`` sets aside the
    indifferent, reverse and questionable answers before counting (None when nothing is left):
    three mistakes the exercise names.
    """
    from collections import Counter

    result = {}
    for feature, rows in survey.groupby("feature", sort=False):
        if modal_pair:
            f = Counter(rows["functional"]).most_common(1)[0][0]
            d = Counter(rows["dysfunctional"]).most_common(1)[0][0]
            result[feature] = category(d, f) if swapped else category(f, d)
            continue
        pairs = zip(rows["functional"], rows["dysfunctional"])
        counts = Counter(category(d, f) if swapped else category(f, d) for f, d in pairs)
        if decisive_only:
            counts = Counter({c: n for c, n in counts.items() if c in DECISIVE})
        result[feature] = counts.most_common(1)[0][0] if counts else None
    return result


def shares(survey):
    """A table of the share of each category per feature (rows: features, columns: categories)."""
    import pandas as pd

    labelled = survey.assign(category=[category(f, d) for f, d in zip(survey["functional"], survey["dysfunctional"])])
    table = pd.crosstab(labelled["feature"], labelled["category"], normalize="index")
    return table.reindex(columns=list(CATEGORIES), fill_value=0.0)
