"""Rendering: a golden dialogue page, escaping of content, and the pages the CLI writes."""

from __future__ import annotations

from pathlib import Path

from generator.api import build
from generator.cli import main

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "project"
GOLDEN = HERE / "golden" / "render" / "sample-visit.md"
ROOT = HERE.parent


def _page(src: str) -> str:
    return next(p.markdown for p in build(FIXTURE).pages if p.src == src)


def test_dialogue_page_matches_golden(update_golden: bool) -> None:
    text = _page("dialogues/sample-visit.md")
    _golden(GOLDEN, text, update_golden)


def _golden(path: Path, text: str, update: bool) -> None:
    if update:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed; if on purpose, run pytest --update-golden and review the diff"


def test_module_page_with_a_quiz_matches_golden(update_golden: bool) -> None:
    """A module page with every part: metadata, body with a dialogue card and citations, the
    practise list and a quiz of four question types."""
    text = _page("modules/sample-module.md")
    assert 'class="hb-quiz"' in text and "{ #check-your-understanding }" in text
    _golden(GOLDEN.with_name("sample-module.md"), text, update_golden)


def test_course_manifest_matches_golden(update_golden: bool) -> None:
    [manifest] = [a for a in build(FIXTURE, site_url="https://example.org/handbook/").assets if a.path == "course.json"]
    _golden(GOLDEN.with_name("course.json"), manifest.data().decode("utf-8"), update_golden)


def test_raw_html_in_content_is_escaped() -> None:
    text = _page("dialogues/sample-visit.md")
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text or "&lt;script>" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_turns_have_stable_anchors_and_named_speakers() -> None:
    text = _page("dialogues/sample-visit.md")
    for n in range(1, 5):
        assert f'id="turn-{n}"' in text
    assert "Ana" in text and "GP" in text
    assert "✘ Strains the alliance" in text and "✔ Builds the alliance" in text


def test_cli_build_writes_the_same_pages(tmp_path: Path, monkeypatch: object) -> None:
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        assert main(["build", "--out", str(tmp_path)]) == 0
    finally:
        os.chdir(cwd)
    pages = build(ROOT).pages
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    assert written == sorted(p.src for p in pages)
    for page in pages:
        assert (tmp_path / page.src).read_text(encoding="utf-8") == page.markdown

