"""The one adapter from a question to template data, for everything that shows questions: the quiz
widget on module pages, the printable handouts and answer keys, and the LMS question banks.

Each question type builds its view (generator/model/questions/, ``view``); this module turns the
view into the data the templates and the banks read, with the Markdown fields formatted the
consumer's way (a ``Format``: site HTML with links relative to the page, one-line handout
Markdown, bank HTML). No consumer asks which type a question is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol

from generator.model.content import Dialogue
from generator.model.question import QuestionBase
from generator.model.question_view import ChoiceView, QuestionView
from generator.render.markdown import plain

# How a choice's effect reads in its tag ("Builds the bond and goal"); dialogue pages put a mark
# before it and "the alliance" after it (dialogue.html.j2).
EFFECT_LABELS = {"builds": "Builds", "strains": "Strains"}
EFFECT_MARKS = {"builds": "✔", "strains": "✘"}


class Format(Protocol):
    """How one consumer writes a question's Markdown fields and its links to the dialogue."""

    def inline(self, text: str) -> str:
        """A field shown inside a line: the prompt, an option, an item."""

    def block(self, text: str) -> str:
        """A field shown as its own block: feedback, an explanation, a turn."""

    def href(self, dialogue_id: str, turn: int | None = None) -> str:
        """The link to a dialogue page, or to one of its turns."""


def speaker_names(d: Dialogue) -> dict[str, str]:
    """How a dialogue names its two speakers."""
    person = d.context.person.split(",")[0].strip() if d.context.person else "Person with diabetes"
    hcp = d.context.hcp[:1].upper() + d.context.hcp[1:]
    return {"pwd": person, "hcp": hcp}


def _choice(c: ChoiceView, fmt: Format) -> dict[str, Any]:
    data: dict[str, Any] = {"i": c.i, "text": c.text if c.label else fmt.inline(c.text), "correct": c.correct, "feedback": fmt.block(c.feedback), "reply": None, "tag": None}
    if c.reply is not None:
        data |= {"tag": f"{EFFECT_LABELS[c.effect or '']} the {' and '.join(c.alliance)}", "effect": c.effect, "reply": fmt.block(c.reply)}
    return data


def _turn(d: Dialogue, n: int, fmt: Format) -> dict[str, Any]:
    t = d.turns[n - 1]
    who = t.name if t.speaker == "other" else speaker_names(d)[t.speaker]
    return {"n": n, "who": who, "speaker": t.speaker, "text": fmt.block(t.text), "href": fmt.href(d.id, n)}


def _defensible(v: QuestionView, fmt: Format) -> dict[str, Any] | None:
    """The quoted turn's defensible readings: shown in the answer, and as data for quiz.js."""
    if not v.defensible:
        return None
    data = [{"i": list(r.choices), "label": r.label, "reason": plain(r.reason)} for r in v.defensible]
    readings = [{"i": list(r.choices), "label": r.label, "html": fmt.block(r.reason)} for r in v.defensible]
    key = ", ".join(plain(c.text) for c in v.choices if c.correct)
    return {"readings": readings, "key": key, "data": json.dumps(data, ensure_ascii=False, separators=(",", ":"))}


def question_data(q: QuestionBase, quiz_id: str, dialogues: Mapping[str, Dialogue], fmt: Format) -> dict[str, Any]:
    """What every consumer shows of one question, its Markdown formatted by ``fmt``.

    ``quote`` is the quoted turn, ``excerpt`` the turns before a next response (each with ``who``,
    ``text`` and ``href``); ``order_items`` are in the order shown, ``answer_items`` in the right
    order; ``reflection`` holds the model answer and rubric."""
    v = q.view(quiz_id, dialogues)
    data: dict[str, Any] = {
        "id": v.id,
        "type": v.type,
        "bank": v.bank,
        "prompt": fmt.inline(v.prompt),
        "instruction": v.instruction,
        "hints": [fmt.block(h) for h in v.hints],
        "explanation": fmt.block(v.explanation),
        "choices": [_choice(c, fmt) for c in v.choices],
        "multi": v.multi,
        "defensible": _defensible(v, fmt),
        "dialogue": None,
        "quote": None,
        "excerpt": [],
        "person": None,
        "hcp": None,
        "order_items": [],
        "answer_items": [],
        "reflection": None,
    }
    if v.dialogue_id is not None:
        d = v.dialogue
        data["dialogue"] = {"title": d.title if d else v.dialogue_id, "href": fmt.href(v.dialogue_id)}
        if d is not None:
            shown = [_turn(d, n, fmt) for n in v.shown_turns]
            data |= {"person": speaker_names(d)["pwd"], "hcp": speaker_names(d)["hcp"]}
            data["excerpt" if v.excerpt else "quote"] = shown if v.excerpt else (shown[0] if shown else None)
    if v.order:
        items = [{"pos": i, "text": fmt.inline(it.text), "feedback": fmt.block(it.feedback)} for i, it in enumerate(v.order)]
        data["order_items"] = [items[i] for i in v.shuffled]
        data["answer_items"] = items
    if v.model_answer is not None:
        data["reflection"] = {"model": fmt.block(v.model_answer), "rubric": [fmt.block(x) for x in v.rubric]}
    return data
