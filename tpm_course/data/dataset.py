"""One shipped data set: its name, columns, seeded generator and README description."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Dataset:
    """A file of ``datasets/``, written bit for bit by ``generate``; ``describe`` is its README entry."""

    name: str
    columns: list[str]
    generate: Callable[[], list[tuple]]
    describe: Callable[[], str]
    compressed: bool = False  # written as .csv.gz: for files of several megabytes

    @property
    def filename(self) -> str:
        return f"{self.name}.csv.gz" if self.compressed else f"{self.name}.csv"
