"""Does the orientation module sort, ask, route and reply as its notebooks say, by hand-worked values and networkx?"""

import os

import networkx as nx
import pytest

from tpm_course.core import CheckFailed
from tpm_course.core.misconception import MissingInput
from tpm_course.core.outcome import Status
from tpm_course.manifest import load
from tpm_course.topics.orientation import asks, course_map, exercise, lesson, questions, statements, widgets

from conftest import REPO

SMALL = [
    {"stem": "10_intro", "minutes": [30, 30], "prerequisites": []},
    {"stem": "20_data", "minutes": [45, 15], "prerequisites": ["10_intro"]},
    {"stem": "30_sql", "minutes": [30, 30], "prerequisites": ["10_intro"]},
    {"stem": "40_report", "minutes": [20, 40], "prerequisites": ["20_data", "30_sql"]},
    {"stem": "50_side", "minutes": [60, 60], "prerequisites": []},
]


def test_a_route_follows_prerequisites_back_and_counts_both_notebooks_in_hours():
    """Hand-worked: 40_report needs 20_data and 30_sql, which need 10_intro: 4 × 60 minutes = 4 hours."""
    assert course_map.route(SMALL, "40_report") == {
        "modules": ["10_intro", "20_data", "30_sql", "40_report"],
        "hours": pytest.approx(4.0),
    }
    assert course_map.route(SMALL, "50_side") == {"modules": ["50_side"], "hours": pytest.approx(2.0)}


def test_each_slip_gives_another_route_on_the_graded_maps():
    """Every switch a misconception uses changes the answer somewhere, so its message can be reached."""
    right = course_map.route(SMALL, "40_report")
    for slip in ({"transitive": False}, {"include_target": False}, {"exercise": False}, {"in_hours": False}):
        assert course_map.route(SMALL, "40_report", **slip) != right, slip


def test_the_route_agrees_with_networkx_on_the_course_manifest():
    """For every module of course.toml: the route is its ancestors and itself, in the manifest's order."""
    modules = course_map.course_modules(REPO)
    graph = nx.DiGraph([(p, m["stem"]) for m in modules for p in m["prerequisites"]])
    graph.add_nodes_from(m["stem"] for m in modules)
    order = [m["stem"] for m in modules]
    for module in modules:
        stems = course_map.route(modules, module["stem"])["modules"]
        assert set(stems) == nx.ancestors(graph, module["stem"]) | {module["stem"]}
        assert stems == sorted(stems, key=order.index) and stems[-1] == module["stem"]


def test_course_modules_is_the_manifest_as_plain_dicts():
    manifest = load(REPO)
    modules = course_map.course_modules(REPO)
    assert [m["stem"] for m in modules] == [m.stem for m in manifest.modules]
    assert next(m for m in modules if m["stem"] == "00_orientation")["status"] == "ready"
    assert all(len(m["minutes"]) == 2 for m in modules)


def test_the_manifest_is_found_from_a_folder_outside_the_course(tmp_path, monkeypatch):
    """A notebook graded in a temporary copy of the course still reads the manifest of the clone it runs from."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TPM_COURSE_ROOT", raising=False)
    assert (course_map.manifest_folder() / "course.toml").is_file()


def test_weeks_round_up_and_survive_floating_point():
    assert course_map.weeks(5.4, 3) == 2
    assert course_map.weeks(6.0, 3) == 2  # not 3 from 6.000000001
    assert course_map.weeks(0.1 + 0.2, 0.3) == 1


def test_the_coverage_rule_reads_question_topic_and_design():
    found = asks.coverage(
        {
            "scale": "How many texts a day?",
            "latency": "Texts go out in real time.",
            "data": "Should we read the dispatch events from Kafka?",
            "security": "Who can see the phone numbers?",
            "cost": "How much?",
        }
    )
    assert {d: f.covered for d, f in found.items()} == {
        "scale": True,
        "latency": False,
        "data": False,
        "security": True,
        "cost": False,
        "deadline": False,
    }
    assert not found["latency"].is_question and found["data"].technology == "kafka"
    assert not found["cost"].asked and not found["deadline"].asked
    assert not asks.finding("cost", "Who can see the stock counts, really?").on_topic


def test_a_word_is_matched_at_its_start_not_inside_another():
    """'cdn' inside 'McDonald's' is not a design; '$' counts anywhere."""
    assert asks.finding("data", "Which stores near McDonald's sell it?").technology is None
    assert asks.finding("cost", "Is it under $5k a month?").on_topic


def test_labels_name_every_confusion_and_earn_a_share_each():
    """Two of four statements wrong: half the points, and both confusions named."""
    key = {"A1": "goal", "A2": "solution", "A3": "constraint", "A4": "assumption"}
    answer = {**dict.fromkeys(exercise.BRIEF_IDS, "goal"), "A2": "requirement", "A4": "assumption"}
    outcome = exercise.q2.check_key({"brief_labels": answer}, key, deadlines=["A3"])
    assert outcome.status is Status.PARTIAL and outcome.earned == pytest.approx(1.5)
    assert "prescribes a design" in outcome.text() and "is a deadline" in outcome.text()
    assert "nobody has checked" not in outcome.text()


