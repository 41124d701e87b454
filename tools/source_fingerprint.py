"""Fingerprint of the source article, so a test can show the handbook is written in its own words.

The handbook adapts Jones et al. 2016 (CC BY) and says on its About page that all the text is
rewritten. tests/test_own_words.py checks that claim: no run of N words from the article appears
in the content or the docs. The article itself is not stored in the repository (it quotes a
questionnaire item, which the handbook must not reproduce); only hashes of its N-word runs are,
minus the runs of its own bibliographic record, which the handbook cites.

Regenerate after changing N or the normalisation:
    python tools/source_fingerprint.py path/to/jones-2016-working-alliance.txt
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

N = 10
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "source-fingerprint.json"
CITATION = (
    "Jones A, Vallis M, Cooke D, Pouwer F. Working Together to Promote Diabetes Control: A Practical Guide for "
    "Diabetes Health Care Providers in Establishing a Working Alliance to Achieve Self-Management Support. "
    "Journal of Diabetes Research 2016;2016:2830910. doi:10.1155/2016/2830910"
)


def words(text: str) -> list[str]:
    """Lower-case words, with typographic quotes straightened and line-end hyphens joined."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"-\s*\n\s*", "", text)
    return re.findall(r"[a-z0-9']+", text.lower())


def hashes(text: str, n: int = N) -> set[str]:
    """A 12-hex-digit hash of every run of ``n`` words."""
    w = words(text)
    return {hashlib.sha256(" ".join(w[i : i + n]).encode()).hexdigest()[:12] for i in range(len(w) - n + 1)}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    article = Path(argv[0]).read_text(encoding="utf-8")
    found = sorted(hashes(article) - hashes(CITATION))
    OUT.write_text(json.dumps({"n": N, "hashes": found}, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} hashes of {N}-word runs to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
