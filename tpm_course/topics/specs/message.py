"""A decision message to a stakeholder, checked for structure: decision first, impact, ask, numbers.

These are checks of form, the part a program can judge: whether the first sentence carries
the decision, whether some sentence says what it changes for the reader, whether one asks
for something, and whether the numbers are there. Whether the decision is wise is for a person.
"""

from __future__ import annotations

import re

_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon))\b[^\n.!?]*[,!:\n]\s*", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])|\n\s*\n|\n\s*[-*•]\s+")
DECISION = re.compile(
    r"\b(?:decision|decided|we will|we'll|we are going to|we're going to|i recommend|we recommend|recommendation"
    r"|we are shipping|we're shipping|we ship|ships? on|launch(?:es)? on|go(?:ing)? with|we chose|we've chosen"
    r"|we are choosing|the plan is|our plan|we are moving|we're moving|we are delaying|we're delaying|approved"
    r"|goes live|will go live|will be live|(?:will )?gets? [\w -]+ on)\b",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(
    r"^\s*(?:as you know|background|context|some context|over the (?:last|past)|last week"
    r"|following|to recap|a bit of history|first,? some)\b",
    re.IGNORECASE,
)
IMPACT = re.compile(
    r"\b(?:means?|meaning|so (?:that|we|you|the|our)|impact|lets (?:us|you|them)|allows?|keeps?"
    r"|protects?|risks?|at risk|costs?|saves?|delays?|trade-?off|in exchange|at the cost of"
    r"|result(?:s|ing)? in|(?:un)?block(?:s|ed)?|in time for|gives? (?:us|you)|affects?"
    r"|consequence|adds?|slips?|moves?(?: \S+){0,4} (?:to|out|back)|push(?:es)? (?:back|out)|shifts?|meets?"
    r"|satisf(?:y|ies)|waits?|waiting|postpone[sd]?|later|until|(?:more|extra|another) weeks?"
    r"|before (?:they|the|their) sign)\b",
    re.IGNORECASE,
)
ASK = re.compile(
    r"\b(?:please|i need|we need (?:you|your|a|an)|i'd like you|i would like you|can you|could you"
    r"|would you|my ask|the ask|i'm asking|i am asking|approve|sign off|confirm|agree to|decide by"
    r"|let me know|reply by|need your|need a decision|need an answer)\b",
    re.IGNORECASE,
)
JARGON = re.compile(
    r"\b(?:p\d{2}(?:\.\d+)?|percentile|ms|milliseconds?|latency|saml|scim|oidc|idp|jit|api|endpoint"
    r"|tokens?|req/s|rps|qps|re-?validation|assertions?|metadata|tenant)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d[\d,.]*")
_WHEN = re.compile(
    r"\d|\b(?:today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|this week|next week"
    r"|end of (?:the )?(?:day|week|month)|eod|eow)\b",
    re.IGNORECASE,
)
TECHNICAL_QUANTITY = re.compile(
    r"\d[\d,.]*\s*(?:ms|s|seconds?|minutes?|%|per (?:second|minute)|/s|/min|rps|req/s)\b"
    r"|\bp\d{2}\b",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The message's sentences, without a greeting line such as 'Hi Tomás,'."""
    body = _GREETING.sub("", text, count=1)
    return [s.strip() for s in _SENTENCE.split(body) if s.strip()]


def structure_problems(
    text: str,
    audience: str = "reader",
    *,
    plain_language: bool = False,
    max_words: int | None = None,
    technical: bool = False,
) -> list[str]:
    """What the message lacks: a decision up front, an impact, an ask, numbers; and audience fit."""
    if not isinstance(text, str):
        raise TypeError(f"a message is text (a string), not a {type(text).__name__}")
    parts = sentences(text)
    if not parts:
        return [f"the message to the {audience} is empty"]
    problems = []
    if _BACKGROUND.search(parts[0]) or not DECISION.search(parts[0]):
        later = next((i for i, s in enumerate(parts[1:], start=2) if DECISION.search(s)), None)
        where = f" (it appears in sentence {later})" if later else ""
        problems.append(
            f"the first sentence to the {audience} does not state the decision{where}: lead with it, "
            f"then give the reasons"
        )
    if not any(IMPACT.search(s) for s in parts):
        problems.append(
            f"nothing tells the {audience} what the decision changes for them: say the impact "
            f"(what it costs, risks, unblocks or delays)"
        )
    asks = [s for s in parts if ASK.search(s)]
    if not asks:
        problems.append(f"the message to the {audience} asks for nothing: end with the ask and when you need it")
    elif not any(_WHEN.search(s) for s in asks):
        problems.append(f"the ask to the {audience} has no date: say by when you need it")
    if len(_NUMBER.findall(text)) < 2:
        problems.append(
            f"the message to the {audience} has fewer than 2 numbers: give the dates and figures the decision rests on"
        )
    if technical and not TECHNICAL_QUANTITY.search(text):
        problems.append(
            f"the {audience} will ask for the engineering figures: give at least one with its unit "
            f"(a time, a rate or a percentage)"
        )
    if plain_language:
        jargon = sorted({m.group(0) for m in JARGON.finditer(text)}, key=str.lower)
        if jargon:
            problems.append(
                f"the {audience} should not need a glossary: replace {', '.join(repr(j) for j in jargon)} "
                f"with what it means for the business"
            )
    if max_words is not None and len(text.split()) > max_words:
        problems.append(f"the message to the {audience} is {len(text.split())} words: keep it under {max_words}")
    return problems
