"""Checks for exercise 10, experiment analysis (answer keys live in the hidden tests).

Misconceptions are predicted from the answer key and the case's inputs with plain Python
(``math.erfc`` for a one-degree chi-square), so binding these checks imports nothing heavy.
"""

import math

from tpm_course.core import FrameQuestion, FunctionQuestion, Misconception, Parts, ValueQuestion
from tpm_course.topics.experiment_analysis.carried import cuped_of_own_clean, memo_of_own_clean
from tpm_course.topics.experiment_analysis.trust import GO, STOP
from tpm_course.topics.experiment_design.question import EveryMistakeNamed

NOTEBOOK = "10_experiment_analysis"
Z95, Z90 = 1.959963984540054, 1.6448536269514722


# -- Q1 the sample-ratio check ------------------------------------------------------------------


def _srm_p(control_users, treatment_users, control_share):
    """p of the chi-square test of two counts against a designed split (1 degree of freedom)."""
    total = control_users + treatment_users
    expected = (total * control_share, total * (1 - control_share))
    chi2 = sum((o - e) ** 2 / e for o, e in zip((control_users, treatment_users), expected))
    return math.erfc(math.sqrt(chi2 / 2))


def _split_tested_against(share, control_users, treatment_users, control_share):
    """What a test of the counts against ``share`` of control gives where the design is ``control_share``.

    Ignoring the design (50/50) and swapping its shares are told apart only where their p-values
    differ: where both give the same (a p-value of 0 for a far-off split), neither is named.
    """
    if control_share == 0.5:
        return None
    p = _srm_p(control_users, treatment_users, share)
    other = 1 - control_share if share == 0.5 else 0.5
    if math.isclose(p, _srm_p(control_users, treatment_users, other), rel_tol=0.01, abs_tol=1e-9):
        return None
    return {"p_value": p, "verdict": STOP if p < 0.001 else GO}


def _ignored_design(expected, control_users, treatment_users, control_share=0.5, **_):
    return _split_tested_against(0.5, control_users, treatment_users, control_share)


def _swapped_shares(expected, control_users, treatment_users, control_share=0.5, **_):
    return _split_tested_against(1 - control_share, control_users, treatment_users, control_share)


def _srm_by(test):
    """A prediction from another test of the split: (control, treatment, share) -> p, with the verdict it gives."""

    def predict(expected, control_users, treatment_users, control_share=0.5, **_):
        p = test(control_users, treatment_users, control_share)
        return {"p_value": p, "verdict": STOP if p < 0.001 else GO}

    return predict


def _binomial_p(control_users, treatment_users, control_share):
    from scipy.stats import binomtest

    return float(binomtest(int(control_users), int(control_users + treatment_users), control_share).pvalue)


def _contingency_p(control_users, treatment_users, control_share):
    from scipy.stats import chi2_contingency

    total = control_users + treatment_users
    expected = [total * control_share, total * (1 - control_share)]
    return float(chi2_contingency([[control_users, treatment_users], expected])[1])


q1 = FunctionQuestion(
    "q1",
    NOTEBOOK,
    "srm_check",
    rel_tol=0.01,
    abs_tol=1e-9,
    cases=[
        ({"control_users": 600, "treatment_users": 400}, {"p_value": 2.5396e-10, "verdict": STOP}),
        ({"control_users": 5_010, "treatment_users": 4_990}, {"p_value": 0.8415, "verdict": GO}),
    ],
    misconceptions=[
        Misconception(
            "alarm at 0.05",
            "You raised the alarm at p < 0.05. An SRM check runs on every test, so it uses a strict "
            "threshold (`SRM_ALARM` = 0.001); at 0.05 one healthy test in twenty would be stopped for nothing.",
            lambda expected, **_: {**expected, "verdict": STOP if expected["p_value"] < 0.05 else GO},
        ),
        Misconception(
            "designed split ignored",
            "You tested against a 50/50 split. Compare the counts with the split the test was designed "
            "with (`control_share`): a 90/10 ramp is not a mismatch.",
            _ignored_design,
        ),
        Misconception(
            "shares swapped",
            "You expected `control_share` of the users in treatment and the rest in control: the shares are "
            "swapped. `control_share` is the control group's share, so control's expected count is the total "
            "× `control_share` and treatment's the total × (1 − `control_share`).",
            _swapped_shares,
        ),
        Misconception(
            "verdict reversed",
            "Your verdicts are the wrong way round: a small p-value means the observed split is unlikely "
            "under the design, so that is when to stop.",
            lambda expected, **_: {**expected, "verdict": GO if expected["verdict"] == STOP else STOP},
        ),
        Misconception(
            "binomial test",
            "Your p-values come from the exact binomial test. The check the team runs, and the one graded, "
            "is the chi-square goodness-of-fit test of the counts against the designed split: "
            "`stats.chisquare(observed, expected)`.",
            _srm_by(_binomial_p),
        ),
        Misconception(
            "contingency table",
            "You put the observed and the expected counts in a contingency table (`chi2_contingency`), which "
            "treats the expected counts as a second sample and corrects for continuity. Compare the observed "
            "counts with the expected ones: `stats.chisquare(observed, expected)`.",
            _srm_by(_contingency_p),
        ),
    ],
    hints=[
        "The expected counts are the total times the designed shares: `control_share` and `1 - control_share`.",
        "`scipy.stats.chisquare(observed, expected)` returns the p-value. Stop when it is below `SRM_ALARM`.",
    ],
)


