"""The check machinery: question kinds, outcomes and feedback shared by every notebook.

A notebook binds its questions in its first cell
(``from tpm_course.topics.estimation.exercise import q1, q2``) and then calls
``q1.check()``, ``q1.hint()`` and ``q1.solution()``.
"""

from .choice import ChoiceQuestion
from .document import DocumentQuestion
from .errors import CheckFailed, Incorrect, NotAttempted
from .frame import FrameQuestion
from .function import Case, FunctionQuestion
from .misconception import Misconception, bare_number_in
from .outcome import Outcome, Status
from .partial import Parts, Points
from .query import QueryQuestion
from .value import ValueQuestion

__all__ = [
    "Case",
    "CheckFailed",
    "ChoiceQuestion",
    "DocumentQuestion",
    "FrameQuestion",
    "FunctionQuestion",
    "Incorrect",
    "Misconception",
    "NotAttempted",
    "Outcome",
    "Parts",
    "Points",
    "QueryQuestion",
    "Status",
    "ValueQuestion",
    "bare_number_in",
]
