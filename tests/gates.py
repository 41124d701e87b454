"""Quality gates on a built site: each takes a site folder (or HTML) and returns problems, [] when clean.

Used by tests/test_gates.py (which also feeds every gate a bad fixture, so a gate that cannot fail is
noticed) and runnable by hand: ``.venv/bin/python tests/gates.py site/``.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent

OWN_ASSET_BUDGET = 10 * 1024  # bytes gzipped: our own JS and CSS that one page loads (handbook.*, print.css, quiz.* where it has a quiz, ...)
PAGE_BUDGET = 40 * 1024  # bytes gzipped: each page's own HTML
OWN_ASSET_NAMES = re.compile(r"\.(js|css)$")  # directly in assets/: Material's live in assets/javascripts|stylesheets

# Material's own inline scripts (theme scope, palette, anchor fix-up, config JSON). Anything else
# inline in a page came from us and belongs in a cacheable file in generator/static/ (published minified to assets/).
MATERIAL_INLINE_SCRIPTS = ("__md_scope=", "var palette=", "var media=", "var target=document.getElementById(location.hash")

# Material's drawer and search toggles are bare <input type=checkbox autocomplete=off> written
# outside any template block (base.html), so overrides/ cannot change them. autocomplete=off stops
# Firefox from restoring the drawer/search state on back navigation: intended, and vnu's only
# complaint about a stock Material page. Exactly this message on exactly those inputs is tolerated.
VNU_STOCK_MESSAGE = "Attribute “autocomplete” is only allowed when the input type is"
VNU_STOCK_EXTRACT = re.compile(r'data-md-toggle="(drawer|search)" type="checkbox"')

# Elements and attributes that make the browser fetch something when the page loads.
_FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
    "input": ("src",),
}
_FETCHING_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch", "manifest", "preconnect"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
_ABSOLUTE = re.compile(r"^(https?:)?//", re.IGNORECASE)


@dataclass
class ParsedPage:
    """What the gates need from one HTML page."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    fetches: list[str] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in: str | None = None
        self._buf: list[str] = []
        self._script_is_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr in a:
                self.page.links.append((tag, attr, a[attr]))
        for attr in _FETCHING.get(tag, ()):
            if a.get(attr):
                self.page.fetches += [part.strip().split(" ")[0] for part in a[attr].split(",")] if attr == "srcset" else [a[attr]]
        if tag == "link" and a.get("href") and _FETCHING_LINK_RELS & set(a.get("rel", "").lower().split()):
            self.page.fetches.append(a["href"])
        if "style" in a:
            self.page.fetches += [m.group(1) or m.group(2) for m in _CSS_URL.finditer(a["style"])]
        if tag == "script" and "src" not in a:
            self._in, self._buf = "script", []
            self._script_is_data = a.get("type", "") in {"application/json", "application/ld+json"}
        elif tag == "style":
            self._in, self._buf = "style", []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = "".join(self._buf).strip()
            if tag == "style":
                self.page.styles.append(text)
            elif not self._script_is_data:
                self.page.inline_scripts.append(text)
            self._in = None


def parse_html(html: str) -> ParsedPage:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def html_pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def _rel(path: Path, site: Path) -> str:
    return path.relative_to(site).as_posix()


# --- budgets ---------------------------------------------------------------------------------------


def own_assets(site: Path) -> list[Path]:
    """The handbook's own JS and CSS files (not Material's, which live in assets/javascripts|stylesheets)."""
    return sorted(p for p in (site / "assets").glob("*") if p.is_file() and OWN_ASSET_NAMES.search(p.name))


def loaded_assets(site: Path, page: Path, parsed: ParsedPage | None = None) -> list[Path]:
    """The handbook's own JS and CSS files that ``page`` loads (its scripts and stylesheets in assets/)."""
    own = {p.resolve() for p in own_assets(site)}
    parsed = parsed or parse_html(page.read_text(encoding="utf-8"))
    found: list[Path] = []
    for url in parsed.fetches:
        if _ABSOLUTE.match(url) or not OWN_ASSET_NAMES.search(urlsplit(url).path):
            continue
        path = urlsplit(url).path
        target = (site / unquote(path).lstrip("/")) if path.startswith("/") else (page.parent / unquote(path))
        if target.resolve() in own and target.resolve() not in {f.resolve() for f in found}:
            found.append(target)
    return found


