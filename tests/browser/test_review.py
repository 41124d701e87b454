"""The review queue (issue 22): a question answered wrong comes back on review/, answered right there
it moves to a later date on a Leitner schedule (boxes of 0, 1, 3, 7 and 21 days), and the home page
says how many are due. The clock is set (Playwright's page.clock), so dates are exact."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from playwright.sync_api import Page, expect

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MODULE = "the-working-alliance"


def day(t: datetime) -> str:
    """A date as the review page writes it (en-GB, in the browser's time zone; the times here are at
    09:00 UTC, the same date from UTC-9 to UTC+14)."""
    return f"{t.day} {t.strftime('%B %Y')}"


def store(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.evaluate("localStorage.getItem('hb-progress:v1:/')"))
    return data


def test_a_wrong_answer_is_reviewed_and_moves_to_later_dates(page: Page, base_url: str, axe: Any) -> None:
    page.clock.set_fixed_time(T0)
    page.emulate_media()
    page.goto(f"{base_url}modules/{MODULE}/")
    question = page.locator(".hb-q[data-type='single']").first
    quiz, qid = question.get_attribute("data-quiz"), question.get_attribute("data-question")
    entry_id = f"{quiz}/{qid}"
    wrong = question.locator(".hb-opt[data-correct='false'] input").first
    wrong.check()
    question.locator(".hb-q__check").click()
    expect(question.locator(".hb-res")).to_contain_text("Not quite")

    # The home page says one is due, and links to the queue.
    page.goto(base_url)
    due_line = page.locator(".hb-due")
    expect(due_line).to_be_visible()
    expect(due_line).to_contain_text("1 question is due for review.")
    due_line.get_by_role("link", name="Review them now").click()

    item = page.locator(f".hb-review__item[data-id='{entry_id}']")
    expect(item).to_be_visible()
    expect(page.locator(".hb-review__summary")).to_have_text("1 due now. 0 coming up later.")
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 800})  # a phone
    assert axe(page) == []
    page.set_viewport_size({"width": 1280, "height": 720})
    # Answered wrong here: it stays due today.
    right_index = int(question_right_index(page, base_url, entry_id))
    wrong_index = next(i for i in range(item.locator("input").count()) if i != right_index)
    item.locator("input").nth(wrong_index).check()
    item.get_by_role("button", name="Check").click()
    expect(item.locator("[data-fb]")).to_contain_text("It stays in your queue for today")
    assert store(page)["review"][entry_id]["box"] == 0
    # Answered right a minute later: next review tomorrow; the first try still counts, the new one is kept as `last`.
    page.clock.set_fixed_time(T0 + timedelta(minutes=1))
    item.locator("input").nth(right_index).check()
    item.get_by_role("button", name="Check").click()
    expect(item.locator("[data-fb]")).to_contain_text("✔ Right.")
    expect(item.locator("[data-fb]")).to_contain_text(f"Next review: {day(T0 + timedelta(days=1))}.")
    saved = store(page)
    assert saved["answers"][entry_id]["score"] == 0 and saved["answers"][entry_id]["last"]["score"] == 1
    assert saved["review"][entry_id] == {"box": 1, "due": "2026-03-03T09:01:00.000Z", "seen": "2026-03-02T09:01:00.000Z"}

    # Not due again today: it is listed under "Coming up", and the home page has nothing due.
    page.reload()
    expect(page.locator(".hb-review__item")).to_have_count(0)
    expect(page.locator(".hb-review__summary")).to_have_text("Nothing is due now. 1 coming up later.")
    expect(page.locator(f"[data-later] tr[data-id='{entry_id}'] td").last).to_have_text(day(T0 + timedelta(days=1)))
    page.goto(base_url)
    expect(page.locator(".hb-due")).to_be_hidden()

    # A day later it is due again; right again, it waits three days, then seven.
    for days_on, wait in ((1, 3), (4, 7)):
        now = T0 + timedelta(days=days_on, hours=1)
        page.clock.set_fixed_time(now)
        page.goto(f"{base_url}review/")
        item = page.locator(f".hb-review__item[data-id='{entry_id}']")
        item.locator("input").nth(right_index).check()
        item.get_by_role("button", name="Check").click()
        expect(item.locator("[data-fb]")).to_contain_text(f"Next review: {day(now + timedelta(days=wait))}.")
    page.clock.set_fixed_time(T0 + timedelta(days=5))
    page.goto(base_url)
    expect(page.locator(".hb-due")).to_be_hidden()


def question_right_index(page: Page, base_url: str, entry_id: str) -> str:
    """The right option's index of a question, from its module page's key."""
    items = json.loads(page.locator(".hb-review").get_attribute("data-items") or "{}")
    return str(items[entry_id]["correct"][0])
