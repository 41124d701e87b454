"""Build benchmark (issue 15): the generator's cost in a full build, edit-to-visible under
`make serve`, and the handbook plus synthetic dialogues against a plain-Material baseline.

    .venv/bin/python tools/bench.py                      # everything (about ten minutes on 2 cores)
    .venv/bin/python tools/bench.py --sizes 0,100        # quicker
    .venv/bin/python tools/bench.py --skip-serve         # no browser
    .venv/bin/python tools/bench.py --compare HEAD~3 .   # two revisions (or project folders) side by side

1. Full build vs the same pages without the generator: the handbook built from scratch (no page
   cache, as a fresh clone, CI and `make publish` build it), the pages `.venv/bin/python -m generator build`
   writes, beside docs/, built by MkDocs with the plugin removed from mkdocs.yml, and the handbook
   with the page cache of the build before; the builds alternate (A B C A B C ...) and the medians
   of --runs are compared (wall and CPU time). Target: from scratch <= 1.10x.
2. Edit-to-visible: `mkdocs serve --dirty` (what `make serve` runs) on a copy of the project and a
   real browser (Playwright, the system Chromium) on the page: the time from saving the file until
   the open page shows the edit, for a dialogue, a module, a quiz, the glossary and a dialogue
   title rename (median of --runs each).
3. +0/+100/+1000 synthetic dialogues: wall, ms per page, the generator's phases and peak memory,
   against plain Material with as many pages of the same size.

Each build runs as its own child process (so peak memory is that build's own), from a temporary
copy of the project: nothing in the working tree is touched. Not a test: timings vary by machine
and by load; the targets are ratios measured side by side in one run (see README, "Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "site-*", "node_modules", "__pycache__", "*_cache", "test-results", "tests")
SITE_URL = "http://127.0.0.1:8000/"

# Run inside a child process with the project copy first on sys.path: times the generator's own
# phases the way the MkDocs plugin calls them (load, check, then render).
GENERATOR_PHASES = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root))
from generator import api
t0 = time.perf_counter(); book, findings = api.load(root)
t1 = time.perf_counter(); findings += api.cross_checks(book, findings)
t2 = time.perf_counter(); result = api.build(root)
t3 = time.perf_counter(); book2, loaded = api.load(root); api.cross_checks(book2, loaded)
t4 = time.perf_counter()
render = max(0.0, (t3 - t2) - (t4 - t3))
print(json.dumps({"load": t1 - t0, "check": t2 - t1, "render": render, "pages": len(result.pages)}))
"""

