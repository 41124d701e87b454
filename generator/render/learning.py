"""The learner's own pages (issue 22): the review queue (review/) and the learning record (record/).

Both are complete pages the learner's browser fills in from the saved answers (hb.store): the
generator writes what a script cannot know, the questions and turns a saved answer can be about, as
a data attribute (never JSON in a script: instant navigation re-runs scripts in the content).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator.outputs import GeneratedPage
from generator.render import routes
from generator.render.context import PageContext, front_matter
from generator.render.markdown import plain
from generator.render.question import speaker_names
from generator.render.quiz import turn_hash

# The review page asks again in place every question whose view has options to choose (a new
# choice type is included without a list of types here); the others (order, reflection) are
# answered again on their own page. Practised dialogue turns are not reviewed: a coded turn is
# locked on its page (dialogue.js), its first coding is what counts.


def review_items(ctx: PageContext) -> dict[str, dict[str, Any]]:
    """Every question a saved answer can be about, by its store id ("quiz/question"):
    its hash, type, where it is answered, and for a question asked in place its prompt, what it
    shows, options, key and explanation (plain text)."""
    src = routes.REVIEW

    def text(markdown: str) -> str:
        return plain(ctx.cite_html(src, markdown))

    items: dict[str, dict[str, Any]] = {}
    for m in ctx.book.modules:
        quiz = ctx.book.quiz_by_id.get(m.meta.id)
        if quiz is None:
            continue
        for q in quiz.model.questions:
            v = q.view(quiz.model.id, ctx.dialogues)
            item: dict[str, Any] = {
                "hash": q.saved_answer_hash(ctx.dialogues),
                "type": v.type,
                "from": m.meta.title,
                "href": ctx.href(src, routes.module(m.meta.id), routes.question_anchor(quiz.model.id, q.id)),
                "prompt": text(v.prompt),
            }
            if v.choices:
                shown: list[str] = []
                if v.dialogue is not None:
                    names = speaker_names(v.dialogue)
                    for n in v.shown_turns:
                        t = v.dialogue.turns[n - 1]
                        shown.append(f"{t.name if t.speaker == 'other' else names[t.speaker]}: {text(t.text)}")
                item |= {
                    "shown": shown,
                    "options": [c.text if c.label else text(c.text) for c in v.choices],
                    "correct": [i for i, c in enumerate(v.choices) if c.correct],
                    "multi": v.multi,
                    "readings": [{"i": list(r.choices), "reason": text(r.reason)} for r in v.defensible],
                    "key": ", ".join(c.text if c.label else text(c.text) for c in v.choices if c.correct),
                    "explanation": text(v.explanation),
                }
            items[f"{quiz.model.id}/{q.id}"] = item
    return items


def review_page(ctx: PageContext, _: None) -> GeneratedPage:
    src = routes.REVIEW
    data = json.dumps(review_items(ctx), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    fm = front_matter(
        title="Review",
        description="The questions you missed, back on a spaced schedule, saved in this browser.",
        hb_kind="review",
        search={"exclude": True},  # the page's data holds every answer
    )
    widget = ctx.widget("review.html.j2", root=ctx.href(src, routes.HOME), data=data, progress=ctx.href(src, routes.PROGRESS))
    md = ctx.page("widget_page.md.j2", front_matter=Markup(fm), widget=Markup(widget))
    return GeneratedPage(src, md, "content/quizzes", "Review")


def record_index(ctx: PageContext) -> dict[str, Any]:
    """What the learning record needs: each module with a quiz (title, its learning outcomes, its
    questions' ids and hashes) and each dialogue (its provider turns' ids, hashes and key codes)."""
    src = routes.RECORD
    modules = []
    for m in ctx.book.modules:
        quiz = ctx.book.quiz_by_id.get(m.meta.id)
        if quiz is None:
            continue
        modules.append(
            {
                "id": m.meta.id,
                "quiz": quiz.model.id,
                "title": m.meta.title,
                "href": ctx.href(src, routes.module(m.meta.id)),
                "outcomes": [plain(ctx.cite_html(src, o)) for o in m.meta.objectives],
                "questions": [[q.id, q.saved_answer_hash(ctx.dialogues)] for q in quiz.model.questions],
            }
        )
    dialogues = []
    for doc in ctx.book.dialogues:
        d = doc.model
        turns = [[routes.turn_anchor(n), turn_hash(t), list(t.alliance or []), list(t.alsi or [])] for n, t in enumerate(d.turns, start=1) if t.speaker == "hcp"]
        dialogues.append({"id": d.id, "title": d.title, "href": ctx.href(src, routes.dialogue(d.id)), "turns": turns})
    return {"modules": modules, "dialogues": dialogues}


def record_page(ctx: PageContext, _: None) -> GeneratedPage:
    src = routes.RECORD
    data = json.dumps(record_index(ctx), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    fm = front_matter(
        title="Your learning record",
        description="A dated record of the modules and dialogues you completed, to print or keep for your CPD portfolio.",
        hb_kind="record",
    )
    widget = ctx.widget("record.html.j2", root=ctx.href(src, routes.HOME), data=data, progress=ctx.href(src, routes.PROGRESS))
    md = ctx.page("widget_page.md.j2", front_matter=Markup(fm), widget=Markup(widget))
    return GeneratedPage(src, md, "content/quizzes", "Your learning record")
