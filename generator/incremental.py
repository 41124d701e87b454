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

import base64
import binascii
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.api import Build, BuildCache, Checked, build, prepare
from generator.errors import Finding, Positions
from generator.load.loader import Loaded, Parsed
from generator.outputs import GeneratedAsset, GeneratedPage
from generator.render.context import digest

GENERATOR = Path(__file__).resolve().parent


# What the generator renders with, besides its own code: a new version of any of them can change a
# page (Markdown's output, Jinja's escaping, the sanitizer's allowlist, pydantic's dumps, YAML's
# reading), so a cache made with other versions is dropped. The project's declared dependencies
# (pyproject.toml) are read from its installed metadata; these are added to them.
LIBRARIES = ("markdown", "jinja2", "markupsafe", "nh3", "pymdown-extensions", "pydantic", "pydantic-core", "pyyaml", "rjsmin", "rcssmin")


@cache
def library_versions() -> list[tuple[str, str]]:
    """The version of every library the build renders with (and of Python), as installed when the
    process started: the modules it has imported are those, whatever is installed later."""
    try:
        declared = [r.split(";")[0] for r in metadata.requires("working-alliance-handbook") or [] if "extra ==" not in r]
    except metadata.PackageNotFoundError:
        declared = []
    names = sorted({_name(r) for r in declared} | set(LIBRARIES))
    versions = [("python", sys.version.split()[0])]
    for name in names:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "not installed"))
    return versions


def _name(requirement: str) -> str:
    """'mkdocs>=1.6,<2' -> 'mkdocs'."""
    for i, char in enumerate(requirement):
        if not (char.isalnum() or char in "-_."):
            return requirement[:i].strip().lower()
    return requirement.strip().lower()


def code_version() -> str:
    """A digest of the generator's own files (code, templates, static sources) and of the versions of
    the libraries it renders with: a change to either drops every cache."""
    stats = [(p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(GENERATOR.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return digest(stats, library_versions())


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


CACHE_FILE = ".cache/generator/build.json"
CACHE_FORMAT = 1


@dataclass
class StoredBuild:
    """One `mkdocs build` of a tree with its build cache: checked (``checked``), then rendered (by
    whoever calls ``checked.pages()``), then ``save``d, so the next build reuses what it can."""

    checked: Checked
    path: Path | None  # None: the cache is off
    code: str
    cache: BuildCache | None
    before: dict[str, str]  # each document's version when the cache was read

    def save(self) -> None:
        """Write the cache for the next build (unless it already holds exactly this)."""
        cache, root = self.cache, self.checked.ctx.settings.root
        if cache is None or self.path is None:
            return
        documents = {key: entry for key, entry in cache.documents.items() if (root / key.split(":", 1)[1]).is_file()}
        unchanged = cache.render.made == 0 and cache.render.used == set(cache.render.entries) and self.before == {k: e.version for k, e in documents.items()}
        cache.render.keep_used()
        if not unchanged:
            cache.documents = documents
            write_cache(self.path, self.code, cache)


def start_build(root: Path, *, use_cache: bool = True, directory_urls: bool, site_url: str, package: bool = False, defer_checks: bool = False) -> StoredBuild:
    """`mkdocs build`, first half: the content loaded and checked (raises ContentError), reusing the
    documents and pages of the last build of this tree, kept as JSON in the gitignored
    .cache/generator/build.json (keyed like under `serve`, and dropped when the generator's own
    files or the libraries it renders with change). A fresh clone has none and renders everything;
    without ``use_cache`` (the plugin's `build_cache: false`, which HANDBOOK_BUILD_CACHE=0 sets)
    nothing is read or written. ``defer_checks``: see api.prepare."""
    code = code_version() if use_cache else ""  # (hashing the generator's files is for the cache only)
    path = root / CACHE_FILE if use_cache else None
    cache = read_cache(path, code) if path is not None else None
    before = {key: entry.version for key, entry in cache.documents.items()} if cache is not None else {}
    checked = prepare(root, directory_urls=directory_urls, site_url=site_url, package=package, cache=cache, defer_checks=defer_checks)
    return StoredBuild(checked, path, code, cache, before)


def persistent_build(root: Path, *, use_cache: bool = True, directory_urls: bool, site_url: str, package: bool = False) -> Build:
    """`mkdocs build` in one go (see start_build): checked, rendered, and the cache saved."""
    stored = start_build(root, use_cache=use_cache, directory_urls=directory_urls, site_url=site_url, package=package)
    result = stored.checked.build()
    stored.save()
    return result


def read_cache(path: Path, code: str) -> BuildCache:
    """The cache a build of this tree left, if it was made by this code (else an empty one)."""
    cache = BuildCache()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("format") != CACHE_FORMAT or saved.get("code") != code:
            return cache
        cache.documents = {key: _loaded(entry) for key, entry in saved["documents"].items()}
        for name, (key, value) in saved["render"].items():
            cache.render.entries[name] = (key, _output(value))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        return BuildCache()  # no usable cache: render everything
    return cache


def write_cache(path: Path, code: str, cache: BuildCache) -> None:
    """Write ``cache`` as JSON (to a temporary file first, so a reader never sees half of it)."""
    data = {
        "format": CACHE_FORMAT,
        "code": code,
        "documents": {key: _loaded_data(entry) for key, entry in cache.documents.items()},
        "render": {name: [key, _output_data(value)] for name, (key, value) in cache.render.entries.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass  # a read-only tree builds without the cache


# -- the cache as JSON: documents as parsed (validated again when read), pages and files as made ----


def _positions_data(pos: Positions) -> dict[str, Any]:
    return {"path": pos.path, "values": [[list(k), *v] for k, v in pos.values.items()], "keys": [[list(k), *v] for k, v in pos.keys.items()]}


def _positions(data: dict[str, Any]) -> Positions:
    pos = Positions(data["path"])
    pos.values = {tuple(k): (line, col) for k, line, col in data["values"]}
    pos.keys = {tuple(k): (line, col) for k, line, col in data["keys"]}
    return pos


def _loaded_data(entry: Loaded) -> dict[str, Any]:
    parsed = entry.parsed
    return {
        "version": entry.version,
        "parsed": None if parsed is None else {"data": parsed.data, "pos": _positions_data(parsed.pos), "body": parsed.body, "body_line": parsed.body_line},
        "findings": [asdict(f) for f in entry.findings],
    }


def _loaded(data: dict[str, Any]) -> Loaded:
    p = data["parsed"]
    parsed = None if p is None else Parsed(p["data"], _positions(p["pos"]), p["body"], p["body_line"])
    return Loaded(data["version"], parsed, [Finding(**f) for f in data["findings"]])


def _output_data(value: object) -> dict[str, Any]:
    if isinstance(value, GeneratedPage):
        return {"page": asdict(value)}
    if isinstance(value, list) and all(isinstance(a, GeneratedAsset) for a in value):
        return {"files": [[a.path, a.content] if isinstance(a.content, str) else [a.path, None, base64.b64encode(a.content).decode("ascii")] for a in value]}
    raise TypeError(f"the build cache keeps pages and files, not {type(value).__name__}")


def _output(data: dict[str, Any]) -> GeneratedPage | list[GeneratedAsset]:
    if "page" in data:
        return GeneratedPage(**data["page"])
    return [GeneratedAsset(f[0], f[1] if f[1] is not None else base64.b64decode(f[2], validate=True)) for f in data["files"]]
