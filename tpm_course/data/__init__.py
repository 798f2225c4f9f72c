"""The course's data sets: seeded generators, the files in ``datasets/`` and loading them.

Every file in ``datasets/`` is written by ``tpm-course datasets`` from a generator here,
bit for bit. ``load()`` reads the shipped file, or regenerates it in memory where the
repository is not at hand (a cohort's released exercise on a hub).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import traffic


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: list[str]
    generate: Callable[[], list[tuple]]
    describe: Callable[[], str]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


DATASETS: dict[str, Dataset] = {
    "traffic_day": Dataset("traffic_day", traffic.COLUMNS, traffic.traffic_day, traffic.describe),
}


def folder() -> Path | None:
    """``datasets/``: $TPM_COURSE_DATASETS, else the nearest one above the cwd, else the repository's."""
    env = os.environ.get("TPM_COURSE_DATASETS")
    candidates = [Path(env)] if env else []
    here = Path.cwd().resolve()
    candidates += [p / "datasets" for p in (here, *here.parents)]
    candidates.append(Path(__file__).resolve().parents[2] / "datasets")
    for candidate in candidates:
        if (candidate / "README.md").is_file():
            return candidate
    return None


def to_csv(dataset: Dataset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(dataset.columns)
    writer.writerows(dataset.generate())
    return buffer.getvalue()


def write_all(target: Path) -> list[Path]:
    """Write every data set into ``target``; returns the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS.values():
        path = target / dataset.filename
        path.write_text(to_csv(dataset), encoding="utf-8")
        written.append(path)
    return written


def load(name: str):
    """The data set ``name`` as a pandas DataFrame."""
    import pandas as pd

    if name not in DATASETS:
        raise KeyError(f"no data set called {name!r}; the course has: {', '.join(sorted(DATASETS))}")
    dataset = DATASETS[name]
    where = folder()
    if where is not None and (where / dataset.filename).is_file():
        return pd.read_csv(where / dataset.filename)
    return pd.read_csv(io.StringIO(to_csv(dataset)))
