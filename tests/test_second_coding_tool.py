"""tools/second_coding.py: importing a blind second coding into content/coding/second/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from generator.api import check
from generator.model.second import text_hash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import second_coding  # noqa: E402
from test_reliability import DIALOGUE  # noqa: E402

BLIND = """dialogue: visit
turns:
  - turn: 2
    alliance: [bond]
    alsi: [listen]
    effect: builds
    slips: []
    note: "A reflection."
  - turn: 4
    alliance: [goal, task]
    alsi: [ask]
    effect: builds
    slips: []
    note: "Asks what she wants from today."
  - turn: 6
    alliance: [bond]
    alsi: [ask]
    effect: builds
    slips: []
    note: "An open question."
"""


def setup(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    (root / "content" / "dialogues").mkdir(parents=True)
    (root / "content" / "dialogues" / "visit.yml").write_text(DIALOGUE.replace("ALLIANCE4", "task"), encoding="utf-8")
    source = tmp_path / "blind"
    source.mkdir()
    (source / "visit.yml").write_text(BLIND, encoding="utf-8")
    return root, source


def test_import_writes_codes_hashes_and_the_key_and_passes_the_check(tmp_path: Path) -> None:
    root, source = setup(tmp_path)
    written, problems = second_coding.import_folder(source, root)
    assert problems == []
    target = root / "content" / "coding" / "second" / "visit.yml"
    assert written == [target]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/second-coding.schema.json\n")
    data = yaml.safe_load(text)
    turn4 = data["turns"][1]
    assert turn4["turn"] == 4 and turn4["alliance"] == ["task", "goal"]  # codebook order
    assert turn4["hash"] == text_hash("What would you like to look at first today?")
    assert turn4["key_before"] == {"alliance": ["task"], "alsi": ["ask"], "effect": "builds", "slips": []}
    _, findings = check(root)
    assert [f.format() for f in findings] == []


def test_import_again_keeps_adjudication_unless_the_turn_was_coded_anew(tmp_path: Path) -> None:
    root, source = setup(tmp_path)
    second_coding.import_folder(source, root)
    target = root / "content" / "coding" / "second" / "visit.yml"
    # adjudicate: the key of turn 4 changes, and the resolution is recorded
    dialogue = root / "content" / "dialogues" / "visit.yml"
    dialogue.write_text(DIALOGUE.replace("ALLIANCE4", "task, goal"), encoding="utf-8")
    resolved = target.read_text(encoding="utf-8").replace(
        "    key_before: {alliance: [task], alsi: [ask], effect: builds, slips: []}\n",
        "    key_before: {alliance: [task], alsi: [ask], effect: builds, slips: []}\n    resolution:\n      - parts: [alliance]\n        kind: key-changed\n        reason: \"Her aim.\"\n",
    )
    target.write_text(resolved, encoding="utf-8")
    assert second_coding.import_folder(source, root) == ([], [])  # nothing changed: nothing written
    assert target.read_text(encoding="utf-8") == resolved
    (source / "visit.yml").write_text(BLIND.replace("alliance: [goal, task]", "alliance: [goal]"), encoding="utf-8")
    written, _ = second_coding.import_folder(source, root)
    turn4 = yaml.safe_load(target.read_text(encoding="utf-8"))["turns"][1]
    assert written == [target] and "resolution" not in turn4  # coded anew: compared with the key as it stands
    assert turn4["key_before"]["alliance"] == ["task", "goal"]


def test_a_bad_blind_file_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    root, source = setup(tmp_path)
    (source / "visit.yml").write_text(BLIND.replace("  - turn: 6", "  - turn: 5"), encoding="utf-8")
    (source / "other.yml").write_text("dialogue: other\nturns: []\n", encoding="utf-8")
    (source / "labels.yml").write_text("dialogue: labels\n", encoding="utf-8")
    written, problems = second_coding.import_folder(source, root)
    assert written == []
    assert len(problems) == 3
    assert any("turn 5 spoken by pwd" in p for p in problems)
    assert any("found 'other'" in p for p in problems)
    assert not (root / "content" / "coding").exists()
    (source / "other.yml").unlink()
    (source / "labels.yml").unlink()
    (source / "visit.yml").write_text(BLIND.replace("alsi: [listen]", "alsi: [reflect]"), encoding="utf-8")
    _, problems = second_coding.import_folder(source, root)
    assert problems and "unknown alsi label(s) reflect" in problems[0]
    assert second_coding.main([str(source), "--root", str(root)]) == 1


def test_drop_stale_removes_only_turns_whose_words_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, source = setup(tmp_path)
    second_coding.import_folder(source, root)
    dialogue = root / "content" / "dialogues" / "visit.yml"
    dialogue.write_text(dialogue.read_text(encoding="utf-8").replace("Tell me about a tired day.", "Tell me about a tiring day."), encoding="utf-8")
    _, findings = check(root)
    assert [f.rule for f in findings if f.level == "error"] == ["second-coding"]
    assert second_coding.main(["--drop-stale", "--root", str(root)]) == 0
    assert "removed visit turn 6" in capsys.readouterr().out
    turns = yaml.safe_load((root / "content" / "coding" / "second" / "visit.yml").read_text(encoding="utf-8"))["turns"]
    assert [t["turn"] for t in turns] == [2, 4]
    _, findings = check(root)
    assert [f.message for f in findings] == ["HCP turn 6 of 'visit' is not coded a second time; the published agreement leaves it out"]


def test_nodes_import_from_their_own_folder_and_keep_the_main_line_and_its_adjudication(tmp_path: Path) -> None:
    case = yaml.safe_load((ROOT / "tests" / "golden" / "errors" / "second-coding-nodes.yml").read_text(encoding="utf-8"))
    root = tmp_path / "project"
    (root / "content" / "dialogues").mkdir(parents=True)
    (root / "content" / "dialogues" / "visit.yml").write_text(case["files"]["content/dialogues/visit.yml"], encoding="utf-8")
    main, nodes = tmp_path / "out", tmp_path / "nodes-out"
    main.mkdir()
    nodes.mkdir()
    (main / "visit.yml").write_text(
        "dialogue: visit\nturns:\n  - {turn: 2, alliance: [task, bond], alsi: [], effect: strains, slips: [righting-reflex]}\n"
        "  - {turn: 4, alliance: [goal, task], alsi: [ask], effect: builds}\n",
        encoding="utf-8",
    )
    assert second_coding.import_folder(main, root)[1] == []
    target = root / "content" / "coding" / "second" / "visit.yml"
    adjudicated = target.read_text(encoding="utf-8").replace(
        "    key_before: {alliance: [goal], alsi: [ask], effect: builds, slips: []}\n",
        "    key_before: {alliance: [goal], alsi: [ask], effect: builds, slips: []}\n    resolution:\n      - parts: [alliance]\n        kind: key-kept\n        reason: \"Her own idea.\"\n",
    )
    target.write_text(adjudicated, encoding="utf-8")
    (nodes / "visit.yml").write_text(
        "dialogue: visit\nnodes:\n  - {node: lecture, alliance: [task], alsi: [], effect: strains, slips: [lecture], note: A warning.}\n"
        "  - {node: ask-more, alliance: [bond, goal], alsi: [ask, listen], effect: builds, slips: []}\n",
        encoding="utf-8",
    )
    written, problems = second_coding.import_folder(nodes, root)
    assert (written, problems) == ([target], [])
    text = target.read_text(encoding="utf-8")
    assert text.startswith(adjudicated)  # the main line and its resolution, untouched; the nodes follow, in the dialogue's order
    data = yaml.safe_load(text)
    assert [t.get("turn") or t.get("node") for t in data["turns"]] == [2, 4, "ask-more", "lecture"]
    lecture = data["turns"][3]
    assert lecture["hash"] == text_hash("Missing tablets raises your glucose, and that damages your kidneys over time.")
    assert lecture["key_before"] == {"alliance": ["task", "bond"], "alsi": [], "effect": "strains", "slips": ["lecture"]}
    _, findings = check(root)
    assert [f.format() for f in findings if f.rule == "second-coding"] == []
    # importing the main line again keeps the nodes
    assert second_coding.import_folder(main, root) == ([], [])
    (nodes / "visit.yml").write_text("dialogue: visit\nnodes:\n  - {node: walks-out, alliance: [bond], alsi: [], effect: builds}\n", encoding="utf-8")
    written, problems = second_coding.import_folder(nodes, root)
    assert written == [] and problems == [f"{nodes / 'visit.yml'}: nodes[0]: expected an HCP node, found node 'walks-out' spoken by pwd"]