# -- Q2 the reorder test's trust call -----------------------------------------------------------

REORDER_DECISIONS = ["ship", "don't ship", "extend the test", "investigate and rerun"]
REORDER_SCHEMA = {
    "type": "object",
    "required": ["srm_p_value", "mismatched_platform", "decision"],
    "properties": {
        "srm_p_value": {"type": "number", "minimum": 0, "maximum": 1},
        "mismatched_platform": {"enum": ["web", "ios", "android"]},
        "decision": {"enum": REORDER_DECISIONS},
    },
}

q2 = EveryMistakeNamed(
    "q2",
    NOTEBOOK,
    "reorder_call",
    parts=Parts(3, noun="field"),
    schema=REORDER_SCHEMA,
    rel_tol=0.01,
    misconceptions=[
        Misconception(
            "analysed despite an SRM",
            "The split is broken, so the +4 % is not evidence of anything: the users who went missing "
            "were not a random sample, and the comparison no longer compares like with like. No metric "
            "of a test with a sample-ratio mismatch can be trusted; find the cause and rerun.",
            lambda expected, **_: {"decision": "ship"},
        ),
        Misconception(
            "more days for a broken split",
            "Running longer does not repair a broken split; it only collects more biased data. "
            "Find why users are missing, fix it and rerun.",
            lambda expected, **_: {"decision": "extend the test"},
        ),
        Misconception(
            "biggest platform",
            "You named the platform with the most users. The mismatch sits where the split departs from "
            "50/50: run the check on each platform separately.",
            lambda expected, **_: {"mismatched_platform": "web"},
        ),
        Misconception(
            "conversion p-value",
            "That is the p-value of the conversion test. The trust question is about the split: "
            "the SRM check on the users counted in each group.",
            lambda expected, conversion_p_value, **_: {"srm_p_value": conversion_p_value},
        ),
        Misconception(
            "don't ship a broken test",
            '"Don\'t ship" reads the +4 % as a real result that should not go out. With a broken split there '
            "is no result either way: the button may be fine. Find why users went missing, fix it and rerun.",
            lambda expected, **_: {"decision": "don't ship"},
        ),
        Misconception(
            "one platform's p-value",
            "That is the p-value of one platform's split. `srm_p_value` is the check on the whole test's "
            "users; the platforms then say where the mismatch sits.",
            lambda expected, platform_p_value, **_: {"srm_p_value": platform_p_value},
        ),
    ],
    hints=[
        "Count the users in each group of `reorder_test` and run your `srm_check` on the counts.",
        "Repeat the check for each value of `platform`; the one with a tiny p-value is where users went missing.",
    ],
)


# -- Q3 the cleaning rules ------------------------------------------------------------------------


