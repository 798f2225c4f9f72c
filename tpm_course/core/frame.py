"""A question answered by a pandas DataFrame, compared cell by cell with the reference."""

from __future__ import annotations

from typing import Any

from .feedback import capped, shown
from .outcome import Outcome, Status
from .question import Question
from .structure import unwrap


def table_differences(
    actual, expected, *, key: list[str] | None = None, rel_tol: float = 1e-6, abs_tol: float = 0.0
) -> list[str]:
    """How table ``actual`` differs from ``expected`` on ``expected``'s columns; [] when it does not.

    The one comparison of tables (a FrameQuestion's DataFrame, a QueryQuestion's result). With
    ``key``, rows are matched by their key in any order and named by it: a key on more than one
    row, a row missing, a row too many, a cell that differs. Without one (or where ``expected``
    repeats a key), rows are compared in order, sorted by ``key`` when there is one, and named
    by their position. Numbers match within ``rel_tol`` or ``abs_tol``; dates however they are written (a
    string, a date, a Timestamp); anything else as text.
    """
    missing = [c for c in expected.columns if c not in actual.columns]
    if missing:
        return [f"missing column(s) {', '.join(map(repr, missing))}; the columns are {list(actual.columns)}"]
    actual = actual[list(expected.columns)]
    if key:
        found, wanted = _key_labels(actual, expected, key)
        if wanted.is_unique:
            return _differences_by_key(actual, expected, key, found, wanted, (rel_tol, abs_tol))
        actual, expected = actual.sort_values(key), expected.sort_values(key)
    actual, expected = actual.reset_index(drop=True), expected.reset_index(drop=True)
    if len(actual) != len(expected):
        return [_row_count(actual, expected)]
    rows = list(range(len(expected)))
    key_text = (lambda i: f" ({_key_text(actual, i, key)})") if key else (lambda i: "")
    return _cell_differences(
        actual, expected, rows, rows, list(expected.columns), lambda i: f"row {i}{key_text(i)}", (rel_tol, abs_tol)
    )


def rows_right(
    actual, expected, *, key: list[str] | None = None, rel_tol: float = 1e-6, abs_tol: float = 0.0
) -> dict[str, bool]:
    """Each row of ``expected`` and whether ``actual`` has it exactly: the parts of a table a question scores.

    With ``key``, rows match by key (once, in any order) and are named by it; without, they match
    by position and are named by their first column. A row too many is a wrong part too.
    """
    named = key or [expected.columns[0]]
    if any(c not in actual.columns for c in expected.columns):
        return {_key_text(expected, i, named): False for i in range(len(expected))}
    actual = actual[list(expected.columns)].reset_index(drop=True)
    expected = expected.reset_index(drop=True)
    if key:
        found, wanted = _key_labels(actual, expected, key)
        matches = [[j for j in range(len(found)) if found[j] == wanted[i]] for i in range(len(expected))]
        extra = list(found.get_indexer(found.difference(wanted)))
    else:
        matches = [[i] if i < len(actual) else [] for i in range(len(expected))]
        extra = list(range(len(expected), len(actual)))
    right = {
        _key_text(expected, i, named): len(rows) == 1
        and not table_differences(actual.iloc[rows], expected.iloc[[i]], key=key, rel_tol=rel_tol, abs_tol=abs_tol)
        for i, rows in enumerate(matches)
    }
    right.update({f"a row for {_key_text(actual, j, named)} that should not be there": False for j in extra})
    return right


def _row_count(actual, expected) -> str:
    rows = "row" if len(actual) == 1 else "rows"
    return f"{shown(len(actual))} {rows} where {shown(len(expected))} were expected"


def _differences_by_key(actual, expected, key, found, wanted, tolerance) -> list[str]:
    """Rows matched by key: a repeated key, then rows missing, rows too many, and differing cells."""
    import numpy as np

    repeats = found.duplicated()
    if repeats.any():
        example = _key_text(actual, int(np.flatnonzero(repeats)[0]), key, named=False)
        return [
            f"{len(found[repeats].unique())} value(s) of {', '.join(key)} appear on more than one row, "
            f"e.g. {example}: each should have one row"
        ]
    differences = [f"no row for {_key_text(expected, i, key)}" for i in wanted.get_indexer(wanted.difference(found))]
    differences += [
        f"a row for {_key_text(actual, i, key)} that should not be there"
        for i in found.get_indexer(found.difference(wanted))
    ]
    if len(actual) != len(expected):  # the count first: on a long table it says more than the first rows do
        differences.insert(0, _row_count(actual, expected))
    common = wanted.intersection(found, sort=False)
    rows, expected_rows = list(found.get_indexer(common)), list(wanted.get_indexer(common))
    columns = [c for c in expected.columns if c not in key]
    return differences + _cell_differences(
        actual, expected, rows, expected_rows, columns, lambda i: _key_text(actual, i, key), tolerance
    )


