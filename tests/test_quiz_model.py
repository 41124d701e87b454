"""Question types as units (generator/model/questions/, one class per type): the registry, each
type's view for the widget, handouts and banks, its saved-answer hash over an explicit field list,
and the progress index. On the fixture handbook, which uses every question type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import create_model

from generator.load.loader import load_handbook
from generator.model.book import Handbook
from generator.model.question import Hashed, QuestionBase
from generator.model.question_view import display_order
from generator.model.quiz import CONVERSIONS, QUESTION_TYPES, Quiz
from generator.render.context import PageContext
from generator.render.quiz import quiz_index
from generator.settings import Settings

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "project"
HASHES = HERE / "golden" / "question-hashes.json"


@pytest.fixture(scope="module")
def book() -> Handbook:
    book, findings = load_handbook(FIXTURE)
    assert not [f for f in findings if f.level == "error"]
    return book


def _questions(book: Handbook) -> list[tuple[str, QuestionBase]]:
    return [(doc.model.id, q) for doc in book.quizzes for q in doc.model.questions]


def test_the_fixture_uses_every_question_type(book: Handbook) -> None:
    assert {q.type_name() for _, q in _questions(book)} == set(QUESTION_TYPES)


def test_every_type_declares_its_unit_once() -> None:
    """One class per type: its instruction, conversion, bank kind and rank; the quiz model's union,
    the schema and the conversions all come from the registry."""
    assert {"single", "multiple", "classify-turn", "alsi-step", "order", "next-response", "reflection"} <= set(QUESTION_TYPES)
    assert [cls.rank for cls in QUESTION_TYPES.values()] == sorted(cls.rank for cls in QUESTION_TYPES.values())
    assert {name: cls.conversion for name, cls in QUESTION_TYPES.items()} == CONVERSIONS
    for name, cls in QUESTION_TYPES.items():
        assert cls.type_name() == name and cls.instruction and cls.conversion
        assert cls.bank in ("single", "multiple", "matching", "essay")
    assert len({cls.rank for cls in QUESTION_TYPES.values()}) == len(QUESTION_TYPES)
    union = Quiz.model_json_schema()["properties"]["questions"]["items"]["discriminator"]["mapping"]
    assert set(union) == set(QUESTION_TYPES)


def _hashed_models(model: type[Any], seen: set[type[Any]]) -> set[type[Any]]:
    """Every model a question type is made of."""
    if model in seen or not isinstance(model, type) or not hasattr(model, "model_fields"):
        return seen
    seen.add(model)
    for field in model.model_fields.values():
        for arg in _types_in(field.annotation):
            _hashed_models(arg, seen)
    return seen


def _types_in(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        return _types_in(annotation.__origin__)
    return [annotation, *(t for a in args for t in _types_in(a))]


def test_each_hash_field_list_names_real_fields_in_their_order() -> None:
    """The hash is the JSON of the listed fields: they exist, and in declaration order (as the
    learners' saved hashes were made). Every model a question is made of declares its list."""
    for cls in QUESTION_TYPES.values():
        for model in _hashed_models(cls, set()):
            if model.__module__.startswith("generator.model.content"):
                continue  # TurnRef (a quote): a quoted option's hash covers the quoted text instead
            assert issubclass(model, Hashed), f"{model.__name__} does not declare the fields its hash covers"
            fields = list(model.model_fields)
            assert list(model.hashed) == [f for f in fields if f in model.hashed], model.__name__
            assert not set(model.hashed) & set(model.unhashed)


def test_saved_answer_hashes_are_those_learners_already_have(book: Handbook) -> None:
    """tests/golden/question-hashes.json was written by the hash before it had field lists
    (a JSON dump of the whole model): the learners' saved answers still match."""
    expected = json.loads(HASHES.read_text(encoding="utf-8"))
    found = {f"{quiz}/{q.id}": q.saved_answer_hash(book.dialogue_by_id) for quiz, q in _questions(book)}
    assert {name: found.get(name) for name in expected} == expected


@pytest.mark.parametrize("name", list(QUESTION_TYPES))
def test_a_new_defaulted_field_keeps_every_saved_answer(book: Handbook, name: str) -> None:
    """A field added later (with a default) leaves each hash alone until an author sets it; then
    only that question's hash changes."""
    _quiz, q = next((quiz, q) for quiz, q in _questions(book) if q.type_name() == name)
    cls = type(q)
    grown = create_model(f"{cls.__name__}Grown", __base__=cls, image=(str | None, None), caption=(list[str], []))
    same = grown.model_validate(q.model_dump())
    dialogues = book.dialogue_by_id
    assert same.saved_answer_hash(dialogues) == q.saved_answer_hash(dialogues)
    changed = grown.model_validate({**q.model_dump(), "image": "diagram.png"})
    assert changed.saved_answer_hash(dialogues) != q.saved_answer_hash(dialogues)


def test_editing_a_question_changes_only_its_own_hash(book: Handbook) -> None:
    quiz = book.quizzes[0].model
    dialogues = book.dialogue_by_id
    before = [q.saved_answer_hash(dialogues) for q in quiz.questions]
    edited = quiz.questions[1].model_copy(update={"prompt": quiz.questions[1].prompt + " (edited)"})
    after = [(edited if i == 1 else q).saved_answer_hash(dialogues) for i, q in enumerate(quiz.questions)]
    assert [a != b for a, b in zip(before, after, strict=True)] == [i == 1 for i in range(len(before))]
    assert len(set(before)) == len(before)


def test_a_changed_quoted_turn_changes_the_hash_of_questions_on_it(book: Handbook) -> None:
    dialogues = dict(book.dialogue_by_id)
    on_turn = [q for _, q in _questions(book) if q.shown_turns()]
    before = [q.saved_answer_hash(dialogues) for q in on_turn]
    d = dialogues["sample-visit"]
    turns = [t.model_copy(update={"text": t.text + " (edited)"}) if n == 0 else t for n, t in enumerate(d.turns)]
    dialogues["sample-visit"] = d.model_copy(update={"turns": turns})
    assert all(q.saved_answer_hash(dialogues) != h for q, h in zip(on_turn, before, strict=True))


def test_order_questions_never_start_in_the_right_order() -> None:
    for n in range(2, 9):
        for seed in ("a", "b", "quiz/q", "barriers/order-ten-minute-version"):
            order = display_order(n, seed)
            assert sorted(order) == list(range(n)) and order != list(range(n))
            assert order == display_order(n, seed), "the shuffle repeats between builds"


def test_each_type_builds_its_view_for_widget_handouts_and_banks(book: Handbook) -> None:
    """The type's class builds the view; its bank kind decides the bank question type and its turns
    the quoted excerpt."""
    for quiz, q in _questions(book):
        v = q.view(quiz, book.dialogue_by_id)
        assert v.type == q.type_name() and v.bank == type(q).bank and v.instruction == type(q).instruction
        assert bool(v.choices) == (v.bank in ("single", "multiple"))
        assert sum(c.correct for c in v.choices) >= 1 or not v.choices
        if v.type == "order":
            assert sorted(v.shuffled) == list(range(len(v.order))) != list(v.shuffled)
        shown = q.shown_turns()
        if v.type in ("classify-turn", "alsi-step"):
            assert shown and v.shown_turns == (shown[1],) and v.dialogue is not None
        if v.type == "next-response":
            assert shown and v.shown_turns == tuple(range(1, shown[1])) and all(c.reply for c in v.choices)
        assert q.dialogue_refs() == ({shown[0]} if shown else set()) | {o.quote.dialogue for o in q.choice_options() if o.quote}


def test_progress_index_lists_each_module_quiz_in_handbook_order(book: Handbook) -> None:
    index = quiz_index(PageContext(book, Settings(root=FIXTURE)))
    assert index["version"] == 1
    quizzes = [m for m in index["modules"] if "kind" not in m]
    assert [m["id"] for m in quizzes] == [m.meta.id for m in book.modules if m.meta.id in book.quiz_by_id]
    assert [q["id"] for q in quizzes[0]["questions"]] == [q.id for q in book.quizzes[0].model.questions]
    assert {q["type"] for q in quizzes[0]["questions"]} == set(QUESTION_TYPES)
    practice = [m for m in index["modules"] if m.get("kind") == "dialogue"]
    assert [m["id"] for m in practice] == [f"dialogue-{d.model.id}" for d in book.dialogues]
    for m, d in zip(practice, book.dialogues, strict=True):
        assert len(m["questions"]) == sum(t.speaker == "hcp" for t in d.model.turns)