q3 = FrameQuestion(
    "q3",
    NOTEBOOK,
    "clean",
    columns=["user_id", "group", "converted"],
    sort_by=["user_id"],
    misconceptions=[
        Misconception(
            "not deduplicated",
            "Some users still have more than one row. The user is the unit that was randomised, so "
            "each user counts once (rule 3); a user who reloaded the page would otherwise count twice.",
            lambda expected, not_deduplicated, **_: not_deduplicated(),
        ),
        Misconception(
            "deduplicated first",
            "You kept each user's earliest row before dropping the rows whose page disagrees with the "
            "group. Apply the rules in order: a user whose first row showed the wrong page still has a "
            "valid later row.",
            lambda expected, deduplicated_first, **_: deduplicated_first(),
        ),
        Misconception(
            "users in both groups kept",
            "Users logged in both groups saw both pages, so they belong to neither: rule 2 drops them "
            "entirely rather than keeping their first row.",
            lambda expected, both_groups_kept, **_: both_groups_kept(),
        ),
        Misconception(
            "pages that disagree kept",
            "Rows whose landing page disagrees with the group are still there. A control user who saw "
            "the new page measures neither page: rule 1 drops those rows.",
            lambda expected, mismatches_kept, **_: mismatches_kept(),
        ),
        Misconception(
            "latest row kept",
            "You kept each user's latest row. Rule 3 keeps the earliest by `timestamp`: the first exposure "
            "is the one the user reacted to (sort by `timestamp` and keep the first).",
            lambda expected, latest_kept, **_: latest_kept(),
        ),
    ],
    hints=[
        "Rule 1: compare `landing_page` with `log['group'].map(PAGES)`.",
        "Rule 2: `groupby('user_id')['group'].nunique()` finds users in both groups. "
        "Rule 3: `sort_values('timestamp').drop_duplicates('user_id')`.",
    ],
)


# -- Q4 two proportions ---------------------------------------------------------------------------


def _reversed(expected, control_conversions, control_users, treatment_conversions, treatment_users, over_treatment):
    p_c, p_t = control_conversions / control_users, treatment_conversions / treatment_users
    return {
        **expected,
        "absolute_lift": p_c - p_t,
        "relative_lift": (p_c - p_t) / (p_t if over_treatment else p_c),
        "ci_low": -expected["ci_high"],
        "ci_high": -expected["ci_low"],
    }


def _ninety(expected, **_):
    se = (expected["ci_high"] - expected["ci_low"]) / (2 * Z95)
    centre = expected["absolute_lift"]
    return {**expected, "ci_low": centre - Z90 * se, "ci_high": centre + Z90 * se}


def unpooled_p_value(control_conversions, control_users, treatment_conversions, treatment_users) -> float:
    """The two-sided p-value of a z-test whose standard error uses each arm's own rate (not pooled)."""
    import math

    from scipy.stats import norm

    c, t = control_conversions / control_users, treatment_conversions / treatment_users
    se = math.sqrt(c * (1 - c) / control_users + t * (1 - t) / treatment_users)
    return float(2 * norm.sf(abs(t - c) / se))


def _newcombe(control_conversions, control_users, treatment_conversions, treatment_users):
    from statsmodels.stats.proportion import confint_proportions_2indep

    low, high = confint_proportions_2indep(
        treatment_conversions, treatment_users, control_conversions, control_users, compare="diff"
    )
    return {"ci_low": float(low), "ci_high": float(high)}