def test_a_right_brief_is_correct_and_a_deadline_is_offered_by_every_hidden_test():
    key = {sid: "risk" for sid in exercise.BRIEF_IDS}
    outcome = exercise.q2.check_key({"brief_labels": dict(key)}, key, deadlines=[])
    assert outcome.status is Status.CORRECT
    with pytest.raises(MissingInput):
        exercise.q2.check_key({"brief_labels": dict.fromkeys(key, "goal")}, key)


@pytest.mark.parametrize("count,weeks_left,reply", [(0, 3, "commit"), (2, 3, "commit with conditions"),
                                                    (3, 3, "commit with conditions"), (4, 3, "do not commit yet")])  # fmt: skip
def test_dana_s_rule(count, weeks_left, reply):
    assert questions.reply_for(count, weeks_left) == reply


def test_the_reply_is_read_against_the_learner_s_own_labels():
    """A learner who labelled four assumptions is right to decline; the key's two would say commit with conditions."""
    key = {sid: "requirement" for sid in exercise.BRIEF_IDS} | {"A4": "assumption", "A10": "assumption"}
    own = key | {"A7": "assumption", "A12": "assumption"}
    reply = {
        "reply": "do not commit yet",
        "assumptions_to_verify": ["A4", "A7", "A10", "A12"],
        "risks_to_raise": [],
        "reason": "Four assumptions are open, 4 checks do not fit in 3 weeks.",
    }
    outcome = exercise.q6.check_key({"reply": reply, "brief_labels": own}, {}, key_labels=key, weeks_left=3)
    assert outcome.status is Status.CORRECT
    outcome = exercise.q6.check_key({"reply": reply}, {}, key_labels=key, weeks_left=3)  # no labels: the key's
    assert outcome.status is Status.PARTIAL


def test_the_explorer_lays_the_route_out_in_weeks():
    rows = widgets.route_weeks(SMALL, "40_report", 2)
    assert sum(r["weeks"] for r in rows) == pytest.approx(4.0 / 2)
    assert rows[-1]["start"] + rows[-1]["weeks"] == pytest.approx(2.0)
    figure = widgets.route_figure(SMALL, "40_report", 2)
    assert len(figure.data) == 2 and "2 week(s)" in figure.layout.title.text


def test_the_lesson_brief_has_every_kind():
    assert set(statements.lesson_labels().values()) == set(statements.KINDS)


@pytest.mark.parametrize("name", ["s1", "s2", "s3"])
def test_lesson_self_checks_accept_their_worked_solution_and_name_a_known_slip(name, capsys, monkeypatch):
    """The lesson's solution passes its self-check; the first declared misconception fails with its message."""
    monkeypatch.chdir(os.fspath(REPO / "lessons"))
    question = getattr(lesson, name)
    namespace = {name: question, "route": course_map.route, "modules": course_map.course_modules()}
    exec(question._solution, namespace)
    exec(f"{name}.check()", namespace)
    slip = question.misconceptions[0]
    namespace[question.name] = slip.predict(question.expected)
    with pytest.raises(CheckFailed):
        exec(f"{name}.check()", namespace)
    assert slip.message in capsys.readouterr().out


def test_a_wrong_reply_says_which_labels_it_was_read_against():
    key = {sid: "requirement" for sid in exercise.BRIEF_IDS} | {"A4": "assumption", "A7": "risk"}
    reply = {
        "reply": "commit",
        "assumptions_to_verify": [],
        "risks_to_raise": ["A7"],
        "reason": "Nothing to check, go.",
    }
    own = exercise.q6.check_key({"reply": reply, "brief_labels": key}, {}, key_labels=key, weeks_left=3).text()
    assert "against your `brief_labels` of Q2: 1 assumption(s), 1 risk(s)" in own
    assert "You committed although" in own
    fallback = exercise.q6.check_key({"reply": reply, "brief_labels": {"A1": ...}}, {}, key_labels=key, weeks_left=3)
    assert "against the answer key's labels" in fallback.text()
    partial = exercise.q6.check_key({"reply": reply, "brief_labels": {"A1": "goal"}}, {}, key_labels=key, weeks_left=3)
    assert "A2, A3" in partial.text() and "had no kind there, so either list may hold it" in partial.text()


TANGLE = [
    {"stem": "setup", "minutes": [20, 10], "prerequisites": []},
    {"stem": "basics", "minutes": [30, 30], "prerequisites": ["setup"]},
    {"stem": "tools", "minutes": [25, 35], "prerequisites": []},
    {"stem": "project", "minutes": [45, 50], "prerequisites": ["tools", "basics"]},
]