# Run as a child: runs a command and reports its wall time and peak resident memory.
MEASURE = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss, "rc": rc.returncode, "err": rc.stderr[-2000:]}))
"""


@dataclass
class Row:
    label: str
    dialogues: int
    pages: int
    wall: float
    peak_mb: float
    out_mb: float
    gen: dict[str, float] | None = None
    baseline: float | None = None

    @property
    def gen_total(self) -> float:
        return sum(v for k, v in (self.gen or {}).items() if k in {"load", "check", "render"})


def _env() -> dict[str, str]:
    # Bytecode is written (into the temporary copies): a contributor's tree has it too, and without
    # it every build would compile the generator's modules, which MkDocs' own never pay. (So
    # PYTHONDONTWRITEBYTECODE, set on some machines, is dropped.)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SITE_URL": SITE_URL}


def measure(cwd: Path, *cmd: str, env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(cwd), *cmd], capture_output=True, text=True, env={**_env(), **(env or {})}, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    if result["rc"] != 0:
        sys.exit(f"build failed in {cwd}:\n{result['err']}")
    return result


def copy_project(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, ignore=SKIP)
    return dest


def checkout(spec: str, dest: Path) -> Path:
    """A project folder, or a git revision of this repository exported to ``dest``."""
    if Path(spec).is_dir():
        return copy_project(Path(spec).resolve(), dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", spec], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def add_synthetic_dialogues(project: Path, count: int) -> None:
    """``count`` extra dialogues, cloned round-robin from the shipped ones with new ids and titles:
    the same size, turns and coding (alliance, ALSI, effect, notes, guidance) as real content."""
    folder = project / "content" / "dialogues"
    models = sorted(folder.glob("*.yml"))
    if not models:
        sys.exit(f"no dialogues in {folder}")
    for i in range(count):
        model = models[i % len(models)]
        text = model.read_text(encoding="utf-8")
        new_id = f"synthetic-{i:04d}-{model.stem}"[:60].rstrip("-")
        text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
        text = re.sub(r"(?m)^title: (.*)$", _variant_title(i), text, count=1)
        (folder / f"{new_id}.yml").write_text(text, encoding="utf-8")


def _variant_title(i: int) -> Callable[[re.Match[str]], str]:
    return lambda m: f"title: {m.group(1).strip(chr(34))} (practice variant {i + 1})"


def site_stats(site: Path) -> tuple[int, float]:
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, size / 1e6


def make_baseline(handbook: Path, dest: Path, pages: int, page_bytes: int) -> Path:
    """Plain Material, the handbook's theme settings, ``pages`` hand-written pages of ``page_bytes``;
    about as many in the nav as the handbook has, the rest reached by links (like dialogue pages)."""
    text = re.sub(r"!ENV \[[^\]]*\]", '"' + SITE_URL + '"', (handbook / "mkdocs.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load(re.sub(r"[ \t]*slugify: !!python/name:\S+.*\n", "", text))  # plain Material: its own slugify
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    docs = dest / "docs"
    docs.mkdir(parents=True)
    paragraph = (
        "The nurse listens, summarises tentatively and checks the summary with the person before any planning. "
        "A working alliance rests on agreement on goals, agreement on tasks, and a bond of trust. "
    )
    names = []
    for i in range(pages):
        body = [f"# Page {i}\n", "## Context\n", "| key | value |\n|---|---|\n| setting | clinic review |\n| person | adult |\n"]
        n = 0
        while sum(map(len, body)) < page_bytes:
            n += 1
            body.append(f"## Part {n}\n\n" if n % 4 == 1 else "")
            body.append(f"{paragraph * 2}\n\n- point one\n- point two with [a link](page-{(i + 1) % pages}.md)\n\n")
        name = "index.md" if i == 0 else f"page-{i}.md"
        (docs / name).write_text("".join(body), encoding="utf-8")
        names.append(name)
    nav_size = max(1, min(pages, _nav_count(config.get("nav", []))))
    baseline = {
        "site_name": "Baseline",
        "site_url": SITE_URL,
        "theme": theme,
        # Plain Material: Python-Markdown's attr_list where the handbook has its own (generator.model.attrs).
        "markdown_extensions": ["attr_list" if e == "generator.model.attrs" else e for e in config.get("markdown_extensions", [])],
        "nav": names[:nav_size],
        "validation": {"nav": {"omitted_files": "info"}},
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(baseline, sort_keys=False), encoding="utf-8")
    return dest


def _nav_count(nav: object) -> int:
    if isinstance(nav, list):
        return sum(_nav_count(item) for item in nav)
    if isinstance(nav, dict):
        return sum(_nav_count(v) for v in nav.values())
    return 1


def bench_project(source: Path, label: str, sizes: list[int], baseline: bool, work: Path) -> list[Row]:
    rows = []
    for size in sizes:
        project = copy_project(source, work / f"{label}-{size}")
        add_synthetic_dialogues(project, size)
        gen_out = subprocess.run([sys.executable, "-c", GENERATOR_PHASES, str(project)], capture_output=True, text=True, env=_env(), check=False)
        if gen_out.returncode != 0:
            sys.exit(f"generator failed on {project}:\n{gen_out.stderr[-3000:]}")
        gen = json.loads(gen_out.stdout)
        site = project / "site"
        result = measure(project, sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site))
        pages, out_mb = site_stats(site)
        row = Row(f"{label} +{size}", size, pages, result["wall"], result["peak_kb"] / 1024, out_mb, gen)
        if baseline:
            page_bytes = _generated_page_bytes(project) or 6000
            base_dir = make_baseline(project, work / f"{label}-{size}-baseline", pages, page_bytes)
            base = measure(base_dir, sys.executable, "-m", "mkdocs", "build", "--site-dir", str(base_dir / "site"))
            row.baseline = base["wall"]
        rows.append(row)
        shutil.rmtree(project, ignore_errors=True)
        print(f"  measured {row.label}: {row.wall:.2f} s", file=sys.stderr)
    return rows


def _generated_page_bytes(project: Path) -> int:
    """Average Markdown size of a generated dialogue page (what the baseline pages are sized to)."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); from generator import api; "
        "pages = [p for p in api.build(Path(sys.argv[1])).pages if p.src.startswith('dialogues/') and p.src != 'dialogues/index.md'][:20]; "
        "print(sum(len(p.markdown) for p in pages) // max(1, len(pages)))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(project)], capture_output=True, text=True, env=_env(), check=False)
    return int(out.stdout.strip() or 0)


