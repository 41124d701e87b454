"""Under `mkdocs serve`, a rebuild that fails shows why in the open pages, as modern dev servers do.

MkDocs' live-reload server leaves the browser waiting when a rebuild fails ("The server will appear
stuck until build errors are resolved"). With this, a failed rebuild still reloads the open pages:
they show the last good build under a panel with the errors (file:line:column, as `make check`
gives them), and the next rebuild that succeeds reloads them without it. Only the pages the dev
server sends change: nothing is written into site/.

It wraps two things of MkDocs' LiveReloadServer (mkdocs/livereload/__init__.py): `builder`, the
function each rebuild runs, and `_inject_js_into_html`, which adds the live-reload script to every
page it serves. A server without them is left as it is.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from typing import Any

log = logging.getLogger("mkdocs.plugins.handbook")
PANEL_ID = "hb-serve-errors"
_BODY = re.compile(rb"<body\b[^>]*>")


def panel(text: str) -> bytes:
    """The errors as a panel at the top of a page: a heading, the report, and what to do."""
    return (
        f'<div id="{PANEL_ID}" role="alert" style="position:relative;z-index:10;margin:0;padding:1rem 1.2rem;'
        'background:#fff3f3;color:#1a1a1a;border-bottom:4px solid #b00020;font:16px/1.5 system-ui,sans-serif">'
        '<h2 style="margin:0 0 .5rem;font-size:1.2rem;color:#8b0000">The handbook could not be rebuilt</h2>'
        '<p style="margin:0 0 .5rem">This page is the last good build. Fix what is listed below and save: '
        "the page reloads by itself.</p>"
        f'<pre style="margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px">{html.escape(text)}</pre></div>'
    ).encode()


class ErrorsPage:
    """The last failed rebuild's report, shown in every page the server sends until a rebuild succeeds."""

    def __init__(self) -> None:
        self.text = ""  # "" while the last rebuild succeeded
        self.failure = ""  # what the build said when it failed (the plugin's on_build_error)

    def install(self, server: Any) -> None:
        """Wrap the server's rebuild and page serving; nothing happens if it lacks either."""
        build: Callable[[], None] | None = getattr(server, "builder", None)
        inject: Callable[[bytes, int], bytes] | None = getattr(server, "_inject_js_into_html", None)
        if build is None or inject is None:
            return

        def rebuild() -> None:
            self.failure = ""
            try:
                build()
            except Exception as exc:  # any failure: show it, and let the server reload the pages
                if self.failure:  # MkDocs has printed it
                    self.text = self.failure
                    log.error("The rebuild failed; the open pages show why, until a rebuild succeeds.")
                else:
                    self.text = f"{type(exc).__name__}: {exc}"
                    log.exception("The rebuild failed; the open pages show why, until a rebuild succeeds.")
                return
            self.text = ""

        def serve(content: bytes, epoch: int) -> bytes:
            page = inject(content, epoch)
            if not self.text:
                return page
            body = _BODY.search(page)
            at = body.end() if body else 0
            return page[:at] + panel(self.text) + page[at:]

        server.builder = rebuild
        server._inject_js_into_html = serve
