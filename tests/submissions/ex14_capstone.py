"""Submissions for exercise 14, the capstone brief (see ``submissions.Submission``)."""

from submissions import Submission

# Q1 as a student writes it: both regions hour by hour, then the busiest and the mean hour.
PEAK = """by_hour = traffic.groupby("hour_utc")["requests"].sum()
traffic_peak = {{"peak_rps": {peak}, "peak_factor": by_hour.max() / by_hour.mean()}}
"""

# Q2: one question's dollars from the sheet's row, then the month.
COST = """row = sheet[(sheet["model"] == "claude-sonnet-4") & (sheet["tier"] == "standard")].iloc[0]
per_question = ({tokens}) / 1_000_000
prototype_cost_usd = {total}
"""
RIGHT_TOKENS = (
    '800 * row["input_usd_per_mtok"] + 1600 * row["cached_input_usd_per_mtok"] + 350 * row["output_usd_per_mtok"]'
)

# Q3: the brief as a student writes it, numbers worked out on the side and typed in.
BRIEF = '''design_brief = """
capacity:
  design_peak_rps: 1500.2
  utilisation_target: 0.7
  servers: 18
  storage_tb_year: 6.31
latency:
  objective_ms: 60
  at_rps: 1500.2
  cache_hit_ratio: 0.7
reliability:
  slo: 99.8
  window_days: 30
  error_budget_minutes: 86.4
  chain:
    - {component: load balancer, availability: 99.99}
    - {component: tracking API, availability: 99.95, replicas: 2}
    - {component: position store, availability: 99.95, replicas: 2}
    - {component: carrier feed, availability: 99.9}
experiment:
  metric: share of orders with a where-is-my-order contact
  guardrail: tracking page error rate
  baseline: 0.08
  mde: 0.01
  sample_size_per_arm: 12209
  allocation: 0.1
  duration_days: 7
ai_assistant:
  model: gemini-2.5-flash
  requests_per_month: 1200000
  monthly_cost_usd: 1482
build_buy:
  component: ETA engine
  choice: buy
  build_present_cost_usd: 389211
  buy_present_cost_usd: 316093
rollout:
  stages: [1, 5, 25, 50, 100]
  first_stage_hours: 4
  rise_to_detect: 0.001
  rollback_error_rate: 0.003
"""
'''


def brief(*edits: tuple[str, str]) -> str:
    """The reference brief with some lines changed, as a student who made one mistake writes it."""
    text = BRIEF
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


# A consistent brief with another defensible design: a lower SLO on single components, a cooler fleet,
# a warmer cache, a smaller MDE on half the orders, another model, fewer and larger stages; a dict.
OTHER_DESIGN = """design_brief = {
    "capacity": {"design_peak_rps": 1500, "utilisation_target": "60 %", "servers": 21, "storage_tb_year": 6.3},
    "latency": {"objective_ms": 80, "at_rps": 1600, "cache_hit_ratio": 0.8},
    "reliability": {
        "slo": 0.995,
        "window_days": 28,
        "error_budget_minutes": (1 - 0.995) * 28 * 24 * 60,
        "chain": [
            {"component": "Load balancer", "availability": 0.9999},
            {"component": "tracking API", "availability": 0.9995, "replicas": 1},
            {"component": "position store", "availability": 0.9995},
            {"component": "carrier feed", "availability": 0.999},
        ],
    },
    "experiment": {
        "metric": "contacts about an order's whereabouts per order",
        "guardrail": "orders cancelled before delivery",
        "baseline": "8 %",
        "mde": "0.5 %",
        "sample_size_per_arm": sample_size_per_arm(0.075, 0.005),
        "allocation": 0.5,
        "duration_days": 14,
    },
    "ai_assistant": {"model": "GPT-5", "requests_per_month": 1.2e6, "monthly_cost_usd": 5640},
    "build_buy": {"component": "ETA engine", "choice": "Buy", "build_present_cost_usd": 389_000,
                  "buy_present_cost_usd": 316_000},
    "rollout": {"stages": ["5 %", "25 %", "100 %"], "first_stage_hours": 1, "rise_to_detect": "0.1 %",
                "rollback_error_rate": "0.25 %"},
    "risks": ["carrier feed outages", "price changes"],
}
"""