def table(rows: list[Row]) -> str:
    head = ("build", "pages", "wall s", "ms/page", "gen s", "gen %", "load/check/render s", "peak MB", "out MB", "baseline s", "x baseline")
    lines = [head]
    for r in rows:
        g = r.gen or {}
        lines.append(
            (
                r.label,
                str(r.pages),
                f"{r.wall:.2f}",
                f"{1000 * r.wall / max(1, r.pages):.1f}",
                f"{r.gen_total:.2f}",
                f"{100 * r.gen_total / r.wall:.1f}",
                f"{g.get('load', 0):.2f}/{g.get('check', 0):.2f}/{g.get('render', 0):.2f}",
                f"{r.peak_mb:.0f}",
                f"{r.out_mb:.1f}",
                f"{r.baseline:.2f}" if r.baseline else "-",
                f"{r.wall / r.baseline:.2f}" if r.baseline else "-",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def verdict(rows: list[Row]) -> list[str]:
    """The issue's targets, as ratios from this run."""
    notes = []
    for r in rows:
        share = r.gen_total / r.wall
        notes.append(f"{r.label}: generator {100 * share:.1f}% of the build (target <= 10%): {'ok' if share <= 0.10 else 'MISSED'}")
        if r.baseline and r.dialogues >= 1000:
            ratio = r.wall / r.baseline
            notes.append(f"{r.label}: {ratio:.2f}x the plain-Material baseline (target <= 1.5x): {'ok' if ratio <= 1.5 else 'MISSED'}")
    by_size = {r.dialogues: r for r in rows}
    if 100 in by_size and 1000 in by_size:
        a, b = by_size[100], by_size[1000]
        per_a, per_b = a.wall / a.pages, b.wall / b.pages
        notes.append(f"ms/page +100 -> +1000: {1000 * per_a:.1f} -> {1000 * per_b:.1f} ({per_b / per_a:.2f}x; roughly flat wanted)")
    return notes


# -- 1. the generator's cost: a full build vs MkDocs building the same pages without it --------------

# Run in the copy: the generated pages and files beside docs/, and the abbreviations and site_url
# the plugin gives hand-written pages written into them, so MkDocs builds exactly the same pages.
SAME_PAGES = r"""
import sys
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root))
from generator import api
from generator.mkdocs.standalone import without_plugin
result = api.build(root, site_url=sys.argv[2])
docs = root / "docs"
for md in docs.rglob("*.md"):
    md.write_text(md.read_text(encoding="utf-8").replace("{{ site_url }}", sys.argv[2]) + result.abbreviations, encoding="utf-8")
for page in result.pages:
    (docs / page.src).parent.mkdir(parents=True, exist_ok=True)
    (docs / page.src).write_text(page.markdown, encoding="utf-8")
for asset in result.assets:
    (docs / asset.path).parent.mkdir(parents=True, exist_ok=True)
    (docs / asset.path).write_bytes(asset.data())
config = root / "mkdocs.yml"
config.write_text(without_plugin(config.read_text(encoding="utf-8"), result.module_pages), encoding="utf-8")
"""


def same_pages_project(project: Path, dest: Path) -> Path:
    """A copy of ``project`` whose docs/ holds the generated pages, with the plugin removed from
    mkdocs.yml (and the modules' nav section written out, as the plugin fills it)."""
    plain = copy_project(project, dest)
    subprocess.run([sys.executable, "-c", SAME_PAGES, str(plain), SITE_URL], env=_env(), check=True, capture_output=True, text=True)
    return plain


@dataclass
class Pair:
    """Alternating runs of the handbook's build from scratch (a: no page cache, as a fresh clone, CI
    and `make publish` build), the same pages without the generator (b), and the handbook's build
    with the page cache of the run before (c: `make build` after an edit elsewhere)."""

    cold: dict[str, float]
    a: list[dict[str, float]]
    b: list[dict[str, float]]
    c: list[dict[str, float]]

    def median(self, side: str, key: str) -> float:
        return statistics.median(r[key] for r in getattr(self, side))


SCRATCH = {"HANDBOOK_BUILD_CACHE": "0"}


def full_vs_same_pages(source: Path, work: Path, runs: int) -> Pair:
    project = copy_project(source, work / "full")
    build = (sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir")
    cold = measure(project, *build, str(work / "site-a"), env=SCRATCH)  # first build of a fresh copy: no compiled templates yet
    plain = same_pages_project(project, work / "plain")
    measure(plain, sys.executable, "-m", "mkdocs", "build", "--site-dir", str(work / "site-b"))  # warm up the same
    measure(project, *build, str(work / "site-c"))  # fills the page cache for the cached runs
    pair = Pair(cold, [], [], [])
    for i in range(runs):
        pair.a.append(measure(project, *build, str(work / "site-a"), env=SCRATCH))
        pair.b.append(measure(plain, sys.executable, "-m", "mkdocs", "build", "--site-dir", str(work / "site-b")))
        pair.c.append(measure(project, *build, str(work / "site-c")))
        print(
            f"  full build {i + 1}/{runs}: handbook from scratch {pair.a[-1]['wall']:.2f} s, same pages without the generator "
            f"{pair.b[-1]['wall']:.2f} s, handbook with its page cache {pair.c[-1]['wall']:.2f} s",
            file=sys.stderr,
        )
    return pair


# -- 2. edit-to-visible under `make serve`, in a real browser ----------------------------------------

EDITS: list[tuple[str, str, str, str, str]] = [
    # (kind, file, text to replace, page, where the page shows it)
    ("dialogue turn", "content/dialogues/after-a-low-while-driving.yml", "How have things been since?", "dialogues/after-a-low-while-driving/", "article"),
    # Quizzes quote this one's turns: its page, facilitator and embed pages, two modules, their quiz
    # sheets and embeds, the progress page and the question banks all change (10 pages).
    ("dialogue turn, quoted by quizzes", "content/dialogues/fear-of-going-low.yml", "I'm scared of going low", "dialogues/fear-of-going-low/", "article"),
    ("module Markdown", "content/modules/barriers.md", "If working on the alliance feels hard", "modules/barriers/", "article"),
    ("quiz question", "content/quizzes/empathy-alsi.yml", "What is the best next move?", "modules/empathy-alsi/", "article"),
    ("glossary", "content/glossary.yml", "Anyone living with any type of diabetes.", "glossary/", "article"),
    ("dialogue title (nav + gallery)", "content/dialogues/fear-of-going-low.yml", "Fear of going low", "dialogues/", "article"),
]


def chromium() -> str:
    for candidate in (os.environ.get("HANDBOOK_CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("edit-to-visible needs Chromium: apt-get install chromium (or --skip-serve)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_edits(source: Path, work: Path, runs: int) -> dict[str, list[float]]:
    """Median-ready timings: for each kind of edit, ``runs`` saves, each until the open page shows it."""
    from playwright.sync_api import expect, sync_playwright

    project = copy_project(source, work / "serve")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env={**_env(), "HANDBOOK_SITE_URL": base}, stdout=log, stderr=subprocess.STDOUT,
    )
    timings: dict[str, list[float]] = {}
    try:
        _wait_for(base, server, work / "serve.log")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            for kind, rel, original, url, where in EDITS:
                path, current = project / rel, original
                timings[kind] = []
                for i in range(runs):
                    marker = f"Zqx{i} {original}"
                    page.goto(base + url)
                    page.wait_for_load_state("load")
                    time.sleep(0.3)  # let the live-reload poll settle, as a contributor's open tab would be
                    text = path.read_text(encoding="utf-8")
                    start = time.perf_counter()
                    # The server reloads the open page: time its DOMContentLoaded (Playwright's
                    # expect() polls with back-off, up to a second late), until it shows the edit.
                    with page.expect_event("domcontentloaded", timeout=120_000):
                        path.write_text(text.replace(current, marker, 1), encoding="utf-8")
                    while marker not in (page.locator(where).first.text_content() or ""):
                        page.wait_for_event("domcontentloaded", timeout=120_000)
                    timings[kind].append(time.perf_counter() - start)
                    expect(page.locator(where).first).to_contain_text(marker)
                    current = marker
                print(f"  edit-to-visible, {kind}: " + ", ".join(f"{t:.2f}" for t in timings[kind]) + " s", file=sys.stderr)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return timings


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 600
    while True:
        try:
            urllib.request.urlopen(url, timeout=10).read()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("mkdocs serve did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.5)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return f"{model}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)"


def report_pair(pair: Pair) -> list[str]:
    a, b, c = pair.median("a", "wall"), pair.median("b", "wall"), pair.median("c", "wall")
    ca, cb, cc = pair.median("a", "cpu"), pair.median("b", "cpu"), pair.median("c", "cpu")
    return [
        f"full build (median of {len(pair.a)}, alternating): handbook from scratch {a:.2f} s wall / {ca:.2f} s CPU; "
        f"the same pages without the generator {b:.2f} s / {cb:.2f} s; handbook with its page cache {c:.2f} s / {cc:.2f} s",
        f"  from scratch: {a / b:.2f}x the same pages without the generator ({100 * (a / b - 1):+.1f}% wall, {100 * (ca / cb - 1):+.1f}% CPU; "
        f"target <= 1.10x): {'ok' if a / b <= 1.10 else 'MISSED'}",
        f"  with the page cache: {c / b:.2f}x ({100 * (c / b - 1):+.1f}% wall, {100 * (cc / cb - 1):+.1f}% CPU)",
        f"  first build of a fresh copy (templates not yet compiled): {pair.cold['wall']:.2f} s wall / {pair.cold['cpu']:.2f} s CPU",
    ]


def report_serve(timings: dict[str, list[float]], full_build: float | None) -> list[str]:
    lines = []
    for kind, values in timings.items():
        med = statistics.median(values)
        line = f"edit-to-visible under make serve, {kind}: median {med:.2f} s (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"
        if kind.startswith("dialogue turn"):
            line += f"; target <= 1.0 s: {'ok' if med <= 1.0 else 'MISSED'}"
            if full_build:
                line += f"; {med / full_build:.2f}x a full build (target <= 0.3x): {'ok' if med <= 0.3 * full_build else 'MISSED'}"
        lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0,100,1000", help="synthetic dialogues to add, comma-separated (default 0,100,1000)")
    parser.add_argument("--runs", type=int, default=5, help="alternating full builds and saves per kind of edit (default 5; medians)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain-Material baseline builds")
    parser.add_argument("--skip-full", action="store_true", help="skip the full build vs the same pages without the generator")
    parser.add_argument("--skip-serve", action="store_true", help="skip edit-to-visible under mkdocs serve (needs Playwright and Chromium)")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two git revisions or project folders, benchmarked in one run")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    specs = args.compare or ["."]
    all_rows: list[Row] = []
    notes: list[str] = []
    extra: dict[str, Any] = {"machine_before": machine()}
    with tempfile.TemporaryDirectory(prefix="hb-bench-") as tmp:
        work = Path(tmp)
        if not args.compare:
            pair = None
            if not args.skip_full:
                print("full build vs the same pages without the generator", file=sys.stderr)
                pair = full_vs_same_pages(ROOT, work / "pair", args.runs)
                notes += report_pair(pair)
                extra["full"] = {"a": pair.a, "b": pair.b, "c": pair.c, "cold": pair.cold}
            if not args.skip_serve:
                print("edit-to-visible under mkdocs serve --dirty, in Chromium", file=sys.stderr)
                timings = serve_edits(ROOT, work / "edits", args.runs)
                notes += report_serve(timings, pair.median("a", "wall") if pair else None)
                extra["serve"] = timings
        for n, spec in enumerate(specs):
            if not sizes:
                break
            label = spec if args.compare else "handbook"
            label = re.sub(r"[^\w.~^-]+", "_", label) or f"tree{n}"
            source = checkout(spec, work / f"src{n}") if args.compare else ROOT
            print(f"benchmarking {spec} ({', '.join(map(str, sizes))} synthetic dialogues)", file=sys.stderr)
            all_rows += bench_project(source, label, sizes, not args.no_baseline, work)
    extra["machine_after"] = machine()
    print(f"\nMachine: {extra['machine_before']}\n   after: {extra['machine_after']}")
    print("wall = `mkdocs build` in a child process; CPU = its user + system time; peak = its max RSS\n")
    for note in notes:
        print(note)
    if all_rows:
        print()
        print(table(all_rows))
        print()
        for note in verdict([r for r in all_rows if r.label.startswith(all_rows[0].label.split(" +")[0])]):
            print(note)
    if args.compare:
        first, second = (label for label in dict.fromkeys(r.label.split(" +")[0] for r in all_rows))
        for size in sizes:
            a = next(r for r in all_rows if r.label == f"{first} +{size}")
            b = next(r for r in all_rows if r.label == f"{second} +{size}")
            print(f"+{size}: {second} / {first} wall = {b.wall / a.wall:.2f}x, peak {b.peak_mb / a.peak_mb:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"rows": [r.__dict__ for r in all_rows], **extra}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
