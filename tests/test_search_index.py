"""What search shows (issue 19): a dialogue's result is its conversation, not button text, turn
links or addresses, and the practise answers (codes, defensible readings, the trainers' answer keys)
are not in the index at all. Material's search plugin honours data-search-exclude."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.load.loader import load_handbook

ROOT = Path(__file__).resolve().parent.parent

# Text that only widgets' controls, turn links and the coding put on a dialogue page.
CLUTTER = re.compile(
    r"Copy link|https?://|\bTurn \d+\b|Check and show the notes|Alliance part\(s\)|Highlight|\bModeRead|Alliance: |ALSI: |"
    r"Also defensible|Move (up|down)|Reset this quiz|Check answer|Save my rating|Show all|Any [a-z ]+ \(\d+\)"
)


def index(site_dir: Path) -> list[dict[str, str]]:
    return list(json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])


def test_dialogue_quiz_and_gallery_results_carry_no_controls_links_or_codes(site_dir: Path) -> None:
    docs = [d for d in index(site_dir) if d["location"].startswith(("dialogues/", "progress/")) or d["location"].endswith("#check-your-understanding")]
    assert len(docs) > 40
    cluttered = {d["location"]: sorted({m.group() for m in CLUTTER.finditer(d["text"])}) for d in docs}
    assert {k: v for k, v in cluttered.items() if v} == {}


def test_dialogue_turns_stay_searchable_but_their_coding_does_not(site_dir: Path) -> None:
    book, _ = load_handbook(ROOT)
    d = book.dialogue_by_id["fear-of-going-low"]
    (page,) = [doc for doc in index(site_dir) if doc["location"] == "dialogues/fear-of-going-low/"]
    hcp = next(t for t in d.turns if t.speaker == "hcp")
    assert hcp.text[:40] in page["text"], "the turn's words are what a search should find"
    assert "Alliance:" not in page["text"] and "alliance this turn works on" not in page["text"].lower()


def test_the_trainers_answer_keys_are_not_indexed(site_dir: Path) -> None:
    locations = [d["location"] for d in index(site_dir) if d["location"].startswith("trainers/dialogues/")]
    assert any(loc.endswith("#discussion-prompts") for loc in locations)
    assert [loc for loc in locations if "answer-key" in loc or "at-a-glance" in loc] == []


def test_the_clutter_pattern_catches_what_it_should() -> None:
    sample = "Agnieszka person with diabetes: Turn 1 http://x/#turn-1 Copy link to turn 1 Alliance: bond ALSI: listen Any bond (5)"
    assert {m.group() for m in CLUTTER.finditer(sample)} == {"Turn 1", "http://", "Copy link", "Alliance: ", "ALSI: ", "Any bond (5)"}
