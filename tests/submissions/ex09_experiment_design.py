"""Submissions for exercise 09: each replaces answer cells of an otherwise correct notebook."""

from submissions import Submission

POOLED = """def sample_size_per_arm(baseline, relative_mde, alpha=0.05, power=0.8):
    target = {target}
    pooled = (baseline + target) / 2
    z = {z}
    return math.ceil({factor}z**2 * 2 * pooled * (1 - pooled) / (target - baseline) ** 2)
"""
RIGHT_TARGET = "baseline * (1 + relative_mde)"
RIGHT_Z = "norm.ppf(1 - alpha / 2) + norm.ppf(power)"

STATSMODELS = """def sample_size_statsmodels(baseline, relative_mde, alpha=0.05, power=0.8):
    h = proportion_effectsize({target}, baseline)
    return math.ceil({factor}NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0,
                                                 alternative="{alternative}"))
"""

MDE = """def mde_for_budget(baseline, total_users, arms=2, alpha=0.05, power=0.8):
    per_arm = {per_arm}
    z = {z}

    def excess(relative_mde):
        target = baseline * (1 + relative_mde)
        pooled = (baseline + target) / 2
        return z**2 * 2 * pooled * (1 - pooled) / (target - baseline) ** 2 - per_arm

    return {scale}brentq(excess, 1e-6, (1 - baseline) / baseline * 0.999999)
"""

DURATION = """def duration_days(users_per_arm, daily_eligible_users, allocation, arms=2):
    days = {days}
    return {rounded}
"""
RIGHT_DAYS = "users_per_arm * arms / (daily_eligible_users * allocation)"
WEEKS = "7 * math.ceil(days / 7)"


def plan(**changes) -> str:
    fields = {
        "decision": '"change the design"',
        "users_per_arm": "n",
        "weeks_as_designed": "duration_days(n, DAILY_ELIGIBLE, ALLOCATION) // 7",
        "allocation_for_deadline": "2 * n / (DAILY_ELIGIBLE * 28)",
        "relative_mde_by_deadline": "mde_for_budget(BASELINE, DAILY_ELIGIBLE * ALLOCATION * 28)",
        "reason": '"Nine weeks at 10 % misses the review: ask for a quarter of the traffic instead."',
    }
    fields.update(changes)
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items())
    return "n = sample_size_per_arm(BASELINE, RELATIVE_MDE)\ntest_plan = {\n" + body + "}\n"


