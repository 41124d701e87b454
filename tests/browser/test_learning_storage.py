"""The learner's own pages (issue 22) read a store that anything may have written (another tab, an old
version, a hand-edited import): a malformed schedule or record, or text that looks like HTML, never
makes the home, review or record page throw, and shows as text."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, expect

HOSTILE = "<img src=x onerror=alert(1)>"


def errors_of(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return errors


def test_a_malformed_schedule_and_record_never_break_the_pages(page: Page, base_url: str) -> None:
    errors = errors_of(page)
    page.goto(f"{base_url}review/")
    items: dict[str, Any] = json.loads(page.locator(".hb-review").get_attribute("data-items") or "{}")
    wrong = next(i for i, item in items.items() if item["type"] == "single")
    store = {
        "version": 1,
        "answers": {
            wrong: {"hash": items[wrong]["hash"], "response": [9], "score": 0, "at": "2026-03-02T09:00:00.000Z", "last": {"score": "x"}},
            "nowhere/q": {"hash": "h", "response": [], "score": 0.5, "at": "not a date"},
            "dialogue-x/turn-1": {"hash": "h", "response": {"alliance": [HOSTILE]}, "score": 0, "at": "2026-03-02T09:00:00.000Z"},
        },
        "review": {wrong: {"box": 99, "due": HOSTILE, "seen": None}, "nowhere/q": "x", "__proto__": {"box": 1}},
        "record": {"name": HOSTILE, "reflection": 42},
    }
    page.evaluate("s => localStorage.setItem('hb-progress:v1:/', JSON.stringify(s))", store)

    page.goto(base_url)
    # One due: the dated wrong answer (its bad `last` dropped); the undated one and the practised turn are not.
    expect(page.locator(".hb-due")).to_contain_text("1 question is due for review.")
    page.goto(f"{base_url}review/")
    expect(page.locator(f".hb-review__item[data-id='{wrong}']")).to_be_visible()
    expect(page.locator(".hb-review__summary")).to_have_text("1 due now. 0 coming up later.")
    page.goto(f"{base_url}record/")
    expect(page.get_by_label("Your name")).to_have_value(HOSTILE)
    expect(page.get_by_label("What you learnt")).to_have_value("")
    expect(page.locator("[data-empty]")).to_be_visible()
    assert page.locator("article img").count() == 0
    assert errors == []