q4 = FunctionQuestion(
    "q4",
    NOTEBOOK,
    "compare_rates",
    rel_tol=0.01,
    abs_tol=1e-9,
    cases=[
        (
            {
                "control_conversions": 1_200,
                "control_users": 10_000,
                "treatment_conversions": 1_300,
                "treatment_users": 10_000,
            },
            {
                "absolute_lift": 0.01,
                "relative_lift": 0.08333,
                "ci_low": 0.0008342,
                "ci_high": 0.01917,
                "p_value": 0.03251,
            },
        ),
    ],
    misconceptions=[
        Misconception(
            "one-sided p-value",
            "Your p-value is half the two-sided one: that is a one-sided test. The plan asks for a "
            "two-sided test, because a change in either direction is news.",
            lambda expected, **_: {**expected, "p_value": expected["p_value"] / 2},
        ),
        Misconception(
            "relative and absolute swapped",
            "`absolute_lift` and `relative_lift` are swapped. The absolute lift is the difference of the "
            "rates (in percentage points when multiplied by 100); the relative lift divides it by the "
            "control's rate.",
            lambda expected, **_: {
                **expected,
                "absolute_lift": expected["relative_lift"],
                "relative_lift": expected["absolute_lift"],
            },
        ),
        Misconception(
            "percent, not a fraction",
            "Return the relative lift as a fraction (0.05 for +5 %), not as a number of percent.",
            lambda expected, **_: {**expected, "relative_lift": 100 * expected["relative_lift"]},
        ),
        Misconception(
            "control minus treatment",
            "You subtracted the treatment from the control. Lifts are "
            "treatment − control, relative to the control, so a better treatment shows a positive lift.",
            lambda expected, control_conversions, control_users, treatment_conversions, treatment_users, **_: _reversed(
                expected, control_conversions, control_users, treatment_conversions, treatment_users, False
            ),
        ),
        Misconception(
            "control minus treatment",
            "You subtracted the treatment from the control. Lifts are "
            "treatment − control, relative to the control, so a better treatment shows a positive lift.",
            lambda expected, control_conversions, control_users, treatment_conversions, treatment_users, **_: _reversed(
                expected, control_conversions, control_users, treatment_conversions, treatment_users, True
            ),
        ),
        Misconception(
            "Newcombe interval",
            "Your interval is statsmodels' default for a difference (Newcombe's). The question asks for the "
            'Wald interval: `confint_proportions_2indep(..., method="wald", compare="diff")`.',
            lambda expected, control_conversions, control_users, treatment_conversions, treatment_users, **_: {
                **expected,
                **_newcombe(control_conversions, control_users, treatment_conversions, treatment_users),
            },
        ),
        Misconception(
            "90 % interval", "Your interval is a 90 % one (z = 1.645). The question asks for 95 % (z ≈ 1.96).", _ninety
        ),
        Misconception(
            "unpooled z-test",
            "Your p-value uses each arm's own rate in the standard error. The test of 'no difference' "
            "assumes one shared rate under the null: pool the conversions of both arms (as "
            "`proportions_ztest` does); the interval, not the test, uses each arm's own rate.",
            lambda expected, control_conversions, control_users, treatment_conversions, treatment_users, **_: {
                **expected,
                "p_value": unpooled_p_value(control_conversions, control_users, treatment_conversions, treatment_users),
            },
        ),
        Misconception(
            "relative to the treatment",
            "Your relative lift divides by the treatment's rate; it is measured against the baseline, "
            "the control's rate.",
            lambda expected, treatment_conversions, treatment_users, **_: {
                **expected,
                "relative_lift": expected["absolute_lift"] / (treatment_conversions / treatment_users),
            },
        ),
    ],
    hints=[
        "`proportions_ztest([treatment_conversions, control_conversions], [treatment_users, control_users])` "
        "returns (z, two-sided p).",
        "`confint_proportions_2indep(treatment_conversions, treatment_users, control_conversions, control_users, "
        "method='wald', compare='diff')` gives the interval of treatment − control.",
    ],
)


# -- Q5 Holm's correction -------------------------------------------------------------------------


def _stepped(p_values, factor, running):
    """Adjusted p-values in input order: sorted ascending, scaled by factor(rank, m), made monotone by ``running``."""
    names = sorted(p_values, key=p_values.get)
    m = len(names)
    raw = [min(1.0, p_values[n] * factor(i, m)) for i, n in enumerate(names, start=1)]
    adjusted = running(raw)
    return {n: a for n, a in zip(names, adjusted)} if adjusted else None


def _running_min_from_the_end(values):
    out, low = [], 1.0
    for v in reversed(values):
        low = min(low, v)
        out.append(low)
    return out[::-1]


q5 = FunctionQuestion(
    "q5",
    NOTEBOOK,
    "holm",
    rel_tol=0.01,
    abs_tol=5e-5,  # an adjusted p-value rounded to four decimals (0.0000 for 3.2e-05) reads the same against ALPHA
    cases=[
        (
            {"p_values": {"conversion": 0.01, "revenue": 0.04, "clicks": 0.03}},
            {"conversion": 0.03, "revenue": 0.06, "clicks": 0.06},
        ),
    ],
    misconceptions=[
        Misconception(
            "Bonferroni",
            "That is Bonferroni: every p-value times the number of metrics. Holm multiplies the smallest "
            "by m, the next by m − 1 and so on, which keeps the same family-wise guarantee and finds more.",
            lambda expected, p_values, **_: {n: min(1.0, p * len(p_values)) for n, p in p_values.items()},
        ),
        Misconception(
            "Benjamini-Hochberg",
            "That is Benjamini–Hochberg, which controls the false discovery rate. The question asks for "
            "Holm, which controls the family-wise error rate (the chance of any false positive).",
            lambda expected, p_values, **_: _stepped(p_values, lambda i, m: m / i, _running_min_from_the_end),
        ),
        Misconception(
            "no running maximum",
            "Holm's adjusted p-values never decrease down the sorted list: after multiplying, take the "
            "running maximum (a metric cannot become 'more significant' than one with a smaller raw p).",
            lambda expected, p_values, **_: _stepped(p_values, lambda i, m: m - i + 1, list),
        ),
        Misconception(
            "no correction",
            "These are the raw p-values: with several metrics, adjust them before comparing with 0.05.",
            lambda expected, p_values, **_: dict(p_values),
        ),
    ],
    hints=[
        "`multipletests(list_of_p_values, method='holm')` returns (reject, adjusted p-values, ...) in input order.",
        "Build the result with `dict(zip(p_values.keys(), adjusted))`.",
    ],
)


