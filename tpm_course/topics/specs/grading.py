"""Reviews and key-based grades of written answers, built on the linter, EARS, Gherkin and NFR parsers.

Each ``review_*(text)`` returns what any reader would flag; each ``grade_*(text, key)`` what the
answer key adds. Both return lists of one-line problems (empty: nothing to fix).
"""

from __future__ import annotations

import re

from tpm_course.core.feedback import shown

from . import document, ears, gherkin, message, nfr
from .plan import plan_conflicts
from .smells import lint, solution_terms


def concepts_missing(text: str, groups) -> list[str]:
    """The concept groups ``text`` does not mention; a group is a list of alternative wordings."""
    lowered = " ".join(text.lower().split())
    return [group[0] for group in groups if not any(alt.lower() in lowered for alt in group)]


def _lost(concepts: list[str], what: str) -> list[str]:
    return (
        [f"{what} no longer mentions {', '.join(map(shown, concepts))}: keep what the original asked for"]
        if concepts
        else []
    )


def review_requirement(text: str) -> list[str]:
    problems = [str(f) for f in lint(text)]
    named = solution_terms(text)
    if named:
        problems.append(
            f"it names a solution ({', '.join(map(shown, named))}) instead of the need: "
            f"say what the system must achieve and leave the mechanism to the design"
        )
    pattern = ears.classify(text)
    if pattern.pattern is None:
        problems.append(f"it follows no EARS pattern: {pattern.reason}")
    return problems


def grade_requirement(text: str, key: dict) -> list[str]:
    problems = []
    pattern = ears.classify(text).pattern
    wanted = key.get("pattern")
    wanted = [wanted] if isinstance(wanted, str) else list(wanted or [])
    if wanted and pattern and pattern not in wanted:
        problems.append(
            f"it reads as {pattern}, but the need is {wanted[0]}: "
            f"{key.get('why', 'match the pattern to what starts the behaviour')}"
        )
    return problems + _lost(concepts_missing(text, key.get("concepts", [])), "the rewrite")


def review_criteria(text: str, story: str | None = None) -> list[str]:
    return gherkin.review(text, story)


def grade_criteria(text: str, key: dict) -> list[str]:
    """What the key's concepts miss in the scenarios' steps (a title states nothing a test checks)."""
    try:
        steps = " ".join(step.text for scenario in gherkin.parse(text) for step in scenario.steps)
    except gherkin.GherkinError:
        return []  # the review already said why
    return _lost(concepts_missing(steps + " " + _intervals(steps), key.get("concepts", [])), "the scenario")


def _intervals(text: str) -> str:
    """The time between clock times a text names, in words: "09:02 … 09:17" adds "15 minutes"."""
    return " ".join(f"{shown(gap / 60)} minutes" for gap in nfr.clock_intervals(text))


def review_nfr(text: str) -> list[str]:
    parsed = nfr.parse(text)
    vague = [
        str(f)
        for f in lint(text)
        if f.smell in ("ambiguous", "subjective", "superlative", "loophole")
        and not nfr.states_the_maximum(text, f.start)
    ]
    return vague + parsed.feedback()


def _success_share(parsed: nfr.NfrParse) -> float | None:
    """A share's bound as the share that succeeds: "error rate ≤ 0.1 %" is a 99.9 % success rate."""
    if parsed.kind != "ratio" or parsed.bound is None:
        return parsed.bound
    failing = re.search(r"\b(?:error|fail\w*|downtime|unavailab\w*)", parsed.metric or "", re.IGNORECASE)
    return round(100 - parsed.bound, 10) if failing and parsed.comparator in ("≤", "<") else parsed.bound


def _outside(value: float, low: float | None, high: float | None) -> int:
    """-1 below ``low``, 1 above ``high``, 0 within (to a billionth: 0.999 x 100 is 99.9)."""
    if low is not None and value < low - 1e-9 * max(1.0, abs(low)):
        return -1
    if high is not None and value > high + 1e-9 * max(1.0, abs(high)):
        return 1
    return 0


