"""The learner's own agreement with the key (agree.js, issue 22): its Cohen's kappa is the library's.

Known cases (two coders' labels for the same turns) go to agree.js under node; scikit-learn's
cohen_kappa_score computes the expected values. Where kappa is not defined (both coders give every
turn the one same label) scikit-learn gives NaN and agree.js null.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
import warnings
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parent.parent
CASES_JS = ROOT / "tests" / "js" / "kappa_cases.js"


def _cases() -> list[tuple[list[str], list[str]]]:
    rng = random.Random(22)
    cases: list[tuple[list[str], list[str]]] = [
        (["y", "y", "n", "n"], ["y", "n", "y", "n"]),  # chance level: 0
        (["y", "n", "y", "n"], ["n", "y", "n", "y"]),  # every turn differs: -1
        (["y", "y", "y", "n", "n"], ["y", "y", "n", "n", "n"]),
        (["y", "y", "y", "y"], ["y", "y", "y", "n"]),  # one coder constant: 0
        (["a", "a"], ["b", "b"]),  # each constant, different: 0
        (["y", "y", "y"], ["y", "y", "y"]),  # both constant, the same: not defined
        (["builds", "strains", "builds", "builds", "strains", "builds"], ["builds", "builds", "builds", "builds", "strains", "strains"]),
    ]
    # A dialogue's worth of turns, codes present in some share of them (rare codes included), two or three labels.
    for size, labels, bias in [(6, "yn", 0.5), (9, "yn", 0.15), (12, "yn", 0.85), (8, "abc", 0.4), (30, "yn", 0.3), (11, "abc", 0.7)]:
        for _ in range(4):
            key = [labels[0] if rng.random() < bias else rng.choice(labels[1:]) for _ in range(size)]
            given = [k if rng.random() < 0.7 else rng.choice(labels) for k in key]
            cases.append((given, key))
    return cases


def _agree_js(cases: list[tuple[list[str], list[str]]], tmp_path: Path) -> list[float | None]:
    node = shutil.which("node")
    assert node, "node is needed for the JavaScript tests (README, set-up)"
    file = tmp_path / "cases.json"
    file.write_text(json.dumps(cases), encoding="utf-8")
    result = subprocess.run([node, str(CASES_JS), str(file)], capture_output=True, text=True, check=True)
    values: list[float | None] = json.loads(result.stdout)
    return values


def test_kappa_is_scikit_learns_cohen_kappa_score(tmp_path: Path) -> None:
    cases = _cases()
    got = _agree_js(cases, tmp_path)
    assert len(got) == len(cases)
    for (given, key), mine in zip(cases, got, strict=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn warns where kappa is not defined (0/0)
            expected = float(cohen_kappa_score(given, key))
        if math.isnan(expected):
            assert mine is None, f"{given} vs {key}: scikit-learn says not defined, agree.js {mine}"
        else:
            assert mine is not None and math.isclose(mine, expected, abs_tol=1e-9), f"{given} vs {key}: agree.js {mine}, scikit-learn {expected}"
    # The cases cover what a learner meets: agreement beyond chance, at chance, below it, and not defined.
    assert any(v is None for v in got) and any(v is not None and v < 0 for v in got) and any(v == 1 for v in got)