def _cell_differences(actual, expected, rows, expected_rows, columns, row_name, tolerance) -> list[str]:
    """Each cell of ``actual``'s ``rows`` that differs from ``expected``'s, column by column."""
    import numpy as np

    differences = []
    for column in columns:
        a, e = actual[column].iloc[rows], expected[column].iloc[expected_rows]
        for i in np.flatnonzero(~_equal(a, e, *tolerance)):
            differences.append(f"{row_name(rows[i])}: `{column}` is {shown(a.iloc[i])}")
    return differences


def _comparable(a, e):
    """Two columns as values that compare: numbers as floats; dates as Timestamps where either holds dates; else text."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(e):
        return a.to_numpy(float), e.to_numpy(float)
    if pd.api.types.is_datetime64_any_dtype(a) or pd.api.types.is_datetime64_any_dtype(e):
        # dates match however they are written: "2026-01-05", a date or a Timestamp
        return pd.to_datetime(a, errors="coerce").to_numpy(), pd.to_datetime(e, errors="coerce").to_numpy()
    return a.astype(str).to_numpy(), e.astype(str).to_numpy()


def _equal(a, e, rel_tol: float, abs_tol: float = 0.0):
    """Cell by cell, whether two aligned columns agree: numbers within ``rel_tol`` or ``abs_tol``, the rest exactly."""
    import numpy as np

    found, wanted = _comparable(a, e)
    if found.dtype.kind == "f":
        return np.isclose(found, wanted, rtol=rel_tol, atol=abs_tol, equal_nan=True)
    return found == wanted


def _key_labels(actual, expected, key: list[str]):
    """The key of each row of both tables, as comparable labels (an Index, a MultiIndex for several columns)."""
    import pandas as pd

    pairs = [_comparable(actual[k], expected[k]) for k in key]
    if len(key) == 1:
        return pd.Index(pairs[0][0]), pd.Index(pairs[0][1])
    return pd.MultiIndex.from_arrays([p[0] for p in pairs]), pd.MultiIndex.from_arrays([p[1] for p in pairs])


def _key_text(frame, row: int, key: list[str], *, named: bool = True) -> str:
    """A row named by its key as Python writes it: ``region 'all'``, ``user_id 100584``, or ``'all'`` unnamed.

    A key is a name, like a column's, not a quantity to read: it is written as Python writes it, not
    through ``shown`` (an id of 100584 is not "100,584").
    """
    values = [repr(unwrap(frame[k].iloc[row])) for k in key]
    if named:
        return ", ".join(f"{k} {v}" for k, v in zip(key, values))
    return ", ".join(values)


class FrameQuestion(Question):
    """The learner builds a DataFrame ``name`` with at least ``columns``.

    ``sort_by`` names the columns that identify a row: rows then match in any order. Without
    it, rows are compared in order.
    """

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        columns: list[str],
        sort_by: list[str] | None = None,
        rel_tol: float = 1e-6,
        abs_tol: float = 0.0,
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.columns = list(columns)
        self.sort_by = sort_by
        self.rel_tol = rel_tol
        self.abs_tol = abs_tol  # rounded answers: 0.3578 for 0.357812 with abs_tol=5e-5

    def _form(self, namespace: dict) -> Any:
        """The answer as a DataFrame with the required columns; WrongForm saying why when it is not one."""
        import pandas as pd

        frame = self.lookup(namespace)
        if isinstance(frame, pd.Series):
            frame = frame.reset_index()
        if not isinstance(frame, pd.DataFrame):
            raise self.wrong_form(f"`{self.name}` should be a DataFrame", f"It is a {type(frame).__name__}.")
        missing = [c for c in self.columns if c not in frame.columns]
        if missing and set(missing) <= set(frame.index.names) and not set(frame.index.names) & set(frame.columns):
            frame = frame.reset_index()  # a column kept as the index (after a groupby) counts
            missing = []
        if missing:
            raise self.wrong_form(
                f"`{self.name}` lacks column(s) {', '.join(map(repr, missing))}",
                f"Its columns are {list(frame.columns)}.",
            )
        return frame

    def check_visible(self, namespace: dict) -> Outcome:
        self._form(namespace)  # raises WrongForm unless the answer has the form asked for
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has the required columns",
            ["The grader compares it with the reference when you submit."],
        )

    def _same(self, actual, expected) -> bool:
        return not table_differences(actual, expected, key=self.sort_by, rel_tol=self.rel_tol, abs_tol=self.abs_tol)

    def check_key(self, namespace: dict, expected=None, **context: Any) -> Outcome:
        frame = self._form(namespace)
        differences = table_differences(frame, expected, key=self.sort_by, rel_tol=self.rel_tol, abs_tol=self.abs_tol)
        if not differences:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` matches the reference")
        details = capped(differences)
        misconception = self.misconception_for(frame, expected, context, self._same)
        if misconception:
            details.append(misconception.message)
        outcome = Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` differs from the reference", details)
        if self.parts is None:
            return outcome
        right = rows_right(frame, expected, key=self.sort_by, rel_tol=self.rel_tol, abs_tol=self.abs_tol)
        return self.scored(outcome, right)
