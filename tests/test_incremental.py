"""Incremental rebuilds (issue 15): a build that reuses the cache of earlier builds in the process
gives exactly what a build from scratch gives, after an edit of every kind of content, and makes
again only what the edit touched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import copy_project

from generator import api, incremental
from generator.check import language

SITE_URL = "http://127.0.0.1:8000/"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_turn_text(path: Path) -> str:
    """The start of the first thing the person says (an HCP turn's words are also kept, hashed, by
    its second coding, which a changed text makes out of date: an error of its own)."""
    match = re.search(r"(?m)^  - speaker: pwd\n    text: \"?([^\"\n]{20,})", path.read_text(encoding="utf-8"))
    assert match, path
    return match.group(1)[:20]


def outputs(result: api.Build) -> tuple[list[tuple[str, str]], list[tuple[str, bytes]], str]:
    return [(p.src, p.markdown) for p in result.pages], [(a.path, a.data()) for a in result.assets], result.abbreviations


def page(result: api.Build, src: str) -> str:
    return next(p.markdown for p in result.pages if p.src == src)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_every_kind_of_edit_gives_what_a_build_from_scratch_gives(project: Path) -> None:
    cache = api.BuildCache()
    assert outputs(api.build(project, site_url=SITE_URL, cache=cache)) == outputs(api.build(project, site_url=SITE_URL))
    content = project / "content"
    dialogue = content / "dialogues" / "fear-of-going-low.yml"
    edits = [
        ("dialogue turn", lambda: edit(dialogue, first_turn_text(dialogue), "Zqx turn edit "), "dialogues/fear-of-going-low.md", "Zqx turn edit"),
        ("module body", lambda: edit(content / "modules" / "barriers.md", "\n## ", "\nZqx module paragraph.\n\n## "), "modules/barriers.md", "Zqx module paragraph."),
        ("quiz", lambda: edit(content / "quizzes" / "empathy-alsi.yml", "ALSI is a loop, not a ladder.", "Zqx quiz explanation."), "modules/empathy-alsi.md", "Zqx quiz explanation."),
        ("glossary", lambda: edit(content / "glossary.yml", "Anyone living with any type of diabetes.", "Zqx glossary definition."), "glossary.md", "Zqx glossary definition."),
        ("dialogue title", lambda: edit(dialogue, "title: Fear of going low", "title: Zqx renamed dialogue"), "dialogues/index.md", "Zqx renamed dialogue"),
        ("abbreviation", lambda: edit(content / "glossary.yml", "abbr: HCP", "abbr: HCPZ"), "modules/barriers.md", "*[HCPZ]"),
        # Slip names show on strained turns of dialogue pages and facilitator keys, not only on the codebook page.
        ("codebook slip", lambda: edit(content / "codebook.yml", "name: Lecture", "name: Zqx lecture"), "dialogues/cant-stick-to-the-diet.md", "Zqx lecture"),
    ]
    for kind, change, src, marker in edits:
        change()
        cached = api.build(project, site_url=SITE_URL, cache=cache)
        assert marker in page(cached, src), f"{kind}: {src} does not show the edit"
        assert outputs(cached) == outputs(api.build(project, site_url=SITE_URL)), f"{kind}: the cached build differs from a fresh one"


def test_a_dialogue_edit_makes_again_only_the_pages_that_show_it(project: Path) -> None:
    """Its page, facilitator notes and embed page, what quotes it (modules with quizzes on it, their
    sheets and embeds, the banks), and the pages made from every dialogue; no other dialogue's pages."""
    cache = api.BuildCache()
    first = api.build(project, site_url=SITE_URL, cache=cache)
    cache.render.fresh.clear()
    dialogue = project / "content" / "dialogues" / "after-a-low-while-driving.yml"
    edit(dialogue, first_turn_text(dialogue), "Zqx turn edit ")
    second = api.build(project, site_url=SITE_URL, cache=cache)
    changed = {p.src for p, q in zip(first.pages, second.pages, strict=True) if p.markdown != q.markdown}
    assert "dialogues/after-a-low-while-driving.md" in changed
    made = set(cache.render.fresh)
    own = {"dialogues/after-a-low-while-driving.md", "trainers/dialogues/after-a-low-while-driving.md", "embed/dialogues/after-a-low-while-driving.md"}
    assert own <= made
    others = {name for name in made if re.match(r"(trainers/|embed/)?dialogues/(?!index\.md)", name)} - own
    assert others == set(), "no other dialogue's pages are made again"
    assert len(made) < len(first.pages) // 4, sorted(made)


def test_unchanged_files_are_not_parsed_again(project: Path) -> None:
    cache = api.BuildCache()
    book, _ = api.check(project, cache)
    again, _ = api.check(project, cache)
    assert all(a is b for a, b in zip(book.dialogues, again.dialogues, strict=True))
    dialogue = project / "content" / "dialogues" / "fear-of-going-low.yml"
    edit(dialogue, first_turn_text(dialogue), "Zqx turn edit ")
    edited, _ = api.check(project, cache)
    fresh = {d.path for d, e in zip(again.dialogues, edited.dialogues, strict=True) if d is not e}
    assert fresh == {"content/dialogues/fear-of-going-low.yml"}


