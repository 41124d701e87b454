"""Agreement between the key and the independent second coding (generator/model/kappa.py and
reliability.py): kappa against scikit-learn's cohen_kappa_score, on known cases, on random ones
and on the handbook's own second coding; exact agreement, before and after adjudication."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from generator.api import check
from generator.model.kappa import cohen_kappa
from generator.model.reliability import LABELS, Code, Pair, agreement, current_turns, key_before, key_now, reliability, second_code
from generator.model.second import text_hash

ROOT = Path(__file__).resolve().parent.parent


def sk(first: list[bool], second: list[bool]) -> float:
    return float(cohen_kappa_score(first, second, labels=[False, True]))


def test_kappa_of_a_textbook_table() -> None:
    # 50 turns: both yes 20, first only 5, second only 10, both no 15: p_o = .70, p_e = .50 * .60 + .50 * .40 = .50, kappa = .40
    first = [True] * 20 + [True] * 5 + [False] * 10 + [False] * 15
    second = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)
    assert cohen_kappa(first, second) == pytest.approx(sk(first, second))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ([True, False, True, False], [True, False, True, False], 1.0),  # perfect agreement
        ([True, False, True, False], [False, True, False, True], -1.0),  # perfect disagreement
        ([True, True, False, False], [True, False, True, False], 0.0),  # no better than chance
        ([True, False, False, False], [False, False, False, False], 0.0),  # one coder never uses the label
    ],
)
def test_kappa_on_known_cases(first: list[bool], second: list[bool], expected: float) -> None:
    assert cohen_kappa(first, second) == pytest.approx(expected)
    assert cohen_kappa(first, second) == pytest.approx(sk(first, second))


def test_kappa_is_not_defined_when_both_coders_give_every_turn_the_same_value() -> None:
    assert cohen_kappa([False] * 5, [False] * 5) is None
    assert cohen_kappa([True] * 5, [True] * 5) is None
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError, match="same turns"):
        cohen_kappa([True], [True, False])


def test_kappa_matches_scikit_learn_on_random_codings() -> None:
    rng = random.Random(20)
    for _ in range(300):
        n = rng.randint(2, 60)
        rate1, rate2, agree = rng.random(), rng.random(), rng.random()
        first = [rng.random() < rate1 for _ in range(n)]
        second = [a if rng.random() < agree else rng.random() < rate2 for a in first]
        ours = cohen_kappa(first, second)
        if len(set(first) | set(second)) == 1:
            assert ours is None
        else:
            assert ours == pytest.approx(sk(first, second), abs=1e-12)


def code(alliance: str, alsi: str = "", effect: str = "builds", slips: str = "") -> Code:
    return Code.of(alliance.split(), alsi.split(), effect, slips.split())


def test_exact_agreement_is_on_the_whole_code_and_counts_defensible_readings_apart() -> None:
    pairs = [
        Pair(code("bond", "listen"), code("bond", "listen")),  # exact
        Pair(code("bond", "listen"), code("bond", "summarise"), (code("bond", "listen"),)),  # a defensible reading
        Pair(code("bond task", "ask"), code("task", "ask")),  # alliance differs
        Pair(code("bond", "", "strains", "lecture"), code("bond", "", "strains", "lecture righting-reflex")),  # slips differ
    ]
    a = agreement(pairs)
    assert (a.turns, a.exact, a.defensible) == (4, 1, 2)
    assert a.parts == {"alliance": 3, "alsi": 3, "effect": 4, "slips": 3}
    bond = next(la for la in a.labels if la.label == "bond")
    assert (bond.key, bond.second, bond.agreed) == (3, 4, 0.75) and bond.kappa == pytest.approx(
        0.0
    )  # the second coder gives every turn bond
    invite = next(la for la in a.labels if la.label == "invite")
    assert invite.kappa is None and invite.key == invite.second == 0  # neither coding uses it: not defined
    task = next(la for la in a.labels if la.label == "task")
    assert (task.key, task.second, task.agreed) == (1, 1, 1.0) and task.kappa == pytest.approx(1.0)
    listen = next(la for la in a.labels if la.label == "listen")
    assert listen.kappa == pytest.approx(sk([True, False, False, False], [True, True, False, False]))
    assert [(la.part, la.label) for la in a.labels] == list(LABELS)


DIALOGUE = """# yaml-language-server: $schema=../../schema/dialogue.schema.json
id: visit
title: A short visit
summary: A few turns.
context: {diabetes: type 2, setting: GP review, hcp: GP, person: "Ana, 60"}
focus: {alliance: [bond], alsi: [listen]}
turns:
  - speaker: pwd
    text: I'm tired all the time.
  - speaker: hcp
    text: It sounds like the tiredness is wearing you down.
    alliance: [bond]
    alsi: [listen]
    effect: builds
    note: A reflection before any advice.
  - speaker: pwd
    text: It is.
  - speaker: hcp
    text: What would you like to look at first today?
    alliance: [ALLIANCE4]
    alsi: [ask]
    effect: builds
    note: She sets the agenda.
  - speaker: pwd
    text: The tiredness.
  - speaker: hcp
    text: Tell me about a tired day.
    alliance: [bond]
    alsi: [ask]
    effect: builds
    note: An open question about her day.
