"""Quiz rendering data: content hashes change only for the edited question; order questions
never start in the right order; the progress index lists every module quiz in order."""

from __future__ import annotations

from pathlib import Path

from generator.load.loader import load_handbook
from generator.model.quiz import CONVERSIONS, QUESTION_TYPES
from generator.render.context import PageContext
from generator.render.question import TYPE_LABELS, VIEWS, display_order, question_view
from generator.render.quiz import question_hash, quiz_index
from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_editing_a_question_changes_only_its_own_hash() -> None:
    book, _ = load_handbook(ROOT)
    dialogues = {d.model.id: d.model for d in book.dialogues}
    quiz = book.quizzes[0].model
    before = [question_hash(q, dialogues) for q in quiz.questions]
    edited = quiz.questions[1].model_copy(update={"prompt": quiz.questions[1].prompt + " (edited)"})
    after = [question_hash(edited if i == 1 else q, dialogues) for i, q in enumerate(quiz.questions)]
    assert [a != b for a, b in zip(before, after, strict=True)] == [i == 1 for i in range(len(before))]
    assert len(set(before)) == len(before)


def test_order_questions_never_start_in_the_right_order() -> None:
    for n in range(2, 9):
        for seed in ("a", "b", "quiz/q", "barriers/order-ten-minute-version"):
            order = display_order(n, seed)
            assert sorted(order) == list(range(n)) and order != list(range(n))
            assert order == display_order(n, seed), "the shuffle repeats between builds"


def test_progress_index_lists_each_module_quiz_in_handbook_order() -> None:
    book, _ = load_handbook(ROOT)
    index = quiz_index(PageContext(book, Settings(root=ROOT)))
    assert index["version"] == 1
    quizzes = [m for m in index["modules"] if "kind" not in m]
    ids = [m["id"] for m in quizzes]
    assert ids == [m.meta.id for m in book.modules if m.meta.id in {q.model.id for q in book.quizzes}]
    assert len(ids) == 9
    assert sum(len(m["questions"]) for m in quizzes) >= 60
    practice = [m for m in index["modules"] if m.get("kind") == "dialogue"]
    assert [m["id"] for m in practice] == [f"dialogue-{d.model.id}" for d in book.dialogues]
    for m, d in zip(practice, book.dialogues, strict=True):
        assert len(m["questions"]) == sum(t.speaker == "hcp" for t in d.model.turns)


def test_every_question_type_is_converted_in_one_place_for_widget_handouts_and_banks() -> None:
    """One builder per type (render/question.py VIEWS); the widget, the handouts and the banks read
    the same QuestionView, so its kind decides the bank type and its turns the quoted excerpt."""
    assert set(VIEWS) == set(QUESTION_TYPES) == set(TYPE_LABELS) == set(CONVERSIONS)
    book, _ = load_handbook(ROOT)
    dialogues = {d.model.id: d.model for d in book.dialogues}
    kinds = {"single": "single", "next-response": "single", "multiple": "multiple", "classify-turn": "multiple", "alsi-step": "multiple", "order": "matching", "reflection": "essay"}
    seen = set()
    for doc in book.quizzes:
        for q in doc.model.questions:
            v = question_view(doc.model.id, q, dialogues)
            seen.add(q.type)
            assert v.kind == kinds[q.type] and v.dom == f"q-{doc.model.id}-{q.id}"
            assert bool(v.choices) == (v.kind in ("single", "multiple"))
            assert sum(c.correct for c in v.choices) >= 1 or not v.choices
            if q.type == "order":
                assert sorted(v.shuffled) == list(range(len(v.order))) != list(v.shuffled)
            if q.type in ("classify-turn", "alsi-step"):
                assert v.shown_turns == (q.turn,) and v.dialogue is not None
            if q.type == "next-response":
                assert v.shown_turns == tuple(range(q.start, q.turn)) and all(c.reply for c in v.choices)
    assert seen == set(QUESTION_TYPES), "the content uses every question type"
