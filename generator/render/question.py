"""One view of a question for everything that shows it: the quiz widget on module pages, the
printable handouts and answer keys, and the LMS question banks.

Each question type is converted here once, by its builder in VIEWS; the consumers format the
Markdown fields their own way (site HTML, handout Markdown, bank HTML) and never ask which type a
question is. A new question type is its model (model/quiz.py), one builder and one instruction
here, and its part of the templates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator.model.content import ALLIANCE, ALSI, Dialogue
from generator.model.quiz import Question
from generator.render import routes

# What the learner is asked to do, per question type (widget and handouts).
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


def display_order(n: int, seed: str) -> list[int]:
    """A fixed shuffle of range(n) that never equals the correct order (builds repeat)."""
    keyed = sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    if keyed == list(range(n)):
        keyed = keyed[1:] + keyed[:1]
    return keyed


@dataclass(frozen=True)
class ChoiceView:
    """One option. ``text`` is Markdown, or a fixed name (an alliance part, an ALSI step) when
    ``label`` is true. Next-response options also carry the person's reply and the effect."""

    text: str
    correct: bool
    feedback: str
    label: bool = False
    reply: str | None = None
    effect: str | None = None
    alliance: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadingView:
    """A defensible reading of the quoted turn, for a classify-turn or ALSI-step question: the
    choices (indexes) it picks and why the key differs. From the dialogue, never the quiz."""

    choices: tuple[int, ...]
    label: str
    reason: str


@dataclass(frozen=True)
class OrderItemView:
    text: str
    feedback: str


@dataclass(frozen=True)
class QuestionView:
    """A question, type-neutral: Markdown fields and structure, no formatting.

    Exactly one of ``choices``, ``order`` and ``model_answer`` is set. ``quoted`` is the one
    dialogue turn the question is about; ``excerpt`` the turns shown before a next response.
    """

    quiz: str
    id: str
    type: str
    prompt: str
    hints: tuple[str, ...]
    explanation: str
    choices: tuple[ChoiceView, ...] = ()
    multi: bool = False
    order: tuple[OrderItemView, ...] = ()
    shuffled: tuple[int, ...] = ()
    model_answer: str | None = None
    rubric: tuple[str, ...] = ()
    dialogue_id: str | None = None
    dialogue: Dialogue | None = None
    quoted: int | None = None
    excerpt: tuple[int, ...] = ()
    defensible: tuple[ReadingView, ...] = ()

    @property
    def instruction(self) -> str:
        return TYPE_LABELS[self.type]

    @property
    def dom(self) -> str:
        """The question's element id on its module page (QuizInfo.anchor)."""
        return routes.question_anchor(self.quiz, self.id)

    @property
    def kind(self) -> str:
        """What an LMS question bank makes of it: single | multiple | matching | essay."""
        if self.order:
            return "matching"
        if self.model_answer is not None:
            return "essay"
        return "multiple" if self.multi else "single"

    @property
    def shown_turns(self) -> tuple[int, ...]:
        """The dialogue turns the question quotes, in order (those that exist)."""
        turns = self.excerpt or ((self.quoted,) if self.quoted else ())
        count = len(self.dialogue.turns) if self.dialogue else 0
        return tuple(n for n in turns if 0 < n <= count)


Fields = dict[str, Any]
Dialogues = Mapping[str, Dialogue]


def _options(q: Any, ds: Dialogues, *, multi: bool) -> Fields:
    return {"multi": multi, "choices": tuple(ChoiceView(o.text or "", o.correct, o.feedback) for o in q.options)}


def _quoted(q: Any, ds: Dialogues) -> Fields:
    return {"dialogue_id": q.dialogue, "dialogue": ds.get(q.dialogue), "quoted": q.turn}


def _parts(q: Any, ds: Dialogues, *, names: tuple[str, ...], field: str) -> Fields:
    choices = tuple(ChoiceView(PART_NAMES[n], n in q.answer, getattr(q.feedback, n), label=True) for n in names)
    d = ds.get(q.dialogue)
    turn = d.turns[q.turn - 1] if d and 0 < q.turn <= len(d.turns) else None
    # The quoted turn's readings of this question's codes; an empty one (no step) cannot be answered here.
    readings = [(getattr(r, field), r.reason) for r in (turn.defensible if turn else [])]
    defensible = tuple(
        ReadingView(tuple(names.index(c) for c in codes), ", ".join(PART_NAMES[c] for c in codes), reason) for codes, reason in readings if codes
    )
    return {"multi": True, "choices": choices, "defensible": defensible, **_quoted(q, ds)}


def _next_response(q: Any, ds: Dialogues) -> Fields:
    choices = tuple(ChoiceView(o.text or "", o.correct, o.feedback, reply=o.reply or "", effect=o.effect, alliance=tuple(o.alliance or ())) for o in q.options)
    return {"choices": choices, "dialogue_id": q.dialogue, "dialogue": ds.get(q.dialogue), "excerpt": tuple(range(q.start, q.turn))}


def _order(q: Any, ds: Dialogues) -> Fields:
    return {"order": tuple(OrderItemView(it.text, it.feedback) for it in q.items)}


def _reflection(q: Any, ds: Dialogues) -> Fields:
    return {"model_answer": q.model_answer, "rubric": tuple(q.rubric)}


# One builder per question type: the fields only that type has.
VIEWS: dict[str, Callable[[Any, Dialogues], Fields]] = {
    "single": lambda q, ds: _options(q, ds, multi=False),
    "multiple": lambda q, ds: _options(q, ds, multi=True),
    "classify-turn": lambda q, ds: _parts(q, ds, names=ALLIANCE, field="alliance"),
    "alsi-step": lambda q, ds: _parts(q, ds, names=ALSI, field="alsi"),
    "next-response": _next_response,
    "order": _order,
    "reflection": _reflection,
}


def question_view(quiz_id: str, q: Question, dialogues: Dialogues) -> QuestionView:
    view = QuestionView(quiz=quiz_id, id=q.id, type=q.type, prompt=q.prompt, hints=tuple(q.hints), explanation=q.explanation, **VIEWS[q.type](q, dialogues))
    if view.order:
        return replace(view, shuffled=tuple(display_order(len(view.order), f"{quiz_id}/{q.id}")))
    return view
