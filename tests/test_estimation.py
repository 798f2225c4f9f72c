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


def test_q5_and_q6_follow_the_learners_own_qps_on_the_brief_and_say_where_the_slip_is_charged():
    import math

    from tpm_course.core.outcome import Status
    from tpm_course.topics.estimation.exercise import q5

    brief = {"daily_active_users": 8_000_000, "requests_per_user": 25, "server_rps": 675, "spare": 1}

    def qps(daily_active_users, requests_per_user, peak_factor=1.0):  # 100,000 seconds a day: Q1's slip
        return daily_active_users * requests_per_user / 100_000 * peak_factor

    average = 8_000_000 * 25 / 86_400
    key_peak, own_peak = average * 2.5, qps(8_000_000, 25, 2.5)
    fleet = {"peak_rps": key_peak, "servers_needed": math.ceil(key_peak / 675) + 1}
    context = {**brief, "average_rps": average, "expected": fleet, "sized_for_average": 0, "no_headroom": 0}
    context |= {"utilisation_multiplied": 0, "rounded_no_spare": 0}
    own = {"qps": qps, "peak_factor": 2.5, "peak_rps": own_peak, "servers_needed": math.ceil(own_peak / 675) + 1}
    outcome = q5._outcome(lambda: q5.check_key(own, **context))
    assert outcome.status is Status.CORRECT, outcome
    assert "agree with what your own `qps` (Q1) or `peak_factor` (Q4) gives" in " ".join(outcome.details)
    broken = q5._outcome(lambda: q5.check_key({**own, "qps": "not a function"}, **context))  # the brief's average
    assert broken.status is not Status.CORRECT
