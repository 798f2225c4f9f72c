"""How good the linter is: precision and recall per smell against labelled requirements.

A label is a smell and the words it sits on; a finding matches a label when it names the
same smell and its span overlaps the labelled words. Each label matches one finding at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .smells import SMELLS, lint


@dataclass(frozen=True)
class Labelled:
    text: str
    labels: tuple[tuple[str, str], ...]  # (smell, term) in reading order


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else None


def load(path: str | Path) -> list[Labelled]:
    """A labelled set from YAML: a list of ``{text, smells: [smell: term, ...]}``."""
    import yaml

    items = []
    for number, entry in enumerate(yaml.safe_load(Path(path).read_text(encoding="utf-8")), start=1):
        labels = []
        for label in entry.get("smells") or []:
            ((smell, term),) = label.items()
            if smell not in SMELLS:
                raise ValueError(f"{path}, item {number}: unknown smell {smell!r}")
            labels.append((smell, str(term)))
        items.append(Labelled(entry["text"], tuple(labels)))
    return items


def _label_spans(item: Labelled) -> list[tuple[str, int, int]]:
    """Where each label sits: the k-th label of a term is the term's k-th occurrence."""
    seen: dict[str, int] = {}
    spans = []
    for smell, term in item.labels:
        hits = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", item.text, re.IGNORECASE)]
        k = seen.get(term.lower(), 0)
        if k >= len(hits):
            raise ValueError(f"label {smell}: {term!r} is not in {item.text!r}")
        seen[term.lower()] = k + 1
        spans.append((smell, *hits[k]))
    return spans


def evaluate(items: list[Labelled]) -> dict[str, Tally]:
    """A tally per smell, plus ``"overall"`` summed across smells."""
    tallies = {name: Tally() for name in SMELLS}
    for item in items:
        labels = _label_spans(item)
        unmatched = list(range(len(labels)))
        for finding in lint(item.text):
            tally = tallies[finding.smell]
            match = next(
                (
                    i
                    for i in unmatched
                    if labels[i][0] == finding.smell and finding.start < labels[i][2] and labels[i][1] < finding.end
                ),
                None,
            )
            if match is None:
                tally.false_positives += 1
                tally.spurious.append(f"{finding.text!r} in {item.text!r}")
            else:
                unmatched.remove(match)
                tally.true_positives += 1
        for i in unmatched:
            smell, start, end = labels[i]
            tallies[smell].false_negatives += 1
            tallies[smell].missed.append(f"{item.text[start:end]!r} in {item.text!r}")
    overall = Tally()
    for tally in tallies.values():
        overall.true_positives += tally.true_positives
        overall.false_positives += tally.false_positives
        overall.false_negatives += tally.false_negatives
    tallies["overall"] = overall
    return tallies


def table(tallies: dict[str, Tally]) -> list[dict]:
    """One row per smell: counts, precision and recall (None where nothing was found or labelled)."""
    return [
        {
            "smell": name,
            "labelled": t.true_positives + t.false_negatives,
            "found": t.true_positives + t.false_positives,
            "true positives": t.true_positives,
            "precision": t.precision,
            "recall": t.recall,
        }
        for name, t in tallies.items()
    ]
