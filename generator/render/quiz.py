"""Server-rendered quizzes: complete HTML that reads well without JavaScript (answers and
explanations in <details>, kept out of the search index); generator/static/quiz.js enhances it.

Also the progress page, which carries the list of quizzes as embedded JSON for the script.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from markupsafe import Markup

from generator.model.book import Doc
from generator.model.content import ALLIANCE, ALSI, Dialogue, Turn
from generator.model.quiz import AlsiStep, ClassifyTurn, Multiple, NextResponse, Order, Question, Quiz, Reflection, Single
from generator.render import routes
from generator.render.context import PageContext
from generator.render.markdown import render, render_inline


def turn_hash(turn: Turn) -> str:
    """A short hash of what a practise question asks (the turn's text and its coding)."""
    data = json.dumps([turn.text, turn.alliance, turn.alsi], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:10]


TYPE_LABELS = {
    "single": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "classify-turn": "Which part or parts of the alliance does this turn work on? Choose every one that applies.",
    "alsi-step": "Which ALSI step or steps does this turn take? Choose every one that applies.",
    "order": "Put the items in order.",
    "next-response": "Choose the reply you would give next.",
    "reflection": "Write your reply, then compare it with a model answer.",
}
EFFECT_LABELS = {"builds": "Builds", "strains": "Strains"}
PART_NAMES = {"bond": "Bond", "task": "Task", "goal": "Goal", "ask": "Ask", "listen": "Listen", "summarise": "Summarise", "invite": "Invite"}


def question_hash(q: Question, dialogues: dict[str, Dialogue]) -> str:
    """A short hash of everything the learner sees: a changed question drops only its own saved answer."""
    parts = [q.model_dump_json()]
    if isinstance(q, ClassifyTurn | AlsiStep | NextResponse) and q.dialogue in dialogues:
        d = dialogues[q.dialogue]
        parts += [t.text for t in d.turns[: q.turn]]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


def display_order(n: int, seed: str) -> list[int]:
    """A fixed shuffle of range(n) that never equals the correct order (builds repeat)."""
    keyed = sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    if keyed == list(range(n)):
        keyed = keyed[1:] + keyed[:1]
    return keyed


class QuizView:
    """Turns one quiz into template data, with links and citations relative to its page."""

    def __init__(self, r: PageContext, src: str) -> None:
        self.r = r
        self.src = src

    def md(self, text: str) -> Markup:
        return render(self.r.cite_html(self.src, text))

    def mdi(self, text: str) -> Markup:
        return render_inline(self.r.cite_html(self.src, text))

    def turn_href(self, did: str, n: int) -> str:
        return self.r.href(self.src, routes.dialogue(did), routes.turn_anchor(n))

    def turn(self, d: Dialogue, n: int) -> dict[str, Any]:
        t = d.turns[n - 1]
        speakers = self.r.speakers(d)
        who = t.name if t.speaker == "other" else speakers[t.speaker]
        return {"n": n, "who": who, "speaker": t.speaker, "text": self.md(t.text), "href": self.turn_href(d.id, n)}

    def choices(self, q: Question) -> list[dict[str, Any]]:
        if isinstance(q, Single | Multiple):
            return [{"text": self.mdi(o.text), "correct": o.correct, "feedback": self.md(o.feedback)} for o in q.options]
        if isinstance(q, NextResponse):
            return [
                {
                    "text": self.mdi(o.text),
                    "correct": o.correct,
                    "feedback": self.md(o.feedback),
                    "tag": f"{EFFECT_LABELS[o.effect]} the {' and '.join(o.alliance)}",
                    "effect": o.effect,
                    "reply": self.md(o.reply),
                }
                for o in q.options
            ]
        if isinstance(q, ClassifyTurn | AlsiStep):
            names = ALLIANCE if isinstance(q, ClassifyTurn) else ALSI
            return [
                {"text": Markup(PART_NAMES[n]), "correct": n in q.answer, "feedback": self.md(getattr(q.feedback, n))} for n in names
            ]
        return []

    def question(self, quiz: Quiz, q: Question, number: int) -> dict[str, Any]:
        dialogues = self.r.dialogues
        view: dict[str, Any] = {
            "id": q.id,
            "dom": routes.question_anchor(quiz.id, q.id),
            "type": q.type,
            "number": number,
            "hash": question_hash(q, dialogues),
            "prompt": self.mdi(q.prompt),
            "instruction": TYPE_LABELS[q.type],
            "hints": [self.md(h) for h in q.hints],
            "explanation": self.md(q.explanation),
            "choices": self.choices(q),
            "multi": isinstance(q, Multiple | ClassifyTurn | AlsiStep),
            "quote": None,
            "excerpt": [],
            "order_items": [],
            "reflection": None,
            "dialogue": None,
        }
        if isinstance(q, ClassifyTurn | AlsiStep | NextResponse):
            d = dialogues[q.dialogue]
            view["dialogue"] = {"title": d.title, "href": self.r.href(self.src, routes.dialogue(d.id))}
            if isinstance(q, NextResponse):
                view["excerpt"] = [self.turn(d, n) for n in range(q.start, q.turn)]
                view["person"] = self.r.speakers(d)["pwd"]
            else:
                view["quote"] = self.turn(d, q.turn)
        if isinstance(q, Order):
            items = [{"pos": i, "text": self.mdi(it.text), "feedback": self.md(it.feedback)} for i, it in enumerate(q.items)]
            view["order_items"] = [items[i] for i in display_order(len(items), f"{quiz.id}/{q.id}")]
            view["answer_items"] = items
        if isinstance(q, Reflection):
            view["reflection"] = {"model": self.md(q.model_answer), "rubric": [self.md(x) for x in q.rubric]}
        return view

    def quiz(self, doc: Doc[Quiz]) -> dict[str, Any]:
        quiz = doc.model
        progress = self.r.href(self.src, routes.PROGRESS)
        return {"id": quiz.id, "progress_href": progress, "root": self.r.href(self.src, routes.HOME), "questions": [self.question(quiz, q, i) for i, q in enumerate(quiz.questions, start=1)]}


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
            {"id": q.id, "hash": question_hash(q, r.dialogues), "type": q.type, "alliance": list(q.alliance), "alsi": list(q.alsi)}
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
    return r.widget("quiz_progress.html.j2", root=r.href(routes.PROGRESS, routes.HOME), index=index, data=data)
