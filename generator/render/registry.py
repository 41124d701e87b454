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
from generator.render import contributing, learning, pages, routes, trainers
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


@dataclass(frozen=True)
class PageKind(Generic[T]):
    """A kind of page: its items, where each item's page goes, its declared inputs and its renderer."""

    name: str
    items: Callable[[PageContext], Sequence[T]]
    path: Callable[[T], str]  # the page's path in the docs tree (routes.py), known before it is rendered
    inputs: tuple[Input[T], ...]
    render: Callable[[PageContext, T], GeneratedPage]

    def key(self, ctx: PageContext, item: T) -> str:
        """The page's cache key: a digest of its declared inputs."""
        return digest(*(i.token(ctx, item) for i in self.inputs))

    def page(self, ctx: PageContext, item: T) -> GeneratedPage:
        """The item's page, rendered again only when its key changed (with a cache)."""
        page = ctx.memo(self.path(item), self.key(ctx, item), lambda: self.render(ctx, item))
        if page.src != self.path(item):
            raise RuntimeError(f"the {self.name} page rendered at {page.src}, not at its declared path {self.path(item)}")
        return page


def _at(src: str) -> Callable[[object], str]:
    """The path of a single page."""
    return lambda _: src


ALWAYS = _one_if(lambda ctx: True)

PAGES: tuple[PageKind[Any], ...] = (
    # The reader's pages.
    PageKind("dialogue", _dialogues, lambda doc: routes.dialogue(doc.model.id), (OWN_FILE, SHARED), pages.dialogue_page),
    PageKind("gallery", ALWAYS, _at(routes.GALLERY), (DIALOGUES, CODEBOOK, SETTINGS), pages.gallery_page),
    PageKind("module", _modules, lambda m: routes.module(m.meta.id), (OWN_FILE, MODULE_QUIZ, SHARED, GUIDANCE_EXAMPLES, GLOSSARY), pages.module_page),
    PageKind("references", lambda ctx: [ctx.book.references] if ctx.book.references else [], _at(routes.REFERENCES), (OWN_FILE, SETTINGS), pages.references_page),
    PageKind("glossary", lambda ctx: [ctx.book.glossary] if ctx.book.glossary else [], _at(routes.GLOSSARY), (OWN_FILE, REFERENCES, SETTINGS), pages.glossary_page),
    PageKind("progress", _one_if(lambda ctx: ctx.book.quizzes), _at(routes.PROGRESS), (CONTENT,), pages.progress_page),
    PageKind("review", _one_if(lambda ctx: ctx.book.quizzes or ctx.book.dialogues), _at(routes.REVIEW), (CONTENT,), learning.review_page),
    PageKind("record", _one_if(lambda ctx: ctx.book.quizzes or ctx.book.dialogues), _at(routes.RECORD), (CONTENT,), learning.record_page),
    PageKind("codebook", lambda ctx: [ctx.book.codebook] if ctx.book.codebook else [], _at(routes.CODEBOOK), (CONTENT,), pages.codebook_page),
    # For trainers.
    PageKind("facilitator", _dialogues, lambda doc: routes.facilitator(doc.model.id), (OWN_FILE, SHARED), trainers.facilitator_page),
    PageKind("embed", _dialogues, lambda doc: routes.embed_dialogue(doc.model.id), (OWN_FILE, SHARED), trainers.embed_page),
    PageKind("embed-quiz", _quizzes, lambda doc: routes.embed_quiz(doc.model.id), (QUIZ, SHARED), trainers.embed_quiz_page),
    PageKind("facilitator-index", ALWAYS, _at(routes.FACILITATOR_INDEX), (DIALOGUES, SETTINGS), trainers.facilitator_index),
    PageKind("quiz-sheet", trainers.quiz_sheets, lambda sheet: routes.quiz_sheet(sheet[0].id, answers=sheet[1]), (SHEET_QUIZ, SHARED), trainers.quiz_sheet),
    PageKind("quiz-sheets", _one_if(lambda ctx: ctx.book.quizzes), _at(routes.QUIZ_SHEETS_INDEX), (QUIZZES, MODULE_TITLES, SETTINGS), trainers.quiz_sheets_index),
    PageKind("question-banks", _one_if(lambda ctx: ctx.book.quizzes), _at(routes.QUESTION_BANKS), (QUIZZES, MODULE_TITLES, SETTINGS), trainers.question_bank_page),
    PageKind("offline", ALWAYS, _at(routes.OFFLINE), (OFFLINE,), trainers.offline_page),
    PageKind("scorm", ALWAYS, _at(routes.SCORM), (MODULES, SCORM, SETTINGS), scorm_page),
    # For contributors.
    PageKind("schema", ALWAYS, _at(routes.SCHEMA), (SCHEMA_EXAMPLES,), contributing.schema_reference),
    PageKind("contributing", _one_if(lambda ctx: ctx.project_file(contributing.CONTRIBUTING)), _at(routes.CONTRIBUTING), (CONTRIBUTING_MD,), contributing.contributing_page),
)


@dataclass(frozen=True)
class Planned:
    """One page to make: its kind, its item and its path."""

    kind: PageKind[Any]
    item: Any
    src: str

    def make(self, ctx: PageContext) -> GeneratedPage:
        """The page, starting with its title heading."""
        return with_title_heading(self.kind.page(ctx, self.item))


def plan(ctx: PageContext) -> list[Planned]:
    """Every page the site gets, by path (the order MkDocs lists and reads them in), without rendering any."""
    return sorted((Planned(kind, item, kind.path(item)) for kind in PAGES for item in kind.items(ctx)), key=lambda p: p.src)


def site_pages(ctx: PageContext) -> list[GeneratedPage]:
    """Every generated page, by path, each starting with its title heading."""
    return [planned.make(ctx) for planned in plan(ctx)]
