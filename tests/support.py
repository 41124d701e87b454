"""Test helpers (not fixtures): building and serving a project copy, the system Chromium, axe.

Tests import these directly (``from support import ...``); conftest.py keeps only the fixtures.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.model.branching import START, Graph, Key
from generator.model.question import Dialogues
from generator.model.question_view import QuestionView
from generator.model.quiz import Question

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The system Chromium, or HANDBOOK_CHROMIUM; None means use Playwright's own if installed."""
    explicit = os.environ.get("HANDBOOK_CHROMIUM")
    if explicit:
        return explicit
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_site(out: Path, site_url: str, root: Path = ROOT, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` into ``out`` with the given site_url."""
    env = {**os.environ, "HANDBOOK_SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def copy_project(dst: Path, *, writable: tuple[str, ...] = ("content",)) -> Path:
    """A copy of the project for tests that change content: ``writable`` folders are copied,
    the rest is linked, so the copy builds exactly like the real project."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "docs", "overrides", "generator", "schema", "CONTRIBUTING.md"):
        source = ROOT / name
        if not source.exists():
            continue
        if name in writable or source.is_file():
            if source.is_dir():
                shutil.copytree(source, dst / name)
            else:
                shutil.copy2(source, dst / name)
        else:
            (dst / name).symlink_to(source, target_is_directory=source.is_dir())
    return dst


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served_build(out: Path, root: Path = ROOT) -> Iterator[str]:
    """Build ``root`` with `mkdocs build --strict` for a free local port, serve it there (site_url
    and origin agree, so instant navigation works), and yield the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    result = build_site(out, base, root=root)
    if result.returncode != 0:
        pytest.fail("mkdocs build --strict failed:\n" + result.stdout + result.stderr)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


AXE_JS = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the current page (WCAG 2.x A/AA and best practice)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa','best-practice']}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return list(result)


def build_scorm_site(out: Path) -> subprocess.CompletedProcess[str]:
    """Build the pages the SCORM packages are cut from (mkdocs.scorm.yml) into ``out``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.scorm.yml"), "--site-dir", str(out)]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@functools.cache
def _handbook_dialogues() -> Dialogues:
    from generator.load.loader import load_handbook

    book, _ = load_handbook(ROOT)
    return book.dialogue_by_id


def view_of(q: Question) -> QuestionView:
    """What the page shows of ``q`` (its view, dialogues from the shipped handbook)."""
    return q.view("", _handbook_dialogues())


def shape(q: Question) -> str:
    """How the learner answers ``q``, read from its view as the widget does, never from its type:
    ``one`` (choose one option), ``many`` (tick every one that applies), ``order`` or ``text``."""
    view = view_of(q)
    if view.choices:
        return "many" if view.multi else "one"
    return "order" if view.order else "text"


def right_answer(q: Question) -> list[int]:
    """The written indexes (data-i) to choose, the rubric points to tick, or the items in order."""
    view = view_of(q)
    if view.choices:
        return sorted(c.i for c in view.choices if c.correct)
    if view.order:
        return list(range(len(view.order)))
    return list(range(len(view.rubric)))


def wrong_answer(q: Question) -> list[int]:
    """An answer that is not right: one wrong option, every wrong option ticked, or nothing."""
    view = view_of(q)
    wrong = sorted(c.i for c in view.choices if not c.correct)
    return wrong if view.multi else wrong[:1]

class _Tree(HTMLParser):
    """A page body as a list of (start tag, sorted attributes) / end tag / text events."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[object, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # The sanitizer writes style="text-align:left" for style="text-align: left;".
        norm = sorted((k, re.sub(r"\s|;$", "", v or "") if k == "style" else v or "") for k, v in attrs)
        self.events.append(("start", tag, tuple(norm)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", str(self.events[-1][1]) + data)
        else:
            self.events.append(("text", data))


def tree(html: str) -> list[tuple[object, ...]]:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    return parser.events


def zensical_tool() -> Any:
    """tools/zensical.py as a module (by path: ``zensical`` is the Zensical package's name)."""
    spec = importlib.util.spec_from_file_location("zensical_tool", ROOT / "tools/zensical.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def route_to(g: Graph, ending: str) -> list[int]:
    """The choice indexes of a shortest path from turn 1 of a branching dialogue to ``ending``."""
    queue: deque[tuple[Key, list[int]]] = deque([(START, [])])
    seen = {START}
    while queue:
        key, picks = queue.popleft()
        if key == ("ending", ending):
            return picks
        for i, edge in enumerate(g.edges.get(key, [])):
            if edge.target is None or edge.target in seen:
                continue
            seen.add(edge.target)
            queue.append((edge.target, picks if edge.choice is None else [*picks, i]))
    raise AssertionError(f"no path to {ending}")
