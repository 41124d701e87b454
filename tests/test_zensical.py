"""Zensical (Material's successor, which ignores MkDocs hooks) builds the generator's pages."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hostile import FAMILIES
from support import ROOT, tree, zensical_tool

from generator.load.loader import load_handbook
from generator.model.syntax import link_scheme
from generator.render.sanitize import URL_SCHEMES

pytestmark = pytest.mark.slow  # a whole Zensical build


def test_zensical_builds_every_generated_page(tmp_path: Path) -> None:
    out = tmp_path / "zensical"
    result = subprocess.run([sys.executable, "tools/zensical.py", "--out", str(out)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    site = out / "site"
    book, _ = load_handbook(ROOT)
    for doc in book.dialogues:
        html = (site / "dialogues" / doc.model.id / "index.html").read_text(encoding="utf-8")
        assert f'id="turn-{len(doc.model.turns)}"' in html and "hb-annot" in html, doc.model.id
    for module in book.modules:
        assert (site / "modules" / module.meta.id / "index.html").is_file(), module.meta.id
    assert (site / "course.json").is_file()
    assert (site / "assets" / "handbook.js").is_file()
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    address = os.environ.get("HANDBOOK_SITE_URL", "http://127.0.0.1:8000/")
    assert "site_url" not in about and address in about, "the citation address is filled without the plugin"
    assert not (ROOT / "docs" / "dialogues").exists(), "nothing is generated into docs/"


def _unsanitized(config: Path, site_dir: str = "site-raw") -> Path:
    """The staged config without the sanitizing Markdown extension (as Zensical would run without it)."""
    text = config.read_text(encoding="utf-8")
    line = f"  - {zensical_tool().SANITIZE}\n"
    assert line in text
    raw = config.with_name("mkdocs.raw.yml")
    raw.write_text(text.replace(line, "").replace("site_dir: site\n", f"site_dir: {site_dir}\n"), encoding="utf-8")
    return raw


def _article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<article") : text.rindex("</article>")]


def _toc(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    at = text.find('data-md-component="toc"')
    return text[at : text.index("</nav>", at)] if at >= 0 else ""


def test_zensical_sanitizer_removes_nothing_from_the_real_site(tmp_path: Path) -> None:
    """Zensical renders each page through the sanitizing extension; on the real handbook it removes
    nothing: every page's article and table of contents is the same document tree as Zensical's
    build of the same staged folder without it (the comparison tests/test_sanitize.py makes for MkDocs)."""
    zensical = zensical_tool()
    config = zensical.stage(tmp_path / "zensical")
    raw = _unsanitized(config)
    binary = Path(sys.executable).with_name("zensical")
    for file in (config, raw):
        subprocess.run([str(binary), "build", "--config-file", str(file)], cwd=config.parent, check=True, capture_output=True)
    site, unsafe = config.parent / "site", config.parent / "site-raw"
    pages = sorted(p.relative_to(unsafe) for p in unsafe.rglob("*.html"))
    assert len(pages) > 100
    changed = [p for p in pages if tree(_article(site / p)) != tree(_article(unsafe / p)) or tree(_toc(site / p)) != tree(_toc(unsafe / p))]
    assert changed == []
    assert zensical.audit(site) == []


def _hostile_stage(tmp_path: Path) -> tuple[Any, Path, list[str]]:
    """The real handbook staged, plus one hand-written page per script family put into the staged
    docs/ after the check ran (so nothing refused them), each also in a heading (the sidebar's table
    of contents and the search index show headings)."""
    zensical = zensical_tool()
    config = zensical.stage(tmp_path / "zensical")
    docs = config.parent / "docs"
    families = [f for f in FAMILIES if f not in ("control", "characters", "reserved")]
    for family in families:
        payload = FAMILIES[family]
        heading = payload.split("\n")[0]
        (docs / f"hostile-{family}.md").write_text(
            f"# Hostile {family}\n\n{payload}\n\n## {heading}\n\n## <img src=x onerror=alert(1)> x\n", encoding="utf-8"
        )
    return zensical, config, families


class _Active(HTMLParser):
    """Whatever in a whole page could run or act: an event handler, another scheme, a style, a
    data-* attribute Material acts on, a script with a payload."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.script = tag == "script"
        for name, value in attrs:
            scheme = link_scheme(value or "") if name in ("href", "src") else None
            if (
                name.startswith("on")
                or name in ("style", "data-clipboard-text")
                or (name, value) == ("data-md-component", "source")
                or (scheme is not None and scheme not in URL_SCHEMES)
            ):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data: str) -> None:
        if self.script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self.script = False


def active(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    parser.close()
    return parser.found


def test_zensical_sanitizes_what_got_past_the_check(tmp_path: Path) -> None:
    """Markdown that got past the check (hostile pages put into the staged docs/ after it ran) is
    built, and nothing of what could run or act is left in any page or in the search index."""
    zensical, config, families = _hostile_stage(tmp_path)
    found = io.StringIO()
    with contextlib.redirect_stderr(found):
        code = zensical.build(config)
    assert code == 0, found.getvalue()
    site = config.parent / "site"
    for family in families:
        page = (site / f"hostile-{family}" / "index.html").read_text(encoding="utf-8")
        assert "hostile-" + family in page and "Hostile " + family in page
        assert active(page) == [], family
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    entries = [e for e in index["items"] if e["location"].startswith("hostile-")]
    assert len(entries) >= 2 * len(families)
    assert [active(e["title"] + e["text"]) for e in entries] == [[] for _ in entries]
    assert active('<a href="javascript:alert(1)" onclick="x">a</a>') == ["<a href=javascript:alert(1)>", "<a onclick=x>"]


def test_zensical_audit_refuses_a_site_built_without_the_sanitizer(tmp_path: Path) -> None:
    """The audit is the second line: the same hostile pages built without the sanitizing extension
    are found in the built pages, the build fails, and the site it wrote is removed."""
    zensical, config, families = _hostile_stage(tmp_path)
    _unsanitized(config, "site").replace(config)  # the staged config without the extension, under its own name
    found = io.StringIO()
    with contextlib.redirect_stderr(found):
        code = zensical.build(config)
    assert code == 1
    assert not (config.parent / "site").exists(), "the site that failed the audit is removed"
    named = {family for family in families if f"hostile-{family}/index.html: " in found.getvalue()}
    assert named == set(families), found.getvalue()
