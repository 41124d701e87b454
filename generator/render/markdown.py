"""Markdown for text fields: emphasis, links, lists; raw HTML escaped; the result sanitized.

One function renders every text field, so there is one place where content meets HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markupsafe import Markup

from generator.model.syntax import CITATION, escape_raw_html
from generator.render.sanitize import sanitize


class _NoRawHtml(Extension):
    """Treat raw HTML as text: it is escaped on output instead of passed through."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


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
    return Markup(sanitize(_md.convert(text), content=True))


# Every character Markdown (with attr_list and abbr) could read as syntax in the middle of a line.
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()#+!|~<>&\"']")


def text(value: object) -> Markup:
    """A one-line field (a title, a name, a setting) for a Markdown page: shown exactly as typed.

    Each character Markdown could read as syntax becomes a character reference, which Markdown
    passes through and the browser shows as the character: the value can never become a link,
    emphasis or an attribute, however it is written.
    """
    line = re.sub(r"\s+", " ", str(value)).strip()
    return Markup(_MARKDOWN_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", line))


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


def one_line(text: str) -> Markup:
    """A Markdown field kept on one line (list items, table cells, quotes), raw HTML escaped."""
    return Markup(re.sub(r"\s*\n\s*", " ", escape_raw_html(text)).strip())
