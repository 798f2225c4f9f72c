"""Does the latency module agree with the pinned facts, numpy and hand-worked values?"""

import numpy as np
import pytest

from tpm_course.data import load
from tpm_course.topics.latency.maths import (
    call_percentile_for_page,
    effective_latency,
    hit_ratio_needed,
    in_flight,
    mixture_percentile,
    percentiles,
    pool_size,
    slow_page_share,
)


def test_percentiles_interpolate_linearly_between_ranks():
    # 1..10: the p95 sits at rank 0.95 × 9 = 8.55, between 9 and 10.
    found = percentiles(range(1, 11))
    assert found == pytest.approx({50: 5.5, 95: 9.55, 99: 9.91})
    with pytest.raises(ValueError, match="0 to 100"):
        percentiles([1, 2, 3], points=[950])
    with pytest.raises(ValueError):
        percentiles([])


def test_percentiles_agree_with_pandas_quantile_on_the_log():
    """numpy's and pandas' defaults are the same method, so a learner may use either."""
    latency = load("latency_log")["latency_ms"]
    found = percentiles(latency)
    for point, value in found.items():
        assert value == pytest.approx(latency.quantile(point / 100), rel=1e-12)


def test_effective_latency_pays_the_lookup_on_every_request():
    assert effective_latency(0.8, 20, 200) == pytest.approx(60)  # 0.8 × 20 + 0.2 × (20 + 200)
    assert effective_latency(1.0, 20, 200) == pytest.approx(20)
    assert effective_latency(0.0, 20, 200) == pytest.approx(220)
    with pytest.raises(ValueError, match="fraction"):
        effective_latency(80, 20, 200)


def test_effective_latency_is_the_measured_mean_of_a_region():
    """The mean of a hit/miss mix is exactly the formula with the measured means."""
    log = load("latency_log")
    europe = log[log["region"] == "Europe"]
    hit = europe.loc[europe["cache"] == "hit", "latency_ms"].mean()
    miss = europe.loc[europe["cache"] == "miss", "latency_ms"].mean()
    ratio = (europe["cache"] == "hit").mean()
    assert effective_latency(ratio, hit, miss - hit) == pytest.approx(europe["latency_ms"].mean(), rel=1e-12)


def test_hit_ratio_needed_inverts_effective_latency():
    for ratio, lookup, origin in [(0.8, 20, 200), (0.95, 3, 250), (0.5, 30, 400)]:
        target = effective_latency(ratio, lookup, origin)
        assert hit_ratio_needed(target, lookup, origin) == pytest.approx(ratio)
    assert hit_ratio_needed(400, 20, 200) == 0.0  # met with no cache at all
    with pytest.raises(ValueError, match="cannot be met"):
        hit_ratio_needed(15, 20, 200)


def test_mixture_percentile_equals_the_percentile_of_the_replicated_sample():
    hits, misses = [1.0, 2.0, 3.0, 4.0], [10.0, 20.0]
    # Half hits, half misses: each hit weighs 1/8 and each miss 1/4, like this sample of eight.
    replicated = np.array([1, 2, 3, 4, 10, 10, 20, 20], dtype=float)
    for point in (10, 50, 60, 95, 99):
        expected = np.percentile(replicated, point, method="inverted_cdf")
        assert mixture_percentile(hits, misses, 0.5, point) == expected, point
    assert mixture_percentile(hits, misses, 1.0, 99) == 4.0  # no misses left


def test_littles_law_pinned_fact():
    """Little (1961): L = λ·W; 200 requests/s that each take 0.25 s keep 50 in flight."""
    assert in_flight(200, 0.25) == pytest.approx(50)
    assert pool_size(200, 0.25) == 50
    assert pool_size(900, 0.045) == 41  # 40.5 in flight: round up
    with pytest.raises(ValueError):
        in_flight(-1, 0.25)


def test_tail_at_scale_pinned_fact():
    """Dean & Barroso (2013): 1 call in 100 slow, 100 calls per request: 63 % of requests are slow."""
    assert slow_page_share(0.01, 100) == pytest.approx(0.634, abs=5e-4)
    assert slow_page_share(0.01, 1) == pytest.approx(0.01)
    assert slow_page_share(0.01, 0) == 0
    # For 99 % of pages to be fast, each of 100 calls must be fast 99.99 % of the time.
    assert call_percentile_for_page(0.99, 100) == pytest.approx(0.9999, abs=1e-6)
    assert slow_page_share(1 - call_percentile_for_page(0.99, 100), 100) == pytest.approx(0.01)


def test_latency_log_plants_slow_far_regions_and_a_heavy_tail():
    log = load("latency_log")
    p95 = log.groupby("region")["latency_ms"].quantile(0.95)
    assert list(p95.sort_values().index) == ["North America", "Europe", "South America", "Asia Pacific"]
    by_path = log.groupby(["region", "cache"])["latency_ms"].median().unstack()
    assert (by_path["miss"] > by_path["hit"]).all()
    assert by_path.loc["Asia Pacific", "hit"] > by_path.loc["North America", "miss"]  # distance, not the database
    north = log.loc[log["region"] == "North America", "latency_ms"]
    assert north.quantile(0.99) > 5 * north.median()
    # Percentiles do not average: the pooled p95 is well above the mean of the regions' p95s.
    assert log["latency_ms"].quantile(0.95) > 1.1 * p95.mean()


def test_latency_canary_plants_a_mean_that_passes_and_a_p95_that_does_not():
    canary = load("latency_canary")
    assert len(canary) == 16_000
    by = canary.groupby(["option", "region"])["latency_ms"]
    mean, p95, p99 = by.mean(), by.quantile(0.95), by.quantile(0.99)
    meets = {o: bool((p95[o] <= 500).all() and (p99[o] <= 1_000).all()) for o in canary["option"].unique()}
    assert meets == {"bigger cache": False, "database change": False, "CDN": True, "CDN and database change": True}
    assert (mean["bigger cache"] < 0.97 * 500).all() and p95["bigger cache"].max() > 1.1 * 500
    assert p95["CDN"].max() < 0.9 * 500 and p99["CDN"].max() < 0.9 * 1_000


def test_the_check_module_holds_no_answer_key(repo):
    """The exercise's answers live in the hidden tests, not in the package a student installs."""
    from tpm_course.topics.latency import exercise as ex02_latency

    source = (repo / "tpm_course" / "topics" / "latency" / "exercise.py").read_text()
    for answer in ("401.", "581.", "562.8", "828.5", "701.2", "1041", "40.5", "= 41", "14_000", "14,000"):
        assert answer not in source, answer
    assert not any(name.startswith("expected") for name in dir(ex02_latency))
