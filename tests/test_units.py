"""Are quantities read the way a TPM writes them?"""

import pytest

from tpm_course.core.units import UnitMismatch, magnitude


@pytest.mark.parametrize(
    "text,unit,value",
    [
        ("3.5 TB", "byte", 3.5e12),
        ("3500 GB", "byte", 3.5e12),
        ("1 TiB", "byte", 2**40),
        ("2.4 Gbps", "bit/second", 2.4e9),
        ("2.4 Gb/s", "bit/second", 2.4e9),
        ("300 MB/s", "bit/second", 2.4e9),
        ("69,420 req/min", "request/second", 1157.0),
        ("1,157 qps", "request/second", 1157.0),
        ("1157/s", "request/second", 1157.0),
    ],
)
def test_strings_with_units(text, unit, value):
    assert magnitude(text, unit) == pytest.approx(value)


def test_bare_numbers_are_in_the_questions_unit():
    assert magnitude(42, "byte") == 42.0


@pytest.mark.parametrize("text,unit", [("3 TB", "request/second"), ("5 ms", "byte"), ("2 GB", None)])
def test_wrong_kind_of_quantity_is_named(text, unit):
    with pytest.raises(UnitMismatch):
        magnitude(text, unit)


@pytest.mark.parametrize("value", ["lots", [1, 2], True])
def test_non_answers_are_type_errors(value):
    with pytest.raises(TypeError):
        magnitude(value, "byte")
