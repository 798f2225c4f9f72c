"""Submissions for exercise 08: each replaces answer cells of an otherwise correct notebook."""

from submissions import Submission

DAYS = 'log = events.assign(day=pd.to_datetime(events["event_time"]).dt.normalize())\n'
WINDOW = (
    DAYS + 'first_visit = log[log["event"] == "visit"].groupby("user_id")["day"].min()\n'
    'in_window = log[(log["day"] - log["user_id"].map(first_visit)).dt.days < WINDOW_DAYS]\n'
)
FUNNEL = """funnel_table = pd.DataFrame({{"step": FUNNEL_STEPS, "users": {users}}})
previous = funnel_table["users"].shift(1, fill_value=funnel_table["users"].iloc[0])
funnel_table["step_conversion"] = funnel_table["users"] / {denominator}
funnel_table["overall_conversion"] = funnel_table["users"] / funnel_table["users"].iloc[0]
funnel_table["drop_off"] = 1 - funnel_table["step_conversion"]
"""
DISTINCT = '[in_window.loc[in_window["event"] == s, "user_id"].nunique() for s in FUNNEL_STEPS]'

COHORTS = """day = pd.to_datetime(events["event_time"]).dt.normalize()
signup_day = day[events["event"] == "signup"].groupby(events["user_id"]).min()
cohort = (signup_day - pd.to_timedelta(signup_day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
days_since = (day - events["user_id"].map(signup_day)).dt.days
retention_table = cohort.value_counts().rename("users").rename_axis("cohort_week").reset_index()
for n in (1, 7):
    retained = cohort[cohort.index.isin(events.loc[{active}, "user_id"])]
    rate = retained.value_counts() / {denominator}
    retention_table[f"d{{n}}_retention"] = retention_table["cohort_week"].map(rate).fillna(0.0)
"""

RATE = """def retention_rate(events, day):
    when = pd.to_datetime(events["event_time"]).dt.normalize()
    signup_day = when[events["event"] == "signup"].groupby(events["user_id"]).min()
    since = (when - events["user_id"].map(signup_day)).dt.days
    {body}
"""


def definition(**changes) -> str:
    fields = {
        "name": '"D7 retention"',
        "formula": '"users active on day 7 after signup / users who signed up"',
        "unit": '"share of users"',
        "population": '"users who signed up"',
        "window_days": "7",
        "guardrails": '["notification opt-outs"]',
        "value": "retention_rate(events, 7)",
    }
    fields.update(changes)
    body = "".join(f'    "{k}": {v},\n' for k, v in fields.items() if v is not None)
    return "d7_definition = {\n" + body + "}\n"


def investment(step: str, extra: str) -> str:
    return (
        f'investment = {{"step": {step}, "extra_purchasers": {extra},\n'
        '              "reason": "Winning back a tenth at the last step adds the most first orders."}\n'
    )


LOST = """users = funnel_table["users"].tolist()
conversion = funnel_table["step_conversion"].tolist()
lost = {s: users[i - 1] - users[i] for i, s in enumerate(FUNNEL_STEPS) if i}
"""

