"""Are the shipped data sets exactly what their seeded generators write?"""

import pytest

from conftest import REPO
from tpm_course.data import DATASETS, load, to_csv


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_shipped_file_rebuilds_bit_for_bit(name):
    shipped = (REPO / "datasets" / DATASETS[name].filename).read_text(encoding="utf-8")
    assert to_csv(DATASETS[name]) == shipped, f"datasets/{name}.csv is stale: run `make datasets`"


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_data_set_is_described_in_the_readme(name):
    readme = (REPO / "datasets" / "README.md").read_text()
    assert f"`{DATASETS[name].filename}`" in readme
    for column in DATASETS[name].columns:
        assert f"`{column}`" in readme


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