OVER_BUDGET_BRIEF = brief(
    ("model: gemini-2.5-flash", "model: gpt-4.1"), ("monthly_cost_usd: 1482", "monthly_cost_usd: 6240")
)

DECISION = 'launch_decision = {{"decision": "{decision}", "reason": "{reason}"}}\n'
RIGHT = "launch tracking and the assistant on the model of my brief"
QUOTED = "The prototype's model costs $9,756 a month against a $6,000 budget; flash costs about $1,482."

CORRECT_IN_OTHER_FORMS = [
    Submission("brief_another_defensible_design", {"q3_answer": OTHER_DESIGN}),
    Submission(  # YAML 1.1 reads 1.2e6 as text; the course reads it as Python and YAML 1.2 do
        "brief_numbers_in_e_notation",
        {
            "q3_answer": brief(
                ("requests_per_month: 1200000", "requests_per_month: 1.2e6"), ("baseline: 0.08", "baseline: 8e-2")
            )
        },
    ),
    Submission(
        "q1_pivot_and_numpy",
        {
            "q1_answer": 'wide = traffic.pivot(index="hour_utc", columns="region", values="requests")\n'
            "total = wide.sum(axis=1).to_numpy()\n"
            'traffic_peak = {"peak_rps": total.max() / 3600, "peak_factor": round(total.max() / total.mean(), 2)}\n'
        },
    ),
    Submission(
        "q2_rounded_whole_dollars",
        {"q2_answer": COST.format(tokens=RIGHT_TOKENS, total="round(1_200_000 * per_question)")},
    ),
    Submission(
        "q3_yaml_with_rounded_figures_and_a_spare_server",
        {
            "q3_answer": brief(
                ("servers: 18", "servers: 19"),
                ("storage_tb_year: 6.31", "storage_tb_year: 6.3"),
                ("design_peak_rps: 1500.2", "design_peak_rps: 1500"),
                ("slo: 99.8", 'slo: "99.8 %"'),
            )
        },
    ),
    Submission(
        "q4_reason_quoting_the_briefs_own_cost",
        {
            "q4_answer": DECISION.format(
                decision=RIGHT, reason="Our brief's model answers every question for $1,482 a month."
            )
        },
    ),
    Submission(
        "q2_query_and_a_numpy_scalar",
        {
            "q2_answer": "rows = sheet.query(\"model == 'claude-sonnet-4' and tier == 'standard'\")\n"
            "per_question = (800 * rows.input_usd_per_mtok + 1600 * rows.cached_input_usd_per_mtok\n"
            "                + 350 * rows.output_usd_per_mtok) / 1e6\n"
            "prototype_cost_usd = (per_question * 1.2e6).iloc[0]\n",
            "q4_answer": DECISION.format(decision=RIGHT, reason=QUOTED),
        },
    ),
    Submission(
        "q4_the_option_with_its_model_in_brackets",
        {
            "q4_answer": DECISION.format(
                decision="Launch tracking and the assistant on the model of my brief (gemini-2.5-flash)", reason=QUOTED
            )
        },
    ),
    Submission(
        "q4_upper_case_and_words",
        {
            "q4_answer": DECISION.format(
                decision=RIGHT.upper(), reason="Sonnet would cost 9756 dollars a month, over the budget; ours fits."
            )
        },
    ),
]

