"""tools/bench.py is not a test, so what it calls can drift unseen (its phase script and its baseline
broke once each, found only when a benchmark was run): these run both parts on small inputs."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/project"


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "tools/bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench", bench)  # its dataclasses look their module up there
    spec.loader.exec_module(bench)
    return bench


def test_the_benchmark_s_phase_script_runs_on_the_current_generator() -> None:
    bench = _bench()
    result = subprocess.run([sys.executable, "-c", bench.GENERATOR_PHASES, str(FIXTURE)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    phases = json.loads(result.stdout)
    assert set(phases) == {"load", "check", "render", "pages"}
    assert phases["pages"] > 0 and all(phases[k] >= 0 for k in ("load", "check", "render"))


@pytest.mark.slow  # runs mkdocs
def test_the_benchmark_s_plain_material_baseline_reads_the_handbook_s_theme_settings(tmp_path: Path) -> None:
    """mkdocs.yml names Python objects (the toc's slugify): the baseline reads it all the same."""
    bench = _bench()
    base = bench.make_baseline(ROOT, tmp_path / "baseline", 3, 2000)
    assert sorted(p.name for p in (base / "docs").iterdir()) == ["index.md", "page-1.md", "page-2.md"]
    config = yaml.safe_load((base / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material"
    assert "attr_list" in config["markdown_extensions"], "plain Material: no extension of the handbook's own"
    assert not any("generator" in str(e) for e in config["markdown_extensions"])
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(tmp_path / "site")], cwd=base, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
