"""Does the capstone's brief check read the learner's own numbers with the earlier modules' maths, section by section?"""

from __future__ import annotations

import math

import pytest

from tpm_course.core.outcome import Status
from tpm_course.topics.capstone import pilot, rules
from tpm_course.topics.capstone.datasets import tracking_traffic
from tpm_course.topics.capstone.exercise import q3
from tpm_course.topics.capstone.reading import pct, percent, share
from tpm_course.topics.capstone.traffic import summary
from tpm_course.topics.estimation.maths import peak_factor
from tpm_course.topics.experiment_design.maths import sample_size_per_arm
from tpm_course.topics.reliability.maths import in_parallel

from submissions.ex14_capstone import BRIEF, OTHER_DESIGN, brief

KEY = {"design_peak_rps": 1500.2063, "baseline": 0.08, "requests_per_month": 1_200_000}


def written(source: str) -> dict:
    """The namespace after a submission's answer cell ran, as the notebook's setup cell leaves it."""
    namespace = {"sample_size_per_arm": sample_size_per_arm}
    exec(source, namespace)
    return namespace


def graded(source: str):
    namespace = written(source)
    return q3._outcome(lambda: q3.check_key(namespace, expected=KEY))


def test_the_traffic_is_reproducible_and_its_regions_peak_apart():
    """Same rows on every run; the busiest combined hour is well below the regions' peaks added."""
    assert tracking_traffic() == tracking_traffic()
    facts = summary()
    assert facts["peak_rps"] == pytest.approx(1000.1375)
    assert facts["regional_peaks_rps"] > 1.25 * facts["peak_rps"]
    assert facts["peak_factor"] == pytest.approx(facts["peak_rps"] / facts["mean_rps"])


def test_module_01_peak_factor_is_the_one_used():
    assert peak_factor([1, 2, 3]) == pytest.approx(1.5)


def test_storage_and_the_prototypes_bill_are_the_hand_worked_values():
    """400,000 × 1.5 orders × 12 events × 800 B × 365 × 3 = 6.3072 TB; 800 × $3 + 1,600 × $0.30 + 350 × $15 per Mtok."""
    assert rules.storage_tb() == pytest.approx(400_000 * 1.5 * 12 * 800 * 365 * 3 / 1e12)
    assert rules.monthly_cost("claude-sonnet-4") == pytest.approx(1.2e6 * (800 * 3 + 1600 * 0.3 + 350 * 15) / 1e6)
    assert rules.monthly_cost("CLAUDE-SONNET-4 ") == pytest.approx(9756)
    assert rules.price_row("gemini flash") is None


def test_the_present_costs_are_numpy_financials_npv_of_the_quotes():
    """Build: 240,000 + 60,000 × (1/1.1 + 1/1.1² + 1/1.1³); buy adds its 30,000 exit in year 3."""
    annuity = sum(1 / 1.1**t for t in (1, 2, 3))
    costs = rules.present_costs()
    assert costs["build"] == pytest.approx(240_000 + 60_000 * annuity)
    assert costs["buy"] == pytest.approx(20_000 + 110_000 * annuity + 30_000 / 1.1**3)


def test_a_chain_multiplies_its_links_and_replicas_run_in_parallel():
    chain = [
        {"component": "a", "availability": 0.999},
        {"component": "b", "availability": "99.9 %", "replicas": 2},
    ]
    assert rules.chain_availability(chain) == pytest.approx(0.999 * (1 - 0.001**2))
    assert rules.chain_availability(chain) == pytest.approx(0.999 * in_parallel([0.999, 0.999]))


@pytest.mark.parametrize("value", [0.998, 99.8, "99.8 %", " 99.8% "])
def test_a_share_reads_as_a_fraction_a_percentage_or_text(value):
    assert share(value) == pytest.approx(0.998)


