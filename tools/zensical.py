"""Build the handbook with Zensical (Material's successor), which runs no MkDocs plugins.

The generator writes its pages into a staging copy of docs/ (never into docs/ itself), beside copies
of overrides/ and mkdocs.yml (without the plugin, its modules' nav section written out), and
Zensical builds that folder:

    .venv/bin/python tools/zensical.py            # -> build/zensical/site
    .venv/bin/python tools/zensical.py --out DIR

Zensical runs no MkDocs plugin, so the plugin's sanitizer, which cleans every page body in the
MkDocs build, cannot run here. The same sanitizer runs instead inside Zensical's Markdown: the
staged mkdocs.yml lists generator/render/safe_markdown.py among its Markdown extensions, which
passes each page's HTML and its table of contents through the allowlist as the last step of the
conversion, so what Zensical makes of a page (its body, title, sidebar and search entries) comes
from sanitized HTML, generated and hand-written docs/ pages alike. Before that, the check runs (the
generator's build runs it first, on content and on the hand-written docs/ pages, with the site's
own Markdown: generator/check/markup.py), and after it every built page's article is audited
against the same allowlist (``audit``): an event handler, a script that is not one of the site's
own, a frame, a style, a data-* attribute not listed in generator/render/sanitize.py, a link with
another scheme or an image from another host fails the build, and the site folder it wrote is
removed, so nothing unsafe is left to publish.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.export.static import STATIC
from generator.load.loader import load_handbook, split_front_matter
from generator.mkdocs.standalone import without_plugin
from generator.model.syntax import link_scheme
from generator.render import routes
from generator.render.sanitize import ATTRIBUTE_PREFIXES, DATA_ATTRIBUTES, URL_SCHEMES, sanitize_meta

ROOT = Path(__file__).resolve().parent.parent


# The generator's build: the check, then the pages (a test builds content past the check instead).
GENERATE: tuple[str, ...] = (sys.executable, "-m", "generator", "build")
# The Markdown extension that sanitizes what Zensical renders (see the module's docstring).
SANITIZE = "generator.render.safe_markdown"


def stage(out: Path, root: Path = ROOT, generate: Sequence[str] = GENERATE) -> Path:
    """``root``'s docs/ plus the generated pages in ``out/docs``, and ``out/mkdocs.yml`` pointing at
    them, with the sanitizing Markdown extension."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    # The generator writes only into a new folder (or one it wrote): its pages first, docs/ beside them.
    subprocess.run([*generate, "--out", str(docs)], cwd=root, check=True)
    shutil.copytree(root / "docs", docs, dirs_exist_ok=True)
    for page in (root / "docs").rglob("*.md"):
        _safe_front_matter(docs / page.relative_to(root / "docs"))
    shutil.copytree(root / "overrides", out / "overrides")  # Zensical wants paths inside the project
    # The MkDocs plugin fills the About page's `{{ site_url }}`; Zensical runs no plugins, so it is filled here
    # with the address mkdocs.yml would use.
    site_url = os.environ.get("HANDBOOK_SITE_URL", "http://127.0.0.1:8000/")
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "{{ site_url }}" in text:
            page.write_text(text.replace("{{ site_url }}", site_url), encoding="utf-8")
    book, _ = load_handbook(root)
    config = without_plugin((root / "mkdocs.yml").read_text(encoding="utf-8"), [routes.module(m.meta.id) for m in book.modules])
    config, found = re.subn(r"^markdown_extensions:\n", f"markdown_extensions:\n  - {SANITIZE}\n", config, count=1, flags=re.M)
    if not found:
        raise ValueError("mkdocs.yml: expected a 'markdown_extensions:' list, found none")
    config += "\nsite_dir: site\n"
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    return out / "mkdocs.yml"


def _safe_front_matter(page: Path) -> None:
    """A hand-written page's front matter without what could start a tag or end an attribute (as the
    MkDocs plugin does: the theme writes the title and description into the page as they are)."""
    text = page.read_text(encoding="utf-8")
    parts = split_front_matter(text)
    if parts is None:
        return
    front, body, _ = parts
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError:
        return  # the check refuses it, and so does Zensical
    if isinstance(meta, dict) and sanitize_meta(meta) != meta:
        page.write_text("---\n" + yaml.safe_dump(sanitize_meta(meta), allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


# What a page's article may hold beyond the sanitizer's allowlist: Material's icons (svg) and the
# site's own deferred scripts (overrides/main.html), one per source in generator/static/.
_NEVER = {"iframe", "object", "embed", "style", "frame", "frameset", "base", "meta", "math"}
_SCRIPTS = "|".join(sorted(re.escape(p.stem) for p in STATIC.glob("*.js")))
_SCRIPT = re.compile(rf"(?:\.\./)*assets/(?:{_SCRIPTS})\.js")
_ELSEWHERE = re.compile(r"[\s\x00-\x1f]*(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\]{2})")


class _Article(HTMLParser):
    """The problems in one page's <article>: what the MkDocs build's sanitizer would have removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        values = dict(attrs)
        if tag in _NEVER:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self.in_script = True
            if not _SCRIPT.fullmatch(values.get("src") or ""):
                self.problems.append(f"<script src={values.get('src')!r}>")
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on") or name in ("srcdoc", "formaction", "action", "srcset") or (name.startswith("data-") and name not in DATA_ATTRIBUTES and not name.startswith(tuple(ATTRIBUTE_PREFIXES))):
            self.problems.append(f"<{tag} {name}>")
        elif name == "style" and not re.fullmatch(r"\s*text-align:\s*\w+;?\s*", value):
            self.problems.append(f"<{tag} style={value[:40]!r}>")
        elif name in ("href", "src", "xlink:href"):
            scheme = link_scheme(value)
            if scheme is not None and scheme not in URL_SCHEMES:
                self.problems.append(f"<{tag} {name}={value[:40]!r}>")
            elif tag == "img" and _ELSEWHERE.match(value):
                self.problems.append(f"<img src={value[:40]!r}> (another host)")

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append("an inline script")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if tag == "article" and self.depth:
            self.depth -= 1


def audit(site: Path) -> list[str]:
    """Every problem in every built page's article, as 'page: problem'."""
    found: list[str] = []
    for page in sorted(site.rglob("*.html")):
        parser = _Article()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        found += [f"{page.relative_to(site).as_posix()}: {problem}" for problem in parser.problems]
    return found


def build(config: Path) -> int:
    """Zensical's build of the staged folder, then the audit; a site that fails it is removed."""
    zensical = Path(sys.executable).with_name("zensical")
    code = subprocess.run([str(zensical), "build", "--config-file", str(config)], cwd=config.parent, check=False).returncode
    site = config.parent / "site"
    if code != 0 or not site.is_dir():
        return code or 1
    problems = audit(site)
    if problems:
        shutil.rmtree(site)
        print(f"{len(problems)} thing(s) in the built pages the site's allowlist does not allow; the site was removed:", file=sys.stderr)
        for problem in problems[:50]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "zensical")
    args = parser.parse_args(argv)
    config = stage(args.out.resolve())
    return build(config)


if __name__ == "__main__":
    raise SystemExit(main())
