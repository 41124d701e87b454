"""Trainers' outputs: the course manifest, stable links with redirects, facilitator and embed pages."""

from __future__ import annotations

import html.parser
import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from support import ROOT, copy_project, served_build

from generator.export.redirects import redirect_html


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _front(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def _served_file(site_dir: Path, url: str) -> Path:
    path = url.split("#", 1)[0]
    return site_dir / (path + "index.html" if path.endswith("/") or path == "" else path)


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if k == "id" and v)


def _ids(path: Path) -> set[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def test_manifest_lists_every_module_dialogue_and_quiz_as_in_the_yaml(site_dir: Path) -> None:
    course = json.loads((site_dir / "course.json").read_text(encoding="utf-8"))
    assert course["version"] == 1
    modules = sorted((_front(p) for p in (ROOT / "content/modules").glob("*.md")), key=lambda m: m["order"])
    assert [m["id"] for m in course["modules"]] == [m["id"] for m in modules]
    for entry, meta in zip(course["modules"], modules, strict=True):
        assert (entry["title"], entry["minutes"], entry["objectives"]) == (meta["title"], meta["minutes"], meta["objectives"])
        assert entry["dialogues"] == meta.get("dialogues", []) and entry["prerequisites"] == meta.get("prerequisites", [])
        assert _served_file(site_dir, entry["url"]).is_file()
    dialogues = {p.stem: _yaml(p) for p in (ROOT / "content/dialogues").glob("*.yml")}
    assert sorted(d["id"] for d in course["dialogues"]) == sorted(dialogues)
    for entry in course["dialogues"]:
        assert entry["turns"] == len(dialogues[entry["id"]]["turns"])
        page = _served_file(site_dir, entry["url"])
        ids = _ids(page)
        assert {entry["turn_url"].format(n=n).split("#")[1] for n in range(1, entry["turns"] + 1)} <= ids
        assert _served_file(site_dir, entry["facilitator_url"]).is_file()
        assert _served_file(site_dir, entry["embed_url"]).is_file()
    quizzes = {p.stem: _yaml(p) for p in (ROOT / "content/quizzes").glob("*.yml")}
    assert sorted(q["id"] for q in course["quizzes"]) == sorted(quizzes)
    for q in course["quizzes"]:
        assert q["questions"] == len(quizzes[q["id"]]["questions"])
        assert q["question_ids"] == [x["id"] for x in quizzes[q["id"]]["questions"]]
        page_ids = _ids(_served_file(site_dir, q["url"]))
        assert q["url"].split("#")[1] in page_ids
        assert {q["question_url"].format(id=i).split("#")[1] for i in q["question_ids"]} <= page_ids
    by_module = {m["id"]: {x["id"]: x["questions"] for x in m["quizzes"]} for m in course["modules"]}
    for qid, quiz in quizzes.items():
        assert by_module[qid] == {qid: len(quiz["questions"])}


def test_every_heading_has_a_permalink_anchor(site_dir: Path) -> None:
    for page in ("modules/empathy-alsi/index.html", "trainers/index.html", "trainers/dialogues/fear-of-going-low/index.html"):
        text = (site_dir / page).read_text(encoding="utf-8")
        headings = re.findall(r"<h([2-4]) id=\"([^\"]+)\"[^>]*>(.*?)</h\1>", text, flags=re.S)
        assert headings, page
        for _, ident, inner in headings:
            assert f'href="#{ident}"' in inner, (page, ident)


def test_redirect_page_refreshes_to_the_new_url_without_script() -> None:
    page = redirect_html("../new-id/", "New title", "https://example.org/dialogues/new-id/")
    assert '<meta http-equiv="refresh" content="0; url=../new-id/">' in page
    assert '<link rel="canonical" href="https://example.org/dialogues/new-id/">' in page
    assert '<a href="../new-id/">New title</a>' in page and "<script" not in page


def test_a_renamed_dialogue_keeps_its_old_url_working(tmp_path: Path, page: Any) -> None:
    project = copy_project(tmp_path / "project")
    old, new = "pregnancy-targets-overwhelm", "overwhelmed-by-pregnancy-targets"
    for path in (project / "content").rglob("*"):
        if path.is_file() and old in path.read_text(encoding="utf-8"):
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    second = project / "content/coding/second" / f"{old}.yml"  # its second coding follows the dialogue
    second.rename(second.with_name(f"{new}.yml"))
    source = project / "content/dialogues" / f"{old}.yml"
    source.rename(source.with_name(f"{new}.yml"))
    with source.with_name(f"{new}.yml").open("a", encoding="utf-8") as f:
        f.write(f"redirect_from: [{old}]\n")
    out = tmp_path / "site"
    with served_build(out, project) as base:
        page.goto(f"{base}dialogues/{old}/#turn-3")
        page.wait_for_url(f"{base}dialogues/{new}/")
        assert page.locator("h1").inner_text().strip() != ""
        assert page.locator("#turn-3").count() == 1
    course = json.loads((out / "course.json").read_text(encoding="utf-8"))
    entry = next(d for d in course["dialogues"] if d["id"] == new)
    assert entry["redirect_from"] == [f"dialogues/{old}/"]


def test_a_former_id_that_is_still_in_use_is_an_error_with_its_position(tmp_path: Path) -> None:
    from generator.api import check

    project = copy_project(tmp_path / "project")
    path = project / "content/dialogues/fear-of-going-low.yml"
    path.write_text(path.read_text(encoding="utf-8") + "redirect_from: [cant-stick-to-the-diet]\n", encoding="utf-8")
    _, findings = check(project)
    [finding] = [f for f in findings if f.rule == "redirects"]
    line = path.read_text(encoding="utf-8").splitlines().index("redirect_from: [cant-stick-to-the-diet]") + 1
    assert (finding.path, finding.line, finding.column) == ("content/dialogues/fear-of-going-low.yml", line, 17)
    assert "cant-stick-to-the-diet" in finding.message and "current dialogue" in finding.message


def test_the_offline_zip_is_published_and_linked_only_when_built_first(tmp_path: Path) -> None:
    from generator.api import build

    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "fixtures" / "project", project)
    without = build(project)
    assert not any(a.path.startswith("downloads/handbook-offline") for a in without.assets)
    page = next(p for p in without.pages if p.src == "trainers/offline.md")
    assert "make offline" in page.markdown and "](../downloads/" not in page.markdown
    (project / "dist").mkdir()
    (project / "dist/handbook-offline.zip").write_bytes(b"PK-test")
    built = build(project)
    assert [a.data() for a in built.assets if a.path == "downloads/handbook-offline.zip"] == [b"PK-test"]
    page = next(p for p in built.pages if p.src == "trainers/offline.md")
    assert "[Download the offline copy (handbook-offline.zip)](../downloads/handbook-offline.zip)" in page.markdown
    offline_build = build(project, directory_urls=False)
    assert not any(a.path == "downloads/handbook-offline.zip" for a in offline_build.assets)
