"""Values as plain data: what crosses between the student's kernel and the trusted checker.

``encode`` turns a value into JSON-able data (numbers, strings, lists, dicts, tagged
objects); ``decode`` builds it back. Nothing is pickled and no code crosses: a function
crosses as a handle the kernel keeps (``Handles``), with its signature, so the checker can
call it through the kernel (``checker.RemoteFunction``). Data frames, series and arrays cross
column by column with their dtypes; quantities as magnitude and unit; an object of any other
kind as its type's name and ``repr``, which a check reads as "a value of the wrong kind".
``decode`` runs on the trusted side and never trusts its input: unknown tags, wrong shapes
and runaway nesting raise ``Unreadable``.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import fractions
import inspect
import math
import re
import sys
import types
from types import SimpleNamespace

from ..core.errors import TpmCourseError

MAX_DEPTH = 60  # nesting the checker rebuilds
MAX_ITEMS = 5_000_000  # scalars in one value (raw columns count one per 64 bytes)
TEXT = 2_000  # characters of a repr kept
MAX_STEPS = 20_000  # instructions of a function's code sent


_course = {"packages": ("enum",), "registry": None}  # see ``configure``


def configure(packages: tuple[str, ...], registry=None) -> None:
    """The packages whose enums a value may name, and ``registry()`` that rebuilds quantities."""
    _course["packages"], _course["registry"] = ("enum", *packages), registry


class Unreadable(TpmCourseError, ValueError):
    """The data is not a value ``encode`` could have made."""


class TooLarge(TpmCourseError, ValueError):
    """A value with more than ``MAX_ITEMS`` scalars or deeper than ``MAX_DEPTH``."""


class Handles:
    """The kernel's side of functions sent as handles: number -> the function."""

    def __init__(self):
        self.objects: dict[int, object] = {}

    def add(self, function) -> int:
        number = len(self.objects) + 1
        self.objects[number] = function
        return number

    def get(self, number):
        return self.objects[number]


# -- encoding (either side) ------------------------------------------------------------


def encode(value, handles: Handles | None = None, refer=None) -> object:
    """Plain data for ``value``; ``handles`` keeps functions (kernel side); ``refer(value)`` gives the
    checker's own description of a value, or None (its proxies become the handles they stand for,
    its functions callbacks the kernel calls back)."""
    return _Encoder(handles, refer).do(value, 0)


