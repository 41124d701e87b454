"""Internal links in module bodies and hand-written docs/ pages: the page, the anchor or the file must be one the build writes.

MkDocs would find a missing page, anchor or file only while it writes the site, with its own message
and no position; here it is a finding at the link's file:line:column. What the build writes is not
modelled here but asked of the build (``Targets``, made by generator/api.py): its pages from the page
registry, each page's anchors from its Markdown converted as MkDocs converts it (check/markup.py's
anchor_ids: the toc extension's ids, '_1' for a repeated heading, none for a heading in code), and its
other files from the exports. tests/test_clean_check_builds.py builds the same links past the check
and compares MkDocs' warnings with the check's findings.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.check.markup import link_targets
from generator.check.textfields import TextField
from generator.errors import Finding, did_you_mean
from generator.model.syntax import link_scheme


@dataclass
class Targets:
    """What the build will write, for links to point at (generator/api.py makes it from the page
    registry and the exports, so that the check judges links by the build itself, not a model of
    it): every page, each with its anchors, and every other file."""

    pages: set[str]  # every page's path, as MkDocs names it (modules/barriers.md)
    anchors: Callable[[str], set[str] | None]  # a page's anchors, made when first asked (None: not judged)
    files: Callable[[], set[str] | None]  # every other file the build writes (downloads/..., assets/...; None: not judged)


def _check_link(field: TextField, offset: int, target: str, src: str, targets: Targets, *, dialogues: bool) -> Iterator[Finding]:
    if link_scheme(target) is not None or not target:
        return
    if target.startswith("/"):
        line, col = field.position(offset)
        message = f"expected a relative link (such as '../glossary.md') or a full https address, found '{target[:60]}', which leaves the site when it is published in a folder"
        yield Finding(field.path, line, col, message, rule="links")
        return
    path, _, anchor = target.partition("#")
    path = path.split("?")[0]
    page = posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) if path else src
    if dialogues and re.fullmatch(r"dialogues/[a-z0-9-]+\.md", page) and page != "dialogues/index.md" and re.fullmatch(r"(?:turn-\d+)?", anchor):
        return  # a field's links to a dialogue or its turns are checked with every text field (check/text.py)
    line, col = field.position(offset)
    if page.endswith(".md"):
        if page not in targets.pages:
            known = [posixpath.relpath(p, posixpath.dirname(src)) for p in sorted(targets.pages)]
            yield Finding(field.path, line, col, f"link to a page that does not exist: '{path}';{did_you_mean(path, known) or ' no such page'}", rule="links")
            return
        anchors = targets.anchors(page) if anchor else None
        if anchors is not None and anchor not in anchors:
            yield Finding(field.path, line, col, f"link to '#{anchor}', which '{path or src}' does not have;{did_you_mean(anchor, sorted(anchors)) or ' no such anchor'}", rule="links")
    elif (files := targets.files()) is not None and page not in files:
        yield Finding(field.path, line, col, f"link to a file that does not exist: '{path}' (looked for docs/{page} and the files the build writes)", rule="links")


def check_links(fields: list[TextField], targets: Targets) -> Iterator[Finding]:
    """Relative links in module bodies and hand-written docs/ pages point at pages, anchors and
    files the build writes. The links are those the build's Markdown makes (check/markup.py), each
    found in the text, in order, for its position."""
    for field in fields:
        if field.kind == "page":
            src = posixpath.relpath(field.path, "docs")
        elif field.exact and field.path.startswith("content/modules/"):
            src = f"modules/{Path(field.path).stem}.md"
        else:
            continue
        where = _Addresses(field.text)
        for target in link_targets(field.text, page=field.kind == "page"):
            yield from _check_link(field, where.next(target), target, src, targets, dialogues=field.kind != "page")


# Where an address may be written: after '](' or ']:' (its line or the next) or '<'. Only to give a
# link Markdown made its position; what is a link is Markdown's to say (check/markup.py).
_ADDRESS = re.compile(r"(?:\]\([ \t]*\n?[ \t]*<?|\]:[ \t]*\n?[ \t]*<?|<)([^\s()<>]+)")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")


class _Addresses:
    """Each address written in a text, by what it reads as (backslash escapes and entities decoded),
    found in one pass; ``next`` gives the position of a link's address, in the order links are
    made, so a text of n characters is read once, not once per link."""

    def __init__(self, text: str) -> None:
        self.at: dict[str, list[int]] = {}
        for match in _ADDRESS.finditer(text):
            for written in {match.group(1), html.unescape(_BACKSLASH.sub(r"\1", match.group(1)))}:
                self.at.setdefault(written, []).append(match.start(1))
        self.after = 0

    def next(self, target: str) -> int:
        places = self.at.get(target) or self.at.get(html.unescape(target)) or []
        i = bisect.bisect_left(places, self.after)
        if i < len(places):
            self.after = places[i] + 1
            return places[i]
        return places[0] if places else self.after
