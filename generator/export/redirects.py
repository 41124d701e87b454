"""Stable links: a content item that declares ``redirect_from: [old-id]`` keeps its old URL
working through a small HTML page (meta refresh, canonical link, and a plain link; no script)."""

from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import urljoin

from generator.model.book import Handbook
from generator.outputs import GeneratedAsset
from generator.render.routes import page_url


def redirect_html(target: str, title: str, canonical: str) -> str:
    """A redirect page that works without JavaScript and tells search engines where the page lives."""
    t, c, name = escape(target, quote=True), escape(canonical, quote=True), escape(title)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={t}">\n'
        f'<link rel="canonical" href="{c}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{t}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def _file_for(url: str) -> str:
    """The file that serves a page URL ('dialogues/x/' -> 'dialogues/x/index.html')."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def redirects(book: Handbook) -> list[tuple[str, str, str]]:
    """(old source path, new source path, title) for every declared former id."""
    pairs = [(f"dialogues/{old}.md", f"dialogues/{d.model.id}.md", d.model.title) for d in book.dialogues for old in d.model.redirect_from]
    pairs += [(f"modules/{old}.md", f"modules/{m.meta.id}.md", m.meta.title) for m in book.modules for old in m.meta.redirect_from]
    return sorted(pairs)


def redirect_assets(book: Handbook, *, directory_urls: bool = True, site_url: str = "") -> list[GeneratedAsset]:
    """One redirect page per former id, at the URL the old id had."""
    assets = []
    for old_src, new_src, title in redirects(book):
        old_url, new_url = page_url(old_src, directory_urls), page_url(new_src, directory_urls)
        old_file = _file_for(old_url)
        rel = posixpath.relpath(_file_for(new_url), posixpath.dirname(old_file) or ".")
        if directory_urls and rel.endswith("index.html"):
            rel = rel[: -len("index.html")] or "./"
        canonical = urljoin(site_url, new_url) if site_url else rel
        assets.append(GeneratedAsset(old_file, redirect_html(rel, title, canonical)))
    return assets
