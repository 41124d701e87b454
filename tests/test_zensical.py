"""Zensical (Material's successor, which ignores MkDocs hooks) builds the generator's pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

from generator.load.loader import load_handbook

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
