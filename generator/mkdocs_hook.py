"""MkDocs wiring: hand the core's pages to the build. Nothing here knows the content model.

Content is checked in on_pre_build, which MkDocs runs *before* it empties site/: bad content
stops the build with every finding and leaves the last good site untouched.

Under `mkdocs serve` this hook is imported once, but every rebuild runs on_pre_build: there the
generator's modules are dropped from sys.modules and imported afresh when any of its .py files
changed, so an edit in generator/ takes effect on the next rebuild (this file itself excepted).
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.api import Build

log = logging.getLogger("mkdocs.plugins.handbook")
_state: dict[str, Build] = {}
PACKAGE = Path(__file__).resolve().parent


def _source_stamps() -> dict[str, int]:
    """Every .py file of the generator with its modification time."""
    return {str(p): p.stat().st_mtime_ns for p in sorted(PACKAGE.rglob("*.py"))}


def _generator_api() -> ModuleType:
    """generator.api, re-imported with all of the generator when any of its .py files changed
    since the last build (dropping the modules from sys.modules re-imports them in dependency order).
    The stamps live on the generator package itself, so they survive however MkDocs loads hooks."""
    stamps = _source_stamps()
    package = sys.modules.get("generator")
    if package is not None and getattr(package, "_hb_stamps", stamps) != stamps:
        for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
            if name != __name__:
                del sys.modules[name]
        importlib.invalidate_caches()
        log.info("generator code changed: reloaded")
    api = importlib.import_module("generator.api")
    sys.modules["generator"]._hb_stamps = stamps  # type: ignore[attr-defined]
    return api


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def on_pre_build(config: MkDocsConfig) -> None:
    """Check and render all content; abort before anything is written if there is an error."""
    api = _generator_api()
    errors = importlib.import_module("generator.errors")
    try:
        package = bool(config.extra.get("hb_package"))  # mkdocs.scorm.yml: the SCORM packages' pages
        result = api.build(_root(config), directory_urls=config.use_directory_urls, site_url=config.site_url or "", package=package)
    except errors.ContentError as exc:
        raise PluginError("Content has errors:\n" + exc.report()) from None
    for finding in result.findings:
        if finding.level == "warning":
            log.info("content warning: %s", finding.format())
    _state["build"] = result


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages as virtual files; nothing is written into docs/."""
    for page in _state["build"].pages:
        existing = files.get_file_from_path(page.src)
        if existing is not None:
            raise PluginError(f"docs/{page.src} would hide the page generated from {page.source}; remove or rename it")
        files.append(File.generated(config, page.src, content=page.markdown))
    for asset in _state["build"].assets:
        # Non-page outputs (course.json, redirect pages, question banks) are copied as is.
        files.append(File.generated(config, asset.path, content=asset.data()))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages get the glossary's abbreviations too (generated ones carry them), and
    `{{ site_url }}` becomes the published address this build is made for (the About page's citation)."""
    if "hb_kind" in page.meta:
        return markdown
    return markdown.replace("{{ site_url }}", config.site_url or "") + _state["build"].abbreviations


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page body, generated or hand-written, passes the allowlist sanitizer once MkDocs has
    turned its Markdown into HTML: attr_list, links and whatever else Markdown makes end up here."""
    sanitized: str = importlib.import_module("generator.render.sanitize").sanitize(html)  # reloaded like the API
    return sanitized


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """'Edit this page' on a generated page opens the content file it came from."""
    source = page.meta.get("hb_source")
    repo = config.repo_url
    if source and repo and config.edit_uri:
        base = urljoin(repo.rstrip("/") + "/", config.edit_uri)
        base = base.removesuffix("/").removesuffix("docs")
        page.edit_url = base.rstrip("/") + "/" + source
    return context
