"""The course's data sets: seeded generators, the files in ``datasets/`` and loading them.

Every file in ``datasets/`` is written by ``tpm-course datasets`` from a generator here,
bit for bit. ``load()`` reads the shipped file, or regenerates it in memory where the
repository is not at hand (a cohort's released exercise on a hub). ``database("shop")`` loads
the shop's tables into an in-memory SQLite database and ``run_query(sql, db)`` runs a SELECT on it.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..experiments import shipped as experiments
from . import checkout, events, latency, shop, traffic
from .sqlite import QueryError, database, run_query


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: list[str]
    generate: Callable[[], list[tuple]]
    describe: Callable[[], str]
    compressed: bool = False  # written as .csv.gz: for files of several megabytes

    @property
    def filename(self) -> str:
        return f"{self.name}.csv.gz" if self.compressed else f"{self.name}.csv"


DATASETS: dict[str, Dataset] = {
    "traffic_day": Dataset("traffic_day", traffic.COLUMNS, traffic.traffic_day, traffic.describe),
    "latency_log": Dataset("latency_log", latency.LOG_COLUMNS, latency.latency_log, latency.describe_log),
    "latency_canary": Dataset("latency_canary", latency.CANARY_COLUMNS, latency.latency_canary,
                              latency.describe_canary),
    "checkout_june": Dataset("checkout_june", checkout.COLUMNS, checkout.checkout_june, checkout.describe),
    "events": Dataset("events", events.COLUMNS, events.event_log, events.describe, compressed=True),
    **{f"shop_{table}": Dataset(f"shop_{table}", shop.COLUMNS[table], partial(shop.table, table),
                                partial(shop.describe, table)) for table in shop.TABLES},
    **{name: Dataset(name, columns, getattr(experiments, name), getattr(experiments, f"describe_{name}"),
                     compressed=True) for name, columns in experiments.DATASETS.items()},
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


def to_bytes(dataset: Dataset) -> bytes:
    """The file's bytes: the CSV text, gzipped with no timestamp or name when compressed (same bytes every run)."""
    data = to_csv(dataset).encode("utf-8")
    return gzip.compress(data, compresslevel=9, mtime=0) if dataset.compressed else data


def read_text(path: Path) -> str:
    """The CSV text of a shipped file, ``.csv`` or ``.csv.gz``."""
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def write_all(target: Path) -> list[Path]:
    """Write every data set into ``target``; returns the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in DATASETS.values():
        path = target / dataset.filename
        path.write_bytes(to_bytes(dataset))
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
