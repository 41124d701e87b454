"""Run a build into a new folder beside its target, and put it in place only if the build succeeds.

MkDocs empties its site folder before it renders: a build that then fails (bad content, a broken
theme, Ctrl-C) used to leave no site at all. With this, a failed build leaves the last site exactly
as it was; a successful one replaces it by two renames (never a half-written folder in its place):

    python tools/atomic.py site -- .venv/bin/mkdocs build --strict --site-dir {out}

``{out}`` in the command is the temporary folder (a sibling of the target, so the swap is a rename
on one file system). Exit status: the command's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.mkdocs.atomic import AtomicSite  # noqa: E402 (the same folder and swap as the plugin's)


def run(target: Path, command: list[str]) -> int:
    """Run ``command`` with ``{out}`` set to a fresh sibling of ``target``; swap it in on success."""
    site = AtomicSite(str(target))
    try:
        code = subprocess.run([part.replace("{out}", str(site.out)) for part in command], check=False).returncode
    except BaseException:
        site.discard()
        raise
    if code != 0:
        site.discard()
        print(f"build failed (exit status {code}): {site.target.name}/ is left as it was", file=sys.stderr)
        return code
    site.publish()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3 or args[1] != "--" or not any("{out}" in part for part in args[2:]):
        print("usage: python tools/atomic.py TARGET -- COMMAND ... {out} ...", file=sys.stderr)
        return 2
    return run(Path(args[0]), args[2:])


if __name__ == "__main__":
    raise SystemExit(main())
