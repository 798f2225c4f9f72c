"""Does the estimation module agree with hand-worked values?"""

import pytest

from tpm_course.topics.estimation.maths import (
    LATENCY_NUMBERS_NS,
    SECONDS_PER_DAY,
    Brief,
    estimate,
    peak_factor,
    servers_for,
)


def test_day_length_and_latency_table_order():
    assert SECONDS_PER_DAY == 24 * 60 * 60
    assert LATENCY_NUMBERS_NS["Main memory reference"] == 100
    assert LATENCY_NUMBERS_NS["Read 1 MB sequentially from SSD"] == 1_000_000
    values = list(LATENCY_NUMBERS_NS.values())
    assert values == sorted(values)


def test_estimate_by_hand():
    # 1 M users × 86.4 requests = 86.4 M a day = 1,000 req/s; × 3 = 3,000 req/s at the peak.
    brief = Brief(
        daily_active_users=1e6,
        requests_per_user=86.4,
        uploads_per_user=0.5,
        bytes_per_upload=2e6,
        bytes_per_response=1e5,
        peak_factor=3,
        replicas=3,
        days=30,
    )
    result = estimate(brief)
    assert result.average_rps == pytest.approx(1_000)
    assert result.peak_rps == pytest.approx(3_000)
    assert result.storage_bytes == pytest.approx(90e12)  # 1e6 × 0.5 × 2 MB × 30 × 3 = 90 TB
    assert result.peak_egress_bits_per_second == pytest.approx(2.4e9)  # 3,000 × 100 KB × 8


def test_servers_round_up_and_add_spares():
    assert servers_for(6_750, 900, 0.75, spares=1) == 11  # 6,750 / 675 = 10 exactly, + 1
    assert servers_for(6_751, 900, 0.75, spares=1) == 12
    with pytest.raises(ValueError):
        servers_for(100, 0)


def test_peak_factor():
    assert peak_factor([1, 1, 4]) == pytest.approx(2.0)
    with pytest.raises(ValueError):
        peak_factor([])
