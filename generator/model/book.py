"""The handbook as loaded: every validated document with its source positions, and the indexes
built on it (quizzes by module), so that checks, pages and exports look things up in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from generator.errors import Positions
from generator.model.content import Codebook, Dialogue, Figure, Glossary, Guidance, ModuleMeta, Point, Reference, References, Situations
from generator.model.quiz import Quiz
from generator.model.second import SecondCoding

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Doc(Generic[M]):
    """A validated model, the file it came from (relative to the project) and its positions."""

    model: M
    path: str
    pos: Positions


@dataclass(frozen=True)
class ModuleDoc:
    """A module: validated front matter plus its Markdown body and where the body starts."""

    meta: ModuleMeta
    body: str
    body_line: int
    path: str
    pos: Positions


@dataclass
class Handbook:
    """All content of the handbook, ready for checks and rendering."""

    root: Path
    dialogues: list[Doc[Dialogue]] = field(default_factory=list)
    modules: list[ModuleDoc] = field(default_factory=list)
    figures: list[Doc[Figure]] = field(default_factory=list)
    references: Doc[References] | None = None
    glossary: Doc[Glossary] | None = None
    guidance: Doc[Guidance] | None = None
    codebook: Doc[Codebook] | None = None
    situations: Doc[Situations] | None = None
    # Ids (file names) of files that failed to load, so references to them do not cascade errors.
    unreadable: dict[str, set[str]] = field(default_factory=dict)
    quizzes: list[Doc[Quiz]] = field(default_factory=list)
    # The independent second coding of the dialogues' HCP turns (content/coding/second/).
    second_codings: list[Doc[SecondCoding]] = field(default_factory=list)
    # Each content file's version (a hash of its bytes), by path: what incremental rebuilds key on.
    versions: dict[str, str] = field(default_factory=dict)
    # Each content file's data as parsed, before validation (a module's front matter), by path:
    # pages that show what authors wrote (the schema reference's examples) read it here, not the file.
    data: dict[str, Any] = field(default_factory=dict)

    # Lookups by id, built once after loading (the loader fills the lists first; nothing edits them later).

    @cached_property
    def dialogue_by_id(self) -> dict[str, Dialogue]:
        return {d.model.id: d.model for d in self.dialogues}

    @cached_property
    def module_by_id(self) -> dict[str, ModuleDoc]:
        return {m.meta.id: m for m in self.modules}

    @cached_property
    def quiz_by_id(self) -> dict[str, Doc[Quiz]]:
        return {q.model.id: q for q in self.quizzes}

    @cached_property
    def reference_by_key(self) -> dict[str, Reference]:
        return {r.key: r for r in self.references.model.references} if self.references else {}

    @cached_property
    def point_by_id(self) -> dict[str, Point]:
        return {p.id: p for p in self.guidance.model.points} if self.guidance else {}


@dataclass(frozen=True)
class QuizInfo:
    id: str
    title: str
    module: str | None
    model: Quiz
    path: str

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.model.questions)

    @property
    def questions(self) -> int:
        return len(self.model.questions)


def quizzes(book: Handbook) -> list[QuizInfo]:
    """Every quiz, in id order, titled after its module."""
    modules = {mid: m.meta.title for mid, m in book.module_by_id.items()}
    found = [
        QuizInfo(id=doc.model.id, title=modules.get(doc.model.id, doc.model.id), module=doc.model.id if doc.model.id in modules else None, model=doc.model, path=doc.path)
        for doc in book.quizzes
    ]
    return sorted(found, key=lambda q: q.id)