def test_a_share_of_one_is_everything_but_a_stage_of_one_is_one_percent():
    assert share(1) == 1.0 and percent(1) == pytest.approx(0.01) and percent("5 %") == pytest.approx(0.05)
    with pytest.raises(ValueError):
        share("lots")
    assert pct(0.7, 0) == "70 %" and pct(0.99889) == "99.89 %"


def test_the_reference_and_another_defensible_design_earn_every_section():
    for source in (BRIEF, OTHER_DESIGN):
        assert graded(source).status is Status.CORRECT


@pytest.mark.parametrize(
    "edits,broken",
    [
        ((("slo: 99.8", "slo: 99.95"), ("error_budget_minutes: 86.4", "error_budget_minutes: 21.6")), {"reliability"}),
        ((("servers: 18", "servers: 13"),), {"capacity"}),
        ((("allocation: 0.1", "allocation: 0.005"),), {"experiment"}),
        ((("monthly_cost_usd: 1482", "monthly_cost_usd: 1914"),), {"ai_assistant"}),
        ((("first_stage_hours: 4", "first_stage_hours: 1"),), {"rollout"}),
        ((("at_rps: 1500.2", "at_rps: 1000"),), {"latency"}),
        ((("choice: buy", "choice: build"),), {"build_buy"}),
        ((("servers: 18", "servers: 13"), ("slo: 99.8", "slo: 99.95")), {"capacity", "reliability"}),
    ],
)
def test_an_inconsistent_brief_loses_exactly_the_sections_it_breaks(edits, broken):
    outcome = graded(brief(*edits))
    assert outcome.status is Status.PARTIAL
    assert outcome.earned == 14 - 2 * len(broken)
    named = [line for line in outcome.details if not line.endswith(" of 2")]  # the tally says "capacity: 2 of 2"
    lost = {line.split(":")[0] for line in named if line.split(":")[0] in q3.sections}
    assert lost == broken


def test_the_slo_inconsistency_is_named_in_the_learners_numbers():
    outcome = graded(brief(("slo: 99.8", "slo: 99.95")))
    assert any("Your 99.95 % SLO is above the 99.89 % your chain allows." in line for line in outcome.details)


def test_the_visible_check_runs_the_consistency_rules_but_not_the_data():
    """Growth left out everywhere is consistent with itself: only the graded check, with the data, finds it."""
    source = brief(
        ("design_peak_rps: 1500.2", "design_peak_rps: 1000.1"),
        ("servers: 18", "servers: 12"),
        ("at_rps: 1500.2", "at_rps: 1000.1"),
    )
    namespace = written(source)
    assert q3._outcome(lambda: q3.check_visible(namespace)).status is Status.PENDING
    assert graded(source).earned == 12


def test_numbers_a_rule_cannot_use_are_named_not_passed():
    outcome = graded(brief(("mde: 0.01", "mde: 0.95")))
    assert outcome.earned == 12 and any("cannot be checked" in line for line in outcome.details)


def test_a_brief_that_is_not_a_mapping_is_refused_with_its_reason():
    outcome = q3._outcome(lambda: q3.check_key({"design_brief": "just text"}, expected=KEY))
    assert outcome.status is Status.INCORRECT and "should be a dict" in outcome.title


def test_the_pilot_ripples_as_the_lesson_says():
    """The lesson's computed claims: 4 servers break at a peak factor of 3.8; at 99.8 % no rise is left to detect."""
    factors = [f / 10 for f in range(15, 41)]
    assert next(f for f in factors if pilot.ripple(f, 0.995, "gemini-2.5-flash")["capacity"]["figure"] > 4) == 3.8
    tight = pilot.ripple(2.4, 0.998, "gemini-2.5-flash")
    assert math.isinf(tight["rollout"]["figure"]) and tight["reliability"]["figure"] > tight["reliability"]["limit"]
    assert pilot.ripple(2.4, 0.995, "claude-sonnet-4")["ai_assistant"]["figure"] > pilot.AI_BUDGET_USD
