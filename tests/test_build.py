"""The MkDocs build: strict and complete, and stopped cleanly by bad content."""

from __future__ import annotations

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
