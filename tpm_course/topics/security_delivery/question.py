"""A document question whose fields may be instants or dates, written as datetimes, Timestamps or ISO text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from tpm_course.core import DocumentQuestion, Outcome, Status
from tpm_course.core.feedback import shown
from tpm_course.core.question import Question
from tpm_course.core.structure import plain
from tpm_course.core.text import normalise
from tpm_course.core.units import magnitude

INSTANT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$"  # the canonical form an instant is compared in: UTC to the minute
DAY = r"^\d{4}-\d{2}-\d{2}$"


def _parsed(value: str) -> datetime | date | None:
    text = value.strip().replace(" UTC", "Z").replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def as_instant(value: Any) -> Any:
    """An aware datetime, pandas Timestamp or ISO text with an offset as 'YYYY-MM-DDTHH:MMZ' (UTC); else as given."""
    moment = _parsed(value) if isinstance(value, str) else value
    if isinstance(moment, datetime) and moment.utcoffset() is not None:  # a pandas Timestamp is a datetime
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
    if isinstance(moment, datetime):
        return f"{moment.isoformat()}{NO_ZONE}"
    return value


NO_ZONE = " (no time zone)"  # how as_instant marks a moment written without its zone


def as_hours(value: Any) -> Any:
    """A duration (a ``timedelta``, a pandas ``Timedelta``, a numpy ``timedelta64``, text with a unit of time
    such as "8.5 h" or "510 min") in hours; else as given."""
    if isinstance(value, str):
        try:
            return magnitude(value, "h")
        except (TypeError, ValueError):  # not a duration (UnitMismatch is a ValueError): the schema refuses it
            return value
    if type(value).__module__ == "numpy" and "timedelta64" in type(value).__name__:
        value = value.item()  # a datetime.timedelta (an int for nanoseconds, read below as such)
        if isinstance(value, int):
            return value / 3.6e12
    if hasattr(value, "total_seconds") and not isinstance(value, datetime | date):
        return value.total_seconds() / 3600
    return value


def as_whole(value: Any) -> Any:
    """A whole number written as text, alone or named ("2024", "DORA 2024"), as an int; else as given
    (text with no number, or with several, is left for the schema to refuse)."""
    numbers = re.findall(r"\d+", value) if isinstance(value, str) else []
    return int(numbers[0]) if len(numbers) == 1 else value


def as_day(value: Any) -> Any:
    """A date, datetime, pandas Timestamp or ISO text as 'YYYY-MM-DD'; else as given."""
    if type(value).__module__ == "numpy" and "datetime64" in type(value).__name__:
        return str(value)[:10]
    moment = _parsed(value) if isinstance(value, str) else value
    if isinstance(moment, datetime):
        moment = moment.date()
    if isinstance(moment, date):
        return moment.isoformat()
    return value


def _percent_text(value: Any) -> float | None:
    """The number of percent in text such as '17 %' or '1,250%'; None for anything else."""
    if not (isinstance(value, str) and value.strip().endswith("%")):
        return None
    try:
        return float(value.strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None


def as_share(value: Any) -> Any:
    """A share written as a percentage (17.0 or '17 %') as a fraction (0.17); a fraction as given."""
    percent = _percent_text(value)
    if percent is not None:
        return percent / 100
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value <= 100:
        return value / 100
    return value


def as_percent(value: Any) -> Any:
    """A percentage written as text ("5 %") or as a fraction (0.05) as a number of percent (5); else as given."""
    percent = _percent_text(value)
    if percent is None and isinstance(value, float) and 0 < value < 1:
        percent = round(value * 100, 9)
    if percent is None:
        return value
    return int(percent) if percent.is_integer() else percent


class DatedQuestion(DocumentQuestion):
    """A DocumentQuestion whose ``instants`` and ``days`` fields are compared as UTC instants and dates.

    ``hours`` fields take a duration too, ``shares`` a percentage, ``percents`` a fraction or "5 %",
    ``spellings`` other spellings of
    an option ({"pseudonymize": "pseudonymise"}); a whole-number field takes text holding one number ("DORA 2024").
    An instant without a time zone loses its field's part, and the learner is told to give the zone.
    """

    def __init__(self, *args, instants=(), days=(), shares=(), percents=(), hours=(), spellings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instants, self.days, self.shares = tuple(instants), tuple(days), tuple(shares)
        self.percents = tuple(percents)
        self.hours, self.spellings = tuple(hours), {normalise(k): v for k, v in (spellings or {}).items()}

    def lookup(self, namespace: dict) -> Any:
        document = super().lookup(namespace)
        if not isinstance(document, dict):
            return document
        readers = {
            **dict.fromkeys(self.instants, as_instant),
            **dict.fromkeys(self.days, as_day),
            **dict.fromkeys(self.hours, as_hours),
            **dict.fromkeys(self.shares, as_share),
            **dict.fromkeys(self.percents, as_percent),
        }
        fixed = {key: readers.get(key, self._option)(value) for key, value in document.items()}
        for key, rules in self.schema.get("properties", {}).items():
            if rules.get("type") == "integer" and key in fixed:
                fixed[key] = as_whole(fixed[key])
        return fixed

    def _option(self, value: Any) -> Any:
        """An option written in another spelling ("pseudonymize") as the schema spells it."""
        return self.spellings.get(normalise(value), value) if isinstance(value, str) else value

    def _problems(self, document: Any) -> dict:
        """The core's problems, with a moment or a date of the wrong form said in words instead of a pattern."""
        problems = super()._problems(document)
        for key in [k for k in problems if isinstance(document, dict) and isinstance(document.get(k), str)]:
            value = document[key]
            if key in self.instants and value.endswith(NO_ZONE):
                problems[key] = [
                    f"`{self.name}[{key!r}]` = {value.removesuffix(NO_ZONE)!r} has no time zone: say which zone, "
                    "the deadline is a moment (a `datetime` with `tzinfo=`, a `Timestamp` with `tz=`, or ISO "
                    "text with an offset such as `+00:00`)."
                ]
            elif key in self.instants:
                problems[key] = [
                    f"`{self.name}[{key!r}]` = {value!r} is not a moment: write a `datetime` with its time zone, "
                    "a `Timestamp` or ISO text with an offset."
                ]
            elif key in self.days:
                problems[key] = [
                    f'`{self.name}[{key!r}]` = {value!r} is not a date: write a `date`, a `Timestamp` or "YYYY-MM-DD".'
                ]
        return problems

    def scored(self, outcome: Outcome, right: dict[str, bool]) -> Outcome:
        """As the core scores it, with the parts not yet right listed first (every part is listed)."""
        return super().scored(outcome, dict(sorted(right.items(), key=lambda part: part[1])))

    def check_key(self, namespace: dict, expected: dict | None = None, figures: dict | None = None, **context: Any):
        """The core's check, naming every known mistake the answer shows and a percentage as it was written."""
        expected, figures = dict(expected or {}), dict(figures or {})
        outcome = super().check_key(namespace, expected, figures, **context)
        if outcome.status is Status.CORRECT:
            return outcome
        document, _ = self._scored_form(namespace, [*expected, *figures])
        for misconception in self.misconceptions:
            predicted = misconception.prediction(expected, {**self.context, **context}, question=self.qid)
            if (
                isinstance(predicted, dict)
                and self._names(document, predicted, expected)
                and misconception.message not in outcome.details
            ):
                outcome.details.append(misconception.message)
        self._as_written(namespace, document, outcome.details)
        return outcome

    def _names(self, document: dict, predicted: dict, expected: dict) -> bool:
        """Whether the document holds the prediction's fields, where they differ from the key's."""
        try:
            return self._matches(document, predicted) and not all(
                k in expected and self._matches(document, {k: expected[k]}) for k in predicted
            )
        except (TypeError, ValueError):  # a value that compares as a table: no mistake to name
            return False

    def _as_written(self, namespace: dict, document: dict, details: list[str]) -> None:
        """A share written as a percentage is echoed as written ("14.4, read as 14.4 %"), a year without a comma."""
        written = plain(Question.lookup(self, namespace))
        for key, rules in self.schema.get("properties", {}).items():
            if rules.get("type") == "integer" and isinstance(document.get(key), int):
                old = f"`{self.name}[{key!r}]` = {shown(document[key], full=True)} "
                details[:] = [line.replace(old, f"`{self.name}[{key!r}]` = {document[key]} ") for line in details]
        for key in self.shares:
            raw, read = written.get(key), document.get(key)
            if raw is None or raw == read or not isinstance(read, float):
                continue
            old = f"`{self.name}[{key!r}]` = {shown(read, full=True)} "
            new = f"`{self.name}[{key!r}]` = {shown(raw, full=True)} (read as {shown(read * 100)} %) "
            details[:] = [line.replace(old, new) for line in details]


class Written:
    """Any text of ``least`` characters or more: the answer key of a field a person reads (a purpose)."""

    def __init__(self, least: int):
        self.least = least

    def __eq__(self, other) -> bool:
        return isinstance(other, str) and len(other.strip()) >= self.least

    __hash__ = None

    def __repr__(self) -> str:
        return f"any text of {self.least} characters or more"


class Either:
    """One of two right values: a tier read from the learner's own numbers, or from the right ones."""

    def __init__(self, *values):
        self.values = values

    def __eq__(self, other) -> bool:
        return any(other == value for value in self.values)

    __hash__ = None

    def __repr__(self) -> str:
        return " or ".join(map(repr, self.values))
