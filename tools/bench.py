"""Build benchmark: the handbook, the handbook plus synthetic dialogues, and a plain-Material baseline.

    .venv/bin/python tools/bench.py                      # shipped handbook, +100, +1000 dialogues, baselines
    .venv/bin/python tools/bench.py --sizes 0,100        # quicker
    .venv/bin/python tools/bench.py --compare HEAD~3 .   # two revisions (or project folders) side by side

Each build runs as its own child process (so peak memory is that build's own), from a temporary
copy of the project: nothing in the working tree is touched. Not a test: timings vary by machine;
the targets are ratios measured side by side in one run (see README, "Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "site-*", "node_modules", "__pycache__", "*_cache", "test-results", "tests")
SITE_URL = "http://127.0.0.1:8000/"

# Run inside a child process with the project copy first on sys.path: times the generator's own
# phases the way the MkDocs hook calls them (load, check, then render).
GENERATOR_PHASES = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1]); sys.path.insert(0, str(root))
from generator import api
from generator.check import run_checks
from generator.load.loader import load_handbook
t0 = time.perf_counter(); book, findings = load_handbook(root)
t1 = time.perf_counter(); findings += run_checks(book)
t2 = time.perf_counter(); result = api.build(root)
t3 = time.perf_counter(); book2, _ = load_handbook(root); run_checks(book2)
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
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kb": peak, "rc": rc.returncode, "err": rc.stderr[-2000:]}))
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
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SITE_URL": SITE_URL, "PYTHONDONTWRITEBYTECODE": "1"}


def measure(cwd: Path, *cmd: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(cwd), *cmd], capture_output=True, text=True, env=_env(), check=True)
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
    config = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", '"' + SITE_URL + '"', (handbook / "mkdocs.yml").read_text(encoding="utf-8")))
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
        "markdown_extensions": config.get("markdown_extensions", []),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0,100,1000", help="synthetic dialogues to add, comma-separated (default 0,100,1000)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain-Material baseline builds")
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two git revisions or project folders, benchmarked in one run")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    specs = args.compare or ["."]
    all_rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="hb-bench-") as tmp:
        work = Path(tmp)
        for n, spec in enumerate(specs):
            label = spec if args.compare else "handbook"
            label = re.sub(r"[^\w.~^-]+", "_", label) or f"tree{n}"
            source = checkout(spec, work / f"src{n}") if args.compare else ROOT
            print(f"benchmarking {spec} ({', '.join(map(str, sizes))} synthetic dialogues)", file=sys.stderr)
            all_rows += bench_project(source, label, sizes, not args.no_baseline, work)
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs; wall = `mkdocs build` in a child process; peak = its max RSS\n")
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
        args.json.write_text(json.dumps([r.__dict__ for r in all_rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
