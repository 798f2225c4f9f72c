"""A question answered by a pandas DataFrame, compared cell by cell with the reference."""

from __future__ import annotations

from typing import Any

from .numbers import fmt
from .outcome import Outcome, Status
from .question import Question

_MAX_CELLS_SHOWN = 5


def frame_differences(actual, expected, *, sort_by: list[str] | None = None, rel_tol: float = 1e-6) -> list[str]:
    """How ``actual`` differs from ``expected``: missing columns, row count, then differing cells."""
    import numpy as np
    import pandas as pd

    missing = [c for c in expected.columns if c not in actual.columns]
    if missing:
        return [f"missing column(s): {', '.join(map(repr, missing))}; found {list(actual.columns)}"]
    actual = actual[list(expected.columns)]
    if sort_by:
        actual = actual.sort_values(sort_by)
        expected = expected.sort_values(sort_by)
    actual = actual.reset_index(drop=True)
    expected = expected.reset_index(drop=True)
    if sort_by and all(_is_text(frame[k]) for k in sort_by for frame in (actual, expected)):
        # Rows are matched by their key: a key spelled differently is named once, not as every row after it.
        found, wanted = _keys(actual, sort_by), _keys(expected, sort_by)
        found_set, wanted_set = set(found), set(wanted)
        missing = [k for k in wanted if k not in found_set]
        extra = [k for k in found if k not in wanted_set]
        if missing or extra:
            return [f"no row for {k}" for k in missing] + [
                f"a row for {k}, which the reference does not have" for k in extra
            ]
    if len(actual) != len(expected):
        return [f"{len(actual)} rows where {len(expected)} were expected"]
    found = []
    for column in expected.columns:
        a, e = actual[column], expected[column]
        if pd.api.types.is_numeric_dtype(e) and pd.api.types.is_numeric_dtype(a):
            equal = np.isclose(a.to_numpy(float), e.to_numpy(float), rtol=rel_tol, atol=0, equal_nan=True)
        elif pd.api.types.is_datetime64_any_dtype(e) or pd.api.types.is_datetime64_any_dtype(a):
            # dates match however they are written: "2026-01-05", a date or a Timestamp
            equal = (_as_datetime(a) == _as_datetime(e)).to_numpy()
        else:
            equal = (a.astype(str) == e.astype(str)).to_numpy()
        for row in np.flatnonzero(~equal):
            key = ", ".join(f"{k} {_cell(actual[k].iloc[row])}" for k in sort_by or [] if k != column)
            found.append(f"row {row}, column {column!r}{f' ({key})' if key else ''}: {_cell(a.iloc[row])}")
    return found


def _is_text(column) -> bool:
    """A column of labels (not numbers, not dates): rows can be matched by its values as written."""
    import pandas as pd

    return not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)) and all(
        isinstance(v, str) for v in column
    )


def _keys(frame, columns: list[str]) -> list[str]:
    return [", ".join(f"{k} {v!r}" for k, v in zip(columns, row)) for row in frame[columns].itertuples(index=False)]


def _as_datetime(column):
    import pandas as pd

    return pd.to_datetime(column, errors="coerce")


def _cell(value) -> str:
    """A cell as a learner reads it: 284.2 rather than np.float64(284.225)."""
    plain = value.item() if hasattr(value, "item") and hasattr(value, "dtype") else value
    return fmt(plain) if isinstance(plain, int | float) and not isinstance(plain, bool) else repr(plain)


class FrameQuestion(Question):
    """The learner builds a DataFrame ``name`` with at least ``columns``."""

    def __init__(
        self,
        qid,
        notebook,
        name,
        *,
        columns: list[str],
        sort_by: list[str] | None = None,
        rel_tol: float = 1e-6,
        **kwargs,
    ):
        super().__init__(qid, notebook, name, **kwargs)
        self.columns = list(columns)
        self.sort_by = sort_by
        self.rel_tol = rel_tol

    def _form(self, namespace: dict) -> Any:
        import pandas as pd

        frame = self.lookup(namespace)
        if isinstance(frame, pd.Series):
            frame = frame.reset_index()
        if not isinstance(frame, pd.DataFrame):
            return Outcome(
                Status.INCORRECT,
                f"{self.qid}: `{self.name}` should be a DataFrame",
                [f"It is a {type(frame).__name__}."],
            )
        missing = [c for c in self.columns if c not in frame.columns]
        if missing and set(missing) <= set(frame.index.names) and not set(frame.index.names) & set(frame.columns):
            frame = frame.reset_index()  # a column kept as the index (after a groupby) counts
            missing = []
        if missing:
            return Outcome(
                Status.INCORRECT,
                f"{self.qid}: `{self.name}` lacks column(s) {', '.join(map(repr, missing))}",
                [f"Its columns are {list(frame.columns)}."],
            )
        return frame

    def check_visible(self, namespace: dict) -> Outcome:
        frame = self._form(namespace)
        if isinstance(frame, Outcome):
            return frame
        return Outcome(
            Status.PENDING,
            f"{self.qid}: `{self.name}` has the required columns",
            ["The grader compares it with the reference when you submit."],
        )

    def _same(self, actual, expected) -> bool:
        return not frame_differences(actual, expected, sort_by=self.sort_by, rel_tol=self.rel_tol)

    def check_key(self, namespace: dict, expected=None, **context: Any) -> Outcome:
        frame = self._form(namespace)
        if isinstance(frame, Outcome):
            return frame
        differences = frame_differences(frame, expected, sort_by=self.sort_by, rel_tol=self.rel_tol)
        if not differences:
            return Outcome(Status.CORRECT, f"{self.qid}: correct, `{self.name}` matches the reference")
        details = differences[:_MAX_CELLS_SHOWN]
        if len(differences) > _MAX_CELLS_SHOWN:
            details.append(f"… and {len(differences) - _MAX_CELLS_SHOWN} more cells.")
        misconception = self.misconception_for(frame, expected, context, self._same)
        if misconception:
            details.append(misconception.message)
        return Outcome(Status.INCORRECT, f"{self.qid}: `{self.name}` differs from the reference", details)
