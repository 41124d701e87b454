"""Zensical (Material's successor, which ignores MkDocs hooks) builds the generator's pages."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import FAMILIES
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


def test_zensical_never_leaves_a_site_with_what_the_sanitizer_would_remove(tmp_path: Path) -> None:
    """Zensical runs no sanitizer: Markdown that got past the check (here, hostile pages put into the
    staged docs/ after the check ran) is found in the built pages by the audit, which fails the build
    and removes the site, so nothing unsafe is left to publish."""
    spec = importlib.util.spec_from_file_location("zensical_tool", ROOT / "tools/zensical.py")  # not the zensical package
    assert spec is not None and spec.loader is not None
    zensical = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(zensical)
    config = zensical.stage(tmp_path / "zensical")
    docs = config.parent / "docs"
    families = [f for f in FAMILIES if f not in ("control", "characters", "reserved")]
    for family in families:
        (docs / f"hostile-{family}.md").write_text(f"# Hostile {family}\n\n{FAMILIES[family]}\n", encoding="utf-8")
    found = io.StringIO()
    with contextlib.redirect_stderr(found):
        code = zensical.build(config)
    assert code == 1
    assert not (config.parent / "site").exists(), "the site that failed the audit is removed"
    named = {family for family in families if f"hostile-{family}/index.html: " in found.getvalue()}
    assert named == set(families), found.getvalue()
