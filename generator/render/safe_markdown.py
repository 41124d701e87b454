"""A Python-Markdown extension that passes what a page becomes through the sanitizer: for an engine
that runs no MkDocs plugin (Zensical; tools/zensical.py adds it to the staged mkdocs.yml).

In the MkDocs build the handbook plugin sanitizes every page body once Markdown has made it. An
engine without the plugin gets the same protection here, at the end of Markdown's own conversion:
the page's HTML passes the allowlist sanitizer (generator/render/sanitize.py), and so does each
table-of-contents entry (its HTML is shown in the page's sidebar, its text in the title and the
search index), so whatever the engine derives from a page (its body, its title, its table of
contents, its search entries) is derived from sanitized HTML. Generated pages and hand-written
docs/ pages alike: the check refused their unsafe Markdown first; this is what holds if it did not.
"""

from __future__ import annotations

import html
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import strip_tags
from markdown.postprocessors import Postprocessor

from generator.render.sanitize import sanitize

# After every other postprocessor (raw HTML and code blocks are put back at 30): the last step.
PRIORITY = -1000


def _text(fragment: str) -> str:
    """A table-of-contents entry's text as Markdown gives it (entities for '&', '<' and '>')."""
    return html.escape(html.unescape(strip_tags(fragment)), quote=False)


def _clean_toc(tokens: list[dict[str, Any]]) -> None:
    for token in tokens:
        token["html"] = sanitize(str(token.get("html", "")))
        label = token.get("data-toc-label") or ""
        if label:
            token["data-toc-label"] = sanitize(str(label))
        token["name"] = _text(token["data-toc-label"] if label else token["html"])
        _clean_toc(token.get("children", []))


class _Sanitize(Postprocessor):
    def run(self, text: str) -> str:
        _clean_toc(getattr(self.md, "toc_tokens", []))
        return sanitize(text)


class SanitizeExtension(Extension):
    """The page's HTML and its table of contents, sanitized as the last step of the conversion."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.postprocessors.register(_Sanitize(md), "hb_sanitize", PRIORITY)


def makeExtension(**kwargs: Any) -> SanitizeExtension:  # noqa: N802 - Markdown's API name
    """What Python-Markdown calls for ``markdown_extensions: [generator.render.safe_markdown]``."""
    return SanitizeExtension(**kwargs)
