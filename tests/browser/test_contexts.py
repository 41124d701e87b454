"""On a phone (390 px) and on a server's 404 (issue 19): visible focus, 44 px tap targets, an order
question with room for its text, "Back to top" over no text, a gallery whose filters do not fill
the first screen and that can be entered by situation (with and without JavaScript), axe on the
states a reader puts the pages in, and a 404 page whose links work at any depth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44

# The problem with the focus ring of the focused element, or "": an outline at least 2 px wide whose
# colour contrasts 3:1 with the page behind it (WCAG 2.4.7 and 1.4.11).
FOCUS_RING_JS = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const name = el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "");
  if (!el.matches(":focus-visible")) return name + ": not :focus-visible";
  if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) return `${name}: outline ${s.outlineStyle} ${s.outlineWidth}`;
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let bg = null;
  for (let e = el.parentElement; e && !bg; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || c[3] > 0) bg = c;
  }
  bg = bg || [255, 255, 255];
  const [r, g, b, a = 1] = rgb(s.outlineColor);
  const ring = [r, g, b].map((v, i) => v * a + bg[i] * (1 - a));
  const [hi, lo] = [lum(ring), lum(bg)].sort((x, y) => y - x);
  const ratio = (hi + 0.05) / (lo + 0.05);
  return ratio >= 3 ? "" : `${name}: focus ring contrast ${ratio.toFixed(2)}:1`;
}"""

# Every visible target matched by the selector, with its size; a label counts only if it operates a control.
TARGETS_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.offsetParent !== null && (el.tagName !== "LABEL" || el.control))
  .map((el) => { const r = el.getBoundingClientRect(); return [el.tagName.toLowerCase() + " " + el.textContent.trim().slice(0, 30), Math.round(r.width), Math.round(r.height)]; })"""


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def small_targets(page: Page, selector: str) -> tuple[int, list[Any]]:
    found = page.evaluate(TARGETS_JS, selector)
    return len(found), [t for t in found if t[1] < MIN_TARGET or t[2] < MIN_TARGET]


def tab_until(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_practise_checkboxes_and_widget_controls_show_a_focus_ring_at_390px(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "dialogues/fear-of-going-low/?mode=practise")
    problems = []
    for selector in ('.hb-try input[type="checkbox"]', ".hb-try button", '.hb-tools [data-mode="read"]'):
        phone.locator("h1").first.click()
        tab_until(phone, selector)
        problems.append(phone.evaluate(FOCUS_RING_JS))
    phone.goto(base_url + "modules/barriers/")
    for selector in (".hb-opt input", ".hb-q__check"):
        phone.locator("h1").first.click()
        tab_until(phone, selector, limit=200)
        problems.append(phone.evaluate(FOCUS_RING_JS))
    phone.goto(base_url + "dialogues/")
    for selector in (".hb-situations a", ".hb-filter summary"):
        phone.locator("h1").first.click()
        tab_until(phone, selector)
        problems.append(phone.evaluate(FOCUS_RING_JS))
    assert [p for p in problems if p] == []


def test_the_focus_check_fails_without_a_ring(phone: Page) -> None:
    """The check above can fail: Material's reset (no outline on inputs) and a faint ring are reported."""
    phone.set_content('<input id="a" style="outline:none"><input id="b" style="outline:3px solid #ddd">')
    phone.keyboard.press("Tab")
    assert "outline none" in phone.evaluate(FOCUS_RING_JS)
    phone.keyboard.press("Tab")
    assert "contrast" in phone.evaluate(FOCUS_RING_JS)


def test_quiz_practise_and_gallery_targets_are_at_least_44px(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "modules/barriers/")
    count, small = small_targets(phone, ".hb-quiz .hb-opt label, .hb-quiz .hb-btn, .hb-q summary")
    assert count >= 20 and small == []
    phone.goto(base_url + "dialogues/fear-of-going-low/?mode=practise")
    count, small = small_targets(phone, ".hb-try label, .hb-try button, .hb-tools button")
    assert count >= 30 and small == []
    phone.goto(base_url + "dialogues/")
    phone.locator(".hb-filter summary").click()
    count, small = small_targets(phone, ".hb-situations a, .hb-filter summary, .hb-filter select, .hb-filter button")
    assert count >= 12 and small == []