def off_the_brief(text: str, key: dict) -> list[tuple[str, str]]:
    """The NFR's numbers that differ from the brief's, as ("stricter" or "looser", the line that says so).

    A shorter time, a higher share of successes, a bigger load than the key's are stricter; the key
    gives each number's source (``bound_why``, ``load_why``), which the line quotes.
    """
    parsed, found = nfr.parse(text), []
    if key.get("kind") and parsed.kind and parsed.kind != key["kind"]:
        return []
    statistics = key.get("statistic")
    statistics = [statistics] if isinstance(statistics, str) else list(statistics or [])
    other_statistic = statistics and parsed.statistic and parsed.statistic not in statistics
    low, high = key.get("bound", (None, None))
    value = _success_share(parsed)
    # A bound of another statistic (a p99 for the key's p95) is not comparable, and 100 % has its own problem.
    comparable = value is not None and not other_statistic and not (parsed.kind == "ratio" and value >= 100)
    side = _outside(value, low, high) if comparable else 0
    if side:
        stricter = side < 0 if parsed.kind == "time" else side > 0
        word = "stricter" if stricter else "looser"
        found.append(
            (
                word,
                f"the bound {parsed.quantities()} is {word} than the brief's: {key.get('bound_why', '')}".rstrip(": "),
            )
        )
    return found + _load_off_the_brief(parsed, key)


def _load_off_the_brief(parsed: nfr.NfrParse, key: dict) -> list[tuple[str, str]]:
    """``off_the_brief`` for the load: a rate at the peak, or a count at once, other than the brief's."""
    found = []
    rate = parsed.load_per_second
    if rate is not None and _outside(rate, key.get("min_load_per_second"), key.get("max_load_per_second")) < 0:
        found.append(
            (
                "looser",
                f"it holds at {shown(rate)} per second, below the peak of the brief: "
                f"{key.get('load_why', 'state the load at the peak')}",
            )
        )
    elif rate is not None and _outside(rate, None, key.get("max_load_per_second")) > 0:
        found.append(
            (
                "stricter",
                f"it holds at {shown(rate)} per second, more than the peak of the brief: "
                f"{key.get('load_why', 'state the load at the peak')}",
            )
        )
    count = parsed.load_count
    if key.get("min_load_count") and (count or 0) < key["min_load_count"]:
        found.append(
            (
                "looser",
                f"the load should cover {shown(key['min_load_count'])} at once, as the brief says: "
                f"{key.get('load_why', '')}".rstrip(": "),
            )
        )
    elif count is not None and _outside(count, None, key.get("max_load_count")) > 0:
        found.append(
            (
                "stricter",
                f"it holds for {shown(count)} at once, more than the brief's {shown(key['max_load_count'])}: "
                f"{key.get('load_why', '')}".rstrip(": "),
            )
        )
    return found


def grade_nfr(text: str, key: dict) -> list[str]:
    parsed, problems = nfr.parse(text), []
    if key.get("kind") and parsed.kind and parsed.kind != key["kind"]:
        kinds = {"time": "a time (a duration with its unit)", "ratio": "a percentage", "rate": "a rate"}
        problems.append(f"this NFR should bound {kinds[key['kind']]}, but yours bounds {kinds[parsed.kind]}")
        return problems
    statistics = key.get("statistic")
    statistics = [statistics] if isinstance(statistics, str) else list(statistics or [])
    if statistics and parsed.statistic and parsed.statistic != "mean" and parsed.statistic not in statistics:
        problems.append(
            f"it bounds the {parsed.statistic}, but {key.get('statistic_why', 'the brief bounds ' + statistics[0])}"
        )
    if key.get("window") and parsed.window and key["window"] not in parsed.window.lower():
        problems.append(
            f"it is measured {parsed.window}, but {key.get('window_why', 'the brief measures it per ' + key['window'])}"
        )
    problems += [line for _, line in off_the_brief(text, key)]
    if key.get("min_load_per_second") and parsed.load_per_second is None and parsed.load is not None:
        problems.append("the load should be a rate at the peak (so many per second or per minute)")
    return problems


def review_spec(source) -> list[str]:
    try:
        return document.review(source).problems()
    except document.SpecError as error:
        return [str(error)]


def grade_spec(source, key: dict) -> list[str]:
    try:
        spec = document.load(source)
    except document.SpecError:
        return []  # the review already said why
    problems = []
    for section, groups in key.get("concepts", {}).items():
        text = " ".join(
            document._texts(spec.get(section) if section != "non_goals" else (spec.get("scope") or {}).get("non_goals"))
        )
        for missing in concepts_missing(text, groups):
            problems.append(
                f"{document.section_name(section)}: nothing mentions {shown(missing)}, which the brief raises"
            )
    peak = key.get("min_load_per_second")
    if peak:
        loads = [nfr.parse(r.get("text", "")).load_per_second for r in spec.get("non_functional_requirements", [])]
        if not any(load is not None and load >= peak * (1 - 1e-9) for load in loads):
            problems.append(
                f"{document.section_name('non_functional_requirements')}: no NFR holds at the brief's peak of "
                f"{shown(peak)} per second"
            )
    return problems + plan_conflicts(spec, key)


def review_message(text: str, audience: str, **rules) -> list[str]:
    return message.structure_problems(text, audience, **rules)
