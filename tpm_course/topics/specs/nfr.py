"""Non-functional requirements: find the metric, statistic, bound, unit and load, and say what is missing.

A measurable NFR reads like "p99 sign-in time ≤ 300 ms at 2,000 requests/s":
    time     (latency, duration): metric, statistic (a percentile), bound, unit and load
    ratio    (availability, success or error rate, in %): metric, bound and the window measured over
    rate     (throughput): metric, bound and unit
An average is found but flagged: it hides the slow tail that users feel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_TIME_UNITS = {
    "ms": 0.001,
    "millisecond": 0.001,
    "milliseconds": 0.001,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
}
_PER = {"s": 1, "sec": 1, "second": 1, "minute": 60, "min": 60, "hour": 3600, "h": 3600, "day": 86400}
_COMPARATORS = {
    "<=": "≤",
    "≤": "≤",
    "<": "<",
    "under": "<",
    "below": "<",
    "within": "≤",
    "at most": "≤",
    "no more than": "≤",
    "no longer than": "≤",
    "not exceed": "≤",
    "less than": "<",
    "lower than": "<",
    "up to": "≤",
    "in under": "<",
    ">=": "≥",
    "≥": "≥",
    ">": ">",
    "at least": "≥",
    "no less than": "≥",
    "more than": ">",
    "above": ">",
    "over": ">",
    "greater than": ">",
    "=": "=",
    "of": "=",
}
_CMP = "|".join(sorted((re.escape(c) for c in _COMPARATORS), key=len, reverse=True))
_TIME = "|".join(sorted(_TIME_UNITS, key=len, reverse=True))
_BOUND = re.compile(rf"(?:(?P<cmp>{_CMP})\s*)?{_NUM}\s*(?P<unit>%|percent\b|(?:{_TIME})\b)", re.IGNORECASE)
_RATE = re.compile(
    rf"{_NUM}\s*(?:(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s*)?(?:per|/|an?|each)\s*"
    rf"(?P<per>second|sec|s|minute|min|hour|h|day)\b|{_NUM}\s*(?P<abbr>rps|qps|req/s|tps)\b",
    re.IGNORECASE,
)
_COUNT_LOAD = re.compile(
    rf"\b(?:with|for|at|of|across)\s+(?:up to\s+|a batch of\s+|batches of\s+(?:up to\s+)?)?"
    rf"{_NUM}\s+(?:concurrent|simultaneous|active|parallel|connected)?\s*[a-z][\w-]*",
    re.IGNORECASE,
)
_WINDOW = re.compile(
    r"\b(?:over|per|in|during|across|for|each|every)\s+(?:each\s+|every\s+|a\s+|any\s+|the\s+)?"
    r"(?:rolling\s+)?(?:\d+[- ])?(?:calendar\s+)?(?:day|week|month|quarter|year)s?\b|\bmonthly\b"
    r"|\bquarterly\b|\bweekly\b",
    re.IGNORECASE,
)
_STATISTIC = re.compile(
    r"\bp(?P<p>\d{2,3}(?:\.\d+)?)\b|\b(?P<q>\d{2,3}(?:\.\d+)?)(?:st|nd|rd|th)[\s-]percentile\b"
    r"|\b(?P<median>median)\b|\b(?P<mean>average|mean|avg)\b|\b(?P<max>max(?:imum)?|worst[\s-]case)\b",
    re.IGNORECASE,
)
# "at most 15 minutes for every leaver", "in the worst case": a bound that holds for each case is the maximum.
_EVERY_CASE = re.compile(
    r"\b(?:for|of|to)\s+(?:each|every|any)\s+(?:single\s+)?(?!(?:calendar|day|week|month|quarter|year|hour|minute)s?\b)"
    r"[a-z][\w-]*|\bin\s+(?:the\s+|every\s+|each\s+)?(?:worst|every|each|any)\s+case\b|\bwithout exception\b"
    r"|^\s*(?:each|every|any)\s+(?:single\s+)?[a-z][\w-]*",  # "Every leaver shall ..."
    re.IGNORECASE,
)
_SHARE_OF = re.compile(rf"{_NUM}\s*(?:%|percent)\s+of\s+(?:all\s+)?(?:the\s+)?[a-z]", re.IGNORECASE)
_METRIC = re.compile(
    r"\b(?:latency|response time|[\w-]+ time|time to [\w-]+(?: [\w-]+)?|time from|duration|delay|availability|uptime"
    r"|success rate|error rate|failure rate|throughput|loss|lag)\b"
    r"|\b(?:complete|completes|respond|responds|load|loads|finish|finishes|succeed|succeeds|delivered|revoked"
    r"|processed|returned|available|served|synced|propagated|ended|removed|lose|loses|lost|revoke|revokes)\b",
    re.IGNORECASE,
)

_ASK = {
    "metric": "name what is measured (sign-in time, availability, error rate)",
    "statistic": "say which percentile the bound applies to (p95, p99)",
    "bound": "give the limit as a number with a comparison (≤ 2 s, ≥ 99.9 %)",
    "unit": "give the unit of the bound (ms, s, %)",
    "load": "say the load it must hold at (at 500 requests per second, for batches of 200 records)",
    "window": "say the period it is measured over (over each calendar month)",
}


_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])")
_HYPHENATED_UNIT = re.compile(r"\b(\d+(?:\.\d+)?)-(millisecond|second|minute|hour)\b", re.IGNORECASE)
_THOUSANDS = re.compile(r"\b(\d+(?:\.\d+)?)\s?k\b(?!\s*(?:b|bytes?)\b)", re.IGNORECASE)
# Other ways to write a share: "per cent", "99,9 %" (a decimal comma), "three nines", and a bare fraction
# ("at least 0.999 of sign-in attempts") where a share is measured and no percentage is written.
_PER_CENT = re.compile(r"\bper\s+cent\b", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d{1,3}),(\d{1,2})(?=\s*(?:%|percent\b))", re.IGNORECASE)
_NINES = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_NINES_RE = re.compile(rf"\b({'|'.join(_NINES)})\s+nines\b", re.IGNORECASE)
_SHARE_WORDS = re.compile(
    r"\b(?:availab\w*|uptime|succe\w*|share|fraction|ratio|proportion|success rate|error rate|failure rate)\b",
    re.IGNORECASE,
)
_FRACTION = re.compile(rf"(?<![\d,.])(0?\.\d+)(?!\s*(?:%|percent\b|(?:{_TIME})\b)|[\d.,])", re.IGNORECASE)


def _as_percentages(text: str) -> str:
    """``text`` with a share in any common notation written as a percentage: "three nines" is "99.9 %"."""
    text = _PER_CENT.sub("percent", text)
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    text = _NINES_RE.sub(lambda m: f"{100 - 10 ** (2 - _NINES[m.group(1).lower()]):.10g} %", text)
    if not _BOUND.search(text) and _SHARE_WORDS.search(text):
        text = _FRACTION.sub(lambda m: f"{float(m.group(1)) * 100:.10g} %", text, count=1)
    return text


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@dataclass
class NfrParse:
    """What a non-functional requirement states, part by part."""

    text: str
    kind: str | None = None  # "time", "ratio" or "rate"
    metric: str | None = None
    statistic: str | None = None  # "p95", "p50", "mean", "max"
    comparator: str | None = None
    value: float | None = None  # the bound as written, in ``unit``
    unit: str | None = None
    bound: float | None = None  # the bound in seconds for time, in % for ratios, per second for rates
    load: str | None = None
    load_per_second: float | None = None  # a rate load, per second
    load_count: float | None = None  # a count load: concurrent users, a batch
    window: str | None = None
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.problems

    def quantities(self) -> str:
        """The bound as a reader would say it: 'p95 ≤ 2 s'."""
        parts = [self.statistic, self.comparator, f"{self.value:g} {self.unit}" if self.value is not None else None]
        return " ".join(p for p in parts if p)

    def feedback(self) -> list[str]:
        """One line per missing part or problem."""
        return [f"missing {part}: {_ASK[part]}" for part in self.missing] + self.problems


def parse(text: str) -> NfrParse:
    """The parts of one NFR, which parts are missing for its kind, and its problems."""
    if not isinstance(text, str):
        raise TypeError(f"a requirement is a string of text, not a {type(text).__name__}")
    result = NfrParse(text)
    text = _THOUSANDS.sub(lambda m: f"{float(m.group(1)) * 1000:g}", text)  # "1.8k/min" is 1800/min
    text = _SPACED_THOUSANDS.sub(lambda m: re.sub(r"\s", "", m.group(0)), text)  # "1 800" is 1800
    text = _HYPHENATED_UNIT.sub(r"\1 \2s", text)  # "a 15-minute maximum" is 15 minutes
    text = _as_percentages(text)
    taken = _read_load(text, result)
    window = _WINDOW.search(text)
    if window:
        result.window = window.group(0).strip()
        if re.match(r"(?:over|per|during|across|each|every)\b", result.window, re.IGNORECASE):
            taken.append(window.span())  # "over a rolling 30 days" is the window, not a time bound
    statistic = _STATISTIC.search(text)
    _read_bound(text, result, statistic, taken)
    _read_statistic(text, result, statistic)
    _read_metric(text, result)
    _judge(result)
    return result


def _read_load(text: str, result: NfrParse) -> list[tuple[int, int]]:
    """The load (a rate, else a count); returns the spans it took, which no bound may reuse."""
    taken: list[tuple[int, int]] = []
    for match in _RATE.finditer(text):
        value = _number(match.group(1) or match.group(4))
        per = _PER.get((match.group("per") or "s").lower(), 1)
        if result.load is None:
            result.load, result.load_per_second = match.group(0).strip(), value / per
            taken.append(match.span())
    if result.load is None:
        count = _COUNT_LOAD.search(text)
        if count:
            result.load, result.load_count = count.group(0).strip(), _number(count.group(1))
            taken.append(count.span())
    return taken


def _read_bound(text: str, result: NfrParse, statistic, taken: list[tuple[int, int]]) -> None:
    """The first time or percentage bound; else a throughput NFR's rate is its bound."""
    for match in _BOUND.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        unit = match.group("unit").lower()
        if statistic and statistic.group("q") and match.start() == statistic.start("q"):
            continue
        later = [b for b in _BOUND.finditer(text, match.end()) if not any(s <= b.start() < e for s, e in taken)]
        if unit in ("%", "percent") and _SHARE_OF.match(text, match.start(2)) and later:
            continue  # "95 % of sign-ins ... within 2 s": the share is the percentile, not the bound
        result.comparator = _COMPARATORS.get((match.group("cmp") or "=").lower(), "=")
        result.unit = "%" if unit in ("%", "percent") else unit
        result.value = _number(match.group(2))
        result.bound = result.value if result.unit == "%" else result.value * _TIME_UNITS[unit]
        result.kind = "ratio" if result.unit == "%" else "time"
        return
    if result.load_per_second is not None and re.search(
        r"\b(?:sustain|handle|process|serve|throughput|support)", text, re.IGNORECASE
    ):
        result.kind, result.bound, result.unit = "rate", result.load_per_second, "per second"
        result.value = result.bound
        result.comparator, result.load = "≥", None


