"""The offline copy: built once with mkdocs.offline.yml, zipped, unzipped, opened from disk (issue 19).

Everything a reader does online must work from file://: navigation and search, a quiz, the
dialogue lens and practise mode, and the 404 page's ways on, with no console error and no request
to any other host."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, expect
from support import right_answer

from generator.load.loader import load_handbook
from generator.model.quiz import Single

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip as `make offline` writes it, unpacked: the folder holding index.html."""
    tmp = tmp_path_factory.mktemp("offline")
    out = tmp / "handbook-offline.zip"
    result = subprocess.run([sys.executable, str(ROOT / "tools/offline.py"), "--out", str(out)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        z.extractall(tmp / "unzipped")
    return tmp / "unzipped/handbook"


@pytest.fixture
def problems(page: Page) -> Iterator[list[str]]:
    """Console errors, uncaught exceptions and requests to any other host, collected while a test runs."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            found.append(f"console error: {message.text}")

    def on_error(error: Error) -> None:
        found.append(f"uncaught: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_error)
    page.on("request", lambda r: found.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    yield found


def test_offline_zip_opens_from_disk_with_links_and_search(unzipped: Path, page: Page, problems: list[str]) -> None:
    page.goto((unzipped / "index.html").as_uri())
    expect(page.locator("h1").first).to_be_visible()
    page.locator(".md-nav a", has_text="For trainers").first.click()
    expect(page).to_have_url((unzipped / "trainers/index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("For trainers")
    page.locator("input.md-search__input").click()
    page.keyboard.type("alliance", delay=50)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    assert problems == []


def test_a_quiz_the_lens_and_practise_mode_work_from_disk(unzipped: Path, page: Page, problems: list[str]) -> None:
    """The scripts start without instant navigation (mkdocs.offline.yml leaves it out): a quiz
    answered and scored, the lens highlighting, practise mode checking a turn, all from file://."""
    book, _ = load_handbook(ROOT)
    quiz, q = next((d.model, q) for d in book.quizzes for q in d.model.questions if isinstance(q, Single))
    page.goto((unzipped / f"modules/{quiz.id}.html").as_uri())
    # The offline copy says where answers are kept: on this computer, never sent (issue 18).
    expect(page.locator(".hb-quiz__intro").first).to_contain_text("saved on this computer, in this browser only, never sent anywhere")
    box = page.locator(f'.hb-q[data-quiz="{quiz.id}"][data-question="{q.id}"]')
    box.locator(f'.hb-opt[data-i="{right_answer(q)[0]}"] label').click()
    box.locator(".hb-q__check").click()
    expect(box.locator(".hb-res")).to_have_class(re.compile(r"\bhb-res--right\b"))
    expect(page.locator(".hb-quiz__score").first).to_contain_text("Answered 1 of")

    page.goto((unzipped / "dialogues/fear-of-going-low.html").as_uri())
    page.locator('[data-lens="listen"]').click()
    expect(page.locator('[data-lens="listen"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".hb-turns > li.hb-lens-on").first).to_be_visible()
    page.locator('[data-mode="practise"]').click()
    turn = page.locator("#" + str(page.locator(".hb-turns > li.hb-pending").first.get_attribute("id")))
    expect(turn.locator(".hb-annot")).to_be_hidden()
    turn.locator('input[value="bond"]').check()
    turn.locator("form.hb-try button[type=submit]").click()
    expect(turn.locator("[data-fb]")).to_contain_text("Alliance")
    expect(turn.locator(".hb-annot")).to_be_visible()
    assert problems == []


def test_the_404_page_offers_ways_on_that_work_from_disk(unzipped: Path, page: Page, problems: list[str]) -> None:
    page.goto((unzipped / "404.html").as_uri())
    # Material's stylesheet loaded from the copy (a link from the disk's root would leave the page unstyled).
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") in {"sticky", "fixed"}
    links = page.locator("article a")
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) >= 3
    for href in hrefs:
        assert href.startswith("file://"), href
        assert Path(unquote(urlsplit(href).path)).is_file(), f"404 link leads nowhere from disk: {href}"
    page.locator("article a", has_text="Practice gallery").click()
    expect(page).to_have_url((unzipped / "dialogues/index.html").as_uri())
    page.go_back()
    page.locator("article a", has_text="Search").click()
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("empathy", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    assert problems == []


def test_canonical_links_name_the_published_addresses(unzipped: Path) -> None:
    """The copy's pages are x/y.html, but the published site serves x/y/: canonical names that."""
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 25
    for path in pages:
        found = re.findall(r'<link rel="canonical" href="([^"]+)">', path.read_text(encoding="utf-8"))
        if path.name == "404.html":
            continue
        assert len(found) == 1, f"{path}: {found}"
        assert not found[0].endswith(".html"), f"{path.relative_to(unzipped)}: canonical {found[0]}"
        rel = path.relative_to(unzipped).as_posix()
        expected = rel.removesuffix("index.html") if rel.endswith("index.html") else rel.removesuffix(".html") + "/"
        assert found[0].endswith("/" + expected) or (expected == "" and found[0].endswith("/")), f"{rel}: canonical {found[0]}"