def test_on_a_tangled_map_the_course_order_is_neither_by_name_nor_topological_nor_depth_first():
    """The hidden map separates the course's order from sorted(), networkx's topological sort and a recursion."""
    right = course_map.route(TANGLE, "project")["modules"]
    assert right == ["setup", "basics", "tools", "project"]
    graph = course_map._graph(TANGLE)
    assert right != sorted(right)
    assert right != list(nx.topological_sort(graph.subgraph(right)))
    assert right != course_map.route(TANGLE, "project", order="repeats")["modules"]
    assert course_map.route(SMALL, "40_report", order="repeats")["modules"].count("10_intro") == 2
    assert course_map.route(SMALL, "20_data", whole_hours=True)["hours"] == 2  # 120 minutes: the slip hides
    assert course_map.route(TANGLE, "project", whole_hours=True)["hours"] == 4  # 245 minutes: it shows


def test_a_labelled_brief_names_each_confusion_with_the_ids_it_concerns():
    key = {sid: "solution" for sid in exercise.BRIEF_IDS}
    key |= {
        "A1": "goal",
        "A6": "constraint",
        "A8": "constraint",
        "A9": "requirement",
        "A12": "risk",
        "A3": "constraint",
    }
    wrong = key | {"A1": "requirement", "A6": "assumption", "A8": "goal", "A9": "goal", "A12": "constraint"}
    text = exercise.q2.check_key({"brief_labels": wrong}, key, deadlines=["A3"]).text()
    for sid, opening in [("A1", "names a business result"), ("A6", "has a source that fixes it"),
                         ("A8", "is a limit the work must fit"), ("A9", "says what the product does"),
                         ("A12", "is an event that may happen")]:  # fmt: skip
        assert f"{sid}: A statement you labelled" in text and opening in text, sid
    assert "Read each of those statements" not in text


def test_a_statement_left_out_unfinished_or_none_loses_its_own_part_and_ids_match_in_any_case():
    key = {sid: "risk" for sid in exercise.BRIEF_IDS}
    answer = {sid.lower(): "Risk." for sid in exercise.BRIEF_IDS[:9]} | {"A10": None, "A11": ...}
    outcome = exercise.q2.check_key({"brief_labels": answer}, key, deadlines=[])
    assert outcome.status is Status.PARTIAL and outcome.earned == pytest.approx(2.25)
    text = outcome.text()
    assert "The answer has no label for A12" in text and "is a required property" not in text
    assert "`brief_labels['A10']` is None" in text and "`brief_labels['A11']` is not finished" in text


def test_one_question_pasted_into_every_slot_counts_once():
    question = "How many shoppers, how fresh, which data source, who can access it, what budget, and by when?"
    outcome = exercise.q4.check_key({"asks": dict.fromkeys(asks.DIMENSIONS, question)})
    assert outcome.earned == pytest.approx(0.5) and "is the question of `asks['scale']` again" in outcome.text()


def test_a_reply_s_reason_quotes_a_count_not_a_date_and_its_fields_lose_their_own_parts():
    key = {sid: "requirement" for sid in exercise.BRIEF_IDS} | {"A4": "assumption", "A10": "assumption"}
    reply = {"reply": "Commit with conditions.", "assumptions_to_verify": ["a10", "a4"], "risks_to_raise": []}

    def check(**fields):
        return exercise.q6.check_key({"reply": reply | fields, "brief_labels": key}, {}, key_labels=key, weeks_left=3)

    assert check(reason="Yes, live by 2 November, if the scanners hold.").earned == pytest.approx(2)
    assert check(reason="Two checks fit before the go/no-go.").status is Status.CORRECT
    missing = check(assumptions_to_verify="A4, A10", reason=...)
    assert missing.earned == pytest.approx(1.5)
    assert "not a list" in missing.text() and "`reply['reason']` is not finished" in missing.text()
    none_open = {sid: "requirement" for sid in exercise.BRIEF_IDS}
    for reason in ("There are 0 open assumptions.", "No assumptions are open, so nothing is left to check."):
        answer = {"reply": "commit", "assumptions_to_verify": [], "risks_to_raise": [], "reason": reason}
        outcome = exercise.q6.check_key({"reply": answer, "brief_labels": none_open}, {}, key_labels=key, weeks_left=3)
        assert outcome.status is Status.CORRECT, reason


def test_a_statement_left_without_a_kind_may_be_in_either_list_of_the_reply():
    key = {sid: "requirement" for sid in exercise.BRIEF_IDS} | {"A4": "assumption", "A10": "assumption", "A7": "risk"}
    key |= {"A12": "risk"}
    own = {sid: kind for sid, kind in key.items() if sid != "A12"} | {"A12": ...}
    reason = "Two assumptions are open and 3 weeks are left."
    for risks in (["A7"], ["A7", "A12"]):
        answer = {"reply": "commit with conditions", "assumptions_to_verify": ["A4", "A10"], "risks_to_raise": risks}
        outcome = exercise.q6.check_key(
            {"reply": answer | {"reason": reason}, "brief_labels": own}, {}, key_labels=key, weeks_left=3
        )
        assert outcome.status is Status.CORRECT, risks
