"""Item statistics of a graded assignment: how hard each question was and how well it discriminates."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .cohort import Cohort


@dataclass
class Item:
    question: str
    max_points: float
    mean: float  # mean points
    full_marks: float  # share of students with full marks
    partial: float  # share of students with some points but not all (partial credit)
    discrimination: float | None  # upper 27 % minus lower 27 %, in share of the question's points
    item_rest: float | None  # correlation of the question's score with the rest of the total


def items(cohort: Cohort) -> list[Item]:
    """One ``Item`` per question, over the graded submissions only."""
    graded = cohort.graded()
    totals = [s.total for s in graded]
    ranked = sorted(range(len(graded)), key=lambda i: totals[i])
    size = max(1, round(0.27 * len(graded)))
    lower, upper = ranked[:size], ranked[-size:]
    result = []
    for question in cohort.questions:
        top = cohort.max_points[question] or 1.0
        points = [s.scores.get(question) or 0.0 for s in graded]
        share = [p / top for p in points]
        result.append(
            Item(
                question,
                cohort.max_points[question],
                _mean(points),
                _mean([1.0 if p >= top else 0.0 for p in points]),
                _mean([1.0 if 0 < p < top else 0.0 for p in points]),
                _mean([share[i] for i in upper]) - _mean([share[i] for i in lower]) if len(graded) >= 4 else None,
                _correlation(points, [t - p for t, p in zip(totals, points)]),
            )
        )
    return result


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when either side does not vary."""
    n = len(xs)
    if n < 3:
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None
