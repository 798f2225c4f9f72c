"""Are the shipped data sets exactly what their seeded generators write?"""

import pytest

from tpm_course.data import datasets, load, owner, read_text, to_bytes, to_csv

from conftest import REPO

DATASETS = datasets()


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_shipped_file_rebuilds_bit_for_bit(name):
    """The CSV text, compared after decompressing: gzip's bytes may differ between zlib builds."""
    shipped = read_text(REPO / "datasets" / DATASETS[name].filename)
    assert to_csv(DATASETS[name]) == shipped, f"datasets/{DATASETS[name].filename} is stale: run `make datasets`"


def test_compressed_files_are_written_the_same_every_time():
    """A .csv.gz carries no timestamp or file name: the same rows give the same bytes (with the same zlib)."""
    import gzip

    compressed = [d for d in DATASETS.values() if d.compressed]
    assert compressed, "no compressed data set to check"
    smallest = min(compressed, key=lambda d: (REPO / "datasets" / d.filename).stat().st_size)
    written = to_bytes(smallest)
    assert written == to_bytes(smallest) and written[4:8] == b"\0\0\0\0"  # mtime 0
    assert gzip.decompress(written).decode() == to_csv(smallest)


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_data_set_is_documented_column_by_column_in_its_topics_page(name):
    """datasets/<topic>.md, the page of the topic that declares it, names the file and every column."""
    page = (REPO / "datasets" / f"{owner(name)}.md").read_text()
    assert f"`{DATASETS[name].filename}`" in page
    for column in DATASETS[name].columns:
        assert f"`{column}`" in page, column


def test_load_without_the_repository_regenerates_the_same_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TPM_COURSE_DATASETS", str(tmp_path))  # a folder with no README: not a datasets folder
    monkeypatch.setattr("tpm_course.data.folder", lambda: None)
    regenerated = load("traffic_day")
    monkeypatch.undo()
    assert regenerated.equals(load("traffic_day"))


def test_traffic_day_plants_a_burst_above_the_busiest_hour():
    traffic = load("traffic_day")
    assert len(traffic) == 1440
    busiest = traffic.loc[traffic["requests"].idxmax(), "time"]
    assert busiest == "19:30"
    hourly = traffic.groupby(traffic["minute"] // 60)["requests"].mean()
    assert traffic["requests"].max() / hourly.max() > 1.2


def test_unknown_data_set_says_which_exist():
    with pytest.raises(KeyError, match="traffic_day"):
        load("trafic_day")
