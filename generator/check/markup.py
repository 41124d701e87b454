"""The check runs the build's own Markdown: what a field becomes on a page is judged, not guessed.

Each Markdown field (and each hand-written docs/ page) is converted with the Markdown extensions
the site is built with (mkdocs.yml; tests/test_markup.py keeps the two lists equal), after the
same escaping the generator gives text it puts into a page (``escape_raw_html``). Python-Markdown
itself then says what content made of it: the raw HTML it passed through, every attribute an
attribute list set, every link and image address. Anything the site would remove (the sanitizer,
generator/render/sanitize.py, drops raw HTML's tags and attributes, other schemes) or that takes
the site's own names is refused here, at its position, so an author is told instead of being
silently edited, and a build without the sanitizer (Zensical) gets no script either. Without raw
HTML, and with attribute lists held to ids and classes, Python-Markdown makes nothing else.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]  # Markdown's copy of html.parser, which MkDocs reads raw HTML with
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from generator.model.attrs import OwnNamesTreeprocessor, slugify
from generator.model.syntax import LINK_SCHEMES, MAX_NESTING, RESERVED_NAME, escape_raw_html, link_scheme

# mkdocs.yml's markdown_extensions (attr_list is the site's own: generator/model/attrs.py), with
# attr_list replaced by the recording one below.
ATTR_LIST = "generator.model.attrs"
EXTENSIONS: list[str] = ["abbr", "admonition", ATTR_LIST, "def_list", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": True, "permalink_title": "Link to this section", "slugify": slugify}}
# Attributes an attribute list may set in content: an id, or classes.
ATTRIBUTE_KEYS = frozenset({"id", "class", "."})
# Nothing that could be Markdown syntax for a link, an attribute list, raw HTML or an entity, and no
# line that could open a list, quote, definition, admonition or indented block: such a text converts
# to one paragraph of itself, and is not converted (most dialogue turns).
_MAY_MARK_UP = re.compile(r"[{<&\[\\`]|^[ \t]*[-+*>:!?0-9\t]|^    ", re.MULTILINE)
# Blocks that hold blocks: lists, quotes, definitions, admonitions and details. Python-Markdown
# recurses once per level (and its serializer again), so content nests them at most MAX_NESTING deep.
_CONTAINERS = frozenset({"ul", "ol", "blockquote", "dl", "div", "details"})


@dataclass
class Seen:
    """What one conversion let through: raw HTML, attribute lists, addresses."""

    raw: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, str]] = field(default_factory=list)  # key, value, the list as written
    urls: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    ids: set[str] | None = None  # when asked for: every anchor the page has (see anchor_ids)
    links: list[str] | None = None  # when asked for: every link and image address, in order (see link_targets)
    depth: int = 0  # the deepest nesting of blocks in blocks (_CONTAINERS); past Python's stack: -1


@dataclass(frozen=True)
class Problem:
    """Something the page would get from a text that content may not give it."""

    message: str
    needle: str  # the text to look for in the source, to give a position
    kind: str  # raw, attrs or url: each kind is found in the order it is written
    line: int = -1  # or the line (from 0) it is on, when there is no text to look for


class _AttrList(OwnNamesTreeprocessor):
    def assign_attrs(self, elem: Any, attrs_string: str, *, strict: bool = False) -> str:
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if not (strict and remainder):
            self.md.seen.attrs += [(k, v or "", attrs_string) for k, v in attrs]  # type: ignore[attr-defined]
        return super().assign_attrs(elem, attrs_string, strict=strict)


class _RawInline(HtmlInlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> Any:  # type: ignore[override]  # noqa: N802 - Markdown's API name
        self.md.seen.raw.append(m.group(0))  # type: ignore[attr-defined]
        return super().handleMatch(m, data)


class _RawBlocks(Preprocessor):
    """The html_block preprocessor, noting each raw HTML block it stashes."""

    def __init__(self, md: markdown.Markdown, inner: Preprocessor) -> None:
        super().__init__(md)
        self.inner = inner

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash.rawHtmlBlocks
        before = len(stash)
        out = self.inner.run(lines)
        self.md.seen.raw += [str(block) for block in stash[before:]]  # type: ignore[attr-defined]
        return out


class _RawIds(Preprocessor):
    """The ids in the page's raw HTML, read as MkDocs reads them (its _RawHTMLPreprocessor: the whole
    text, before the html_block preprocessor takes the HTML out)."""

    def run(self, lines: list[str]) -> list[str]:
        ids = self.md.seen.ids  # type: ignore[attr-defined]
        if ids is not None:
            parser = _IdParser(ids)
            parser.feed("\n".join(lines))
            parser.close()
        return lines


class _IdParser(htmlparser.HTMLParser):
    def __init__(self, ids: set[str]) -> None:
        super().__init__()
        self.ids = ids

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if v and (k == "id" or (k == "name" and tag == "a")))


class _TreeIds(Treeprocessor):
    """The ids of the page's elements once the toc extension has given its headings theirs (MkDocs'
    _ExtractAnchorsTreeprocessor: every id, and the name of an <a>)."""

    def run(self, root: Any) -> None:
        ids = self.md.seen.ids  # type: ignore[attr-defined]
        if ids is not None:
            for element in root.iter():
                if anchor := element.get("id"):
                    ids.add(anchor)
                if element.tag == "a" and (anchor := element.get("name")):
                    ids.add(anchor)


class _Links(Treeprocessor):
    """The addresses MkDocs judges (its _RelativePathTreeprocessor: an <a>'s href, an <img>'s src),
    in the order they are written, before the toc extension adds its permalinks."""

    def run(self, root: Any) -> None:
        links = self.md.seen.links  # type: ignore[attr-defined]
        if links is not None:
            for element in root.iter():
                address = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
                if address is not None:
                    links.append(address)


class _Depth(Treeprocessor):
    """How deeply blocks nest in blocks, counted without recursion."""

    def run(self, root: Any) -> None:
        deepest, stack = 0, [(root, 0)]
        while stack:
            element, depth = stack.pop()
            depth += element.tag in _CONTAINERS
            deepest = max(deepest, depth)
            stack += [(child, depth) for child in element]
        self.md.seen.depth = deepest  # type: ignore[attr-defined]


class _Recording(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_AttrList(md), "attr_list", 8)
        md.inlinePatterns.register(_RawInline(HTML_RE, md), "html", 90)
        md.preprocessors.register(_RawBlocks(md, md.preprocessors["html_block"]), "html_block", 20)
        md.preprocessors.register(_RawIds(md), "hb_raw_ids", 21)
        md.treeprocessors.register(_Links(md), "hb_links", 6)  # before the toc extension (5)
        md.treeprocessors.register(_TreeIds(md), "hb_ids", 4)  # after it
        md.treeprocessors.register(_Depth(md), "hb_depth", 3)


# Markdown writes every address it makes in double quotes; the value as written in the HTML is
# what the source holds (entities and all), and the browser reads it decoded.
_URL_ATTRIBUTE = re.compile(r'\s(?:href|src)="([^"]*)"')
_IMAGE = re.compile(r'<img\s[^>]*?\bsrc="([^"]*)"')
_ELSEWHERE = re.compile(r"[\s\x00-\x1f]*(?:https?:|[/\\]{2})", re.IGNORECASE)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    extensions: list[str | Extension] = [e for e in EXTENSIONS if e != ATTR_LIST]
    md = markdown.Markdown(extensions=[*extensions, _Recording()], extension_configs=EXTENSION_CONFIGS, output_format="html")
    return md


def convert(text: str, *, ids: bool = False, links: bool = False) -> tuple[str, Seen]:
    """``text`` as the build's Markdown makes it, and what that let through (``ids``: and every
    anchor it has; ``links``: and every address it links to)."""
    md = _converter()
    md.reset()
    seen = Seen(ids=set() if ids else None, links=[] if links else None)
    md.seen = seen  # type: ignore[attr-defined]
    try:
        html = md.convert(text)
    except RecursionError:  # blocks nested past Python's stack: refused (problems), never built
        _converter.cache_clear()  # the parser's state is left mid-way: the next text gets a new one
        seen.depth = -1
        return "", seen
    seen.urls = _URL_ATTRIBUTE.findall(html)
    seen.images = _IMAGE.findall(html)
    return html, seen


def anchor_ids(page_markdown: str) -> set[str] | None:
    """The anchors MkDocs finds on a page made of ``page_markdown`` (without its front matter), the
    ids its links may point at: every id the build's Markdown gives an element, headings' ids from
    the toc extension included (so a repeated heading's is 'name_1'), and the ids in raw HTML.
    None for a page nested too deeply to convert (its text is refused for that)."""
    _, seen = convert(page_markdown, ids=True)
    return seen.ids if seen.depth >= 0 else None


@lru_cache(maxsize=256)
def link_targets(text: str, *, page: bool = False) -> tuple[str, ...]:
    """Every link and image address ``text`` makes, as the build's Markdown makes them, in order:
    reference definitions on the next line or in quotes included, nothing in code. ``page``: a
    hand-written docs/ page, given to MkDocs as it is; otherwise a field, escaped as the generator
    escapes it."""
    if "[" not in text and "<" not in text:
        return ()  # no link without one of these
    _, seen = convert(text if page else escape_raw_html(text), links=True)
    return tuple(seen.links or ())


@lru_cache(maxsize=1 << 14)
def problems(text: str, *, page: bool = False) -> tuple[Problem, ...]:
    """What ``text`` would put into a page that content may not: raw HTML, attributes other than an
    id or classes, the site's own names, links the site removes, and anything else the sanitizer
    would change. ``page``: a hand-written docs/ page, given to MkDocs as it is; otherwise a field,
    escaped as the generator escapes it."""
    if not _MAY_MARK_UP.search(text):
        return ()
    source = text if page else escape_raw_html(text)
    _, seen = convert(source)
    found: list[Problem] = []
    if not 0 <= seen.depth <= MAX_NESTING:
        line = _deepest_line(source)
        message = f"expected lists, quotes, definitions and notes nested at most {MAX_NESTING} deep, found deeper nesting on this line; make the structure flatter"
        return (Problem(message, "", "depth", line),)
    for raw in seen.raw:
        shown = re.sub(r"\s+", " ", raw)[:60]
        found.append(Problem(f"expected text, found the raw HTML '{shown}', which the site removes; write \\< to show a '<'", raw.split("\n")[0], "raw"))
    for key, value, written in seen.attrs:
        if key not in ATTRIBUTE_KEYS:
            message = f"expected only an id or classes in an attribute list ({{#some-id .some-class}}), found '{{{written[:60]}}}', which sets '{key[:30]}'; to show braces as text write \\{{ and \\}}"
            found.append(Problem(message, written, "attrs"))
            continue
        for name in value.split() if key != "id" else [value]:
            if RESERVED_NAME.fullmatch(name):
                what = "an id" if key == "id" else "a class"
                message = f"expected {what} of your own, found '{name[:40]}', which the site's pages or scripts use; choose another name"
                found.append(Problem(message, written, "attrs"))
    for url in seen.urls:
        scheme = link_scheme(html.unescape(url))
        if scheme is not None and scheme not in LINK_SCHEMES:
            found.append(Problem(f"expected an https, http, mailto or relative link, found '{url[:60]}' (a {scheme}: link, which the site removes)", url, "url"))
    for src in seen.images:
        if _ELSEWHERE.match(html.unescape(src)):
            message = f"expected an image from the handbook itself, found '{src[:60]}', which every reader's browser would fetch from another host (the site removes it); add the file to the project"
            found.append(Problem(message, src, "image"))
    return tuple(found)


def _too_deep(text: str) -> bool:
    depth = convert(text)[1].depth
    return not 0 <= depth <= MAX_NESTING


def _deepest_line(text: str) -> int:
    """The first line (from 0) at which ``text`` nests too deeply: the prefixes are bisected, so a
    text of n lines is converted about log2(n) times."""
    lines = text.split("\n")
    good, bad = 0, len(lines)  # the first `good` lines convert; all `bad` lines do not
    while bad - good > 1:
        middle = (good + bad) // 2
        if _too_deep("\n".join(lines[:middle])):
            bad = middle
        else:
            good = middle
    return bad - 1


def offsets(text: str, found: tuple[Problem, ...]) -> Iterator[tuple[int, Problem]]:
    """Each problem with the offset in ``text`` where its needle appears: the first place after the
    previous problem of its kind (Markdown reports each kind in the order it is written), else the
    first anywhere, else 0."""
    after: dict[str, int] = {}
    for problem in found:
        if problem.line >= 0:
            yield sum(len(line) + 1 for line in text.split("\n")[: problem.line]), problem
            continue
        start = after.get(problem.kind, 0)
        # The needle is as Markdown wrote it: after escape_raw_html ('<' as '&lt;'), and with '>' encoded.
        needle = problem.needle if problem.needle in text else html.unescape(problem.needle)
        at = text.find(needle, start)
        if at < 0:
            at = max(text.find(needle), 0)
        after[problem.kind] = at + 1
        yield at, problem
