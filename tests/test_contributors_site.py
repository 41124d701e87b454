"""The built site's Contribute section: edit links to the source files, the schema reference
that lists every field of every kind, CONTRIBUTING.md as a page, and the commands it teaches."""

from __future__ import annotations

import html
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.api import build, check
from generator.model.kinds import KINDS
from generator.model.schema import kind_schema

ROOT = Path(__file__).resolve().parent.parent


def edit_link(site_dir: Path, page: str) -> str:
    text = (site_dir / page / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<a href="([^"]+)" title="Edit this page"', text)
    assert match, f"{page} has no edit link"
    return html.unescape(match.group(1))


@pytest.mark.parametrize(
    ("page", "source"),
    [
        ("dialogues/fear-of-going-low", "/content/dialogues/fear-of-going-low.yml"),
        ("dialogues/what-is-the-point", "/content/dialogues/what-is-the-point.yml"),
        ("modules/barriers", "/content/modules/barriers.md"),
        ("modules/the-working-alliance", "/content/modules/the-working-alliance.md"),
        ("glossary", "/content/glossary.yml"),
        ("references", "/content/references.yml"),
        ("contributing", "/CONTRIBUTING.md"),
        ("contributing/schema", "/generator/model/content.py"),
        ("about", "/docs/about.md"),
    ],
)
def test_edit_link_opens_the_source_file(site_dir: Path, page: str, source: str) -> None:
    link = edit_link(site_dir, page)
    assert link.startswith("https://github.com/") and link.endswith(source)
    assert "/docs/content/" not in link and (ROOT / source.lstrip("/")).is_file()


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</table>", start)]


def test_schema_reference_lists_every_field_of_every_kind(site_dir: Path) -> None:
    page = (site_dir / "contributing/schema/index.html").read_text(encoding="utf-8")
    checked = 0
    for kind in KINDS:
        schema = kind_schema(kind)
        models = {kind.model.__name__: schema, **schema.get("$defs", {})}
        for name, node in models.items():
            section = _section(page, f"{kind.name}-{name.lower()}")
            for prop in node.get("properties", {}):
                row = re.search(rf'<th scope="row"><code>{re.escape(prop)}</code></th>(.*?)</tr>', section)
                assert row, f"{kind.name}: {name}.{prop} missing from the schema reference"
                required = "required" if prop in node.get("required", []) else "optional"
                assert f"<td>{required}" in row.group(1), f"{name}.{prop} should be {required}"
                checked += 1
        assert f'id="{kind.name}-example"' in page
    assert checked > 80


def test_schema_reference_shows_allowed_values_and_examples(site_dir: Path) -> None:
    page = (site_dir / "contributing/schema/index.html").read_text(encoding="utf-8")
    speaker = re.search(r"<code>speaker</code></th>(.*?)</tr>", _section(page, "dialogue-turn"))
    assert speaker
    assert "one of <code>pwd</code>, <code>hcp</code>, <code>other</code>" in speaker.group(1)
    assert "<td>required</td>" in speaker.group(1)
    assert "<code>pwd</code></td></tr>" in speaker.group(0) + "</tr>"  # the example column
    assert "On <code>hcp</code> turns <code>alliance</code>, <code>alsi</code>, <code>effect</code>, <code>note</code> are required" in page


def test_contribute_section_in_the_navigation(site_dir: Path) -> None:
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"') :]
    assert "Contribute" in nav and 'href="contributing/"' in nav
    page = (site_dir / "contributing/index.html").read_text(encoding="utf-8")
    nav = page[page.index('class="md-nav md-nav--primary"') :]
    assert re.search(r'href="schema/"[^>]*>\s*<span class="md-ellipsis">\s*Schema reference', nav)


def test_contributing_page_is_contributing_md(site_dir: Path) -> None:
    page = (site_dir / "contributing/index.html").read_text(encoding="utf-8")
    for heading in re.findall(r"^#{2,3} (.+)$", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.MULTILINE):
        assert html.escape(heading, quote=False) in page
    assert "python -m generator new dialogue missed-appointments" in re.sub(r"<[^>]+>", "", page)


@pytest.mark.slow
def test_the_commands_in_contributing_md_add_a_dialogue_that_builds(tmp_path: Path) -> None:
    """Follow the guide: its `new dialogue` and `check` commands, run as written, in a copy."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    commands = [c.strip() for c in re.findall(r"^\s*(\.venv/bin/python -m generator (?:new|check) .+)$", guide, re.MULTILINE)]
    assert [c.split()[3] for c in commands[:2]] == ["new", "check"]
    shutil.copytree(ROOT / "content", tmp_path / "content")
    for command in commands[:2]:
        argv = [sys.executable, *shlex.split(command)[1:]]
        result = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert "content is clean" in result.stderr
    _, findings = check(tmp_path)
    assert [f for f in findings if "missed-appointments" in f.path] == []
    assert "dialogues/missed-appointments.md" in {p.src for p in build(tmp_path).pages}


def test_pre_commit_hook_runs_the_check() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]}
    hook = hooks["handbook-check"]
    assert hook["entry"].endswith("-m generator check") and hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/dialogues/x.yml")
    for entry in (hook["entry"], hooks["handbook-schema"]["entry"]):
        argv = [sys.executable, *shlex.split(entry)[1:]]
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
