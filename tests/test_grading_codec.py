"""Do values cross between the student's kernel and the trusted checker as plain data, faithfully,
and does the checker refuse data no kernel could have made honestly?"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import fractions
import json
import math

import numpy as np
import pandas as pd
import pytest

from tpm_course.core import units
from tpm_course.grading import codec


@pytest.fixture(autouse=True)
def course():
    codec.configure(("tpm_course",), units.registry)


def crossed(value, handles=None):
    """``value`` encoded in one process and decoded in another: through JSON text, as on the socket."""
    text = json.dumps(codec.encode(value, handles or codec.Handles()))
    return codec.decode(json.loads(text), make_function=lambda *facts: facts)


@pytest.mark.parametrize(
    "value",
    [
        0,
        -3,
        2.5,
        "text",
        None,
        True,
        (1, "a"),
        [1, (2, 3), [4]],
        {"a": 1, 2: (3,), ("k", 1): None},
        {1, 2},
        frozenset({"x"}),
        Ellipsis,
        dt.date(2026, 6, 30),
        dt.datetime(2026, 6, 11, 14, 20, tzinfo=dt.UTC),
        dt.timedelta(minutes=45),
        decimal.Decimal("0.1"),
        fractions.Fraction(1, 3),
        range(2, 9, 3),
        pd.Timestamp("2026-06-11 14:20"),
    ],
)
def test_plain_values_cross_unchanged(value):
    found = crossed(value)
    assert found == value and type(found) is type(value)


def test_numbers_that_json_cannot_write_cross():
    assert math.isnan(crossed(float("nan"))) and crossed(float("-inf")) == float("-inf")


def test_numpy_values_keep_their_type():
    for value in (np.float64(0.36), np.int32(7), np.bool_(True), np.datetime64("2026-01-01T00:00")):
        found = crossed(value)
        assert found == value and found.dtype == value.dtype
    array = np.arange(12, dtype="float32").reshape(3, 4)
    found = crossed(array)
    assert found.dtype == array.dtype and (found == array).all()


def test_a_data_frame_keeps_its_dtypes_index_and_missing_values():
    frame = pd.DataFrame(
        {
            "users": [1, 2, 3],
            "rate": [0.5, np.nan, 0.25],
            "page": ["old", None, "new"],
            "day": pd.to_datetime(["2026-01-01", "2026-01-02", None]),
            "at": pd.to_datetime(["2026-10-25 00:30", "2026-10-25 01:30", None])
            .tz_localize("UTC")
            .tz_convert("Europe/Dublin"),
            "tier": pd.Categorical(["a", "b", "a"]),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "ok": [True, False, True],
            "text": pd.array(["a", None, "b"], dtype="string"),
            "mixed": ["a", 1, 2.5],
        },
        index=pd.Index([10, 20, 30], name="id"),
    )
    pd.testing.assert_frame_equal(crossed(frame), frame)
    grouped = frame.groupby(["page", "ok"], dropna=False)["users"].sum()
    pd.testing.assert_series_equal(crossed(grouped), grouped)
    pd.testing.assert_frame_equal(crossed(frame.set_index(["page", "ok"])), frame.set_index(["page", "ok"]))


def test_a_large_frame_crosses_as_raw_columns_and_codes():
    rows = 200_000
    frame = pd.DataFrame({"user": np.arange(rows), "group": np.where(np.arange(rows) % 2, "control", "treatment")})
    encoded = codec.encode(frame)
    assert [sorted(c) for c in encoded["data"]] == [["dtype", "np", "raw"], ["codes", "dtype", "na", "uniques"]]
    assert encoded["data"][1]["uniques"] == ["treatment", "control"]
    text = json.dumps(encoded)
    pd.testing.assert_frame_equal(codec.decode(json.loads(text)), frame)


def test_a_quantity_crosses_in_the_course_registry():
    found = crossed(units.registry().Quantity(5.256, "PB"))
    assert found.to("TB").magnitude == pytest.approx(5256)


def test_the_courses_enums_come_back_as_themselves_and_a_learners_as_their_value():
    Learners = enum.Enum("Learners", {"SHIP": "ship"})
    assert crossed(Learners.SHIP) == "ship"
    assert crossed(enum.Enum) is not None  # a class: described, never rebuilt


def test_a_function_crosses_as_a_handle_with_its_signature_and_shape():
    handles = codec.Handles()

    def qps(daily_active_users, requests_per_user, peak_factor=1.0):
        requests = daily_active_users * requests_per_user
        return requests / 86_400 * peak_factor

    handle, name, signature, code = crossed(qps, handles)
    assert handles.get(handle) is qps and name == "qps"
    assert str(signature) == "(daily_active_users, requests_per_user, peak_factor=1.0)"
    assert code.co_argcount == 3 and code.co_nlocals == 4


def test_an_object_of_another_kind_is_described_not_rebuilt():
    class Plan:
        def __repr__(self):
            raise SystemExit("the checker read me")

    found = crossed(Plan())
    assert type(found).__name__ == "Plan" and "Plan object at" in repr(found)  # its __repr__ is the learner's code
    assert isinstance(found, codec.Opaque)


def test_errors_keep_their_type_and_text():
    class FunnelError(KeyError):
        pass

    for error in (KeyError("signup"), ZeroDivisionError("division by zero"), FunnelError("visit")):
        found = codec.decode_error(json.loads(json.dumps(codec.encode_error(error))))
        assert type(found).__name__ == type(error).__name__ and str(found) == str(error)
        assert isinstance(found, KeyError | ZeroDivisionError)
    syntax = codec.decode_error(codec.encode_error(SyntaxError("invalid syntax", ("<cell>", 3, 1, "x ="))))
    assert isinstance(syntax, SyntaxError) and syntax.lineno == 3


@pytest.mark.parametrize(
    "data",
    [
        {"$": "__class__"},
        {"$": "object", "v": 1},
        {"$": "handle", "h": 1},  # a kernel naming one of the checker's objects
        {"$": "ndarray", "dtype": "object", "shape": [1], "np": "|O", "raw": ""},
        {"$": "float", "v": "1e999"},
        {
            "$": "series",
            "name": None,
            "index": {"$": "index", "range": [0, 5, 1], "name": None},
            "data": {"dtype": "int64", "v": [1]},
        },
        {"$": "index", "data": {"dtype": "str", "codes": "AAAAAA==", "uniques": [], "na": None}, "name": None},
        {"v": 1},
    ],
)
def test_data_no_honest_kernel_sends_is_refused(data):
    with pytest.raises(codec.Unreadable):
        codec.decode(data)


def test_runaway_nesting_and_size_are_refused_both_ways():
    deep = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(codec.TooLarge):
        codec.encode(deep)
    nested = {"$": "tuple", "v": []}
    for _ in range(200):
        nested = {"$": "tuple", "v": [nested]}
    with pytest.raises((codec.TooLarge, codec.Unreadable)):
        codec.decode(nested)


def test_a_line_read_in_many_chunks_comes_out_whole_and_lines_in_one_chunk_come_out_in_order():
    """The grader's processes read JSON lines a chunk at a time (``grading.lines``): a 5 MB line in
    64 KiB pieces, then two short lines and half of a third in one piece."""
    from tpm_course.grading.lines import LineBuffer

    pending, big = LineBuffer(), b"x" * 5_000_000
    pieces = [big[i : i + 65536] for i in range(0, len(big), 65536)]
    found = []
    for piece in [*pieces, b'\n{"a": 1}\n{"b": 2}\n{"c"']:
        pending.add(piece)
        while (line := pending.line()) is not None:
            found.append(line)
    assert found == [big, b'{"a": 1}', b'{"b": 2}'] and pending.line() is None
    pending.add(b": 3}\n")
    assert pending.line() == b'{"c": 3}' and pending.line() is None


def test_a_subclass_of_a_plain_type_is_read_without_running_its_own_methods():
    """A learner's __float__, __int__, __str__, items() or __iter__ never runs while the kernel encodes
    (it could tell the grader was reading, or raise a BaseException there)."""

    class Read(BaseException):
        pass

    def hook(*args, **kwargs):
        raise Read("read")

    kinds = {
        float: {"__float__": hook, "__repr__": hook},
        int: {"__int__": hook, "__index__": hook},
        str: {"__str__": hook, "__iter__": hook},
        dict: {"items": hook, "__iter__": hook, "keys": hook, "values": hook},
        list: {"__iter__": hook, "__len__": hook},
        tuple: {"__iter__": hook},
        set: {"__iter__": hook},
    }
    values = {float: 2.5, int: 7, str: "ship", dict: {"a": 1}, list: [1, 2], tuple: (1, "x"), set: {3}}
    for kind, methods in kinds.items():
        sneaky = type(f"Sneaky{kind.__name__}", (kind,), methods)(values[kind])
        assert crossed(sneaky) == values[kind], kind


def test_a_class_claiming_to_be_pandas_is_not_read_as_pandas():
    class Answer(pd.Series):
        pass

    Answer.__module__ = "pandas.core.series"  # as a learner's class can say
    found = crossed(Answer({"check": 1}, dtype=object))
    assert not isinstance(found, pd.Series), found


def test_a_long_double_crosses_as_its_value():
    """numpy's longdouble gives a longdouble back from .item(): it crosses as a float, not as nothing."""
    assert float(crossed(np.longdouble(3.005))) == pytest.approx(3.005)


def test_the_checker_remembers_a_bounded_number_of_opaque_type_names():
    for number in range(codec.MAX_OPAQUE_TYPES + 500):
        codec.opaque_value({"type": f"Made{number}", "module": "__main__", "repr": "<x>"})
    assert len(codec._OPAQUE_TYPES) <= codec.MAX_OPAQUE_TYPES
