"""axe-core on every page of the site, and no request to any host but the site's own (issue 8)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page


def page_paths(site_dir: Path) -> list[str]:
    """Every built page as a URL path relative to the site root (directory URLs)."""
    paths = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        paths.append(rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
    return paths


def test_axe_finds_nothing_on_any_page(page: Page, site: tuple[Path, str], axe: Any) -> None:
    site_dir, base = site
    paths = page_paths(site_dir)
    assert len(paths) >= 25
    found: dict[str, list[str]] = {}
    for path in paths:
        page.goto(base + path)
        for v in axe(page):
            found.setdefault(path, []).append(f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}")
    assert found == {}, "\n".join(f"{path}: {problem}" for path, problems in found.items() for problem in problems)


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