def check_asset_budget(site: Path, budget: int = OWN_ASSET_BUDGET) -> list[str]:
    """Each page's own JS+CSS (the files in assets/ it references, as served: minified and gzipped)
    within ``budget``: a page pays only for the scripts of the widgets it has."""
    if not own_assets(site):
        return [f"no handbook JS/CSS found in {site / 'assets'} (expected handbook.js, handbook.css)"]
    sizes = {p.resolve(): gzipped_size(p.read_bytes()) for p in own_assets(site)}
    problems, pages_with_assets = [], 0
    for path in html_pages(site):
        loaded = loaded_assets(site, path)
        pages_with_assets += bool(loaded)
        total = sum(sizes[p.resolve()] for p in loaded)
        if total > budget:
            detail = ", ".join(f"{p.name} {sizes[p.resolve()]} B" for p in loaded)
            problems.append(f"{_rel(path, site)}: loads {total} B of the handbook's own JS+CSS gzipped, budget {budget} B ({detail})")
    if not pages_with_assets:
        problems.append("no page loads the handbook's own JS/CSS (the budget gate would check nothing)")
    return problems


def check_no_inline_code(site: Path) -> list[str]:
    """Our code ships as cacheable files: no <style> blocks and no inline scripts beyond Material's."""
    problems = []
    for path in html_pages(site):
        page = parse_html(path.read_text(encoding="utf-8"))
        for style in page.styles:
            problems.append(f"{_rel(path, site)}: inline <style> block ({len(style)} chars): move it to generator/static/handbook.css")
        for script in page.inline_scripts:
            if script and not script.startswith(MATERIAL_INLINE_SCRIPTS):
                problems.append(f"{_rel(path, site)}: inline <script> ({script[:60]!r}…): move it to generator/static/")
    return problems


def check_page_budget(site: Path, budget: int = PAGE_BUDGET) -> list[str]:
    problems = []
    for path in html_pages(site):
        size = gzipped_size(path.read_bytes())
        if size > budget:
            problems.append(f"{_rel(path, site)}: {size} B gzipped, budget {budget} B")
    return problems


def check_no_external_requests(site: Path) -> list[str]:
    """Nothing the built pages load (scripts, styles, fonts, images, frames) comes from another host.

    Scans every page's fetching elements, every CSS file's url()/@import, and our own JS for any
    absolute URL. Material's JS bundle is not scanned (it names CDNs for features the handbook does not
    use); the browser test records the requests a real page makes."""
    problems = []
    for path in html_pages(site):
        for url in parse_html(path.read_text(encoding="utf-8")).fetches:
            if _ABSOLUTE.match(url):
                problems.append(f"{_rel(path, site)}: loads {url}")
    for css in sorted(site.rglob("*.css")):
        for m in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = m.group(1) or m.group(2)
            if _ABSOLUTE.match(url):
                problems.append(f"{_rel(css, site)}: loads {url}")
    for js in own_assets(site):
        if js.suffix == ".js":
            for url in re.findall(r"""(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s'"`)]*""", js.read_text(encoding="utf-8")):
                problems.append(f"{_rel(js, site)}: refers to {url}")
    return problems


# --- links -----------------------------------------------------------------------------------------


