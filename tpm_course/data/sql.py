"""The course's SQL databases: a topic's shipped tables loaded into SQLite, and running a query on them."""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from pathlib import Path
from typing import Any

from tpm_course.core.errors import TpmCourseError


def _shipped_rows(name: str, table: str) -> list[list]:
    """A table's rows from its file in ``datasets/`` (regenerated when the file is not at hand)."""
    from . import datasets, folder, to_csv

    dataset = datasets()[f"{name}_{table}"]
    where = folder()
    path = where / dataset.filename if where is not None else None
    text = path.read_text(encoding="utf-8") if path is not None and path.is_file() else to_csv(dataset)
    rows = list(csv.reader(io.StringIO(text)))
    return [[None if value == "" else value for value in row] for row in rows[1:]]


def database(name: str = "shop", *, seed: int | None = None) -> sqlite3.Connection:
    """A fresh in-memory SQLite database holding the tables of ``name``.

    Without a seed it holds the shipped files (``datasets/shop_*.csv``); with one, the rows the
    generator makes for that seed: the same schema and calendar, other users and events.
    Every call returns a new database, so changes made in one never reach another: the first call
    builds it (about 0.1 s), later ones copy that build's image (under a millisecond) while the
    files it was read from are unchanged.
    """
    from . import databases

    if name not in databases():
        raise KeyError(f"no database called {name!r}; the course has: {', '.join(sorted(databases()))}")
    source = (name, seed, _files(name) if seed is None else ())
    image = _IMAGES.get(source)
    if image is None:
        built = _build(databases()[name], name, seed)
        image = _IMAGES[source] = built.serialize()
        built.close()
    connection = sqlite3.connect(":memory:")
    connection.deserialize(image)
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)  # no other file can be opened through it
    return connection


_IMAGES: dict[tuple, bytes] = {}  # (name, seed, the shipped files' identity) -> a built database's image


def _files(name: str) -> tuple:
    """Where the shipped tables of ``name`` are read from, with each file's size and time."""
    from . import databases, datasets, folder

    where = folder()
    found = []
    for table in databases()[name].TABLES:
        path = where / datasets()[f"{name}_{table}"].filename if where is not None else None
        stat = path.stat() if path is not None and path.is_file() else None
        found.append((str(path), stat.st_size, stat.st_mtime_ns) if stat else (table, "generated"))
    return tuple(found)


def _build(module, name: str, seed: int | None) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    for table in module.TABLES:
        connection.execute(module.SCHEMA[table])
        rows = _shipped_rows(name, table) if seed is None else module.tables(seed)[table]
        marks = ", ".join("?" * len(module.COLUMNS[table]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    for index in module.INDEXES:
        connection.execute(index)
    connection.commit()
    return connection


def warm() -> None:
    """Build the shipped databases once (a grader's template process: every notebook then copies them).
    Given the grader's folder (``core.kept``), read back the images an earlier run built from the
    same files, and keep those built now."""
    import hashlib

    from tpm_course.core import kept

    from . import databases

    folder = kept.folder("sql")
    for name in databases():
        source = (name, None, _files(name))
        files = [(Path(entry[0]).name, *entry[1:]) for entry in source[2]]  # wherever the grader copied them
        code = Path(__file__).read_bytes() + Path(databases()[name].__file__).read_bytes()  # how it is built
        digest = hashlib.sha256(repr(files).encode() + code).hexdigest()[:24]
        stored = folder / f"{name}-{digest}.sqlite" if folder else None
        image = stored.read_bytes() if stored is not None and stored.is_file() else None
        if image is not None and source not in _IMAGES and _sound(image):  # else (cut short) built again
            _IMAGES[source] = image
        database(name).close()  # builds it unless read back
        if stored is not None and _IMAGES[source] is not image:
            _keep(stored, _IMAGES[source])


def _sound(image: bytes) -> bool:
    """Whether ``image`` is a whole SQLite database."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(image)
        return connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def _keep(path, image: bytes) -> None:
    """Write ``image`` to ``path`` whole or not at all (a folder that cannot be written: not at all)."""
    import os

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for older in path.parent.glob(f"{path.name.rsplit('-', 1)[0]}-*.sqlite"):  # built from other files
            older.unlink()
        part = path.with_name(f".{path.name}.{os.getpid()}")
        part.write_bytes(image)
        os.replace(part, path)
    except OSError:
        pass


TIME_LIMIT_S = 10.0


class QueryError(TpmCourseError):
    """A query that could not run; the message says why in a learner's terms."""

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[31mQueryError\x1b[0m: {self}"]


def run_query(sql: Any, connection: sqlite3.Connection, *, time_limit: float = TIME_LIMIT_S):
    """The result of one SELECT as a DataFrame; QueryError with a plain explanation when it fails."""
    import pandas as pd

    if sql is Ellipsis or sql is None:
        raise QueryError("`...` is not a query yet: write a SELECT statement as a string.")
    if not isinstance(sql, str):
        raise QueryError(f"a query is a string of SQL, and this is a {type(sql).__name__}.")
    if not sql.strip():
        raise QueryError("the query is empty: write a SELECT statement.")
    deadline = time.monotonic() + time_limit
    connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    connection.set_authorizer(_reading_only)
    try:
        cursor = connection.execute(sql)
        if cursor.description is None:
            raise QueryError("that statement returns no rows: write a SELECT.")
        rows = cursor.fetchall()
    except (sqlite3.Error, sqlite3.Warning) as error:
        connection.set_authorizer(None)  # the explanation reads the schema
        raise QueryError(_explain(error, connection, time_limit)) from None
    finally:
        connection.set_authorizer(None)
        connection.set_progress_handler(None, 0)
    return pd.DataFrame.from_records(rows, columns=[d[0] for d in cursor.description])


_READING = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


def _reading_only(action: int, *_) -> int:
    """SQLite's authorizer while a query runs: it may read the tables and compute, never write, create,
    attach a file, change a setting (PRAGMA) or begin or end a transaction. (A grader runs learners'
    queries in its own process: nothing a query says may outlast it.)"""
    return sqlite3.SQLITE_OK if action in _READING else sqlite3.SQLITE_DENY


def _tables(connection: sqlite3.Connection) -> dict[str, list[str]]:
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    return {t: [c[1] for c in connection.execute(f"PRAGMA table_info({t})")] for t in names}


def _explain(error: Exception, connection: sqlite3.Connection, time_limit: float) -> str:
    text = str(error)
    tables = _tables(connection)
    if text.startswith("no such table"):
        return f"{text}. The tables are {', '.join(f'`{t}`' for t in tables)}."
    if text.startswith("no such column"):
        listed = "; ".join(f"`{t}` ({', '.join(columns)})" for t, columns in tables.items())
        return f"{text}. The columns are: {listed}."
    if text == "interrupted":
        return (
            f"the query ran for more than {time_limit:g} s and was stopped. A JOIN without a matching ON "
            "condition pairs every row with every other row: check each JOIN's condition."
        )
    if text.startswith(("not authorized", "authorization denied")):
        return (
            "a query here may only read: write one SELECT (no INSERT, UPDATE, DELETE, CREATE, DROP, "
            "PRAGMA, ATTACH or transaction)."
        )
    if "one statement at a time" in text:
        return "write one SELECT statement (a `;` separates two statements)."
    return f"SQLite could not run it: {text}."