MISCONCEPTIONS = [
    # Q1
    Submission(
        "q1_regions_peaks_added",
        {"q1_answer": PEAK.format(peak='traffic.groupby("region")["requests"].max().sum() / 3600')},
        ["q1"],
        "You added each region's busiest hour",
        earns={"q1": 1},
    ),
    Submission(
        "q1_average_hour",
        {"q1_answer": PEAK.format(peak="by_hour.mean() / 3600")},
        ["q1"],
        "That is the average rate over the four weeks",
        earns={"q1": 1},
    ),
    Submission(
        "q1_requests_an_hour",
        {"q1_answer": PEAK.format(peak="by_hour.max()")},
        ["q1"],
        "That is the busiest hour's count of requests",
        earns={"q1": 1},
    ),
    # Q2
    Submission(
        "q2_cache_ignored",
        {
            "q2_answer": COST.format(
                tokens='2400 * row["input_usd_per_mtok"] + 350 * row["output_usd_per_mtok"]',
                total="1_200_000 * per_question",
            )
        },
        ["q2"],
        "You priced the whole prompt at the input price",
    ),
    Submission(
        "q2_cached_tokens_counted_twice",
        {
            "q2_answer": COST.format(
                tokens='2400 * row["input_usd_per_mtok"] + 1600 * row["cached_input_usd_per_mtok"]'
                ' + 350 * row["output_usd_per_mtok"]',
                total="1_200_000 * per_question",
            )
        },
        ["q2"],
        "The cached tokens are part of the prompt",
    ),
    Submission(
        "q2_output_at_input_price",
        {
            "q2_answer": COST.format(
                tokens='800 * row["input_usd_per_mtok"] + 1600 * row["cached_input_usd_per_mtok"] + 350 * row["input_usd_per_mtok"]',
                total="1_200_000 * per_question",
            )
        },
        ["q2"],
        "You priced the output tokens at the input price",
    ),
    Submission(
        "q2_one_question",
        {"q2_answer": COST.format(tokens=RIGHT_TOKENS, total="per_question")},
        ["q2"],
        "That is the cost of one question",
    ),
    # Q3: briefs inconsistent in one section each lose that section's 2 points, and say why
    Submission(
        "q3_slo_above_the_chain",
        {"q3_answer": brief(("slo: 99.8", "slo: 99.95"), ("error_budget_minutes: 86.4", "error_budget_minutes: 21.6"))},
        ["q3"],
        "Your 99.95 % SLO is above the 99.89 % your chain allows",
        earns={"q3": 12},
    ),
    Submission(
        "q3_servers_without_the_utilisation",
        {"q3_answer": brief(("servers: 18", "servers: 13"))},
        ["q3"],
        "Your 13 servers at 70 % utilisation carry 1,092 requests/s, below your design peak of 1,500",
        earns={"q3": 12},
    ),
    Submission(
        "q3_experiment_does_not_fit_the_traffic",
        {"q3_answer": brief(("allocation: 0.1", "allocation: 0.005"))},
        ["q3"],
        "need 14 days in whole weeks",
        earns={"q3": 12},
    ),
    Submission(
        "q3_cost_without_the_cache",
        {"q3_answer": brief(("monthly_cost_usd: 1482", "monthly_cost_usd: 1914"))},
        ["q3"],
        "Your $1,914 a month is not what 1,200,000 questions on gemini-2.5-flash cost",
        earns={"q3": 12},
    ),
    Submission(
        "q3_first_stage_too_short",
        {"q3_answer": brief(("first_stage_hours: 4", "first_stage_hours: 1"))},
        ["q3"],
        "is too short to see a rise of 0.1 % in the error rate",
        earns={"q3": 12},
    ),
    Submission(
        "q3_objective_at_the_history_peak",
        {"q3_answer": brief(("at_rps: 1500.2", "at_rps: 1000"))},
        ["q3"],
        "Your objective holds at 1,000 requests/s, below your design peak of 1,500",
        earns={"q3": 12},
    ),
    Submission(
        "q3_growth_left_out_everywhere",
        {
            "q3_answer": brief(
                ("design_peak_rps: 1500.2", "design_peak_rps: 1000.1"),
                ("servers: 18", "servers: 12"),
                ("at_rps: 1500.2", "at_rps: 1000.1"),
            )
        },
        ["q3"],
        "is the history's busiest hour: the year's growth is not in it",
        earns={"q3": 12},
    ),
    Submission(
        "q3_cache_too_cold",
        {"q3_answer": brief(("objective_ms: 60", "objective_ms: 40"))},
        ["q3"],
        "Your hit ratio of 70 % gives a mean of 52 ms, above your 40 ms objective",
        earns={"q3": 12},
    ),
    Submission(
        "q3_loose_objective_and_a_hit_ratio_out_of_reach",
        {
            "q3_answer": brief(
                ("objective_ms: 60", "objective_ms: 100"), ("cache_hit_ratio: 0.7", "cache_hit_ratio: 0.9")
            )
        },
        ["q3"],
        "Your objective of 100 ms is looser than the 80 ms product asks for",
        earns={"q3": 12},
    ),
    Submission(
        "q3_hot_fleet_and_storage_without_growth",
        {
            "q3_answer": brief(
                ("utilisation_target: 0.7", "utilisation_target: 0.85"),
                ("servers: 18", "servers: 15"),
                ("storage_tb_year: 6.31", "storage_tb_year: 4.2"),
            )
        },
        ["q3"],
        "Your utilisation target of 85 % is above the platform team's ceiling of 70 %",
        earns={"q3": 12},
    ),
    Submission(
        "q3_carrier_feed_left_out_and_the_prototype_model",
        {
            "q3_answer": brief(
                ("    - {component: carrier feed, availability: 99.9}\n", ""),
                ("slo: 99.8", "slo: 99.9"),
                ("error_budget_minutes: 86.4", "error_budget_minutes: 43.2"),
                ("model: gemini-2.5-flash", "model: claude-sonnet-4"),
                ("monthly_cost_usd: 1482", "monthly_cost_usd: 9756"),
            )
        },
        ["q3"],
        "Your chain leaves out the carrier feed",
        earns={"q3": 10},
    ),
    Submission(
        "q3_doubled_vendor_stale_budget_and_half_a_rollout",
        {
            "q3_answer": brief(
                (
                    "{component: carrier feed, availability: 99.9}",
                    "{component: carrier feed, availability: 99.9, replicas: 2}",
                ),
                (
                    "{component: position store, availability: 99.95, replicas: 2}",
                    "{component: position store, availability: 99.99}",
                ),
                ("error_budget_minutes: 86.4", "error_budget_minutes: 43.2"),
                ("stages: [1, 5, 25, 50, 100]", "stages: [1, 5, 25, 50]"),
                ("rollback_error_rate: 0.003", "rollback_error_rate: 0.005"),
            )
        },
        ["q3"],
        "Your chain runs the carrier feed as 2 replicas; there is only one",
        earns={"q3": 10},
    ),
    Submission(
        "q3_rule_of_thumb_sample_size",
        {"q3_answer": brief(("sample_size_per_arm: 12209", "sample_size_per_arm: 11776"))},
        ["q3"],
        "Your 11,776 users per arm is not what module 09's formula gives",
        earns={"q3": 12},
    ),
    Submission(
        "q3_baseline_of_another_metric",
        {
            "q3_answer": brief(
                ("baseline: 0.08", "baseline: 0.1"), ("sample_size_per_arm: 12209", "sample_size_per_arm: 14752")
            )
        },
        ["q3"],
        "Your baseline of 10 % is not today's contact rate in the facts",
        earns={"q3": 12},
    ),
    Submission(
        "q3_undiscounted_totals",
        {
            "q3_answer": brief(
                ("build_present_cost_usd: 389211", "build_present_cost_usd: 420000"),
                ("buy_present_cost_usd: 316093", "buy_present_cost_usd: 380000"),
            )
        },
        ["q3"],
        "Your build present cost of $420,000 is not the quotes discounted at 10 % a year: that is the undiscounted total",
        earns={"q3": 12},
    ),
    Submission(
        "q3_built_the_dearer_option",
        {"q3_answer": brief(("choice: buy", "choice: build"))},
        ["q3"],
        "You chose build at $389,211, above buy's $316,093 in your own numbers",
        earns={"q3": 12},
    ),
    Submission(
        "q3_model_by_its_marketing_name",
        {"q3_answer": brief(("model: gemini-2.5-flash", "model: Gemini Flash"))},
        ["q3"],
        "Your model 'Gemini Flash' has no standard row on the price sheet",
        earns={"q3": 12},
    ),
    Submission(
        "q3_a_test_of_ten_days",
        {"q3_answer": brief(("duration_days: 7", "duration_days: 10"))},
        ["q3"],
        "Your 10 days are not whole weeks",
        earns={"q3": 12},
    ),
    Submission(
        "q3_questions_a_day",
        {
            "q3_answer": brief(
                ("requests_per_month: 1200000", "requests_per_month: 40000"),
                ("monthly_cost_usd: 1482", "monthly_cost_usd: 49.4"),
            )
        },
        ["q3"],
        "Your 40,000 questions a month is not support's forecast",
        earns={"q3": 12},
    ),
    # Q4
    Submission(
        "q4_launched_over_budget",
        {
            "q4_answer": DECISION.format(
                decision="launch tracking and the assistant on the prototype's model", reason=QUOTED
            )
        },
        ["q4"],
        "The prototype's model costs more a month than finance's cap",
        earns={"q4": 1},
    ),
    Submission(
        "q4_held_what_fits",
        {"q4_answer": DECISION.format(decision="launch tracking now and hold the assistant", reason=QUOTED)},
        ["q4"],
        "Holding the assistant gives up the contacts it saves",
        earns={"q4": 1},
    ),
    Submission(  # by the brief's own numbers (gpt-4.1, over the cap) the assistant waits: launching it is wrong
        "q4_launched_a_brief_over_budget",
        {
            "q3_answer": OVER_BUDGET_BRIEF,
            "q4_answer": DECISION.format(decision=RIGHT, reason="gpt-4.1 costs $6,240 a month, so both launch."),
        },
        ["q4", "q3"],
        "Your brief's own ai_assistant section costs more a month than finance's cap",
        earns={"q3": 12, "q4": 1},
    ),
    Submission(  # ... and holding it follows from them: Q3 loses the assistant's section, Q4 nothing
        "q4_held_a_brief_over_budget",
        {
            "q3_answer": OVER_BUDGET_BRIEF,
            "q4_answer": DECISION.format(
                decision="launch tracking now and hold the assistant",
                reason="Even my brief's gpt-4.1 costs $6,240 a month, over the $6,000 budget, so the assistant waits.",
            ),
        },
        ["q3"],
        "above finance's $6,000",
        earns={"q3": 12},
    ),
    Submission(
        "q4_reason_without_a_figure",
        {"q4_answer": DECISION.format(decision=RIGHT, reason="The cheaper model fits the budget and answers well.")},
        ["q4"],
        "quotes none of the figures",
        earns={"q4": 2},
    ),
]

