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
from generator.model.content import Dialogue, Turn
from generator.model.quiz import Question, Quiz
from generator.render import routes
from generator.render.context import PageContext
from generator.render.markdown import plain, render, render_inline
from generator.render.question import EFFECT_LABELS, ChoiceView, QuestionView, question_view


def turn_hash(turn: Turn) -> str:
    """A short hash of what a practise question asks (the turn's text and its coding)."""
    data = json.dumps([turn.text, turn.alliance, turn.alsi], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:10]


def stable_dump(q: Question) -> str:
    """The question as JSON, as pydantic wrote it before options could quote a turn: a quoted
    option is filled from its dialogue, and its `quote` key is left out, so turning a copied
    option into a reference keeps the learner's saved answer."""
    data = q.model_dump(mode="json")
    for option in data.get("options", []):
        option.pop("quote", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def question_hash(q: Question, dialogues: dict[str, Dialogue]) -> str:
    """A short hash of everything the learner sees: a changed question drops only its own saved answer."""
    parts = [stable_dump(q)]
    d = dialogues.get(getattr(q, "dialogue", ""))
    if d is not None:  # questions on a dialogue: the turns up to the one asked about
        parts += [t.text for t in d.turns[: getattr(q, "turn", 0)]]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


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

    def choice(self, c: ChoiceView) -> dict[str, Any]:
        out: dict[str, Any] = {"text": Markup(c.text) if c.label else self.mdi(c.text), "correct": c.correct, "feedback": self.md(c.feedback)}
        if c.reply is not None:
            out |= {"tag": f"{EFFECT_LABELS[c.effect or '']} the {' and '.join(c.alliance)}", "effect": c.effect, "reply": self.md(c.reply)}
        return out

    def defensible(self, v: QuestionView) -> dict[str, Any] | None:
        """The quoted turn's defensible readings: shown in the answer, and as data for quiz.js."""
        if not v.defensible:
            return None
        data = [{"i": list(r.choices), "label": r.label, "reason": plain(r.reason)} for r in v.defensible]
        readings = [{"i": list(r.choices), "label": r.label, "html": self.md(r.reason)} for r in v.defensible]
        key = ", ".join(plain(c.text) for c in v.choices if c.correct)
        return {"readings": readings, "key": key, "data": json.dumps(data, ensure_ascii=False, separators=(",", ":"))}

    def question(self, quiz: Quiz, q: Question, number: int) -> dict[str, Any]:
        dialogues = self.r.dialogues
        v = question_view(quiz.id, q, dialogues)
        view: dict[str, Any] = {
            "id": v.id,
            "dom": v.dom,
            "type": v.type,
            "number": number,
            "hash": question_hash(q, dialogues),
            "prompt": self.mdi(v.prompt),
            "instruction": v.instruction,
            "hints": [self.md(h) for h in v.hints],
            "explanation": self.md(v.explanation),
            "choices": [self.choice(c) for c in v.choices],
            "multi": v.multi,
            "quote": None,
            "defensible": self.defensible(v),
            "excerpt": [],
            "order_items": [],
            "reflection": None,
            "dialogue": None,
        }
        if v.dialogue_id is not None:
            d = dialogues[v.dialogue_id]
            view["dialogue"] = {"title": d.title, "href": self.r.href(self.src, routes.dialogue(d.id))}
            if v.excerpt:
                view["excerpt"] = [self.turn(d, n) for n in v.excerpt]
                view["person"] = self.r.speakers(d)["pwd"]
            elif v.quoted:
                view["quote"] = self.turn(d, v.quoted)
        if v.order:
            items = [{"pos": i, "text": self.mdi(it.text), "feedback": self.md(it.feedback)} for i, it in enumerate(v.order)]
            view["order_items"] = [items[i] for i in v.shuffled]
            view["answer_items"] = items
        if v.model_answer is not None:
            view["reflection"] = {"model": self.md(v.model_answer), "rubric": [self.md(x) for x in v.rubric]}
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
