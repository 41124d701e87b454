"""The MkDocs build: strict and complete, and stopped cleanly by bad content."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT, build_site, copy_project


def test_strict_build_renders_every_dialogue(site_dir: Path) -> None:
    for path in sorted((ROOT / "content" / "dialogues").glob("*.yml")):
        html = (site_dir / "dialogues" / path.stem / "index.html").read_text(encoding="utf-8")
        assert 'id="turn-1"' in html
        assert "hb-annot" in html


def test_generated_pages_are_not_written_into_docs() -> None:
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "docs/dialogues/" not in tracked and "docs/modules/" not in tracked
    assert not (ROOT / "docs" / "dialogues").exists()


def _misspell_bond(project: Path) -> tuple[str, int, int]:
    """Change the first coded 'bond' of a turn to 'bonding'; return (file, line, column) of it."""
    rel = "content/dialogues/fear-of-going-low.yml"
    path = project / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        match = re.match(r"(\s+alliance: \[)(bond)\b", line)
        if match and i > 10:
            lines[i] = line[: match.start(2)] + "bonding" + line[match.end(2) :]
            path.write_text("\n".join(lines), encoding="utf-8")
            return rel, i + 1, match.start(2) + 1
    raise AssertionError("no coded bond turn found")


@pytest.mark.slow
def test_misspelt_value_fails_check_and_build_with_the_same_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rel, line, col = _misspell_bond(project)
    expected = f"{rel}:{line}:{col}: error: 'alliance' expected one of 'bond', 'task' or 'goal', found 'bonding'; did you mean 'bond'?"

    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True, check=False)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [expected]

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good build", encoding="utf-8")
    result = build_site(site, "http://127.0.0.1:8000/", root=project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert expected in output
    assert "Traceback" not in output
    assert [p.name for p in site.iterdir()] == ["index.html"], "a failed build must leave the previous site untouched"
    assert (site / "index.html").read_text(encoding="utf-8") == "previous good build"


def test_titles_cannot_carry_markup(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "content" / "dialogues" / "fear-of-going-low.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", 'title: "Fear <script>x</script>"', text, count=1, flags=re.M), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True, check=False)
    assert check.returncode == 1
    assert "'title' expected plain text on one line without <, > or \"" in check.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _last_site(parent: Path) -> tuple[Path, dict[str, bytes]]:
    site = parent / "site"
    (site / "dialogues").mkdir(parents=True)
    (site / "index.html").write_text("previous good build", encoding="utf-8")
    (site / "dialogues/gone.html").write_text("a page the next build does not make", encoding="utf-8")
    return site, _files(site)


def _siblings(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


@pytest.mark.slow
def test_what_only_the_cross_file_checks_refuse_leaves_the_last_site_untouched(tmp_path: Path) -> None:
    """The checks run while MkDocs builds (generator/mkdocs/worker.py), so MkDocs writes into a fresh
    folder that replaces the site only once they passed: a plain `mkdocs build` (no tools/atomic.py)
    with an error they find stops with the positioned finding and leaves the last site as it was."""
    project = copy_project(tmp_path / "project")
    rel = "content/dialogues/after-a-low-while-driving.yml"
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8") + "related: [no-such-dialogue]\n", encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True, check=False)
    assert check.returncode == 1
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(rel + ":") and "no-such-dialogue" in errors[0], check.stdout
    out = tmp_path / "out"
    out.mkdir()
    site, before = _last_site(out)
    result = build_site(site, "http://127.0.0.1:8000/", root=project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert errors[0] in output
    assert "Traceback" not in output
    assert _files(site) == before, "a failed build must leave the previous site untouched"
    assert _siblings(site) == [], "the folder the failed build wrote into is removed"


@pytest.mark.slow
def test_a_strict_warning_leaves_the_last_site_untouched_and_a_good_build_replaces_it_whole(tmp_path: Path) -> None:
    """MkDocs aborts a `--strict` build after the plugins' last step when it logged a warning: the
    new site is not swapped in then. Without the warning the build replaces the site whole."""
    project = copy_project(tmp_path / "project", writable=("content", "docs"))
    about = project / "docs/about.md"
    good = about.read_text(encoding="utf-8")
    about.write_text(good + "\nSee [nowhere](no-such-page.md).\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    site, before = _last_site(out)
    result = build_site(site, "http://127.0.0.1:8000/", root=project)
    assert result.returncode == 1 and "no-such-page.md" in result.stderr, result.stderr[-2000:]
    assert _files(site) == before and _siblings(site) == []
    about.write_text(good, encoding="utf-8")
    result = build_site(site, "http://127.0.0.1:8000/", root=project)
    assert result.returncode == 0, result.stderr[-2000:]
    built = _files(site)
    assert "dialogues/gone.html" not in built and b"previous good build" not in built["index.html"], "nothing of the last site is left"
    assert "dialogues/after-a-low-while-driving/index.html" in built and "course.json" in built
    assert _siblings(site) == []


@pytest.mark.slow
def test_without_the_second_process_the_site_is_the_same(tmp_path: Path) -> None:
    """`parallel: false` (and `mkdocs build --dirty`, and systems without fork) check and make
    everything in on_pre_build, in the MkDocs process, writing into the site folder itself: the same
    site, byte for byte, and bad content still stops the build before anything is written."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      build_cache: !ENV [HANDBOOK_BUILD_CACHE, true]\n" in config
    (project / "mkdocs.inline.yml").write_text(
        config.replace("      build_cache: !ENV [HANDBOOK_BUILD_CACHE, true]\n", "      build_cache: false\n      parallel: false\n"), encoding="utf-8"
    )
    env = {**os.environ, "HANDBOOK_SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_BUILD_CACHE": "0"}

    def build(config_file: str, out: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file, "--site-dir", str(out)]
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)

    assert build("mkdocs.yml", tmp_path / "forked").returncode == 0
    assert build("mkdocs.inline.yml", tmp_path / "inline").returncode == 0
    forked, inline = _files(tmp_path / "forked"), _files(tmp_path / "inline")
    assert forked.keys() == inline.keys()
    dated = {"sitemap.xml", "sitemap.xml.gz"}  # <lastmod>: the day each was built
    assert [name for name in forked if forked[name] != inline[name] and name not in dated] == []
    path = project / "content/dialogues/after-a-low-while-driving.yml"
    path.write_text(path.read_text(encoding="utf-8") + "related: [no-such-dialogue]\n", encoding="utf-8")
    result = build("mkdocs.inline.yml", tmp_path / "inline")
    assert result.returncode == 1 and "no-such-dialogue" in result.stderr and "Traceback" not in result.stderr
    assert _files(tmp_path / "inline") == inline, "the checks ran before MkDocs emptied the site folder"
