"""A document question whose fields may be instants or dates, written as datetimes, Timestamps or ISO text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tpm_course.core import DocumentQuestion

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
        return f"{moment.isoformat()} (no time zone: say which)"
    return value


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


def as_share(value: Any) -> Any:
    """A share written as a percentage (17.0 or '17 %') as a fraction (0.17); a fraction as given."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip().rstrip("%").replace(",", "")) / 100
        except ValueError:
            return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value <= 100:
        return value / 100
    return value


class DatedQuestion(DocumentQuestion):
    """A DocumentQuestion whose ``instants`` and ``days`` fields are compared as UTC instants and dates.

    An instant without a time zone stays as written, so the schema's pattern refuses it and the
    learner is told to give the zone.
    """

    def __init__(self, *args, instants=(), days=(), shares=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.instants, self.days, self.shares = tuple(instants), tuple(days), tuple(shares)

    def lookup(self, namespace: dict) -> Any:
        document = super().lookup(namespace)
        if not isinstance(document, dict):
            return document
        fixed = dict(document)
        for key in self.instants:
            if key in fixed:
                fixed[key] = as_instant(fixed[key])
        for key in self.days:
            if key in fixed:
                fixed[key] = as_day(fixed[key])
        for key in self.shares:
            fixed[key] = as_share(fixed.get(key))
        return {k: v for k, v in fixed.items() if k in document}
