"""The handbook plugin: connects MkDocs' events to the generator's core. Nothing here knows the
content model.

Under `mkdocs build` the whole of the generator's work (load, check, render) runs in a second
process forked in on_config (generator/mkdocs/worker.py), while MkDocs builds: this process never
imports the content model. MkDocs writes into a fresh folder beside the site, which replaces the
site only when the content passed every check and MkDocs finished (generator/mkdocs/atomic.py):
bad content stops the build with every finding and leaves the last good site untouched. Without
a second process (`parallel: false`, a dirty build, or no fork), the content is loaded and checked
in on_pre_build, which MkDocs runs *before* it empties site/, and the pages are made then.

The plugin object lives for the whole MkDocs process (it has on_startup), so it holds the state of
a `mkdocs serve` session: the generator.incremental.Session (generated pages as files, rewritten
only when their text changes, so `serve --dirty` builds only the changed pages), and the stamps
of the generator's .py files: when one changes, the core's modules are dropped from sys.modules and
imported afresh on the next rebuild (this package excepted), so an edit in generator/ takes effect
without restarting. What every page shows (the nav's titles, the configuration, the theme
overrides, the abbreviations) is compared with the last build, and any change rebuilds every page.
`mkdocs build` reuses the last build's pages from .cache/generator/ unless `build_cache` is off.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.mkdocs.atomic import AtomicSite, StrictWatch
from generator.mkdocs.background import BackgroundSanitizer
from generator.mkdocs.config import HandbookConfig
from generator.mkdocs.errors_page import ErrorsPage
from generator.mkdocs.nav import NavError, fill_section
from generator.mkdocs.serve import DirtyNotice, MemoryBytecodeCache, SearchEntries, dirty_pages, keep_theme_between_builds
from generator.mkdocs.warm import warm_templates
from generator.mkdocs.worker import BadContentError, Outputs, Request, WorkerError, can_fork

if TYPE_CHECKING:
    from generator.api import Build
    from generator.incremental import Session

log = logging.getLogger("mkdocs.plugins.handbook")
T = TypeVar("T")
GENERATOR = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.2


def _source_stamps() -> dict[str, int]:
    """Every .py file of the generator's core (this package excepted) with its modification time."""
    return {str(p): p.stat().st_mtime_ns for p in sorted(GENERATOR.rglob("*.py")) if p.parent.name != "mkdocs"}


def _received(get: Callable[[], T]) -> T:
    """What the generator's steps give (generator/mkdocs/worker.py), or the build stops with why not."""
    try:
        return get()
    except BadContentError as exc:
        raise PluginError(f"Content has errors:\n{exc}") from None
    except WorkerError as exc:
        raise PluginError(str(exc)) from None


