"""Lighthouse (mobile) on the home page, a dialogue and a quiz page: `make audit` (not part of `make test`).

Builds the site into a temporary folder, serves it on 127.0.0.1 at its own site_url, runs the
pinned Lighthouse from .cache/lighthouse (installed by the Makefile with `npm i -E lighthouse@12.2.3`)
against the system Chromium, prints the four category scores per page and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 0.95}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site gzipped, as any real static host (GitHub Pages, Netlify, nginx) does:
    Lighthouse's throttled mobile load of uncompressed CSS and JS would measure the test server."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the parent redirects to the URL with a slash
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pick_pages(site: Path) -> dict[str, str]:
    """Home, the first dialogue, and the first page that carries a quiz (quiz.js loaded)."""
    pages = {"home": ""}
    dialogues = sorted(p.parent.name for p in (site / "dialogues").glob("*/index.html"))
    if dialogues:
        pages["dialogue"] = f"dialogues/{dialogues[0]}/"
    for html in sorted(site.rglob("index.html")):
        rel = html.relative_to(site).as_posix()
        if not rel.startswith(("trainers/", "embed/")) and re.search(r'src="[^"]*assets/quiz\.js"', html.read_text(encoding="utf-8")):
            pages["quiz"] = rel.removesuffix("index.html")
            break
    return pages


def lighthouse(url: str, out: Path) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"]
    cmd += ["--only-categories=performance,accessibility,best-practices,seo"]
    subprocess.run(cmd, env=env, check=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    failing = [
        f"    {a['id']}: {a['title']}"
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in {"binary", "numeric"} and a["score"] < 0.9
    ]
    if failing:
        print(f"  audits below 0.9 on {url}:\n" + "\n".join(failing[:15]), file=sys.stderr)
    return {cat: float(report["categories"][cat]["score"] or 0) for cat in TARGETS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run `make audit` (installs lighthouse@12.2.3 with npm)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="hb-audit-") as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "HANDBOOK_SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env, check=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        reports = args.keep or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        missed = []
        print(f"{'page':<10} {'path':<48} " + " ".join(f"{c:>15}" for c in TARGETS))
        for name, path in pick_pages(site).items():
            scores = lighthouse(base + path, reports / f"{name}.json")
            print(f"{name:<10} {'/' + path:<48} " + " ".join(f"{scores[c]:>15.2f}" for c in TARGETS))
            missed += [f"{name} {c} {scores[c]:.2f} < {t}" for c, t in TARGETS.items() if scores[c] < t]
        server.shutdown()
    if missed:
        print("targets missed: " + "; ".join(missed))
        return 1
    print("all targets met (performance >= 0.95, accessibility 1.0, best practices 1.0, SEO >= 0.95)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
