"""The site's own JavaScript and CSS: readable sources in generator/static/, minified into assets/.

Sources keep names, comments and one statement a line; rjsmin and rcssmin strip comments and
whitespace (they do not rename anything, so the output behaves exactly as the source). Both engines
publish the result at the same URLs (``assets/<name>``): the MkDocs hook as generated files, and
``python -m generator build --out`` by writing them beside the pages.
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from generator.outputs import GeneratedAsset
from generator.render import routes

STATIC = Path(__file__).resolve().parent.parent / "static"


def minify(name: str, source: str) -> str:
    """The minified text of one source file, by its suffix."""
    if name.endswith(".js"):
        return str(rjsmin.jsmin(source)) + "\n"
    if name.endswith(".css"):
        return str(rcssmin.cssmin(source)) + "\n"
    raise ValueError(f"{name}: only .js and .css files are minified")


def static_sources() -> list[Path]:
    """Every readable source, in name order."""
    return sorted(p for p in STATIC.iterdir() if p.suffix in (".js", ".css"))


def static_assets() -> list[GeneratedAsset]:
    """The minified assets, at ``assets/<name>``."""
    return [GeneratedAsset(f"{routes.ASSETS}/{p.name}", minify(p.name, p.read_text(encoding="utf-8"))) for p in static_sources()]
