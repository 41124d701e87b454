"""Attribute lists as the site's Markdown reads them: Python-Markdown's attr_list, except that an
attribute list never gives an element one of the site's own names.

An attribute list is the only way Markdown text in a page (a module body, a summary, a table cell,
a hand-written docs/ page) sets an id or a class: raw HTML from content is escaped, and the
sanitizer drops it from docs/ pages. So this is where content's ids and classes are held to its
own: ``{#hbQuizReady}`` (which would switch the quiz off), ``{.hb-quiz}`` (which would kill it) or
``{#turn-2}`` (which would take a dialogue's deep link) is dropped, whoever wrote it. The check
refuses each with its position first (generator/check/markup.py); this holds if it did not.

The generator's page templates set some of the reserved names with an attribute list, each on one
kind of heading (``TEMPLATE_NAMES``): those are kept there, and only there. mkdocs.yml lists this
module among its Markdown extensions instead of attr_list (and so does the Zensical build's copy).
What is left to content there (a heading of its own with one of those names, such as an h3
``{#rule-x}`` in a module body) the check refuses; it cannot touch the quiz, the progress or the
dialogues' turns.
"""

from __future__ import annotations

import re
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.toc import slugify as toc_slugify

from generator.model.syntax import RESERVED_NAME

# The ids and classes the page templates set with an attribute list, by the heading that carries
# them: the page title (generator/render/context.py), the self-check's heading (module.md.j2), the
# codebook's sections, rules and slips (codebook.md.j2), the schema reference's figure sections
# (generator/render/contributing.py) and the role-play cards (trainers_dialogue.md.j2).
TEMPLATE_NAMES: dict[str, re.Pattern[str]] = {
    "h1": re.compile(r"page-title"),
    "h2": re.compile(r"check-your-understanding|alliance-parts|decision-rules|practise-with-these-dialogues"),
    "h3": re.compile(r"(?:rule|slip|figure)-[a-z0-9-]+|card-(?:hcp|person|observer|other-[0-9]+)|hb-rp-card"),
}


def own(tag: str, name: str) -> bool:
    """Whether an attribute list may give a ``tag`` element the id or class ``name``."""
    allowed = TEMPLATE_NAMES.get(tag)
    return not RESERVED_NAME.fullmatch(name) or (allowed is not None and allowed.fullmatch(name) is not None)


def slugify(value: str, separator: str, unicode: bool = False) -> str:
    """Python-Markdown's heading anchor (toc's slugify), never one of the site's own names: a
    heading "Turn 2" in a dialogue's summary would otherwise take the id turn-2 before the turn
    does, and with it the turn's deep link. Such a slug gets "section-" in front. (mkdocs.yml's
    toc configuration names this function.)"""
    slug = toc_slugify(value, separator, unicode)
    return f"section{separator}{slug}" if RESERVED_NAME.fullmatch(slug) else slug


class OwnNamesTreeprocessor(AttrListTreeprocessor):
    """attr_list, with the ids and classes an attribute list sets held to ``own``."""

    def assign_attrs(self, elem: Any, attrs_string: str, *, strict: bool = False) -> str:
        tag = str(elem.tag)
        before_id = elem.get("id")
        before_classes = (elem.get("class") or "").split()
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        after_id = elem.get("id")
        if after_id is not None and after_id != before_id and not own(tag, after_id):
            if before_id is None:
                del elem.attrib["id"]
            else:
                elem.set("id", before_id)
        classes = (elem.get("class") or "").split()
        kept = [c for c in classes if c in before_classes or own(tag, c)]
        if kept != classes:
            if kept:
                elem.set("class", " ".join(kept))
            else:
                del elem.attrib["class"]
        return remainder


class OwnNamesExtension(Extension):
    """Registered as ``attr_list`` (other extensions look for it by that name)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(OwnNamesTreeprocessor(md), "attr_list", 8)


def makeExtension(**kwargs: Any) -> OwnNamesExtension:  # noqa: N802 - Markdown's API name
    """What Python-Markdown calls for ``markdown_extensions: [generator.model.attrs]``."""
    return OwnNamesExtension(**kwargs)
