"""Saved progress is data: whatever localStorage holds, the dialogue and quiz pages keep working.

One validated store (window.hb.store, in handbook.js) serves the dialogue, the quiz and the SCORM adapter. Two cases
of issue 12: a practise entry with the right hash but a malformed `response`, and `answers` that
is not an object.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

KEY = "hb-progress:v1:/"
DIALOGUE = "cant-stick-to-the-diet"


def stored(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.evaluate("k => localStorage.getItem(k)", KEY))
    return data


def watch(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("document.addEventListener('hb:answer', (e) => { window.__hbAnswers = (window.__hbAnswers || []).concat([e.detail]); });")
    return errors


def practise_and_submit(page: Page, turn: int) -> None:
    """Use the lens and the mode buttons, then answer one practise turn: all must still work."""
    lens = page.locator('[data-lens="bond"]')
    lens.click()
    expect(lens).to_have_attribute("aria-pressed", "true")
    lens.click()
    page.get_by_role("button", name="Practise").click()
    expect(page.get_by_role("button", name="Practise")).to_have_attribute("aria-pressed", "true")
    page.evaluate("() => { window.__hbSamePage = true; }")
    form = page.locator(f"#turn-{turn} form")
    form.get_by_label("bond", exact=True).check()
    form.locator("button").click()
    expect(page.locator(f"#turn-{turn} [data-fb]")).to_contain_text("Alliance")
    assert page.evaluate("window.__hbSamePage") is True  # submitting did not reload the page


@pytest.mark.parametrize("response", [{}, [1, 2], "bond", {"alliance": 5}, None, {"alliance": ["bond"], "alsi": None}, {"alliance": [1], "alsi": []}])
def test_malformed_practise_response_does_not_break_the_dialogue(page: Page, base_url: str, response: Any) -> None:
    errors = watch(page)
    page.goto(f"{base_url}dialogues/{DIALOGUE}/")
    turn = page.locator(".hb-try").first.evaluate("f => +f.closest('li').dataset.turn")
    entry_id = page.locator(".hb-try").first.evaluate("f => f.dataset.quiz + '/' + f.dataset.question")
    hash_ = page.locator(".hb-try").first.get_attribute("data-hash")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps({"version": 1, "answers": {entry_id: {"hash": hash_, "response": response, "score": 1, "at": "x"}}})])
    page.reload()
    expect(page.locator(f"#turn-{turn}")).to_have_class(re.compile(r"\bhb-pending\b"))  # not taken as answered
    practise_and_submit(page, turn)
    saved = stored(page)["answers"][entry_id]
    assert saved["hash"] == hash_ and saved["response"]["alliance"] == ["bond"]
    assert len(page.evaluate("window.__hbAnswers")) == 1
    assert errors == []


@pytest.mark.parametrize("answers", ['"a string"', "true", "42", "[1, 2]", "null"])
def test_answers_that_are_not_an_object_are_replaced_not_used(page: Page, base_url: str, answers: str) -> None:
    errors = watch(page)
    value = json.dumps('{"version": 1, "answers": ' + answers + "}")
    page.add_init_script(f"if (!sessionStorage.seeded) {{ sessionStorage.seeded = 1; localStorage.setItem({json.dumps(KEY)}, {value}); }}")
    page.goto(f"{base_url}dialogues/{DIALOGUE}/")
    turn = page.locator(".hb-try").first.evaluate("f => +f.closest('li').dataset.turn")
    practise_and_submit(page, turn)
    assert len(stored(page)["answers"]) == 1
    assert len(page.evaluate("window.__hbAnswers")) == 1
    # The quiz on a module page saves into the same store.
    page.goto(f"{base_url}modules/barriers/")
    question = page.locator('.hb-q[data-type="single"]').first
    question.locator("input").first.check()
    question.locator(".hb-q__check, button[type=submit]").first.click()
    expect(question.locator(".hb-q__result")).to_be_visible()
    assert len(stored(page)["answers"]) == 2
    assert errors == []


def test_both_scripts_share_one_store(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}modules/barriers/")
    assert page.evaluate("typeof window.hb.store.valid") == "function"
    assert page.evaluate("window.hb.store.valid({version: 1, answers: 'x'})") is False
    assert page.evaluate("window.hb.store.valid({version: 1, answers: {'a/b': {hash: 'h', score: 2}}})") is False
    assert page.evaluate("window.hb.store.valid({version: 1, answers: {'a/b': {hash: 'h', score: 1, response: [0]}}})") is True
