"""Issue 18: item-writing rules in the check. A key that is clearly the longest option is a
warning at the key; the key strictly longest in more than 40% of the counted questions is an
error. Shown on a fixture handbook whose option lengths the tests choose; one test holds the
shipped handbook to the rule."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from support import ROOT

from generator.api import check
from generator.check.items import CLEARLY, PLACE_MIN, PLACE_SHARE, SHARE, choice_items, visible_length
from generator.errors import Finding
from generator.load.loader import load_handbook
from generator.model.book import quizzes
from generator.model.question_view import deal

FIXTURE = ROOT / "tests" / "fixtures" / "project"
QUIZ = "content/quizzes/sample-module.yml"
HEADER = "# yaml-language-server: $schema=../../schema/quiz.schema.json\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    return tmp_path


def single(qid: str, key: int, *distractors: int) -> dict[str, object]:
    """A single question whose key has ``key`` characters and whose distractors the given lengths."""
    options = [{"text": "k" * key, "correct": True, "feedback": "Right."}]
    options += [{"text": "d" * n, "feedback": "No."} for n in distractors]
    return {"id": qid, "type": "single", "prompt": "Which?", "explanation": "Because.", "options": options}


def write_quiz(root: Path, questions: list[dict[str, object]]) -> None:
    text = HEADER + yaml.safe_dump({"id": "sample-module", "questions": questions}, sort_keys=False, width=1000)
    (root / QUIZ).write_text(text, encoding="utf-8")


def item_findings(root: Path) -> list[Finding]:
    _, findings = check(root)
    return [f for f in findings if f.rule == "items"]


def option_line(root: Path, qid: str, text: str) -> int:
    """The line of the option ``text`` in question ``qid`` of the fixture quiz."""
    lines = (root / QUIZ).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith(f"id: {qid}"))
    return next(i for i, line in enumerate(lines[start:], start=start) if line.strip() == f"- text: {text}") + 1


def test_a_key_clearly_longer_than_every_distractor_is_a_warning_at_the_key(project: Path) -> None:
    write_quiz(project, [single("long-key", 61, 50, 40), single("fair-key", 60, 50, 40)])
    findings = item_findings(project)
    warnings = [f for f in findings if f.level == "warning"]
    assert [(f.path, f.line) for f in warnings] == [(QUIZ, option_line(project, "long-key", "k" * 61))]
    assert "61 characters" in warnings[0].message and "50 of the longest distractor" in warnings[0].message
    assert CLEARLY == 1.2  # 61 > 1.2 x 50 = 60 is clearly longer; 60 is not


def test_the_rule_covers_next_response_replies_and_measures_a_quoted_turn_by_its_text(project: Path) -> None:
    # The quoted better reply at turn 2 reads "Mornings sound busy. What gets in the way?" (42).
    question = {
        "id": "quoted",
        "type": "next-response",
        "dialogue": "sample-visit",
        "turn": 2,
        "prompt": "Ana says she forgets her tablets. What would you say?",
        "explanation": "Curiosity first.",
        "options": [
            {"quote": {"dialogue": "sample-visit", "turn": 2, "better": True}, "correct": True, "feedback": "Yes."},
            {"text": "Set an alarm.", "effect": "strains", "alliance": ["bond", "task"], "feedback": "No.", "reply": "Hm."},
            {"text": "Tablets matter.", "effect": "strains", "alliance": ["bond", "task"], "feedback": "No.", "reply": "I know."},
        ],
    }
    write_quiz(project, [question])
    [finding] = [f for f in item_findings(project) if f.level == "warning"]
    lines = (project / QUIZ).read_text(encoding="utf-8").splitlines()
    assert lines[finding.line - 1].strip().startswith("- quote:"), "the warning points at the quoted option"
    assert "42 characters" in finding.message


def test_in_a_multiple_question_the_longest_correct_option_is_compared(project: Path) -> None:
    options = [
        {"text": "a" * 30, "correct": True, "feedback": "Yes."},
        {"text": "b" * 80, "correct": True, "feedback": "Yes."},
        {"text": "c" * 40, "feedback": "No."},
        {"text": "d" * 35, "feedback": "No."},
    ]
    write_quiz(project, [{"id": "many", "type": "multiple", "prompt": "Which?", "explanation": "Because.", "options": options}])
    [finding] = item_findings(project)
    assert finding.level == "warning" and finding.line == option_line(project, "many", "b" * 80)


def test_markup_and_link_addresses_do_not_count_towards_an_options_length() -> None:
    assert visible_length("*(Pauses.)* Go   on.") == len("(Pauses.) Go on.")
    assert visible_length("See [the codebook](../codebook.md){.x} `now`") == len("See the codebook now")


def test_keys_strictly_longest_in_two_of_five_questions_pass(project: Path) -> None:
    # 40% exactly: two strictly longest (by one character), three not (one tie, two shorter).
    questions = [
        single("q1", 51, 50, 50),
        single("q2", 51, 50, 30),
        single("q3", 50, 50, 40),
        single("q4", 40, 50, 45),
        single("q5", 30, 50, 45),
    ]
    write_quiz(project, questions)
    assert item_findings(project) == []


def test_keys_strictly_longest_in_three_of_five_questions_are_an_error_at_the_clearest_case(project: Path) -> None:
    questions = [
        single("q1", 51, 50, 50),
        single("q2", 55, 50, 30),
        single("q3", 52, 50, 40),
        single("q4", 40, 50, 45),
        single("q5", 30, 50, 45),
    ]
    write_quiz(project, questions)
    [error] = [f for f in item_findings(project) if f.level == "error"]
    assert error.line == option_line(project, "q2", "k" * 55), "placed at the key that leads its distractors most"
    assert "3 of the 5" in error.message and "at most 40% (2)" in error.message and "in 1 question" in error.message
    assert Fraction(2, 5) == SHARE


def test_two_option_and_multiple_questions_are_not_counted_for_the_share(project: Path) -> None:
    # Both keys here are strictly longest but neither question is counted: the share is 0 of 1.
    two = single("two", 51, 50)
    options = [{"text": "a" * 51, "correct": True, "feedback": "Yes."}, {"text": "b" * 50, "correct": True, "feedback": "Yes."}]
    options += [{"text": "c" * 50, "feedback": "No."}]
    many = {"id": "many", "type": "multiple", "prompt": "Which?", "explanation": "Because.", "options": options}
    write_quiz(project, [two, many, single("counted", 40, 50, 45)])
    assert item_findings(project) == []
    book, _ = load_handbook(project)
    assert [item.counted for item in choice_items(book)] == [False, False, True]


def test_the_shipped_handbook_keeps_to_every_rule() -> None:
    book, findings = check(ROOT)
    assert [f.format() for f in findings if f.rule == "items"] == []
    counted = [item for item in choice_items(book) if item.counted]
    assert len(counted) >= 30, "the handbook's single and next-response questions with three or more options"
    assert sum(item.strictly_longest for item in counted) <= SHARE * len(counted)
    for place in range(3):
        assert sum(item.place == place for item in counted) <= PLACE_SHARE * len(counted)


def ids_with_key_at(place: int, count: int) -> list[str]:
    """Question ids whose dealt order shows the first of three options (the key) at ``place``."""
    found = (f"q{n}" for n in range(10_000))
    return [qid for qid in found if deal(3, f"sample-module/{qid}").index(0) == place][:count]


def test_keys_dealt_to_one_place_in_more_than_45_percent_are_an_error(project: Path) -> None:
    # Fair lengths everywhere; 6 of 12 keys (50%) shown first, the other 6 second.
    first, second = ids_with_key_at(0, 6), ids_with_key_at(1, 6)
    write_quiz(project, [single(qid, 40, 45, 50) for qid in first + second])
    errors = [f for f in item_findings(project) if f.level == "error"]
    assert len(errors) == 2, [f.message for f in errors]
    assert "place 1 in 6 of the 12" in errors[0].message and "at most 45% (5)" in errors[0].message
    assert errors[0].line == option_line(project, first[0], "k" * 40)
    # 5, 5 and 2 of 12 pass; below PLACE_MIN questions the rule does not apply.
    write_quiz(project, [single(qid, 40, 45, 50) for qid in first[:5] + second[:5] + ids_with_key_at(2, 2)])
    assert item_findings(project) == []
    write_quiz(project, [single(qid, 40, 45, 50) for qid in first])
    assert item_findings(project) == [] and PLACE_MIN > 6 and Fraction(9, 20) == PLACE_SHARE


def test_the_page_order_is_the_deal_and_saved_answers_keep_the_written_index() -> None:
    book, _ = check(ROOT)
    moved = 0
    for qi in quizzes(book):
        for q in qi.model.questions:
            v = q.view(qi.id, book.dialogue_by_id)
            if q.type_name() in ("single", "multiple", "next-response"):
                order = deal(len(v.choices), f"{qi.id}/{q.id}")
                assert [c.i for c in v.choices] == order, q.id
                assert [c.correct for c in v.choices] == [q.options[j].correct for j in order]  # type: ignore[attr-defined]
                moved += order != sorted(order)
    assert moved >= 20
