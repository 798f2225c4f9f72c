"""Submissions for exercise 05 (see ``submissions.Submission``)."""

import json
from pathlib import Path

import yaml

from tpm_course.core.course_files import between

from submissions import Submission

REPO = Path(__file__).resolve().parents[2]


def _solution_cell(grade_id: str) -> str:
    notebook = json.loads((REPO / "solutions" / "05_specs" / "05_specs.ipynb").read_text())
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    return "".join(cell["source"])


def _solution_namespace(grade_id: str) -> dict:
    """The values the solution region of an answer cell defines."""
    namespace: dict = {}
    exec(between(_solution_cell(grade_id), "### BEGIN SOLUTION", "### END SOLUTION"), namespace)
    return namespace


_NAMES = {
    "q1_answer": "ears_rewrites",
    "q2_answer": "acceptance_criteria",
    "q3_answer": "nfrs",
    "q4_answer": "spec_yaml",
    "q5_answer": "announcement",
}


def _assign(grade_id: str, value) -> str:
    return f"{_NAMES[grade_id]} = {value!r}\n"


def changed(grade_id: str, **items) -> str:
    """The solution's dict answer with some items replaced."""
    answer = dict(_solution_namespace(grade_id)[_NAMES[grade_id]])
    answer.update(items)
    return _assign(grade_id, answer)


SPEC = yaml.safe_load(_solution_namespace("q4_answer")["spec_yaml"])


def spec_with(change) -> str:
    """The solution's spec, changed by ``change(spec)``, written back as YAML text."""
    spec = json.loads(json.dumps(SPEC))
    change(spec)
    return f"spec_yaml = {yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)!r}\n"


def _drop_non_goals(spec):
    del spec["scope"]["non_goals"]


def _empty_non_goals(spec):
    spec["scope"]["non_goals"] = []


def _risk_without_dependency(spec):
    spec["risks"] = [r for r in spec["risks"] if r.get("dependency") != "DEP-2"]


def _untested_nfr(spec):
    spec["acceptance_criteria"] = [c for c in spec["acceptance_criteria"] if c["verifies"] != ["NFR-1"]]


def _bound_not_tested(spec):
    for criterion in spec["acceptance_criteria"]:
        if criterion["verifies"] == ["NFR-1"]:
            criterion["gherkin"] = criterion["gherkin"].replace("is at most 2 s", "is at most 3 s")


def _measured_then_and_full_share(spec):
    """An NFR-3 worded with "100 % of", and an NFR-1 criterion whose Then restates the bound as a measurement."""
    for requirement in spec["non_functional_requirements"]:
        if requirement["id"] == "NFR-3":
            requirement["text"] = (
                "The time from the deactivation of a user in the identity provider to the end of "
                "the user's Tallyboard sessions shall be at most 15 minutes for 100 % of "
                "deactivations, in batches of up to 500 deactivations."
            )
    for criterion in spec["acceptance_criteria"]:
        if criterion["verifies"] == ["NFR-1"]:
            criterion["gherkin"] += "    And the 95th percentile SSO sign-in time is at most 2 s\n"


def _scim_in_scope(spec):
    """SCIM provisioning promised in scope while the non-goals keep it out."""
    spec["scope"]["in_scope"].append("SCIM provisioning of users and groups by 30 June")


def _clock_time_then(spec):
    """The leaver criterion written with clock times: deactivated at 09:02, checked at 09:17."""
    for criterion in spec["acceptance_criteria"]:
        if criterion["verifies"] == ["NFR-3"]:
            criterion["gherkin"] = criterion["gherkin"].replace(
                "Then within 15 minutes the session count of the 500 users is 0",
                "Then at 09:17 none of the 500 users can open a board, after a 09:02 deactivation",
            )


def _plan_in_other_words(spec):
    """The plan said another way: the session checks in scope, SCIM a non-goal and a rollout step on 28 July."""
    spec["scope"]["in_scope"][3] = "Session checks every 15 minutes that end the sessions of deactivated employees"
    spec["scope"]["non_goals"][0] = "SCIM deprovisioning and provisioning, ready 28 July at the earliest"
    spec["rollout"][0] = "30 June: SSO with session checks, without SCIM, for Northwind's pilot group of 200 employees"
    spec["rollout"].insert(2, {"28 July": "SCIM deprovisioning replaces the session checks"})


