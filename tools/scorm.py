"""Build the SCORM 1.2 packages: `python tools/scorm.py [--out DIR] [--only MODULE_ID] [--mastery N]`.

Builds the site once with mkdocs.scorm.yml (the offline copy without the site's navigation, with the
LMS adapter), then writes DIR/<module id>.zip for every module and DIR/handbook.zip for the whole
handbook (generator/export/scorm.py). `make scorm` writes them to dist/scorm/; `make publish`
publishes them at downloads/scorm/ and links them from the trainers' "SCORM packages" page.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.export.scorm import Package, package_files, packages, write_zip  # noqa: E402
from generator.load.loader import load_handbook  # noqa: E402
from generator.mkdocs.atomic import AtomicSite  # noqa: E402
from generator.settings import SCORM_MASTERY  # noqa: E402


def build_package_site(site_dir: Path, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict -f mkdocs.scorm.yml` into ``site_dir``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.scorm.yml"), "--site-dir", str(site_dir)]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, check=False)


def site_title(root: Path = ROOT) -> str:
    for line in (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_name:"):
            return line.partition(":")[2].strip()
    return "Handbook"


def write_packages(site: Path, out: Path, *, root: Path = ROOT, only: list[str] | None = None, mastery: int = SCORM_MASTERY) -> list[Path]:
    """Cut the packages out of a built package site; ``only`` keeps the named ones (module ids or "handbook")."""
    book, _ = load_handbook(root)
    every = packages(book, site, title=site_title(root), mastery=mastery)
    unknown = sorted(set(only or []) - {p.name for p in every})
    if unknown:
        raise SystemExit(f"error: no such package: {', '.join(unknown)} (a module id, or handbook)")
    chosen: list[Package] = [p for p in every if not only or p.name in only]
    site_url = os.environ.get("HANDBOOK_SITE_URL", "")
    written = []
    for package in chosen:
        path = out / f"{package.name}.zip"
        write_zip(package_files(site, package, site_url=site_url), path)
        written.append(path)
    return written


def write_all(site: Path, out: Path, *, mastery: int = SCORM_MASTERY) -> list[Path]:
    """Every package, written into a folder beside ``out`` that replaces it only once all are written:
    a failure on the way leaves the last packages as they were."""
    folder = AtomicSite(str(out))
    try:
        written = write_packages(site, folder.out, mastery=mastery)
    except BaseException:
        folder.discard()
        raise
    folder.publish()
    return [out / path.name for path in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "dist" / "scorm"), help="folder for the zips (default: dist/scorm)")
    parser.add_argument("--only", action="append", help="only this package (a module id, or handbook); repeatable")
    parser.add_argument("--mastery", type=int, default=SCORM_MASTERY, help=f"score (0-100) to pass a module (default {SCORM_MASTERY})")
    parser.add_argument("--site", help="use this already built package site instead of building one")
    args = parser.parse_args(argv)
    if not 0 <= args.mastery <= 100:
        parser.error("--mastery must be between 0 and 100")
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site:
            result = build_package_site(site)
            if result.returncode != 0:
                print(result.stdout + result.stderr, file=sys.stderr)
                return 1
        written = write_all(site, out, mastery=args.mastery) if not args.only else write_packages(site, out, only=args.only, mastery=args.mastery)
    print(f"wrote {len(written)} SCORM package(s) to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
