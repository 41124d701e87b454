"""tools/bench.py times the generator's phases by calling its entry points from a script it runs in
a child process: when an entry point changes, the script must change with it (it broke once, silently,
until a benchmark was run). This runs that script on the fixture handbook."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/project"


def test_the_benchmark_s_phase_script_runs_on_the_current_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "tools/bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench", bench)  # its dataclasses look their module up there
    spec.loader.exec_module(bench)
    result = subprocess.run([sys.executable, "-c", bench.GENERATOR_PHASES, str(FIXTURE)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    phases = json.loads(result.stdout)
    assert set(phases) == {"load", "check", "render", "pages"}
    assert phases["pages"] > 0 and all(phases[k] >= 0 for k in ("load", "check", "render"))
