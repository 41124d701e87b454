"""The offline copy: built once with mkdocs.offline.yml, zipped, unzipped, opened from disk."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

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
