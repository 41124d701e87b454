"""The one allowlist sanitizer: every HTML fragment from content, and every page body, passes it.

Content never becomes code because what reaches a page is cut down to exactly the tags and
attributes the handbook's widgets, Material's Markdown output and the Markdown extensions in
mkdocs.yml produce, with links limited to https, http, mailto and relative URLs. Everything else
(event handlers, script, style, iframes, javascript: and data: URLs however they are spelt) is
dropped by ammonia, a maintained HTML5 sanitizer (through its Python binding nh3), which parses
the HTML as a browser does, so entity-encoded and control-character schemes are seen as such.

The allowlist was found by building the site and diffing the pages with and without it
(tests/test_sanitize.py keeps it so: no built page changes when it is sanitized again). The check
reports content that would lose something here (generator/check/markup.py), so an author is told
instead of being silently edited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import nh3

from generator.model.syntax import RESERVED_NAME

# Exactly what the pages use (found by building the site and collecting the page bodies' tags and
# attributes) plus what the Markdown extensions in mkdocs.yml can emit for content: headings,
# images, code, tables (text-align), ordered lists (start), details (open).
TAGS = frozenset(
    {
        "a", "abbr", "aside", "blockquote", "br", "button", "caption", "code", "dd", "details", "div", "dl", "dt", "em",
        "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input",
        "label", "legend", "li", "nav", "ol", "option", "p", "pre", "section", "select", "span", "strong", "summary", "table",
        "tbody", "td", "textarea", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

# The data-* attributes the widgets carry, one line each, with the widget that reads it. Nothing
# else named data-* reaches a page: Material acts on some without script (data-md-component=
# "source" fetches a host, data-clipboard-text fills the copy button). A widget that needs a new
# one adds its line here; tests/test_sanitize.py fails while the generator emits one not listed.
DATA_ATTRIBUTES: dict[str, str] = {
    "data-search-exclude": "every widget: Material's search leaves the element out of its index",
    "data-js": "dialogue, gallery: controls hidden until the script shows them",
    "data-hb-root": "quiz, dialogue, progress: the site root the saved answers are keyed by",
    "data-quiz": "quiz, dialogue (practise mode): the quiz id of a question",
    "data-question": "quiz, dialogue (practise mode): the question id",
    "data-hash": "quiz, dialogue (practise mode): the question's saved-answer hash",
    "data-type": "quiz: the question type",
    "data-i": "quiz: an option's index",
    "data-correct": "quiz: the right options",
    "data-key": "quiz: the answer key of a coding question",
    "data-defensible": "quiz, dialogue: the defensible readings of a coded turn",
    "data-pos": "quiz (order): an item's right position",
    "data-move": "quiz (order): the Move up / Move down buttons",
    "data-turn": "dialogue: a turn's number",
    "data-speaker": "dialogue: who speaks the turn",
    "data-alliance": "dialogue: the alliance parts of a turn (lens, practise mode)",
    "data-alsi": "dialogue: the ALSI steps of a turn (lens, practise mode)",
    "data-effect": "dialogue: builds or strains",
    "data-fb": "dialogue (practise mode): the feedback slot of a turn",
    "data-lens": "dialogue: the lens buttons",
    "data-mode": "dialogue: the read / practise buttons",
    "data-slip": "dialogue: the slips a strained turn shows",
    "data-status": "dialogue, gallery: the live status line",
    "data-dialogue": "gallery, dialogue: a dialogue's id",
    "data-f": "gallery: a card's filter values",
    "data-module": "progress: a module's row",
    "data-skill": "progress: a competency's row",
    "data-index": "progress: the quizzes and their questions, as JSON",
    "data-quiz-id": "module: the self-check link's quiz",
    "data-part": "figure: the alliance part of a box",
    "data-at": "branching dialogue: the step a choice point is at",
    "data-next": "branching dialogue: the step that follows a step or an option",
    "data-say": "branching dialogue: the step that shows an option's words",
    "data-score": "branching dialogue: an ending's score",
    "data-scoring": "branching dialogue: how a path is scored (its ending, or its choices)",
    "data-back": "branching dialogue: the player's Step back button",
    "data-all": "branching dialogue: the player's Show every path button",
    "data-play-status": "branching dialogue: the player's live status line",
    "data-items": "review: the questions the site asks, with their hashes, as JSON",
    "data-due": "review: the list of questions due now",
    "data-later": "review: the list of questions due later",
    "data-nojs": "review, record: the text shown until the script runs",
    "data-handbook": "record: the slot for the handbook's address",
    "data-modules": "record: the modules and their self-checks, as JSON",
    "data-dialogues": "record: the dialogues that can be practised, as JSON",
    "data-empty": "record: the text shown while nothing is recorded",
    "data-made": "record: the slot for the date the record was made",
    "data-print": "record: the Print button",
    "data-export": "record: the Save as a file button",
    "data-import": "record: the Import a saved record button",
}
# Attributes on every allowed tag, then per tag. No event handler, no style beyond text-align
# (Markdown tables), no form action, no target: nothing that runs or navigates by itself.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "hidden", "role", "tabindex", *DATA_ATTRIBUTES},
    "a": {"href"},
    "button": {"type"},
    "details": {"open"},
    "img": {"src", "alt"},
    "input": {"type", "name", "value", "accept"},
    "label": {"for"},
    "li": {"value"},
    "ol": {"start"},
    "option": {"value"},
    "select": {"name"},
    "td": {"style"},
    "textarea": {"rows"},
    "th": {"scope", "style"},
}
# aria-* carries the widgets' accessible names and states.
ATTRIBUTE_PREFIXES = frozenset({"aria-"})
URL_SCHEMES = frozenset({"https", "http", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})
# Removed with everything inside, not just unwrapped: their text is code, not prose.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

# Images come from the site itself: one from another host would be fetched on every page view
# (a tracking pixel, a request the reader never chose), so its address is removed.
_ELSEWHERE = re.compile(r"[\s\x00-\x1f]*(?:[A-Za-z][A-Za-z0-9+.-]*:|[/\\]{2})")


def _local_images(tag: str, attribute: str, value: str) -> str | None:
    return None if tag == "img" and attribute == "src" and _ELSEWHERE.match(value) else value


def _own_names(tag: str, attribute: str, value: str) -> str | None:
    """A content fragment's attribute without the site's own names (RESERVED_NAME: the ids and
    classes of the site's pages, widgets and scripts), and without an image from another host."""
    if attribute == "id":
        return None if RESERVED_NAME.fullmatch(value) else value
    if attribute == "class":
        kept = " ".join(c for c in value.split() if not RESERVED_NAME.fullmatch(c))
        return kept or None
    return _local_images(tag, attribute, value)


def _make_cleaner(attribute_filter: Callable[[str, str, str], str | None] | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        attribute_filter=attribute_filter,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ATTRIBUTES,
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


_cleaner = _make_cleaner(_local_images)
_content_cleaner = _make_cleaner(_own_names)
# Without images the image filter changes nothing, and calling it (Python, for every attribute of
# every element) is most of the sanitizer's time on a page body. An HTML parser makes an <img> only
# from a start tag spelt "<img" or "<image" in any case; a body without "<im" has none.
_without_images = _make_cleaner(None)
_MAY_HAVE_IMAGES = re.compile(r"<im", re.IGNORECASE)


def sanitize(html: str, *, content: bool = False) -> str:
    """``html`` with everything outside the allowlist removed; safe to put into any page.

    ``content``: a fragment rendered from content alone (a field's Markdown), never the generator's
    own markup, which also loses every id and class in the site's own namespaces (RESERVED_NAME in
    generator/model/syntax.py, the list the check refuses them by). A whole page body keeps them:
    its templates use them, and content's attribute lists cannot set them there
    (generator/model/attrs.py). (nh3 lets other threads run meanwhile, unless a filter runs:
    generator/mkdocs/background.py.)"""
    if content:
        return str(_content_cleaner.clean(html))
    cleaner = _cleaner if _MAY_HAVE_IMAGES.search(html) else _without_images
    return str(cleaner.clean(html))


# The theme writes some front matter values into a page as they are (the title into the header, the
# description into an attribute): in a hand-written page's front matter these characters, which could
# start a tag or an entity or end an attribute, become look-alikes that cannot. (Generated pages'
# front matter is the generator's: their titles are plain text by the models, descriptions escaped.)
_META_LOOKALIKES = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "&": "\uff06"})


def sanitize_meta(value: Any) -> Any:
    """A hand-written page's front matter (or any value in it) with no '<', '>', '"' or '&' in its
    strings; the check refuses raw HTML there first (generator/check/markup.py)."""
    if isinstance(value, str):
        return value.translate(_META_LOOKALIKES)
    if isinstance(value, dict):
        return {k: sanitize_meta(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize_meta(v) for v in value]
    return value