def _read_statistic(text: str, result: NfrParse, statistic) -> None:
    share = _SHARE_OF.search(text)
    if statistic:
        groups = statistic.groupdict()
        if groups["p"] or groups["q"]:
            result.statistic = f"p{groups['p'] or groups['q']}"
            result.statistic = "max" if result.statistic == "p100" else result.statistic
        elif groups["median"]:
            result.statistic = "p50"
        elif groups["mean"]:
            result.statistic = "mean"
        else:
            result.statistic = "max"
    elif share and result.kind == "time":
        result.statistic = f"p{share.group(1)}"
    elif result.kind == "time" and _EVERY_CASE.search(text):
        result.statistic = "max"


def states_the_maximum(text: str, start: int) -> bool:
    """Whether the word at ``start`` of a time NFR names its statistic, the maximum ("max", "for every leaver").

    The linter flags "maximum" as a superlative and "every" as a totality term; in a bound that must
    hold for each case they are how the notebook asks to write it.
    """
    if parse(text).statistic != "max":
        return False
    if re.match(r"(?:max(?:imum)?|worst)\b", text[start:], re.IGNORECASE):
        return True
    return any(m.start() <= start < m.end() for m in _EVERY_CASE.finditer(text))


def _read_metric(text: str, result: NfrParse) -> None:
    metric = _METRIC.search(text)
    if metric:
        result.metric = metric.group(0)
    elif result.kind == "time" and result.statistic:
        result.metric = "latency"  # "p99 < 300 ms" names its metric by its statistic
    elif result.kind == "ratio" and re.search(r"\b(?:succeed|fail|error)", text, re.IGNORECASE):
        failing = re.search(r"\b(?:fail|error|unavailab|downtime)", text, re.IGNORECASE)
        succeeding = re.search(r"\bsucce", text, re.IGNORECASE)
        result.metric = "failure rate" if failing and not succeeding else "success rate"