def _scim_on_30_june(spec):
    """A blind tester's spec: SCIM deprovisioning in scope and in the 30 June step, the session checks a non-goal."""
    spec["scope"]["in_scope"][3] = "SCIM deprovisioning: leavers lose access within 15 minutes"
    spec["scope"]["non_goals"].append("Session checks against the identity provider every 15 minutes")
    spec["rollout"][0] = "30 June: SSO with SCIM deprovisioning for Northwind's pilot group of 200 employees"


def _smelly_requirement(spec):
    spec["functional_requirements"][0]["text"] = "The system should let users log in easily with SSO."


_FIRST_SIGN_IN_SINGLE_SIGN_ON = """Scenario: First sign-in creates the member account
  Given single sign-on is configured for the workspace "northwind"
  And "li.wei@northwind.example" has no Tallyboard account
  When Li Wei signs in with single sign-on for the first time
  Then the home page of the workspace "northwind" is shown
  And the member list of "northwind" contains "li.wei@northwind.example"
"""

CORRECT_IN_OTHER_FORMS = [
    Submission(  # the contract's 99.9 % as the share that fails, a thousands space, a sentence that starts "Every"
        "nfrs_in_a_class_s_word_order",
        {
            "q3_answer": changed(
                "q3_answer",
                availability="At most 0.1 % of SSO sign-in attempts shall fail per calendar month.",
                sign_in_time="The 95th percentile SSO sign-in time shall be < 2 s at 1 800 sign-ins per minute.",
                deprovisioning="Every leaver shall lose access to Tallyboard at most 15 minutes after Northwind IT "
                "deactivates the account, for batches of up to 500 accounts.",
            )
        },
    ),
    Submission(  # the story's own words: "single sign-on" for the provider, an error the provider returns
        "single_sign_on_in_words",
        {
            "q1_answer": changed(
                "q1_answer",
                R2="If the customer's identity provider returns an error, then the sign-in service shall display an "
                "error page that names the identity provider and offers a retry.",
            ),
            "q2_answer": changed("q2_answer", first_sign_in=_FIRST_SIGN_IN_SINGLE_SIGN_ON),
            "q5_answer": changed(  # the impact as the delay it is
                "q5_answer",
                to_engineering="Tomás, we will ship SAML SSO with 15-minute session checks on 30 June. SCIM waits "
                "5 more weeks, until 28 July. 4,000 seats checked every 15 minutes make 267 requests per minute, under "
                "the identity provider's limit of 600. Please confirm by Friday that the session checks fit in the "
                "week after SAML is ready on 23 June.",
            ),
        },
    ),
    Submission(
        "other_wordings",
        {
            "q1_answer": changed(
                "q1_answer",
                R1="While SSO is configured for a workspace, when a member selects the SSO button, the sign-in service "
                "shall send the member to the workspace's SAML identity provider.",
                R2="If the identity provider answers a sign-in request after 8,000 ms, the sign-in service shall show "
                "an error page with the workspace administrator's email address.",
            ),
            "q3_answer": changed(
                "q3_answer",
                sign_in_time="SSO sign-in shall complete within 2 seconds for 95 % of sign-ins at 1,800 sign-ins "
                "per minute.",
                availability="99.9 percent of SSO sign-in attempts shall succeed, measured over each calendar month.",
                deprovisioning="The p100 time from deactivation in the identity provider to the end of each session "
                "shall be at most 15 minutes for a batch of 500 deactivations.",
            ),
            "q5_answer": changed(
                "q5_answer",
                decision="Ship SSO with 15-minute session checks on 30 June",
                to_engineering="Hi Tomás,\n\nwe will ship SSO with session checks every 15 minutes on 30 June; SCIM "
                "moves to Q3. That keeps leavers out within 15 minutes at 267 requests per minute, "
                "well under Northwind's limit of 600. Please confirm the plan by Friday 6 June.",
            ),
        },
    ),
    Submission(
        "tester_wordings",
        {  # probes of an outside tester (IT as a department, 1.8k/min, fenced Gherkin)
            "q1_answer": changed(
                "q1_answer",
                R1="When an enterprise user chooses single sign-on, Tallyboard shall sign the user in with the user's "
                "company account.",
                R2="If the customer's identity provider is unavailable during a sign-in, then Tallyboard shall show an "
                "error page that names the identity provider and gives the IT support contact.",
            ),
            "q2_answer": changed(
                "q2_answer",
                first_sign_in="```gherkin\nScenario: First SSO sign-in creates the account\n"
                "  Given Ana Silva has a Northwind account in the identity provider and no Tallyboard account\n"
                "  When Ana signs in with her Northwind account\n"
                "  Then Tallyboard shows Ana's home dashboard\n"
                "  And the admin user list contains one account with Ana's Northwind email address\n```\n",
            ),
            "q3_answer": changed(
                "q3_answer",
                sign_in_time="SSO sign-in time p95 <= 2000 ms at 1.8k sign-ins/min",
                availability="SSO sign-in availability >= 99.9% of attempts, measured monthly",
                deprovisioning="Access revocation time for deactivated users: p100 <= 15 minutes at 500 deactivations "
                "per batch",
            ),
            "q4_answer": spec_with(_measured_then_and_full_share),
            "q5_answer": changed(
                "q5_answer",
                decision="Ship SSO with 15-minute session checks on 30 June.",
                to_engineering="We ship SSO with 15-minute session checks on 30 June, and SCIM deprovisioning moves to "
                "28 July. This adds one week to the SAML work: checks for about 4,000 sessions every 15 "
                "minutes are roughly 270 requests per minute against the limit of 600, and sign-in must "
                "hold p95 at most 2 s at 1,800 sign-ins per minute. Please confirm by Friday 12 June.",
            ),
        },
    ),
    Submission(
        "feature_background_and_a_dict_spec",
        {
            "q2_answer": changed(
                "q2_answer",
                leaver="Feature: Leavers lose access\n"
                "  Background:\n"
                '    Given the workspace "northwind" has SSO enforced\n\n'
                "  Scenario: One leaver\n"
                '    Given "sam.ortiz@northwind.example" is signed in\n'
                "    When IT deactivates Sam Ortiz in the identity provider\n"
                "    Then after at most 15 minutes his next request returns HTTP 401\n"
                '    But the request of "li.wei@northwind.example" returns HTTP 200\n',
            ),
            "q4_answer": "import yaml\nspec_yaml = yaml.safe_load(r'''\n"
            + yaml.safe_dump(SPEC, sort_keys=False)
            + "''')\nreview_spec(spec_yaml)\n",
        },
    ),
    Submission(
        "probe_wordings",
        {  # an outside instructor's probe: the maximum in words, a plan in other words, clock times in a Then
            "q3_answer": changed(
                "q3_answer",
                deprovisioning="Deprovisioning time from deactivation to lost access shall be at most 15 minutes "
                "for every leaver (maximum) at batches of 500 accounts.",
            ),
            "q4_answer": spec_with(_clock_time_then),
            "q5_answer": changed("q5_answer", decision="SSO with 15-minute session checks, 30 June"),
        },
    ),
    Submission(
        "brief_numbers_in_other_notations",
        {  # the brief's numbers written other ways, and the plan in other words (a blind tester's probe)
            "q3_answer": changed(
                "q3_answer",
                availability="SSO sign-in availability shall be at least 0.999 (three nines) over each calendar month.",
                deprovisioning="The maximum time from the deactivation of a user in the identity provider to the end "
                "of each session of the user shall be 0.25 hours for batches of up to 500 accounts.",
            ),
            "q4_answer": spec_with(_plan_in_other_words),
        },
    ),
    Submission(
        "availability_as_an_error_rate",
        {
            "q3_answer": changed(
                "q3_answer",
                availability="The error rate of SSO sign-in attempts shall be at most 0.1 % per calendar month.",
            ),
        },
    ),
    Submission(
        "each_leaver_in_the_worst_case",
        {
            "q3_answer": changed(
                "q3_answer",
                deprovisioning="Deprovisioning time shall be at most 15 minutes for each leaver, in the worst case, "
                "at batches of 500 accounts.",
            ),
        },
    ),
]

