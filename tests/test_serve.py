"""`make serve`: an edit to the generator's Python code takes effect on the next rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import copy_project, free_port

pytestmark = pytest.mark.slow  # runs a real `mkdocs serve`

OLD = '"builds": "Builds"'
NEW = '"builds": "Builds (reloaded)"'


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, server: subprocess.Popen[str], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve stopped"
        page = _get(url)
        if page is not None and text in page:
            return True
        time.sleep(1)
    return False


def test_a_py_edit_in_the_generator_takes_effect_on_the_next_rebuild(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", writable=("content", "generator"))
    labels = project / "generator" / "render" / "question.py"
    assert OLD in labels.read_text(encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SITE_URL": base}
    # `python -m mkdocs` from the copy imports the copy's generator package, like `make serve` does from the project.
    argv = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(argv, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        page = base + "dialogues/fear-of-going-low/"
        assert _wait_for(page, "✔ Builds the alliance", server, 240), "the first build was not served"
        assert "Builds (reloaded)" not in (_get(page) or "")
        time.sleep(1.5)  # a later modification time than the first build's stamps on any file system
        labels.write_text(labels.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        assert _wait_for(page, "✔ Builds (reloaded) the alliance", server, 240), "the edited generator code did not take effect:\n" + (tmp_path / "serve.log").read_text()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
