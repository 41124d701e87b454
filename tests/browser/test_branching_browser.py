"""Branching dialogues in a real browser (issue 21): play to every ending of one scenario with the
keyboard only, step back, reload and keep the path, read every path without JavaScript, and axe
at phone and desktop widths. The paths and what each shows come from the YAML (the graph model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from support import route_to

from generator.load.loader import load_handbook
from generator.model.branching import build
from generator.model.content import Dialogue
from generator.render.markdown import plain

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "quiet-on-the-phone"

# Every hb:answer event, kept where the test can read it.
RECORD = "window.hbAnswers = []; document.addEventListener('hb:answer', (e) => window.hbAnswers.push(e.detail));"


@pytest.fixture(scope="module")
def scenario() -> Dialogue:
    book, _ = load_handbook(ROOT)
    return next(d.model for d in book.dialogues if d.model.id == SCENARIO)


def choose_by_keyboard(page: Page, index: int) -> None:
    """Pick option ``index`` at the current choice point: Tab from the first option, then Enter."""
    options = page.locator(".hb-play__point:not([hidden]) .hb-play__opt")
    expect(options.first).to_be_focused()
    for _ in range(index):
        page.keyboard.press("Tab")
    expect(options.nth(index)).to_be_focused()
    page.keyboard.press("Enter")


def stored(page: Page) -> dict[str, Any]:
    raw = page.evaluate("() => localStorage.getItem('hb-progress:v1:/')")
    data: dict[str, Any] = json.loads(raw)
    return data["answers"][f"branch-{SCENARIO}/path"]


@pytest.mark.parametrize("ending", ["face-to-face-booked", "help-with-pete", "more-jobs", "call-ends-unheard"])
def test_the_keyboard_reaches_each_ending_and_sees_the_coding_after_each_choice(page: Page, base_url: str, scenario: Dialogue, ending: str) -> None:
    g = build(scenario)
    picks = route_to(g, ending)
    page.add_init_script(RECORD)
    page.goto(f"{base_url}dialogues/{SCENARIO}/")
    expect(page.locator(".hb-play")).to_be_visible()
    expect(page.locator(".hb-play").get_by_text("at each choice point")).to_be_visible()  # the player says what to do
    expect(page.locator("ol.hb-turns").first).to_be_hidden()  # only the learner's path is shown
    page.locator(".hb-play__point:not([hidden]) .hb-play__opt").first.focus()  # where a keyboard user's Tab would land in the player
    for n, pick in enumerate(picks, start=1):
        option = page.locator(".hb-play__point:not([hidden]) .hb-play__opt").nth(pick)
        words = option.inner_text()
        choose_by_keyboard(page, pick)
        chosen = page.locator(".hb-play__path > li").filter(has=page.locator(".hb-play__k", has_text=f"Your choice {n}"))
        expect(chosen).to_contain_text(words[:40])
        expect(chosen.locator(".hb-codes")).to_be_visible()  # the coding feedback
        expect(page.locator("[data-play-status]")).to_contain_text("You chose")
    end = next(e for e in scenario.endings if e.id == ending)
    expect(page.locator(".hb-play__path > li.hb-ending")).to_contain_text(end.title)
    expect(page.locator(".hb-play__score")).to_be_focused()
    expect(page.locator(".hb-play__score")).to_contain_text(f"{round(end.score * 100)}%")
    expect(page.locator("[data-play-status]")).to_contain_text(f"Ending: {end.title}")
    answers = page.evaluate("window.hbAnswers")
    assert [a["questionId"] for a in answers] == [*(f"choice-{n}" for n in range(1, len(picks) + 1)), "path"]
    assert answers[-1]["score"] == end.score and answers[-1]["response"].endswith(ending)
    assert stored(page)["response"] == picks


def test_step_back_and_reload_keep_the_path(page: Page, base_url: str, scenario: Dialogue) -> None:
    g = build(scenario)
    picks = route_to(g, "more-jobs")
    page.goto(f"{base_url}dialogues/{SCENARIO}/")
    page.locator(".hb-play__point:not([hidden]) .hb-play__opt").first.focus()
    for pick in picks:
        choose_by_keyboard(page, pick)
    steps = page.locator(".hb-play__path > li")
    expect(page.locator(".hb-play__path > li.hb-ending")).to_have_count(1)
    total = steps.count()
    page.reload()
    expect(steps).to_have_count(total)
    expect(page.locator(".hb-play__path > li.hb-ending")).to_have_count(1)
    assert stored(page)["response"] == picks
    # Step back: the last choice point comes back, with its options, and the path loses what followed.
    page.locator("[data-back]").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".hb-play__path > li.hb-ending")).to_have_count(0)
    expect(page.locator(".hb-play__point:not([hidden]) .hb-play__opt")).to_have_count(len(scenario.branches[1].choices))
    expect(page.locator(".hb-play__point:not([hidden]) .hb-play__opt").first).to_be_focused()
    expect(page.locator("[data-play-status]")).to_have_text("Stepped back one choice.")
    assert stored(page)["response"] == picks[:-1]
    page.reload()
    expect(page.locator(".hb-play__point:not([hidden]) .hb-play__opt")).to_have_count(len(scenario.branches[1].choices))
    # Step back again, to the first choice point: nothing chosen, and step back is disabled.
    for _ in picks[:-1]:
        page.locator("[data-back]").click()
    expect(page.locator(".hb-play__point:not([hidden]) legend")).to_have_text(scenario.branches[0].prompt or "")
    expect(page.locator("[data-back]")).to_be_disabled()
    assert stored(page)["response"] == []


def test_without_javascript_every_path_reads_and_each_choice_links_to_its_words(browser: Browser, base_url: str, scenario: Dialogue) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}dialogues/{SCENARIO}/")
    expect(page.locator(".hb-play")).to_be_hidden()
    for node in scenario.nodes:
        expect(page.locator(f"#node-{node.id}")).to_be_visible()
        expect(page.locator(f"#node-{node.id} .hb-turn__text")).to_have_text(plain(node.text))
    for ending in scenario.endings:
        expect(page.locator(f"#ending-{ending.id}")).to_contain_text(ending.title)
    choice = page.locator('.hb-choices[data-at="turn-7"] a').nth(2)
    choice.click()
    assert page.url.endswith("#node-book-and-go")
    page.locator("#node-book-and-go .hb-then a").click()
    assert page.url.endswith("#node-no-questions")
    context.close()


def test_a_link_to_a_node_opens_the_whole_scenario(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}dialogues/{SCENARIO}/#ending-more-jobs")
    expect(page.locator("#ending-more-jobs")).to_be_visible()
    expect(page.locator("[data-all]")).to_have_attribute("aria-pressed", "true")
    page.locator("[data-all]").click()
    expect(page.locator("#ending-more-jobs")).to_be_hidden()


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_nothing_while_playing(page: Page, base_url: str, axe: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}dialogues/{SCENARIO}/")
    page.locator(".hb-play__point:not([hidden]) .hb-play__opt").first.focus()
    choose_by_keyboard(page, 1)
    expect(page.locator(".hb-play__path > li")).not_to_have_count(0)
    assert axe(page) == []
    page.locator("[data-all]").click()
    assert axe(page) == []


def test_the_gallery_filters_the_branching_dialogues(page: Page, base_url: str) -> None:
    book, _ = load_handbook(ROOT)
    branching = {d.model.id for d in book.dialogues if d.model.branches}
    page.goto(f"{base_url}dialogues/?format=branching")
    expect(page.locator('select[name="format"]')).to_have_value("branching")
    shown = set(page.eval_on_selector_all(".hb-cards>li", "els => els.filter(e => e.offsetParent).map(e => e.dataset.dialogue)"))
    assert shown == branching
    expect(page.locator(".hb-filter__count")).to_have_text(f"Showing {len(branching)} of {len(book.dialogues)} dialogues.")


def test_an_address_asking_for_practise_mode_opens_the_whole_scenario(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}dialogues/{SCENARIO}/?mode=practise")
    expect(page.locator("[data-all]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#turn-3 form.hb-try")).to_be_visible()
    expect(page.locator(".hb-play__point:not([hidden]) .hb-play__opt").first).to_be_visible()  # the player stays, above


def test_opening_the_page_saves_nothing(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}dialogues/{SCENARIO}/")
    expect(page.locator(".hb-play__point:not([hidden])")).to_have_count(1)
    assert page.evaluate("() => localStorage.getItem('hb-progress:v1:/')") is None


@pytest.mark.parametrize("entry", [{"hash": "0000000000", "response": [2]}, {"response": [9, 9]}, {"response": "2"}])
def test_a_path_saved_for_another_version_or_malformed_starts_again(page: Page, base_url: str, entry: dict[str, Any]) -> None:
    page.goto(f"{base_url}dialogues/{SCENARIO}/")
    digest = page.locator(".hb-play").get_attribute("data-hash")
    saved = {"hash": digest, "score": 0, "at": "2026-01-01T00:00:00Z", **entry}
    page.evaluate("(e) => localStorage.setItem('hb-progress:v1:/', JSON.stringify({version: 1, answers: {'branch-quiet-on-the-phone/path': e}}))", saved)
    page.reload()
    expect(page.locator(".hb-play__path > li")).to_have_count(6)  # turns 1 to 6, then the first choice point
    expect(page.locator('.hb-play__point[data-at="turn-7"]')).to_be_visible()
