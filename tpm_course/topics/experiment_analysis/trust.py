"""Trust before metrics: the sample-ratio check and the cleaning rules of an exposure log.

Kohavi, Tang & Xu, *Trustworthy Online Controlled Experiments* (2020), ch. 21: a sample-ratio
mismatch (SRM) is a chi-square goodness-of-fit test of the users counted in each group
against the designed split; when it fails, no metric of the test can be trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .logs import PAGES

SRM_ALARM = 0.001
"""p-value below which the split is declared broken (a strict threshold: the check runs on every test)."""
STOP = "stop: sample ratio mismatch"
GO = "go: split as designed"

CLEANING_RULES = (
    "Drop every row whose landing_page is not its group's page (control sees old_page, treatment new_page).",
    "Drop every user who still has rows in both groups.",
    "Keep one row per remaining user: the earliest by timestamp.",
)


@dataclass(frozen=True)
class SplitCheck:
    """The result of a sample-ratio check."""

    counts: tuple[int, ...]
    expected: tuple[float, ...]
    chi2: float
    p_value: float
    alarm: float = SRM_ALARM

    @property
    def mismatch(self) -> bool:
        return self.p_value < self.alarm

    @property
    def verdict(self) -> str:
        """``STOP`` when the split is broken, else ``GO``."""
        return STOP if self.mismatch else GO


def srm_check(counts: Sequence[int], shares: Sequence[float] | None = None, alarm: float = SRM_ALARM) -> SplitCheck:
    """Chi-square test of the units counted per group against the designed shares (equal by default)."""
    from scipy.stats import chisquare

    counts = tuple(int(c) for c in counts)
    if len(counts) < 2 or min(counts) < 0 or sum(counts) == 0:
        raise ValueError(f"need a count of units for each of at least two groups, got {counts}")
    shares = tuple(shares) if shares is not None else (1 / len(counts),) * len(counts)
    if len(shares) != len(counts) or min(shares) <= 0 or abs(sum(shares) - 1) > 1e-9:
        raise ValueError(f"the designed shares {shares} must be positive, one per group, and add up to 1")
    expected = tuple(sum(counts) * s for s in shares)
    result = chisquare(counts, expected)
    return SplitCheck(counts, expected, float(result.statistic), float(result.pvalue), alarm)


def _aligned(log, pages):
    return log[log["landing_page"] == log["group"].map(pages)]


def _in_both_groups(log):
    """The users with rows in more than one group."""
    pairs = log[["user_id", "group"]].drop_duplicates()
    return pairs.loc[pairs["user_id"].duplicated(), "user_id"].unique()


def clean_log(log, pages: dict[str, str] = PAGES):
    """The exposure log after ``CLEANING_RULES``: one row per analysable user, in log order."""
    missing = {"user_id", "timestamp", "group", "landing_page"} - set(log.columns)
    if missing:
        raise ValueError(f"an exposure log needs the column(s) {sorted(missing)}")
    kept = _aligned(log, pages)
    kept = kept[~kept["user_id"].isin(_in_both_groups(kept))]
    first = kept.sort_values("timestamp", kind="stable").drop_duplicates("user_id", keep="first")
    return first.sort_index()


def cleaning_report(log, pages: dict[str, str] = PAGES) -> dict[str, int]:
    """How many rows and users each cleaning rule removes, in order."""
    aligned = _aligned(log, pages)
    in_both = _in_both_groups(aligned)
    single = aligned[~aligned["user_id"].isin(in_both)]
    clean = clean_log(log, pages)
    return {
        "rows in the log": len(log),
        "users in the log": int(log["user_id"].nunique()),
        "rows dropped, page disagrees with group (rule 1)": len(log) - len(aligned),
        "users dropped, in both groups (rule 2)": len(in_both),
        "rows dropped, repeated user (rule 3)": len(single) - len(clean),
        "users analysed": len(clean),
    }
