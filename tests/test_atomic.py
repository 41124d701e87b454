"""A failed build never costs the last site (issue 24): `make build` and `make publish` build beside
site/ and swap the new site in only when the build succeeds (tools/atomic.py); the offline zip and
the SCORM packages are written beside the last ones and replace them only when whole."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from support import ROOT, copy_project

ATOMIC = ROOT / "tools/atomic.py"


def _last_site(root: Path) -> Path:
    site = root / "site"
    (site / "dialogues").mkdir(parents=True)
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    (site / "dialogues/index.html").write_text("a page", encoding="utf-8")
    return site


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow  # starts mkdocs
def test_a_failing_mkdocs_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = _last_site(project)
    before = _files(site)
    bad = project / "content/dialogues/fear-of-going-low.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("speaker: hcp", "speaker: nurse", 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", "{out}"]
    result = subprocess.run([sys.executable, str(ATOMIC), "site", "--", *command], cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "expected one of pwd, hcp, other" in result.stderr or "speaker" in result.stderr, result.stderr[-2000:]
    assert "site/ is left as it was" in result.stderr
    assert _files(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_a_successful_build_replaces_the_site_whole(tmp_path: Path) -> None:
    site = _last_site(tmp_path)
    write = "import pathlib, sys; out = pathlib.Path(sys.argv[1]); (out / 'index.html').write_text('new', encoding='utf-8')"
    result = subprocess.run([sys.executable, str(ATOMIC), str(site), "--", sys.executable, "-c", write, "{out}"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert _files(site) == {"index.html": "new"}, "nothing of the last site is left in the new one"
    assert oct(site.stat().st_mode & 0o777) != oct(0o700), "the new site is readable as a folder made by mkdir is"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_build_that_writes_half_a_site_and_fails_changes_nothing(tmp_path: Path) -> None:
    site = _last_site(tmp_path)
    before = _files(site)
    half = "import pathlib, sys; (pathlib.Path(sys.argv[1]) / 'index.html').write_text('half', encoding='utf-8'); sys.exit(3)"
    result = subprocess.run([sys.executable, str(ATOMIC), str(site), "--", sys.executable, "-c", half, "{out}"], capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert _files(site) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_make_build_and_publish_go_through_the_swap() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("build", "publish"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
        assert recipe is not None, target
        builds = [line for line in recipe.group(1).splitlines() if "mkdocs build" in line]
        assert builds and all("tools/atomic.py site -- " in line and "--site-dir {out}" in line for line in builds), builds


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"{name}_tool", ROOT / f"tools/{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_failing_offline_zip_leaves_the_last_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    offline = _tool("offline")
    out = tmp_path / "dist/handbook-offline.zip"
    out.parent.mkdir()
    out.write_bytes(b"the last good zip")

    def built(site_dir: Path, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
        site_dir.mkdir(parents=True)
        (site_dir / "index.html").write_text("x", encoding="utf-8")
        return subprocess.CompletedProcess([], 0, "", "")

    def half(site_dir: Path, target: Path) -> None:
        target.write_bytes(b"half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(offline, "build_offline", built)
    monkeypatch.setattr(offline, "zip_site", half)
    with pytest.raises(OSError):
        offline.main(["--out", str(out)])
    assert out.read_bytes() == b"the last good zip"
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    monkeypatch.setattr(offline, "zip_site", lambda site_dir, target: target.write_bytes(b"new zip"))
    assert offline.main(["--out", str(out)]) == 0
    assert out.read_bytes() == b"new zip" and [p.name for p in out.parent.iterdir()] == [out.name]


def test_failing_scorm_packages_leave_the_last_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scorm = _tool("scorm")
    out = tmp_path / "dist/scorm"
    out.mkdir(parents=True)
    (out / "barriers.zip").write_bytes(b"last")

    def half(site: Path, staging: Path, **_: object) -> list[Path]:
        (staging / "handbook.zip").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(scorm, "write_packages", half)
    with pytest.raises(OSError):
        scorm.write_all(tmp_path / "site", out)
    assert _files_bytes(out) == {"barriers.zip": b"last"}
    assert [p.name for p in out.parent.iterdir()] == ["scorm"]

    def whole(site: Path, staging: Path, **_: object) -> list[Path]:
        (staging / "handbook.zip").write_bytes(b"new")
        return [staging / "handbook.zip"]

    monkeypatch.setattr(scorm, "write_packages", whole)
    assert scorm.write_all(tmp_path / "site", out) == [out / "handbook.zip"]
    assert _files_bytes(out) == {"handbook.zip": b"new"}
    assert [p.name for p in out.parent.iterdir()] == ["scorm"]


def _files_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_the_plugin_builds_beside_the_site_and_swaps_it_in_or_discards_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """generator/mkdocs/atomic.py, which a plain `mkdocs build` goes through (tests/test_build.py
    builds with it): a fresh sibling folder, put in place whole, or removed with the site untouched."""
    from generator.mkdocs.atomic import AtomicSite

    site = _last_site(tmp_path)
    before = _files(site)
    failed = AtomicSite(str(site))
    (failed.out / "index.html").write_text("half", encoding="utf-8")
    failed.discard()
    assert _files(site) == before and [p.name for p in tmp_path.iterdir()] == ["site"]

    built = AtomicSite(str(site))
    assert built.out.parent == tmp_path and oct(built.out.stat().st_mode & 0o777) != oct(0o700)
    (built.out / "index.html").write_text("new", encoding="utf-8")
    built.publish()
    assert _files(site) == {"index.html": "new"} and [p.name for p in tmp_path.iterdir()] == ["site"]

    # A site folder that cannot be renamed (a mount point) is emptied and filled instead.
    mounted = AtomicSite(str(site))
    (mounted.out / "dialogues").mkdir()
    (mounted.out / "dialogues/index.html").write_text("newer", encoding="utf-8")
    rename = Path.rename

    def refuse(self: Path, target: Path) -> Path:
        if self == site:
            raise OSError(16, "Device or resource busy")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    mounted.publish()
    assert _files(site) == {"dialogues/index.html": "newer"} and [p.name for p in tmp_path.iterdir()] == ["site"]
    monkeypatch.undo()

    # Under `make build` the site folder is tools/atomic.py's .site.new-…: names .gitignore covers.
    inner = AtomicSite(str(tmp_path / ".site.new-abc"))
    assert inner.out.name.startswith(".site.new-abc.new-")
    inner.discard()
