"""Every text field of the content, with where it sits, what it holds and whose voice it is.

The fields come from the models' own declarations (generator/model/fields.py), never from a list
kept here: a field added to a model is walked, and checked, the day it is declared."""

from __future__ import annotations

import dataclasses
import weakref
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel

from generator.errors import Finding, PathKey
from generator.load.loader import links_under, read_content
from generator.model.book import Doc, Handbook, ModuleDoc
from generator.model.fields import Found, Markdown, Voice
from generator.model.fields import strings as model_strings

__all__ = ["TextField", "Voice", "docs_pages", "docs_problems", "strings", "text_fields"]


@dataclass(frozen=True)
class TextField:
    """A Markdown text, its file and position; ``voice`` decides which language rules apply."""

    text: str
    path: str
    line: int
    column: int
    voice: Voice
    exempt: bool = False
    # Offsets inside the text map to positions only for texts that start at (line, column)
    # exactly, as module bodies do; YAML scalars point at the value's start.
    exact: bool = False
    # The field's declared kind (generator/model/fields.py: markdown, safety, plain, token, note;
    # "body" for a module's body), where it sits in its document, and whether it is Markdown.
    kind: str = "markdown"
    loc: PathKey = ()
    markdown: bool = True

    @cached_property
    def _newlines(self) -> list[int]:
        """The offsets of the text's line breaks, found once: a text with many findings is not
        scanned again from its start for each (that made the check quadratic in such a text)."""
        return [i for i, char in enumerate(self.text) if char == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        if not self.exact:
            return self.line, self.column
        newlines = bisect_left(self._newlines, offset)
        if newlines == 0:
            return self.line, self.column + offset
        return self.line + newlines, offset - self._newlines[newlines - 1]


def _voice(found: Found, kind: Markdown) -> Voice:
    if kind.voice != "speaker":
        return kind.voice
    return "hcp" if getattr(found.owner, "speaker", None) == "hcp" else "person"


def _documents(book: Handbook) -> Iterator[Doc[BaseModel] | ModuleDoc]:
    """Every loaded document, whatever its kind: each field of the Handbook that holds documents."""
    for spec in dataclasses.fields(book):
        value = getattr(book, spec.name)
        for doc in value if isinstance(value, list) else [value]:
            if isinstance(doc, Doc | ModuleDoc):
                yield doc


# The last handbook walked and its fields: several checks walk the same handbook (the loader fills
# a handbook once; nothing edits it later). Held weakly, so a handbook is never kept alive here.
_last: tuple[weakref.ref[Handbook], list[TextField]] | None = None


def strings(book: Handbook) -> Iterator[TextField]:
    """Every string of every content file, with its declared kind (generator/model/fields.py) and
    position; a module's Markdown body is one more Markdown field, positioned exactly."""
    global _last
    if _last is None or _last[0]() is not book:
        _last = (weakref.ref(book), list(_walk(book)))
    return iter(_last[1])


def _walk(book: Handbook) -> Iterator[TextField]:
    for doc in _documents(book):
        model: BaseModel = doc.meta if isinstance(doc, ModuleDoc) else doc.model
        for found in model_strings(model):
            kind = found.kind
            line, col = doc.pos.of(found.loc)
            if isinstance(kind, Markdown):
                exempt = kind.quoted or (kind.exempt_if is not None and getattr(found.owner, kind.exempt_if, None) is not None)
                yield TextField(found.text, doc.path, line, col, _voice(found, kind), exempt, kind=kind.kind, loc=found.loc, markdown=True)
            else:
                yield TextField(found.text, doc.path, line, col, "prose", True, kind=kind.kind, loc=found.loc, markdown=False)
        if isinstance(doc, ModuleDoc):
            yield TextField(doc.body, doc.path, doc.body_line, 1, "prose", exact=True, kind="body", loc=("body",), markdown=True)


def docs_pages(book: Handbook) -> Iterator[TextField]:
    """Every hand-written page in docs/ as a Markdown field of kind "page" (MkDocs and Zensical
    render it as it is, with no generator in between). Links out of the project are not followed."""
    docs = Path(book.root) / "docs"
    if not docs.is_dir():
        return
    for path in sorted(docs.rglob("*.md")):
        text, _ = read_content(path, Path(book.root))
        if text is not None:
            rel = path.relative_to(Path(book.root)).as_posix()
            yield TextField(text, rel, 1, 1, "prose", True, exact=True, kind="page", loc=(), markdown=True)


def docs_problems(book: Handbook) -> Iterator[Finding]:
    """Why a hand-written page in docs/ cannot be read: a link (never followed), too large, not UTF-8;
    and every other link in docs/ (a folder or a file MkDocs would follow and publish)."""
    docs = Path(book.root) / "docs"
    if docs.is_dir():
        for path in sorted(docs.rglob("*.md")):
            yield from read_content(path, Path(book.root))[1]
        yield from links_under(Path(book.root), "docs", files=True)


def text_fields(book: Handbook) -> Iterator[TextField]:
    """Every Markdown field of every content file (quizzes too), and every module body."""
    return (field for field in strings(book) if field.markdown)
