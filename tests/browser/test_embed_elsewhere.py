"""Embedded on another site (issue 19): an embed page in a cross-origin iframe whose storage the
browser blocks, as browsers do for third-party frames when third-party storage is blocked.

The host page lives on another site: a server of its own, opened as http://localhost:<port>/
while the handbook is served at 127.0.0.1 (another origin and another site; both on this machine,
so no request leaves it), and frames the served site. An init script makes localStorage and sessionStorage
throw a SecurityError in every frame that is not the top one, as Chromium does with third-party
storage blocked. Then:
- the self-check still counts every answer on the page ("Answered 7 of 7" after seven answers),
  from the store's in-memory fallback, with no console error (warnings say what was not saved);
- a dialogue's lens and practise mode work there too;
- every link in the embed that leaves the page opens the full handbook in a new tab (target=_blank,
  rel=noopener) and says so, visibly (the note and the arrow) and to screen readers; following one
  leaves the embed where it was, and the page it opens (top level, where storage works) has no error.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, expect
from support import QuietHandler

QUIZ = "barriers"  # seven questions
DIALOGUE = "fear-of-going-low"

BLOCK_STORAGE = """(() => {
  if (window.top === window) return;
  for (const name of ["localStorage", "sessionStorage"]) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
    });
  }
})();"""


@pytest.fixture(scope="module")
def host_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Another site's server: (its folder, its address as http://localhost:<port>/)."""
    folder = tmp_path_factory.mktemp("host")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield folder, f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _host(host: tuple[Path, str], url: str) -> str:
    """Another site's page that frames ``url``; its address."""
    folder, address = host
    name = f"host-{abs(hash(url))}.html"
    html = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title><link rel="icon" href="data:,"></head><body><h1>Our course</h1><iframe id="embed" title="Handbook" src="{url}" style="width:100%;height:90vh"></iframe></body></html>'
    (folder / name).write_text(html, encoding="utf-8")
    return address + name


def _open(browser: Browser, base_url: str, host_root: tuple[Path, str], path: str) -> tuple[Any, Any, Frame, list[str]]:
    context = browser.new_context()
    context.add_init_script(script=BLOCK_STORAGE)
    problems: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith((base_url, host_root[1], "data:")):
            r.fallback()
        else:
            problems.append(f"request to another host: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    host = _host(host_root, base_url + path)
    page = context.new_page()
    watch(page, problems)
    page.goto(host)
    handle = page.locator("#embed").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    return context, page, frame, problems


def watch(page: Any, problems: list[str]) -> None:
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))


def test_an_embedded_self_check_counts_every_answer_with_storage_blocked(browser: Browser, base_url: str, host_root: tuple[Path, str]) -> None:
    context, page, frame, problems = _open(browser, base_url, host_root, f"embed/quizzes/{QUIZ}/")
    assert frame.evaluate("() => { try { localStorage.length; return 'open'; } catch (e) { return e.name; } }") == "SecurityError"
    assert page.evaluate("() => typeof localStorage.length") == "number", "the host page's own storage is open"
    score = frame.locator(".hb-quiz__score")
    expect(score).to_have_text("Answered 0 of 7.")
    questions = frame.locator(".hb-q")
    assert questions.count() == 7
    for n in range(7):
        q = questions.nth(n)
        options = q.locator(".hb-q__opts input")
        if options.count():
            options.first.check()
        q.locator(".hb-q__check").click()
        expect(q.locator(".hb-q__result")).to_be_visible()
        expect(score).to_contain_text(f"Answered {n + 1} of 7")
    expect(frame.locator(".hb-quiz__live")).to_contain_text("could not save it: it counts until the page closes")  # said, not hidden
    context.close()
    assert problems == []


def test_an_embedded_dialogue_practises_and_lenses_with_storage_blocked(browser: Browser, base_url: str, host_root: tuple[Path, str]) -> None:
    context, _, frame, problems = _open(browser, base_url, host_root, f"embed/dialogues/{DIALOGUE}/")
    frame.locator('[data-lens="listen"]').click()
    expect(frame.locator('[data-lens="listen"]')).to_have_attribute("aria-pressed", "true")
    frame.locator('[data-mode="practise"]').click()
    turn = frame.locator("#" + str(frame.locator(".hb-turns > li.hb-pending").first.get_attribute("id")))
    turn.locator('input[value="bond"]').check()
    turn.locator("form.hb-try button[type=submit]").click()
    expect(turn.locator("[data-fb]")).to_contain_text("Alliance")
    expect(turn.locator(".hb-annot")).to_be_visible()
    context.close()
    assert problems == []


def test_links_in_an_embed_open_the_full_handbook_in_a_new_tab_and_say_so(browser: Browser, base_url: str, host_root: tuple[Path, str]) -> None:
    for path in (f"embed/dialogues/{DIALOGUE}/", f"embed/quizzes/{QUIZ}/"):
        context, page, frame, problems = _open(browser, base_url, host_root, path)
        expect(frame.locator(".hb-embed-note")).to_have_text("↗ Links open the full handbook in a new tab.")
        expect(frame.locator(".md-content__button")).to_have_count(0)  # no "Edit this page" inside another site
        links = frame.locator("article a[href]").evaluate_all(
            "els => els.map(a => ({href: a.href, here: a.href.split('#')[0] === location.href.split('#')[0], target: a.target, rel: a.rel, text: a.textContent}))"
        )
        # Material's instant navigation writes a place on the page as a whole address: compare pages.
        leaving = [a for a in links if not a["here"]]
        assert len(leaving) >= 5, path
        wrong = [a for a in leaving if a["target"] != "_blank" or "noopener" not in a["rel"] or "(opens in a new tab)" not in a["text"]]
        assert wrong == [], path
        # Following one: a new tab with the full page; the embed stays where it was.
        link = frame.locator("article a[target=_blank]:not(.hb-embed-source a)").filter(visible=True).first
        embed_url = frame.url
        with page.expect_popup() as info:
            link.click()
        popup = info.value
        watch(popup, problems)
        popup.wait_for_load_state()
        expect(popup.locator(".md-header")).to_be_attached()
        assert popup.url.startswith(base_url) and "/embed/" not in popup.url
        assert frame.url == embed_url
        popup.close()
        context.close()
        assert problems == [], path
