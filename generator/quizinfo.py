"""What the trainers' outputs need to know about quizzes: one quiz per module
(content/quizzes/<module-id>.yml), shown on the module page under "Check your understanding"."""

from __future__ import annotations

from dataclasses import dataclass

from .loader import Handbook
from .models_quiz import Quiz

QUIZ_ANCHOR = "check-your-understanding"


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

    def anchor(self, question_id: str) -> str:
        """The element id of a question on the module page (render_quiz's ``dom``)."""
        return f"q-{self.id}-{question_id}"


def quizzes(book: Handbook) -> list[QuizInfo]:
    """Every quiz, in id order, titled after its module."""
    modules = {m.meta.id: m.meta.title for m in book.modules}
    found = [
        QuizInfo(id=doc.model.id, title=modules.get(doc.model.id, doc.model.id), module=doc.model.id if doc.model.id in modules else None, model=doc.model, path=doc.path)
        for doc in book.quizzes
    ]
    return sorted(found, key=lambda q: q.id)