def _core(name: str) -> ModuleType:
    """A module of the generator's core, as currently imported (see HandbookPlugin._reload)."""
    return importlib.import_module(f"generator.{name}")


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__ is untyped
    """Checks and renders the handbook's content into the build: generated pages and files, the
    modules' nav section, the abbreviations and the sanitizer on every page."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.stamps: dict[str, int] | None = None
        self.session: Session | None = None
        self.bytecode = MemoryBytecodeCache()
        self.build_result: Build | None = None  # under `serve`: the session's build
        self.outputs: Outputs | None = None  # under `mkdocs build`: the pages, as they are made
        self.site: AtomicSite | None = None  # under `mkdocs build` with a second process: the folder built into
        self.strict = StrictWatch()
        self.env: Environment | None = None  # under `mkdocs build`: the theme's environment MkDocs renders with
        self.sanitizer: BackgroundSanitizer | None = None  # under `mkdocs build`: page bodies being sanitized
        self.forked_at = 0.0  # MkDocs' main-thread CPU seconds when the second process was forked (logged)
        self.planned: list[str] = []  # the generated pages, in the order they are made
        self.generated: set[str] = set()
        self.abbreviations = ""
        self.errors_page = ErrorsPage()  # under `serve`: a failed rebuild's errors, in the open pages
        self.search = SearchEntries()  # under `serve`: every page's search entries across dirty rebuilds
        self.files: Files | None = None

    # -- the process ------------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this process serves (incremental rebuilds) or builds once."""
        self.command, self.dirty = command, dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(DirtyNotice())

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
        self._abandon()  # a build that was interrupted (Ctrl-C) publishes nothing

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Look for changed files every 0.2 s instead of MkDocs' 0.5 s (the watched folders are small),
        and start building 0.05 s after the last change instead of 0.1 s: an edit shows 0.2 s sooner
        on average. A rebuild that fails shows its errors in the open pages (errors_page.py)."""
        for watcher in (server.observer, *getattr(server.observer, "emitters", ())):
            if hasattr(watcher, "_timeout"):
                watcher._timeout = POLL_SECONDS
        if hasattr(server, "build_delay"):
            server.build_delay = 0.05
        self.errors_page.install(server)
        return server

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def _reload(self) -> None:
        """Under `serve`, import the core afresh when any of its .py files changed since the last
        build (dropping its modules from sys.modules re-imports them in dependency order)."""
        stamps = _source_stamps()
        if self.stamps is not None and stamps != self.stamps:
            self.on_shutdown()  # the session's caches are for the old code
            for name in [n for n in sys.modules if n.startswith("generator.") and not n.startswith("generator.mkdocs")]:
                del sys.modules[name]
            importlib.invalidate_caches()
            log.info("generator code changed: reloaded")
        self.stamps = stamps

    def _session(self, config: MkDocsConfig) -> Session:
        if self.session is None:
            self.session = _core("incremental").Session(Path(config.config_file_path).parent)
        assert self.session is not None
        return self.session

    # -- one build ----------------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The theme sees the `package` option as `extra.hb_package` (overrides/main.html); under
        `serve`, compiled templates and the theme's file list are kept between rebuilds. Under
        `mkdocs build`, the generator starts building in a second process, and MkDocs writes into a
        fresh folder beside the site (see the module docstring)."""
        config.extra["hb_package"] = self.config.package
        if self.serving:
            self._reload()
            keep_theme_between_builds(config, self._session(config), self.bytecode)
            return config
        self._abandon()  # a build before this one in the same process did not finish
        if self.config.parallel and not self.dirty and can_fork():
            self.forked_at = time.thread_time()
            self.outputs = Outputs.start(self._request(config))
            self.site = AtomicSite(config.site_dir)
            config.site_dir = str(self.site.out)
            if config.strict:
                self.strict.count = 0
                self.strict.attach()
            self._keep_env(config)
        return config

    def _keep_env(self, config: MkDocsConfig) -> None:
        """Remember the theme environment MkDocs makes for this build (the last one made before on_files)."""
        theme, make_env = config.theme, config.theme.get_env
        self.env = None

        def get_env() -> Environment:
            env: Environment = make_env()
            self.env = env
            return env

        setattr(theme, "get_env", get_env)  # noqa: B010 (an instance's method, for this build only)

    def _request(self, config: MkDocsConfig) -> Request:
        root = Path(config.config_file_path).parent
        return Request(root, config.use_directory_urls, config.site_url or "", self.config.package, self.config.build_cache)

    def _abandon(self) -> None:
        """End this build's second process and remove the folder it was writing into, if any."""
        if self.outputs is not None:
            self.outputs.stop()
            self.outputs = None
        if self.site is not None:
            self.site.discard()
            self.site = None
        if self.sanitizer is not None:
            self.sanitizer.cancel()
            self.sanitizer = None
        self.strict.detach()

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Under `serve`, and under `mkdocs build` without a second process: check all content and
        make the pages, aborting before anything is written if there is an error; fill the nav's
        module section from the modules' order. (With a second process, on_files does the rest.)"""
        self.build_result = None
        if self.serving:
            self._reload()
            try:
                result: Build = self._session(config).build(directory_urls=config.use_directory_urls, site_url=config.site_url or "", package=self.config.package)
            except _core("errors").ContentError as exc:
                raise PluginError("Content has errors:\n" + exc.report()) from None
            self.build_result, self.abbreviations = result, result.abbreviations
            for finding in result.findings:
                if finding.level == "warning":
                    log.info("content warning: %s", finding.format())
            self._fill_nav(config, result.module_pages)
        elif self.outputs is None:
            request = self._request(config)
            self.outputs = _received(lambda: Outputs.run_inline(request))

    def _fill_nav(self, config: MkDocsConfig, modules: list[str]) -> None:
        if config.nav is not None:
            try:
                config.nav = fill_section(config.nav, self.config.modules_nav, modules)
            except NavError as exc:
                raise PluginError(str(exc)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add the generated pages and files; nothing is written into docs/. Under `mkdocs build` a
        page is added before it is made (on_page_read_source gives MkDocs its text); under `serve`
        pages are files in the session's folder (see the module docstring)."""
        if self.build_result is not None:
            self.files = self._serve_files(files, config, self.build_result)
            return self.files
        outputs = self._outputs()
        arrived = time.thread_time()
        if self.env is not None and outputs.forked:  # while the second process loads the content (warm.py)
            warmed = warm_templates(self.env, outputs.arrived)
            log.debug("compiled %d templates in %.3f s of CPU while waiting for the page list", len(warmed), time.thread_time() - arrived)
        plan = _received(outputs.plan)
        if outputs.forked:  # the figures of README "A build from scratch": MkDocs' main thread, the second process
            log.debug("CPU s: MkDocs at the fork %.3f, at on_files %.3f; the second process to the page list %.3f", self.forked_at, arrived, plan.cpu)
        self.planned, self.generated, self.abbreviations = plan.pages, set(plan.pages), plan.abbreviations
        self._fill_nav(config, plan.module_pages)
        for src in self.planned:
            self._unhidden(files, src)
            files.append(File.generated(config, src, content=""))
        for asset in plan.assets:  # non-page outputs (course.json, redirect pages, question banks) are copied as is
            files.append(File.generated(config, asset.path, content=asset.data()))
        return files

    def _serve_files(self, files: Files, config: MkDocsConfig, result: Build) -> Files:
        session = self._session(config)
        for page in result.pages:
            self._unhidden(files, page.src, page.source)
            files.append(File.generated(config, page.src, abs_src_path=str(session.write(page.src, page.markdown))))
        for asset in result.assets:
            files.append(File.generated(config, asset.path, abs_src_path=str(session.write(asset.path, asset.data()))))
        session.prune({p.src for p in result.pages} | {a.path for a in result.assets})
        if self.dirty:
            dirty_pages(files, config, result, session)
        return files

    @staticmethod
    def _unhidden(files: Files, src: str, source: str = "content/") -> None:
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"docs/{src} would hide the page generated from {source}; remove or rename it")

    def _outputs(self) -> Outputs:
        if self.outputs is None:
            raise PluginError("the handbook plugin did not start this build (its on_config and on_pre_build did not run)")
        return self.outputs

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's Markdown, as soon as it is made (see generator/mkdocs/worker.py)."""
        outputs, src = self.outputs, page.file.src_uri
        if outputs is None or src not in self.generated:
            return None
        markdown = _received(lambda: outputs.page(src)).markdown
        page.file.content_string = markdown  # for anyone who reads the file rather than the page
        return markdown

    @event_priority(50)  # before the search plugin writes its index
    def _on_post_build_checked(self, config: MkDocsConfig) -> None:
        """Every page was made, the content passed the checks and the build cache is saved (or the
        build stops with why not). Under `serve`, the search plugin gets the entries of every page,
        not only of those made again."""
        if self.serving:
            self.search.hand_over(config, self.files)
        if self.outputs is not None:
            verdict = _received(self.outputs.finish)
            for warning in verdict.warnings:
                log.info("content warning: %s", warning)
            log.debug("the generator kept MkDocs waiting %.3f s; CPU s: the second process %.3f, MkDocs' main thread %.3f so far", self.outputs.waited, verdict.cpu, time.thread_time())
            self.outputs = None

    @event_priority(-100)  # after every other plugin wrote its files
    def _on_post_build_publish(self, config: MkDocsConfig) -> None:
        """The new site replaces the last one, unless MkDocs is about to abort (`--strict` and a warning)."""
        self.strict.detach()
        if self.site is None or (config.strict and self.strict.count):
            return
        self.site.publish()
        config.site_dir, self.site = str(self.site.target), None  # where the site is now (gh-deploy reads it)

    on_post_build = CombinedEvent(_on_post_build_checked, _on_post_build_publish)

    def on_build_error(self, error: Exception) -> None:
        self.errors_page.failure = str(error)
        self._abandon()

    @event_priority(100)  # before any other plugin's: the page bodies are sanitized by then
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page is read: the bodies sanitized in the background are put in place (background.py).
        Under `serve --dirty`, pages MkDocs did not read again keep their last title in the nav, and
        the 404 page and the sitemap are made again only when the nav or the page list changed."""
        if self.sanitizer is not None:
            self.sanitizer.finish()
            self.sanitizer = None
        if not (self.serving and self.dirty):
            return env
        session = self._session(config)
        if not session.full:  # the 404 page and the sitemap show only the nav and the page list
            config.theme.static_templates.difference_update({"404.html", "sitemap.xml"})
        for file in files.documentation_pages():
            page = file.page
            if page is not None and page.markdown is None and file.src_uri in session.titles:
                page.title = session.titles[file.src_uri]
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Hand-written pages get the glossary's abbreviations too (generated ones carry them), and
        `{{ site_url }}` becomes the published address this build is made for (the About page's
        citation); their front matter loses what could start a tag or end an attribute (the theme
        writes the title and the description into the page as they are)."""
        if page.file.generated_by is None:
            page.meta.update(_core("render.sanitize").sanitize_meta(page.meta))
        if "hb_kind" in page.meta:
            return markdown
        return markdown.replace("{{ site_url }}", config.site_url or "") + self.abbreviations

    @event_priority(-100)  # after any other plugin's: nothing changes a body once it is sanitized
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page body, generated or hand-written, passes the allowlist sanitizer once MkDocs has
        turned its Markdown into HTML: attr_list, links and whatever else Markdown makes end up here.
        Under `mkdocs build` with a second process, in a thread while MkDocs reads on (background.py)."""
        sanitize = _core("render.sanitize").sanitize
        if self.site is not None:  # a build that publishes nothing before on_env
            if self.sanitizer is None:
                self.sanitizer = BackgroundSanitizer(sanitize)
            self.sanitizer.submit(page, html)
            return html
        sanitized: str = sanitize(html)
        return sanitized

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """On an embed page, links that leave the page open the full handbook in a new tab, and say so."""
        if page.meta.get("hb_kind") != "embed":
            return output
        rewritten: str = _core("render.embed_links").open_in_new_tab(output)
        return rewritten

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """'Edit this page' on a generated page opens the content file it came from; an embed page
        (in another site's frame) has none."""
        if self.serving:
            self._session(config).titles[page.file.src_uri] = page.title or ""
            self.search.page_made(page.url)
        if page.meta.get("hb_kind") == "embed":
            page.edit_url = None
            return context
        source = page.meta.get("hb_source")
        repo = config.repo_url
        if source and repo and config.edit_uri:
            base = urljoin(repo.rstrip("/") + "/", config.edit_uri)
            base = base.removesuffix("/").removesuffix("docs")
            page.edit_url = base.rstrip("/") + "/" + source
        return context
