"""The handbook's Markdown dialect as patterns: citations, directives, links and statistics, and
the URL schemes content may never use. Checks and rendering read the same patterns."""

from __future__ import annotations

import html
import re

# The URL schemes a link or image may use, besides relative links: the same list the sanitizer
# keeps (generator/render/sanitize.py), so the check reports what the sanitizer would remove.
LINK_SCHEMES = ("https", "http", "mailto")
CITATION = re.compile(r"\[@([^\[\]]*)\]")
DIRECTIVE = re.compile(r"^\[\[\s*([a-z]+)\s*(?::\s*([^\]\s]*)\s*)?\]\]\s*$", re.MULTILINE)
# Inline link or image target; reference definition (also inside list items and quotes); autolink.
LINK_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]{0,500})"
    r"|^[ \t]*(?:(?:[-+*>]|\d{1,9}[.)])[ \t]+)*\[[^\[\]\n]{1,999}\]:[ \t]*<?(\S+)"
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>",
    re.MULTILINE,
)
# An attribute list as attr_list reads one: '{: ... }' or '{ ... }' on one line.
ATTR_LIST = re.compile(r"\{:?[ ]*([^{}\n ][^{}\n]{0,999})\}")
STATISTIC = re.compile(
    r"\b\d+(?:\.\d+)?\s?%|\br\s*=\s*[-−]?0?\.\d+|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d{2,}\s+(?:people|patients|participants|adults|physicians|doctors|samples|clients|countries|studies)\b",
    re.IGNORECASE,
)
# Bounds that keep Markdown's parser fast and its recursion shallow (it is quadratic in the '['
# of one paragraph, and recurses once per level of nested lists and quotes).
MAX_BRACKETS = 200
MAX_NESTING = 12
NESTING = re.compile(r"^[ \t]*(?:(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+", re.MULTILINE)
# Directive name -> whether it takes an id: [[figure: id]], [[dialogue: id]], [[guidance]].
DIRECTIVES = {"figure": True, "dialogue": True, "guidance": False}


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see in a Markdown link target, lower case; None for a relative link.

    Read as the browser does after Markdown: backslash escapes and character references decoded
    (``javascript&#58;``), leading control characters and spaces dropped, tabs and newlines removed.
    """
    url = html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", target))
    url = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None