def test_an_error_in_an_edit_is_reported_with_the_cache_too(project: Path) -> None:
    cache = api.BuildCache()
    api.build(project, site_url=SITE_URL, cache=cache)
    edit(project / "content" / "dialogues" / "fear-of-going-low.yml", "title: Fear of going low", "titel: Fear of going low")
    with pytest.raises(api.ContentError) as caught:
        api.build(project, site_url=SITE_URL, cache=cache)
    assert "fear-of-going-low.yml" in caught.value.report()
    with pytest.raises(api.ContentError):  # the bad file's findings are cached with it, not forgotten
        api.build(project, site_url=SITE_URL, cache=cache)


def test_a_change_to_the_generator_drops_the_cache(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = incremental.Session(project)
    try:
        session.build(directory_urls=True, site_url=SITE_URL)
        cache = session.cache
        session.build(directory_urls=True, site_url=SITE_URL)
        assert session.cache is cache
        monkeypatch.setattr(incremental, "code_version", lambda: "edited")
        session.build(directory_urls=True, site_url=SITE_URL)
        assert session.cache is not cache
    finally:
        session.close()


def test_generated_files_are_rewritten_only_when_their_text_changes(tmp_path: Path) -> None:
    session = incremental.Session(tmp_path)
    try:
        path = session.write("dialogues/a.md", "one")
        stamp = path.stat().st_mtime_ns
        assert session.write("dialogues/a.md", "one").stat().st_mtime_ns == stamp
        assert session.write("dialogues/a.md", "two").read_text(encoding="utf-8") == "two"
        session.prune({"other.md"})
        assert not path.exists()
    finally:
        session.close()


def test_the_language_check_caches_by_text_and_voice() -> None:
    """A second lint of the same text in the same voice reuses the first (a `mkdocs serve` rebuild
    re-lints only what changed); another voice is linted anew, with its own rules."""
    text = "The nurse says the person is non-compliant; you should test in the morning (cache test)."
    before = language._lint.cache_info()
    first = language.lint(text, hcp=True)
    assert language._lint.cache_info().misses == before.misses + 1
    assert language.lint(text, hcp=True) == first
    after = language._lint.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses + 1), "the second lint was not served from the cache"
    prose = language.lint(text, hcp=False)
    assert language._lint.cache_info().misses == before.misses + 2
    assert [h.rule.id for h in prose] == ["compliance"]
    assert {h.rule.id for h in first} > {"compliance"}, "the HCP voice has rules of its own"


def test_mkdocs_build_reuses_the_last_builds_pages_from_disk_and_never_a_stale_one(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = project / incremental.CACHE_FILE
    first = incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)
    assert json.loads(saved.read_text(encoding="utf-8"))["format"] == incremental.CACHE_FORMAT, "the cache is JSON data"
    assert outputs(first) == outputs(api.build(project, site_url=SITE_URL))
    made: list[int] = []
    real_save = incremental.StoredBuild.save

    def counting(stored: incremental.StoredBuild) -> None:
        made.append(stored.cache.render.made if stored.cache is not None else -1)
        real_save(stored)

    monkeypatch.setattr(incremental.StoredBuild, "save", counting)
    dialogue = project / "content" / "dialogues" / "fear-of-going-low.yml"
    edit(dialogue, first_turn_text(dialogue), "Zqx turn edit ")
    second = incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)
    assert "Zqx turn edit" in page(second, "dialogues/fear-of-going-low.md")
    assert outputs(second) == outputs(api.build(project, site_url=SITE_URL))
    assert 0 < made[-1] < len(second.pages) // 4  # only what shows the edited dialogue was rendered
    incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)
    assert made[-1] == 0, "nothing changed: nothing is rendered"
    monkeypatch.setattr(incremental, "library_versions", lambda: [("markdown", "99.0")])
    incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)
    assert made[-1] > len(second.pages) // 2  # another version of a library renders everything again
    monkeypatch.setattr(incremental, "code_version", lambda: "the generator changed")
    incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)
    assert made[-1] > len(second.pages) // 2  # a changed generator renders everything again


def test_a_damaged_cache_file_is_ignored(project: Path) -> None:
    saved = project / incremental.CACHE_FILE
    incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)
    fresh = outputs(api.build(project, site_url=SITE_URL))
    for damage in ("", "{", '{"format": 1, "code": "x"}', saved.read_text(encoding="utf-8")[:-1000], json.dumps({"format": 1, "code": incremental.code_version(), "documents": [], "render": 3})):
        saved.write_text(damage, encoding="utf-8")
        assert outputs(incremental.persistent_build(project, directory_urls=True, site_url=SITE_URL)) == fresh
