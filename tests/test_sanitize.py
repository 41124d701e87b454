"""The allowlist sanitizer: removes what could run, and changes no legitimate page.

A real build records every page body before and after the sanitizer (tests/fixtures/
recording_hook.py): for every page, the sanitizer removed nothing (the document trees are equal),
and a second pass changes nothing at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, copy_project, tree

from generator.api import build
from generator.render.sanitize import DATA_ATTRIBUTES, sanitize, sanitize_meta


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("recorded")
    project = copy_project(tmp / "project", writable=())
    shutil.copy(ROOT / "tests/fixtures/recording_hook.py", project / "recording_hook.py")
    (project / "mkdocs.recording.yml").write_text("INHERIT: mkdocs.yml\nhooks:\n  - recording_hook.py\n", encoding="utf-8")
    record = tmp / "bodies"
    env = {**os.environ, "HANDBOOK_RECORD_DIR": str(record), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.recording.yml", "--site-dir", str(tmp / "site")],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return record


def test_sanitizer_removes_nothing_from_any_page(recorded: Path) -> None:
    pages = sorted(recorded.rglob("*.before.html"))
    assert len(pages) > 90
    changed = [
        p
        for p in pages
        if tree(p.read_text(encoding="utf-8")) != tree(p.with_name(p.name.replace(".before.", ".after.")).read_text(encoding="utf-8"))
    ]
    assert changed == []


def test_second_pass_changes_no_page(recorded: Path) -> None:
    for page in sorted(recorded.rglob("*.after.html")):
        html = page.read_text(encoding="utf-8")
        assert sanitize(html) == html, page


def test_widgets_keep_their_markup(recorded: Path) -> None:
    """The allowlist keeps what the widgets need: forms, buttons, hidden, data-* and aria-*."""
    module = (recorded / "modules/barriers.after.html").read_text(encoding="utf-8")
    module += (recorded / "dialogues/teen-wants-independence.after.html").read_text(encoding="utf-8")
    for needed in ("<form", "<button", "<details", "<summary", "data-hash=", "aria-", " hidden", "<fieldset", "<input"):
        assert needed in module, needed


_DATA = re.compile(r"\s(data-[a-z0-9-]+)(?=[\s=>/])")


def test_every_data_attribute_the_pages_carry_is_listed(recorded: Path) -> None:
    """Each data-* attribute in any built page body has its line in DATA_ATTRIBUTES (a widget that
    needs a new one adds it there), and each listed one is still used."""
    used = {name for page in recorded.rglob("*.before.html") for name in _DATA.findall(page.read_text(encoding="utf-8"))}
    assert used - set(DATA_ATTRIBUTES) == set(), "data-* attributes the generator emits but sanitize.py does not list"
    assert set(DATA_ATTRIBUTES) - used == set(), "listed in sanitize.py but no page carries it"


def test_every_data_attribute_the_generator_writes_is_listed() -> None:
    """The same, without a site build: every generated page's widgets (the fast lane)."""
    pages = build(ROOT).pages
    used = {name for page in pages for name in _DATA.findall(page.markdown)}
    assert len(used) > 20
    assert used - set(DATA_ATTRIBUTES) == set(), "data-* attributes the generator emits but sanitize.py does not list"


@pytest.mark.parametrize("name", ["data-md-component", "data-clipboard-text", "data-md-color-scheme", "data-anything"])
def test_unlisted_data_attributes_are_removed(name: str) -> None:
    assert sanitize(f'<p {name}="x" data-hash="h" aria-label="l">t</p>') == '<p data-hash="h" aria-label="l">t</p>'


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ('<img src="https://tracker.invalid/p.png" alt="a"><img src=" //x.invalid/p.png">', '<img alt="a"><img>'),
        ('<a href="javascript:alert(1)">a</a>', "<a>a</a>"),
        ('<a href="javascript&#58;alert(1)">a</a>', "<a>a</a>"),
        ('<a href="jav&#x09;ascript:alert(1)">a</a>', "<a>a</a>"),
        ('<a href="\x01javascript:alert(1)">a</a>', "<a>a</a>"),
        ('<a href="data:text/html,x">a</a>', "<a>a</a>"),
        ('<a href="../x/#y" title="t">a</a>', '<a href="../x/#y" title="t">a</a>'),
        ('<a href="mailto:a@example.org">a</a>', '<a href="mailto:a@example.org">a</a>'),
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ("<style>p{}</style><svg onload=alert(1)></svg>", ""),
        ('<iframe src="https://example.org"></iframe><p style="position:fixed">x</p>', "<p>x</p>"),
        (
            '<form action="https://evil.example" data-js><button formaction="x" type="button">b</button></form>',
            '<form data-js=""><button type="button">b</button></form>',
        ),
        ('<td style="text-align: center; color: red">x</td>', ""),
        (
            '<table><tr><td style="text-align: center; color: red">x</td></tr></table>',
            '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>',
        ),
    ],
)
def test_allowlist(dirty: str, clean: str) -> None:
    cleaned = sanitize(dirty)
    assert cleaned == clean or (clean == "" and "<" not in cleaned), cleaned


@pytest.mark.parametrize(
    "html",
    [
        '<p>No image <a href="https://example.org" onclick="x()">here</a>, <em>only</em> text &lt;img&gt;</p>',
        '<IMG SRC="https://tracker.invalid/p.png" alt="a">',
        '<image src="//x.invalid/p.png">',
        '<p><Image src="https://x.invalid/p.png"></p><img src="local.png">',
    ],
)
def test_the_quick_path_without_images_is_the_same_sanitizer(html: str) -> None:
    """Bodies without "<im" skip the image filter (the sanitizer's quick path); a body that may hold
    an image, however it is spelt, goes through it, and both give what the full cleaner gives."""
    from generator.render import sanitize as module

    assert sanitize(html) == str(module._cleaner.clean(html))
    assert "invalid" not in sanitize(html)


def test_a_hand_written_pages_front_matter_cannot_start_a_tag_or_end_an_attribute() -> None:
    meta = {"title": "T </title><img src=x onerror=alert(1)>", "description": 'D "><b>', "hide": ["toc"], "search": {"exclude": True}, "n": 2}
    clean = sanitize_meta(meta)
    assert clean == {"title": "T \u2039/title\u203a\u2039img src=x onerror=alert(1)\u203a", "description": "D \u201d\u203a\u2039b\u203a", "hide": ["toc"], "search": {"exclude": True}, "n": 2}
    assert sanitize_meta({"title": "Q＆A: the “alliance”"}) == {"title": "Q＆A: the “alliance”"}