"""

SECOND = """# yaml-language-server: $schema=../../../schema/second-coding.schema.json
dialogue: visit
coder: independent coder, blind to the key
turns:
  - turn: 2
    hash: "{h2}"
    alliance: [bond]
    alsi: [listen]
    effect: builds
    key_before: {{alliance: [bond], alsi: [listen], effect: builds}}
  - turn: 4
    hash: "{h4}"
    alliance: [task, goal]
    alsi: [ask]
    effect: builds
    key_before: {{alliance: [task], alsi: [ask], effect: builds}}
    resolution:
      - parts: [alliance]
        kind: key-changed
        reason: She is asked what she wants from the visit, which is a goal as well as the agenda.
  - turn: 6
    hash: "{h6}"
    alliance: [bond, task]
    alsi: [ask]
    effect: builds
    key_before: {{alliance: [bond], alsi: [ask], effect: builds}}
"""


def project(tmp_path: Path, alliance4: str) -> Path:
    (tmp_path / "content" / "dialogues").mkdir(parents=True)
    (tmp_path / "content" / "coding" / "second").mkdir(parents=True)
    (tmp_path / "content" / "dialogues" / "visit.yml").write_text(DIALOGUE.replace("ALLIANCE4", alliance4), encoding="utf-8")
    hashes = {
        "h2": text_hash("It sounds like the tiredness is wearing you down."),
        "h4": text_hash("What would you like to look at first today?"),
        "h6": text_hash("Tell me about a tired day."),
    }
    (tmp_path / "content" / "coding" / "second" / "visit.yml").write_text(SECOND.format(**hashes), encoding="utf-8")
    return tmp_path


def test_figures_before_come_from_the_key_before_and_after_from_the_dialogue(tmp_path: Path) -> None:
    book, findings = check(project(tmp_path, "task, goal"))
    assert [f for f in findings if f.level == "error"] == []
    r = reliability(book)
    assert r is not None
    assert (r.hcp_turns, r.coded, r.dialogues) == (3, 3, 1)
    assert (r.before.exact, r.after.exact) == (1, 2)  # turn 4's key was changed to the second coding
    assert r.before.kappa("goal") == pytest.approx(0.0)  # the key used goal nowhere before, the second coder once
    assert r.after.kappa("goal") == pytest.approx(1.0)
    assert r.disagreements == 2 and r.turns_disagreed == 2  # turn 4 and turn 6, on alliance each
    assert r.settled == {"key-changed": 1, "defensible-added": 0, "rule-clarified": 0, "key-kept": 0}
    assert r.unsettled == 1
    assert not r.aim_met


def test_a_changed_turn_leaves_the_figures_and_the_check_says_why(tmp_path: Path) -> None:
    root = project(tmp_path, "task, goal")
    path = root / "content" / "dialogues" / "visit.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Tell me about a tired day.", "Tell me about a tiring day."), encoding="utf-8")
    book, findings = check(root)
    assert any("turn 6 of 'visit' has changed since it was coded a second time" in f.message for f in findings)
    assert [t.turn for t, _ in current_turns(book)] == [2, 4]


def test_a_key_said_to_be_changed_must_have_changed(tmp_path: Path) -> None:
    _, findings = check(project(tmp_path, "task"))
    assert [f.format() for f in findings if f.level == "error"] == [
        "content/coding/second/visit.yml:19:15: error: turn 4: expected the key to differ from the key before on 'alliance' (kind: key-changed), found it unchanged; "
        "recode the turn or choose another kind"
    ]


def test_the_handbooks_second_coding_agrees_with_scikit_learn_label_by_label() -> None:
    book, findings = check(ROOT)
    assert [f for f in findings if f.level == "error" and f.rule == "second-coding"] == []
    r = reliability(book)
    assert r is not None, "content/coding/second/ holds no second coding"
    turns = current_turns(book)
    assert r.coded_lines == len(turns) == r.before.turns
    for figures, keys in ((r.before, [key_before(t.key_before)[0] for t, _ in turns]), (r.after, [key_now(turn)[0] for _, turn in turns])):
        seconds = [second_code(t) for t, _ in turns]
        for la in figures.labels:
            first = [k.has(la.part, la.label) for k in keys]
            second = [s.has(la.part, la.label) for s in seconds]
            if la.kappa is None:
                assert len(set(first) | set(second)) == 1, la
            else:
                assert la.kappa == pytest.approx(sk(first, second), abs=1e-12), la
        assert figures.exact == sum(s == k for s, k in zip(seconds, keys, strict=True))


def branching_project(tmp_path: Path, node_entries: str) -> Path:
    """The branching visit of tests/golden/errors/second-coding-nodes.yml, its main-line HCP turns
    coded a second time, and ``node_entries`` after them."""
    import yaml

    case = yaml.safe_load((ROOT / "tests" / "golden" / "errors" / "second-coding-nodes.yml").read_text(encoding="utf-8"))
    (tmp_path / "content" / "dialogues").mkdir(parents=True)
    (tmp_path / "content" / "coding" / "second").mkdir(parents=True)
    (tmp_path / "content" / "dialogues" / "visit.yml").write_text(case["files"]["content/dialogues/visit.yml"], encoding="utf-8")
    main = f"""# yaml-language-server: $schema=../../../schema/second-coding.schema.json
