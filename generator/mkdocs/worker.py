"""The generator's whole build (load, check, render), in a second process while MkDocs builds.

Under `mkdocs build` the plugin forks this process as soon as it has the configuration (on_config),
so that importing the generator, reading the content, making the pages and running the checks
overlap MkDocs' own work on the other core; the MkDocs process never imports the content model.
The process sends, over a pipe, in this order:

1. the plan, once the content is loaded: every generated page's path, the files (course.json, the
   question banks, redirect pages, minified assets), the module pages in reading order and the
   abbreviations; MkDocs needs these when it lists the files (the plugin's on_files). Content the
   loader refuses (a file's syntax or schema) is reported instead, and the build stops there;
2. every page, in the plan's order; MkDocs reads each when it gets to it (on_page_read_source),
   converting one page's Markdown while the next is rendered;
3. the verdict of the cross-file checks (run last, off MkDocs' critical path): their warnings, or
   every finding if any is an error. The plugin waits for it before the build is published (it
   builds into a fresh folder and swaps it into place only then, generator/mkdocs/atomic.py), so
   bad content still leaves the last good site untouched, with the same positioned messages;
4. done, once the build cache is saved.

A failure while making the pages from content that has not been checked yet is reported by the
checks' findings when they find an error (the usual cause), else by its traceback.

Where processes cannot be forked (or `parallel: false`, or a dirty build, which writes into the
last site), the same steps run in the MkDocs process before it writes anything (``run_inline``).
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from generator.outputs import GeneratedAsset, GeneratedPage


class WorkerError(Exception):
    """The process making the pages failed; the message says how."""


class BadContentError(Exception):
    """The content has errors: the message is every finding, positioned (ContentError.report)."""


@dataclass(frozen=True)
class Request:
    """What one build of the handbook is asked for (the plugin's options and MkDocs' settings)."""

    root: Path
    directory_urls: bool
    site_url: str
    package: bool
    use_cache: bool


@dataclass(frozen=True)
class Plan:
    """What MkDocs needs before it reads any page (see the module docstring, step 1)."""

    pages: list[str]
    assets: list[GeneratedAsset]
    module_pages: list[str]
    abbreviations: str
    cpu: float = 0.0  # the CPU seconds the steps took to get here (the plugin logs them)


@dataclass
class Verdict:
    """The checks passed: their findings below error level, formatted (path:line:column: ...)."""

    warnings: list[str] = field(default_factory=list)
    cpu: float = 0.0  # the CPU seconds the steps took to get here, every page made


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def steps(request: Request) -> Iterator[tuple[str, Any]]:
    """The build, as the messages the plugin receives: ("plan", Plan), ("page", GeneratedPage) for
    each page, ("checked", Verdict), ("done", None); or ("content", report) when content has errors
    and ("error", traceback) when something else failed. Imports the core here: only the process
    that runs this pays for it."""
    started = time.process_time()
    try:
        from generator import incremental
        from generator.errors import ContentError
    except BaseException:
        yield "error", traceback.format_exc()
        return
    try:
        stored = incremental.start_build(
            request.root,
            use_cache=request.use_cache,
            directory_urls=request.directory_urls,
            site_url=request.site_url,
            package=request.package,
            defer_checks=True,
        )
    except ContentError as exc:
        yield "content", exc.report()
        return
    except BaseException:
        yield "error", traceback.format_exc()
        return
    checked = stored.checked
    try:
        assets = checked.assets()
        yield "plan", Plan([p.src for p in checked.plan], assets, checked.module_pages, checked.ctx.abbreviations(), time.process_time() - started)
        for page in checked.pages():
            yield "page", page
    except BaseException:
        failure = traceback.format_exc()
        try:  # content the checks refuse is the likelier cause, and the better report
            checked.finish_checks()
        except ContentError as exc:
            yield "content", exc.report()
            return
        except BaseException:
            pass
        yield "error", failure
        return
    try:
        findings = checked.finish_checks()
    except ContentError as exc:
        yield "content", exc.report()
        return
    except BaseException:
        yield "error", traceback.format_exc()
        return
    yield "checked", Verdict([f.format() for f in findings if f.level == "warning"], time.process_time() - started)
    try:
        stored.save()
    except BaseException:
        yield "error", traceback.format_exc()
        return
    yield "done", None


def _work(request: Request, conn: Connection) -> None:
    """In the forked process: every step, sent as soon as it is ready."""
    try:
        for message in steps(request):
            conn.send(message)
    finally:
        conn.close()


class Outputs:
    """The generated pages and files of one build and the checks' verdict, as the plugin asks for
    them: from a forked process (``start``) or made in this one (``run_inline``)."""

    def __init__(self) -> None:
        self.messages: Iterator[tuple[str, Any]] | None = None  # inline: the steps, all run already
        self.process: Any = None
        self.conn: Connection | None = None
        self._plan: Plan | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.verdict: Verdict | None = None
        self.done = False
        self.waited = 0.0  # seconds MkDocs spent waiting for the plan and the pages

    @classmethod
    def start(cls, request: Request) -> Outputs:
        """Fork the process that builds (see the module docstring)."""
        outputs = cls()
        context = multiprocessing.get_context("fork")
        outputs.conn, child = context.Pipe(duplex=False)
        outputs.process = context.Process(target=_work, args=(request, child), daemon=True, name="handbook-pages")
        outputs.process.start()
        child.close()
        return outputs

    @classmethod
    def run_inline(cls, request: Request) -> Outputs:
        """Every step in this process, now: raises BadContentError or WorkerError at once."""
        outputs = cls()
        outputs.messages = iter(list(steps(request)))
        outputs.finish()
        return outputs

    @property
    def forked(self) -> bool:
        return self.process is not None

    def _receive(self) -> None:
        if self.done:
            raise WorkerError("the process making the pages has finished")
        if self.messages is not None:
            kind, value = next(self.messages)
        else:
            assert self.conn is not None
            try:
                kind, value = self.conn.recv()
            except EOFError:
                self.process.join()
                raise WorkerError(f"the process making the pages stopped (exit code {self.process.exitcode})") from None
        if kind in ("content", "error", "done"):
            self.done = True
            if self.process is not None:
                self.process.join()
        if kind == "content":
            raise BadContentError(value)
        if kind == "error":
            raise WorkerError(f"making the pages failed:\n{value}")
        if kind == "plan":
            self._plan = value
        elif kind == "page":
            self.pages[value.src] = value
        elif kind == "checked":
            self.verdict = value

    def _wait(self, ready: Any) -> None:
        started = time.perf_counter()
        try:
            while not ready():
                self._receive()
        finally:
            self.waited += time.perf_counter() - started

    def arrived(self) -> bool:
        """Whether the next message is in (or the build is over): receiving it will not wait."""
        return self.done or self.conn is None or self.conn.poll()

    def plan(self) -> Plan:
        """The plan (waits for the content to be loaded); raises BadContentError or WorkerError."""
        self._wait(lambda: self._plan is not None)
        assert self._plan is not None
        return self._plan

    def page(self, src: str) -> GeneratedPage:
        """One planned page (waits for it to be made)."""
        self._wait(lambda: src in self.pages or self.done)
        if src not in self.pages:
            raise WorkerError(f"{src} was planned but not made")
        return self.pages[src]

    def finish(self) -> Verdict:
        """Wait for the checks' verdict and the saved cache (the build is over)."""
        self._wait(lambda: self.done)
        assert self.verdict is not None
        return self.verdict

    def stop(self) -> None:
        """The build failed elsewhere: end the process if it still runs."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()
        if self.conn is not None:
            self.conn.close()
            self.conn = None
