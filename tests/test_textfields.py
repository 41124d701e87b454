"""Text fields by construction: every string field of every model declares what it holds, and the
checks walk the models by those declarations (generator/model/fields.py), so no field is missed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import BaseModel
from support import ROOT

from generator.api import check
from generator.check.textfields import strings, text_fields
from generator.model import content, quiz
from generator.model.content import Strict, Text
from generator.model.fields import Markdown, marker, string_leaves
from generator.model.fields import strings as model_strings

FIXTURE = ROOT / "tests/fixtures/project"


def _models() -> set[type[BaseModel]]:
    """Every content model: Strict and all its subclasses (the question types register on import)."""
    assert quiz.QUESTION_TYPES  # imported for its registry
    found: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Strict]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo += cls.__subclasses__()
    return found


def undeclared(models: set[type[BaseModel]]) -> list[str]:
    """Fields that can hold a str (outside a Literal vocabulary) but declare no kind."""
    return sorted(
        f"{cls.__name__}.{name}"
        for cls in models
        for name, info in cls.model_fields.items()
        if string_leaves(info.annotation) and marker(info.annotation, info.metadata) is None and cls is not quiz.QuizHead
    )


def test_every_string_field_of_every_model_declares_its_kind() -> None:
    models = _models()
    assert {content.Dialogue, content.Turn, quiz.Quiz, quiz.QUESTION_TYPES["reflection"], content.Codebook} <= models
    assert undeclared(models) == []


def test_an_undeclared_string_field_is_found() -> None:
    """The test above can fail: a plain ``str`` field, in a list or optional, is reported."""

    class Careless(Strict):
        fine: Text
        bare: str
        several: list[str]
        maybe: Annotated[str, "no marker"] | None = None

    assert undeclared({Careless}) == ["Careless.bare", "Careless.maybe", "Careless.several"]


def test_the_walker_finds_each_string_with_its_kind_and_place() -> None:
    turn = content.Turn(speaker="hcp", text="What matters *most*?", note="An open question.", lint_exempt="On purpose.")
    found = {(f.loc, f.kind.kind) for f in model_strings(turn)}
    assert found == {(("text",), "markdown"), (("note",), "markdown"), (("lint_exempt",), "note")}
    spoken = next(f for f in model_strings(turn) if f.loc == ("text",))
    assert isinstance(spoken.kind, Markdown) and spoken.kind.voice == "speaker"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "project")
    return tmp_path / "project"


def _set_safety(project: Path, safety: str) -> None:
    path = project / "content/dialogues/sample-visit.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ncontext:", f"\nsafety: '{safety}'\ncontext:", 1), encoding="utf-8")


def test_safety_is_walked_as_markdown_prose(project: Path) -> None:
    _set_safety(project, "A low needs treating first.")
    book, _ = check(project)
    fields = [f for f in strings(book) if f.loc == ("safety",)]
    assert [(f.path, f.line, f.kind, f.voice, f.markdown) for f in fields] == [("content/dialogues/sample-visit.yml", 5, "safety", "prose", True)]
    assert fields[0] in list(text_fields(book))


def test_safety_is_checked_like_every_markdown_field(project: Path) -> None:
    """Issue 23's case: four errors in ``summary`` were "content is clean" in ``safety``."""
    _set_safety(project, "See [@nobody2020], [here](javascript:alert(1)){: onclick=alert(2) } and the non-compliant person.")
    _, findings = check(project)
    at = [f for f in findings if (f.path, f.line) == ("content/dialogues/sample-visit.yml", 5)]
    rules = sorted(f.rule for f in at if f.level in ("error", "warning"))
    assert rules == ["citations", "language/compliance", "links", "markup"], [f.format() for f in at]


def test_every_kind_of_document_is_walked(project: Path) -> None:
    book, _ = check(project)
    paths = {f.path.split("/")[1] for f in strings(book)}
    assert paths == {"dialogues", "modules", "quizzes", "references.yml", "guidance.yml"}
    kinds = {f.kind for f in strings(book)}
    assert {"markdown", "plain", "token", "body"} <= kinds