def _target_file(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path is served from (directory URLs end in index.html)."""
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site: Path, base_url: str = "http://127.0.0.1:8000/") -> list[str]:
    """Every internal href/src resolves to a built file, and every #fragment to an id on that page.

    Internal means relative, root-relative, or absolute under ``base_url`` (canonical links)."""
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    parsed = {path: parse_html(path.read_text(encoding="utf-8")) for path in html_pages(site)}
    problems = []
    for path, page in parsed.items():
        rel = _rel(path, site)
        page_url = urljoin(base_url, rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        for tag, attr, value in page.links:
            if not value or value.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            url = urlsplit(urljoin(page_url, value))
            if (url.scheme, url.netloc) != (base.scheme, base.netloc) or not url.path.startswith(base_path):
                continue
            target = _target_file(site, url.path[len(base_path) :])
            if target is None:
                problems.append(f"{rel}: <{tag} {attr}={value!r}> points to a missing file")
                continue
            fragment = unquote(url.fragment)
            if fragment and target.suffix == ".html":
                if target not in parsed:
                    parsed[target] = parse_html(target.read_text(encoding="utf-8"))
                if fragment not in parsed[target].ids:
                    problems.append(f"{rel}: <{tag} {attr}={value!r}>: no id {fragment!r} on {_rel(target, site)}")
    return problems


# --- HTML validity (vnu) ---------------------------------------------------------------------------

VNU_JAR = ROOT / ".cache" / "vnu" / "vnu.jar"


def vnu_messages(target: Path, jar: Path = VNU_JAR) -> list[dict[str, object]]:
    """vnu's errors for an HTML file or a folder of them (one JVM for the whole site)."""
    java = shutil.which("java")
    if java is None or not jar.is_file():
        raise RuntimeError(
            f"vnu needs java and {jar}: run `make vnu` (fetches it with `npm pack vnu-jar`; "
            "Debian: apt-get install default-jre-headless nodejs npm), or .ci/run as root"
        )
    result = subprocess.run(
        [java, "-jar", str(jar), "--skip-non-html", "--errors-only", "--format", "json", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return list(report.get("messages", []))


def check_vnu(messages: Iterable[dict[str, object]], site: Path | None = None) -> list[str]:
    """vnu errors, less Material's documented stock one."""
    problems = []
    for m in messages:
        message, extract = str(m.get("message", "")), str(m.get("extract", ""))
        if message.startswith(VNU_STOCK_MESSAGE) and VNU_STOCK_EXTRACT.search(extract):
            continue
        where = str(m.get("url", "")).removeprefix("file:")
        if site is not None:
            where = where.removeprefix(str(site.resolve())).removeprefix(str(site)).lstrip("/")
        problems.append(f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {message} [{extract.strip()[:80]}]")
    return problems


# --- reproducibility -------------------------------------------------------------------------------

_SITEMAP_DATE = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _comparable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "sitemap.xml.gz":
        data = gzip.decompress(data)
    if path.name.startswith("sitemap.xml"):
        data = _SITEMAP_DATE.sub(b"<lastmod/>", data)
    return data


def diff_trees(a: Path, b: Path) -> list[str]:
    """Files that differ between two builds (sitemap dates and the sitemap's gzip header aside)."""
    files_a = {_rel(p, a) for p in a.rglob("*") if p.is_file()}
    files_b = {_rel(p, b) for p in b.rglob("*") if p.is_file()}
    problems = [f"only in first build: {f}" for f in sorted(files_a - files_b)]
    problems += [f"only in second build: {f}" for f in sorted(files_b - files_a)]
    problems += [f"differs: {f}" for f in sorted(files_a & files_b) if _comparable(a / f) != _comparable(b / f)]
    return problems


# --- skip link ------------------------------------------------------------------------------------

_SKIP_LINK = re.compile(r'<a href="#([^"]+)" class="md-skip">')
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')
# Material's "Edit this page" / "View source" buttons open the article; the content starts after them.
_ARTICLE_BUTTONS = re.compile(r'\s*(?:<a [^>]*class="md-content__button[^"]*"[^>]*>.*?</a>\s*)*', re.DOTALL)
_FIRST_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")


def check_skip_links(site: Path) -> list[str]:
    """Material's "Skip to content" link must land on the first element of the page's content
    (its title), not on a later heading past the introduction or the dialogue."""
    problems = []
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        article = _ARTICLE.search(html)
        if article is None or path.name == "404.html":
            continue  # redirect pages and Material's 404 page have no content to skip to
        skip = _SKIP_LINK.search(html)
        if skip is None:
            problems.append(f"{_rel(path, site)}: no skip link (the page has no heading with an id)")
            continue
        rest = html[article.end() :]
        rest = rest[_ARTICLE_BUTTONS.match(rest).end() :]  # type: ignore[union-attr]
        first = _FIRST_TAG.match(rest.lstrip())
        ids = re.findall(r'\bid="([^"]+)"', first.group(2)) if first else []
        if skip.group(1) not in ids:
            found = f"<{first.group(1)}{first.group(2)}>" if first else "nothing"
            problems.append(f"{_rel(path, site)}: skip link goes to #{skip.group(1)}, expected the first element of the content, found {found[:80]}")
    return problems


def all_static_gates(site: Path, base_url: str) -> dict[str, list[str]]:
    return {
        "asset budget": check_asset_budget(site),
        "inline code": check_no_inline_code(site),
        "page budget": check_page_budget(site),
        "external requests": check_no_external_requests(site),
        "links": check_links(site, base_url),
        "skip links": check_skip_links(site),
    }


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    url = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8000/"
    failed = False
    for gate, found in all_static_gates(folder, url).items():
        print(f"{gate}: {'ok' if not found else str(len(found)) + ' problem(s)'}")
        for line in found:
            print("  " + line)
        failed |= bool(found)
    sys.exit(1 if failed else 0)
