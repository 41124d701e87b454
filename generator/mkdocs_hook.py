"""MkDocs wiring: hand the core's pages to the build. Nothing here knows the content model.

Content is checked in on_pre_build, which MkDocs runs *before* it empties site/: bad content
stops the build with every finding and leaves the last good site untouched.

Under `mkdocs serve` this hook is imported once, but every rebuild runs on_pre_build: there the
generator's modules are dropped from sys.modules and imported afresh when any of its .py files
changed, so an edit in generator/ takes effect on the next rebuild (this file itself excepted).

Under `mkdocs serve` the generator also rebuilds incrementally (generator/incremental.py): generated
pages are files in the session's folder, rewritten only when their text changes, so `serve --dirty`
(what `make serve` runs) builds only the changed pages. What every page shows (the navigation's
titles, the configuration, the theme overrides, the abbreviations) is compared with the last
build, and any change rebuilds every page: a dirty build never leaves a stale page. `mkdocs build`
reuses the last build's pages from .cache/generator/ (generator.incremental.persistent_build).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from generator.api import Build

if TYPE_CHECKING:
    from generator.incremental import Session

log = logging.getLogger("mkdocs.plugins.handbook")
_state: dict[str, Build] = {}
PACKAGE = Path(__file__).resolve().parent
POLL_SECONDS = 0.2
# Set by on_startup, kept here (this module is never reloaded): the MkDocs command and --dirty.
MODE: dict[str, Any] = {"command": "build", "dirty": False}


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate; this hook rebuilds every
    page when the navigation changes, so the warning is dropped (in strict mode it would abort)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


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
        if "generator.incremental" in sys.modules:  # its caches are for the old code
            sys.modules["generator.incremental"].close_all()
        for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
            if name != __name__:
                del sys.modules[name]
        importlib.invalidate_caches()
        log.info("generator code changed: reloaded")
    api = importlib.import_module("generator.api")
    sys.modules["generator"]._hb_stamps = stamps  # type: ignore[attr-defined]
    return api


def _incremental() -> ModuleType:
    """generator.incremental as currently imported (reloaded with the rest of the generator)."""
    return importlib.import_module("generator.incremental")


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _serving() -> bool:
    return bool(MODE["command"] == "serve")


def _session(config: MkDocsConfig) -> Session:
    session: Session = _incremental().session(_root(config))
    return session


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process serves (incremental rebuilds) or builds once."""
    MODE.update(command=command, dirty=dirty)
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Under `serve`, the theme's template environment keeps compiled templates and the theme's file
    list between rebuilds (see generator.incremental); MkDocs otherwise redoes both every build."""
    if _serving():
        session = _session(config)
        theme, make_env = config.theme, config.theme.get_env
        custom_dir = theme.custom_dir if isinstance(theme.custom_dir, str) else None
        loader = _incremental().ListingLoader

        def get_env() -> Environment:
            env = make_env()
            env.loader = loader(theme.dirs, session.listings, custom_dir)
            env.bytecode_cache = session.bytecode
            return env

        setattr(theme, "get_env", get_env)  # noqa: B010 (an instance's method, for this build only)
    return config


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Look for changed files every 0.2 s instead of MkDocs' 0.5 s (the watched folders are small),
    and start building 0.05 s after the last change instead of 0.1 s: an edit shows 0.2 s sooner
    on average."""
    for watcher in (server.observer, *getattr(server.observer, "emitters", ())):
        if hasattr(watcher, "_timeout"):
            watcher._timeout = POLL_SECONDS
    if hasattr(server, "build_delay"):
        server.build_delay = 0.05
    return server


def on_shutdown() -> None:
    if "generator.incremental" in sys.modules:
        _incremental().close_all()


