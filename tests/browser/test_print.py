"""On paper (issue 19): the facilitator notes' answer key keeps its last column ("Why") on the page,
no page ends on a heading whose text is on the next, and the quick reference prints on one page,
on A4 and on US Letter. PDFs come from Chromium's own printing (page.pdf) and are read with pypdf."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
PAPER_MM = {"A4": 210, "Letter": 215.9}


def page_margin_mm() -> float:
    """The @page margin print.css sets (the printable width depends on it)."""
    match = re.search(r"@page\s*{\s*margin:\s*([\d.]+)mm", (ROOT / "generator/static/print.css").read_text(encoding="utf-8"))
    assert match, "print.css sets the page margin in mm"
    return float(match.group(1))


def printable_px(paper: str) -> int:
    """The width Chromium lays a printed page out in, in CSS pixels (96 per inch)."""
    return int((PAPER_MM[paper] - 2 * page_margin_mm()) / 25.4 * 96)


# For every table in the article: how far its last column and the table reach past the article's
# right edge, and whether a wrapper clips it (scrolls instead of showing it).
OVERFLOW_JS = """() => {
  const article = document.querySelector("article").getBoundingClientRect();
  return [...document.querySelectorAll("article table")].map((t) => {
    const last = t.querySelector("tr > :last-child").getBoundingClientRect();
    const wrap = t.closest(".md-typeset__scrollwrap");
    return {
      head: t.querySelector("th:last-child").textContent.trim(),
      past: Math.round(Math.max(last.right, t.getBoundingClientRect().right) - article.right),
      clipped: !!wrap && wrap.scrollWidth > wrap.clientWidth + 1 && getComputedStyle(wrap).overflowX !== "visible",
    };
  });
}"""


def pdf_pages(page: Page, paper: str) -> list[str]:
    """The page's PDF, as Chromium prints it, one text per page."""
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    return [p.extract_text() or "" for p in reader.pages]


def stranded_headings(page: Page) -> list[str]:
    """Headings (h2, h3) that end a printed A4 page while their text starts the next."""
    headings = {h.replace("¶", "").strip() for h in page.locator("article :is(h2, h3)").all_inner_texts()} - {""}
    found = []
    for n, text in enumerate(pdf_pages(page, "A4")[:-1], start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines and lines[-1] in headings:
            found.append(f"page {n} ends on '{lines[-1]}'")
    return found


def facilitator_notes(site_dir: Path) -> list[str]:
    return sorted(f"trainers/dialogues/{p.parent.name}/" for p in (site_dir / "trainers/dialogues").glob("*/index.html"))


@pytest.mark.parametrize("paper", PAPER_MM)
def test_the_answer_key_fits_the_printed_page(page: Page, base_url: str, site_dir: Path, paper: str) -> None:
    notes = facilitator_notes(site_dir)
    assert len(notes) >= 10
    page.set_viewport_size({"width": printable_px(paper), "height": 1000})
    page.emulate_media(media="print")
    problems = {}
    for path in notes:
        page.goto(base_url + path)
        tables = page.evaluate(OVERFLOW_JS)
        assert any(t["head"] == "Why" for t in tables), f"{path}: no answer key table"
        bad = [t for t in tables if t["past"] > 0 or t["clipped"]]
        if bad:
            problems[path] = bad
    assert problems == {}


def test_the_overflow_measure_fails_on_a_clipped_table(page: Page) -> None:
    """The check above can fail: a table wider than its scrolling wrapper is reported."""
    page.set_viewport_size({"width": 400, "height": 600})
    page.set_content(
        '<article><div class="md-typeset__scrollwrap" style="overflow-x:auto"><table style="width:900px"><tr><th>Turn</th><th>Why</th></tr>'
        "<tr><td>1</td><td>Because</td></tr></table></div></article>"
    )
    (table,) = page.evaluate(OVERFLOW_JS)
    assert table["past"] > 0 and table["clipped"]


def test_no_printed_page_ends_on_a_stranded_heading(page: Page, base_url: str, site_dir: Path) -> None:
    page.emulate_media(media="print")
    stranded = []
    for path in [*facilitator_notes(site_dir)[:6], "modules/barriers/", "codebook/"]:
        page.goto(base_url + path)
        stranded += [f"{path} {problem}" for problem in stranded_headings(page)]
    assert stranded == []


def test_the_stranded_heading_check_fails_on_a_heading_at_a_page_foot(page: Page) -> None:
    """The check above can fail: a heading pushed to the foot of a page, with no rule keeping it with its text."""
    page.set_content(
        '<article><div style="height:990px"></div><h2 style="margin:0;break-after:auto">Role-play cards</h2>'
        '<p style="break-inside:avoid;height:300px">The cards follow.</p></article>'
    )
    assert stranded_headings(page) == ["page 1 ends on 'Role-play cards'"]


@pytest.mark.parametrize("paper", PAPER_MM)
def test_the_quick_reference_prints_on_one_page(page: Page, base_url: str, paper: str) -> None:
    page.goto(base_url + "modules/quick-reference/")
    texts = pdf_pages(page, paper)
    assert len(texts) == 1, f"{len(texts)} pages on {paper}"
    for heading in page.locator("article h2").all_inner_texts():
        assert heading.replace("¶", "").strip() in texts[0]
    assert "not clinical guidance" in texts[0]
