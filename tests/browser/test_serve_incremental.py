"""`make serve` (mkdocs serve --dirty with the plugin's incremental rebuilds, issue 15): an open page
shows each kind of edit by itself (live reload), a renamed nav title reaches pages that were not
edited, and after all the edits no served page differs from a clean `mkdocs build` of the same files.
A content error after an edit shows in the open page (file:line:column, in a panel over the last good
build), and the page recovers by itself once the file is fixed (issue 19).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import build_site, copy_project, free_port

RELOAD = re.compile(r"<script>\s*var livereload = function.*?</script>", re.S)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SITE_URL": base}
    log = (project.parent / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                fetch(base)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("mkdocs serve did not start:\n" + (project.parent / "serve.log").read_text())
                time.sleep(0.5)
        yield project, base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shows_after_edit(page: Page, url: str, path: Path, old: str, new: str, where: str = "article") -> float:
    """Open ``url``, replace ``old`` with ``new`` in ``path``, and wait until the open page (reloaded
    by the server) shows the edit's marker (the word starting with 'Zqx' and what follows on its line)."""
    marker = re.search(r"Zqx[^\n]*", new)
    assert marker
    page.goto(url)
    expect(page.locator(where).first).not_to_contain_text(marker.group())
    start = time.monotonic()
    edit(path, old, new)
    expect(page.locator(where).first).to_contain_text(marker.group(), timeout=60_000)
    return time.monotonic() - start


def test_each_kind_of_edit_shows_in_the_open_page_and_no_page_is_stale(served: tuple[Path, str], page: Page, tmp_path: Path) -> None:
    project, base = served
    content = project / "content"
    dialogue = content / "dialogues" / "fear-of-going-low.yml"
    timings = {
        "dialogue": shows_after_edit(page, base + "dialogues/fear-of-going-low/", dialogue, "I'm scared of going low", "Zqx I am scared of going low"),
        "module": shows_after_edit(page, base + "modules/barriers/", content / "modules" / "barriers.md", "\n## ", "\nZqx a new paragraph.\n\n## "),
        "quiz": shows_after_edit(
            page, base + "modules/empathy-alsi/", content / "quizzes" / "empathy-alsi.yml", "What is the best next move?", "Zqx what would you do next?", ".md-content"
        ),
        "glossary": shows_after_edit(page, base + "glossary/", content / "glossary.yml", "Anyone living with any type of diabetes.", "Zqx anyone with diabetes."),
        "dialogue title": shows_after_edit(page, base + "dialogues/", dialogue, "title: Fear of going low", "title: Zqx Afraid of lows", ".md-content"),
        # A title in the navigation: every page of its section shows it, including pages nobody edited.
        "nav title": shows_after_edit(
            page,
            base + "modules/the-working-alliance/",
            content / "modules" / "barriers.md",
            "title: Barriers, and why the time pays back",
            "title: Zqx Barriers",
            where=".md-sidebar--primary",
        ),
    }
    print("edit to visible (s):", {k: round(v, 2) for k, v in timings.items()})
    page.goto(base + "dialogues/fear-of-going-low/")
    expect(page.locator("h1")).to_contain_text("Zqx Afraid of lows")

    # No page stale: every page the server serves equals a clean build of the edited files.
    clean = tmp_path / "clean"
    result = build_site(clean, base, root=project)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*.html"))
    assert len(pages) > 100
    stale = []
    for rel in pages:
        url = base + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        served_html = RELOAD.sub("", fetch(url))
        if served_html != (clean / rel).read_text(encoding="utf-8"):
            stale.append(rel)
    assert not stale, f"{len(stale)} served pages differ from a clean build: {stale[:10]}"


def test_a_content_error_shows_in_the_open_page_and_goes_when_fixed(served: tuple[Path, str], page: Page) -> None:
    project, base = served
    glossary = project / "content" / "glossary.yml"
    good = glossary.read_text(encoding="utf-8")
    page.goto(base + "modules/barriers/")
    panel = page.locator("#hb-serve-errors")
    expect(panel).to_have_count(0)
    heading = page.locator("h1").first.inner_text()
    # An indentation mistake, the commonest YAML error: a key one space out of line.
    lines = good.splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.startswith("  ") and ":" in line and i > 2)
    glossary.write_text("".join(lines[:n]) + " " + "".join(lines[n:]), encoding="utf-8")
    try:
        expect(panel).to_be_visible(timeout=60_000)  # the page reloaded by itself
        expect(panel).to_have_attribute("role", "alert")
        expect(panel.locator("h2")).to_have_text("The handbook could not be rebuilt")
        expect(panel.locator("pre")).to_contain_text(re.compile(r"content/glossary\.yml:\d+:\d+"))
        expect(page.locator("h1").first).to_have_text(heading)  # the last good build, under the panel
        other = page.context.new_page()
        other.goto(base + "dialogues/")
        expect(other.locator("#hb-serve-errors")).to_be_visible()  # every page says so, not only the open one
        other.close()
    finally:
        glossary.write_text(good, encoding="utf-8")
    expect(panel).to_have_count(0, timeout=60_000)  # fixed: reloaded by itself, without the panel
    expect(page.locator("h1").first).to_have_text(heading)