def test_the_target_measure_fails_on_a_small_checkbox(phone: Page) -> None:
    phone.set_content('<label><input type="checkbox"> bond</label><label>no control</label>')
    count, small = small_targets(phone, "label")
    assert count == 1 and len(small) == 1


def test_order_items_keep_room_for_their_text_at_390px(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "modules/barriers/")
    order = phone.locator(".hb-q--order").first
    expect(order.locator(".hb-ord__btns").first).to_be_visible()
    widths = order.evaluate("q => [...q.querySelectorAll('.hb-ord__text')].map(t => t.getBoundingClientRect().width / q.getBoundingClientRect().width)")
    assert widths and min(widths) >= 0.6, f"order item text squeezed to {min(widths):.0%} of the question"


def test_back_to_top_sits_in_the_header_and_covers_no_text(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "dialogues/fear-of-going-low/")
    phone.mouse.wheel(0, 4000)
    phone.wait_for_timeout(300)
    phone.mouse.wheel(0, -600)
    top = phone.locator(".md-top")
    expect(top).to_be_visible()
    expect(top).to_have_accessible_name("Back to top")
    # Material slides it .2rem into place when it appears: measure where it settles.
    phone.wait_for_function("() => new DOMMatrix(getComputedStyle(document.querySelector('.md-top')).transform).m42 === 0")
    box, header = top.bounding_box(), phone.locator(".md-header").bounding_box()
    assert box and header
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"], (box, header)
    assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET
    # Inside the header bar it covers no text of the page (which scrolls under the header), and a tap
    # at its centre reaches it, not the header under it.
    reached = phone.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y).closest('.md-top')", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    )
    assert reached
    top.click()
    phone.wait_for_function("() => window.scrollY === 0")


def test_the_gallery_opens_on_situations_not_on_eight_dropdowns(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "dialogues/")
    selects = phone.locator(".hb-filter select")
    assert selects.count() == 8
    for i in range(8):
        expect(selects.nth(i)).to_be_hidden()
    first_screen = phone.evaluate("() => window.innerHeight")
    situation = phone.locator(".hb-situations a").first
    box = situation.bounding_box()
    assert box and box["y"] + box["height"] <= first_screen, "situation links should start on the first screen"
    # The disclosure opens the filters, and they still filter.
    phone.locator(".hb-filter summary").click()
    expect(selects.first).to_be_visible()
    selects.nth(1).select_option("summarise")
    expect(phone.locator(".hb-filter__count")).to_contain_text("Showing")
    assert phone.locator(".hb-cards > li:visible").count() < phone.locator(".hb-cards > li").count()


def test_situation_links_lead_to_their_dialogues_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(base_url + "dialogues/")
        links = page.locator(".hb-situations a")
        assert links.count() >= 5
        links.first.click()
        target = page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
        assert target.startswith("situation-")
        dialogues = page.locator(f"#{target} + ul a")
        assert dialogues.count() >= 1
        dialogues.first.click()
        expect(page.locator(".hb-turns")).to_be_visible()
    finally:
        context.close()


def test_axe_finds_nothing_in_the_states_a_reader_puts_pages_in(phone: Page, base_url: str, axe: Any) -> None:
    found = []
    phone.goto(base_url + "dialogues/")
    phone.locator(".hb-filter summary").click()
    found += axe(phone)
    phone.goto(base_url + "dialogues/fear-of-going-low/?mode=practise")
    phone.locator(".hb-try input").first.focus()
    found += axe(phone)
    phone.goto(base_url + "modules/barriers/")
    phone.locator(".hb-q--single .hb-opt label").first.click()
    phone.locator(".hb-q--single .hb-q__check").first.click()
    found += axe(phone)
    assert found == []


def test_the_404_page_links_work_at_any_depth(page: Page, site: tuple[Path, str]) -> None:
    """A server sends the 404 page for a missing address at any depth: its links and styles still resolve."""
    site_dir, base = site
    body = (site_dir / "404.html").read_text(encoding="utf-8")
    page.route(base + "no/such/page/here", lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    page.goto(base + "no/such/page/here")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") in {"sticky", "fixed"}
    hrefs = page.locator("article a").evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) >= 3
    for href in hrefs:
        assert page.request.get(href).ok, href
    page.locator("article a", has_text="Practice gallery").click()
    expect(page).to_have_url(base + "dialogues/")
    page.goto(base + "no/such/page/here")
    page.locator("article a", has_text="Search").click()
    expect(page.locator("input.md-search__input")).to_be_focused()
