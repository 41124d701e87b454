"""Server-rendered quizzes: complete HTML that reads well without JavaScript (answers and
explanations in <details>, kept out of the search index); generator/static/quiz.js enhances it.

Also the progress page, which carries the list of quizzes as embedded JSON for the script.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from generator.model.book import Doc
from generator.model.content import Turn
from generator.model.quiz import Question, Quiz
from generator.render import routes
from generator.render.context import PageContext
from generator.render.markdown import render, render_inline
from generator.render.question import question_data


def turn_hash(turn: Turn) -> str:
    """A short hash of what a practise question asks (the turn's text and its coding)."""
    data = json.dumps([turn.text, turn.alliance, turn.alsi], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:10]


class QuizView:
    """Turns one quiz into the widget's template data, with links and citations relative to its page."""

    def __init__(self, r: PageContext, src: str) -> None:
        self.r = r
        self.src = src

    def inline(self, text: str) -> str:
        return render_inline(self.r.cite_html(self.src, text))

    def block(self, text: str) -> str:
        return render(self.r.cite_html(self.src, text))

    def href(self, dialogue_id: str, turn: int | None = None) -> str:
        return self.r.href(self.src, routes.dialogue(dialogue_id), routes.turn_anchor(turn) if turn else "")

    def question(self, quiz: Quiz, q: Question, number: int) -> dict[str, Any]:
        data = question_data(q, quiz.id, self.r.dialogues, self)
        return data | {"dom": routes.question_anchor(quiz.id, q.id), "number": number, "hash": q.saved_answer_hash(self.r.dialogues)}

    def quiz(self, doc: Doc[Quiz]) -> dict[str, Any]:
        quiz = doc.model
        progress = self.r.href(self.src, routes.PROGRESS)
        return {
            "id": quiz.id, "progress_href": progress, "root": self.r.href(self.src, routes.HOME), "kept": kept_where(self.r),
            "questions": [self.question(quiz, q, i) for i, q in enumerate(quiz.questions, start=1)],
        }


def kept_where(r: PageContext) -> str:
    """Where this build's answers go, so that the page says the truth: "lms" in a SCORM package
    (the adapter sends them to the LMS), "computer" in the offline copy, "browser" on the website."""
    if r.settings.package:
        return "lms"
    return "browser" if r.settings.directory_urls else "computer"


def quiz_widget(r: PageContext, doc: Doc[Quiz], src: str) -> str:
    """The HTML block for one quiz on its module page."""
    return r.widget("quiz.html.j2", quiz=QuizView(r, src).quiz(doc))


def quiz_index(r: PageContext) -> dict[str, Any]:
    """What the progress page's script needs: modules in order, their questions, hashes and tags."""
    quizzes = {doc.model.id: doc.model for doc in r.book.quizzes}
    modules = []
    for m in r.book.modules:
        quiz = quizzes.get(m.meta.id)
        if quiz is None:
            continue
        questions = [
            {"id": q.id, "hash": q.saved_answer_hash(r.dialogues), "type": q.type_name(), "alliance": list(q.alliance), "alsi": list(q.alsi)}
            for q in quiz.questions
        ]
        modules.append({"id": m.meta.id, "title": m.meta.title, "href": r.href(routes.PROGRESS, routes.module(m.meta.id), routes.QUIZ_ANCHOR), "questions": questions})
    # Practise mode on dialogue pages saves each coded turn as dialogue-<id>/turn-N (handbook.js);
    # listing those turns here lets the same script count them in the competency picture.
    for doc in r.book.dialogues:
        d = doc.model
        turns = [
            {"id": routes.turn_anchor(n), "hash": turn_hash(t), "type": "practise", "alliance": list(t.alliance or []), "alsi": list(t.alsi or [])}
            for n, t in enumerate(d.turns, start=1)
            if t.speaker == "hcp"
        ]
        href = r.href(routes.PROGRESS, routes.dialogue(d.id)) + "?mode=practise"
        modules.append({"id": f"dialogue-{d.id}", "kind": "dialogue", "title": d.title, "href": href, "questions": turns})
    return {"version": 1, "modules": modules}


def progress_markdown(r: PageContext) -> str:
    """The progress page: a server-rendered table the script fills in, with the quiz index as a data attribute."""
    index = quiz_index(r)
    data = json.dumps(index, ensure_ascii=False, sort_keys=True)  # autoescaped into an attribute
    return r.widget("quiz_progress.html.j2", root=r.href(routes.PROGRESS, routes.HOME), index=index, data=data, kept=kept_where(r))
