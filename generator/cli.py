"""Command line: `.venv/bin/python -m generator check [PATH]`, `build --out DIR`, `schema --out DIR`, `new KIND SLUG`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from generator.api import build, check
from generator.errors import ContentError, printable
from generator.export.outdir import OutDirError, write_files
from generator.model.scaffold import ScaffoldError, new, scaffold_kinds
from generator.model.schema import stale_schemas, write_schemas


def find_root(start: Path) -> Path:
    """The project folder: the nearest folder at or above ``start`` that holds content/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "content").is_dir():
            return folder
    return Path.cwd()


def cmd_check(args: argparse.Namespace) -> int:
    target = Path(args.path or ".").resolve()
    if not target.exists():
        print(printable(f"{args.path}: error: no such file or folder"), file=sys.stderr)
        return 2
    root = find_root(target if target.is_dir() else target.parent)
    if not target.is_relative_to(root):
        print(printable(f"{args.path}: error: not inside a handbook project (no content/ folder above it)"), file=sys.stderr)
        return 2
    _, findings = check(root)
    if target != root:
        prefix = target.relative_to(root).as_posix()
        findings = [f for f in findings if f.path == prefix or f.path.startswith(prefix.rstrip("/") + "/")]
    shown = [f for f in findings if args.suggestions or f.level != "suggestion"]
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    if args.format == "json":
        print(json.dumps({"findings": [f.as_dict() for f in shown], "errors": errors, "warnings": warnings}, indent=2))
    else:
        for finding in shown:
            print(finding.format())
        summary = f"{errors} error(s), {warnings} warning(s)"
        print(summary if shown else f"content is clean: {summary}", file=sys.stderr)
    return 1 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    root = find_root(Path.cwd())
    try:
        result = build(root, directory_urls=not args.no_directory_urls, site_url=args.site_url)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    out = Path(args.out)
    files = {page.src: page.markdown.encode("utf-8") for page in result.pages}
    files.update({asset.path: asset.data() for asset in result.assets})
    try:
        done = write_files(out, files, clean=args.clean)
    except OutDirError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return 2
    removed = f", removed {done.removed} stale file(s)" if done.removed else ""
    print(f"wrote {len(result.pages)} page(s) and {len(result.assets)} other file(s) to {out}{removed}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if args.check:
        stale = stale_schemas(out)
        for name in stale:
            print(f"{out / name}: error: out of date with the models; run: .venv/bin/python -m generator schema --out {args.out}", file=sys.stderr)
        return 1 if stale else 0
    changed = write_schemas(out)
    print(f"wrote {len(changed)} changed schema file(s) to {out}", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd())
    try:
        path = new(root, args.kind, args.slug)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rel = path.relative_to(root).as_posix()
    print(rel)
    print(f"wrote {rel}; edit it, then run: .venv/bin/python -m generator check {rel}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=".venv/bin/python -m generator", description="Check and build the handbook's content.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="validate all content and print every problem as path:line:column")
    p_check.add_argument("path", nargs="?", help="a content file or folder to report on (default: everything)")
    p_check.add_argument("--format", choices=("text", "json"), default="text")
    p_check.add_argument("--suggestions", action="store_true", help="also show style suggestions")
    p_check.set_defaults(func=cmd_check)
    p_build = sub.add_parser("build", help="write the generated pages as Markdown files (for engines without MkDocs hooks)")
    p_build.add_argument("--out", required=True, help="a new or empty folder, or one an earlier build wrote (anything else is refused)")
    p_build.add_argument("--clean", action="store_true", help="first remove the files an earlier build wrote there (never anything else)")
    p_build.add_argument("--no-directory-urls", action="store_true", help="links for use_directory_urls: false")
    p_build.add_argument("--site-url", default=os.environ.get("HANDBOOK_SITE_URL", ""), help="the published address (default: HANDBOOK_SITE_URL, else none)")
    p_build.set_defaults(func=cmd_build)
    p_schema = sub.add_parser("schema", help="write the JSON Schema of every content kind (for editors)")
    p_schema.add_argument("--out", default="schema", help="folder to write into (default: schema)")
    p_schema.add_argument("--check", action="store_true", help="only report schema files that are out of date (exit 1)")
    p_schema.set_defaults(func=cmd_schema)
    p_new = sub.add_parser("new", help="start a new content file from a commented example that passes the check")
    p_new.add_argument("kind", choices=scaffold_kinds())
    p_new.add_argument("slug", help="the new item's id and file name: lower-case letters, digits and hyphens")
    p_new.add_argument("--root", help="the project folder (default: the nearest folder above that holds content/)")
    p_new.set_defaults(func=cmd_new)
    args = parser.parse_args(argv)
    return int(args.func(args))
