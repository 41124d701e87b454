"""axe-core at a phone and a desktop width and the skip link landing at the start of the content:
on one page of every kind (`make test`: every kind of generated page in the page registry, the
largest of its kind, every hand-written page and the 404 page, each loaded once for both widths)
and on every page of the site (`make test-all`); and no request to any host but the site's own
(issues 8 and 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page
from support import ROOT

from generator.api import check
from generator.render import routes
from generator.render.context import PageContext
from generator.render.registry import PAGES, plan
from generator.settings import Settings

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


def url_path(src: str) -> str:
    """The URL path (directory URLs) of a page of the docs tree ('dialogues/x.md' -> 'dialogues/x/')."""
    return routes.page_url(src, directory_urls=True)


def kind_paths() -> dict[str, str]:
    """One page of every kind, by kind: for each kind of generated page in the page registry the
    largest of its pages (the one with the most in it), each hand-written page of docs/, and the 404 page."""
    book, _ = check(ROOT)
    ctx = PageContext(book, Settings(root=ROOT))
    chosen = {}
    for kind in PAGES:
        made = [planned.make(ctx) for planned in plan(ctx) if planned.kind is kind]
        if made:
            chosen[kind.name] = url_path(max(made, key=lambda p: len(p.markdown)).src)
    for md in sorted((ROOT / "docs").rglob("*.md")):
        src = md.relative_to(ROOT / "docs").as_posix()
        chosen[f"docs/{src}"] = url_path(src)
    chosen["404"] = "404.html"
    return chosen


def problems_on(page: Page, axe: Any, path: str) -> list[str]:
    """axe at both widths and the skip link, on the page as loaded once (resized in between)."""
    found = []
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        # Laid out again, and the theme's transitions between the two layouts (the search field's
        # colours) over: axe reads colours as they end up, not halfway.
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
        found += [f"{name}: {v['id']} ({v['impact']}): {', '.join(v['nodes'])}" for v in axe(page)]
    if path != "404.html":  # Material's 404 page has no content heading to skip to
        skip = page.evaluate(SKIP_TARGET_JS)
        found += [f"skip link: {skip}"] if skip else []
    return found


def test_axe_and_the_skip_link_find_nothing_on_a_page_of_every_kind(page: Page, site: tuple[Path, str], axe: Any) -> None:
    site_dir, base = site
    kinds = kind_paths()
    assert len(kinds) >= 25 and {"dialogue", "module", "gallery", "embed-quiz", "schema"} <= set(kinds)
    found: dict[str, list[str]] = {}
    for kind, path in kinds.items():
        assert (site_dir / path.removesuffix("404.html")).exists(), path
        page.goto(base + path)
        if problems := problems_on(page, axe, path):
            found[f"{kind} ({path})"] = problems
    assert found == {}, "\n".join(f"{where}: {problem}" for where, problems in found.items() for problem in problems)


@pytest.mark.sweep
def test_axe_and_the_skip_link_find_nothing_on_any_page(page: Page, site: tuple[Path, str], axe: Any) -> None:
    """Every page of the site (`make test-all`): pages of one kind differ in content, not template."""
    site_dir, base = site
    paths = page_paths(site_dir)
    assert len(paths) >= 25
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(base + path)
        if problems := problems_on(page, axe, path):
            found[path] = problems
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problems in found.items() for problem in problems)


def test_following_the_skip_link_moves_focus_to_the_title(page: Page, site: tuple[Path, str]) -> None:
    """Keyboard users start reading at the title."""
    base = site[1]
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
