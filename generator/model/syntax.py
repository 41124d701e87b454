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
STATISTIC = re.compile(
    r"\b\d+(?:\.\d+)?\s?%|\br\s*=\s*[-−]?0?\.\d+|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d{2,}\s+(?:people|patients|participants|adults|physicians|doctors|samples|clients|countries|studies)\b",
    re.IGNORECASE,
)
# Bounds that keep Markdown's parser fast and its recursion shallow (it is quadratic in the '['
# of one paragraph, and recurses once per level of nested lists and quotes).
MAX_BRACKETS = 200
# Each inline match makes Python-Markdown copy the rest of its paragraph: a paragraph of 20,000
# entities or '<' took seconds, growing with the square of its length. Content has at most 50.
MAX_INLINE = 300
# Python-Markdown's block parser takes blocks off the front of a list: its time grows with the
# square of the number of blank-line-separated blocks (100 KB of blank lines took seconds, 1 MB
# minutes). Content has at most 30 blank lines in one text.
MAX_BLANK_LINES = 5000
BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)
INLINE_MARKS = re.compile(r"[&<\\`]")
MAX_NESTING = 12
NESTING = re.compile(r"^[ \t]*(?:(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$))[ \t]*)+", re.MULTILINE)
# Directive name -> whether it takes an id: [[figure: id]], [[dialogue: id]], [[guidance]].
DIRECTIVES = {"figure": True, "dialogue": True, "guidance": False}


_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])(?!https?://|mailto:)")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


def escape_raw_html(markdown_text: str) -> str:
    """Escape tag-like '<' outside code, so Markdown handed to MkDocs carries no raw HTML (the
    check converts what this leaves with the build's Markdown, and refuses any raw HTML left)."""
    pieces = _CODE.split(markdown_text)
    return "".join(p if i % 2 else _TAG_LIKE.sub("&lt;", p) for i, p in enumerate(pieces))


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


# Ids and classes the site's own pages, widgets and scripts use: content may not give an element
# one (an attribute list's {#hbQuizReady} would switch the quiz off, {.hb-quiz} kill it, {#turn-2}
# take a dialogue's deep links). The handbook's namespaces (hb-, hbName, the hb global), Material's
# (md-, __), the generated anchors (turn-N, q-, ref-, figure-, rule-, slip-, situation-, and a
# branching dialogue's node- and ending-) and the
# fixed anchors of generated pages.
RESERVED_NAME = re.compile(
    r"hb(?:[-_A-Z].*)?|md[-_].*|__.*|(?:turn|q|ref|figure|rule|slip|situation|card|node|ending)-.*"
    r"|page-title|check-your-understanding|practise-with-these-dialogues|alliance-parts|decision-rules|your-data|competencies|by-situation"
)

# Characters no text field may hold: control characters other than tab and line feed (a carriage
# return in a title splits a GIFT question; C1 controls and DEL are invisible), lone surrogates,
# noncharacters (U+FDD0-FDEF and U+xFFFE/xFFFF: Moodle XML, QTI and imsmanifest.xml become
# ill-formed) and the bidi embeddings, overrides and isolates (text shown in another order than
# it is stored). Module bodies may hold carriage returns (Windows line ends).
BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\u202a-\u202e\u2066-\u2069"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
BAD_CHARACTER_IN_BODY = re.compile(BAD_CHARACTER.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))


def bad_character(char: str) -> str:
    """What a refused character is, for a message: its code point and why it is refused."""
    code = ord(char)
    name = f"U+{code:04X}"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"the bidi control {name}, which shows text in another order than it is written"
    if 0xD800 <= code <= 0xDFFF:
        return f"the lone surrogate {name}"
    if code >= 0xFDD0 and (code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        return f"the noncharacter {name}, which makes the question banks and packages ill-formed XML"
    return f"the control character {name}"
