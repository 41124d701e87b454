"""Issue 13: the codebook (content, check and page), quiz options that quote dialogue turns, the
slip facet and the slip on annotations and facilitator pages, and defensible readings rendered
for practise mode and the classify / ALSI-step questions."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.api import build, check
from generator.load.loader import load_handbook
from generator.model.content import SLIPS
from generator.model.quiz import AlsiStep, ClassifyTurn, NextResponse, Reply

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.src: p.markdown for p in build(ROOT).pages}


def _messages(root: Path, rel: str) -> list[str]:
    _, findings = check(root)
    return [f.format() for f in findings if f.path == rel]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the codebook --------------------------------------------------------------------------------


def test_a_missing_slip_and_a_miscoded_example_are_errors_at_their_lines(project: Path) -> None:
    path = project / "content" / "codebook.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: parroting")
    end = text.index("  - id: summary-into-advice")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    # The bond example is fear-of-going-low turn 8; point it at a turn that is not coded bond.
    _edit(path, "      dialogue: fear-of-going-low\n      turn: 8\n", "      dialogue: cant-stick-to-the-diet\n      turn: 13\n")
    messages = _messages(project, "content/codebook.yml")
    assert any("missing: parroting" in m for m in messages), messages
    miscoded = [m for m in messages if "expected an example coded bond" in m]
    assert miscoded and "turn 13 of 'cant-stick-to-the-diet' coded alliance: task" in miscoded[0]
    line = text[: text.index("    example:\n      dialogue: fear-of-going-low")].count("\n") + 2
    assert miscoded[0].startswith(f"content/codebook.yml:{line}:"), miscoded


def test_a_rule_example_must_be_coded_exactly_as_the_rule_says(project: Path) -> None:
    _edit(project / "content" / "codebook.yml", "      turn: 17\n      alsi: [ask]\n", "      turn: 17\n      alsi: [summarise]\n")
    messages = _messages(project, "content/codebook.yml")
    assert any("to be coded alsi: summarise as the rule says, found ask" in m for m in messages), messages


def test_an_ambiguous_turn_without_defensible_readings_is_a_warning(project: Path) -> None:
    path = project / "content" / "dialogues" / "cant-stick-to-the-diet.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["turns"][0]["defensible"], "turn 1 sets the agenda and lists its defensible readings"
    text = path.read_text(encoding="utf-8")
    start = text.index("    defensible:")
    end = text.index("  - speaker: pwd", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    messages = _messages(project, "content/dialogues/cant-stick-to-the-diet.yml")
    assert any("warning: turn 1: the codebook marks this turn as ambiguous" in m and "agenda" in m for m in messages), messages


def test_the_codebook_page_defines_everything_and_links_real_turns(pages: dict[str, str]) -> None:
    page = pages["codebook.md"]
    book, _ = load_handbook(ROOT)
    assert book.codebook is not None
    for anchor in ("bond", "task", "goal", "ask", "listen", "summarise", "invite", *(f"slip-{s}" for s in SLIPS)):
        assert f"{{ #{anchor} }}" in page, anchor
    # Every example is a deep link to a dialogue turn (MkDocs checks the anchor in a strict build).
    links = re.findall(r"\]\(dialogues/([a-z0-9-]+)\.md#turn-(\d+)\)", page)
    dialogues = {d.model.id: d.model for d in book.dialogues}
    assert len(links) >= 7 + len(SLIPS)
    for did, n in links:
        assert dialogues[did].turns[int(n) - 1].speaker == "hcp"
    # Each slip lists exactly the strained turns that show it, from the dialogues themselves.
    for slip in SLIPS:
        section = page[page.index(f"{{ #slip-{slip} }}") :]
        section = section[: section.find("\n### ", 1) if "\n### " in section[1:] else len(section)]
        listed = set(re.findall(r"\]\(dialogues/([a-z0-9-]+)\.md#turn-(\d+)\)", section))
        shown = {(d.id, str(n)) for d in dialogues.values() for n, t in enumerate(d.turns, start=1) if slip in t.slips}
        assert listed == shown, slip


def test_the_codebook_is_linked_from_practise_mode_and_the_schema_reference(pages: dict[str, str]) -> None:
    assert "](../codebook.md)" in pages["contributing/schema.md"]
    page = pages["dialogues/fear-of-going-low.md"]
    assert 'Unsure what counts? See the <a href="../../codebook/#alliance-parts">codebook</a>' in page
    assert "[the codebook](../codebook.md)" in page


# -- slips in the gallery, on annotations and for facilitators ----------------------------------------


def test_the_gallery_has_a_slip_facet_with_counts(pages: dict[str, str]) -> None:
    page = pages["dialogues/index.md"]
    book, _ = load_handbook(ROOT)
    select = re.search(r'<select name="slip">(.*?)</select>', page, re.S)
    assert select
    options = dict(re.findall(r'<option value="([a-z-]+)">[^<]*\((\d+)\)</option>', select.group(1)))
    expected = {s: sum(1 for d in book.dialogues if any(s in t.slips for t in d.model.turns)) for s in SLIPS}
    assert options == {s: str(n) for s, n in expected.items() if n}
    assert ">false reassurance (" in select.group(1)
    for doc in book.dialogues:
        card = re.search(rf'<li class="hb-card" data-dialogue="{doc.model.id}" data-f="([^"]*)"', page)
        assert card
        for slip in {s for t in doc.model.turns for s in t.slips}:
            assert f"|slip:{slip}|" in card.group(1)


def test_a_strained_turn_shows_its_slip_linked_to_the_codebook(pages: dict[str, str]) -> None:
    book, _ = load_handbook(ROOT)
    d, n, slip = next((d.model, n, t.slips[0]) for d in book.dialogues for n, t in enumerate(d.model.turns, start=1) if len(t.slips) == 1)
    page = pages[f"dialogues/{d.id}.md"]
    turn = page[page.index(f'id="turn-{n}"') :]
    assert f'data-slip="{slip}"><span class="hb-code__k">Slip:</span> <a href="../../codebook/#slip-{slip}">' in turn
    trainer = pages[f"trainers/dialogues/{d.id}.md"]
    assert f"(../../codebook.md#slip-{slip})" in trainer
    key = next(line for line in trainer.splitlines() if line.startswith(f"| [{n}](../../dialogues/{d.id}.md#turn-{n})"))
    assert "| strains (" in key


# -- quoted turns: one source of truth ----------------------------------------------------------------


def test_a_quoted_reply_takes_text_coding_and_reply_from_the_dialogue() -> None:
    book, findings = load_handbook(ROOT)
    assert findings == []
    dialogues = {d.model.id: d.model for d in book.dialogues}
    quoted = [(q, o) for doc in book.quizzes for q in doc.model.questions if isinstance(q, NextResponse) for o in q.options if o.quote]
    assert quoted
    for _, o in quoted:
        assert isinstance(o, Reply) and o.quote
        turn = dialogues[o.quote.dialogue].turns[o.quote.turn - 1]
        said = turn.alternative if o.quote.better else turn
        assert said is not None
        assert o.text == said.text and sorted(o.alliance or []) == sorted(said.alliance or [])
        assert o.effect == ("builds" if o.quote.better else turn.effect)


def test_turning_a_copy_into_a_quote_keeps_saved_answers() -> None:
    """The saved-answer hash of a question is the same whether an option copies a turn or quotes it."""
    book, _ = load_handbook(ROOT)
    dialogues = {d.model.id: d.model for d in book.dialogues}
    q = next(q for doc in book.quizzes for q in doc.model.questions if isinstance(q, NextResponse) and any(o.quote for o in q.options))
    copied = q.model_copy(update={"options": [o.model_copy(update={"quote": None}) for o in q.options]})
    assert copied.saved_answer_hash(dialogues) == q.saved_answer_hash(dialogues)


def test_a_copied_turn_with_other_codes_is_an_error_and_a_quote_with_a_copy_is_too(project: Path) -> None:
    path = project / "content" / "quizzes" / "expressing-empathy.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    index, q = next((i, q) for i, q in enumerate(data["questions"]) if q["type"] == "next-response" and any("quote" in o for o in q["options"]))
    j = next(j for j, o in enumerate(q["options"]) if "quote" in o)
    ref = q["options"][j]["quote"]
    dialogue = yaml.safe_load((project / "content" / "dialogues" / f"{ref['dialogue']}.yml").read_text(encoding="utf-8"))
    turn = dialogue["turns"][ref["turn"] - 1]
    other = next(p for p in ("bond", "task", "goal") if p not in turn["alliance"])
    copy = {"text": turn["text"], "effect": turn["effect"], "alliance": [*turn["alliance"], other], "feedback": "Copied.", "reply": "Fine."}
    q["options"].append(copy)
    q["options"][j]["text"] = "A copy next to the quote."
    path.write_text("# yaml-language-server: $schema=../../schema/quiz.schema.json\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    messages = _messages(project, "content/quizzes/expressing-empathy.yml")
    assert any(f"error: this option copies turn {ref['turn']} of '{ref['dialogue']}'" in m and "replace the copy with quote:" in m for m in messages), messages
    assert any("error: 'text' comes from the quoted turn; remove it here" in m for m in messages), messages
    assert index >= 0


def test_a_quote_of_a_turn_that_does_not_exist_is_an_error(project: Path) -> None:
    path = project / "content" / "quizzes" / "expressing-empathy.yml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r"quote: \{dialogue: ([a-z-]+), turn: (\d+)\}", text)
    assert found
    _edit(path, found.group(0), f"quote: {{dialogue: {found.group(1)}, turn: 99}}")
    messages = _messages(project, "content/quizzes/expressing-empathy.yml")
    assert any(f"expected a turn of '{found.group(1)}'" in m and "found 99" in m for m in messages), messages


# -- defensible readings in the widgets ----------------------------------------------------------------


def test_practise_forms_and_quoted_turn_questions_carry_the_defensible_readings(pages: dict[str, str]) -> None:
    book, _ = load_handbook(ROOT)
    d, n, turn = next((d.model, n, t) for d in book.dialogues for n, t in enumerate(d.model.turns, start=1) if t.defensible)
    page = pages[f"dialogues/{d.id}.md"]
    form = re.search(rf'<form class="hb-try"[^>]*data-question="turn-{n}"[^>]*>', page)
    assert form
    readings = json.loads(html.unescape(re.search(r'data-defensible="([^"]*)"', form.group(0)).group(1)))  # type: ignore[union-attr]
    assert [(r["alliance"], r["alsi"]) for r in readings] == [(r.alliance, r.alsi) for r in turn.defensible]
    assert "Also defensible" in page[page.index(f'id="turn-{n}"') :]
    # A classify-turn or ALSI-step question takes the readings from the turn it quotes.
    for doc in book.quizzes:
        for q in doc.model.questions:
            if not isinstance(q, ClassifyTurn | AlsiStep):
                continue
            quoted = {d.model.id: d.model for d in book.dialogues}[q.dialogue].turns[q.turn - 1]
            field = "alliance" if isinstance(q, ClassifyTurn) else "alsi"
            wanted = [getattr(r, field) for r in quoted.defensible if getattr(r, field) is not None]
            module = pages[f"modules/{doc.model.id}.md"]
            block = re.search(rf'<div class="hb-q [^"]*" id="q-{doc.model.id}-{q.id}"[^>]*>', module)
            assert block
            attr = re.search(r'data-defensible="([^"]*)"', block.group(0))
            if not wanted:
                assert attr is None
                continue
            assert attr
            names = ("bond", "task", "goal") if field == "alliance" else ("ask", "listen", "summarise", "invite")
            assert [[names[i] for i in r["i"]] for r in json.loads(html.unescape(attr.group(1)))] == wanted


# -- the codebook's machine-checkable rules (issue 20) --------------------------------------------


def _set_alsi(path: Path, n: int, alsi: str) -> int:
    """Re-key turn n's alsi field in place; return its 1-based line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("  - speaker:")]
    at = next(i for i in range(starts[n - 1], len(lines)) if lines[i].startswith("    alsi:"))
    lines[at] = f"    alsi: {alsi}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(
    ("dialogue", "turn", "alsi", "rule", "words"),
    [
        ("insulin-in-a-rucksack", 9, "[listen]", 10, "parroting, which takes no ALSI step"),
        ("after-dka-on-the-ward", 15, "[invite]", 7, "coded invite, but nothing in it asks permission"),
        ("first-adult-clinic", 11, "[invite, ask]", 9, "asks the person to choose, which is invite, not ask"),
        ("teen-wants-independence", 13, "[ask]", 11, "its questions go to Dad"),
        ("fear-of-going-low", 2, "[listen, ask]", 5, "checks a reflection or a summary"),
    ],
)
def test_a_key_that_breaks_a_rule_is_refused_at_its_line_citing_the_rule(project: Path, dialogue: str, turn: int, alsi: str, rule: int, words: str) -> None:
    rel = f"content/dialogues/{dialogue}.yml"
    line = _set_alsi(project / rel, turn, alsi)
    messages = _messages(project, rel)
    hits = [m for m in messages if words in m]
    assert hits, messages
    assert hits[0].startswith(f"{rel}:{line}:11: error: turn {turn}"), hits
    assert f"(decision rule {rule})" in hits[0]


