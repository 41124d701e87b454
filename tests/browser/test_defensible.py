"""Issue 13 in a real browser: a defensible reading earns explained credit, the same way in practise
mode (dialogue pages) and in the classify-turn / ALSI-step questions; answers saved before the
feature still load and show; the gallery's slip filter shows exactly the dialogues with that slip.

Turns, readings and reasons come from the YAML through generator.load, never from the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from generator.load.loader import load_handbook
from generator.model.book import Handbook
from generator.model.content import ALLIANCE, ALSI, SLIPS, Coding, Dialogue, Turn
from generator.model.credit import coding_credit
from generator.model.quiz import AlsiStep, ClassifyTurn, Quiz
from generator.render.markdown import plain

ROOT = Path(__file__).resolve().parents[2]
KEY = "hb-progress:v1:/"


@pytest.fixture(scope="module")
def book() -> Handbook:
    loaded, findings = load_handbook(ROOT)
    assert findings == []
    return loaded


def saved(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')") or "{}")
    return data


def practise_turn(book: Handbook) -> tuple[Dialogue, int, Turn, Coding]:
    """The first HCP turn keyed with two or more parts that has a defensible alliance reading."""
    for doc in book.dialogues:
        for n, t in enumerate(doc.model.turns, start=1):
            for r in t.defensible:
                if r.alliance is not None and sorted(r.alliance) != sorted(t.alliance or []) and len(t.alliance or []) > 1:
                    return doc.model, n, t, r
    raise AssertionError("no turn lists a defensible alliance reading; add one (see the codebook)")


def tick(page: Page, d: Dialogue, n: int, alliance: list[str], alsi: list[str]) -> None:
    form = page.locator(f"#turn-{n} form.hb-try")
    for box in form.locator("input").all():
        box.set_checked((box.get_attribute("value") or "") in [*alliance, *alsi])
    form.get_by_role("button", name="Check and show the notes").click()


def fresh(page: Page) -> None:
    """A learner who has not coded the turn yet: a coded turn stays locked (the first coding counts)."""
    page.evaluate("() => localStorage.clear()")
    page.reload()


def test_practise_mode_gives_explained_credit_for_a_defensible_reading(page: Page, base_url: str, book: Handbook) -> None:
    d, n, turn, reading = practise_turn(book)
    alsi = reading.alsi if reading.alsi is not None else list(turn.alsi or [])
    page.goto(f"{base_url}dialogues/{d.id}/?mode=practise")
    fb = page.locator(f"#turn-{n} form [data-fb]")
    tick(page, d, n, list(reading.alliance or []), alsi)
    expect(fb).to_contain_text("Alliance ✔ defensible")
    expect(fb).to_contain_text(f"Defensible: the key codes the alliance {', '.join(turn.alliance or [])}.")
    expect(fb).to_contain_text(plain(reading.reason)[:60])
    expect(page.locator(f"#turn-{n} .hb-note")).to_be_visible()
    entry = saved(page)["answers"][f"dialogue-{d.id}/turn-{n}"]
    assert entry["score"] == 1
    assert sorted(entry["response"]["alliance"]) == sorted(reading.alliance or [])
    # The key itself: full credit without the explanation.
    fresh(page)
    tick(page, d, n, list(turn.alliance or []), list(turn.alsi or []))
    expect(fb).to_contain_text("Alliance ✔ right, ALSI ✔ right")
    expect(fb).not_to_contain_text("Defensible")
    # Part of the key (matching no reading) earns partial credit by the one credit rule
    # (generator/model/credit.py; Moodle's multiple-answer rule over the three parts).
    key = list(turn.alliance or [])
    readings = [list(r.alliance) for r in turn.defensible if r.alliance is not None]
    partial = next(([p] for p in key if len(key) > 1 and sorted([p]) not in [sorted(r) for r in readings]), None)
    if partial is not None:
        fresh(page)
        tick(page, d, n, partial, list(turn.alsi or []))
        expect(fb).to_contain_text("Alliance ◐ partly right")
        index = {code: i for i, code in enumerate(ALLIANCE)}
        part = coding_credit([index[c] for c in partial], [index[c] for c in key], len(ALLIANCE), [[index[c] for c in r] for r in readings])
        assert saved(page)["answers"][f"dialogue-{d.id}/turn-{n}"]["score"] == pytest.approx((part + 1) / 2)


def test_an_answer_saved_before_defensible_readings_still_loads_and_shows(page: Page, base_url: str, book: Handbook) -> None:
    """Saved progress keeps its format: an old entry (scored in the exact-match days) loads, shows
    its notes, and migrates: marked by today's rule, its score follows; nothing else changes."""
    d, n, turn, reading = practise_turn(book)
    alsi = reading.alsi if reading.alsi is not None else list(turn.alsi or [])
    page.goto(f"{base_url}dialogues/{d.id}/?mode=practise")
    digest = page.locator(f"#turn-{n} form").get_attribute("data-hash")
    old = {f"dialogue-{d.id}/turn-{n}": {"hash": digest, "response": {"alliance": reading.alliance, "alsi": alsi}, "score": 0.5, "at": "2026-01-01T00:00:00Z"}}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify({version: 1, answers: v}))", [KEY, old])
    page.reload()
    expect(page.locator(f"#turn-{n} .hb-note")).to_be_visible()
    expect(page.locator(f"#turn-{n} form [data-fb]")).to_contain_text("Alliance ✔ defensible")
    for part in reading.alliance or []:
        expect(page.locator(f"#turn-{n} form").get_by_label(part, exact=True)).to_be_checked()
    assert saved(page)["answers"] == {k: {**v, "score": 1} for k, v in old.items()}, "the score migrates; response, hash and time stay"


