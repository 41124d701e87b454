"""One command form (issue 19): a bare `python -m generator` runs whatever Python is on the PATH
and fails there, so everything the tool prints and every document names `.venv/bin/python -m
generator ...` (or `make check FILE=...`, which sets the environment up); a Python without the
handbook's libraries gets that advice instead of a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
BARE = re.compile(r"(?<!\.venv/bin/)(?<!\$\(BIN\)/)\bpython3? -m generator\b")
SCANNED = ["generator", "tools", "docs", "content", "schema", "README.md", "CONTRIBUTING.md", "SECURITY.md", "Makefile", ".pre-commit-config.yaml"]


def scanned_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        files += [p for p in path.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".md", ".yml", ".yaml", ".json", ".txt", ""}] if path.is_dir() else [path]
    return files


def test_no_document_or_message_names_a_bare_python_m_generator() -> None:
    files = scanned_files()
    assert len(files) > 50
    found = [f"{p.relative_to(ROOT)}:{n}" for p in files for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1) if BARE.search(line)]
    assert found == []


def test_the_scan_finds_a_bare_form() -> None:
    assert BARE.search("# Check it with: python -m generator check x.yml")
    assert not BARE.search("run: .venv/bin/python -m generator check x.yml") and not BARE.search("\t$(BIN)/python -m generator check")


def test_new_prints_the_venv_form_and_writes_it_into_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    assert main(["new", "dialogue", "late-again", "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert ".venv/bin/python -m generator check content/dialogues/late-again.yml" in err
    assert ".venv/bin/python -m generator check content/dialogues/late-again.yml" in (tmp_path / "content/dialogues/late-again.yml").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is part of the documented set-up")
def test_make_check_file_checks_one_file() -> None:
    # -o: the environment exists (these tests run in it); make must not try to re-install it.
    make = ["make", "-s", "-o", ".venv/.runtime", "-o", ".venv/bin/python", "check"]
    ok = subprocess.run([*make, "FILE=content/dialogues/fear-of-going-low.yml"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert ok.returncode == 0 and "content is clean" in ok.stderr
    missing = subprocess.run([*make, "FILE=content/dialogues/no-such-file.yml"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert missing.returncode != 0 and "content/dialogues/no-such-file.yml: error: no such file or folder" in missing.stderr


def test_a_python_without_the_libraries_gets_advice_not_a_traceback() -> None:
    # -S: no site-packages, as with a system Python outside the venv (the generator package itself is found in the working folder).
    result = subprocess.run([sys.executable, "-S", "-m", "generator", "check", "content/dialogues/x.yml"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "make check FILE=content/dialogues/x.yml" in result.stderr
    assert ".venv/bin/python -m generator check content/dialogues/x.yml" in result.stderr
