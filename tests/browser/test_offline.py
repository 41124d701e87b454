"""The offline copy: built once with mkdocs.offline.yml, zipped, unzipped, opened from disk, where
Material's instant navigation never emits document$ (issue 19): the site's scripts start all the same."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import right_answer

from generator.load.loader import load_handbook
from generator.model.quiz import Single

ROOT = Path(__file__).resolve().parents[2]


def test_offline_zip_opens_from_disk_with_links_and_search(tmp_path: Path, page: Any) -> None:
    out = tmp_path / "handbook-offline.zip"
    result = subprocess.run([sys.executable, str(ROOT / "tools/offline.py"), "--out", str(out)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        z.extractall(tmp_path / "unzipped")
    index = tmp_path / "unzipped/handbook/index.html"
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
    page.goto(index.as_uri())
    expect(page.locator("h1").first).to_be_visible()
    page.locator(".md-nav a", has_text="For trainers").first.click()
    expect(page).to_have_url((tmp_path / "unzipped/handbook/trainers/index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("For trainers")
    page.locator("input.md-search__input").click()
    page.keyboard.type("alliance", delay=50)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    assert external == []
    scripts_work_from_disk(page, tmp_path / "unzipped/handbook")


def scripts_work_from_disk(page: Any, folder: Path) -> None:
    """A quiz answered and saved, a dialogue's lens and practise mode, with no error in the page."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    book, _ = load_handbook(ROOT)
    quiz, q = next((d.model, q) for d in book.quizzes for q in d.model.questions if isinstance(q, Single))
    page.goto((folder / f"modules/{quiz.id}.html").as_uri())
    loc = page.locator(f'.hb-q[data-question="{q.id}"]')
    loc.locator(".hb-q__opts input").nth(right_answer(q)[0]).check()
    loc.locator(".hb-q__check").click()
    expect(loc.locator(".hb-res")).to_contain_text("Correct.")
    page.reload()
    expect(page.locator(f'.hb-quiz[data-quiz="{quiz.id}"] .hb-quiz__score')).to_contain_text("Answered 1 of")
    dialogue = book.dialogues[0].model
    page.goto((folder / f"dialogues/{dialogue.id}.html").as_uri() + "?lens=bond")
    expect(page.locator('[data-lens="bond"]')).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Practise").click()
    first = page.locator(".hb-try").first
    expect(first).to_be_visible()
    first.locator("button").click()
    expect(first.locator("[data-fb]")).to_contain_text("Alliance")
    assert errors == []