# -- Q6 CUPED ---------------------------------------------------------------------------------------

CUPED_FIELDS = ["theta", "difference", "ci_low", "ci_high", "unadjusted_ci_low", "unadjusted_ci_high"]
CUPED_SCHEMA = {"type": "object", "required": CUPED_FIELDS, "properties": {f: {"type": "number"} for f in CUPED_FIELDS}}

q6 = EveryMistakeNamed(
    "q6",
    NOTEBOOK,
    "revenue_cuped",
    parts=Parts(3, noun="field"),
    schema=CUPED_SCHEMA,
    rel_tol=0.01,
    follows=cuped_of_own_clean,  # a wrong `clean` costs Q3's points, not Q6's again
    follows_from="`clean` (Q3)",
    misconceptions=[
        Misconception(
            "theta over var(Y)",
            "θ divides cov(Y, X) by the variance of the covariate X (the pre-period revenue), not of Y: "
            "it is the slope of Y on X.",
            lambda expected, theta_over_var_y, **_: {"theta": theta_over_var_y},
        ),
        Misconception(
            "centred within each group",
            "You centred the covariate on each group's own mean, which removes the adjustment from the "
            "difference. Subtract θ·(X − the mean of X over both groups) from every user.",
            lambda expected, unadjusted_difference, **_: {
                "difference": unadjusted_difference,
                "ci_low": expected["ci_low"] - expected["difference"] + unadjusted_difference,
            },
        ),
        Misconception(
            "CUPED on the uncleaned log",
            "Your θ and difference come from the log before cleaning. Run CUPED on the cleaned log of Q3 "
            "(one group per user, page and group agreeing), as the rest of the analysis does.",
            lambda expected, uncleaned, **_: uncleaned,
        ),
        Misconception(
            "no adjustment",
            "Your CUPED interval is the unadjusted one. Adjust each user's revenue by θ·(X − mean X) and "
            "compare the adjusted means: the interval should shrink.",
            lambda expected, **_: {"ci_low": expected["unadjusted_ci_low"], "ci_high": expected["unadjusted_ci_high"]},
        ),
        Misconception(
            "control minus treatment",
            "Your difference and intervals have the wrong sign: you subtracted the treatment from the control. "
            "The difference is treatment − control, so a page that earns more shows a positive difference.",
            lambda expected, **_: {
                "difference": -expected["difference"],
                "ci_low": -expected["ci_high"],
                "ci_high": -expected["ci_low"],
            },
        ),
    ],
    hints=[
        "θ = cov(revenue, pre_revenue) / var(pre_revenue), over all users of both groups.",
        "adjusted = revenue − θ·(pre_revenue − pre_revenue.mean()); then difference of means ± 1.96 × "
        "sqrt(var_t / n_t + var_c / n_c), for the adjusted and for the raw revenue.",
    ],
)


# -- Q7 the delta method ------------------------------------------------------------------------------

RATIO_FIELDS = ["control", "treatment", "ci_low", "ci_high", "p_value"]
RATIO_SCHEMA = {"type": "object", "required": RATIO_FIELDS, "properties": {f: {"type": "number"} for f in RATIO_FIELDS}}

