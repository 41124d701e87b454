"""Golden files for bad content: each case holds the input files and the exact report.

Regenerate with `pytest tests/test_golden_errors.py --update-golden`, then read the diff.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml

from generator.cli import main

CASES = sorted((Path(__file__).parent / "golden" / "errors").glob("*.yml"))


def write_case(root: Path, case: dict[str, object]) -> None:
    (root / "content").mkdir()
    for rel, text in dict(case.get("files") or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(text), encoding="utf-8")
    for rel, data in dict(case.get("bytes") or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(str(data)))


@pytest.mark.parametrize("case_path", CASES, ids=[c.stem for c in CASES])
def test_error_report(case_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    write_case(tmp_path, case)
    code = main(["check", str(tmp_path)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    if update_golden:
        if case.get("expected") == out.out:
            return  # unchanged: the file keeps its own layout, so a regeneration touches only what changed
        case["expected"] = out.out
        case_path.write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")
        return
    assert out.out == case["expected"]
    assert code == 1, "bad content must exit 1"


def test_there_are_at_least_twelve_kinds() -> None:
    assert len(CASES) >= 12
