"""Markdown for text fields: emphasis, links, lists; raw HTML escaped; unsafe links dropped.

One function renders every text field, so there is one place where content meets HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.model.syntax import UNSAFE_SCHEME


class _SafeLinks(Treeprocessor):
    """Drop any href or src whose scheme could run code; the check reports them first."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and UNSAFE_SCHEME.match(value.replace("\x00", "")):
                    del element.attrib[attr]


class _NoRawHtml(Extension):
    """Treat raw HTML as text: it is escaped on output instead of passed through."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "hb_safe_links", 0)


_md = markdown.Markdown(extensions=[_NoRawHtml(), "sane_lists"], output_format="html")


# Text with none of Markdown's syntax renders as one escaped paragraph; most dialogue turns are
# such text, and skipping the parser for them halves the time the generator spends rendering.
# tests/test_mdrender.py checks the shortcut gives the parser's exact output on all content.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#|=~:\n]|^\s|\s$|^(?:[-+>]|\d+[.)])\s")


@lru_cache(maxsize=1 << 15)
def render(text: str) -> Markup:
    """Render a Markdown text field to safe HTML (a pure function of the text, so cached: a dialogue's
    turns appear on its page, its embed page, its facilitator notes and the quizzes that quote it)."""
    if text and not _MARKDOWN_SYNTAX.search(text):
        return Markup(f"<p>{html.escape(text, quote=False)}</p>")
    _md.reset()
    return Markup(_md.convert(text))


def render_inline(text: str) -> Markup:
    """Render a one-paragraph field without the wrapping <p>."""
    html = str(render(text))
    match = re.fullmatch(r"<p>(.*)</p>", html, re.DOTALL)
    return Markup(match.group(1) if match and "<p>" not in match.group(1) else html)


def plain(text: str) -> str:
    """Markdown to plain text (for meta descriptions and aria labels)."""
    html = str(render(text))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').strip()


CiteLabel = Callable[[str], tuple[str, str]]


CITATION = re.compile(r"\[@([^\]]*)\]")


def link_citations(text: str, cite: CiteLabel) -> str:
    """Replace [@a; @b] with Markdown links '(Author, year; Author, year)'; cite(key) -> (label, href)."""

    def one(match: re.Match[str]) -> str:
        parts = []
        for key in (k.strip().lstrip("@") for k in match.group(1).split(";")):
            label, href = cite(key)
            parts.append(f"[{label}]({href})")
        return "(" + "; ".join(parts) + ")"

    return CITATION.sub(one, text)


def label_citations(text: str, label: Callable[[str], str]) -> str:
    """Replace [@a; @b] with plain '(Author, year; Author, year)', for files read outside the site."""
    return CITATION.sub(lambda m: "(" + "; ".join(label(k.strip().lstrip("@")) for k in m.group(1).split(";")) + ")", text)


_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])(?!https?://|mailto:)")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


def escape_raw_html(markdown_text: str) -> str:
    """Escape tag-like '<' outside code, so Markdown handed to MkDocs carries no raw HTML."""
    pieces = _CODE.split(markdown_text)
    return "".join(p if i % 2 else _TAG_LIKE.sub("&lt;", p) for i, p in enumerate(pieces))


def one_line(text: str) -> Markup:
    """A Markdown field kept on one line (list items, table cells, quotes), raw HTML escaped."""
    return Markup(re.sub(r"\s*\n\s*", " ", escape_raw_html(text)).strip())
