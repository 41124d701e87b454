"""The site's own JavaScript and CSS: readable sources in generator/static/, minified into assets/.

Sources keep names, comments and one statement a line; rjsmin and rcssmin strip comments and
whitespace (they do not rename anything, so the output behaves exactly as the source). Both engines
publish the result at the same URLs (``assets/<name>``): the MkDocs plugin as generated files, and
``.venv/bin/python -m generator build --out`` by writing them beside the pages.

Every source is published; which page loads which is the theme's business: handbook.js and the CSS
on every page (mkdocs.yml), the feature scripts (dialogue.js, gallery.js, quiz.js) only on pages
with their widget (overrides/main.html), in the order handbook.js starts them (README, "Scripts").
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

from generator.outputs import GeneratedAsset
from generator.render import routes

STATIC = Path(__file__).resolve().parent.parent / "static"
# Sources only the SCORM packages' pages get (a build with Settings.package): the LMS adapter, and its
# part for a branching dialogue.
PACKAGE_ONLY = frozenset({"scorm.js", "scorm-branch.js"})


def minify(name: str, source: str) -> str:
    """The minified text of one source file, by its suffix."""
    if name.endswith(".js"):
        return str(rjsmin.jsmin(source)) + "\n"
    if name.endswith(".css"):
        return str(rcssmin.cssmin(source)) + "\n"
    raise ValueError(f"{name}: only .js and .css files are minified")


def static_sources() -> list[Path]:
    """Every readable source of the site, in name order (without the packages' own)."""
    return sorted(p for p in STATIC.iterdir() if p.suffix in (".js", ".css") and p.name not in PACKAGE_ONLY)


def _asset(source: Path) -> GeneratedAsset:
    return GeneratedAsset(f"{routes.ASSETS}/{source.name}", minify(source.name, source.read_text(encoding="utf-8")))


def static_assets() -> list[GeneratedAsset]:
    """The minified assets, at ``assets/<name>``."""
    return [_asset(p) for p in static_sources()]


def package_assets() -> list[GeneratedAsset]:
    """The minified assets only the SCORM packages' pages get, at ``assets/<name>``."""
    return [_asset(STATIC / name) for name in sorted(PACKAGE_ONLY)]