CORRECT_IN_OTHER_FORMS = [
    Submission(
        "q1_rounded_to_4_decimals",
        {
            "q1_answer": WINDOW
            + FUNNEL.format(users=DISTINCT, denominator="previous")
            + "funnel_table = funnel_table.round(4)\n"
        },
    ),
    Submission(
        "groupby_timestamps_and_capitals",
        {
            "q1_answer": WINDOW
            + (
                'reached = in_window.groupby("event")["user_id"].nunique().reindex(FUNNEL_STEPS)\n'
                'funnel_table = reached.rename("users").rename_axis("step").to_frame()\n'
                'funnel_table["overall_conversion"] = reached / reached.iloc[0]\n'
                'funnel_table["step_conversion"] = (reached / reached.shift()).fillna(1.0)\n'
                'funnel_table["drop_off"] = 1 - funnel_table["step_conversion"]\n'
            ),  # step kept as the index
            "q2_answer": COHORTS.format(active="days_since == n", denominator="cohort.value_counts()")
            + (
                'retention_table["cohort_week"] = pd.to_datetime(retention_table["cohort_week"])\n'
                'retention_table = retention_table[["d7_retention", "cohort_week", "d1_retention", "users"]]\n'
            ),
            "q3_answer": RATE.format(
                body=(
                    "retained = {u for u, s in zip(events['user_id'], since) if s == day}\n"
                    "    return len(retained) / signup_day.size"
                )
            ),
            "q4_answer": definition(
                unit='"Share of users"',
                population='"Users who signed up"',
                value="np.float64(retention_rate(events, 7))",
            ).replace("d7_definition =", "import numpy as np\nd7_definition ="),
            "q5_answer": LOST + investment('"Purchase"', '0.1 * lost["purchase"]'),
        },
    ),
    Submission(
        "q1_capitalised_steps",
        {
            "q1_answer": WINDOW
            + FUNNEL.format(users=DISTINCT, denominator="previous")
            + 'funnel_table["step"] = funnel_table["step"].str.capitalize()\n',
            "q5_answer": LOST + investment('"purchase"', '0.1 * lost["purchase"]'),
        },
    ),
    Submission(
        "course_library",
        {
            "q1_answer": "from tpm_course.topics.metrics.maths import funnel\nfunnel_table = funnel(events, FUNNEL_STEPS, window_days=14)\n",
            "q2_answer": "from tpm_course.topics.metrics.maths import cohort_retention\nretention_table = cohort_retention(events)\n",
            "q3_answer": "from tpm_course.topics.metrics import maths as metrics\n\ndef retention_rate(log, n):\n"
            "    return metrics.retention_rate(log, n)\n",
        },
    ),
    Submission(
        "q4_value_as_percent_text",
        {"q4_answer": definition(value='f"{retention_rate(events, 7):.1%}"')},  # "17.0%"
    ),
    Submission(
        "q4_value_as_spaced_percent_text",
        {"q4_answer": definition(value='f"{100 * retention_rate(events, 7):.2f} %"')},  # "17.04 %"
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_events_not_users",
        {
            "q1_answer": WINDOW
            + FUNNEL.format(
                users='[int((in_window["event"] == s).sum()) for s in FUNNEL_STEPS]', denominator="previous"
            )
        },
        ["q1"],
        "You counted events, not people",
    ),
    Submission(
        "q1_over_all_visitors",
        {"q1_answer": WINDOW + FUNNEL.format(users=DISTINCT, denominator='funnel_table["users"].iloc[0]')},
        ["q1"],
        "divides by everyone who visited",
        earns={"q1": 1.5},
    ),
    Submission(
        "q1_no_window",
        {"q1_answer": DAYS + "in_window = log\n" + FUNNEL.format(users=DISTINCT, denominator="previous")},
        ["q1"],
        "at any time in the log",
    ),
    Submission(
        "q1_day_14_kept",
        {
            "q1_answer": WINDOW.replace("< WINDOW_DAYS", "<= WINDOW_DAYS")
            + FUNNEL.format(users=DISTINCT, denominator="previous")
        },
        ["q1"],
        "Your window keeps day 14",
    ),
    Submission(
        "q1_percentages",
        {
            "q1_answer": WINDOW
            + FUNNEL.format(users=DISTINCT, denominator="previous")
            + 'for column in ["step_conversion", "overall_conversion", "drop_off"]:\n'
            "    funnel_table[column] = funnel_table[column] * 100\n"
        },
        ["q1"],
        "Your rates are percentages",
        earns={"q5": 3},  # Q5's method applied to this table: the Q1 mistake is not charged again
    ),
    Submission(
        "q5_follows_from_a_percent_funnel",
        {
            "q1_answer": WINDOW
            + FUNNEL.format(users=DISTINCT, denominator="previous")
            + 'for column in ["step_conversion", "overall_conversion", "drop_off"]:\n'
            "    funnel_table[column] = funnel_table[column] * 100\n"
        },
        [],
        "Your `step` and `extra_purchasers` agree with what your own `funnel_table` (Q1) gives, which is not right yet",
        earns={"q5": 3},
    ),
    Submission(
        "q5_follows_from_a_funnel_without_window",
        {"q1_answer": DAYS + "in_window = log\n" + FUNNEL.format(users=DISTINCT, denominator="previous")},
        [],
        "Your `extra_purchasers` agrees with what your own `funnel_table` (Q1) gives",
        earns={"q5": 3},  # the step is right either way; the number follows Q1's table, as the question says
    ),
    Submission(
        "q1_drop_off_from_the_first_step",
        {
            "q1_answer": WINDOW
            + FUNNEL.format(users=DISTINCT, denominator="previous").replace(
                '1 - funnel_table["step_conversion"]', '1 - funnel_table["overall_conversion"]'
            )
        },
        ["q1"],
        "Your `drop_off` is 1 − overall conversion",
        earns={"q1": 1.5},
    ),
    Submission(
        "q1_24_hour_window",
        {
            "q1_answer": (
                'log = events.assign(t=pd.to_datetime(events["event_time"]))\n'
                'first_visit = log[log["event"] == "visit"].groupby("user_id")["t"].min()\n'
                'since = log["t"] - log["user_id"].map(first_visit)\n'
                "in_window = log[(since >= pd.Timedelta(0)) & (since < pd.Timedelta(days=WINDOW_DAYS))]\n"
            )
            + FUNNEL.format(users=DISTINCT, denominator="previous")
        },
        ["q1"],
        "Your window is 14 × 24 hours",
        earns={"q1": 1.5},
    ),
    Submission(
        "q2_weeks_from_sunday",
        {
            "q2_answer": COHORTS.format(active="days_since == n", denominator="cohort.value_counts()").replace(
                "signup_day.dt.day_of_week", "(signup_day.dt.day_of_week + 1) % 7"
            )
        },
        ["q2"],
        "Your cohort weeks start on Sunday",
    ),
    Submission(
        "q2_days_from_first_visit",
        {
            "q2_answer": COHORTS.format(active="days_since == n", denominator="cohort.value_counts()").replace(
                'days_since = (day - events["user_id"].map(signup_day)).dt.days',
                'first_visit = day[events["event"] == "visit"].groupby(events["user_id"]).min()\n'
                'days_since = (day - events["user_id"].map(first_visit)).dt.days',
            )
        },
        ["q2"],
        "You counted days from each user's first visit",
    ),
    Submission(
        "q2_day_zero",
        {"q2_answer": COHORTS.format(active="days_since.between(0, n)", denominator="cohort.value_counts()")},
        ["q2"],
        "Day 0 is the signup itself",
    ),
    Submission(
        "q2_within_the_week",
        {"q2_answer": COHORTS.format(active="days_since.between(1, n)", denominator="cohort.value_counts()")},
        ["q2"],
        "active on any day from 1 to N",
    ),
    Submission(
        "q2_all_signups",
        {"q2_answer": COHORTS.format(active="days_since == n", denominator="len(cohort)")},
        ["q2"],
        "divided by every signup in the log",
    ),
    Submission(
        "q2_percentages_rounded",
        {
            "q2_answer": COHORTS.format(active="days_since == n", denominator="cohort.value_counts()")
            + 'for column in ["d1_retention", "d7_retention"]:\n'
            "    retention_table[column] = (retention_table[column] * 100).round(1)\n"
        },
        ["q2"],
        "Your retention rates are percentages",
    ),
    Submission(
        "q2_24_hour_periods",
        {
            "q2_answer": """t = pd.to_datetime(events["event_time"])
signed = t[events["event"] == "signup"].groupby(events["user_id"]).min()
periods = (t - events["user_id"].map(signed)) // pd.Timedelta(days=1)
day = signed.dt.normalize()
cohort = (day - pd.to_timedelta(day.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
retention_table = cohort.value_counts().rename("users").rename_axis("cohort_week").reset_index()
for n in (1, 7):
    back = cohort[cohort.index.isin(events.loc[periods == n, "user_id"])].value_counts()
    retention_table[f"d{n}_retention"] = retention_table["cohort_week"].map(back).fillna(0) / retention_table["users"]
"""
        },
        ["q2"],
        "You counted whole 24-hour periods",
    ),
    Submission(
        "q3_24_hour_periods",
        {
            "q3_answer": "def retention_rate(events, day):\n"
            "    when = pd.to_datetime(events['event_time'])\n"
            "    signed = when[events['event'] == 'signup'].groupby(events['user_id']).min()\n"
            "    hours = (when - events['user_id'].map(signed)).dt.total_seconds() / 3600\n"
            "    back = events.loc[(hours >= 24 * day) & (hours < 24 * (day + 1)), 'user_id'].nunique()\n"
            "    return back / len(signed)\n"
        },
        ["q3"],
        "You counted whole 24-hour periods",
    ),
    Submission(
        "q3_mean_of_cohort_rates",
        {
            "q3_answer": RATE.format(
                body=(
                    "cohort = signup_day - pd.to_timedelta(signup_day.dt.day_of_week, unit='D')\n"
                    "    came_back = signup_day.index.isin(events.loc[since == day, 'user_id'])\n"
                    "    return pd.Series(came_back, index=signup_day.index).groupby(cohort).mean().mean()"
                )
            )
        },
        ["q3"],
        "You averaged the cohorts' rates",
    ),
    Submission(
        "q3_every_user",
        {
            "q3_answer": RATE.format(
                body="return events.loc[since == day, 'user_id'].nunique() / events['user_id'].nunique()"
            )
        },
        ["q3"],
        "visitors who never signed up",
    ),
    Submission(
        "q3_from_signup_day",
        {
            "q3_answer": RATE.format(
                body="return events.loc[since.between(0, day), 'user_id'].nunique() / len(signup_day)"
            )
        },
        ["q3"],
        "You counted activity from the signup day on",
    ),
    Submission(
        "q3_any_day_up_to_n",
        {
            "q3_answer": RATE.format(
                body="return events.loc[since.between(1, day), 'user_id'].nunique() / len(signup_day)"
            )
        },
        ["q3"],
        "You counted users active on any day from 1 to N",
    ),
    Submission(
        "q3_percent",
        {
            "q3_answer": RATE.format(
                body="return 100 * events.loc[since == day, 'user_id'].nunique() / len(signup_day)"
            ),
            "q4_answer": definition(value="retention_rate(events, 7) / 100"),
        },
        ["q3"],
        "Your function returns a percentage",
    ),
    Submission(
        "q3_days_from_first_visit",
        {
            "q3_answer": RATE.format(
                body=(
                    "first = when.groupby(events['user_id']).min()\n"
                    "    since = (when - events['user_id'].map(first)).dt.days\n"
                    "    signed = events['user_id'].isin(signup_day.index)\n"
                    "    return events.loc[signed & (since == day), 'user_id'].nunique() / len(signup_day)"
                )
            )
        },
        ["q3", "q4"],
        "You counted days from each user's first visit",
    ),
    Submission(
        "q3_reads_the_notebook_log",
        {
            "q3_answer": "def retention_rate(log, day):\n"
            "    e = globals()['events']\n"
            "    when = pd.to_datetime(e['event_time']).dt.normalize()\n"
            "    signup_day = when[e['event'] == 'signup'].groupby(e['user_id']).min()\n"
            "    since = (when - e['user_id'].map(signup_day)).dt.days\n"
            "    return e.loc[since == day, 'user_id'].nunique() / len(signup_day)\n"
        },
        ["q3"],
        "Your function reads the notebook's `events`",
    ),
    Submission(
        "q3_events_not_users",
        {"q3_answer": RATE.format(body="return int((since == day).sum()) / len(signup_day)")},
        ["q3"],
        "counted events on day N",
    ),
    Submission(
        "q4_no_guardrail",
        {"q4_answer": definition(guardrails="[]")},
        ["q4"],
        "A metric with no guardrail invites gaming",
    ),
    Submission("q4_no_window", {"q4_answer": definition(window_days=None)}, ["q4"], "without its window"),
    Submission(
        "q4_the_funnels_window",
        {"q4_answer": definition(window_days="14")},
        ["q4"],
        "14 days is the funnel's window",
        earns={"q4": 1.5},
    ),
    Submission(
        "q4_everyone_who_visited",
        {
            "q4_answer": definition(
                population='"everyone who visited"',
                value="events.loc[(pd.to_datetime(events['event_time']).dt.normalize() - pd.to_datetime("
                "events['signup_date'])).dt.days == 7, 'user_id'].nunique() / events['user_id'].nunique()",
            )
        },
        ["q4"],
        "the wrong population",
    ),
    Submission(
        "q4_mean_of_cohort_rates",
        {"q4_answer": definition(value="retention_table['d7_retention'].mean()")},
        ["q4"],
        "average of the cohorts' rates",
    ),
    Submission(
        "q4_mean_of_cohort_rates_as_percent_text",
        {"q4_answer": definition(value="f\"{retention_table['d7_retention'].mean():.2%}\"")},
        ["q4"],
        "average of the cohorts' rates",
        earns={"q4": 1.5},  # read as a share, and still the wrong one
    ),
    Submission(
        "q5_most_users_lost",
        {
            "q5_answer": LOST
            + (
                "worst = max(lost, key=lost.get)\n"
                'later = {"signup": conversion[2] * conversion[3], "activate": conversion[3], "purchase": 1.0}\n'
                + investment("worst", "0.1 * lost[worst] * later[worst]")
            )
        },
        ["q5"],
        "That step loses the most people",
    ),
    Submission(
        "q5_users_at_the_step",
        {"q5_answer": LOST + ("best = max(lost, key=lost.get)\n" + investment("best", "0.1 * lost[best]"))},
        ["q5"],
        "You counted the users won back at the step",
    ),
    Submission(
        "q5_ten_percent_of_the_wrong_base",
        {"q5_answer": investment('"purchase"', '0.1 * funnel_table["users"].iloc[3]')},
        ["q5"],
        "You took a tenth of the users who reach the step",
        earns={"q5": 1.5},
    ),
    Submission(
        "q5_purchase_without_window",
        {
            "q5_answer": (
                "from tpm_course.topics.metrics.maths import funnel\n"
                "everything = funnel(events, FUNNEL_STEPS)['users'].tolist()\n"
                + investment('"purchase"', "0.1 * (everything[2] - everything[3])")
            )
        },
        ["q5"],
        "without the 14-day window",
    ),
]

