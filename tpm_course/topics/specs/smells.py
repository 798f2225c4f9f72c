"""A requirements linter: the smells of ISO/IEC/IEEE 29148 §5.2.7 and the INCOSE guide, found by rule.

``lint(text)`` returns one ``Finding`` per smell occurrence: where it is (``start``/``end``),
the words, the smell and a one-line suggestion. It is a lint, not a verdict: a rule cannot
know whether "large" is defined in a glossary, so read each finding before acting on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Smell:
    name: str
    title: str
    suggestion: str


SMELLS: dict[str, Smell] = {
    s.name: s
    for s in [
        Smell(
            "superlative",
            "superlative",
            "A superlative cannot be tested: state the bound you need (a number with its unit).",
        ),
        Smell(
            "subjective",
            "subjective language",
            "Two readers judge this differently: name the observable behaviour or the measure instead.",
        ),
        Smell("vague_pronoun", "vague pronoun", "Say which thing you mean: repeat the noun instead of the pronoun."),
        Smell(
            "ambiguous",
            "ambiguous adverb or adjective",
            "Replace the vague word with a number, a unit and the condition it holds under.",
        ),
        Smell(
            "open_ended", "open-ended term", "List every case the requirement covers; an open list cannot be verified."
        ),
        Smell(
            "comparative",
            "comparative without a reference",
            "Compared with what, and by how much? Give the reference value and the target.",
        ),
        Smell("loophole", "loophole", "Make it binding ('shall') and unconditional, or state the exact condition."),
        Smell(
            "negative",
            "negative statement",
            "State what the system shall do instead of what it shall not; a negative is hard to test.",
        ),
        Smell(
            "totality", "totality term", "Absolutes are rarely meant and never testable: use 'each' or bound the claim."
        ),
        Smell("and_or", "and/or", "Decide: both ('and') or either ('or'), or write two requirements."),
    ]
}

_MODALS = "shall|should|must|will|would|can|could|may|might|is|are|was|were|has|have|had|does|do|be|gets?"
_FUNCTION_WORDS = rf"{_MODALS}|in|on|at|to|for|with|from|by|of|into|after|before|and|or|but|when|if|then"
_NUMBER = r"\d[\d,.]*"

# Each rule: a smell, a pattern, and optionally a suggestion of its own for that wording.
_RULES: list[tuple[str, str, str | None]] = [
    # superlatives
    ("superlative", r"\bbest(?:-in-class)?\b", None),
    ("superlative", r"(?<!\bat )\bmost\b(?![\s-]+recent)", None),
    (
        "superlative",
        r"\b(?:fastest|quickest|slowest|highest|lowest|largest|smallest|biggest|greatest|strongest"
        r"|easiest|simplest|safest|cheapest|shortest|longest|finest)\b(?!(?:\s+\w+){0,2}\s+(?:first|last)\b)",
        None,
    ),
    (
        "superlative",
        r"\b(?:optimal|optimum|optimi[sz]e[sd]?|maximi[sz]e[sd]?|minimi[sz]e[sd]?)\b",
        "'Optimal' and 'minimise' have no finish line: state the value that is good enough.",
    ),
    (
        "superlative",
        r"\b(?:maximum|minimum)\b(?!\s+(?:of\s+)?" + _NUMBER + r")"
        r"(?!\s+(?:[\w-]+\s+)?(?:time|latency|duration|delay|wait|size|length|number|count|rate)\b)",
        None,
    ),
    (
        "superlative",
        r"\b(?:state[\s-]of[\s-]the[\s-]art|world[\s-]class|industry[\s-]leading|market[\s-]leading"
        r"|best[\s-]in[\s-]class|unparalleled|top[\s-]notch|ultimate|perfect(?:ly)?|flawless(?:ly)?"
        r"|maximal|ideal)\b",
        None,
    ),
    # subjective language
    (
        "subjective",
        r"\buser[\s-]friendly\b|\beasy(?:[\s-]to[\s-]\w+)?\b|\beasily\b|\bintuitive(?:ly)?\b|\bseamless(?:ly)?\b"
        r"|\bsimple\b|\bclean\b|\bnice\b|\bmodern\b|\belegant\b|\bbeautiful\b|\bsmooth(?:ly)?\b"
        r"|\bgood\b|\bgreat\b|\bconvenient\b|\bcost[\s-]effective\b|\battractive\b|\bpleasant\b"
        r"|\bdelightful\b|\bpolished\b|\bfriendly\b|\bstraightforward\b|\bexcellent\b|\bawesome\b"
        r"|\bsnappy\b|\bslick\b|\bfrictionless\b|\beffortless(?:ly)?\b|\bpainless(?:ly)?\b"
        r"|\buser[\s-]centric\b|\bengaging\b|\bbeautifully\b|\bprofessional[\s-]looking\b"
        r"|\bhappy\b|\bsatisfied\b|\bdelighted\b",
        None,
    ),
    ("subjective", r"\bclear(?:ly)?\b(?!\s+(?:the|a|an|all|each|every|any|its|their)\b)", None),
    # vague pronouns
    ("vague_pronoun", r"\b(?:it|they|them|he|she|him|her|he/she|s/he)\b", None),
    ("vague_pronoun", rf"\b(?:this|these|those)\b(?=\s*(?:$|[.,;:!?]|(?:{_FUNCTION_WORDS})\b))", None),
    ("vague_pronoun", rf"\bthat\b(?=\s*(?:$|[.,;:!?]|(?:{_MODALS})\b))", None),
    # ambiguous adverbs and adjectives
    (
        "ambiguous",
        r"\b(?:fast|quick(?:ly)?|rapid(?:ly)?|immediately|instant(?:ly)?|promptly|timely|soon"
        r"|real[\s-]?time|efficient(?:ly)?|significant(?:ly)?|minimal(?:ly)?|reasonabl[ey]"
        r"|adequate(?:ly)?|sufficient(?:ly)?|large|small|big|huge|many|few|several|some|various"
        r"|heavy|usually|normally|typically|generally|mostly|often|frequently|rarely|occasionally"
        r"|sometimes|periodically|regularly|approximately|roughly|nearly|almost|secure(?:ly)?"
        r"|scalable|reliabl[ey]|robust|stable|graceful(?:ly)?|properly|correctly|relevant"
        r"|responsive|probably|likely|performant|promptly|shortly|eventually|acceptabl[ey]|negligible"
        r"|substantial(?:ly)?|considerabl[ey]|accurate(?:ly)?|precise(?:ly)?|consistent(?:ly)?"
        r"|comprehensive|flexible|lightweight|sluggish|slow(?:ly)?|lag[\s-]free|resilient|safe(?:ly)?"
        r"|modest|moderate(?:ly)?|limited|numerous|plenty|tolerable|decent)\b",
        "Replace the vague word with a number, a unit and the condition it holds under "
        "(for speed: a percentile, a bound and the load, such as 'p95 ≤ 300 ms at 500 req/s').",
    ),
    ("ambiguous", r"(?<!\bas )\bappropriate(?:ly)?\b", None),
    ("ambiguous", r"\bhigh(?:ly)?[\s-](?:quality|available|availability|performance)\b", None),
    (
        "ambiguous",
        r"\b(?:high|low)\b(?!\s*[-:]?\s*" + _NUMBER + r")"
        r"(?![\s-]+(?:quality|available|availability|performance|priority|severity|risk)\b)",
        None,
    ),
    ("ambiguous", r"\babout\s+(?=" + _NUMBER + r")", None),
    # open-ended terms
    (
        "open_ended",
        r"\betc\b\.?|\band so (?:on|forth)\b|\b(?:including )?but not limited to\b|\bamong others\b"
        r"|\band others\b|\band whatnot\b|\bto be (?:determined|defined|confirmed)\b|\btb[dc]\b"
        r"|\bwhatever\b|\band\/or other\b|\bamongst others\b"
        r"|\bsuch as\b|\bfor (?:example|instance)\b|\be\.g\.?|\bincluding\b|\bor similar\b"
        r"|\band similar\b|\band the like\b|\b(?:at|as) a minimum\b|\bprovides? support for\b"
        r"|\band more\b|\bor other\b",
        None,
    ),
    # comparatives without a reference
    (
        "comparative",
        r"(?<!\bno )(?<!\bor )\b(?:better|worse|faster|slower|quicker|easier|harder|higher|lower|greater"
        r"|smaller|larger|bigger|cheaper|shorter|longer|safer|simpler|stronger|fewer"
        r"|superior|inferior|snappier|smoother|cleaner|nicer|richer|sooner|earlier)\b"
        r"(?!\s+than\s+(?:\w+\s+){0,2}" + _NUMBER + r")",
        None,
    ),
    (
        "comparative",
        r"(?<!\bno )(?<!\bor )\b(?:more|less)\b(?!\s+than\s+(?:\w+\s+){0,2}" + _NUMBER + r")"
        r"(?:\s+(?!(?:than|and|or|of|to|in|on|at|for)\b)[a-z]+\b)?",
        None,
    ),
    (
        "comparative",
        r"\b(?:improve[sd]?|improvements?|enhance[sd]?|enhancements?|increase[sd]?|reduce[sd]?"
        r"|decrease[sd]?|boost(?:ed|s)?|outperforms?|speed(?:s|ed)? up|cut(?:s)? down)\b"
        r"(?!(?:\s+\S+){0,5}?\s+" + _NUMBER + r")",
        None,
    ),
    # loopholes
    (
        "loophole",
        r"\b(?:if|where|wherever|whenever|when) (?:possible|practical|practicable|feasible|applicable"
        r"|necessary|needed|required|appropriate|reasonable|desired|relevant)\b"
        r"|\bas (?:deemed )?(?:necessary|appropriate)\b|\bunless otherwise (?:specified|agreed|stated)\b"
        r"|\bat the discretion of\b|\boptionally\b|\bought to\b|\bif at all possible\b"
        r"|\bas \w+ as (?:possible|practical|feasible)\b"
        r"|\bas (?:far as possible|appropriate|applicable|necessary|needed|soon as possible)\b"
        r"|\bas required\b(?! by)|\bto the extent possible\b|\basap\b|\bif time permits\b"
        r"|\bbest[\s-]effort\b|\bideally\b|\bpreferably\b|\b(?:try|tries|attempts?|aims?|strives?) to\b",
        None,
    ),
    (
        "loophole",
        r"\b(?:should|might|could)\b|\bmay\b(?!\s+\d)",
        "'Should', 'may' and 'could' make it optional: write 'shall' if it is required.",
    ),
    # negative statements
    (
        "negative",
        r"\bnot\b(?!\s+exceed)|\b\w+n't\b|\bcannot\b|\bnone\b|\bnothing\b|\bnobody\b|\bno one\b|\bneither\b|\bnor\b",
        None,
    ),
    ("negative", r"\bno\b(?!\s+(?:later|more|fewer|less|longer|earlier|sooner)\s+than\b)(?=\s+\w)", None),
    # totality terms
    (
        "totality",
        r"\bevery\b(?!\s+(?:\d|other\b|(?:day|hour|minute|second|week|month|quarter|year|night|morning"
        r"|evening|weekday|business day)s?\b))"
        r"|\b(?:all|always|never|everyone|everybody|everything|everywhere|any|anyone|anybody"
        r"|anything|entire(?:ly)?|completely|totally|forever|whole)\b|\b100\s?%"
        r"|\bat all times\b|\bin all cases\b|\bunder any circumstances\b|\ball the time\b"
        r"|\bunder all conditions\b|\bin every case\b|\bno matter\b|\bzero\b(?!\s*[.,]?\d)"
        r"|\b24/7\b|\b100 percent\b|\bwithout exception\b",
        None,
    ),
    # and/or
    ("and_or", r"\band\s*/\s*or\b|\bor\s*/\s*and\b", None),
]
_COMPILED = [(smell, re.compile(pattern, re.IGNORECASE), tip) for smell, pattern, tip in _RULES]
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|'[^']{3,}'(?!\w)")


@dataclass(frozen=True)
class Finding:
    """One smell in a requirement: where it is, what it is and what to do about it."""

    start: int
    end: int
    text: str
    smell: str
    suggestion: str

    @property
    def title(self) -> str:
        return SMELLS[self.smell].title

    def __str__(self) -> str:
        return f"{self.title} '{self.text}': {self.suggestion}"


def _mask_quotes(text: str) -> str:
    """UI copy inside quotation marks is what the screen says, not the requirement: blank it out."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