BROKEN = [
    Submission(
        "q3_cell_raises",
        {"q3_answer": "import yaml\ndesign_brief = yaml.safe_load(brief_text)\n"},
        ["q3"],
        "name 'brief_text' is not defined",  # the answer cell's error, not the review cell's below it
    ),
    Submission("q3_syntax_error", {"q3_answer": "design_brief = {'capacity': (1,}\n"}, ["q3"], "raised SyntaxError"),
    Submission(
        "q3_a_list_of_sections", {"q3_answer": 'design_brief = ["capacity", "latency"]\n'}, ["q3"], "should be a dict"
    ),
    Submission(
        "q3_yaml_that_does_not_parse",
        {"q3_answer": 'design_brief = """\ncapacity:\n  servers: [18\nlatency: 1\n"""\n'},
        ["q3"],
        "is not valid YAML",
    ),
    Submission(
        "q3_rollout_left_out_and_a_peak_as_text",
        {
            "q3_answer": brief(
                ("design_peak_rps: 1500.2", 'design_peak_rps: "1,500"'),
                (
                    "rollout:\n  stages: [1, 5, 25, 50, 100]\n  first_stage_hours: 4\n  rise_to_detect: 0.001\n"
                    "  rollback_error_rate: 0.003\n",
                    "",
                ),
            )
        },
        ["q3"],
        "'1,500' is not a number",
        earns={"q3": 10},
    ),
    Submission(
        "q3_check_cell_edited_and_servers_short",
        {"q3": "# q3.check()  later\n", "q3_answer": brief(("servers: 18", "servers: 13"))},
        ["q3"],
        "below your design peak",
        earns={"q3": 12},
    ),
    Submission(
        "q2_words_for_a_number",
        {"q2_answer": 'prototype_cost_usd = "about ten thousand"\n'},
        ["q2"],
        "prototype_cost_usd",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