q7 = EveryMistakeNamed(
    "q7",
    NOTEBOOK,
    "clicks_per_session",
    parts=Parts(3, noun="field"),
    schema=RATIO_SCHEMA,
    rel_tol=0.002,  # the mean of per-user ratios is 0.8 % off the ratio of totals: a method, not rounding
    misconceptions=[
        Misconception(
            "per-session t-test",
            "You treated each session as an independent observation. Users were randomised, not sessions: "
            "one user's sessions move together, so a per-session test understates the variance and "
            "finds effects that are not there. Sum clicks and sessions per user and use the delta method.",
            lambda expected, naive_p_value, **_: {"p_value": naive_p_value},
        ),
        Misconception(
            "mean of per-user ratios",
            "You averaged each user's clicks per session, which weighs a user with one session like a "
            "user with twenty. The metric is total clicks / total sessions in each group.",
            lambda expected, mean_of_ratios, **_: mean_of_ratios,
        ),
        Misconception(
            "covariance term missing",
            "Your variance leaves out −2R·Cov(Y, D): clicks and sessions of a user rise together, and "
            "the covariance term is what accounts for it.",
            lambda expected, without_covariance, **_: without_covariance,
        ),
        Misconception(
            "one-sided p-value",
            "Your p-value is one-sided (`norm.sf(z)`). The question asks for the two-sided one: "
            "`2 * norm.sf(abs(z))`, because a change in either direction is news.",
            lambda expected, **_: {"p_value": expected["p_value"] / 2},
        ),
    ],
    hints=[
        "Per user: Y = clicks summed, D = number of sessions. Per group: R = ΣY / ΣD.",
        "Var(R) = [Var(Y) − 2R·Cov(Y, D) + R²·Var(D)] / (n·mean(D)²); the difference's variance is the sum of "
        "the two groups' variances. Use the normal distribution.",
    ],
)


# -- Q8 peeking -------------------------------------------------------------------------------------------


def _peeking_at(alpha):
    from tpm_course.topics.experiment_analysis import peeking_false_positive_rate

    return peeking_false_positive_rate(looks=14, users_per_look=10_500, rate=0.12, alpha=alpha, runs=20_000)


class PercentNamedValue(ValueQuestion):
    """A simulated share whose misconception "a percentage" matches at the tolerance scaled by 100."""

    def misconception_for(self, answer, expected, context, same):
        def same_or_in_percent(actual, predicted):
            try:
                in_percent = abs(predicted) > 1  # a prediction in percent: the simulation's tolerance in percent too
                return same(actual / 100, predicted / 100) if in_percent else same(actual, predicted)
            except TypeError:  # not numbers: the plain comparison says no
                return same(actual, predicted)

        return super().misconception_for(answer, expected, context, same_or_in_percent)


q8 = PercentNamedValue(
    "q8",
    NOTEBOOK,
    "peeking_false_positive_rate",
    rel_tol=0.0,
    abs_tol=0.03,
    misconceptions=[
        Misconception(
            "one look",
            "That is the rate of a test read once, at the end. The team checks every day and stops at the "
            "first significant day: a run is a false positive if any of its 14 looks crosses the threshold.",
            lambda expected, **_: 0.05,
        ),
        Misconception(
            "independent looks",
            "That assumes the 14 looks are independent (1 − 0.95^14). Each look contains the data of the "
            "looks before it, so simulate cumulative counts: the looks are strongly correlated.",
            lambda expected, **_: 1 - 0.95**14,
        ),
        Misconception(
            "threshold of a 10 % test",
            "That is the rate at |z| > 1.645, the threshold of a two-sided test at 10 % (or of a one-sided "
            "test at 5 %). The plan tests two-sided at α = 0.05: a look is significant when |z| > 1.96.",
            lambda expected, **_: _peeking_at(0.10),
        ),
        Misconception(
            "percent",
            "That is a percentage. Give the share of runs as a fraction: 0.2 for 20 %.",
            lambda expected, **_: 100 * expected,
        ),
    ],
    hints=[
        "Draw each day's conversions of both groups with `rng.binomial`, then `cumsum` along the days.",
        "Run the pooled z-test on the cumulative counts of every day; count the runs where any |z| > 1.96.",
    ],
)


# -- Q9 the decision memo -----------------------------------------------------------------------------------

MEMO_DECISIONS = ["ship", "don't ship", "extend the test"]
GUARDRAIL_RESULTS = ["worse", "no significant change", "better"]
MEMO_SCHEMA = {
    "type": "object",
    "required": [
        "decision",
        "srm_p_value",
        "primary_absolute_lift",
        "primary_relative_lift",
        "primary_p_value",
        "guardrail_change",
        "guardrail_p_value",
        "guardrail_result",
        "reason",
    ],
    "properties": {
        "decision": {"enum": MEMO_DECISIONS},
        "srm_p_value": {"type": "number", "minimum": 0, "maximum": 1},
        "primary_absolute_lift": {"type": "number"},
        "primary_relative_lift": {"type": "number"},
        "primary_p_value": {"type": "number", "minimum": 0, "maximum": 1},
        "guardrail_change": {"type": "number"},
        "guardrail_p_value": {"type": "number", "minimum": 0, "maximum": 1},
        "guardrail_result": {"enum": GUARDRAIL_RESULTS},
        "reason": {"type": "string", "minLength": 40},
    },
}

