"""Prints the requirements linter's precision and recall per smell, on the tuning and held-out sets.

    .venv/bin/python benchmarks/lint_requirements.py            # both tables
    .venv/bin/python benchmarks/lint_requirements.py --misses   # and every miss and false alarm

The tuning set (requirements_labelled.yaml) is the one the rules were adjusted on; the
held-out set (requirements_heldout.yaml) was written and frozen before the linter existed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tpm_course.topics.specs.evaluation import evaluate, load, table  # noqa: E402

SETS = {"tuning set": HERE / "requirements_labelled.yaml", "held-out set": HERE / "requirements_heldout.yaml"}


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.0%}"


def report(name: str, path: Path, misses: bool) -> None:
    items = load(path)
    tallies = evaluate(items)
    clean = sum(1 for item in items if not item.labels)
    print(f"\n{name}: {path.name}, {len(items)} requirements ({clean} without a smell)")
    print(f"{'smell':<15}{'labelled':>9}{'found':>7}{'correct':>9}{'precision':>11}{'recall':>8}")
    for row in table(tallies):
        if row["smell"] == "overall":
            print("-" * 59)
        print(
            f"{row['smell']:<15}{row['labelled']:>9}{row['found']:>7}{row['true positives']:>9}"
            f"{_pct(row['precision']):>11}{_pct(row['recall']):>8}"
        )
    if misses:
        for smell, tally in tallies.items():
            if smell == "overall":
                continue
            for text in tally.missed:
                print(f"  missed  {smell:<14}{text}")
            for text in tally.spurious:
                print(f"  false   {smell:<14}{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every missed label and false alarm")
    args = parser.parse_args()
    for name, path in SETS.items():
        report(name, path, args.misses)


if __name__ == "__main__":
    main()