def on_pre_build(config: MkDocsConfig) -> None:
    """Check and render all content; abort before anything is written if there is an error."""
    _generator_api()
    errors = importlib.import_module("generator.errors")
    urls, site_url = config.use_directory_urls, config.site_url or ""
    package = bool(config.extra.get("hb_package"))  # mkdocs.scorm.yml: the SCORM packages' pages
    try:
        if _serving():
            result: Build = _session(config).build(directory_urls=urls, site_url=site_url, package=package)
        else:
            result = _incremental().persistent_build(_root(config), directory_urls=urls, site_url=site_url, package=package)
    except errors.ContentError as exc:
        raise PluginError("Content has errors:\n" + exc.report()) from None
    for finding in result.findings:
        if finding.level == "warning":
            log.info("content warning: %s", finding.format())
    _state["build"] = result


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages; nothing is written into docs/. A build keeps them in memory; under
    `serve` they are files in the session's folder (see the module docstring)."""
    result = _state["build"]
    session = _session(config) if _serving() else None
    for page in result.pages:
        existing = files.get_file_from_path(page.src)
        if existing is not None:
            raise PluginError(f"docs/{page.src} would hide the page generated from {page.source}; remove or rename it")
        if session is None:
            files.append(File.generated(config, page.src, content=page.markdown))
        else:
            files.append(File.generated(config, page.src, abs_src_path=str(session.write(page.src, page.markdown))))
    for asset in result.assets:
        # Non-page outputs (course.json, redirect pages, question banks) are copied as is.
        if session is None:
            files.append(File.generated(config, asset.path, content=asset.data()))
        else:
            files.append(File.generated(config, asset.path, abs_src_path=str(session.write(asset.path, asset.data()))))
    if session is not None:
        session.prune({p.src for p in result.pages} | {a.path for a in result.assets})
        if MODE["dirty"]:
            _dirty_pages(files, config, result, session)
    return files


def _dirty_pages(files: Files, config: MkDocsConfig, result: Build, session: Session) -> None:
    """Under `serve --dirty`: when what every page shows changed, make every page's HTML older than
    its source so MkDocs builds it again, and delete the HTML of pages that are gone."""
    dests = {file.abs_dest_path for file in files.documentation_pages()}
    for gone in session.dests - dests:
        Path(gone).unlink(missing_ok=True)
    session.dests = dests
    if session.changed(_signature(files, config, result)):
        for dest in dests:
            if os.path.isfile(dest):
                os.utime(dest, (0, 0))  # older than any source: MkDocs builds the page again


def _signature(files: Files, config: MkDocsConfig, result: Build) -> str:
    """What every page shows besides its own text: the configuration (with the nav), the pages that
    exist, the titles of the pages in the nav, the theme overrides and the abbreviations."""
    generated = {p.src: p.markdown for p in result.pages}
    in_nav = set(_nav_paths(config.nav)) if config.nav else None
    titles = []
    for file in files.documentation_pages():
        if in_nav is not None and file.src_uri not in in_nav:
            continue
        text = generated.get(file.src_uri)
        if text is None and file.abs_src_path:
            text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
        titles.append((file.src_uri, _title_source(text or "")))
    theme = [(str(p), p.stat().st_mtime_ns) for d in config.theme.dirs[:1] for p in sorted(Path(d).rglob("*")) if p.is_file()]
    config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    pages = sorted(f.src_uri for f in files.documentation_pages())
    hook = Path(__file__).stat().st_mtime_ns
    digest = importlib.import_module("generator.render.context").digest
    return str(digest(config_text, pages, titles, theme, result.abbreviations, hook, os.environ.get("HANDBOOK_SITE_URL")))


def _nav_paths(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    return []


def _title_source(markdown: str) -> tuple[str, str]:
    """What a page's title comes from: its front matter title, else its first level-one heading."""
    body, data = meta.get_data(markdown)
    heading = next((line for line in body.splitlines() if line.startswith("# ")), "")
    return str(data.get("title", "")), heading


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Under `serve --dirty`, pages MkDocs did not read again keep their last title in the nav, and
    the 404 page and the sitemap are made again only when the nav or the page list changed."""
    if not (_serving() and MODE["dirty"]):
        return env
    session = _session(config)
    if not session.full:  # the 404 page and the sitemap show only the nav and the page list
        config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
    titles = session.titles
    for file in files.documentation_pages():
        page = file.page
        if page is not None and page.markdown is None and file.src_uri in titles:
            page.title = titles[file.src_uri]
    return env


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
    if _serving():
        _session(config).titles[page.file.src_uri] = page.title or ""
    source = page.meta.get("hb_source")
    repo = config.repo_url
    if source and repo and config.edit_uri:
        base = urljoin(repo.rstrip("/") + "/", config.edit_uri)
        base = base.removesuffix("/").removesuffix("docs")
        page.edit_url = base.rstrip("/") + "/" + source
    return context