class _Encoder:
    def __init__(self, handles, refer):
        self.handles, self.refer, self.items = handles, refer, 0

    def count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise TooLarge(f"more than {MAX_ITEMS:,} values")

    def do(self, value, depth: int):
        if depth > MAX_DEPTH:
            raise TooLarge(f"nested more than {MAX_DEPTH} deep")
        self.count()
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if value is Ellipsis:  # the exercises' placeholder: "not answered yet"
            return {"$": "ellipsis"}
        if kind.__module__ == "numpy":
            return self.numpy(value, depth)
        if isinstance(value, enum.Enum):
            return {"$": "enum", "cls": _qualified(kind), "name": value.name, "v": self.do(value.value, depth + 1)}
        # Subclasses of the plain types are read through the plain type's own methods: a learner's
        # __float__, __iter__ or items() never runs here (it could tell the grader is reading).
        if isinstance(value, int | str | float):  # subclasses: their plain value
            plain = (
                float.__float__(value)
                if isinstance(value, float)
                else int.__int__(value)
                if isinstance(value, int)
                else str.__str__(value)
            )
            return self.do(plain, depth)
        if kind is list:
            return [self.do(v, depth + 1) for v in value]
        if isinstance(value, tuple):
            return {"$": "tuple", "v": [self.do(v, depth + 1) for v in tuple.__iter__(value)]}
        if isinstance(value, dict):
            pairs = [[self.do(k, depth + 1), self.do(v, depth + 1)] for k, v in list(dict.items(value))]
            return {"$": "dict", "v": pairs}
        if isinstance(value, set | frozenset):
            members = set.__iter__(value) if isinstance(value, set) else frozenset.__iter__(value)
            return {"$": "set", "frozen": isinstance(value, frozenset), "v": [self.do(v, depth + 1) for v in members]}
        if isinstance(value, list):
            return [self.do(v, depth + 1) for v in list.__iter__(value)]
        if self.refer is not None:
            described = self.refer(value)
            if described is not None:
                return described
        return self.special(value, kind, depth)

    def special(self, value, kind, depth: int):
        module = kind.__module__.split(".")[0] if _genuine(kind) else ""
        if module == "pandas":
            return self.pandas(value, depth)
        if module == "numpy":
            return self.numpy(value, depth)
        if _is_quantity(value):  # read through pint's own properties, whatever a subclass says
            from pint.facets.plain import PlainQuantity

            magnitude, unit = PlainQuantity.magnitude.fget(value), PlainQuantity.units.fget(value)
            return {"$": "quantity", "m": self.do(magnitude, depth + 1), "u": str(unit)}
        if isinstance(value, dt.datetime | dt.date | dt.time):
            return {
                "$": kind.__name__ if kind in (dt.datetime, dt.date, dt.time) else "datetime",
                "v": value.isoformat(),
            }
        if isinstance(value, dt.timedelta):
            return {"$": "timedelta", "v": value.total_seconds()}
        if isinstance(value, decimal.Decimal | fractions.Fraction | complex):
            return {"$": type(value).__name__.lower(), "v": str(value)}
        if isinstance(value, range):
            return {"$": "range", "v": [value.start, value.stop, value.step]}
        if callable(value) and not isinstance(value, type) and self.handles is not None:
            return self.function(value)
        return opaque(value)

    def function(self, value) -> dict:
        code = getattr(value, "__code__", None)
        facts = None
        if isinstance(code, types.CodeType):
            facts = [list(code.co_names), code.co_nlocals, code.co_argcount, code.co_kwonlyargcount, _steps(code)]
        return {
            "$": "function",
            "h": self.handles.add(value),
            "name": str(getattr(value, "__name__", type(value).__name__))[:200],
            "sig": self.signature(value),
            "code": facts,
        }

    def signature(self, value):
        try:
            parameters = inspect.signature(value).parameters.values()
        except (TypeError, ValueError):
            return None
        described = []
        for p in parameters:
            default = None
            if p.default is not p.empty:
                try:
                    default = [self.do(p.default, 1)]
                except TooLarge:
                    default = [None]
            described.append([p.name, int(p.kind), default])
        return described

    def numpy(self, value, depth: int):
        import numpy as np

        if isinstance(value, np.ndarray):
            self.count(value.size)
            if value.dtype.kind in "mM":
                return {
                    "$": "ndarray",
                    "dtype": str(value.dtype),
                    "shape": list(value.shape),
                    "i8": value.view("i8").ravel().tolist(),
                }
            if value.dtype.kind in "biufc" and value.dtype.kind != "c":
                return {
                    "$": "ndarray",
                    "dtype": str(value.dtype),
                    "shape": list(value.shape),
                    "v": value.ravel().tolist(),
                }
            return {
                "$": "ndarray",
                "dtype": "object",
                "shape": list(value.shape),
                "v": [self.do(v, depth + 1) for v in value.ravel().tolist()],
            }
        if isinstance(value, np.generic):
            if value.dtype.kind in "mM":
                return {"$": "np", "dtype": str(value.dtype), "i8": int(value.view("i8"))}
            plain = value.item()
            if isinstance(plain, np.generic):  # longdouble and clongdouble stay numpy: cross as Python's
                plain = float(plain) if value.dtype.kind == "f" else complex(plain) if value.dtype.kind == "c" else None
            return {"$": "np", "dtype": str(value.dtype), "v": self.do(plain, depth + 1)}
        return opaque(value)

    def pandas(self, value, depth: int):
        import pandas as pd

        if isinstance(value, pd.DataFrame):
            columns = [self.series_data(value.iloc[:, i], depth) for i in range(value.shape[1])]
            return {
                "$": "frame",
                "columns": self.index(value.columns, depth),
                "index": self.index(value.index, depth),
                "data": columns,
            }
        if isinstance(value, pd.Series):
            data = self.series_data(value, depth)
            return {
                "$": "series",
                "name": self.do(value.name, depth + 1),
                "index": self.index(value.index, depth),
                "data": data,
            }
        if isinstance(value, pd.Index):
            return self.index(value, depth)
        if value is pd.NaT:
            return {"$": "nat"}
        if value is pd.NA:
            return {"$": "na"}
        if isinstance(value, pd.Timestamp):
            return {"$": "timestamp", "v": value.isoformat()}
        if isinstance(value, pd.Timedelta):
            return {"$": "timedelta", "v": value.total_seconds()}
        return opaque(value)

    def series_data(self, series, depth: int) -> dict:
        """A column: numbers and times as raw bytes, repeated values as codes into their distinct values."""
        dtype = series.dtype
        text = str(dtype)
        if getattr(dtype, "tz", None) is not None:
            naive = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
            return {"dtype": text, "tz": str(dtype.tz), "unit": str(naive.dtype), **self.raw(naive.view("i8"))}
        if dtype.kind in "mM" and hasattr(dtype, "str"):
            values = series.to_numpy()
            return {"dtype": text, "unit": str(values.dtype), **self.raw(values.view("i8"))}
        if dtype.kind in "biuf" and type(dtype).__module__.startswith("numpy"):
            return {"dtype": text, **self.raw(series.to_numpy())}
        return {"dtype": text, **self.objects(series, depth)}

    def raw(self, array) -> dict:
        import numpy as np

        array = np.ascontiguousarray(array)
        self.count(max(1, array.nbytes // 64))
        return {"np": array.dtype.str, "raw": base64.b64encode(array.tobytes()).decode()}

    def objects(self, series, depth: int) -> dict:
        import pandas as pd

        try:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
        except TypeError:  # unhashable values (lists, dicts): one by one
            return {"v": [self.do(v, depth + 2) for v in series.tolist()]}
        missing = series[codes == -1]
        na = self.do(missing.iloc[0], depth + 2) if len(missing) else None
        plain = uniques.dtype == object or isinstance(uniques.dtype, pd.StringDtype)  # tolist keeps each value
        distinct = uniques.tolist() if plain else list(uniques)  # list() of text is a pandas call per value
        if all(type(v) is str for v in distinct):  # the common case, without a call per value
            self.count(len(distinct))
        else:
            distinct = [self.do(v, depth + 2) for v in distinct]
        return {"codes": self.raw(codes.astype("<i4"))["raw"], "uniques": distinct, "na": na}

    def index(self, index, depth: int) -> dict:
        import pandas as pd

        if isinstance(index, pd.RangeIndex):
            return {
                "$": "index",
                "range": [index.start, index.stop, index.step],
                "name": self.do(index.name, depth + 1),
            }
        if isinstance(index, pd.MultiIndex):
            tuples = [self.do(t, depth + 2) for t in index.tolist()]
            return {"$": "index", "multi": tuples, "names": [self.do(n, depth + 2) for n in index.names]}
        data = self.series_data(pd.Series(index), depth)
        return {"$": "index", "data": data, "name": self.do(index.name, depth + 1)}


def _steps(code) -> list:
    """The code's instructions as data: each step's name, and its constant when that is a plain one."""
    import dis

    steps = []
    for step in dis.get_instructions(code):
        constant = step.argval if step.argval is None or type(step.argval) in (bool, int, float, str) else "<const>"
        steps.append([step.opname, constant if step.opname.endswith("CONST") else None])
        if len(steps) >= MAX_STEPS:
            break
    return steps


def opaque(value) -> dict:
    """An object the checker cannot rebuild: its type and how it prints (a learner's own class as
    ``object`` prints it: its __repr__ never runs while the checker reads)."""
    kind = type(value)
    try:
        text = repr(value) if _genuine(kind) and kind.__module__ != "__main__" else object.__repr__(value)
    except Exception as error:  # a library's __repr__ on the learner's data
        text = f"<{kind.__name__}: repr raised {type(error).__name__}>"
    return {
        "$": "opaque",
        "type": type(value).__name__[:100],
        "module": str(type(value).__module__)[:100],
        "repr": text[:TEXT],
    }


def _is_quantity(value) -> bool:
    pint = sys.modules.get("pint")
    return pint is not None and isinstance(value, pint.Quantity)


def _genuine(kind) -> bool:
    """``kind`` is the class its module says it is (a learner's subclass that claims to be pandas's is not)."""
    found = sys.modules.get(str(kind.__module__))
    for part in str(kind.__qualname__).split("."):
        found = getattr(found, part, None)
    return found is kind


def _qualified(kind) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


# -- decoding (the trusted side) ---------------------------------------------------------


def decode(data, make_function=None, resolve=None, make_callback=None):
    """The value ``encode`` described; functions become ``make_function(handle, name, signature, code)``;
    on the kernel's side, handles ``resolve(handle)`` (the function it sent) and the checker's
    functions ``make_callback(number, name)``."""
    try:
        return _Decoder(make_function, resolve, make_callback).do(data, 0)
    except (Unreadable, TooLarge):
        raise
    except (
        KeyError,
        IndexError,
        TypeError,
        ValueError,
        AttributeError,
        OverflowError,
        RecursionError,
        MemoryError,
    ) as error:
        raise Unreadable(f"{type(error).__name__}: {error}") from None


class _Decoder:
    def __init__(self, make_function, resolve, make_callback=None):
        self.make_function, self.resolve, self.make_callback = make_function, resolve, make_callback

    def do(self, data, depth: int):
        if depth > MAX_DEPTH + 4:
            raise TooLarge("nested too deep")
        if data is None or type(data) in (bool, int, float, str):
            return data
        if type(data) is list:
            return [self.do(v, depth + 1) for v in data]
        if type(data) is not dict or not isinstance(data.get("$"), str):
            raise Unreadable("not a value")
        tag = data["$"]
        builder = getattr(self, "_" + tag, None) if tag.isidentifier() else None
        if builder is None:
            raise Unreadable(f"unknown kind {tag[:40]!r}")
        return builder(data, depth)

    def _float(self, d, depth):
        return float(d["v"]) if d["v"] in ("nan", "inf", "-inf") else _unreadable()

    def _ellipsis(self, d, depth):
        return Ellipsis

    def _tuple(self, d, depth):
        return tuple(self.do(v, depth + 1) for v in _list(d["v"]))

    def _dict(self, d, depth):
        return {_hashable(self.do(k, depth + 1)): self.do(v, depth + 1) for k, v in _list(d["v"])}

    def _set(self, d, depth):
        items = [_hashable(self.do(v, depth + 1)) for v in _list(d["v"])]
        return frozenset(items) if d.get("frozen") else set(items)

    def _enum(self, d, depth):
        module, _, qualname = str(d["cls"]).partition(":")
        home = sys.modules.get(module) if module.split(".")[0] in _course["packages"] else None
        kind = home
        for part in qualname.split("."):
            kind = getattr(kind, part, None)
        if isinstance(kind, type) and issubclass(kind, enum.Enum) and d["name"] in kind.__members__:
            return kind[d["name"]]
        return self.do(d["v"], depth + 1)  # the learner's own enum: its value

    def _quantity(self, d, depth):
        magnitude = self.do(d["m"], depth + 1)
        try:
            if not _plain_unit(str(d["u"])):
                raise ValueError("not a unit")
            return _course["registry"]().Quantity(magnitude, str(d["u"]))
        except Exception:  # a unit the course's registry does not know
            return opaque_value({"type": "Quantity", "module": "pint", "repr": f"{magnitude} {d['u']}"})

    def _datetime(self, d, depth):
        return dt.datetime.fromisoformat(d["v"])

    def _date(self, d, depth):
        return dt.date.fromisoformat(d["v"])

    def _time(self, d, depth):
        return dt.time.fromisoformat(d["v"])

    def _timedelta(self, d, depth):
        return dt.timedelta(seconds=float(d["v"]))

    def _decimal(self, d, depth):
        return decimal.Decimal(str(d["v"]))

    def _fraction(self, d, depth):
        return fractions.Fraction(str(d["v"]))

    def _complex(self, d, depth):
        return complex(str(d["v"]))

    def _range(self, d, depth):
        return range(*[int(v) for v in d["v"]])

    def _opaque(self, d, depth):
        return opaque_value(d)

    def _function(self, d, depth):
        if self.make_function is None:
            raise Unreadable("a function where none may be")
        code = d.get("code")
        facts = None
        if code is not None:
            names, nlocals, argcount, kwonly, steps = code
            facts = SimpleNamespace(
                co_names=tuple(str(n) for n in names),
                co_nlocals=int(nlocals),
                co_argcount=int(argcount),
                co_kwonlyargcount=int(kwonly),
                steps=[SimpleNamespace(opname=str(name), argval=value) for name, value in _list(steps)[:MAX_STEPS]],
            )
        return self.make_function(int(d["h"]), str(d["name"]), self._signature(d.get("sig"), depth), facts)

    def _signature(self, described, depth):
        if described is None:
            return None
        parameters = []
        for name, kind, default in _list(described):
            value = inspect.Parameter.empty if default is None else self.do(default[0], depth + 1)
            parameters.append(inspect.Parameter(str(name), inspect._ParameterKind(int(kind)), default=value))
        return inspect.Signature(parameters)

    def _callback(self, d, depth):
        if self.make_callback is None:
            raise Unreadable("a callback where none may be")
        return self.make_callback(int(d["h"]), str(d.get("name", "function"))[:200])

    def _handle(self, d, depth):
        if self.resolve is None:
            raise Unreadable("a handle where none may be")
        return self.resolve(int(d["h"]))

    def _np(self, d, depth):
        import numpy as np

        dtype = _dtype(d["dtype"])
        if "i8" in d:
            return np.array([int(d["i8"])], dtype="i8").view(dtype)[0]
        return dtype.type(self.do(d["v"], depth + 1))

    def _ndarray(self, d, depth):
        import numpy as np

        shape = tuple(int(n) for n in d["shape"])
        if "raw" in d:
            values = _raw(d)
            return (values.view(_dtype(d["dtype"])) if values.dtype.kind == "i" else values).reshape(shape)
        if d["dtype"] == "object":
            values = [self.do(v, depth + 1) for v in _list(d["v"])]
            array = np.empty(len(values), dtype=object)
            array[:] = values
            return array.reshape(shape)
        return np.array(_list(d["v"]), dtype=_dtype(d["dtype"])).reshape(shape)

    def _nat(self, d, depth):
        import pandas as pd

        return pd.NaT

    def _na(self, d, depth):
        import pandas as pd

        return pd.NA

    def _timestamp(self, d, depth):
        import pandas as pd

        return pd.Timestamp(str(d["v"]))

    def column(self, d, depth):
        import numpy as np
        import pandas as pd

        dtype = str(d["dtype"])
        if "raw" in d:
            values = _raw(d)
            if "unit" in d:
                values = values.view(_dtype(d["unit"]))
            if "tz" in d:
                return pd.Series(values).dt.tz_localize("UTC").dt.tz_convert(str(d["tz"]))
            return pd.Series(values)
        if "codes" in d:
            codes = _raw({"np": "<i4", "raw": d["codes"]})
            distinct = _list(d["uniques"])
            if not all(type(v) is str for v in distinct):
                distinct = [self.do(v, depth + 2) for v in distinct]
            if len(codes) and (codes.min() < -1 or codes.max() >= len(distinct)):
                raise Unreadable("codes outside the distinct values")
            table = np.empty(len(distinct) + 1, dtype=object)
            table[: len(distinct)] = distinct
            table[-1] = self.do(d.get("na"), depth + 2)
            series = pd.Series(table[codes], dtype=object)
        else:
            series = pd.Series([self.do(v, depth + 2) for v in _list(d["v"])], dtype=object)
        if dtype == "object" or re.search(r"[(\[,]", dtype):  # no subarray or record types
            return series
        try:
            return series.astype(dtype)
        except (TypeError, ValueError):
            return series

    def _index(self, d, depth):
        import pandas as pd

        if "range" in d:
            start, stop, step = (int(v) for v in d["range"])
            return pd.RangeIndex(start, stop, step, name=_hashable(self.do(d["name"], depth + 1)))
        if "multi" in d:
            tuples = [self.do(t, depth + 2) for t in _list(d["multi"])]
            names = [_hashable(self.do(n, depth + 2)) for n in _list(d["names"])]
            return pd.MultiIndex.from_tuples(tuples, names=names)
        return pd.Index(self.column(d["data"], depth), name=_hashable(self.do(d["name"], depth + 1)))

    def _frame(self, d, depth):
        import pandas as pd

        columns = self._index(d["columns"], depth + 1)
        index = self._index(d["index"], depth + 1)
        data = [self.column(c, depth + 1) for c in _list(d["data"])]
        if len(data) != len(columns) or any(len(c) != len(index) for c in data):
            raise Unreadable("a data frame whose columns do not match its index")
        frame = (
            pd.concat([c.reset_index(drop=True) for c in data], axis=1)
            if data
            else pd.DataFrame(index=range(len(index)))
        )
        frame.columns, frame.index = columns, index
        return frame

    def _series(self, d, depth):
        series = self.column(d["data"], depth + 1)
        index = self._index(d["index"], depth + 1)
        if len(series) != len(index):
            raise Unreadable("a series whose values do not match its index")
        series.index = index
        series.name = _hashable(self.do(d["name"], depth + 1))
        return series


class Opaque:
    """A learner's object the checker could not rebuild; its class is named after the original's."""

    def __init__(self, module: str, text: str):
        self._module, self._text = module, text

    def __repr__(self) -> str:
        return self._text


_OPAQUE_TYPES: dict[str, type] = {}


MAX_OPAQUE_TYPES = 1_000  # type names of opaque values the checker remembers, at most


def opaque_value(d: dict) -> Opaque:
    name = str(d.get("type") or "object")[:100] or "object"
    kind = _OPAQUE_TYPES.get(name)
    if kind is None:
        kind = type(name, (Opaque,), {})
        if len(_OPAQUE_TYPES) < MAX_OPAQUE_TYPES:  # past it, a class per value: no notebook fills the checker
            _OPAQUE_TYPES[name] = kind
    return kind(str(d.get("module", ""))[:100], str(d.get("repr", ""))[:TEXT])


def _dtype(text):
    """The numpy type the kernel named, one plain value per element: a subarray or record type is
    refused (``"(4000,4000)f8"`` makes each element 128 MB in the checker)."""
    import numpy as np

    dtype = np.dtype(str(text)[:100])
    if dtype.shape != () or dtype.fields is not None or dtype.subdtype is not None:
        raise Unreadable(f"the numpy type {dtype} (not one value per element)")
    return dtype


UNIT = re.compile(r"[A-Za-z_\u00b0\u00b5\u03bc%$][\w\u00b0\u00b5\u03bc%$]*(?: ?\*\* ?-?\d{1,2}(?:\.\d{1,3})?)?")


def _plain_unit(text: str) -> bool:
    """A unit as pint writes one: names, each with at most a small power, joined by ``*`` and ``/``
    (pint would compute ``m**9**9**9`` while parsing, for as long as it takes)."""
    return len(text) <= 200 and all(
        UNIT.fullmatch(part.strip()) or part.strip() == "1" for part in re.split(r" ?(?<!\*)[*/](?!\*) ?", text)
    )


def _raw(d: dict):
    """An array from its bytes: numbers and booleans only, never objects."""
    import numpy as np

    dtype = _dtype(d["np"])
    if dtype.kind not in "biuf":
        raise Unreadable(f"raw bytes of {dtype}")
    return np.frombuffer(base64.b64decode(str(d["raw"]), validate=True), dtype=dtype).copy()


def _list(value) -> list:
    if type(value) is not list:
        raise Unreadable("a list was expected")
    return value


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _hashable(v)) for k, v in value.items())
    if isinstance(value, set):
        return frozenset(value)
    return value


