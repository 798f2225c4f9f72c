"""Are quantities read the way a TPM writes them?"""

import os
import subprocess
import sys

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


def test_a_kept_definitions_file_cut_short_is_parsed_again_and_replaced(tmp_path):
    """The grader's kept pint definitions, cut short (a grader killed while writing them): units still read,
    and the next run keeps them whole again."""
    code = "from tpm_course.core.units import magnitude; print(magnitude('3 ms', 's'))"
    environment = {**os.environ, "TPM_COURSE_CACHE": str(tmp_path)}

    def read() -> str:
        run = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-2000:]
        return run.stdout.strip()

    assert read() == "0.003"
    kept = sorted((tmp_path / "pint").glob("*.pickle"))
    assert kept
    for path in kept:
        path.write_bytes(path.read_bytes()[:100])
    assert read() == "0.003"
    assert read() == "0.003"
    assert all(path.stat().st_size > 100 for path in (tmp_path / "pint").glob("*.pickle"))
