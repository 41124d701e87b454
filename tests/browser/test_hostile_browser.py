"""Hostile Markdown rendered past the check is inert in both build engines: nothing runs on load or
on click, and nothing is requested from another host.

The content of tests/hostile.py (the families of issues 12 and 24 in every text field the models
declare, and in docs/ pages) is built with the check's one call finding nothing
(tests/fixtures/unchecked_hook.py), so this shows what the sanitizer alone does: with MkDocs (the
handbook's plugin sanitizes each page body) and with Zensical (tools/zensical.py: the generator's
pages and docs/ rendered through the sanitizing Markdown extension, then the audit). Every link in
each page's article is clicked; http(s) and mailto links are stopped from navigating (they cannot
run script; stopping them keeps Material's instant navigation from leaving the page), every other
one is followed. Every request the pages make to a host other than the local server is recorded
and refused.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hostile import FAMILIES, ONE_LINE, UNBUILT, UNLOADABLE, poison
from lxml import etree
from playwright.sync_api import Page, Route
from support import ROOT, QuietHandler, copy_project, free_port, zensical_tool
from test_qbank_tools import dtd_problems, gift_pegjs

from generator.export.scorm import handbook_package, manifest_xml
from generator.load.loader import load_handbook
from generator.model.syntax import RESERVED_NAME
from generator.render.sanitize import ATTRIBUTE_PREFIXES, ATTRIBUTES, DATA_ATTRIBUTES, URL_SCHEMES

WATCH = """
window.__hbRan = 0;
window.alert = window.confirm = window.prompt = () => { window.__hbRan += 1; };
window.addEventListener("click", (e) => {
  const a = e.target.closest && e.target.closest("a[href]");
  if (a && ["http:", "https:", "mailto:"].includes(a.protocol)) { e.preventDefault(); e.stopPropagation(); }
}, true);
"""
# Any attribute that could run code, load something or act without script (a data-* attribute
# Material or the widgets read, a style) beyond what the allowlist allows. (The site's own names
# are refused by the check: tests/test_hostile.py.)
AUDIT = """(data) => {
  const bad = [];
  for (const el of document.querySelectorAll("article *")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) bad.push(el.tagName + " " + attr.name);
      if (["href", "src"].includes(attr.name) && !/^(https?:|mailto:|[^:]*$)/i.test(attr.value.trim())) bad.push(el.tagName + " " + attr.name + "=" + attr.value);
      if (attr.name.startsWith("data-") && !data.includes(attr.name)) bad.push(el.tagName + " " + attr.name);
      if (attr.name === "style" && !/^text-align: ?\\w+;?$/.test(attr.value)) bad.push(el.tagName + " style=" + attr.value);
    }
  }
  return bad;
}"""


# The generator's build with the check's one call finding nothing (tests/fixtures/unchecked_hook.py),
# for the Zensical build, whose pages the generator writes: `build --out DIR` follows.
UNCHECKED_BUILD = (sys.executable, "-c", "import sys, unchecked_hook; from generator.cli import main; sys.exit(main(sys.argv[1:]))", "build")


def _mkdocs(project: Path, out: Path, port: int) -> None:
    (project / "mkdocs.unchecked.yml").write_text("INHERIT: mkdocs.yml\nstrict: false\nhooks:\n  - unchecked_hook.py\n", encoding="utf-8")
    env = {**os.environ, "HANDBOOK_SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.unchecked.yml", "--site-dir", str(out)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _zensical(project: Path, out: Path) -> None:
    """tools/zensical.py's build of the same project: the generator's pages (past the check) and
    docs/ staged, Zensical with the sanitizing Markdown extension, then the audit."""
    tool = zensical_tool()
    config = tool.stage(out.parent / "zensical", root=project, generate=UNCHECKED_BUILD)
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        assert tool.build(config) == 0, errors.getvalue()
    (config.parent / "site").rename(out)


# The ids and classes on the payloads' links (the families link to example.org): the reserved family
# sets the site's own names there, which the page's Markdown drops (generator/model/attrs.py).
PAYLOAD_NAMES = """() => [...document.querySelectorAll('article a[href^="https://example.org"]')].flatMap((a) => [a.id, ...a.classList].filter(Boolean))"""


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The hostile content built past the check by each engine, served: (base URL, site folder)."""
    tmp = tmp_path_factory.mktemp(f"hostile-{request.param}")
    project = copy_project(tmp / "project", writable=("content", "docs"))
    poison(project, skip=UNBUILT - UNLOADABLE)
    shutil.copy(ROOT / "tests/fixtures/unchecked_hook.py", project / "unchecked_hook.py")
    port = free_port()
    out = tmp / "site"
    if request.param == "mkdocs":
        _mkdocs(project, out, port)
    else:
        _zensical(project, out)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/", out
    finally:
        server.shutdown()
        server.server_close()


