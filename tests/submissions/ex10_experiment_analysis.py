"""Submissions for exercise 10 (see ``submissions.Submission``)."""

from submissions import Submission

SRM = """def srm_check(control_users, treatment_users, control_share=0.5):
    total = control_users + treatment_users
    expected = [total * {share}, total * (1 - {share})]
    p_value = stats.chisquare([control_users, treatment_users], expected).pvalue
    return {{"p_value": p_value, "verdict": STOP if {stop_when} else GO}}
"""


def reorder(**changes) -> str:
    fields = {
        "srm_p_value": 'srm_check(n["control"], n["treatment"])["p_value"]',
        "mismatched_platform": '"android"',
        "decision": '"investigate and rerun"',
    }
    fields.update(changes)
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return (
        'reorder = load_dataset("reorder_test")\nn = reorder["group"].value_counts()\nreorder_call = {\n' + body + "}\n"
    )


CLEAN = 'log = load_dataset("homepage_test")\naligned_rows = log["landing_page"] == log["group"].map(PAGES)\n{body}'
ONE_GROUP = 'frame[frame["user_id"].map(frame.groupby("user_id")["group"].nunique()) == 1]'

RATES = """def compare_rates(control_conversions, control_users, treatment_conversions, treatment_users):
    c, t = control_conversions / control_users, treatment_conversions / treatment_users
    _, p_value = proportions_ztest([treatment_conversions, control_conversions], [treatment_users, control_users]{test})
    low, high = confint_proportions_2indep(treatment_conversions, treatment_users, control_conversions,
                                           control_users, method="wald", compare="diff")
    return {{"absolute_lift": {absolute}, "relative_lift": {relative}, "ci_low": {low}, "ci_high": {high},
            "p_value": p_value}}
"""


def rates(test="", absolute="t - c", relative="(t - c) / c", low="low", high="high") -> str:
    return RATES.format(test=test, absolute=absolute, relative=relative, low=low, high=high)


HOLM_METHOD = """def holm(p_values):
    return dict(zip(p_values, multipletests(list(p_values.values()), method="{method}")[1]))
"""

CUPED = """y, x = clean["revenue"].to_numpy(), clean["pre_revenue"].to_numpy()
treated = (clean["group"] == "treatment").to_numpy()


def interval(values):
    difference = values[treated].mean() - values[~treated].mean()
    se = math.sqrt(values[treated].var(ddof=1) / treated.sum() + values[~treated].var(ddof=1) / (~treated).sum())
    return difference, difference - 1.96 * se, difference + 1.96 * se


theta = {theta}
adjusted = {adjusted}
difference, low, high = interval(adjusted)
_, raw_low, raw_high = interval(y)
revenue_cuped = {{"theta": theta, "difference": difference, "ci_low": low, "ci_high": high,
                 "unadjusted_ci_low": raw_low, "unadjusted_ci_high": raw_high}}
"""
THETA = "np.cov(y, x)[0, 1] / x.var(ddof=1)"

RATIO = """sessions = load_dataset("homepage_sessions")
per_user = sessions.groupby(["user_id", "group"])["clicks"].agg(clicks="sum", sessions="size").reset_index()


def ratio_and_variance(users):
    y, d = users["clicks"].to_numpy(float), users["sessions"].to_numpy(float)
    r = y.sum() / d.sum()
    cov = np.cov(y, d)
    return r, (cov[0, 0]{covariance} + r**2 * cov[1, 1]) / (len(y) * d.mean() ** 2)


rc, vc = ratio_and_variance(per_user[per_user["group"] == "control"])
rt, vt = ratio_and_variance(per_user[per_user["group"] == "treatment"])
se = math.sqrt(vc + vt)
clicks_per_session = {{"control": rc, "treatment": rt, "ci_low": rt - rc - 1.96 * se, "ci_high": rt - rc + 1.96 * se,
                      "p_value": 2 * stats.norm.sf(abs(rt - rc) / se)}}
"""

