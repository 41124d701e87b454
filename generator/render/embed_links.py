"""Links inside an embed page (embed/…: one dialogue or self-check in another site's iframe) open
the full handbook in a new tab, and say so, instead of loading the whole site inside the host's
frame (where its storage may be blocked and its navigation is lost).

The MkDocs plugin applies this to the finished page (on_post_page), after the sanitizer, which
allows no `target` in content; only the page's article is touched.
"""

from __future__ import annotations

import re

_ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.S)
_A_ELEMENT = re.compile(r"(<a\b[^>]*>)(.*?)</a>", re.S)  # links never nest
_HREF = re.compile(r'\shref="([^"]*)"')
NEW_TAB = '<span class="hb-newtab" aria-hidden="true">\u2197</span><span class="hb-sr"> (opens in a new tab)</span>'


def _link(m: re.Match[str]) -> str:
    tag, text = m.group(1), m.group(2)
    href = _HREF.search(tag)
    if href is None or href.group(1).startswith("#") or re.search(r"\starget=", tag):
        return m.group(0)  # a place on this page, or a link that already says where it opens
    tag = re.sub(r'\srel="[^"]*"', "", tag)
    return f'{tag[:-1]} target="_blank" rel="noopener">{text}{NEW_TAB}</a>'


def open_in_new_tab(html: str) -> str:
    """``html`` (a whole page) with every link in its article that leads off the page opening in a
    new tab, marked with an arrow and "(opens in a new tab)" for screen readers."""
    return _ARTICLE.sub(lambda m: m.group(1) + _A_ELEMENT.sub(_link, m.group(2)) + m.group(3), html, count=1)