CORRECT_IN_OTHER_FORMS = [
    Submission(
        "rounded_z_and_closed_form",
        {
            # renamed parameters, the pooled variance in closed form, the library for the MDE
            "q1_answer": "def sample_size_per_arm(p, lift, alpha=0.05, power=0.8):\n"
            "    q = p * (1 + lift)\n"
            "    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)\n"
            "    return math.ceil(z**2 * (p + q) * (2 - p - q) / 2 / (q - p) ** 2)\n",
            "q3_answer": "from tpm_course.topics.experiment_design.maths import mde_for_budget as _library\n\n"
            "def mde_for_budget(baseline, total_users, arms=2, alpha=0.05, power=0.8):\n"
            "    return _library(baseline, total_users, arms, alpha, power, relative=True)\n",
            "q4_answer": DURATION.format(days=RIGHT_DAYS, rounded="int(-(-days // 7)) * 7"),
            "q5_answer": plan(
                decision='"Change the design"',
                users_per_arm="int(n)",
                allocation_for_deadline="round(2 * n / (DAILY_ELIGIBLE * 28), 4)",
            ),
        },
    ),
    Submission(
        "stdlib_normal_and_round_half_up",
        {
            "q1_answer": "from statistics import NormalDist\n\n"
            + POOLED.format(
                target=RIGHT_TARGET, z="NormalDist().inv_cdf(1 - alpha / 2) + NormalDist().inv_cdf(power)", factor=""
            ),
            "q2_answer": STATSMODELS.format(target=RIGHT_TARGET, factor="", alternative="two-sided").replace(
                "math.ceil(", "round(0.5 + "
            ),
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_unpooled_variance",
        {
            "q1_answer": "def sample_size_per_arm(baseline, relative_mde, alpha=0.05, power=0.8):\n"
            "    target = baseline * (1 + relative_mde)\n"
            "    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)\n"
            "    spread = baseline * (1 - baseline) + target * (1 - target)\n"
            "    return math.ceil(z**2 * spread / (target - baseline) ** 2)\n"
        },
        ["q1"],
        "each arm's own variance",
    ),
    Submission(
        "q1_not_rounded",
        {"q1_answer": POOLED.format(target=RIGHT_TARGET, z=RIGHT_Z, factor="").replace("math.ceil(", "float(")},
        ["q1"],
        "not a whole number: round up",
    ),
    Submission(
        "q1_relative_as_absolute",
        {"q1_answer": POOLED.format(target="baseline + relative_mde", z=RIGHT_Z, factor="")},
        ["q1"],
        "You treated the relative MDE as an absolute one",
    ),
    Submission(
        "q1_one_sided",
        {"q1_answer": POOLED.format(target=RIGHT_TARGET, z="norm.ppf(1 - alpha) + norm.ppf(power)", factor="")},
        ["q1"],
        "You used a one-sided test",
    ),
    Submission(
        "q1_both_arms",
        {"q1_answer": POOLED.format(target=RIGHT_TARGET, z=RIGHT_Z, factor="2 * ")},
        ["q1"],
        "That is the users of both arms together",
    ),
    Submission(
        "q1_power_and_alpha_swapped",
        {
            "q1_answer": POOLED.format(
                target=RIGHT_TARGET, z="norm.ppf(1 - (1 - power) / 2) + norm.ppf(1 - alpha)", factor=""
            )
        },
        ["q1"],
        "Alpha and power have swapped places",
    ),
    Submission(
        "q1_cohens_h",
        {
            "q1_answer": STATSMODELS.format(target=RIGHT_TARGET, factor="", alternative="two-sided").replace(
                "sample_size_statsmodels", "sample_size_per_arm"
            )
        },
        ["q1"],
        "Your numbers match statsmodels with Cohen's h",
    ),
    Submission(
        "q1_rule_of_16",
        {
            "q1_answer": "def sample_size_per_arm(baseline, relative_mde, alpha=0.05, power=0.8):\n"
            "    target = baseline * (1 + relative_mde)\n"
            "    pooled = (baseline + target) / 2\n"
            "    return math.ceil(16 * pooled * (1 - pooled) / (target - baseline) ** 2)  # Lehr's rule\n"
        },
        ["q1"],
        "You used the rule of thumb's 16",
    ),
    Submission(
        "q1_rounded_to_nearest",
        {"q1_answer": POOLED.format(target=RIGHT_TARGET, z=RIGHT_Z, factor="").replace("math.ceil(", "round(")},
        ["q1"],
        "You rounded the sample size to the nearest whole user",
    ),
    Submission(
        "q1_power_z_negative",
        {"q1_answer": POOLED.format(target=RIGHT_TARGET, z="norm.ppf(1 - alpha / 2) + norm.ppf(1 - power)", factor="")},
        ["q1", "q5"],
        "Your z-values partly cancel",
    ),
    Submission(
        "q1_variance_at_baseline",
        {
            "q1_answer": "def sample_size_per_arm(baseline, relative_mde, alpha=0.05, power=0.8):\n"
            "    delta = baseline * relative_mde\n"
            "    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)\n"
            "    return math.ceil(z**2 * 2 * baseline * (1 - baseline) / delta**2)\n"
        },
        ["q1", "q5"],
        "You used the baseline's variance, 2 p₁(1 − p₁), for both arms. The method graded",
    ),
    Submission(
        "q1_z_typed_in",
        {"q1_answer": POOLED.format(target=RIGHT_TARGET, z="1.96 + 0.84", factor="")},
        ["q1"],
        "Your z-values are typed in",
    ),
    Submission(
        "q2_rounded_to_nearest",
        {
            "q2_answer": STATSMODELS.format(target=RIGHT_TARGET, factor="", alternative="two-sided").replace(
                "math.ceil(", "round("
            )
        },
        ["q2"],
        "You rounded the sample size to the nearest whole user",
    ),
    Submission(
        "q2_relative_as_absolute",
        {"q2_answer": STATSMODELS.format(target="baseline + relative_mde", factor="", alternative="two-sided")},
        ["q2"],
        "You treated the relative MDE as an absolute one",
    ),
    Submission(
        "q2_one_sided",
        {"q2_answer": STATSMODELS.format(target=RIGHT_TARGET, factor="", alternative="larger")},
        ["q2"],
        "You solved for a one-sided test",
    ),
    Submission(
        "q2_both_arms",
        {"q2_answer": STATSMODELS.format(target=RIGHT_TARGET, factor="2 * ", alternative="two-sided")},
        ["q2"],
        "That is the users of both arms together",
    ),
    Submission(
        "q2_pooled_formula",
        {
            "q2_answer": POOLED.format(target=RIGHT_TARGET, z=RIGHT_Z, factor="").replace(
                "sample_size_per_arm", "sample_size_statsmodels"
            )
        },
        ["q2"],
        "Your numbers match the pooled normal approximation",
    ),
    Submission(
        "q3_traffic_not_split",
        {"q3_answer": MDE.format(per_arm="total_users", z=RIGHT_Z, scale="")},
        ["q3"],
        "You gave every arm the whole budget",
    ),
    Submission(
        "q3_absolute",
        {"q3_answer": MDE.format(per_arm="total_users / arms", z=RIGHT_Z, scale="baseline * ")},
        ["q3"],
        "That is the absolute MDE",
    ),
    Submission(
        "q3_one_sided",
        {"q3_answer": MDE.format(per_arm="total_users / arms", z="norm.ppf(1 - alpha) + norm.ppf(power)", scale="")},
        ["q3"],
        "You used a one-sided test",
    ),
    Submission(
        "q3_two_arms_always",
        {"q3_answer": MDE.format(per_arm="total_users / 2", z=RIGHT_Z, scale="")},
        ["q3"],
        "whatever `arms` says",
    ),
    Submission(
        "q3_power_subtracted",
        {
            "q3_answer": MDE.format(
                per_arm="total_users / arms", z="norm.ppf(1 - alpha / 2) - norm.ppf(power)", scale=""
            )
        },
        ["q3"],
        "Your power term has the wrong sign",
    ),
    Submission(
        "q3_variance_at_baseline",
        {
            "q3_answer": "def mde_for_budget(baseline, total_users, arms=2, alpha=0.05, power=0.8):\n"
            "    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)\n"
            "    return z * math.sqrt(2 * baseline * (1 - baseline) / (total_users / arms)) / baseline\n"
        },
        ["q3"],
        "You used the baseline's variance",
    ),
    Submission(
        "q2_raw_difference",
        {
            "q2_answer": STATSMODELS.format(target=RIGHT_TARGET, factor="", alternative="two-sided").replace(
                "h = proportion_effectsize(baseline * (1 + relative_mde), baseline)", "h = baseline * relative_mde"
            )
        },
        ["q2"],
        "the difference of the rates as its effect size",
    ),
    Submission(
        "q3_percent",
        {"q3_answer": MDE.format(per_arm="total_users / arms", z=RIGHT_Z, scale="100 * ")},
        ["q3"],
        "Your function returns a percentage",
    ),
    Submission(
        "q4_nearest_week",
        {"q4_answer": DURATION.format(days=RIGHT_DAYS, rounded="7 * round(days / 7)")},
        ["q4"],
        "You rounded the weeks down",
    ),
    Submission(
        "q4_floor_division",
        {"q4_answer": DURATION.format(days=RIGHT_DAYS, rounded="7 * (days // 7)")},
        ["q4"],
        "You rounded the weeks down",
    ),
    Submission(
        "q4_always_a_week_more",
        {"q4_answer": DURATION.format(days=RIGHT_DAYS, rounded="7 * (int(days) // 7 + 1)")},
        ["q4"],
        "You add a week even when the users fill whole weeks exactly",
    ),
    Submission(
        "q4_whole_days",
        {"q4_answer": DURATION.format(days=RIGHT_DAYS, rounded="math.ceil(days)")},
        ["q4"],
        "You rounded up to whole days",
    ),
    Submission(
        "q4_one_arm",
        {"q4_answer": DURATION.format(days="users_per_arm / (daily_eligible_users * allocation)", rounded=WEEKS)},
        ["q4"],
        "You filled one arm only",
    ),
    Submission(
        "q4_allocation_ignored",
        {"q4_answer": DURATION.format(days="users_per_arm * arms / daily_eligible_users", rounded=WEEKS)},
        ["q4"],
        "Only `allocation` of it enters the test",
    ),
    Submission(
        "q4_weeks",
        {"q4_answer": DURATION.format(days=RIGHT_DAYS, rounded="math.ceil(days / 7)  # weeks")},
        ["q4"],
        "That looks like a number of weeks",
    ),
    Submission(
        "q5_run_anyway",
        {"q5_answer": plan(decision='"run as designed"')},
        ["q5"],
        "runs well past the four-week deadline",
    ),
    Submission("q5_both_arms", {"q5_answer": plan(users_per_arm="2 * n")}, ["q5"], "holds the users of both arms"),
    Submission(
        "q5_allocation_for_one_arm",
        {"q5_answer": plan(allocation_for_deadline="n / (DAILY_ELIGIBLE * 28)")},
        ["q5"],
        "That allocation fills one arm in four weeks",
    ),
    Submission("q5_give_up", {"q5_answer": plan(decision='"do not run"')}, ["q5"], "not a reason to drop it"),
    Submission(
        "q5_days_and_percent",
        {
            "q5_answer": plan(
                weeks_as_designed="duration_days(n, DAILY_ELIGIBLE, ALLOCATION)",
                allocation_for_deadline="100 * 2 * n / (DAILY_ELIGIBLE * 28)",
            )
        },
        ["q5"],
        "`weeks_as_designed` looks like days",
        earns={"q5": 3},
    ),
    Submission(
        "q5_allocation_in_percent",
        {"q5_answer": plan(allocation_for_deadline="100 * 2 * n / (DAILY_ELIGIBLE * 28)")},
        ["q5"],
        "`allocation_for_deadline` looks like a percentage",
        earns={"q5": 4},
    ),
    Submission(
        "q5_allocation_rounded",
        {"q5_answer": plan(allocation_for_deadline="math.ceil(100 * 2 * n / (DAILY_ELIGIBLE * 28)) / 100")},
        ["q5"],
        "is rounded to a whole percent",
        earns={"q5": 4},
    ),
    Submission(
        "q5_mde_in_percent",
        {
            "q5_answer": plan(
                relative_mde_by_deadline="100 * mde_for_budget(BASELINE, DAILY_ELIGIBLE * ALLOCATION * 28)"
            )
        },
        ["q5"],
        "`relative_mde_by_deadline` looks like a percentage",
        earns={"q5": 4},
    ),
    Submission(
        "q5_mde_rounded",
        {
            "q5_answer": plan(
                relative_mde_by_deadline="round(mde_for_budget(BASELINE, DAILY_ELIGIBLE * ALLOCATION * 28), 2)"
            )
        },
        ["q5"],
        "is rounded to two decimals",
        earns={"q5": 4},
    ),
    Submission(
        "q5_five_day_weeks",
        {"q5_answer": plan(weeks_as_designed="math.ceil(2 * n / (DAILY_ELIGIBLE * ALLOCATION) / 5)")},
        ["q5"],
        "Your weeks have five days",
        earns={"q5": 4},
    ),
    Submission(
        "q5_twenty_days",
        {"q5_answer": plan(allocation_for_deadline="2 * n / (DAILY_ELIGIBLE * 4 * 5)")},
        ["q5"],
        "Your four weeks have twenty days",
        earns={"q5": 4},
    ),
]

BROKEN = [
    Submission(
        "q4_no_return_on_whole_weeks",
        {
            "q4_answer": "def duration_days(users_per_arm, daily_eligible_users, allocation, arms=2):\n"
            "    days = users_per_arm * arms / (daily_eligible_users * allocation)\n"
            "    if days % 7:\n"
            "        return float(7 * (days // 7 + 1))\n"
        },
        ["q4"],
        "a path through it ends without a `return`",
    ),
    Submission(
        "q1_no_return",
        {"q1_answer": "def sample_size_per_arm(baseline, relative_mde, alpha=0.05, power=0.8):\n    print(14_752)\n"},
        ["q1"],
        "It has no `return` with a value",
    ),
    Submission(
        "q3_brentq_bracket",
        {
            "q3_answer": MDE.format(per_arm="total_users / arms", z=RIGHT_Z, scale="").replace(
                "(1 - baseline) / baseline * 0.999999", "0.001"
            )
        },
        ["q3"],
        "raised ValueError",
    ),
    Submission(
        "q5_weeks_as_text",
        {"q5_answer": plan(weeks_as_designed='"nine"')},
        ["q5"],
        "'nine' is not a whole number",
        earns={"q5": 4},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
