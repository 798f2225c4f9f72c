"""Submissions written as a student would: correct in other forms, planted misconceptions, blanks.

Each module's file lists ``Submission`` objects; each replaces answer cells of an otherwise
correct notebook. ``cells`` maps an answer cell's grade_id to the source the student wrote;
``loses`` names the questions that must score less than their points (empty: full marks);
``says`` is text the autograded notebook must show for the first question in ``loses``;
``earns`` pins the points a partly right answer earns on a question that gives partial credit.
"""

from dataclasses import dataclass, field


@dataclass
class Submission:
    name: str
    cells: dict[str, str]
    loses: list[str] = field(default_factory=list)
    says: str = ""
    earns: dict[str, float] = field(default_factory=dict)
