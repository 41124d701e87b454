"""The About page says every text of the handbook is in its own words: no run of ten words from
the source article appears in the content or the docs (its own citation aside)."""

from __future__ import annotations

import importlib.util
import json

from support import ROOT

spec = importlib.util.spec_from_file_location("source_fingerprint", ROOT / "tools" / "source_fingerprint.py")
assert spec and spec.loader
fingerprint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fingerprint)

FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "source-fingerprint.json").read_text(encoding="utf-8"))


def _copied(text: str) -> list[str]:
    n = FIXTURE["n"]
    known = set(FIXTURE["hashes"])
    w = fingerprint.words(text)
    return [" ".join(w[i : i + n]) for i in range(len(w) - n + 1) if fingerprint.hashes(" ".join(w[i : i + n]), n) & known]


def test_the_fingerprint_catches_a_sentence_copied_from_the_article() -> None:
    # A sentence of the article's own (its conclusion), pasted into a paragraph of ours.
    pasted = "Our words first. Communication based on empathy is likely to act as a catalyst for improved treatment self-management. Ours again."
    assert _copied(pasted)
    assert not _copied("Empathy may help people manage their treatment, the article suggests, though the evidence is mixed.")


def test_the_about_page_says_all_the_text_is_in_our_own_words() -> None:
    assert "all the text in our own words" in (ROOT / "docs" / "about.md").read_text(encoding="utf-8")


def test_no_run_of_ten_words_from_the_article_appears_in_the_handbook() -> None:
    files = sorted([*(ROOT / "content").rglob("*.md"), *(ROOT / "content").rglob("*.yml"), *(ROOT / "docs").rglob("*.md")])
    assert len(files) > 40
    copied = {str(path.relative_to(ROOT)): runs for path in files if (runs := _copied(path.read_text(encoding="utf-8")))}
    assert copied == {}
