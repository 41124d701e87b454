"""Build the offline copy (mkdocs.offline.yml) and zip it: `python tools/offline.py [--out ZIP] [--copy-to DIR]`.

The zip holds one folder, handbook/, whose index.html opens from disk with navigation and search.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def build_offline(site_dir: Path, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.offline.yml"), "--site-dir", str(site_dir)]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)


def zip_site(site_dir: Path, out: Path) -> None:
    """Zip with sorted names and a fixed time, so the same site gives the same zip."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo("handbook/" + path.relative_to(site_dir).as_posix(), FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "dist" / "handbook-offline.zip"))
    parser.add_argument("--copy-to", help="also copy the zip into this folder (e.g. site/downloads before publishing)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = build_offline(Path(tmp) / "site")
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        # Zipped beside the last copy, which it replaces only once it is whole.
        part = Path(args.out).with_name(Path(args.out).name + ".part")
        try:
            zip_site(Path(tmp) / "site", part)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        os.replace(part, args.out)
    if args.copy_to:
        Path(args.copy_to).mkdir(parents=True, exist_ok=True)
        shutil.copy2(args.out, Path(args.copy_to) / Path(args.out).name)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