def _script_data() -> set[str]:
    """The data-* attributes the site's own scripts set while they run (not in the page bodies)."""
    js = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator/static").glob("*.js"))
    names = set(re.findall(r'setAttribute\("(data-[a-z0-9-]+)"', js))
    names |= {"data-" + re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), n) for n in re.findall(r"\.dataset\.([a-zA-Z]+)\s*=[^=]", js)}
    return names


def _pages() -> list[str]:
    pages = ["dialogues/", "glossary/", "references/", "codebook/", "modules/four-points-of-guidance/", "trainers/dialogues/", "trainers/quizzes/"]
    pages += ["hostile-front-matter/"]
    for family in FAMILIES:
        if family in UNBUILT:
            continue
        pages += [f"dialogues/hostile-{family}/", f"trainers/dialogues/hostile-{family}/", f"embed/dialogues/hostile-{family}/"]
        pages += [f"modules/hostile-{family}/", f"trainers/quizzes/hostile-{family}/", f"trainers/quizzes/hostile-{family}-handout/", f"embed/quizzes/hostile-{family}/"]
        pages += [f"hostile-{family}/"]
    return pages


def test_no_payload_runs_on_load_or_on_click(page: Page, hostile_site: tuple[str, Path]) -> None:
    base, _ = hostile_site
    page.add_init_script(WATCH)
    foreign: list[str] = []

    def refuse(route: Route) -> None:
        foreign.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(base), refuse)
    clicked = 0
    for path in _pages():
        response = page.goto(base + path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__hbRan") == 0, f"ran on load: {path}"
        assert page.evaluate(AUDIT, sorted(set(DATA_ATTRIBUTES) | _script_data())) == [], path
        names = page.evaluate(PAYLOAD_NAMES)
        assert [n for n in names if RESERVED_NAME.fullmatch(n)] == [], f"the site's own names on a payload's link: {path}"
        clicked += page.evaluate("() => { const links = [...document.querySelectorAll('article a')]; links.forEach((a) => a.click()); return links.length; }")
        page.wait_for_timeout(50)
        assert page.url.startswith(base + path), f"a click left {path} for {page.url}"
        assert page.evaluate("window.__hbRan") == 0, f"ran on click: {path}"
    assert clicked > 500  # the payloads' links are there, and were clicked
    page.wait_for_timeout(200)
    assert foreign == [], "requests to another host"
    for family in UNLOADABLE:
        response = page.goto(f"{base}dialogues/hostile-{family}/")
        assert response is not None and response.status == 404


def test_one_line_fields_show_as_typed(page: Page, hostile_site: tuple[str, Path]) -> None:
    base, _ = hostile_site
    for path in ("dialogues/", "trainers/dialogues/", "modules/hostile-entity/", "trainers/dialogues/hostile-entity/"):
        page.goto(base + path)
        assert ONE_LINE in page.locator("article").inner_text(), path


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed and name not in DATA_ATTRIBUTES and not name.startswith(tuple(ATTRIBUTE_PREFIXES)):
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src") and value and re.match(r"\s*[a-z][a-z0-9+.-]*:", value, re.I) and value.split(":")[0].strip().lower() not in URL_SCHEMES:
                self.bad.append(f"<{tag} {name}={value}>")


def test_question_banks_carry_only_sanitized_html(hostile_site: tuple[str, Path]) -> None:
    _, out = hostile_site
    folder = out / "downloads/question-banks"
    moodle = (folder / "handbook-moodle.xml").read_text(encoding="utf-8")
    gift = (folder / "handbook-gift.txt").read_text(encoding="utf-8")
    fragments = [el.text or "" for el in ElementTree.fromstring(moodle).iter("text")]
    with zipfile.ZipFile(io.BytesIO((folder / "handbook-qti12.zip").read_bytes())) as qti:
        for name in qti.namelist():
            if name.endswith(".xml"):
                fragments += [el.text or "" for el in ElementTree.fromstring(qti.read(name)).iter() if el.tag.endswith("mattext")]
    fragments += [gift.replace("\\", "")]
    hostile = [f for f in fragments if "alert(" in f]
    assert len(hostile) > 100  # the hostile quizzes are in the banks
    audit = _Audit()
    for fragment in fragments:
        audit.feed(fragment)
    assert audit.bad == []


def test_characters_past_the_check_leave_every_xml_output_well_formed(hostile_site: tuple[str, Path]) -> None:
    """The characters family (noncharacters, bidi controls, a C1 control, in Markdown and one-line
    fields) past the check: the files other systems read stay readable by their parsers. Moodle XML
    and the QTI package parse (lxml, strict), every QTI assessment is valid against the QTI 1.2.1
    DTD, the SCORM manifest with the family's module parses, and gift-pegjs reads the GIFT bank with
    exactly the questions of the Moodle XML bank (no question injected by a line break). A character
    XML cannot hold is written as U+FFFD."""
    _, out = hostile_site
    folder = out / "downloads/question-banks"
    moodle = etree.fromstring((folder / "handbook-moodle.xml").read_bytes())
    names = [el.text for el in moodle.iterfind("question/name/text")]
    assert any(n and n.startswith("hostile-characters/") for n in names)
    characters = [el.text or "" for el in moodle.iter("text") if "\u202e" in (el.text or "")]
    assert characters and all("\ufffe" not in c and "\uffff" not in c for c in characters)
    assert any("Fear\ufffd of \u202egoing low\ufffd" in c for c in characters)
    with zipfile.ZipFile(io.BytesIO((folder / "handbook-qti12.zip").read_bytes())) as qti:
        documents = {name: etree.fromstring(qti.read(name)) for name in qti.namelist() if name.endswith(".xml")}
    assessments = {name: doc for name, doc in documents.items() if etree.QName(doc).localname == "questestinterop"}
    assert any(name.startswith("hb-hostile-characters/") for name in assessments)
    assert {name: dtd_problems(doc) for name, doc in assessments.items()} == {name: [] for name in assessments}
    book, _ = load_handbook(out.parent / "project")
    module = next(m for m in book.modules if m.meta.id == "hostile-characters")
    assert "\ufffe" in module.meta.title
    manifest = etree.fromstring(manifest_xml(handbook_package(book, out, title="Handbook"), []))
    titles = [el.text or "" for el in manifest.iter("{*}title")]
    assert any("\ufffd" in title and "\ufffe" not in title for title in titles)
    gift = out.parent / "handbook-gift.txt"
    gift.write_bytes((folder / "handbook-gift.txt").read_bytes())
    parsed = gift_pegjs(gift)[str(gift)]
    assert isinstance(parsed, list), parsed
    questions = [q for q in parsed if q.get("type") != "Category"]
    assert [q.get("title") for q in questions] == names
