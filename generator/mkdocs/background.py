"""The sanitizer on every page body, in a thread, under `mkdocs build` with a second process.

nh3 lets other threads run while it cleans (generator/render/sanitize.py), so the page bodies are
sanitized on the other core while MkDocs reads the next pages. The plugin hands each body over in
its last on_page_content and puts the result in place in on_env, which MkDocs runs once every page
is read and before anything is written or indexed: every page shows exactly what the sanitizer
made of its body, as when the plugin sanitized it in place.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol


class HasContent(Protocol):
    content: str | None


class BackgroundSanitizer:
    """Page bodies sanitized in one thread, each put in place by ``finish``."""

    def __init__(self, sanitize: Callable[[str], str]) -> None:
        self.sanitize = sanitize
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="handbook-sanitize")
        self.pending: list[tuple[HasContent, str, Future[str]]] = []

    def submit(self, page: HasContent, html: str) -> None:
        self.pending.append((page, html, self.executor.submit(self.sanitize, html)))

    def finish(self) -> None:
        """Every page's body sanitized, in place. A body changed since it was handed over (nothing in
        this build does that) is sanitized again as it now is."""
        for page, html, future in self.pending:
            clean = future.result()
            page.content = clean if page.content is html else self.sanitize(page.content or "")
        self.pending = []
        self.executor.shutdown()

    def cancel(self) -> None:
        self.executor.shutdown(cancel_futures=True)
        self.pending = []
