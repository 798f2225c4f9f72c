"""EARS (Mavin et al., RE 2009): which pattern a requirement follows, or why it follows none.

ubiquitous          The <system> shall <response>.
event-driven        When <trigger>, the <system> shall <response>.
state-driven        While <state>, the <system> shall <response>.
optional feature    Where <feature is included>, the <system> shall <response>.
unwanted behaviour  If <condition>, then the <system> shall <response>.
complex             two or more of the clauses above, e.g. While <state>, when <trigger>, ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .smells import _mask_quotes

PATTERNS = ("ubiquitous", "event-driven", "state-driven", "optional feature", "unwanted behaviour", "complex")
_KEYWORDS = {"when": "event-driven", "while": "state-driven", "where": "optional feature", "if": "unwanted behaviour"}
_PEOPLE = {
    "user",
    "users",
    "customer",
    "customers",
    "admin",
    "admins",
    "administrator",
    "administrators",
    "manager",
    "member",
    "members",
    "employee",
    "employees",
    "guest",
    "guests",
    "visitor",
    "operator",
    "buyer",
    "seller",
    "owner",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "it",
    "team",
    "person",
    "people",
}
_OTHER_MODALS = re.compile(r"\b(must|should|will|can|may|could|needs? to|has to|have to)\b", re.IGNORECASE)


@dataclass
class EarsResult:
    """The pattern (None when none fits), its parts, and the reason when none fits."""

    pattern: str | None
    system: str = ""
    response: str = ""
    conditions: list[tuple[str, str]] = field(default_factory=list)  # (keyword, clause)
    reason: str = ""

    def __str__(self) -> str:
        return self.pattern or f"no EARS pattern: {self.reason}"


class _NoPattern(Exception):
    """Raised while reading a requirement that follows no EARS pattern; the message says why."""


def classify(text: str) -> EarsResult:
    """The EARS pattern of one requirement sentence."""
    if not isinstance(text, str):
        raise TypeError(f"a requirement is a string of text, not a {type(text).__name__}")
    sentence = " ".join(text.split()).rstrip()
    try:
        if not sentence:
            raise _NoPattern("the requirement is empty")
        masked = _mask_quotes(sentence)
        head, response = _split_at_shall(sentence, masked)
        *leading, subject = _clauses(head)
        subject = re.sub(r"^then\s+", "", subject, flags=re.IGNORECASE)
        _check_subject(subject)
        conditions = _conditions(leading)
    except _NoPattern as why:
        return EarsResult(None, reason=str(why))
    if not conditions:
        pattern = "ubiquitous"
    elif len(conditions) == 1:
        pattern = _KEYWORDS[conditions[0][0]]
    else:
        pattern = "complex"
    system = sentence[masked.find(subject) :][: len(subject)]
    return EarsResult(pattern, system=system, response=response, conditions=conditions)


def _split_at_shall(sentence: str, masked: str) -> tuple[str, str]:
    """What comes before the one 'shall' (quotes masked) and the response after it."""
    unabbreviated = re.sub(
        r"\b(?:e\.g|i\.e|etc|vs|approx|incl|no|fig)\.", lambda m: m.group(0)[:-1] + " ", masked, flags=re.IGNORECASE
    )
    if re.search(r"[.!?]\s+[A-Z]", unabbreviated.rstrip(".!? ")):
        raise _NoPattern("it is more than one sentence: write one requirement per statement")
    shalls = [m.start() for m in re.finditer(r"\bshall\b", masked, re.IGNORECASE)]
    if not shalls:
        modal = _OTHER_MODALS.search(masked)
        if modal:
            raise _NoPattern(f"it says '{modal.group(0)}': EARS states an obligation with 'shall'")
        raise _NoPattern("it has no 'shall': EARS states what '<the system> shall' do")
    if len(shalls) > 1:
        raise _NoPattern("it has more than one 'shall': split it into one requirement per 'shall'")
    head, response = masked[: shalls[0]].strip(), sentence[shalls[0] + len("shall") :].strip(" .")
    if not response:
        raise _NoPattern("nothing follows 'shall': say what the system does")
    late = re.search(r"\b(when|whenever|while|if|upon)\b", _mask_quotes(response), re.IGNORECASE)
    if late:
        raise _NoPattern(
            f"the condition comes after 'shall' ('{late.group(0)} …'): EARS puts it first, "
            f"as in 'When <trigger>, the <system> shall …'"
        )
    return head, response


def _clauses(head: str) -> list[str]:
    """The comma-separated clauses before 'shall', the last one naming the system."""
    clauses = [c.strip() for c in re.split(r",(?!\d{3}\b)", head) if c.strip()]
    if not clauses:
        raise _NoPattern("nothing comes before 'shall': name the system that responds")
    first_word = clauses[0].split()[0].lower()
    if len(clauses) == 1 and first_word in _KEYWORDS:  # no comma: the system starts at the last "then"/"the"
        split = list(re.finditer(r"\b(?:then\s+)?the\b", clauses[0], re.IGNORECASE))
        if not split or split[-1].start() == 0:
            raise _NoPattern(
                f"after '{first_word.capitalize()} …' name the system, as in "
                f"'{first_word.capitalize()} <condition>, the <system> shall …'"
            )
        clauses = [clauses[0][: split[-1].start()].strip(), clauses[0][split[-1].start() :].strip()]
    return clauses


def _check_subject(subject: str) -> None:
    words = subject.lower().split()
    if not words or words[0] in _KEYWORDS:
        raise _NoPattern("no system is named before 'shall'")
    if words[-1] in _PEOPLE:
        raise _NoPattern(
            f"the subject is '{subject}': EARS names the system that responds "
            f"('the <system> shall let the {words[-1]} …')"
        )


def _conditions(leading: list[str]) -> list[tuple[str, str]]:
    """(keyword, condition) of each clause before the system."""
    conditions = []
    for clause in leading:
        keyword = clause.split()[0].lower()
        if keyword not in _KEYWORDS:
            raise _NoPattern(
                f"'{clause}' does not open with When (event), While (state), Where (feature) or If (unwanted behaviour)"
            )
        if len(clause.split()) < 2:
            raise _NoPattern(f"the '{clause}' clause is empty: say what the {_KEYWORDS[keyword]} condition is")
        conditions.append((keyword, clause[len(keyword) :].strip()))
    return conditions