def _unreadable():
    raise Unreadable("not a float")


# -- errors ------------------------------------------------------------------------------


def encode_error(error: BaseException) -> dict:
    """An exception as data: its type's name, the built-in types it derives from, its text and args."""
    kind = type(error)
    try:
        text = str(error)
    except Exception:  # the learner's __str__
        text = ""
    try:
        args = encode(error.args)
    except Exception:
        args = None
    data = {
        "type": kind.__name__[:100],
        "builtin": [k.__name__ for k in kind.__mro__ if k.__module__ == "builtins"],
        "text": text[:TEXT],
        "args": args,
    }
    if isinstance(error, SyntaxError):
        data["syntax"] = [str(error.msg), error.filename, error.lineno, error.offset, error.text]
    return data


def decode_error(data) -> BaseException:
    """An exception standing for the one ``encode_error`` described: a built-in type when it was
    one, else a class of the same name deriving from its nearest built-in ``Exception`` type."""
    import builtins

    if type(data) is not dict:
        raise Unreadable("not an error")
    name, text = str(data.get("type", "Exception"))[:100], str(data.get("text", ""))[:TEXT]
    found = [getattr(builtins, b, None) for b in data.get("builtin") or [] if isinstance(b, str)]
    found = [k for k in found if isinstance(k, type) and issubclass(k, BaseException)]
    if (data.get("syntax") and name == "SyntaxError") or name == "IndentationError":
        msg, filename, lineno, offset, line = (data.get("syntax") or [text, None, None, None, None])[:5]
        kind = getattr(builtins, name)
        return kind(str(msg), (filename, lineno, offset, line))
    if found and found[0].__name__ == name:
        kind = found[0]
    else:
        base = next((k for k in found if issubclass(k, Exception)), Exception)
        kind = type(name, (base,), {"__module__": "__main__"})
    try:
        args = decode(data.get("args")) if data.get("args") is not None else (text,)
        error = kind(*args) if isinstance(args, tuple) else kind(text)
    except Exception:
        error = None
    if error is None or str(error) != text:
        kind = type(name, (kind,), {"__module__": "__main__", "__str__": lambda self: text})
        error = kind(text)
    return error