BROKEN = [
    Submission(
        "q1_loops_forever",
        {"q1_answer": "funnel_table = None\nwhile funnel_table is None:\n    pass\n"},
        ["q1", "q5"],
        "the cell that sets it raised KeyboardInterrupt",
    ),
    Submission(
        "q5_before_q1",
        {"q1_answer": "funnel_table = ...\n"},
        ["q5", "q1"],
        "The cell that sets `investment` stopped at your `funnel_table` (Q1), which is still `...`",
    ),
    Submission(
        "q4_window_as_text",
        {"q4_answer": definition(window_days='"7 days"')},
        ["q4"],
        "is not a whole number",
        earns={"q4": 1.5},
    ),
    Submission(
        "q1_key_error",
        {"q1_answer": 'funnel_table = events.groupby("stage")["user_id"].nunique().reset_index()\n'},
        ["q1"],
        "the cell that defines it raised KeyError",
    ),
    Submission(
        "q1_a_list", {"q1_answer": "funnel_table = [23200, 8300, 4826, 1108]\n"}, ["q1"], "should be a DataFrame"
    ),
    Submission(
        "q2_missing_column",
        {"q2_answer": "retention_table = pd.DataFrame({'cohort_week': ['2026-01-05']})\n"},
        ["q2"],
        "lacks column(s)",
    ),
    Submission(
        "q3_raises",
        {"q3_answer": "def retention_rate(events, day):\n    return events['no such column'].sum()\n"},
        ["q3"],
        "raised KeyError",
    ),
    Submission(
        "q4_unit_off_menu",
        {"q4_answer": definition(unit='"percent"')},
        ["q4"],
        "'percent' is not one of",
        earns={"q4": 1.5},
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
