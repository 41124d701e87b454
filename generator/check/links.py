"""Internal links in module bodies: the page and the anchor must exist, before anything is built.

MkDocs would find a missing page or anchor only while it writes the site, with its own message
and no position; here it is a finding at the link's file:line:column.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from generator.check.textfields import TextField
from generator.errors import Finding, did_you_mean
from generator.load.loader import read_content
from generator.model.book import Handbook
from generator.model.syntax import LINK_TARGET, link_scheme

# Files the build writes beside the pages: downloads for trainers, and the site's own JS and CSS
# (minified from generator/static/ into assets/).
GENERATED_FILES = ("downloads/",)
STATIC = Path(__file__).resolve().parent.parent / "static"
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_EXPLICIT_ID = re.compile(r"\{[^{}\n]*#([\w-]+)[^{}\n]*\}")


def slugify(heading: str) -> str:
    """The id Python-Markdown's toc extension gives a heading (its default slugify)."""
    text = re.sub(r"\{[^{}]*\}\s*$", "", heading)  # an attribute list is not part of the title
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link's text only
    text = re.sub(r"[*_`]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _anchors(markdown: str) -> set[str]:
    return {slugify(h) for h in _HEADING.findall(markdown)} | set(_EXPLICIT_ID.findall(markdown))


def _pages(book: Handbook) -> dict[str, set[str] | None]:
    """Every page a module can link to, with its anchors (None: anchors not checked)."""
    pages: dict[str, set[str] | None] = {}
    fixed = {"practise-with-these-dialogues", "check-your-understanding"}
    shared = {f"figure-{f.model.id}" for f in book.figures} | {p.id for p in (book.guidance.model.points if book.guidance else [])}
    for module in book.modules:
        quiz = next((q.model for q in book.quizzes if q.model.id == module.meta.id), None)
        doms = {f"q-{quiz.id}-{q.id}" for q in quiz.questions} if quiz else set()
        pages[f"modules/{module.meta.id}.md"] = _anchors(module.body) | fixed | shared | doms
    for stem in book.unreadable.get("module", set()):
        pages[f"modules/{stem}.md"] = None
    for doc in book.dialogues:
        d = doc.model
        turns = {f"turn-{n}" for n in range(1, len(d.turns) + 1)}
        pages[f"dialogues/{d.id}.md"] = turns | {f"turn-{n}-better" for n, t in enumerate(d.turns, 1) if t.alternative}
    for stem in book.unreadable.get("dialogue", set()):
        pages[f"dialogues/{stem}.md"] = None
    pages["dialogues/index.md"] = None
    if book.references:
        pages["references.md"] = {f"ref-{r.key}" for r in book.references.model.references}
    if book.glossary:
        pages["glossary.md"] = {re.sub(r"[^a-z0-9]+", "-", t.term.lower()).strip("-") for t in book.glossary.model.terms}
    if book.quizzes:
        pages["progress.md"] = None
    docs = Path(book.root) / "docs"
    if docs.is_dir():
        for path in docs.rglob("*.md"):
            text, _ = read_content(path, Path(book.root))  # links out of the project are not followed
            pages[path.relative_to(docs).as_posix()] = _anchors(text or "")
    return pages


def _check_link(field: TextField, offset: int, target: str, src: str, pages: dict[str, set[str] | None], root: Path) -> Iterator[Finding]:
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
    if re.fullmatch(r"dialogues/[a-z0-9-]+\.md", page) and page != "dialogues/index.md":
        return  # links into dialogues are checked with every text field (check/text.py)
    line, col = field.position(offset)
    if page.endswith(".md"):
        if page not in pages:
            known = [posixpath.relpath(p, posixpath.dirname(src)) for p in pages]
            yield Finding(field.path, line, col, f"link to a page that does not exist: '{path}';{did_you_mean(path, known) or ' no such page'}", rule="links")
            return
        anchors = pages[page]
        if anchor and anchors is not None and anchor not in anchors and re.sub(r"_\d+$", "", anchor) not in anchors:
            yield Finding(field.path, line, col, f"link to '#{anchor}', which '{path or src}' does not have;{did_you_mean(anchor, sorted(anchors)) or ' no such anchor'}", rule="links")
    elif not page.startswith(GENERATED_FILES) and not (root / "docs" / page).is_file() and not (page.startswith("assets/") and (STATIC / page[7:]).is_file()):
        yield Finding(field.path, line, col, f"link to a file that does not exist: '{path}' (looked for docs/{page})", rule="links")


def check_links(book: Handbook, fields: list[TextField]) -> Iterator[Finding]:
    """Relative links in module bodies point at pages and anchors that exist."""
    pages = _pages(book)
    for field in fields:
        if not (field.exact and field.path.startswith("content/modules/")):
            continue
        src = f"modules/{Path(field.path).stem}.md"
        for match in LINK_TARGET.finditer(field.text):
            group = next(i for i in (1, 2, 3) if match.group(i) is not None)
            yield from _check_link(field, match.start(group), match.group(group), src, pages, Path(book.root))
