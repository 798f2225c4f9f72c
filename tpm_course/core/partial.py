"""Partial credit: how a question's points split over its parts, and what a check's parts earned.

A question with independent parts (the fields of a document, the rows of a table, the cases a
function is called on) declares ``Parts(points, ...)``; its statement in the notebook says the
same rule. A check then scores each part right or wrong: all right is full marks and all wrong
is zero, as before; anything between earns the parts' points. nbgrader reads those points from
the test cell's result (its ``execute_result``), so the graded check must be the last line of
the test cell (``tests/test_partial_credit.py`` checks every solution notebook).
"""

from __future__ import annotations

from dataclasses import dataclass

from .feedback import capped, shown
from .outcome import Outcome, Status


@dataclass(frozen=True)
class Parts:
    """A question's ``points`` (as in its nbgrader test cell) and how they split over its parts.

    ``each`` maps a part's name (a document's field, a table's row key, ``"case 3"``) to its
    points and must add up to ``points``; without it, every part earns an equal share.
    ``noun`` names the parts in feedback ("field", "row", "case").
    """

    points: float
    each: dict[str, float] | None = None
    noun: str = "part"

    def __post_init__(self):
        if self.each is not None and abs(sum(self.each.values()) - self.points) > 1e-9:
            raise ValueError(f"the parts' points add up to {shown(sum(self.each.values()))}, not {shown(self.points)}")

    def worth(self, part: str, count: int) -> float:
        """The points ``part`` earns when right, out of ``count`` parts."""
        if self.each is None:
            return self.points / count
        if part not in self.each:
            raise KeyError(f"the answer key checks {self.noun} {part!r}, which the question gives no points")
        return self.each[part]

    def score(self, qid: str, outcome: Outcome, right: dict[str, bool]) -> Outcome:
        """``outcome`` (a wrong answer) with the points its right parts earn, and which parts earned what."""
        earned = sum(self.worth(part, len(right)) for part, ok in right.items() if ok)
        earned = round(earned, 2)  # shares such as 4 / 3 are shown, and scored, to the hundredth
        tally = self._tally(right)
        if earned <= 0:
            return Outcome(outcome.status, outcome.title, [*tally, *outcome.details], outcome.code, 0.0, self.points)
        title = f"{qid}: partly right, {shown(earned)} of {shown(self.points)} points"
        return Outcome(Status.PARTIAL, title, [*tally, *outcome.details], outcome.code, earned, self.points)

    def _tally(self, right: dict[str, bool]) -> list[str]:
        """What each part earned: one line when parts share the points equally, one per part otherwise."""
        count = len(right)
        wrong = [part for part, ok in right.items() if not ok]
        if self.each is None:
            share = shown(round(self.points / count, 2))
            noun = self.noun if count == 1 else plural(self.noun)
            return [
                f"{count - len(wrong)} of {count} {noun} right, each worth {share} point(s); "
                f"not yet: {', '.join(capped(wrong))}"
            ]
        return [
            f"{part}: {shown(self.each[part] if ok else 0)} of {shown(self.each[part])}" for part, ok in right.items()
        ]


class Points(float):
    """The points a partly right check earned: the test cell's result, which nbgrader reads as its score."""

    def __new__(cls, earned: float, possible: float):
        points = super().__new__(cls, earned)
        points.possible = possible
        return points

    def __repr__(self) -> str:  # nbgrader parses the plain-text form as a float
        return repr(float(self))

    def _repr_html_(self) -> str:
        return f"<small>{shown(float(self))} of {shown(self.possible)} points</small>"


def plural(noun: str) -> str:
    """A part's name in the plural: "field" -> "fields", "story" -> "stories", "box" -> "boxes"."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return f"{noun[:-1]}ies"
    return f"{noun}es" if noun.endswith(("s", "x", "ch", "sh")) else f"{noun}s"