MISCONCEPTIONS = [
    Submission(
        "q1_names_the_solution",
        {
            "q1_answer": changed(
                "q1_answer",
                R3="While SSO enforcement is switched on for a workspace, the sign-in service shall read the "
                "LaunchDarkly flag sso_only and refuse password sign-ins to the workspace.",
            )
        },
        ["q1"],
        "names a solution",
    ),
    Submission(
        "q1_kept_gracefully",
        {
            "q1_answer": changed(
                "q1_answer",
                R2="If the identity provider of a workspace is down, then the sign-in service shall fail "
                "gracefully with an error page.",
            )
        },
        ["q1"],
        "keeps a vague word",
    ),
    Submission(
        "q1_user_as_subject",
        {
            "q1_answer": changed(
                "q1_answer",
                R1="When SSO is configured for the workspace, the member shall sign in through the identity provider.",
            )
        },
        ["q1"],
        "makes a person responsible",
    ),
    Submission(
        "q1_event_for_a_failure",
        {
            "q1_answer": changed(
                "q1_answer",
                R2="When the identity provider takes longer than 10 seconds to answer, the sign-in service "
                'shall show the page "Your company sign-in is not responding".',
            )
        },
        ["q1"],
        "One rewrite uses the wrong one",
    ),
    Submission(
        "q2_restates_the_story",
        {
            "q2_answer": changed(
                "q2_answer",
                leaver="Scenario: Leaver\n  Given Sam Ortiz leaves Northwind\n"
                "  When IT deactivates him\n"
                "  Then the employee loses access to Tallyboard within 15 minutes\n",
            )
        },
        ["q2"],
        "restates the requirement",
    ),
    Submission(
        "q2_works",
        {
            "q2_answer": changed(
                "q2_answer",
                first_sign_in="Scenario: SSO\n  Given a Northwind employee with an account in the identity "
                "provider\n  When she signs in with SSO\n  Then SSO works\n",
            )
        },
        ["q2"],
        "restates the requirement",
    ),
    Submission(
        "q2_quickly",
        {
            "q2_answer": changed(
                "q2_answer",
                leaver="Scenario: Leaver\n  Given Sam Ortiz is signed in\n"
                "  When IT deactivates him in the identity provider\n"
                "  Then his sessions are ended quickly\n",
            )
        },
        ["q2"],
        "cannot pass or fail",
    ),
    Submission(
        "q2_no_given",
        {
            "q2_answer": changed(
                "q2_answer",
                first_sign_in="Scenario: First sign-in\n  When Li Wei signs in with SSO for the first time\n"
                '  Then the home page of the workspace "northwind" is shown\n'
                "  And her member account exists\n",
            )
        },
        ["q2"],
        "does not say the state it starts from",
    ),
    Submission(
        "q3_average",
        {
            "q3_answer": changed(
                "q3_answer", sign_in_time="The average SSO sign-in time shall be at most 2 s at 30 sign-ins per second."
            )
        },
        ["q3"],
        "quantified as an average",
    ),
    Submission(
        "q3_average_load",
        {
            "q3_answer": changed(
                "q3_answer", sign_in_time="The p95 SSO sign-in time shall be at most 2 s at 150 sign-ins per minute."
            )
        },
        ["q3"],
        "the weekday average, or another smaller figure",
    ),
    Submission(
        "q3_always",
        {
            "q3_answer": changed(
                "q3_answer", availability="SSO sign-in shall be available 100 % of the time over each calendar month."
            )
        },
        ["q3"],
        "no system keeps",
    ),
    Submission(
        "q3_no_load",
        {"q3_answer": changed("q3_answer", sign_in_time="The p95 SSO sign-in time shall be at most 2 s.")},
        ["q3"],
        "Say the load",
    ),
    # Q4 costs 1 point per section with a problem: each of these flags one section and earns 3 of 4.
    Submission("q4_no_non_goals", {"q4_answer": spec_with(_drop_non_goals)}, ["q4"], "has no non-goals", {"q4": 3}),
    Submission(
        "q4_empty_non_goals", {"q4_answer": spec_with(_empty_non_goals)}, ["q4"], "invites scope creep", {"q4": 3}
    ),
    Submission(
        "q4_dependency_without_risk",
        {"q4_answer": spec_with(_risk_without_dependency)},
        ["q4"],
        "A dependency has no risk entry",
        {"q4": 3},
    ),
    Submission(
        "q4_nfr_untested", {"q4_answer": spec_with(_untested_nfr)}, ["q4"], "An NFR has no acceptance", {"q4": 3}
    ),
    Submission(
        "q4_bound_not_tested", {"q4_answer": spec_with(_bound_not_tested)}, ["q4"], "never test its bound", {"q4": 3}
    ),
    Submission(
        "q4_scim_in_scope_and_a_non_goal",
        {"q4_answer": spec_with(_scim_in_scope)},
        ["q4"],
        "both in scope and a non-goal",
        {"q4": 3},
    ),
    Submission(
        "q4_smelly_requirement",
        {"q4_answer": spec_with(_smelly_requirement)},
        ["q4"],
        "1 of 8 sections have a problem",
        {"q4": 3},
    ),
    Submission(
        "q3_leavers_at_a_request_rate",
        {
            "q3_answer": changed(
                "q3_answer",
                deprovisioning="Deprovisioning time shall be at most 15 minutes for every leaver at 600 requests "
                "per minute.",
            )
        },
        ["q3"],
        "that batch is the load",
        {"q3": 2},
    ),
    Submission(
        "q3_rolling_30_days",
        {
            "q3_answer": changed(
                "q3_answer",
                availability="SSO sign-in availability shall be at least 99.9 % of sign-in attempts succeeding "
                "over a rolling 30 days.",
            )
        },
        ["q3"],
        "measured over a rolling window",
        {"q3": 2},
    ),
    Submission(  # a blind tester's answer: more than the contract promises, Northwind's head count as its batch
        "q3_stricter_than_the_brief",
        {
            "q3_answer": changed(
                "q3_answer",
                availability="The share of SSO sign-in attempts that succeed shall be at least 99.99 % per calendar "
                "month.",
                deprovisioning="The maximum time from the deactivation of a user in the identity provider to the end "
                "of each Tallyboard session of the user shall be 15 minutes for batches of up to 4,000 accounts.",
            )
        },
        ["q3"],
        "the Enterprise contract says 99.9 %",
        {"q3": 1},
    ),
    Submission(
        "q3_looser_than_the_brief",
        {
            "q3_answer": changed(
                "q3_answer",
                availability="The share of SSO sign-in attempts that succeed shall be at least 99.5 % over each "
                "calendar month.",
            )
        },
        ["q3"],
        "is looser than the brief's: the Enterprise contract says 99.9 %",
        {"q3": 2},
    ),
    Submission(  # a blind tester's spec: 2 sections flagged, 2 of 4
        "q4_scim_on_30_june",
        {"q4_answer": spec_with(_scim_on_30_june)},
        ["q4"],
        "the Identity team's plan has SCIM deprovisioning ready on 28 July",
        {"q4": 2},
    ),
    Submission(
        "q2_one_story_of_two",
        {
            "q2_answer": changed(
                "q2_answer",
                leaver="Scenario: Leaver\n  Given Sam Ortiz is signed in\n"
                "  When IT deactivates him in the identity provider\n"
                "  Then his sessions end soon\n",
            )
        },
        ["q2"],
        "1 of 2 stories right",
        {"q2": 1.5},
    ),
    Submission(
        "q5_no_deprovisioning",
        {"q5_answer": changed("q5_answer", decision="ship SSO without deprovisioning on 30 June")},
        ["q5"],
        "fails Northwind's security questionnaire",
    ),
    Submission(
        "q5_wait_for_scim",
        {"q5_answer": changed("q5_answer", decision="ship SSO with SCIM deprovisioning on 28 July")},
        ["q5"],
        "after Northwind's 15 July signing date",
    ),
    Submission(
        "q5_decision_buried",
        {
            "q5_answer": changed(
                "q5_answer",
                to_executive="Some context first: Northwind asked for single sign-on and their security team "
                "wants leavers out within 15 minutes. After looking at the options with the team, "
                "we will launch on 30 June with checks every 15 minutes, so the deal is not "
                "blocked. Please confirm by 6 June.",
            )
        },
        ["q5"],
        "buried under the background",
    ),
    Submission(
        "q5_jargon_for_the_ceo",
        {
            "q5_answer": changed(
                "q5_answer",
                to_executive="We will ship SAML SSO for Northwind on 30 June with IdP session re-validation "
                "every 15 minutes, at a p95 of 2 s, so the deal is not blocked. Please confirm "
                "by 6 June.",
            )
        },
        ["q5"],
        "written for an engineer",
    ),
    Submission(
        "q3_yesterdays_password_percentile",
        {
            "q3_answer": changed(
                "q3_answer",
                sign_in_time="The SSO sign-in time shall be at most 1.9 s at the 99th percentile at 1,800 "
                "sign-ins per minute.",
            )
        },
        ["q3"],
        "engineering commits to the p95",
    ),
    Submission(
        "q3_median",
        {
            "q3_answer": changed(
                "q3_answer",
                sign_in_time="The SSO sign-in time shall be at most 2 s at the 50th percentile at 1,800 "
                "sign-ins per minute.",
            )
        },
        ["q3"],
        "it bounds the p50",
    ),
    Submission(
        "q3_availability_per_year",
        {"q3_answer": changed("q3_answer", availability="The SSO service shall have 99.9 % uptime per year.")},
        ["q3"],
        "measured per year",
    ),
    Submission(
        "q3_leavers_at_p99",
        {
            "q3_answer": changed(
                "q3_answer",
                deprovisioning="Deprovisioning time shall be at most 15 minutes at the 99th percentile for "
                "batches of 500 deactivated accounts.",
            )
        },
        ["q3"],
        "bound the maximum",
    ),
    Submission(
        "q5_ask_without_a_date",
        {
            "q5_answer": changed(
                "q5_answer",
                to_executive="We will launch single sign-on for Northwind on 30 June, in time for their "
                "15 July signing. A leaver loses access within 15 minutes; automatic account "
                "removal follows on 28 July. Please approve the plan.",
            )
        },
        ["q5"],
        "has no date",
    ),
    Submission(
        "q5_no_ask",
        {
            "q5_answer": changed(
                "q5_answer",
                to_engineering="We will ship SAML SSO with 15-minute session checks on 30 June. That means "
                "267 requests per minute against the limit of 600, and SCIM moves to Q3.",
            )
        },
        ["q5"],
        "asks for nothing",
    ),
]