def _judge(result: NfrParse) -> None:
    """The parts its kind requires that are missing, and the bounds no one can keep."""
    required = {
        "time": ["metric", "statistic", "bound", "unit", "load"],
        "ratio": ["metric", "bound", "window"],
        "rate": ["metric", "bound", "unit"],
    }.get(result.kind, ["metric", "bound", "unit"])
    result.missing = [part for part in required if getattr(result, part) is None]
    if result.kind == "time" and result.statistic == "mean":
        result.problems.append(
            "an average hides the slow tail that users feel: bound a percentile (p95 or p99) instead of the mean"
        )
    if result.kind == "ratio" and result.bound is not None and result.bound >= 100 and result.comparator in ("≥", "="):
        result.problems.append(
            "100 % is a promise no system keeps: state the target you will measure against "
            "(for example 99.9 %) and the budget for the rest"
        )


def quantities_in(text: str) -> list[tuple[str, float]]:
    """Every time or percentage in ``text`` as (kind, value in seconds or %): what a test would check."""
    found = []
    text = _as_percentages(text)
    for match in _BOUND.finditer(text):
        unit = match.group("unit").lower()
        value = _number(match.group(2))
        found.append(("ratio", value) if unit in ("%", "percent") else ("time", value * _TIME_UNITS[unit]))
    return found


_CLOCK = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


def clock_intervals(text: str) -> list[float]:
    """The times, in seconds, between the clock times ``text`` names: "09:02 … 09:17" gives 900, in either order."""
    times = [int(h) * 60 + int(m) for h, m in _CLOCK.findall(text)]
    return sorted({abs(b - a) * 60.0 for i, a in enumerate(times) for b in times[i + 1 :] if a != b})