PEEK = """rng = np.random.default_rng(7)
runs, days, per_day = 5_000, 14, 10_500
control = rng.binomial(per_day, 0.12, size=(runs, days)){cumulative}
treatment = rng.binomial(per_day, 0.12, size=(runs, days)){cumulative}
users = {users}
pooled = (control + treatment) / (2 * users)
z = (treatment - control) / users / np.sqrt(pooled * (1 - pooled) * 2 / users)
peeking_false_positive_rate = (np.abs(z{looks}) > 1.96){any}.mean()
"""


def memo(**changes) -> str:
    fields = {
        "decision": '"don\'t ship"',
        "srm_p_value": "split['p_value']",
        "primary_absolute_lift": "primary['absolute_lift']",
        "primary_relative_lift": "primary['relative_lift']",
        "primary_p_value": "primary['p_value']",
        "guardrail_change": "guardrail['absolute_lift']",
        "guardrail_p_value": "guardrail['p_value']",
        "guardrail_result": '"worse"',
        "reason": "f\"Conversion is up {primary['relative_lift']:.1%}, but support contacts rose by \"\n"
        "        f\"{guardrail['absolute_lift']:.2%} (p = {guardrail['p_value']:.4f}), so the guardrail blocks it.\"",
    }
    fields.update(changes)
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return (
        "def counts(frame, column):\n"
        '    s, n = frame.groupby("group")[column].sum(), frame["group"].value_counts()\n'
        '    return s["control"], n["control"], s["treatment"], n["treatment"]\n\n\n'
        'n = clean["group"].value_counts()\n'
        'split = srm_check(n["control"], n["treatment"])\n'
        'primary = compare_rates(*counts(clean, "converted"))\n'
        'guardrail = compare_rates(*counts(clean, "support_contact"))\n'
        "decision_memo = {\n" + body + "}\n"
    )


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "by_hand_with_the_normal_approximation",
        {
            "q1_answer": """def srm_check(control_users, treatment_users, control_share=0.5):
    n = control_users + treatment_users
    z = (control_users - n * control_share) / math.sqrt(n * control_share * (1 - control_share))
    p = math.erfc(abs(z) / math.sqrt(2))
    return {"verdict": "Stop: sample ratio mismatch" if p < 0.001 else "go: split as designed", "p_value": p,
            "z": z}
""",
            "q3_answer": """log = load_dataset("homepage_test")
log["timestamp"] = pd.to_datetime(log["timestamp"])
aligned = log[log["landing_page"] == log["group"].map(PAGES)]
aligned = aligned[aligned.groupby("user_id")["group"].transform("nunique") == 1]
clean = aligned.loc[aligned.groupby("user_id")["timestamp"].idxmin()]
""",
            "q4_answer": """def compare_rates(control_conversions, control_users, treatment_conversions, treatment_users):
    c, t = control_conversions / control_users, treatment_conversions / treatment_users
    pooled = (control_conversions + treatment_conversions) / (control_users + treatment_users)
    z = (t - c) / math.sqrt(pooled * (1 - pooled) * (1 / control_users + 1 / treatment_users))
    se = math.sqrt(c * (1 - c) / control_users + t * (1 - t) / treatment_users)
    return {"p_value": 2 * stats.norm.sf(abs(z)), "ci_low": t - c - 1.96 * se, "ci_high": t - c + 1.96 * se,
            "absolute_lift": np.float64(t - c), "relative_lift": t / c - 1}
""",
            "q5_answer": """def holm(p_values):
    ordered = sorted(p_values, key=p_values.get)
    m, running, adjusted = len(ordered), 0.0, {}
    for rank, name in enumerate(ordered):
        running = max(running, min(1.0, (m - rank) * p_values[name]))
        adjusted[name] = running
    return pd.Series(adjusted)
""",
            "q8_answer": """rng = np.random.default_rng(11)
hits = np.zeros(6_000, dtype=bool)
a = b = 0
for day in range(1, 15):
    a = a + rng.binomial(10_500, 0.12, 6_000)
    b = b + rng.binomial(10_500, 0.12, 6_000)
    n = 10_500 * day
    p = (a + b) / (2 * n)
    hits |= np.abs((b - a) / n) / np.sqrt(p * (1 - p) * 2 / n) > stats.norm.ppf(0.975)
peeking_false_positive_rate = float(hits.mean())
""",
        },
    ),
    Submission(
        "library_and_statsmodels_forms",
        {
            "q6_answer": CUPED.format(theta="np.polyfit(x, y, 1)[0]", adjusted="y - theta * (x - x.mean())"),
            "q7_answer": """from tpm_course.topics.experiment_analysis import compare_ratios, per_unit_totals
totals = per_unit_totals(load_dataset("homepage_sessions"))
c, t = totals[totals["group"] == "control"], totals[totals["group"] == "treatment"]
result = compare_ratios(c["clicks"], c["sessions"], t["clicks"], t["sessions"])
clicks_per_session = {"control": result.control, "treatment": result.treatment, "ci_low": result.ci_low,
                      "ci_high": result.ci_high, "p_value": result.p_value}
""",
            "q9_answer": memo(decision='"Don\'t ship"', guardrail_result='"WORSE"'),
        },
    ),
    Submission(
        "q9_reason_in_points_and_rounded_p_values",
        {
            "q9_answer": memo(
                reason="f\"Conversion is up {primary['absolute_lift'] * 100:.2f} points, but support contacts are \"\n"
                "        f\"up {guardrail['absolute_lift'] * 100:.2f} points. The guardrail blocks shipping.\""
            )
        },
    ),
    Submission(
        "q9_reason_with_the_groups_rates",
        {
            "q9_answer": "rates = clean.groupby('group')['support_contact'].mean()\n"
            + memo(
                reason="f\"Support contacts went from {rates['control']:.1%} to {rates['treatment']:.1%} of users, \"\n"
                '        "so the guardrail blocks shipping."'
            )
        },
    ),
    Submission(
        "q9_reason_with_the_guardrails_relative_change",
        {
            "q9_answer": memo(
                reason="f\"Support contacts rose {guardrail['relative_lift'] * 100:.1f} % relative to control, \"\n"
                '        "which blocks the launch despite better conversion."'
            )
        },
    ),
    Submission(
        "q9_reason_with_p_values_as_said",
        {
            "q9_answer": memo(
                reason="f\"Conversion rose (p = {primary['p_value']:.1g}) but support contacts rose too \"\n"
                '        "(p < 0.0001): the guardrail blocks shipping."'
            )
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_alarm_at_0_05",
        {"q1_answer": SRM.format(share="control_share", stop_when="p_value < 0.05")},
        ["q1"],
        "You raised the alarm at p < 0.05",
    ),
    Submission(
        "q1_design_ignored",
        {"q1_answer": SRM.format(share="0.5", stop_when="p_value < SRM_ALARM")},
        ["q1"],
        "You tested against a 50/50 split",
    ),
    Submission(
        "q1_shares_swapped",
        {
            "q1_answer": SRM.format(share="control_share", stop_when="p_value < SRM_ALARM").replace(
                "expected = [total * control_share, total * (1 - control_share)]",
                "expected = [total * (1 - control_share), total * control_share]",
            )
        },
        ["q1"],
        "the shares are swapped",
    ),
    Submission(
        "q3_not_deduplicated_carried_into_q6_and_q9",
        {"q3_answer": CLEAN.format(body=f"frame = log[aligned_rows]\nclean = {ONE_GROUP}\n")},
        earns={"q6": 3, "q9": 6, "q3": 0},
        says="agree with what your own `clean` (Q3) gives, which is not right yet",
    ),
    Submission(
        "q1_verdict_reversed",
        {"q1_answer": SRM.format(share="control_share", stop_when="p_value > SRM_ALARM")},
        ["q1"],
        "Your verdicts are the wrong way round",
    ),
    Submission("q2_analysed_despite_srm", {"q2_answer": reorder(decision='"ship"')}, ["q2"], "The split is broken"),
    Submission(
        "q2_run_longer",
        {"q2_answer": reorder(decision='"extend the test"')},
        ["q2"],
        "Running longer does not repair a broken split",
    ),
    Submission(
        "q2_conversion_p_value",
        {
            "q2_answer": reorder(
                srm_p_value='proportions_ztest(reorder.groupby("group")["converted"].sum()[["treatment", "control"]], '
                'n[["treatment", "control"]])[1]'
            )
        },
        ["q2"],
        "That is the p-value of the conversion test",
    ),
    Submission(
        "q2_biggest_platform",
        {"q2_answer": reorder(mismatched_platform='"web"')},
        ["q2"],
        "the platform with the most users",
    ),
    Submission(
        "q3_not_deduplicated",
        {"q3_answer": CLEAN.format(body=f"frame = log[aligned_rows]\nclean = {ONE_GROUP}\n")},
        ["q3"],
        "Some users still have more than one row",
    ),
    Submission(
        "q3_deduplicated_first",
        {
            "q3_answer": CLEAN.format(
                body='first = log.sort_values("timestamp").drop_duplicates("user_id")\n'
                'clean = first[first["landing_page"] == first["group"].map(PAGES)]\n'
            )
        },
        ["q3"],
        "Apply the rules in order",
    ),
    Submission(
        "q3_both_groups_kept",
        {
            "q3_answer": CLEAN.format(
                body='clean = log[aligned_rows].sort_values("timestamp").drop_duplicates("user_id")\n'
            )
        },
        ["q3"],
        "Users logged in both groups saw both pages",
    ),
    Submission(
        "q3_pages_that_disagree_kept",
        {
            "q3_answer": CLEAN.format(
                body=f'frame = log\nclean = {ONE_GROUP}.sort_values("timestamp").drop_duplicates("user_id")\n'
            )
        },
        ["q3"],
        "Rows whose landing page disagrees with the group are still there",
    ),
    Submission(
        "q4_unpooled_test",
        {
            "q4_answer": """def compare_rates(control_conversions, control_users, treatment_conversions, treatment_users):
    c, t = control_conversions / control_users, treatment_conversions / treatment_users
    se = math.sqrt(c * (1 - c) / control_users + t * (1 - t) / treatment_users)
    z = (t - c) / se
    return {"absolute_lift": t - c, "relative_lift": (t - c) / c, "ci_low": t - c - 1.96 * se,
            "ci_high": t - c + 1.96 * se, "p_value": 2 * stats.norm.sf(abs(z))}
"""
        },
        ["q4"],
        "pool the conversions of both arms",
    ),
    Submission("q4_one_sided", {"q4_answer": rates(test=', alternative="larger"')}, ["q4"], "that is a one-sided test"),
    Submission(
        "q4_relative_and_absolute_swapped",
        {"q4_answer": rates(absolute="(t - c) / c", relative="t - c")},
        ["q4"],
        "`absolute_lift` and `relative_lift` are swapped",
    ),
    Submission(
        "q4_control_minus_treatment",
        {"q4_answer": rates(absolute="c - t", relative="(c - t) / t", low="-high", high="-low")},
        ["q4"],
        "You subtracted the treatment from the control",
    ),
    Submission(
        "q4_relative_lift_in_percent",
        {"q4_answer": rates(relative="100 * (t - c) / c")},
        ["q4"],
        "Return the relative lift as a fraction",
    ),
    Submission(
        "q4_z_of_1_645",
        {
            "q4_answer": rates(
                low="t - c - 1.645 * math.sqrt(c * (1 - c) / control_users + t * (1 - t) / treatment_users)",
                high="t - c + 1.645 * math.sqrt(c * (1 - c) / control_users + t * (1 - t) / treatment_users)",
            )
        },
        ["q4"],
        "Your interval is a 90 % one",
    ),
    Submission(
        "q4_relative_to_the_treatment",
        {"q4_answer": rates(relative="(t - c) / t")},
        ["q4"],
        "Your relative lift divides by the treatment's rate",
    ),
    Submission("q5_bonferroni", {"q5_answer": HOLM_METHOD.format(method="bonferroni")}, ["q5"], "That is Bonferroni"),
    Submission(
        "q5_benjamini_hochberg", {"q5_answer": HOLM_METHOD.format(method="fdr_bh")}, ["q5"], "That is Benjamini"
    ),
    Submission(
        "q5_thresholds_not_p_values",
        {
            "q5_answer": """def holm(p_values):
    # Holm lowers the thresholds (0.05 / m, 0.05 / (m - 1), ...), so the p-values stay as they are
    return dict(p_values)
"""
        },
        ["q5"],
        "These are the raw p-values",
    ),
    Submission(
        "q5_no_running_maximum",
        {
            "q5_answer": """def holm(p_values):
    ordered = sorted(p_values, key=p_values.get)
    return {name: min(1.0, (len(ordered) - rank) * p_values[name]) for rank, name in enumerate(ordered)}
"""
        },
        ["q5"],
        "running maximum",
    ),
    Submission(
        "q6_uncleaned_log",
        {
            "q6_answer": 'raw = load_dataset("homepage_test")\n'
            + CUPED.format(theta="np.cov(y, x)[0, 1] / x.var(ddof=1)", adjusted="y - theta * (x - x.mean())").replace(
                "clean[", "raw["
            )
        },
        ["q6"],
        "come from the log before cleaning",
    ),
    Submission(
        "q6_theta_over_var_y",
        {"q6_answer": CUPED.format(theta="np.cov(y, x)[0, 1] / y.var(ddof=1)", adjusted="y - theta * (x - x.mean())")},
        ["q6"],
        "not of Y",
    ),
    Submission(
        "q6_no_adjustment",
        {"q6_answer": CUPED.format(theta=THETA, adjusted="y")},
        ["q6"],
        "Your CUPED interval is the unadjusted one",
    ),
    Submission(
        "q6_centred_within_each_group",
        {
            "q6_answer": CUPED.format(
                theta=THETA, adjusted="y - theta * (x - np.where(treated, x[treated].mean(), x[~treated].mean()))"
            )
        },
        ["q6"],
        "You centred the covariate on each group's own mean",
    ),
    Submission(
        "q7_per_session_t_test",
        {
            "q7_answer": """sessions = load_dataset("homepage_sessions")
c = sessions.loc[sessions["group"] == "control", "clicks"]
t = sessions.loc[sessions["group"] == "treatment", "clicks"]
test = stats.ttest_ind(t, c)
interval = test.confidence_interval(0.95)
clicks_per_session = {"control": c.mean(), "treatment": t.mean(), "ci_low": interval.low, "ci_high": interval.high,
                      "p_value": test.pvalue}
"""
        },
        ["q7"],
        "You treated each session as an independent observation",
    ),
    Submission(
        "q7_mean_of_user_ratios",
        {
            "q7_answer": """sessions = load_dataset("homepage_sessions")
per_user = sessions.groupby(["user_id", "group"])["clicks"].mean().reset_index()
c = per_user.loc[per_user["group"] == "control", "clicks"]
t = per_user.loc[per_user["group"] == "treatment", "clicks"]
se = math.sqrt(c.var() / len(c) + t.var() / len(t))
clicks_per_session = {"control": c.mean(), "treatment": t.mean(), "ci_low": t.mean() - c.mean() - 1.96 * se,
                      "ci_high": t.mean() - c.mean() + 1.96 * se,
                      "p_value": 2 * stats.norm.sf(abs(t.mean() - c.mean()) / se)}
"""
        },
        ["q7"],
        "You averaged each user's clicks per session",
    ),
    Submission(
        "q7_covariance_left_out",
        {"q7_answer": RATIO.format(covariance="")},
        ["q7"],
        "Your variance leaves out",
    ),
    Submission(
        "q8_one_look",
        {
            "q8_answer": PEEK.format(
                cumulative=".cumsum(axis=1)", users="per_day * np.arange(1, 15)", looks="[:, -1]", any=""
            )
        },
        ["q8"],
        "That is the rate of a test read once",
    ),
    Submission(
        "q8_independent_days",
        {"q8_answer": PEEK.format(cumulative="", users="per_day", looks="", any=".any(axis=1)")},
        ["q8"],
        "That assumes the 14 looks are independent",
    ),
    Submission(
        "q5_not_capped_at_one",
        {
            "q5_answer": """def holm(p_values):
    ranked = sorted(p_values, key=p_values.get)
    adjusted, running = {}, 0.0
    for i, name in enumerate(ranked):
        running = max(running, (len(ranked) - i) * p_values[name])
        adjusted[name] = running
    return adjusted
"""
        },
        ["q5"],
        "is wrong in 1 of 5 cases",
    ),
    Submission(
        "q8_ten_percent_threshold",
        {
            "q8_answer": PEEK.format(
                cumulative=".cumsum(axis=1)", users="per_day * np.arange(1, 15)", looks="", any=".any(axis=1)"
            ).replace("> 1.96", "> 1.645")
        },
        ["q8"],
        "the threshold of a two-sided test at 10 %",
    ),
    Submission(
        "q9_shipped_through_the_guardrail",
        {"q9_answer": memo(decision='"ship"')},
        ["q9"],
        "A guardrail breach blocks the launch",
    ),
    Submission(
        "q9_extended_a_clear_test",
        {"q9_answer": memo(decision='"extend the test"')},
        ["q9"],
        "Extending is for a test too small",
    ),
    Submission(
        "q9_relative_and_absolute_swapped",
        {
            "q9_answer": memo(
                primary_absolute_lift="primary['relative_lift']", primary_relative_lift="primary['absolute_lift']"
            )
        },
        ["q9"],
        "are swapped",
    ),
    Submission(
        "q9_guardrail_read_as_flat",
        {"q9_answer": memo(decision='"ship"', guardrail_result='"no significant change"')},
        ["q9"],
        "The guardrail's p-value is far below 0.05",
    ),
    Submission(
        "q9_lift_in_percent",
        {"q9_answer": memo(primary_relative_lift="100 * primary['relative_lift']")},
        ["q9"],
        "Give the lifts as fractions",
    ),
    Submission(
        "q1_binomial_test",
        {
            "q1_answer": SRM.format(share="control_share", stop_when="p_value < SRM_ALARM").replace(
                "stats.chisquare([control_users, treatment_users], expected).pvalue",
                "stats.binomtest(int(control_users), int(total), control_share).pvalue",
            )
        },
        ["q1", "q2"],
        "Your p-values come from the exact binomial test",
    ),
    Submission(
        "q1_contingency_table",
        {
            "q1_answer": SRM.format(share="control_share", stop_when="p_value < SRM_ALARM").replace(
                "stats.chisquare([control_users, treatment_users], expected).pvalue",
                "stats.chi2_contingency([[control_users, treatment_users], expected])[1]",
            )
        },
        ["q1"],
        "You put the observed and the expected counts in a contingency table",
    ),
    Submission(
        "q2_dont_ship",
        {"q2_answer": reorder(decision='"don\'t ship"')},
        ["q2"],
        "reads the +4 % as a real result",
        earns={"q2": 2},
    ),
    Submission(
        "q2_android_p_value",
        {
            "q2_answer": reorder(
                srm_p_value='srm_check(*reorder[reorder["platform"] == "android"]["group"].value_counts()'
                '[["control", "treatment"]])["p_value"]'
            )
        },
        ["q2"],
        "That is the p-value of one platform's split",
        earns={"q2": 2},
    ),
    Submission(
        "q3_latest_row",
        {
            "q3_answer": CLEAN.format(
                body="frame = log[aligned_rows]\n"
                f"frame = {ONE_GROUP}\n"
                'clean = frame.sort_values("timestamp").drop_duplicates("user_id", keep="last")\n'
            )
        },
        ["q3"],
        "You kept each user's latest row",
    ),
    Submission(
        "q4_control_minus_treatment_over_control",
        {"q4_answer": rates(absolute="c - t", relative="(c - t) / c", low="-high", high="-low")},
        ["q4", "q9"],
        "You subtracted the treatment from the control",
    ),
    Submission(
        "q4_newcombe_interval",
        {"q4_answer": rates().replace('method="wald", compare="diff"', 'compare="diff"')},
        ["q4"],
        "Your interval is statsmodels' default for a difference",
    ),
    Submission(
        "q6_control_minus_treatment",
        {
            "q6_answer": CUPED.format(theta=THETA, adjusted="y - theta * (x - x.mean())").replace(
                "values[treated].mean() - values[~treated].mean()", "values[~treated].mean() - values[treated].mean()"
            )
        },
        ["q6"],
        "Your difference and intervals have the wrong sign",
        earns={"q6": 0.5},
    ),
    Submission(
        "q7_one_sided",
        {
            "q7_answer": RATIO.format(covariance=" - 2 * r * cov[0, 1]").replace(
                "2 * stats.norm.sf(abs(rt - rc) / se)", "stats.norm.sf((rt - rc) / se)"
            )
        },
        ["q7"],
        "Your p-value is one-sided",
        earns={"q7": 2.4},
    ),
    Submission(
        "q8_percent",
        {
            "q8_answer": PEEK.format(
                cumulative=".cumsum(axis=1)", users="per_day * np.arange(1, 15)", looks="", any=".any(axis=1)"
            )
            + "peeking_false_positive_rate = 100 * peeking_false_positive_rate\n"
        },
        ["q8"],
        "That is a percentage",
    ),
    Submission(
        "q9_guardrail_change_negated",
        {"q9_answer": memo(guardrail_change="-guardrail['absolute_lift']")},
        ["q9"],
        "`guardrail_change` has the wrong sign",
        earns={"q9": 5.5},
    ),
    Submission(
        "q9_control_minus_treatment",
        {"q9_answer": memo(primary_absolute_lift="-primary['absolute_lift']")},
        ["q9"],
        "Your lifts have the wrong sign",
        earns={"q9": 5.5},
    ),
    Submission(
        "q9_more_contacts_better",
        {"q9_answer": memo(guardrail_result='"better"')},
        ["q9"],
        "More support contacts is worse",
        earns={"q9": 5},
    ),
    Submission(
        "q9_srm_of_the_raw_log",
        {"q9_answer": memo(srm_p_value="srm_check(*log['group'].value_counts()[['control', 'treatment']])['p_value']")},
        ["q9"],
        "Your `srm_p_value` checks the raw log",
        earns={"q9": 5.5},
    ),
    Submission(
        "q9_chi_square_guardrail",
        {
            "q9_answer": memo(
                guardrail_p_value="stats.chi2_contingency(pd.crosstab(clean['group'], clean['support_contact']))[1]"
            )
        },
        ["q9"],
        "Your guardrail p-value comes from a chi-square test",
        earns={"q9": 5.5},
    ),
]

BROKEN = [
    Submission(
        "answers_of_the_wrong_kind",
        {
            "q5_answer": "def holm(p_values):\n    return list(multipletests(list(p_values.values()), method='holm')[1])\n",
            "q8_answer": 'peeking_false_positive_rate = "about a fifth"\n',
            "q9_answer": memo(decision='"ship it after a fix"'),
        },
        ["q5", "q8", "q9"],
        "which is not a dict with the keys",
    ),
    Submission(
        "a_frame_that_is_a_list_and_a_syntax_error",
        {
            "q1_answer": """def srm_check(control_users, treatment_users, control_share=0.5):
    return stats.chisquare([control_users, treatment_users]).pvalue
""",
            "q3_answer": 'log = load_dataset("homepage_test")\nclean = list(log["user_id"].unique())\n',
            "q4_answer": "def compare_rates(control_conversions, control_users\n    return {}\n",
        },
        ["q3", "q1", "q4"],
        "should be a DataFrame",
    ),
]


ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
