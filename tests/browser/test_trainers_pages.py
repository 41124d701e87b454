"""Trainers' pages in the browser: role-play cards, print media without navigation, embed pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from generator.load.loader import load_handbook

ROOT = Path(__file__).resolve().parents[2]
DIALOGUE = "after-a-low-while-driving"


def test_role_play_cards_render_from_the_dialogue(page: Any, base_url: str, axe: Any) -> None:
    book, _ = load_handbook(ROOT)
    d = next(doc.model for doc in book.dialogues if doc.model.id == DIALOGUE)
    page.goto(f"{base_url}trainers/dialogues/{DIALOGUE}/")
    for card in ("card-hcp", "card-person", "card-observer"):
        expect(page.locator(f"h3#{card}")).to_be_visible()
    person_card = page.locator("h3#card-person ~ ul").first
    pwd_lines = [t for t in d.turns if t.speaker == "pwd"]
    expect(person_card.locator("li")).to_have_count(len(pwd_lines))
    assert (d.context.person or "").split(",")[0] in page.locator("h3#card-person + p").inner_text()
    strained = [n for n, t in enumerate(d.turns, 1) if t.effect == "strains"]
    for n in strained:
        expect(page.locator("ol li", has_text=f"Turn {n} strains the alliance").first).to_be_visible()
    assert axe(page) == []


def test_print_media_hides_navigation_and_keeps_annotations(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}dialogues/{DIALOGUE}/")
    chrome = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
    for selector in chrome:
        expect(page.locator(selector).first).to_be_visible()
    page.emulate_media(media="print")
    for selector in chrome:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".hb-annot").first).to_be_visible()
    link = page.locator(".md-content a", has_text="practice gallery").last
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after


def test_embed_page_has_no_site_navigation(page: Any, base_url: str, axe: Any) -> None:
    page.goto(f"{base_url}embed/dialogues/{DIALOGUE}/")
    expect(page.locator(".hb-dialogue")).to_be_visible()
    for selector in (".md-header", ".md-sidebar", ".md-footer", ".md-tabs"):
        expect(page.locator(selector)).to_have_count(0)
    expect(page.locator("h1")).to_have_count(1)
    assert axe(page) == []
    back = page.locator(".hb-embed-source a")
    assert back.get_attribute("target") == "_blank"
    page.goto(back.evaluate("a => a.href"))
    expect(page.locator(".md-header")).to_be_visible()
    assert page.url == f"{base_url}dialogues/{DIALOGUE}/"


def test_embedded_quiz_works_without_site_navigation(page: Any, base_url: str, axe: Any) -> None:
    page.goto(f"{base_url}embed/quizzes/empathy-alsi/")
    quiz = page.locator(".hb-quiz")
    expect(quiz).to_be_visible()
    for selector in (".md-header", ".md-sidebar", ".md-footer"):
        expect(page.locator(selector)).to_have_count(0)
    question = page.locator(".hb-q--single").first
    question.locator("input").first.check()
    question.get_by_role("button", name="Check answer").click()
    expect(quiz.locator(".hb-quiz__live")).not_to_be_empty()
    assert axe(page) == []
    back = page.locator(".hb-embed-source a")
    page.goto(back.evaluate("a => a.href"))
    assert page.url == f"{base_url}modules/empathy-alsi/#check-your-understanding"


def test_pages_of_every_kind_run_without_script_errors(page: Any, base_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for path in ("", "dialogues/", f"dialogues/{DIALOGUE}/", "modules/empathy-alsi/", "progress/",
                 f"embed/dialogues/{DIALOGUE}/", "embed/quizzes/empathy-alsi/", f"trainers/dialogues/{DIALOGUE}/"):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
    assert errors == []
