"""Incremental rebuilds for `mkdocs serve`: what one serving process keeps between rebuilds (a
Session, which the MkDocs plugin holds for the life of the process):

- the generator's BuildCache (loaded documents, rendered pages, exports; see api.BuildCache),
  dropped whenever a file of the generator itself (code, templates, static sources) changes;
- a folder of generated files, each rewritten only when its text changes, so that MkDocs (run as
  `mkdocs serve --dirty`, which `make serve` does) rebuilds only the pages whose file is newer
  than their HTML;
- the page titles of the previous build and a signature of everything every page shows (the
  navigation's titles, the configuration, the theme overrides, the glossary's abbreviations): when
  it changes, every page is rebuilt, so a dirty build never leaves a stale page.

Nothing here knows the content model or MkDocs; the MkDocs wiring is in generator/mkdocs/, whose
plugin holds the session.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.api import Build, BuildCache, build
from generator.render.context import RenderCache, digest

GENERATOR = Path(__file__).resolve().parent


def code_version() -> str:
    """A digest of the generator's own files (code, templates, static sources): a change drops every cache."""
    stats = [(p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(GENERATOR.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return digest(stats)


@dataclass
class Session:
    """One serving process's state for one project."""

    root: Path
    cache: BuildCache = field(default_factory=BuildCache)
    code: str = ""
    out: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="handbook-serve-")))
    written: dict[str, str] = field(default_factory=dict)  # path -> digest of what is in the file
    titles: dict[str, str] = field(default_factory=dict)  # page src -> its title in the last build
    signature: str | None = None  # of what every page shows, at the last build
    full: bool = True  # whether the current build rebuilds every page
    dests: set[str] = field(default_factory=set)  # the HTML files of the last build's pages
    listings: dict[str, list[str]] = field(default_factory=dict)  # the theme's file list (generator.mkdocs.serve)
    builds: int = 0

    def build(self, *, directory_urls: bool, site_url: str, package: bool = False) -> Build:
        """The generator's build, reusing everything whose inputs did not change."""
        code = code_version()
        if code != self.code:
            self.cache, self.code = BuildCache(), code
        self.builds += 1
        return build(self.root, directory_urls=directory_urls, site_url=site_url, package=package, cache=self.cache)

    def write(self, path: str, content: str | bytes) -> Path:
        """The file for ``path`` in the session's folder, rewritten only if ``content`` changed (so its
        modification time tells MkDocs whether the page needs building)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        key = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        target = self.out / path
        if self.written.get(path) != key or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written[path] = key
        return target

    def prune(self, keep: set[str]) -> None:
        """Remove the files of pages and assets that the last build no longer made."""
        for path in set(self.written) - keep:
            (self.out / path).unlink(missing_ok=True)
            del self.written[path]

    def changed(self, signature: str) -> bool:
        """Record ``signature``; True if it differs from the last build's, or on a session's first
        build (after the generator's code was reloaded, pages already built may be out of date)."""
        previous, self.signature = self.signature, signature
        self.full = previous != signature
        return self.full

    def close(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)


def persistent_build(root: Path, *, use_cache: bool = True, directory_urls: bool, site_url: str, package: bool = False) -> Build:
    """`mkdocs build`: the generator's build, reusing the loaded documents (by file version) and the
    rendered pages and exports of the last build of this tree (kept in the gitignored
    .cache/generator/, keyed like under `serve`, and dropped when the generator's own files
    change). A fresh clone has none and renders everything; without ``use_cache`` (the plugin's
    `build_cache: false`, which HANDBOOK_BUILD_CACHE=0 sets) nothing is read or written."""
    if not use_cache:
        return build(root, directory_urls=directory_urls, site_url=site_url, package=package)
    path = root / ".cache" / "generator" / "render.pickle"
    code = code_version()
    cache = BuildCache()
    try:
        saved = pickle.loads(path.read_bytes())  # our own file, written below
        if isinstance(saved, dict) and saved.get("code") == code and isinstance(saved.get("render"), RenderCache):
            cache.render, cache.documents = saved["render"], saved["documents"]
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, TypeError, ValueError):
        pass  # no usable cache: render everything
    before = {key: entry[0] for key, entry in cache.documents.items()}
    result = build(root, directory_urls=directory_urls, site_url=site_url, package=package, cache=cache)
    documents = {key: entry for key, entry in cache.documents.items() if (root / key.split(":", 1)[1]).is_file()}
    unchanged = cache.render.made == 0 and cache.render.used == set(cache.render.entries) and before == {k: e[0] for k, e in documents.items()}
    cache.render.keep_used()
    if unchanged:
        return result  # the file on disk already holds exactly this
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps({"code": code, "render": cache.render, "documents": documents}, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)
    except OSError:
        pass  # a read-only tree builds without the cache
    return result