def test_a_strained_turn_without_bond_is_refused(project: Path) -> None:
    rel = "content/dialogues/insulin-in-a-rucksack.yml"
    _edit(project / rel, "    alliance: [task, bond, goal]\n    alsi: [ask]\n    effect: strains", "    alliance: [task, goal]\n    alsi: [ask]\n    effect: strains")
    assert any("turn 3: a strained turn always strains the bond (decision rule 8)" in m and "Write alliance: [task, goal, bond]" in m for m in _messages(project, rel))


def test_rule_citations_name_a_rule_that_exists(project: Path) -> None:
    rel = "content/dialogues/eye-screening-letter.yml"
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert "(decision rule 4)" in text and "(decision rule 1)" in text
    path.write_text(text.replace("(decision rule 4)", "(edge case 4)", 1).replace("(decision rule 1)", "(decision rule 40)", 1), encoding="utf-8")
    messages = _messages(project, rel)
    assert any("expected 'decision rule 4', found 'edge case 4'" in m for m in messages), messages
    rules = len(yaml.safe_load((ROOT / "content" / "codebook.yml").read_text(encoding="utf-8"))["rules"])
    assert any(f"'decision rule 40' names no rule: the codebook has decision rules 1 to {rules}" in m for m in messages), messages


def test_every_rule_cited_in_the_content_exists_and_the_numbers_match_the_page(pages: dict[str, str]) -> None:
    book, _ = load_handbook(ROOT)
    assert book.codebook is not None
    page = pages["codebook.md"]
    for n, rule in enumerate(book.codebook.model.rules, start=1):
        assert f"### Decision rule {n}: " in page and f"{{ #rule-{rule.id} }}" in page
