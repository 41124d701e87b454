"""Branching dialogues: the graph and its check (the golden error files cover the five refusals the
issue names; these cover what passes, and the rules around them)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from generator.api import build as build_site
from generator.cli import main
from generator.load.loader import load_handbook
from generator.model.branching import build
from generator.model.content import Dialogue
from generator.render.markdown import plain

VISIT = (Path(__file__).parent / "fixtures" / "branching-visit.yml").read_text(encoding="utf-8")


def check(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    (tmp_path / "content" / "dialogues").mkdir(parents=True)
    (tmp_path / "content" / "dialogues" / "visit.yml").write_text(text, encoding="utf-8")
    code = main(["check", str(tmp_path)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_the_fixture_passes_and_has_three_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(tmp_path, VISIT, capsys)
    assert code == 0, out
    book, _ = load_handbook(tmp_path)
    g = build(book.dialogues[0].model)
    assert g.count_paths() == 3
    assert ("ending", "leaves") in g.reachable() and ("node", "walks-out") in g.reachable()


def test_a_marked_loop_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    looped = edit(VISIT, "    note: Reflects, then asks.\n    next: 5\n", "    note: Reflects, then asks.\n    next: 1\n    loop: true\n")
    # The loop still has a way out (the other choices at turn 2), so every path can end.
    code, out = check(tmp_path, looped, capsys)
    assert code == 0, out


def test_a_loop_with_no_way_out_is_a_dead_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trapped = edit(VISIT, "    text: Fine. I'll try.\n", "    text: Fine. I'll try.\n    next: 2\n")
    trapped = edit(trapped, "    note: Reflects, then asks.\n    next: 5\n", "    note: Reflects, then asks.\n    next: 1\n    loop: true\n")
    trapped = edit(trapped, "      - say: lecture\n", "")
    trapped = trapped[: trapped.index("  - id: lecture")] + trapped[trapped.index("endings:") :]
    code, out = check(tmp_path, trapped, capsys)
    assert code == 1
    assert "dead end: no path from turn 1 reaches an ending" in out
    assert "turn 3 goes back to turn 2, which makes a loop" in out


def test_better_needs_an_alternative_and_a_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = edit(VISIT, "        next: ask-more\n", "")
    code, out = check(tmp_path, bad, capsys)
    assert code == 1
    assert ":39:9: error: choice point 1: after 'better' (and its reply), expected 'next'" in out


def test_speakers_take_turns_across_a_branch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = edit(VISIT, "    note: Reflects, then asks.\n    next: 5\n", "    note: Reflects, then asks.\n    next: 4\n")
    code, out = check(tmp_path, bad, capsys)
    assert code == 1
    assert "node 'ask-more' leads to turn 4, so the provider speaks twice in a row" in out


def test_a_choice_names_an_hcp_node_and_one_ending_is_not_enough(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = edit(VISIT, "      - say: lecture\n", "      - say: walks-out\n")
    code, out = check(tmp_path, bad, capsys)
    assert "expected an HCP node (what the provider could say), found node 'walks-out' spoken by pwd" in out
    data = yaml.safe_load(VISIT)
    data["endings"] = data["endings"][:1]
    data["nodes"][2]["next"] = "holds"
    code, out = check(tmp_path / "one", yaml.safe_dump(data, sort_keys=False), capsys)
    assert code == 1
    assert "a branching dialogue expected at least 2 endings" in out


def test_a_bad_target_type_says_what_a_target_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = edit(VISIT, "    next: walks-out\n", "    next: [walks-out]\n")
    code, out = check(tmp_path, bad, capsys)
    assert code == 1
    assert "'next' expected a turn number or an id (like 8 or ask-again), found a list of 1 item(s)" in out


def test_too_many_paths_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Seven choice points of two choices each, one after another: 128 paths.
    turns = []
    branches = []
    nodes = []
    for k in range(7):
        turns += [{"speaker": "pwd", "text": f"Point {k}."}, {"speaker": "hcp", "text": "Go on.", "alliance": ["bond"], "alsi": [], "effect": "builds", "note": "Room to talk."}]
        nodes.append({"id": f"n{k}", "speaker": "hcp", "text": "Tell me more.", "alliance": ["bond"], "alsi": ["ask"], "effect": "builds", "note": "Asks.", "next": 2 * k + 3})
        branches.append({"at": 2 * k + 2, "choices": [{"say": "said"}, {"say": f"n{k}"}]})
    turns.append({"speaker": "pwd", "text": "Thanks.", "next": "good"})
    nodes[-1]["next"] = "bad"
    data = yaml.safe_load(VISIT)
    data.update(turns=turns, branches=branches, nodes=nodes)
    data["endings"][0]["id"], data["endings"][1]["id"] = "good", "bad"
    code, out = check(tmp_path, yaml.safe_dump(data, sort_keys=False), capsys)
    assert code == 1
    assert "expected at most 64 paths from turn 1 to an ending, found more" in out
    assert out.count("error") == 1


# -- the pages ----------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, str], list[tuple[str, Dialogue]]]:
    result = build_site(ROOT)
    book, _ = load_handbook(ROOT)
    pages = {p.src: p.markdown for p in result.pages}
    return pages, [(d.model.id, d.model) for d in book.dialogues if d.model.branches]


def test_every_node_and_ending_is_on_the_page_with_its_anchor(built: tuple[dict[str, str], list[tuple[str, Dialogue]]]) -> None:
    pages, branching = built
    assert branching, "some dialogue branches"
    for did, d in branching:
        page = pages[f"dialogues/{did}.md"]
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        ids = set(re.findall(r'id="([^"]+)"', page))
        for node in d.nodes:
            assert f"node-{node.id}" in ids
            assert plain(node.text) in text, f"{did}: node {node.id}'s words are not on the page"
        for ending in d.endings:
            assert f"ending-{ending.id}" in ids
            assert ending.title in text and plain(ending.debrief) in text
        # Every link a choice or a 'Then:' line makes goes to an element of the page.
        for target in re.findall(r'href="#([^"]+)"', page):
            assert target in ids, f"{did}: a link to #{target}, which the page does not have"
        points = re.findall(r'<div class="hb-choices" data-at="([^"]+)"', page)
        assert len(points) == len(d.branches)
        # The player is hidden until branch.js starts it: without JavaScript, the whole scenario reads.
        assert '<section class="hb-play" hidden ' in page


def test_four_dialogues_branch_each_with_two_endings_and_a_deep_branch() -> None:
    book, findings = load_handbook(ROOT)
    assert not [f for f in findings if f.level == "error"]
    branching = [d.model for d in book.dialogues if d.model.branches]
    assert len(branching) >= 4, [d.id for d in branching]
    for d in branching:
        assert len(d.endings) >= 2, d.id
        g = build(d)
        # A branch two or more turns deep: a node whose way on is another node.
        assert any(g.edges[("node", n.id)][0].target == ("node", n.next) for n in d.nodes if isinstance(n.next, str) and ("node", n.next) in g.steps), d.id
        assert g.count_paths() >= 3, d.id


def test_the_facilitator_notes_map_every_path_to_its_ending(built: tuple[dict[str, str], list[tuple[str, Dialogue]]]) -> None:
    pages, branching = built
    for did, d in branching:
        notes = pages[f"trainers/dialogues/{did}.md"]
        table = notes[notes.index("## Map of the paths") : notes.index("### The endings")]
        rows = [line for line in table.splitlines() if re.match(r"^\| \d+ \|", line)]
        assert len(rows) == build(d).count_paths(), did
        reached = set(re.findall(r"#ending-([a-z0-9-]+)\)", table))
        assert reached == {e.id for e in d.endings}, did
        for e in d.endings:
            assert e.discuss and plain(e.discuss) in html.unescape(notes), f"{did}: ending {e.id} has a discussion prompt on the notes"
        for node in d.nodes:
            if node.speaker == "hcp":
                assert f"#node-{node.id})" in notes, f"{did}: HCP node {node.id} is in the answer key"


def test_the_gallery_marks_branching_dialogues_and_filters_them(built: tuple[dict[str, str], list[tuple[str, Dialogue]]]) -> None:
    pages, branching = built
    gallery = pages["dialogues/index.md"]
    assert f'<option value="branching">branching ({len(branching)})</option>' in gallery
    for did, d in branching:
        card = gallery[gallery.index(f'data-dialogue="{did}"') :].split("</li>", 1)[0]
        assert "|format:branching|" in card and f"branching: you choose, {len(d.endings)} endings" in card
