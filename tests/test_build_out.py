"""`python -m generator build --out DIR [--clean]` never removes or overwrites what it did not write
(issue 19: `--out . --clean` once deleted a whole checkout, .git included). The targets here are a
real git checkout of the project and folders beside it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.export.outdir import MANIFEST, OutDirError, write_files

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, str]:
    """Every file, link and folder under ``folder`` with its content hash (links not followed)."""
    found = {}
    for top, dirs, names in os.walk(folder, followlinks=False):
        for name in dirs + names:
            path = Path(top) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A git checkout of the project: content, docs and config copied, committed, with a work file."""
    repo = tmp_path / "handbook"
    repo.mkdir()
    for name in ("content", "docs", "overrides", "schema"):
        shutil.copytree(ROOT / name, repo / name)
    for name in ("mkdocs.yml", "README.md", "Makefile"):
        shutil.copy2(ROOT / name, repo / name)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "start"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True, capture_output=True)
    (repo / "notes.txt").write_text("uncommitted work\n", encoding="utf-8")
    return repo


def build(cwd: Path, *args: str) -> int:
    here = Path.cwd()
    os.chdir(cwd)
    try:
        return main(["build", *args])
    finally:
        os.chdir(here)


@pytest.mark.parametrize("args", [["--out", ".", "--clean"], ["--out", "."], ["--out", "content", "--clean"], ["--out", "docs"]])
def test_a_checkout_as_the_target_is_refused_and_left_exactly_as_it_was(
    checkout: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(checkout)
    assert ".git/HEAD" in before
    assert build(checkout, *args) == 2
    err = capsys.readouterr().err
    assert "refusing to write here" in err and "Nothing was written or removed" in err and "Traceback" not in err
    assert snapshot(checkout) == before


def test_the_command_line_refuses_a_checkout_without_a_traceback(checkout: Path) -> None:
    before = snapshot(checkout)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", ".", "--clean"], cwd=checkout, capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert ".git" in result.stderr or "README.md" in result.stderr  # it names what it found
    assert snapshot(checkout) == before


def test_a_new_folder_is_written_with_a_manifest_and_cleaned_of_only_its_own_files(checkout: Path) -> None:
    assert build(checkout, "--out", "site-md") == 0
    out = checkout / "site-md"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST)
    assert manifest["files"] == written and "dialogues/fear-of-going-low.md" in written
    # A page an earlier build wrote that this build no longer makes (a dialogue since removed).
    (out / "dialogues/an-old-dialogue.md").write_text("old\n", encoding="utf-8")
    manifest["files"] = sorted([*manifest["files"], "dialogues/an-old-dialogue.md"])
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    outside = snapshot(checkout)
    assert build(checkout, "--out", "site-md", "--clean") == 0
    assert not (out / "dialogues/an-old-dialogue.md").exists()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != MANIFEST) == written
    after = snapshot(checkout)
    assert {k: v for k, v in after.items() if not k.startswith("site-md")} == {k: v for k, v in outside.items() if not k.startswith("site-md")}


def test_a_file_someone_else_put_in_the_folder_stops_the_build_before_any_change(checkout: Path) -> None:
    assert build(checkout, "--out", "site-md") == 0
    out = checkout / "site-md"
    (out / "dialogues/my-notes.md").write_text("mine\n", encoding="utf-8")
    before = snapshot(checkout)
    for args in (["--out", "site-md", "--clean"], ["--out", "site-md"]):
        assert build(checkout, *args) == 2
        assert snapshot(checkout) == before


def test_a_tampered_manifest_cannot_point_outside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_files(out, {"a.md": b"a"}, clean=False)
    (tmp_path / "precious.txt").write_text("keep\n", encoding="utf-8")
    (out / MANIFEST).write_text(json.dumps({"format": "handbook-build/1", "files": ["a.md", "../precious.txt"]}), encoding="utf-8")
    with pytest.raises(OutDirError, match="refusing"):
        write_files(out, {"a.md": b"b"}, clean=True)
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep\n"


def test_links_in_the_folder_are_never_followed(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write_files(out, {"dialogues/a.md": b"a"}, clean=False)
    elsewhere.mkdir()
    (elsewhere / "b.md").write_text("keep\n", encoding="utf-8")
    (out / "linked").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutDirError):
        write_files(out, {"dialogues/a.md": b"a"}, clean=True)
    assert (elsewhere / "b.md").exists()
    with pytest.raises(OutDirError, match="a link"):
        write_files(tmp_path / "out/linked", {"x.md": b"x"}, clean=True)


def test_an_empty_folder_is_accepted_and_a_rerun_cleans_stale_files_and_empty_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_files(out, {"a/b/c.md": b"1", "d.md": b"2"}, clean=False)
    done = write_files(out, {"d.md": b"3"}, clean=True)
    assert done.removed == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [MANIFEST, "d.md"]
