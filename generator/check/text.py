"""Checks on every Markdown field: links and their targets, citations, directives, statistics, language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.language import lint
from generator.check.links import Targets, check_links
from generator.check.markup import offsets, problems
from generator.check.refs import _ids, _unknown
from generator.check.textfields import TextField, docs_pages, docs_problems, strings, text_fields
from generator.errors import Finding, did_you_mean
from generator.model.book import Handbook
from generator.model.syntax import (
    BAD_CHARACTER,
    BAD_CHARACTER_IN_BODY,
    BLANK_LINE,
    CITATION,
    DIRECTIVE,
    DIRECTIVES,
    INLINE_MARKS,
    LINK_TARGET,
    MAX_BLANK_LINES,
    MAX_BRACKETS,
    MAX_INLINE,
    MAX_NESTING,
    NESTING,
    STATISTIC,
    bad_character,
    link_scheme,
)


def _turn_count(book: Handbook) -> dict[str, int]:
    counts = {d.model.id: len(d.model.turns) for d in book.dialogues}
    # A dialogue that failed to load has an error of its own; links into it are not checked.
    counts.update({stem: 10**6 for stem in book.unreadable.get("dialogue", set())})
    return counts


def _check_target(field: TextField, offset: int, target: str, book: Handbook, turns: dict[str, int]) -> Iterator[Finding]:
    line, col = field.position(offset)
    scheme = link_scheme(target)
    # A link with another scheme is reported by the build's own Markdown (_check_markup), which
    # knows where a link really is (not in code, not in an unused definition).
    if scheme is None and not field.exact and target:
        # A text from a YAML file is shown on pages at several depths (dialogue, embed, trainers'
        # pages, raw HTML widgets): no relative link is right on all of them.
        message = f"expected an https or mailto link, found the relative link '{target[:60]}'; link pages and turns from a module's text, or use the page's full https address"
        yield Finding(field.path, line, col, message, rule="links")
        return
    match = re.fullmatch(r"(?:\.\./)?dialogues/([a-z0-9-]+)\.md(?:#turn-(\d+))?", target)
    if match and match.group(1) != "index":
        did, num = match.group(1), match.group(2)
        if did not in turns:
            yield Finding(field.path, line, col, f"link to a missing dialogue: {_unknown('dialogue', did, set(turns))}", rule="links")
        elif num is not None and not 1 <= int(num) <= turns[did]:
            yield Finding(field.path, line, col, f"link to turn {num} of '{did}', which has turns 1 to {turns[did]}", rule="links")


def check_text(book: Handbook, targets: Targets) -> Iterator[Finding]:
    """Links (to ``targets``, what the build writes), citations, directives, statistics and language in every Markdown field."""
    ids = _ids(book)
    turns = _turn_count(book)
    fields = list(text_fields(book))
    pages = list(docs_pages(book))
    yield from check_links([f for f in [*fields, *pages] if not list(_check_bounds(f))], targets)  # past the bounds, not converted
    for string in strings(book):
        if not string.markdown:
            yield from _check_characters(string)
    yield from docs_problems(book)
    for page in pages:
        yield from _check_characters(page)
        if not list(_check_bounds(page)):
            yield from _check_markup(page)
    for field in fields:
        text = field.text
        yield from _check_characters(field)
        bounds = list(_check_bounds(field))
        if bounds:  # past the bounds the other rules would take too long, and say little
            yield from bounds
            continue
        for match in LINK_TARGET.finditer(text):
            group = next(i for i in (1, 2, 3) if match.group(i) is not None)
            yield from _check_target(field, match.start(group), match.group(group), book, turns)
        yield from _check_markup(field)
        for match in CITATION.finditer(text):
            for key in (k.strip().lstrip("@") for k in match.group(1).split(";")):
                if key not in ids["reference"]:
                    line, col = field.position(match.start())
                    yield Finding(field.path, line, col, f"citation {_unknown('reference', key, ids['reference'])}", rule="citations")
        if field.exact:
            yield from _check_directives(field, ids)
            yield from _check_statistics(field)
        if field.voice != "person" and not field.exempt:
            for hit in lint(text, hcp=field.voice == "hcp"):
                line, col = field.position(hit.start)
                yield Finding(field.path, line, col, hit.message(), level=hit.rule.level, rule=f"language/{hit.rule.id}")


def _check_bounds(field: TextField) -> Iterator[Finding]:
    """Markdown's parser is quadratic in the '[' of a paragraph and recurses per nesting level:
    a clean check must mean a build that finishes, so both are bounded."""
    blank = sum(1 for _ in BLANK_LINE.finditer(field.text))
    if blank > MAX_BLANK_LINES:
        yield Finding(field.path, field.line, field.column, f"expected at most {MAX_BLANK_LINES} blank lines in one text, found {blank}; remove the runs of blank lines", rule="markup")
        return
    offset = 0
    for paragraph in re.split(r"(\n[ \t]*\n)", field.text):
        brackets = len(re.findall(r"(?<!\\)\[", paragraph))
        if brackets > MAX_BRACKETS:
            line, col = field.position(offset)
            message = f"expected at most {MAX_BRACKETS} '[' in one paragraph, found {brackets}; split the paragraph or write \\[ for a literal bracket"
            yield Finding(field.path, line, col, message, rule="markup")
        marks = len(INLINE_MARKS.findall(paragraph))
        if marks > MAX_INLINE:
            line, col = field.position(offset)
            message = f"expected at most {MAX_INLINE} of '&', '<', '\\' and '`' in one paragraph, found {marks}; split the paragraph"
            yield Finding(field.path, line, col, message, rule="markup")
        offset += len(paragraph)
    for match in NESTING.finditer(field.text):
        markers = re.findall(r">|[-+*]|\d{1,9}[.)]", match.group())
        indent = len(match.group()) - len(match.group().lstrip(" \t"))
        depth = len(markers) + indent // 4
        if depth > MAX_NESTING:
            line, col = field.position(match.start())
            yield Finding(field.path, line, col, f"expected lists and quotes nested at most {MAX_NESTING} deep, found {depth} levels", rule="markup")
            return


def _check_characters(field: TextField) -> Iterator[Finding]:
    """No field may hold a control character, a noncharacter or a bidi control (the first is reported)."""
    match = (BAD_CHARACTER_IN_BODY if field.exact else BAD_CHARACTER).search(field.text)
    if match:
        line, col = field.position(match.start())
        yield Finding(field.path, line, col, f"expected printable text, found {bad_character(match.group())}; remove it", rule="characters")


def _check_markup(field: TextField) -> Iterator[Finding]:
    """What the build's own Markdown makes of the field (check/markup.py): raw HTML, attributes
    other than an id or classes, the site's own names, links and images the site removes. The one
    source of these findings: no pattern models the Markdown they come from."""
    for offset, problem in offsets(field.text, problems(field.text, page=field.kind == "page")):
        line, col = field.position(offset)
        rule = "links" if problem.message.startswith("expected an https") else "markup"
        yield Finding(field.path, line, col, problem.message, rule=rule)


def _check_directives(field: TextField, ids: dict[str, set[str]]) -> Iterator[Finding]:
    # '[' is excluded inside, so a run of brackets is scanned once, not once per bracket.
    for match in re.finditer(r"\[\[[^\[\]\n]*\]\]", field.text):
        line, col = field.position(match.start())
        whole = DIRECTIVE.fullmatch(match.group()) if match.group() == match.group().strip() else None
        own_line = match.start() == 0 or field.text[match.start() - 1] == "\n"
        if not whole or not own_line:
            yield Finding(field.path, line, col, f"expected a directive alone on its line: [[figure: id]], [[dialogue: id]] or [[guidance]], found '{match.group()}'", rule="directives")
            continue
        name, arg = whole.group(1), whole.group(2)
        if name not in DIRECTIVES:
            yield Finding(field.path, line, col, f"expected a directive figure, dialogue or guidance, found '{name}';{did_you_mean(name, DIRECTIVES)}", rule="directives")
        elif DIRECTIVES[name] and not arg:
            yield Finding(field.path, line, col, f"directive '{name}' expects an id: [[{name}: some-id]]", rule="directives")
        elif DIRECTIVES[name] and arg not in ids[name]:
            yield Finding(field.path, line, col, f"[[{name}]] {_unknown(name, arg or '', ids[name])}", rule="directives")


def _check_statistics(field: TextField) -> Iterator[Finding]:
    offset = 0
    for paragraph in re.split(r"(\n\s*\n)", field.text):
        if not paragraph.strip():
            offset += len(paragraph)
            continue
        if not CITATION.search(paragraph):
            for match in STATISTIC.finditer(paragraph):
                line, col = field.position(offset + match.start())
                yield Finding(field.path, line, col, f"statistic '{match.group()}' has no citation; add [@key] in the same paragraph", rule="citations")
        offset += len(paragraph)


