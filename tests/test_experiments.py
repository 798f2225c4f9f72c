"""Do the experiment statistics agree with scipy, statsmodels and simulation, and do the logs plant what they claim?"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tpm_course.data import load
from tpm_course.topics.experiment_analysis import (
    GO,
    STOP,
    adjust_p_values,
    clean_log,
    cleaning_report,
    compare_means,
    compare_proportions,
    compare_ratios,
    cuped,
    cuped_theta,
    false_positive_curve,
    peeking_false_positive_rate,
    per_unit_totals,
    ratio_estimate,
    srm_check,
)

# -- trust: the sample-ratio check ------------------------------------------------------------


def test_srm_of_600_against_400_is_the_pinned_fact():
    """Kohavi, Tang & Xu (2020): 600 / 400 against a 50 / 50 design gives p ≈ 2.5e-10."""
    check = srm_check([600, 400])
    assert check.chi2 == pytest.approx(40.0)
    assert check.p_value == pytest.approx(2.54e-10, rel=0.01)
    assert check.mismatch and check.verdict == STOP


def test_srm_agrees_with_scipy_and_with_the_normal_approximation_on_unseen_splits():
    rng = np.random.default_rng(7)
    for _ in range(20):
        share = rng.uniform(0.1, 0.9)
        total = int(rng.integers(1_000, 2_000_000))
        control = int(rng.binomial(total, share * rng.uniform(0.97, 1.03)))
        check = srm_check([control, total - control], [share, 1 - share])
        expected = [total * share, total * (1 - share)]
        assert check.p_value == pytest.approx(stats.chisquare([control, total - control], expected).pvalue, rel=1e-9)
        z = (control - total * share) / math.sqrt(total * share * (1 - share))  # one proportion against its design
        assert check.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-6, abs=1e-300)
        assert check.verdict == (STOP if check.p_value < 0.001 else GO)


def test_srm_handles_three_groups_and_refuses_bad_designs():
    counts = [3_300, 3_350, 3_410]
    assert srm_check(counts).p_value == pytest.approx(stats.chisquare(counts).pvalue)
    for bad in ([[100]], [[100, 100], [0.6, 0.6]], [[100, 100], [0.5, 0.3, 0.2]], [[-1, 100]]):
        with pytest.raises(ValueError):
            srm_check(*bad)


# -- trust: the cleaning rules ------------------------------------------------------------------


def _log(rows):
    return pd.DataFrame(rows, columns=["user_id", "timestamp", "group", "landing_page", "converted"])


def test_cleaning_applies_the_three_rules_in_order():
    log = _log(
        [
            (1, "2026-03-02 10:00:00", "control", "old_page", 0),  # clean
            (2, "2026-03-02 10:05:00", "treatment", "old_page", 1),  # rule 1: page disagrees, the user's only row
            (3, "2026-03-02 09:00:00", "treatment", "old_page", 0),  # rule 1 first: this earlier row goes ...
            (3, "2026-03-02 11:00:00", "treatment", "new_page", 0),  # ... so the user keeps this one
            (4, "2026-03-02 12:00:00", "control", "old_page", 1),  # rule 2: in both groups
            (4, "2026-03-03 08:00:00", "treatment", "new_page", 1),
            (5, "2026-03-02 13:00:01", "treatment", "new_page", 1),  # rule 3: the event fired twice
            (5, "2026-03-02 13:00:00", "treatment", "new_page", 1),
        ]
    )
    clean = clean_log(log)
    assert sorted(clean["user_id"]) == [1, 3, 5]
    assert clean.set_index("user_id").loc[5, "timestamp"] == "2026-03-02 13:00:00"
    assert clean.set_index("user_id").loc[3, "landing_page"] == "new_page"
    report = cleaning_report(log)
    assert list(report.values()) == [8, 5, 2, 1, 1, 3]


# -- the primary metric: two proportions ---------------------------------------------------------


def test_two_proportion_test_agrees_with_scipy_and_hand_formulas_on_unseen_counts():
    rng = np.random.default_rng(11)
    for _ in range(25):
        n_c, n_t = (int(n) for n in rng.integers(2_000, 400_000, size=2))
        rate = rng.uniform(0.01, 0.6)
        c_c, c_t = int(rng.binomial(n_c, rate)), int(rng.binomial(n_t, rate * rng.uniform(0.9, 1.15)))
        result = compare_proportions(c_c, n_c, c_t, n_t)
        # pooled z-test = chi-square test of the 2 x 2 table without continuity correction
        table = [[c_t, n_t - c_t], [c_c, n_c - c_c]]
        assert result.p_value == pytest.approx(stats.chi2_contingency(table, correction=False)[1], rel=1e-6)
        p_c, p_t = c_c / n_c, c_t / n_t
        se = math.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)  # unpooled, for the interval
        z = stats.norm.ppf(0.975)
        assert (result.ci_low, result.ci_high) == pytest.approx((p_t - p_c - z * se, p_t - p_c + z * se), rel=1e-9)
        assert result.relative_lift == pytest.approx(p_t / p_c - 1)


def test_relative_lift_interval_covers_the_true_lift_95_percent_of_the_time():
    """The delta-method interval of a relative lift, checked by simulation."""
    rng = np.random.default_rng(3)
    n, p_c, p_t, runs = 20_000, 0.10, 0.11, 2_000
    c_c, c_t = rng.binomial(n, p_c, runs), rng.binomial(n, p_t, runs)
    covered = [
        r.relative_ci_low <= p_t / p_c - 1 <= r.relative_ci_high
        for r in (compare_proportions(a, n, b, n) for a, b in zip(c_c, c_t))
    ]
    assert np.mean(covered) == pytest.approx(0.95, abs=0.015)


def test_two_proportion_test_refuses_impossible_counts():
    with pytest.raises(ValueError, match="conversions"):
        compare_proportions(120, 100, 10, 100)


def test_mean_difference_agrees_with_welchs_t_test_on_large_samples():
    rng = np.random.default_rng(5)
    control, treatment = rng.lognormal(2, 1, 30_000), rng.lognormal(2.02, 1, 28_000)
    result = compare_means(control, treatment)
    welch = stats.ttest_ind(treatment, control, equal_var=False)
    assert result.p_value == pytest.approx(welch.pvalue, rel=2e-3)
    interval = welch.confidence_interval(0.95)
    assert (result.ci_low, result.ci_high) == pytest.approx((interval.low, interval.high), rel=1e-3)


# -- many metrics ----------------------------------------------------------------------------------


def test_corrections_agree_with_hand_worked_holm_and_scipys_benjamini_hochberg():
    p = {"conversion": 0.010, "revenue": 0.040, "clicks": 0.030, "support": 0.200, "basket": 0.004}
    # Holm by hand: sorted 0.004, 0.010, 0.030, 0.040, 0.200 times 5, 4, 3, 2, 1, then a running maximum
    assert adjust_p_values(p, "holm") == pytest.approx(
        {"basket": 0.020, "conversion": 0.040, "clicks": 0.090, "revenue": 0.090, "support": 0.200}
    )
    bh = stats.false_discovery_control(list(p.values()), method="bh")
    assert list(adjust_p_values(p, "benjamini-hochberg").values()) == pytest.approx(list(bh))
    assert adjust_p_values(p, "bonferroni")["clicks"] == pytest.approx(0.15)
    with pytest.raises(ValueError, match="holm"):
        adjust_p_values(p, "sidak")


# -- CUPED, written by hand ------------------------------------------------------------------------


def _users(rng, n, effect):
    """Pre-period X and test-period Y of n users per group, correlated through a shared trait."""
    trait = rng.gamma(2.0, 5.0, size=2 * n)
    x = trait + rng.normal(0, 4, 2 * n)
    y = trait + rng.normal(0, 4, 2 * n) + np.r_[np.zeros(n), np.full(n, effect)]
    return y[:n], x[:n], y[n:], x[n:]


def test_cuped_theta_is_the_regression_slope_and_the_variance_falls_by_one_minus_rho_squared():
    rng = np.random.default_rng(2)
    y_c, x_c, y_t, x_t = _users(rng, 50_000, 0.0)
    result = cuped(y_c, x_c, y_t, x_t)
    y, x = np.r_[y_c, y_t], np.r_[x_c, x_t]
    assert result.theta == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9)
    assert cuped_theta(y, x) == pytest.approx(result.theta)
    width = lambda c: c.ci_high - c.ci_low  # noqa: E731
    assert (width(result.adjusted) / width(result.unadjusted)) ** 2 == pytest.approx(result.variance_factor, rel=0.02)


def test_cuped_is_unbiased_and_its_interval_is_honest_in_simulation():
    """Across simulated tests with a true effect of 0.3, the adjusted estimate centres on it and covers it ~95 %."""
    rng = np.random.default_rng(9)
    results = [cuped(*_users(rng, 4_000, 0.3)) for _ in range(400)]
    estimates = np.array([r.adjusted.difference for r in results])
    reported_se = np.mean([(r.adjusted.ci_high - r.adjusted.ci_low) / (2 * 1.959964) for r in results])
    assert abs(estimates.mean() - 0.3) < 3 * estimates.std() / math.sqrt(len(results))
    assert estimates.std() == pytest.approx(reported_se, rel=0.1)
    assert np.mean([r.adjusted.ci_low <= 0.3 <= r.adjusted.ci_high for r in results]) == pytest.approx(0.95, abs=0.03)
    assert estimates.std() < 0.8 * np.std([r.unadjusted.difference for r in results])


# -- the delta method, written by hand -----------------------------------------------------------------


def _session_rows(rng, users):
    """Clicks of each session and its user: users differ in how many sessions they have and how they click."""
    sessions = 1 + rng.poisson(rng.gamma(2.0, 1.5, users))
    owner = np.repeat(np.arange(users), sessions)
    return rng.poisson(rng.gamma(1.5, 2.5 / 1.5, users)[owner]), owner


def _sessions(rng, users):
    """Per-user totals (clicks, sessions) of clustered sessions."""
    clicks, owner = _session_rows(rng, users)
    return np.bincount(owner, weights=clicks), np.bincount(owner)


def test_delta_method_variance_matches_the_spread_of_the_ratio_across_simulated_samples():
    rng = np.random.default_rng(4)
    draws = [ratio_estimate(*_sessions(rng, 3_000)) for _ in range(600)]
    empirical = np.var([d.value for d in draws], ddof=1)
    assert np.mean([d.variance for d in draws]) == pytest.approx(empirical, rel=0.12)


def test_delta_method_agrees_with_a_bootstrap_over_users_and_a_naive_per_session_test_is_too_narrow():
    rng = np.random.default_rng(6)
    clicks, sessions = _sessions(rng, 5_000)
    delta = ratio_estimate(clicks, sessions)
    picks = rng.integers(0, clicks.size, size=(1_000, clicks.size))
    boot = clicks[picks].sum(axis=1) / sessions[picks].sum(axis=1)
    assert delta.variance == pytest.approx(boot.var(ddof=1), rel=0.12)
    per_session = np.repeat(clicks / sessions, sessions)  # same total clicks, spread as if sessions were independent
    assert per_session.var(ddof=1) / sessions.sum() < 0.8 * delta.variance


def test_a_naive_per_session_test_rejects_a_true_null_far_too_often():
    """A/A tests with per-user randomisation: the delta method holds 5 %, the per-session t-test does not."""
    rng = np.random.default_rng(8)
    delta_hits, naive_hits = 0, 0
    for _ in range(300):
        (control, c_owner), (treatment, t_owner) = _session_rows(rng, 1_500), _session_rows(rng, 1_500)
        delta_hits += (
            compare_ratios(
                np.bincount(c_owner, weights=control),
                np.bincount(c_owner),
                np.bincount(t_owner, weights=treatment),
                np.bincount(t_owner),
            ).p_value
            < 0.05
        )
        naive_hits += stats.ttest_ind(treatment, control, equal_var=False).pvalue < 0.05
    assert delta_hits / 300 == pytest.approx(0.05, abs=0.035)
    assert naive_hits / 300 > 0.12


# -- peeking -------------------------------------------------------------------------------------------


def test_one_look_holds_alpha_and_more_looks_match_armitage_et_al():
    """Equally spaced looks at a normal statistic: about 14 % with 5 looks, 19 % with 10 (Armitage, McPherson & Rowe 1969)."""
    assert peeking_false_positive_rate(1, 20_000, 0.12, runs=40_000) == pytest.approx(0.05, abs=0.005)
    assert peeking_false_positive_rate(5, 4_000, 0.12, runs=40_000) == pytest.approx(0.142, abs=0.01)
    assert peeking_false_positive_rate(10, 2_000, 0.12, runs=40_000) == pytest.approx(0.193, abs=0.01)
    curve = false_positive_curve(12, 24_000, 0.12, runs=4_000)
    assert curve["false positive rate"].iloc[-1] > curve["false positive rate"].iloc[0] + 0.1


# -- the shipped logs plant what the README says ---------------------------------------------------------


@pytest.fixture(scope="module")
def homepage():
    return clean_log(load("homepage_test"))


def _split(frame):
    counts = frame["group"].value_counts()
    return [counts["control"], counts["treatment"]]


def _rates(frame, column):
    sums = frame.groupby("group")[column].sum()
    counts = frame["group"].value_counts()
    return compare_proportions(sums["control"], counts["control"], sums["treatment"], counts["treatment"])


def test_homepage_log_has_every_quirk_and_a_sound_split_once_clean(homepage):
    report = cleaning_report(load("homepage_test"))
    assert report["rows in the log"] > 290_000
    assert all(v > 100 for v in report.values())  # each rule removes something
    assert srm_check(_split(homepage)).verdict == GO


def test_homepage_primary_improves_while_the_guardrail_gets_worse(homepage):
    primary, guardrail = _rates(homepage, "converted"), _rates(homepage, "support_contact")
    assert primary.difference > 0 and primary.p_value < 0.01
    assert guardrail.difference > 0 and guardrail.p_value < 0.001


def test_homepage_revenue_is_heavy_tailed_and_cuped_resolves_it(homepage):
    revenue = np.sort(homepage["revenue"].to_numpy())
    assert revenue[-len(revenue) // 100 :].sum() > 0.2 * revenue.sum()  # the top 1 % bring over a fifth
    c, t = homepage[homepage["group"] == "control"], homepage[homepage["group"] == "treatment"]
    result = cuped(c["revenue"], c["pre_revenue"], t["revenue"], t["pre_revenue"])
    assert result.correlation > 0.5
    assert result.unadjusted.ci_low < 0 < result.adjusted.ci_low


def test_homepage_clicks_look_significant_only_to_the_naive_test():
    sessions = load("homepage_sessions")
    totals = per_unit_totals(sessions)
    c, t = totals[totals["group"] == "control"], totals[totals["group"] == "treatment"]
    assert compare_ratios(c["clicks"], c["sessions"], t["clicks"], t["sessions"]).p_value > 0.05
    by_group = sessions.groupby("group")["clicks"]
    assert stats.ttest_ind(by_group.get_group("treatment"), by_group.get_group("control")).pvalue < 0.05


def test_recipes_rows_are_out_of_balance_but_users_are_not():
    log = load("recipes_test")
    assert srm_check(_split(log)).verdict == STOP
    assert srm_check(_split(clean_log(log))).verdict == GO


def test_recipes_clicks_show_a_novelty_effect_that_decays():
    sessions = load("recipes_sessions")
    day = pd.to_datetime(sessions["timestamp"]).dt.normalize()
    daily = sessions.groupby([day, "group"])["clicks"].mean().unstack()
    lift = daily["treatment"] / daily["control"] - 1
    assert lift.iloc[:2].mean() > 0.15 and lift.iloc[-7:].mean() < 0.10


def test_reorder_test_has_a_mismatch_on_android_only():
    log = load("reorder_test")
    assert srm_check(_split(log)).verdict == STOP
    verdicts = {platform: srm_check(_split(rows)).verdict for platform, rows in log.groupby("platform")}
    assert verdicts == {"android": STOP, "ios": GO, "web": GO}


def _srm_function(swapped=False, fifty_fifty=False):
    """``srm_check`` as a learner writes it: right, with the shares swapped, or against 50/50."""

    def srm(control_users, treatment_users, control_share=0.5):
        share = 0.5 if fifty_fifty else (1 - control_share if swapped else control_share)
        total = control_users + treatment_users
        p = stats.chisquare([control_users, treatment_users], [total * share, total * (1 - share)]).pvalue
        return {"p_value": p, "verdict": STOP if p < 0.001 else GO}

    return srm


SRM_CASES = [
    ({"control_users": 90_412, "treatment_users": 9_910, "control_share": 0.9}, (90_412, 9_910, 0.9)),
    ({"control_users": 20_480, "treatment_users": 79_210, "control_share": 0.2}, (20_480, 79_210, 0.2)),
    ({"control_users": 5_200, "treatment_users": 4_800, "control_share": 0.52}, (5_200, 4_800, 0.52)),
]


@pytest.mark.parametrize("swapped", [True, False])
def test_q1_tells_swapped_shares_from_a_50_50_test_and_names_only_the_one_it_is(swapped):
    """Far-off splits give p = 0 either way; the 52/48 design tells them apart, and only that one is named."""
    from tpm_course.topics.experiment_analysis.exercise import q1

    def key(control, treatment, share):
        p = stats.chisquare([control, treatment], [(control + treatment) * share, (control + treatment) * (1 - share)])
        return {"p_value": p.pvalue, "verdict": STOP if p.pvalue < 0.001 else GO}

    cases = [(inputs, key(*numbers)) for inputs, numbers in SRM_CASES]
    namespace = {"srm_check": _srm_function(swapped=swapped, fifty_fifty=not swapped)}
    said = " ".join(q1._outcome(lambda: q1.check_key(namespace, cases=cases)).details)
    assert ("the shares are swapped" in said) is swapped, said
    assert ("You tested against a 50/50 split" in said) is not swapped, said


@pytest.mark.parametrize(
    "reason",
    [
        "Support contacts rose 9.7 % relative to control, which blocks the launch despite better conversion.",
        "Support contacts are up 0.097 on the control's rate, so the guardrail blocks the launch.",
        "Support contacts rose +9.68 percent against control: the guardrail blocks shipping.",
    ],
)
def test_q9_reason_may_quote_the_guardrails_relative_change(homepage, reason):
    """The relative change of support contacts (9.68 %) decides the call as much as the absolute one."""
    from tpm_course.core.document import quotes

    guardrail = _rates(homepage, "support_contact")
    assert guardrail.relative_lift == pytest.approx(0.0968, abs=5e-4)
    assert quotes(reason, [guardrail.relative_lift])
    assert not quotes("Support contacts rose 20 % relative to control, so we hold it.", [guardrail.relative_lift])


def test_q6_and_q9_carry_forward_what_the_learners_own_clean_gives(homepage):
    """On the reference `clean` the carried fields are the key's; on a `clean` that kept repeated users they
    differ, and a memo computed from it is right by it."""
    from tpm_course.core import Status
    from tpm_course.topics.experiment_analysis.carried import cuped_of_own_clean, memo_of_own_clean
    from tpm_course.topics.experiment_analysis.exercise import q9

    primary, guardrail = _rates(homepage, "converted"), _rates(homepage, "support_contact")
    own = memo_of_own_clean({"clean": homepage}, {})
    assert own["primary_p_value"] == pytest.approx(primary.p_value) and own["decision"] == "don't ship"
    c, t = homepage[homepage["group"] == "control"], homepage[homepage["group"] == "treatment"]
    assert cuped_of_own_clean({"clean": homepage}, {})["theta"] == pytest.approx(
        cuped(c["revenue"], c["pre_revenue"], t["revenue"], t["pre_revenue"]).theta
    )
    log = load("homepage_test")
    repeated = log[log["landing_page"] == log["group"].map({"control": "old_page", "treatment": "new_page"})]
    memo = {**memo_of_own_clean({"clean": repeated}, {}), "reason": "Support contacts rose 9.7 %: don't ship it."}
    assert memo["primary_p_value"] != pytest.approx(primary.p_value, rel=0.01)
    key = {
        **own,
        "srm_p_value": srm_check(_split(homepage)).p_value,
        "guardrail_change": guardrail.difference,
    }
    outcome = q9._outcome(lambda: q9.check_key({"clean": repeated, "decision_memo": memo}, expected=key))
    assert outcome.status is Status.CORRECT, outcome.details
    assert any("your own `clean` (Q3) gives" in line for line in outcome.details)