q9 = EveryMistakeNamed(
    "q9",
    NOTEBOOK,
    "decision_memo",
    parts=Parts(
        6,
        each={
            "decision": 1,
            "guardrail_result": 1,
            "reason": 1,
            "srm_p_value": 0.5,
            "primary_absolute_lift": 0.5,
            "primary_relative_lift": 0.5,
            "primary_p_value": 0.5,
            "guardrail_change": 0.5,
            "guardrail_p_value": 0.5,
        },
    ),
    schema=MEMO_SCHEMA,
    rel_tol=0.01,
    follows=memo_of_own_clean,  # a wrong `clean` costs Q3's points, not Q9's again
    follows_from="`clean` (Q3)",
    misconceptions=[
        # Read first: a learner who ships because they read the guardrail as flat is told why the guardrail counts.
        Misconception(
            "guardrail read as flat",
            "The guardrail's p-value is far below 0.05: the rise in support contacts is real, not noise.",
            lambda expected, **_: {"guardrail_result": "no significant change"},
        ),
        Misconception(
            "shipped through a guardrail",
            "Conversion rose, but the support-contact guardrail got significantly worse. A guardrail "
            "breach blocks the launch: don't ship this version; fix what drives the contacts and test again.",
            lambda expected, **_: {"decision": "ship"},
        ),
        Misconception(
            "extended a clear test",
            "Extending is for a test too small to detect the effect you care about. Here the primary and "
            "the guardrail are both clearly significant; running on until the answer changes is peeking.",
            lambda expected, **_: {"decision": "extend the test"},
        ),
        Misconception(
            "relative and absolute swapped",
            "`primary_absolute_lift` and `primary_relative_lift` are swapped: the absolute lift is the "
            "difference of the rates, the relative lift that difference divided by the control's rate.",
            lambda expected, **_: {
                "primary_absolute_lift": expected["primary_relative_lift"],
                "primary_relative_lift": expected["primary_absolute_lift"],
            },
        ),
        Misconception(
            "percent, not a fraction",
            "Give the lifts as fractions (0.036 for +3.6 %), not as numbers of percent.",
            lambda expected, **_: {"primary_relative_lift": 100 * expected["primary_relative_lift"]},
        ),
        Misconception(
            "control minus treatment",
            "Your lifts have the wrong sign: you subtracted the treatment from the control. Changes are "
            "treatment − control, so the new page's higher conversion is a positive lift, and its extra "
            "support contacts a positive change.",
            lambda expected, **_: {"primary_absolute_lift": -expected["primary_absolute_lift"]},
        ),
        Misconception(
            "guardrail change negated",
            "`guardrail_change` has the wrong sign. It is treatment − control: support contacts rose, so "
            "the change is positive.",
            lambda expected, **_: {"guardrail_change": -expected["guardrail_change"]},
        ),
        Misconception(
            "more contacts read as better",
            "More support contacts is worse, not better: every contact is a customer who hit a problem.",
            lambda expected, **_: {"guardrail_result": "better"},
        ),
        Misconception(
            "SRM of the raw log",
            "Your `srm_p_value` checks the raw log. The memo reports the split of the clean users, the ones "
            "the analysis compares: run `srm_check` on `clean`.",
            lambda expected, raw_srm_p_value, **_: {"srm_p_value": raw_srm_p_value},
        ),
        Misconception(
            "chi-square for the guardrail",
            "Your guardrail p-value comes from a chi-square test of the 2×2 table (with Yates' continuity "
            "correction). The memo uses `compare_rates`, the pooled two-sided z-test, for both metrics.",
            lambda expected, yates_p_value, **_: {"guardrail_p_value": yates_p_value},
        ),
    ],
    hints=[
        "Use `clean` with your `srm_check` and `compare_rates`: `converted` is the primary metric, "
        "`support_contact` the guardrail.",
        "A guardrail that is significantly worse decides the call whatever the primary metric says.",
    ],
)
