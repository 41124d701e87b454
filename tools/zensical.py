"""Build the handbook with Zensical (Material's successor), which runs no MkDocs plugins.

The generator writes its pages into a staging copy of docs/ (never into docs/ itself), beside copies
of overrides/ and mkdocs.yml (without the plugin, its modules' nav section written out), and
Zensical builds that folder:

    .venv/bin/python tools/zensical.py            # -> build/zensical/site
    .venv/bin/python tools/zensical.py --out DIR
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.api import check
from generator.mkdocs.standalone import without_plugin
from generator.render import routes

ROOT = Path(__file__).resolve().parent.parent


def stage(out: Path) -> Path:
    """docs/ plus the generated pages in ``out/docs``, and ``out/mkdocs.yml`` pointing at them."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    # The generator writes only into a new folder (or one it wrote): its pages first, docs/ beside them.
    subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(docs)], cwd=ROOT, check=True)
    shutil.copytree(ROOT / "docs", docs, dirs_exist_ok=True)
    shutil.copytree(ROOT / "overrides", out / "overrides")  # Zensical wants paths inside the project
    # The MkDocs plugin fills the About page's `{{ site_url }}`; Zensical runs no plugins, so it is filled here
    # with the address mkdocs.yml would use.
    site_url = os.environ.get("HANDBOOK_SITE_URL", "http://127.0.0.1:8000/")
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "{{ site_url }}" in text:
            page.write_text(text.replace("{{ site_url }}", site_url), encoding="utf-8")
    book, _ = check(ROOT)
    config = without_plugin((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), [routes.module(m.meta.id) for m in book.modules])
    config += "\nsite_dir: site\n"
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    return out / "mkdocs.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "zensical")
    args = parser.parse_args(argv)
    config = stage(args.out.resolve())
    zensical = Path(sys.executable).with_name("zensical")
    return subprocess.run([str(zensical), "build", "--config-file", str(config)], cwd=config.parent, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
