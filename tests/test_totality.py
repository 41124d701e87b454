"""The check is total: whatever is in content/, it reports positioned findings and never a
traceback, reads nothing it should not, grows linearly with pathological input, and a clean check builds.

One regression test per defect of issue 12 that golden files cannot hold (file system, locale,
time); the others are golden cases in tests/golden/errors/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, copy_project

from generator.api import build, check
from generator.check import markup
from generator.load.yaml import load_yaml
from generator.model.content import Reference
from generator.render.pages import cite_label

FIXTURE = Path(__file__).parent / "fixtures" / "project"
POSITIONED = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning|suggestion): ")
DIALOGUE = (ROOT / "content/dialogues/fear-of-going-low.yml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator check` under a strict UTF-8 locale (no UTF-8 mode, strict stdout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "PYTHONUTF8", "LC_"))}
    env.update(LC_ALL="C.UTF-8", PYTHONUTF8="0")
    return subprocess.run([sys.executable, "-m", "generator", "check", *args], cwd=root, env=env, capture_output=True, text=True, errors="replace", check=False)


def assert_positioned(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(POSITIONED.match(line) for line in lines), lines
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", result.stdout + result.stderr)
    return lines


def test_lone_surrogate_is_reported_not_printed(project: Path) -> None:
    (project / "content/dialogues/fear-of-going-low.yml").write_text(DIALOGUE.replace("title: Fear of going low", 'title: "Fear \\ud800"'), encoding="utf-8")
    lines = assert_positioned(run_check(project))
    assert lines == ["content/dialogues/fear-of-going-low.yml:3:8: error: expected printable text, found the lone surrogate \\ud800; remove it"]


def test_file_name_that_is_not_utf8_is_reported_escaped(project: Path) -> None:
    name = os.fsencode(project / "content/dialogues") + b"/caf\xe9.yml"
    with open(name, "wb") as handle:
        handle.write(DIALOGUE.replace("id: fear-of-going-low", "id: cafe").encode())
    lines = assert_positioned(run_check(project))
    assert any(line.startswith("content/dialogues/caf\\udce9.yml:") and "expected id" in line for line in lines), lines


def test_folder_named_like_a_content_file(project: Path) -> None:
    (project / "content/dialogues/draft.yml").mkdir()
    (project / "content/modules/draft.md").mkdir()
    lines = assert_positioned(run_check(project))
    assert "content/dialogues/draft.yml:1:1: error: expected a file, found a folder with a content file's name; rename the folder" in lines
    assert "content/modules/draft.md:1:1: error: expected a file, found a folder with a content file's name; rename the folder" in lines


def opened_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the code under test opens (through pathlib), from now on."""
    opened: list[str] = []
    real_open = Path.open

    def recording_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", recording_open)
    return opened


def test_links_out_of_the_project_are_refused_and_never_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "content/dialogues/zero.yml").symlink_to("/dev/zero")
    (project / "content/dialogues/passwd.yml").symlink_to("/etc/passwd")
    (project / "content/glossary.yml").unlink()
    (project / "content/glossary.yml").symlink_to("/etc/hostname")
    opened = opened_paths(monkeypatch)
    check(project)
    links = {str(project / p) for p in ("content/dialogues/zero.yml", "content/dialogues/passwd.yml", "content/glossary.yml")}
    assert any(p.endswith(".yml") for p in opened), "the recorder sees the check's reads"
    assert links.isdisjoint(opened) and {"/dev/zero", "/etc/passwd", "/etc/hostname"}.isdisjoint(opened)
    result = run_check(project)
    lines = assert_positioned(result)
    refusal = "error: expected a file, found a link (to a file); links in content/ and docs/ are not followed: copy the file in instead"
    for path in ("content/dialogues/zero.yml", "content/dialogues/passwd.yml", "content/glossary.yml"):
        assert f"{path}:1:1: {refusal}" in lines
    assert "root" not in result.stdout


SECRET = "HANDBOOK_TOKEN=hunter2-never-printed"


