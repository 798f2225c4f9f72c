"""The course's data sets: seeded generators, the files in ``datasets/`` and loading them.

Every file in ``datasets/`` is written by ``tpm-course datasets`` from a generator that a topic
(``tpm_course.topics.<topic>.datasets``) declares,
bit for bit. ``load()`` reads the shipped file, or regenerates it in memory where the
repository is not at hand (a cohort's released exercise on a hub). ``database("shop")`` loads
the shop's tables into an in-memory SQLite database and ``run_query(sql, db)`` runs a SELECT on it.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import io
import os
import pkgutil
from functools import cache
from pathlib import Path

from .dataset import Dataset
from .sql import QueryError, database, run_query

__all__ = [
    "Dataset",
    "QueryError",
    "database",
    "databases",
    "datasets",
    "folder",
    "load",
    "owner",
    "read_text",
    "run_query",
    "to_bytes",
    "to_csv",
    "write_all",
]


@cache
def _declared() -> tuple[dict[str, Dataset], dict[str, object], dict[str, str]]:
    """What every topic's ``datasets`` module declares: its ``DATASETS`` and ``DATABASES``, and whose they are."""
    from .. import topics

    found: dict[str, Dataset] = {}
    databases: dict[str, object] = {}
    owners: dict[str, str] = {}
    for topic in pkgutil.iter_modules(topics.__path__):
        try:
            module = importlib.import_module(f"{topics.__name__}.{topic.name}.datasets")
        except ModuleNotFoundError as error:
            if error.name != f"{topics.__name__}.{topic.name}.datasets":
                raise
            continue
        declared = getattr(module, "DATASETS", {})
        for name in set(found) & set(declared):
            raise RuntimeError(f"two topics declare a data set called {name!r}: {owners[name]} and {topic.name}")
        found.update(declared)
        owners.update(dict.fromkeys(declared, topic.name))
        databases.update(getattr(module, "DATABASES", {}))
    return dict(sorted(found.items())), databases, owners


def datasets() -> dict[str, Dataset]:
    """name -> Dataset, for every data set a topic declares."""
    return _declared()[0]


def owner(name: str) -> str:
    """The topic whose ``datasets.py`` declares the data set ``name``."""
    return _declared()[2][name]


def databases() -> dict[str, object]:
    """name -> the module declaring a SQL database's TABLES, SCHEMA, INDEXES, COLUMNS and tables(seed)."""
    return _declared()[1]


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
    for dataset in datasets().values():
        path = target / dataset.filename
        path.write_bytes(to_bytes(dataset))
        written.append(path)
    return written


def load(name: str):
    """The data set ``name`` as a pandas DataFrame."""
    import pandas as pd

    known = datasets()
    if name not in known:
        raise KeyError(f"no data set called {name!r}; the course has: {', '.join(known)}")
    dataset = known[name]
    where = folder()
    if where is not None and (where / dataset.filename).is_file():
        return pd.read_csv(where / dataset.filename)
    return pd.read_csv(io.StringIO(to_csv(dataset)))