def quoted_question(book: Handbook) -> tuple[Quiz, ClassifyTurn | AlsiStep, Coding, list[str]]:
    """A classify-turn or ALSI-step question whose quoted turn has a defensible reading for its codes."""
    dialogues = {d.model.id: d.model for d in book.dialogues}
    for doc in book.quizzes:
        for q in doc.model.questions:
            if isinstance(q, ClassifyTurn | AlsiStep):
                field = "alliance" if isinstance(q, ClassifyTurn) else "alsi"
                for r in dialogues[q.dialogue].turns[q.turn - 1].defensible:
                    codes = getattr(r, field)
                    if codes is not None and codes:
                        return doc.model, q, r, list(codes)
    raise AssertionError("no classify-turn or alsi-step question quotes a turn with a defensible reading")


def test_a_classify_question_gives_explained_credit_for_the_quoted_turns_reading(page: Page, base_url: str, book: Handbook) -> None:
    quiz, q, reading, codes = quoted_question(book)
    names = ALLIANCE if isinstance(q, ClassifyTurn) else ALSI
    page.add_init_script("window.__answers = []; document.addEventListener('hb:answer', e => window.__answers.push(e.detail));")
    page.goto(f"{base_url}modules/{quiz.id}/")
    loc = page.locator(f'.hb-q[data-quiz="{quiz.id}"][data-question="{q.id}"]')
    for i, name in enumerate(names):
        loc.locator(f'.hb-q__opts input[value="{i}"]').set_checked(name in codes)
    loc.locator(".hb-q__check").click()
    status = loc.locator(".hb-q__result .hb-res")
    expect(status).to_contain_text("Defensible: the key codes it " + ", ".join(n.capitalize() for n in names if n in q.answer))
    expect(loc.locator(".hb-q__result")).to_contain_text(plain(reading.reason)[:60])
    expect(status).to_have_class("hb-res hb-res--right")
    entry = saved(page)["answers"][f"{quiz.id}/{q.id}"]
    assert entry["score"] == 1 and sorted(entry["response"]) == sorted(names.index(c) for c in codes)
    events = page.evaluate("() => window.__answers")
    assert events[-1]["score"] == 1 and events[-1]["correct"] is False and events[-1]["defensible"] is True
    # Reload: the saved answer comes back with the same explained credit.
    page.reload()
    expect(loc.locator(".hb-q__result .hb-res")).to_contain_text("Defensible")
    # The key gets plain full credit.
    for i, name in enumerate(names):
        loc.locator(f'.hb-q__opts input[value="{i}"]').set_checked(name in q.answer)
    loc.locator(".hb-q__check").click()
    expect(status).to_contain_text("Correct.")
    expect(status).not_to_contain_text("Defensible")