def test_no_link_inside_content_or_docs_is_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 24: no link in content/ (or docs/) is followed, wherever it points: a file linked to a
    file in the project (the project's .env), a folder linked out of the project (content/figures),
    a docs/ page linked to .env, a docs/ file or folder MkDocs would publish. Each is refused at its
    path without being read, and nothing of the file it points at is printed."""
    project = copy_project(tmp_path / "project", writable=("content", "docs"))
    (project / ".env").write_text(SECRET + "\n", encoding="utf-8")
    (project / "content/dialogues/fear-of-going-low.yml").rename(project / "fear.yml")
    (project / "content/dialogues/fear-of-going-low.yml").symlink_to(project / "fear.yml")
    (project / "content/glossary.yml").unlink()
    (project / "content/glossary.yml").symlink_to("../.env")
    outside = tmp_path / "outside"
    shutil.copytree(project / "content/figures", outside)
    shutil.rmtree(project / "content/figures")
    (project / "content/figures").symlink_to(outside, target_is_directory=True)
    (project / "docs/leak.md").symlink_to("../.env")
    (project / "docs/assets/leak.png").symlink_to("../../.env")  # MkDocs would publish it
    (project / "docs/elsewhere").symlink_to(outside, target_is_directory=True)
    opened = opened_paths(monkeypatch)
    check(project)
    assert not [p for p in opened if p.endswith((".env", "fear.yml")) or p.startswith(str(outside)) or "figures" in p], opened
    result = run_check(project)
    lines = assert_positioned(result)
    refusal = "error: expected a file, found a link (to {}); links in content/ and docs/ are not followed: copy the file in instead"
    assert f"content/dialogues/fear-of-going-low.yml:1:1: {refusal.format('a file')}" in lines
    assert f"content/glossary.yml:1:1: {refusal.format('a file')}" in lines
    assert f"content/figures/conceptual-model.yml:1:1: {refusal.format('a folder: content/figures')}" in lines
    assert f"docs/leak.md:1:1: {refusal.format('a file')}" in lines
    assert "docs/assets/leak.png:1:1: error: expected a file, found a link; links in content/ and docs/ are not followed: copy the file in instead" in lines
    assert "docs/elsewhere:1:1: error: expected a folder, found a link; links in content/ and docs/ are not followed: copy the folder in instead" in lines
    assert "content/figures:1:1: error: expected a folder, found a link; links in content/ and docs/ are not followed: copy the folder in instead" in lines
    assert "hunter2" not in result.stdout + result.stderr


def test_a_link_to_the_projects_env_file_is_a_link_to_no_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".env").write_text(SECRET + "\n", encoding="utf-8")
    module = project / "content/modules/barriers.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n[Settings](../../.env) ![Settings](../../.env)\n", encoding="utf-8")
    opened = opened_paths(monkeypatch)
    check(project)
    assert not [p for p in opened if p.endswith(".env")]
    result = run_check(project)
    lines = assert_positioned(result)
    assert len(lines) == 2 and all("link to a file that does not exist: '../../.env'" in line for line in lines), lines
    assert "hunter2" not in result.stdout + result.stderr


def test_size_limit_applies_before_reading(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = project / "content/dialogues/huge.yml"
    with open(huge, "wb") as handle:
        handle.truncate(4 * 1024**3)  # sparse: reading it would take seconds and 4 GB
    opened = opened_paths(monkeypatch)
    findings = [f.format() for f in check(project)[1]]
    assert str(huge) not in opened and any(p.endswith(".yml") for p in opened), "the file is refused by its size, unopened"
    assert "content/dialogues/huge.yml:1:1: error: expected a file under 1000 KB, found 4294967 KB" in findings


def test_tab_after_key_refused_by_both_parsers() -> None:
    data, _, findings = load_yaml("title:\tFear\n", "x.yml")
    assert data is None and [f.format() for f in findings] == ["x.yml:1:7: error: expected spaces for indentation, found a tab; YAML does not allow tabs here"]
    assert load_yaml("title: 'a\tb'\n", "x.yml")[0] == {"title": "a\tb"}  # a tab inside a quoted text is text


def test_timestamp_shaped_text_builds(project: Path) -> None:
    """The schema page read examples with PyYAML's own loader, which made a date of 2024-13-45."""
    (project / "content/dialogues/fear-of-going-low.yml").write_text(DIALOGUE.replace("setting: clinic review", "setting: 2024-13-45"), encoding="utf-8")
    assert not [f for f in check(project)[1] if f.level == "error"]
    build(project)


def test_cite_label_never_fails() -> None:
    assert cite_label(Reference(key="anon2020", authors=",", year=2020, title="T", journal="J")) == "anon2020, 2020"


def cpu_seconds(work: Callable[[], object]) -> float:
    """The CPU time ``work`` takes (the least of three runs): unlike wall time, it does not grow when
    other processes load the machine. The check's caches of converted texts are emptied before each
    run, so every run does the work."""
    times = []
    for _ in range(3):
        markup.problems.cache_clear()
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


@pytest.mark.parametrize(
    ("name", "body", "refused"),
    [
        ("100 KB of blank lines", "\n" * 100_000, True),  # Python-Markdown is quadratic in blank-line blocks
        ("60,000 '['", "[" * 60_000, True),
        ("30,000 '[@'", "[@" * 30_000, True),
        ("30,000 ']('", "](" * 30_000, False),  # no '[', so no link as Markdown reads it: built, in bounded time too
        ("3,000 nested list markers", "- " * 3_000 + "x", True),
        ("20,000 '<a:'", "<a:" * 20_000, True),  # issue 24: entities, each a copy of the paragraph's rest
        ("20,000 escaped backticks", "\\`" * 20_000, True),
        ("500 short paragraphs of markup", "See [a](https://example.org) &amp; `x` <b>\n\n" * 500, False),
    ],
)
def test_pathological_bodies_are_checked_in_bounded_time(tmp_path: Path, name: str, body: str, refused: bool) -> None:
    """The check (and a build of what it accepts) grows linearly with such a body: four times the body
    takes at most five times as long (issue 24; a check quadratic in the body takes 16 times, one that
    backtracked a power of its length). Four times, not twice, so that timer noise on a run of a few
    hundredths of a second cannot pass for growth. On the fixture handbook, so that the body's cost is
    most of what is timed."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    module = project / "content/modules/sample-module.md"
    text = module.read_text(encoding="utf-8")

    def with_body(times: int) -> None:
        module.write_text(text + "\n\n" + body * times + "\n", encoding="utf-8")

    with_body(1)
    assert any(f.level == "error" for f in check(project)[1]) == refused, name
    once = cpu_seconds(lambda: check(project))
    with_body(4)
    assert any(f.level == "error" for f in check(project)[1]) == refused, name
    assert cpu_seconds(lambda: check(project)) < 5 * once, name
    if not refused:
        with_body(1)
        once = cpu_seconds(lambda: build(project))
        with_body(4)
        assert cpu_seconds(lambda: build(project)) < 5 * once, name


def test_module_link_to_missing_page_or_anchor(project: Path) -> None:
    module = project / "content/modules/barriers.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text + "\n\nSee [a](no-such-module.md) and [b](the-working-alliance.md#no-such-heading) and [c](../references.md#ref-jones2016).\n", encoding="utf-8")
    line = text.count("\n") + 3
    errors = [f.format() for f in check(project)[1] if f.level == "error"]
    assert errors == [
        f"content/modules/barriers.md:{line}:9: error: link to a page that does not exist: 'no-such-module.md'; no such page",
        f"content/modules/barriers.md:{line}:36: error: link to '#no-such-heading', which 'the-working-alliance.md' does not have; no such anchor",
    ]


def test_module_links_that_strict_mkdocs_refuses(project: Path) -> None:
    """Absolute paths and missing files: mkdocs --strict aborts on both, so the check reports them."""
    module = project / "content/modules/barriers.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text + "\n\n[a](/about/) ![b](../assets/nope.png) ![c](../assets/handbook.css)\n", encoding="utf-8")
    line = text.count("\n") + 3
    errors = [f.format() for f in check(project)[1] if f.level == "error"]
    assert errors == [
        f"content/modules/barriers.md:{line}:5: error: expected a relative link (such as '../glossary.md') or a full https address, found '/about/', which leaves the site when it is published in a folder",
        f"content/modules/barriers.md:{line}:19: error: link to a file that does not exist: '../assets/nope.png' (looked for docs/assets/nope.png and the files the build writes)",
    ]


def test_check_of_a_folder_outside_any_project(tmp_path: Path) -> None:
    outside, here = tmp_path / "elsewhere", tmp_path / "here"
    outside.mkdir()
    here.mkdir()
    result = subprocess.run([sys.executable, "-m", "generator", "check", str(outside)], cwd=here, capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.endswith("error: not inside a handbook project (no content/ folder above it)\n")


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("600 definition-list lines", "term\n:   \n" * 300),  # each definition opens the next list (a RecursionError, issue 24)
        ("admonitions nested by indentation", "".join("    " * i + "!!! note\n" for i in range(40))),
        ("details nested by indentation", "".join("    " * i + "??? note\n" for i in range(40))),
    ],
)
def test_deep_nesting_is_a_positioned_error_not_a_traceback(project: Path, name: str, body: str) -> None:
    """Blocks nested in blocks past the bound are refused at the line where they get too deep,
    whichever Markdown makes them (the check counts the nesting of the converted text, and a
    conversion past Python's stack is refused too), in a module body and in a YAML text field."""
    module = project / "content/modules/barriers.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text + "\n" + body, encoding="utf-8")
    lines = assert_positioned(run_check(project))
    assert len(lines) == 1 and "nested at most 12 deep, found deeper nesting on this line" in lines[0], (name, lines)
    line = int(lines[0].split(":")[1])
    assert text.count("\n") + 2 + 10 <= line <= text.count("\n") + 2 + 2 * 13, (name, lines)  # about the 13th level
    module.write_text(text, encoding="utf-8")
    glossary = project / "content/glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - term: Deep\n    definition: |\n" + "".join("      " + row + "\n" for row in body.split("\n")), encoding="utf-8")
    lines = assert_positioned(run_check(project))
    assert len(lines) == 1 and lines[0].startswith("content/glossary.yml:") and "nested at most 12 deep" in lines[0], (name, lines)


def test_a_text_nested_past_the_stack_leaves_the_next_conversion_alone() -> None:
    """A conversion that runs out of stack stops mid-way, with the parser's state half-built; the
    next text must convert as if it had not happened (it did not, when the converter was reused)."""
    sample = "Some text.\n\n- a list\n- of two\n\n> a quote\n\nTerm\n:   its definition\n"
    before = markup.convert(sample)[0]
    assert markup.problems("Term\n:   \n" * 600)[0].kind == "depth"
    assert markup.convert(sample)[0] == before
