"""axe-core on every page of the site at a phone and a desktop width, the skip link landing at the
start of each page's content, and no request to any host but the site's own (issues 8 and 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

WIDTHS = {"phone": 390, "desktop": 1280}

# Where Material's "Skip to content" link lands, and whether that is the first element of the
# page's content (Material's own Edit/View buttons, which open the article, aside).
SKIP_TARGET_JS = """() => {
  const skip = document.querySelector("a.md-skip");
  const article = document.querySelector("article.md-content__inner");
  if (!article) return "no content";
  if (!skip) return "no skip link";
  const target = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
  const first = [...article.children].find((el) => !el.matches(".md-content__button"));
  return target && target === first ? "" : `lands on ${skip.hash}, not on the first element <${first && first.tagName.toLowerCase()} id="${first && first.id}">`;
}"""


def page_paths(site_dir: Path) -> list[str]:
    """Every built page as a URL path relative to the site root (directory URLs)."""
    paths = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        paths.append(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
    return paths


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_axe_finds_nothing_on_any_page(page: Page, site: tuple[Path, str], axe: Any, width: int) -> None:
    site_dir, base = site
    paths = page_paths(site_dir)
    assert len(paths) >= 25
    page.set_viewport_size({"width": width, "height": 900})
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(base + path)
        for v in axe(page):
            found.setdefault(path, []).append(f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}")
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problems in found.items() for problem in problems)


def test_the_skip_link_lands_at_the_start_of_every_pages_content(page: Page, site: tuple[Path, str]) -> None:
    site_dir, base = site
    found = {}
    for path in page_paths(site_dir):
        if path == "404.html":
            continue  # Material's 404 page has no content heading to skip to
        page.goto(base + path)
        problem = page.evaluate(SKIP_TARGET_JS)
        if problem:
            found[path] = problem
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problem in found.items())
    # Following it moves focus there: keyboard users start reading at the title.
    page.goto(base + "dialogues/fear-of-going-low/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#page-title"


def test_skip_link_check_fails_where_the_link_skips_the_introduction(page: Page) -> None:
    """The check above can fail: a skip link to a later heading is reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><a href="#later" class="md-skip">Skip</a>'
        '<main><article class="md-content__inner"><h1>Title</h1><p>Introduction</p><h2 id="later">Later</h2></article></main></body></html>'
    )
    assert page.evaluate(SKIP_TARGET_JS) == 'lands on #later, not on the first element <h1 id="">'


def test_axe_gate_fails_on_a_bad_page(page: Page, axe: Any) -> None:
    """The gate above can fail: a page with an unlabelled dialog and low-contrast text is reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>bad</title></head><body><main><h1>x</h1>'
        '<div role="dialog">search</div><p style="color:#999;background:#fff">faint</p></main></body></html>'
    )
    assert {v["id"] for v in axe(page)} >= {"aria-dialog-name", "color-contrast"}


def foreign(requests: list[str], base: str) -> list[str]:
    own = urlsplit(base).netloc
    return [url for url in requests if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).netloc != own]


def test_pages_request_nothing_from_other_hosts(page: Page, site: tuple[Path, str]) -> None:
    site_dir, base = site
    wanted = ["", "dialogues/", "glossary/", "references/"]
    wanted += [p for p in page_paths(site_dir) if p.startswith("dialogues/") and p != "dialogues/"][:1]
    wanted += [p for p in page_paths(site_dir) if p.startswith("modules/")][:1]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in wanted:
        page.goto(base + path, wait_until="networkidle")
    assert any(url.endswith(".js") for url in requests)  # the recorder saw the page's own loads
    assert foreign(requests, base) == []


def test_request_recorder_catches_a_foreign_request(page: Page, site: tuple[Path, str]) -> None:
    """The gate above can fail: a page that loads from another host is reported (the request fails offline)."""
    base = site[1]
    page.route("https://cdn.example.invalid/**", lambda route: route.abort())
    page.goto(base)
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.evaluate("() => { const s = document.createElement('script'); s.src = 'https://cdn.example.invalid/x.js'; document.head.append(s); }")
    page.wait_for_load_state("networkidle")
    assert foreign(seen, base) == ["https://cdn.example.invalid/x.js"]
