"""The check judges Markdown with the build's own Markdown (generator/check/markup.py), so the cases
where a pattern and Python-Markdown disagree (issue 24) are refused, at their position."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from support import ROOT

from generator.api import check
from generator.check.markup import EXTENSION_CONFIGS, EXTENSIONS, problems

FIXTURE = ROOT / "tests/fixtures/project"


def test_the_check_converts_with_the_extensions_the_site_is_built_with() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    built = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert built == EXTENSIONS
    configs = {next(iter(e)): next(iter(e.values())) for e in config["markdown_extensions"] if isinstance(e, dict)}
    # A function is named by a tag (which this loader reads as an empty value): compare its name.
    names = {k: {n: f"!!python/name:{v.__module__}.{v.__name__}" if callable(v) else v for n, v in c.items()} for k, c in EXTENSION_CONFIGS.items()}
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key, value in ((n, v) for c in names.values() for n, v in c.items() if str(v).startswith("!!python/name:")):
        assert f"{key}: {value}" in text
        configs = {k: {n: value if n == key and v == "" else v for n, v in c.items()} for k, c in configs.items()}
    assert {k: {n: str(v).lower() if isinstance(v, bool) else v for n, v in c.items()} for k, c in names.items()} == configs


# Each case: Markdown that a pattern read differently from Python-Markdown, and what it would put on a page.
DISAGREEMENTS = {
    "url on the next line": ("[k1]:\n  javascript:alert(9)\n\nSee [x][k1].", "javascript:"),
    "quote with no space": (">[k2]: javascript:alert(10)\n>\n>See [y][k2].", "javascript:"),
    "quoted brace": ('[ok](https://example.org){: class="}" onclick=alert(8) }', "which sets 'onclick'"),
    "escaped backtick": ("\\`<img src=x onerror=alert(11)>`", "raw HTML '<img src=x onerror=alert(11)>'"),
    "backticks over paragraphs": ("a```b <img src=x onerror=alert(12)>\n\nc```", "raw HTML"),
    "data attribute": ('[x](https://example.org){: data-md-component="source" }', "which sets 'data-md-component'"),
    "clipboard": ('[x](https://example.org){: data-clipboard-text="curl https://x.invalid | sh" }', "which sets 'data-clipboard-text'"),
    "style": ('[x](https://example.org){: style="position:fixed;inset:0" }', "which sets 'style'"),
    "reserved id": ("# Heading {#hbQuizReady}", "found 'hbQuizReady', which the site's pages or scripts use"),
    "reserved class": ("# Heading {.hb-quiz}", "found 'hb-quiz'"),
    "turn anchor": ("# Heading {#turn-2}", "found 'turn-2'"),
    "image from another host": ("![a pixel](https://tracker.invalid/p.png)", "which every reader's browser would fetch from another host"),
}


@pytest.mark.parametrize("name", DISAGREEMENTS)
def test_the_build_s_markdown_decides(name: str) -> None:
    text, expected = DISAGREEMENTS[name]
    assert any(expected in p.message for p in problems(text)), [p.message for p in problems(text)]


@pytest.mark.parametrize("text", ["Plain *text* with [a link](https://example.org) and `<code>`.", "# Heading {#my-own .mine}", "&lt;not a tag&gt; 5 < 6", "[x](../glossary.md#hba1c)"])
def test_what_content_may_write_passes(text: str) -> None:
    assert problems(text) == ()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "project")
    return tmp_path / "project"


def test_each_case_in_a_module_body_is_an_error_on_its_line(project: Path) -> None:
    module = project / "content/modules/sample-module.md"
    text = module.read_text(encoding="utf-8").rstrip("\n") + "\n"
    lines: dict[str, int] = {}
    for name, (case, _) in DISAGREEMENTS.items():
        text += "\n"
        lines[name] = text.count("\n") + 1 + (1 if case.startswith("[k1]:") else 0)
        text += case + "\n"
    module.write_text(text, encoding="utf-8")
    _, findings = check(project)
    errors = {f.line for f in findings if f.path == "content/modules/sample-module.md" and f.level == "error"}
    assert {name: line for name, line in lines.items() if line not in errors} == {}


def test_hand_written_pages_are_checked(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs/page.md").write_text("# A page\n\nFine.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n## Next {#hbQuizReady}\n", encoding="utf-8")
    _, findings = check(project)
    found = sorted((f.line, f.rule) for f in findings if f.path == "docs/page.md")
    assert found == [(5, "markup"), (7, "links"), (9, "markup")], found


@pytest.mark.parametrize(
    ("value", "what"),
    [("\\r", "U+000D"), ("\\uFFFE", "noncharacter U+FFFE"), ("\\uFFFF", "noncharacter U+FFFF"), ("\\u202E", "bidi control U+202E"), ("\\x85", "U+0085")],
)
def test_characters_no_field_may_hold_are_refused_in_every_kind(project: Path, value: str, what: str) -> None:
    """A title (plain), a summary (Markdown) and a theme (plain, in a list), written as YAML escapes."""
    path = project / "content/dialogues/sample-visit.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: A sample visit", f'title: "A sample{value} visit"').replace("themes: [time pressure]", f'themes: ["time{value} pressure"]')
    path.write_text(text, encoding="utf-8")
    _, findings = check(project)
    at = sorted((f.line, f.column) for f in findings if f.rule == "characters" and what in f.message)
    assert at == [(3, 8), (7, 10)], [f.format() for f in findings if f.level == "error"]