BROKEN = [
    Submission(
        "q1_a_list",
        {"q1_answer": 'ears_rewrites = ["When a member signs in, the service shall redirect."]\n'},
        ["q1"],
        "should be a dict with the keys",
    ),
    Submission(
        "q2_not_gherkin",
        {
            "q2_answer": changed(
                "q2_answer", leaver="Scenario: Leaver\n  Given Sam is signed in\n  Whenever IT deactivates him\n"
            )
        },
        ["q2"],
        "Gherkin does not parse",
    ),
    Submission("q3_a_number", {"q3_answer": changed("q3_answer", sign_in_time=2)}, ["q3"], "should be text", {"q3": 2}),
    Submission(
        "q1_one_list_one_unfinished",
        {
            "q1_answer": changed(
                "q1_answer", R1=["When a member selects SSO, the sign-in service shall redirect."], R3=None
            )
        },
        ["q1"],
        "is a list: it should be text",
        {"q1": 1},
    ),
    Submission(
        "q4_invalid_yaml",
        {"q4_answer": 'spec_yaml = "title: SSO\\nscope:\\n  in_scope: [SSO\\n  non_goals: x"\n'},
        ["q4"],
        "the YAML does not parse",
    ),
    Submission(
        "q4_a_list",
        {"q4_answer": "spec_yaml = ['problem', 'goal']\n"},
        ["q4"],
        "it should be a text (a string) or dict",
    ),
    Submission(
        "q5_not_an_option",
        {"q5_answer": changed("q5_answer", decision="ship it")},
        ["q5"],
        "names none of the three plans",
    ),
]

ALL = CORRECT_IN_OTHER_FORMS + MISCONCEPTIONS + BROKEN
