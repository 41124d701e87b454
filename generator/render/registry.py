"""The one registry of pages: every kind of page the site has, what it is made from (one page per
item: a dialogue, a module, a quiz, or a single page), the function that renders it, and its
declared inputs: everything the page shows, each as a token that changes exactly when it does.

A page's cache key is computed from its declared inputs (``PageKind.key``), never written by hand,
so a page is rendered again exactly when something it shows changed (generator.incremental keeps
the pages between builds; the whole cache is dropped when the generator's code, templates or
installed libraries change). A new kind of page is one entry here, its function and its template.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.model.book import Doc, ModuleDoc
from generator.model.content import Dialogue
from generator.model.kinds import KINDS
from generator.model.quiz import Quiz
from generator.outputs import GeneratedPage
from generator.render import contributing, pages, trainers
from generator.render.context import PageContext, digest, with_title_heading
from generator.render.scorm_page import scorm_page

T = TypeVar("T")


@dataclass(frozen=True)
class Input(Generic[T]):
    """Something a page shows (``about``), as a token of the item the page is made from."""

    about: str
    token: Callable[[PageContext, T], object]


# -- the inputs pages declare ---------------------------------------------------------------------

OWN_FILE: Input[Doc[Any] | ModuleDoc] = Input("the content file the page is made from", lambda ctx, doc: ctx.version(doc.path))
SHARED: Input[Any] = Input(
    "the settings, every content file but dialogues, modules and quizzes, the modules' titles and the dialogues' cards",
    lambda ctx, _: ctx.shared_token,
)
GUIDANCE_EXAMPLES: Input[Any] = Input("every dialogue's titles and each turn's guidance points", lambda ctx, _: ctx.examples_token)
GLOSSARY: Input[Any] = Input("the glossary (its abbreviations)", lambda ctx, _: ctx.version(ctx.book.glossary.path if ctx.book.glossary else None))
MODULE_QUIZ: Input[ModuleDoc] = Input("the module's quiz and the dialogues it quotes", lambda ctx, m: ctx.quiz_token(ctx.book.quiz_by_id.get(m.meta.id)))
QUIZ: Input[Doc[Quiz]] = Input("the quiz and the dialogues it quotes", lambda ctx, doc: ctx.quiz_token(doc))
SHEET_QUIZ: Input[trainers.Sheet] = Input("the quiz and the dialogues it quotes", lambda ctx, sheet: ctx.quiz_token(ctx.book.quiz_by_id.get(sheet[0].id)))
CONTENT: Input[Any] = Input("every content file and the settings", lambda ctx, _: ctx.content_token)
SETTINGS: Input[Any] = Input("the build's settings", lambda ctx, _: ctx.settings)
DIALOGUES: Input[Any] = Input("every dialogue", lambda ctx, _: [(d.path, ctx.version(d.path)) for d in ctx.book.dialogues])
CODEBOOK: Input[Any] = Input("the codebook (the slips' names)", lambda ctx, _: ctx.version(ctx.book.codebook.path if ctx.book.codebook else None))
MODULES: Input[Any] = Input("the modules' ids, titles and order", lambda ctx, _: [(m.meta.id, m.meta.title, m.meta.order) for m in ctx.book.modules])
OFFLINE: Input[Any] = Input("whether the offline copy is published", lambda ctx, _: ctx.settings.offline_available)
SCORM: Input[Any] = Input("the SCORM packages made", lambda ctx, _: [z.name for z in ctx.settings.scorm_zips])
SCHEMA_EXAMPLES: Input[Any] = Input(
    "the content files the schema reference takes examples from, and whether there is a codebook",
    lambda ctx, _: ([(rel, ctx.version(rel)) for kind in KINDS for rel in contributing.example_sources(ctx, kind)], ctx.book.codebook is None),
)
QUIZZES: Input[Any] = Input("every quiz and the dialogues it quotes", lambda ctx, _: [(doc.path, ctx.quiz_token(doc)) for doc in ctx.book.quizzes])
MODULE_TITLES: Input[Any] = Input("the modules' ids and titles", lambda ctx, _: [(m.meta.id, m.meta.title) for m in ctx.book.modules])
REFERENCES: Input[Any] = Input("the references", lambda ctx, _: ctx.version(ctx.book.references.path if ctx.book.references else None))
CONTRIBUTING_MD: Input[Any] = Input("CONTRIBUTING.md", lambda ctx, _: ctx.project_file(contributing.CONTRIBUTING))


# -- the items pages are made from ----------------------------------------------------------------


def _dialogues(ctx: PageContext) -> Sequence[Doc[Dialogue]]:
    return ctx.book.dialogues


def _modules(ctx: PageContext) -> Sequence[ModuleDoc]:
    return ctx.book.modules


def _quizzes(ctx: PageContext) -> Sequence[Doc[Quiz]]:
    return ctx.book.quizzes


def _one_if(present: Callable[[PageContext], object]) -> Callable[[PageContext], Sequence[None]]:
    """A single page, made when ``present`` holds."""
    return lambda ctx: [None] if present(ctx) else []


def _path(doc: Doc[Any] | ModuleDoc) -> str:
    return doc.path


def _single(_: object) -> str:
    """A single page needs no name of its own in the cache."""
    return ""


@dataclass(frozen=True)
class PageKind(Generic[T]):
    """A kind of page: its items, how an item is named in the cache, its inputs and its renderer."""

    name: str
    items: Callable[[PageContext], Sequence[T]]
    inputs: tuple[Input[T], ...]
    render: Callable[[PageContext, T], GeneratedPage]
    ident: Callable[[T], str] = _single

    def key(self, ctx: PageContext, item: T) -> str:
        """The page's cache key: a digest of its declared inputs."""
        return digest(*(i.token(ctx, item) for i in self.inputs))

    def page(self, ctx: PageContext, item: T) -> GeneratedPage:
        """The item's page, rendered again only when its key changed (with a cache)."""
        return ctx.memo(f"{self.name}:{self.ident(item)}", self.key(ctx, item), lambda: self.render(ctx, item))

    def pages(self, ctx: PageContext) -> list[GeneratedPage]:
        return [self.page(ctx, item) for item in self.items(ctx)]


