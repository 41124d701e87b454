"""What only `mkdocs serve` needs: compiled templates and the theme's file list kept between
rebuilds, and, under `serve --dirty`, making MkDocs rebuild every page whose shared parts changed.

The serving process's state (generated files, caches, titles) is a generator.incremental.Session,
held by the plugin; nothing here keeps state of its own."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache, FileSystemLoader
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils import meta

from generator.mkdocs.nav import nav_paths

if TYPE_CHECKING:
    from generator.api import Build
    from generator.incremental import Session

PACKAGE = Path(__file__).resolve().parent


class DirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate; the plugin rebuilds every
    page when the navigation changes, so the warning is dropped (in strict mode it would abort)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory across rebuilds. MkDocs makes a new theme environment for
    every build; with this cache a rebuild loads Material's templates instead of compiling them again.
    Jinja checks each entry against the template source's checksum, so an edited template is compiled."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.entries:
            bucket.bytecode_from_string(self.entries[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.entries[bucket.key] = bucket.bytecode_to_string()


class ListingLoader(FileSystemLoader):
    """The theme's loader, but its list of templates (MkDocs walks every file of Material, some
    14,000, on every build to find the theme's static files) is kept while no file in the
    project's own theme folder (``custom_dir``, the first of ``dirs``) changes. The list leaves out
    names starting with a dot (Material's 14,000 icons are in .icons/): MkDocs never copies those
    (its filter rejects '.*'), and the list is used only to find the files it copies."""

    def __init__(self, dirs: list[str], listings: dict[str, list[str]], project_dir: str | None) -> None:
        super().__init__(dirs)
        self.listings = listings
        self.project_dir = project_dir

    def list_templates(self) -> list[str]:
        from generator.render.context import digest  # here, not at the top: importing the plugin stays light (worker.py)

        own = sorted(Path(self.project_dir).rglob("*")) if self.project_dir else []
        key = digest(self.searchpath, [(p.as_posix(), p.stat().st_mtime_ns) for p in own])
        if key not in self.listings:
            self.listings.clear()
            self.listings[key] = [name for name in super().list_templates() if not name.startswith(".")]
        return list(self.listings[key])


def keep_theme_between_builds(config: MkDocsConfig, session: Session, bytecode: MemoryBytecodeCache) -> None:
    """The theme's template environment keeps compiled templates and the theme's file list between
    rebuilds; MkDocs otherwise redoes both every build."""
    theme, make_env = config.theme, config.theme.get_env
    custom_dir = theme.custom_dir if isinstance(theme.custom_dir, str) else None

    def get_env() -> Any:
        env = make_env()
        env.loader = ListingLoader(theme.dirs, session.listings, custom_dir)
        env.bytecode_cache = bytecode
        return env

    setattr(theme, "get_env", get_env)  # noqa: B010 (an instance's method, for this build only)


def dirty_pages(files: Files, config: MkDocsConfig, result: Build, session: Session) -> None:
    """Under `serve --dirty`: when what every page shows changed, make every page's HTML older than
    its source so MkDocs builds it again, and delete the HTML of pages that are gone."""
    dests = {file.abs_dest_path for file in files.documentation_pages()}
    for gone in session.dests - dests:
        Path(gone).unlink(missing_ok=True)
    session.dests = dests
    if session.changed(signature(files, config, result)):
        for dest in dests:
            if os.path.isfile(dest):
                os.utime(dest, (0, 0))  # older than any source: MkDocs builds the page again


def signature(files: Files, config: MkDocsConfig, result: Build) -> str:
    """What every page shows besides its own text: the configuration (with the nav and the site's
    address), the pages that exist, the titles of the pages in the nav, the theme overrides, the
    abbreviations and the plugin's own code."""
    generated = {p.src: p.markdown for p in result.pages}
    in_nav = set(nav_paths(config.nav)) if config.nav else None
    titles = []
    for file in files.documentation_pages():
        if in_nav is not None and file.src_uri not in in_nav:
            continue
        text = generated.get(file.src_uri)
        if text is None and file.abs_src_path:
            text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
        titles.append((file.src_uri, title_source(text or "")))
    theme = [(str(p), p.stat().st_mtime_ns) for d in config.theme.dirs[:1] for p in sorted(Path(d).rglob("*")) if p.is_file()]
    config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    pages = sorted(f.src_uri for f in files.documentation_pages())
    from generator.render.context import digest  # here, not at the top: importing the plugin stays light (worker.py)

    plugin = [p.stat().st_mtime_ns for p in sorted(PACKAGE.glob("*.py"))]
    return digest(config_text, config.nav, config.site_url, pages, titles, theme, result.abbreviations, plugin)


def title_source(markdown: str) -> tuple[str, str]:
    """What a page's title comes from: its front matter title, else its first level-one heading."""
    body, data = meta.get_data(markdown)
    heading = next((line for line in body.splitlines() if line.startswith("# ")), "")
    return str(data.get("title", "")), heading


class SearchEntries:
    """Under `serve --dirty`, the search index of every page, not only of the pages this rebuild made.

    Material's search plugin indexes the pages each build makes and, under a dirty reload, merges
    them with the last index assuming one page was made (it drops the last entries whose address
    starts with the first new entry's). The plugin remakes several pages per edit, so the index lost
    pages (the home page's address is "", which every address starts with) or kept old entries twice.
    Here the entries are kept per page: a page made again replaces its own, a page gone loses them,
    and the search plugin is handed the whole index to write (the plugin's on_post_build, run before
    the search plugin's)."""

    def __init__(self) -> None:
        self.pages: dict[str, list[dict[str, Any]]] = {}  # page address -> its entries
        self.made: set[str] = set()  # addresses of the pages this build made

    def page_made(self, url: str) -> None:
        self.made.add(url)

    def hand_over(self, config: MkDocsConfig, files: Files | None) -> None:
        """Give the search plugin (if any) the entries of every page the site has, in the site's order."""
        search = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "search" and hasattr(p, "search_index")), None)
        made, self.made = self.made, set()
        if search is None or files is None:
            return
        index = search.search_index
        new: dict[str, list[dict[str, Any]]] = {url: [] for url in made}
        for entry in index.entries:
            new.setdefault(str(entry["location"]).split("#")[0], []).append(entry)
        self.pages.update(new)
        order = [f.page.url if f.page is not None else f.url.removeprefix("./") for f in files.documentation_pages()]  # the home page's is ""
        self.pages = {url: self.pages[url] for url in order if url in self.pages}
        index.entries = [entry for entries in self.pages.values() for entry in entries]
        search.search_index_prev = None  # the whole index: nothing to merge