def test_a_quiz_answer_saved_before_defensible_readings_migrates(page: Page, base_url: str, book: Handbook) -> None:
    quiz, q, _, codes = quoted_question(book)
    names = ALLIANCE if isinstance(q, ClassifyTurn) else ALSI
    page.goto(f"{base_url}modules/{quiz.id}/")
    loc = page.locator(f'.hb-q[data-quiz="{quiz.id}"][data-question="{q.id}"]')
    old = {"hash": loc.get_attribute("data-hash"), "response": [names.index(c) for c in codes], "score": 0, "at": "2026-01-01T00:00:00Z"}
    other = {"hash": "h", "response": [0], "score": 0.5, "at": "x"}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify({version: 1, answers: v}))", [KEY, {f"{quiz.id}/{q.id}": old, "elsewhere/q": other}])
    page.reload()
    expect(loc.locator(".hb-q__result .hb-res")).to_contain_text("Defensible")
    assert saved(page)["answers"] == {f"{quiz.id}/{q.id}": {**old, "score": 1}, "elsewhere/q": other}


def test_the_gallery_slip_filter_shows_exactly_the_dialogues_with_that_slip(page: Page, base_url: str, book: Handbook) -> None:
    assert book.codebook is not None
    names = {s.id: s.name.lower() for s in book.codebook.model.slips}
    dialogues = {d.model.id: d.model for d in book.dialogues}
    page.goto(base_url + "dialogues/")
    page.locator(".hb-filter summary").click()  # the filters sit in a disclosure, closed at first
    select = page.locator('select[name="slip"]')
    for slip in SLIPS:
        expected = {i for i, d in dialogues.items() if any(slip in t.slips for t in d.turns)}
        assert expected, f"no dialogue shows the slip {slip}"
        expect(select.locator(f'option[value="{slip}"]')).to_have_text(f"{names[slip]} ({len(expected)})")
        select.select_option(slip)
        shown = set(page.eval_on_selector_all(".hb-cards>li", "els => els.filter(e => e.offsetParent).map(e => e.dataset.dialogue)"))
        assert shown == expected, slip
        assert f"slip={slip}" in page.url
    page.goto(base_url + "dialogues/?slip=false-reassurance")
    expect(select).to_have_value("false-reassurance")


def test_an_answer_to_a_revised_question_is_never_silently_dropped(page: Page, base_url: str, book: Handbook) -> None:
    """A recoded classify / ALSI-step question marks the saved parts again against the new key; a
    revised question of another type keeps the saved answer, does not count it, and says so."""
    quiz, q, _, _ = quoted_question(book)
    names = ALLIANCE if isinstance(q, ClassifyTurn) else ALSI
    other = next(o for o in quiz.questions if o.type in ("single", "multiple"))
    page.goto(f"{base_url}modules/{quiz.id}/")
    coded = page.locator(f'.hb-q[data-quiz="{quiz.id}"][data-question="{q.id}"]')
    plain_q = page.locator(f'.hb-q[data-quiz="{quiz.id}"][data-question="{other.id}"]')
    key = [names.index(c) for c in q.answer]
    revised = {
        f"{quiz.id}/{q.id}": {"hash": "an-older-version", "response": key, "score": 0, "at": "2026-01-01T00:00:00Z"},
        f"{quiz.id}/{other.id}": {"hash": "an-older-version", "response": [0], "score": 1, "at": "2026-01-01T00:00:00Z"},
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify({version: 1, answers: v}))", [KEY, revised])
    page.reload()
    expect(coded.locator(".hb-q__changed")).to_contain_text("marked again against the current key")
    expect(coded.locator(".hb-q__result .hb-res")).to_contain_text("Correct.")
    expect(plain_q.locator(".hb-q__changed")).to_contain_text("Answer it again")
    answers = saved(page)["answers"]
    assert answers[f"{quiz.id}/{q.id}"]["hash"] == coded.get_attribute("data-hash")
    assert answers[f"{quiz.id}/{q.id}"]["score"] == 1
    assert answers[f"{quiz.id}/{other.id}"] == revised[f"{quiz.id}/{other.id}"], "kept as it was, never deleted"