ALWAYS = _one_if(lambda ctx: True)

PAGES: tuple[PageKind[Any], ...] = (
    # The reader's pages.
    PageKind("dialogue", _dialogues, (OWN_FILE, SHARED), pages.dialogue_page, _path),
    PageKind("gallery", ALWAYS, (DIALOGUES, CODEBOOK, SETTINGS), pages.gallery_page),
    PageKind("module", _modules, (OWN_FILE, MODULE_QUIZ, SHARED, GUIDANCE_EXAMPLES, GLOSSARY), pages.module_page, _path),
    PageKind("references", lambda ctx: [ctx.book.references] if ctx.book.references else [], (OWN_FILE, SETTINGS), pages.references_page),
    PageKind("glossary", lambda ctx: [ctx.book.glossary] if ctx.book.glossary else [], (OWN_FILE, REFERENCES, SETTINGS), pages.glossary_page),
    PageKind("progress", _one_if(lambda ctx: ctx.book.quizzes), (CONTENT,), pages.progress_page),
    PageKind("codebook", lambda ctx: [ctx.book.codebook] if ctx.book.codebook else [], (CONTENT,), pages.codebook_page),
    # For trainers.
    PageKind("facilitator", _dialogues, (OWN_FILE, SHARED), trainers.facilitator_page, _path),
    PageKind("embed", _dialogues, (OWN_FILE, SHARED), trainers.embed_page, _path),
    PageKind("embed-quiz", _quizzes, (QUIZ, SHARED), trainers.embed_quiz_page, _path),
    PageKind("facilitator-index", ALWAYS, (DIALOGUES, SETTINGS), trainers.facilitator_index),
    PageKind("quiz-sheet", trainers.quiz_sheets, (SHEET_QUIZ, SHARED), trainers.quiz_sheet, lambda sheet: f"{sheet[0].path}:{sheet[1]}"),
    PageKind("quiz-sheets", _one_if(lambda ctx: ctx.book.quizzes), (QUIZZES, MODULE_TITLES, SETTINGS), trainers.quiz_sheets_index),
    PageKind("question-banks", _one_if(lambda ctx: ctx.book.quizzes), (QUIZZES, MODULE_TITLES, SETTINGS), trainers.question_bank_page),
    PageKind("offline", ALWAYS, (OFFLINE,), trainers.offline_page),
    PageKind("scorm", ALWAYS, (MODULES, SCORM, SETTINGS), scorm_page),
    # For contributors.
    PageKind("schema", ALWAYS, (SCHEMA_EXAMPLES,), contributing.schema_reference),
    PageKind("contributing", _one_if(lambda ctx: ctx.project_file(contributing.CONTRIBUTING)), (CONTRIBUTING_MD,), contributing.contributing_page),
)


def site_pages(ctx: PageContext) -> list[GeneratedPage]:
    """Every generated page, by path, each starting with its title heading."""
    found = [with_title_heading(page) for kind in PAGES for page in kind.pages(ctx)]
    return sorted(found, key=lambda p: p.src)
