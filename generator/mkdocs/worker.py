"""The generator's pages, made in a second process while MkDocs goes on with the build.

Once the content is checked (in the MkDocs process, before MkDocs empties site/), everything the
build will make is known (generator.api.Checked.plan). A forked process then makes the files and
the pages, one at a time in the plan's order, and sends each over a pipe; MkDocs reads each
generated page when it gets to it (the plugin's on_page_read_source), converting one page's
Markdown while the next is rendered. On two cores the rendering costs the build almost no time.
Where processes cannot be forked (or `parallel: false`), the pages are made in the MkDocs process.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from generator.outputs import GeneratedAsset, GeneratedPage

if TYPE_CHECKING:
    from generator.incremental import StoredBuild


class WorkerError(Exception):
    """The rendering process failed; the message says how."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _work(stored: StoredBuild, conn: Connection) -> None:
    """In the forked process: each page, then the build cache saved."""
    try:
        for page in stored.checked.pages():
            conn.send(("page", page))
        stored.save()
        conn.send(("done", None))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


class Outputs:
    """The generated files and pages of one build, as the plugin asks for them."""

    def __init__(self, stored: StoredBuild, *, parallel: bool) -> None:
        self.stored = stored
        self.pages: dict[str, GeneratedPage] = {}
        # The files are made here, first: MkDocs needs them all before it reads the first page.
        self.files: list[GeneratedAsset] = stored.checked.assets()
        self.done = False
        self.waited = 0.0  # seconds MkDocs spent waiting for a page
        self.process: Any = None
        self.conn: Connection | None = None
        if parallel and can_fork():
            context = multiprocessing.get_context("fork")
            self.conn, child = context.Pipe(duplex=False)
            self.process = context.Process(target=_work, args=(stored, child), daemon=True, name="handbook-pages")
            self.process.start()
            child.close()
        else:
            self.pages = {page.src: page for page in stored.checked.pages()}
            stored.save()
            self.done = True

    def _receive(self) -> None:
        assert self.conn is not None
        try:
            kind, value = self.conn.recv()
        except EOFError:
            self.process.join()
            raise WorkerError(f"the process making the pages stopped (exit code {self.process.exitcode})") from None
        if kind == "error":
            raise WorkerError(f"making the pages failed:\n{value}")
        if kind == "page":
            self.pages[value.src] = value
        else:
            self.done = True
            self.process.join()

    def assets(self) -> list[GeneratedAsset]:
        return self.files

    def page(self, src: str) -> GeneratedPage:
        started = time.perf_counter()
        while src not in self.pages:
            if self.done:
                raise WorkerError(f"{src} was planned but not made")
            self._receive()
        self.waited += time.perf_counter() - started
        return self.pages[src]

    def finish(self) -> None:
        """Wait for the last page and the saved cache (the build is over)."""
        while not self.done:
            self._receive()

    def stop(self) -> None:
        """The build failed elsewhere: end the process if it still runs."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