dialogue: visit
coder: independent coder, blind to the key
turns:
  - turn: 2
    hash: "{text_hash("You just need to set an alarm.")}"
    alliance: [task, bond]
    alsi: []
    effect: strains
    slips: [righting-reflex]
    key_before: {{alliance: [task, bond], alsi: [], effect: strains, slips: [righting-reflex]}}
  - turn: 4
    hash: "{text_hash("What would make it easier for you?")}"
    alliance: [goal]
    alsi: [ask]
    effect: builds
    key_before: {{alliance: [goal], alsi: [ask], effect: builds}}
"""
    (tmp_path / "content" / "coding" / "second" / "visit.yml").write_text(main + node_entries, encoding="utf-8")
    return tmp_path


def test_branching_nodes_are_counted_like_turns(tmp_path: Path) -> None:
    nodes = f"""  - node: ask-more
    hash: "{text_hash("That sounds a busy morning. What would make it easier?")}"
    alliance: [bond]
    alsi: [listen, ask]
    effect: builds
    key_before: {{alliance: [bond, goal], alsi: [listen, ask], effect: builds}}
    resolution:
      - parts: [alliance]
        kind: key-kept
        reason: Asking what would make it easier ties the plan to her own aim, which the goal entry counts.
  - node: lecture
    hash: "{text_hash("Missing tablets raises your glucose, and that damages your kidneys over time.")}"
    alliance: [task, bond]
    alsi: []
    effect: strains
    slips: [lecture]
    key_before: {{alliance: [task, bond], alsi: [], effect: strains, slips: [lecture]}}
"""
    book, findings = check(branching_project(tmp_path, nodes))
    assert [f.format() for f in findings if f.rule == "second-coding"] == []
    r = reliability(book)
    assert r is not None
    assert (r.hcp_turns, r.coded, r.hcp_nodes, r.coded_nodes, r.branch_lines) == (2, 2, 2, 2, 0)
    assert (r.lines, r.coded_lines, r.before.turns, r.after.turns) == (4, 4, 4, 4)
    assert (r.before.exact, r.disagreements, r.settled["key-kept"], r.unsettled) == (3, 1, 1, 0)  # the node ask-more, on alliance
    assert [t.node or t.turn for t, _ in current_turns(book)] == [2, 4, "ask-more", "lecture"]


def test_a_node_left_out_is_a_warning_and_an_entry_needs_turn_or_node(tmp_path: Path) -> None:
    neither = f"""  - hash: "{text_hash("Missing tablets raises your glucose, and that damages your kidneys over time.")}"
    alliance: [task, bond]
    alsi: []
    effect: strains
    slips: [lecture]
    key_before: {{alliance: [task, bond], alsi: [], effect: strains, slips: [lecture]}}
"""
    book, findings = check(branching_project(tmp_path, neither))
    assert [f.format() for f in findings if f.rule == "second-coding"] == [
        "content/coding/second/visit.yml:4:1: warning: HCP node 'ask-more' of 'visit' is not coded a second time; the published agreement leaves it out",
        "content/coding/second/visit.yml:4:1: warning: HCP node 'lecture' of 'visit' is not coded a second time; the published agreement leaves it out",
        "content/coding/second/visit.yml:18:5: error: expected 'turn' (a main-line turn) or 'node' (a branching node's id), found neither",
    ]
    r = reliability(book)
    assert r is not None and (r.coded_nodes, r.branch_lines, r.before.turns) == (0, 2, 2)
