"""Stable links: a content item that declares ``redirect_from: [old-id]`` keeps its old URL
working through a small HTML page (meta refresh, canonical link, and a plain link; no script)."""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin

from generator.model.book import Handbook
from generator.outputs import GeneratedAsset
from generator.render import routes
from generator.render.context import environment


def redirect_html(target: str, title: str, canonical: str) -> str:
    """A redirect page that works without JavaScript and tells search engines where the page lives."""
    return environment().get_template("redirect.html.j2").render(target=target, title=title, canonical=canonical)


def _file_for(url: str) -> str:
    """The file that serves a page URL ('x/' -> 'x/index.html', 'x.html' -> 'x.html')."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def redirects(book: Handbook) -> list[tuple[str, str, str]]:
    """(old source path, new source path, title) for every declared former id."""
    pairs = [(routes.dialogue(old), routes.dialogue(d.model.id), d.model.title) for d in book.dialogues for old in d.model.redirect_from]
    pairs += [(routes.module(old), routes.module(m.meta.id), m.meta.title) for m in book.modules for old in m.meta.redirect_from]
    return sorted(pairs)


def redirect_assets(book: Handbook, *, directory_urls: bool = True, site_url: str = "") -> list[GeneratedAsset]:
    """One redirect page per former id, at the URL the old id had."""
    assets = []
    for old_src, new_src, title in redirects(book):
        old_url, new_url = routes.page_url(old_src, directory_urls), routes.page_url(new_src, directory_urls)
        old_file = _file_for(old_url)
        rel = posixpath.relpath(_file_for(new_url), posixpath.dirname(old_file) or ".")
        if directory_urls and rel.endswith("index.html"):
            rel = rel[: -len("index.html")] or "./"
        canonical = urljoin(site_url, new_url) if site_url else rel
        assets.append(GeneratedAsset(old_file, redirect_html(rel, title, canonical)))
    return assets
