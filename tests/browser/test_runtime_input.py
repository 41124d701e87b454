"""Input from whoever sends a link (issue 24): URL parameters and the address's #hash never make a
page throw, and the scripts use only values the page itself offers (a lens button's, a filter's
options, a turn's id), never the raw text as a CSS selector or a decoded id."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import Page, expect

DIALOGUE = "cant-stick-to-the-diet"
HOSTILE = ['"]', "'", "\\", "<img src=x onerror=alert(1)>", 'bond"]', "bond ", "%", "*", "[data-lens]", "a,b", "\u0000", "x" * 5000]


def errors_of(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return errors


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_dialogue_parameters_never_throw_and_mean_no_lens(page: Page, base_url: str, value: str) -> None:
    errors = errors_of(page)
    page.goto(f"{base_url}dialogues/{DIALOGUE}/?{urlencode({'lens': value, 'mode': value})}")
    expect(page.locator(".hb-tools")).to_be_visible()  # the dialogue's tools started
    expect(page.locator('[data-lens][aria-pressed="true"]')).to_have_count(0)
    expect(page.locator(".hb-dialogue")).not_to_have_class(re.compile(r"\bhb-(lensed|practise)\b"))
    assert "lens=" not in page.url and "mode=" not in page.url, "an unknown value is dropped from the address"
    page.locator('[data-lens="bond"]').click()  # and the lens still works
    expect(page.locator('[data-lens="bond"]')).to_have_attribute("aria-pressed", "true")
    assert errors == []


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_gallery_parameters_never_throw_and_filter_nothing(page: Page, base_url: str, value: str) -> None:
    errors = errors_of(page)
    page.goto(f"{base_url}dialogues/?{urlencode({'theme': value, 'alliance': value, 'other': value})}")
    cards = page.locator(".hb-cards>li")
    expect(page.locator(".hb-filter__count")).to_have_text(f"Showing {cards.count()} of {cards.count()} dialogues.")
    assert "theme=" not in page.url and "alliance=" not in page.url
    assert errors == []


@pytest.mark.parametrize("fragment", ["%E0%A4%A", "%", "turn-1%", "turn-1%ZZ", quote('"]'), "turn-999", "turn-1-worse", "turn-", "%74urn-3"])
def test_a_malformed_or_unknown_hash_never_throws(page: Page, base_url: str, fragment: str) -> None:
    errors = errors_of(page)
    page.goto(f"{base_url}dialogues/{DIALOGUE}/#{fragment}")
    expect(page.locator(".hb-tools")).to_be_visible()
    expect(page.locator(".hb-is-target")).to_have_count(0)
    # A real turn link still works afterwards.
    page.evaluate("() => { location.hash = 'turn-3'; }")
    expect(page.locator("#turn-3")).to_be_focused()
    expect(page.locator("#turn-3")).to_have_class(re.compile(r"\bhb-is-target\b"))
    assert errors == []


BRANCHING = "quiet-on-the-phone"


@pytest.mark.parametrize("fragment", ["%E0%A4%A", "%", quote('"]'), "node-", "node-x%ZZ", "ending-nope", "turn-1%"])
@pytest.mark.parametrize("value", ['"]', "<img src=x onerror=alert(1)>", "\u0000"], ids=range(3))
def test_a_branching_dialogue_takes_hostile_parameters_and_hashes_without_throwing(page: Page, base_url: str, value: str, fragment: str) -> None:
    """branch.js reads the address too (issue 21): a malformed #hash opens nothing and a hostile
    parameter throws nothing; the player still plays."""
    errors = errors_of(page)
    page.goto(f"{base_url}dialogues/{BRANCHING}/?{urlencode({'lens': value})}#{fragment}")
    expect(page.locator(".hb-play")).to_be_visible()
    page.locator(".hb-play__opt").first.click()  # the player still plays
    assert errors == []
