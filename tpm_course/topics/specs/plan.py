"""Does a spec keep to the plan the brief's dates allow? Dates read from text, and the parts of the plan
a scope line, a non-goal or a rollout step names ("SCIM deprovisioning on 28 July")."""

from __future__ import annotations

import re

from . import document

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\b"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\d{{4}}-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})\b"
    rf"|(?P<month_only>{'|'.join(m for m in _MONTHS if len(m) > 3)})\b)",  # "May" alone is a verb as often
    re.IGNORECASE,
)
# A step for later without a date: "Q3", "next quarter", "phase 2", "after launch", "later", "deferred".
_LATER = re.compile(
    r"\b(?:q[2-4]|(?:second|third|fourth|next)\s+quarter|phase\s*(?:2|3|two|three)|later|afterwards|after\s+launch"
    r"|follow(?:s|ing)?(?:\s+up)?|next\s+release|v2|deferred|postponed|excluded|out\s+of\s+scope"
    # work on a part that ships it to nobody yet: "SCIM development starts", "SCIM on staging"
    r"|development|develop|design|spike|prototype|staging|kick-?off)\b",
    re.IGNORECASE,
)
# Words before a part that keep it out of the line: "without SCIM", "session checks until SCIM ships".
_NEGATION = re.compile(
    r"\b(?:without|no|not|excluding|except|minus|instead\s+of|rather\s+than|in\s+place\s+of|replaced\s+by"
    r"|stand-?\s?in\s+for|substitute\s+for|interim|workaround\s+for"
    r"|until|till|before|ahead\s+of|pending)\b",
    re.IGNORECASE,
)


def dates_in(text: str) -> list[tuple[int, int]]:
    """The (month, day) of each date ``text`` names: "30 June", "June 30", "2025-06-30"; a month alone is its end."""
    found = []
    for match in _DATE.finditer(text):
        g = match.groupdict()
        if g["iso_month"]:
            month, day = int(g["iso_month"]), int(g["iso_day"])
        elif g["month_only"]:
            month, day = _MONTHS[g["month_only"].lower()], 31
        else:
            month, day = _MONTHS[(g["month"] or g["month2"]).lower()], int(g["day"] or g["day2"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append((month, day))
    return found


def _names(text: str, names) -> bool:
    """Whether ``text`` names a part (one of ``names``), other than after "without", "no", "instead of" …"""
    lowered = " ".join(text.lower().split())
    for name in names:
        for match in re.finditer(re.escape(name.lower()), lowered):
            before = re.split(r"[;:,.()]|\band\b|\bthen\b", lowered[: match.start()])[-1]
            after = re.split(r"[;:,.()]|\band\b|\bthen\b", lowered[match.end() :])[0]
            if not _NEGATION.search(before) and not re.search(r"\bnot\b", after):
                return True
    return False


def _step_text(step) -> str:
    """A rollout step or scope line as one text: "30 June: pilot" is a line or a one-entry mapping."""
    if isinstance(step, dict):
        return " ".join(f"{when}: {' '.join(document._texts(what))}" for when, what in step.items())
    return str(step)


def plan_conflicts(source, key: dict) -> list[str]:
    """Where the scope and the rollout contradict the plan in ``key["plan"]``, one line per section and part.

    Each part of the plan has ``names`` (its wordings), ``ready`` (the date the brief gives it) and
    ``why``; ``key["release"]`` is the date the spec ships. No rollout step ships a part before it is
    ready; a part ready after the release is not in scope (unless the line gives it a date from
    ``ready`` on); a part ready for the release is not a non-goal.
    """
    plan, release = key.get("plan") or [], key.get("release")
    if not plan or not release:
        return []
    try:
        spec = document.load(source)
    except document.SpecError:
        return []
    scope = spec.get("scope") if isinstance(spec.get("scope"), dict) else {}
    in_scope = [_step_text(t) for t in scope.get("in_scope") or [] if isinstance(t, str | dict)]
    non_goals = [_step_text(t) for t in scope.get("non_goals") or [] if isinstance(t, str | dict)]
    steps = [_step_text(t) for t in spec.get("rollout") or [] if isinstance(t, str | dict)]
    (shipped,) = dates_in(release)
    problems = []
    for part in plan:
        (ready,) = dates_in(part["ready"])
        for step in steps:
            dates = dates_in(step)
            if _names(step, part["names"]) and dates and max(dates) < ready and not _LATER.search(step):
                what = part.get("part", part["names"][0])
                problems.append(
                    f"{document.section_name('rollout')}: {step!r} ships {what} before {part['ready']}, against the plan: "
                    f"{part['why']}"
                )
        if ready > shipped:
            for line in in_scope:
                if _names(line, part["names"]) and not (_LATER.search(line) or any(d >= ready for d in dates_in(line))):
                    problems.append(
                        f"{document.section_name('scope')}: {line!r} is in scope of the {release} release, against the plan: "
                        f"{part['why']}. Make it a non-goal, or a later rollout step"
                    )
        else:
            for line in non_goals:
                if (
                    _names(line, part["names"])
                    and not re.search(r"\bthan\b", line)  # "session checks more often than every 15 minutes"
                    and not any(_names(line, other["names"]) for other in plan if other is not part)
                ):
                    problems.append(
                        f"{document.section_name('non_goals')}: {line!r} is a non-goal, against the plan: {part['why']}. "
                        f"It is in the scope of the {release} release"
                    )
    return problems