_THAT_AS_PRONOUN_AFTER = {"", "and", "or", "but", "then", "after", "before", "with", "of", "than", "to", "on"}


def _plausible(masked: str, start: int, end: int) -> bool:
    """Context a pattern cannot see: 'that' after a noun opens a relative clause; 'IT' is a department."""
    if masked[start:end] == "IT":
        return False  # the department (Northwind IT), not the pronoun
    if masked[start:end].lower() != "that":
        return True
    before = masked[:start].rstrip()
    if before.endswith((",", ";", ":")):
        return True
    previous = re.findall(r"[\w']+$", before)
    return (previous[0].lower() if previous else "") in _THAT_AS_PRONOUN_AFTER


def lint(text: str) -> list[Finding]:
    """Every smell found in ``text``, in reading order (overlaps resolved in favour of the longer span)."""
    if not isinstance(text, str):
        raise TypeError(f"a requirement is a string of text, not a {type(text).__name__}")
    masked = _mask_quotes(text)
    candidates = []
    for order, (smell, pattern, tip) in enumerate(_COMPILED):
        for match in pattern.finditer(masked):
            if match.end() > match.start() and _plausible(masked, match.start(), match.end()):
                candidates.append((match.start(), match.end(), order, smell, tip))
    kept: list[tuple] = []
    for start, end, order, smell, tip in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[2])):
        if all(end <= s or start >= e for s, e, *_ in kept):
            kept.append((start, end, order, smell, tip))
    kept.sort()
    return [Finding(s, e, text[s:e], smell, tip or SMELLS[smell].suggestion) for s, e, _, smell, tip in kept]


# Naming the solution instead of the need (29148 asks for implementation-free requirements):
# products, vendors and internal mechanisms a requirement should leave to the design.
_DESIGN_TERMS = re.compile(
    r"\b(?:launchdarkly|feature[\s-]flags?|redis|memcached|postgres(?:ql)?|mysql|mongodb|dynamodb|cassandra|kafka"
    r"|rabbitmq|sqs|s3 bucket|aws|gcp|lambda|kubernetes|k8s|docker|microservices?|cron(?:[\s-]?jobs?)?|okta|auth0"
    r"|azure ad|entra id|keycloak|onelogin|react|angular|vue|elasticsearch|snowflake|bigquery|airflow|spark"
    r"|terraform|nginx|cache|caching|database table|stored procedures?|config file|env(?:ironment)? variable"
    r"|jwt|cookies?|polling|a queue|message queue|background job|batch job)\b",
    re.IGNORECASE,
)


def solution_terms(text: str) -> list[str]:
    """Products and mechanisms the requirement names: the design's choice, not the need."""
    return [m.group(0) for m in _DESIGN_TERMS.finditer(_mask_quotes(text))]
