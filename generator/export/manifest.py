"""The course manifest: one JSON file (course.json at the site root) that course builders can
script against. Its format is documented in docs/trainers/manifest.md; bump VERSION on any
change that removes or renames a field."""

from __future__ import annotations

import json
from typing import Any

from generator.model.book import Handbook, QuizInfo, quizzes
from generator.outputs import GeneratedAsset
from generator.render import routes
from generator.render.routes import page_url

MANIFEST_PATH = routes.MANIFEST
VERSION = 1


def _quiz_url(q: QuizInfo, directory_urls: bool) -> str:
    return page_url(routes.module(q.module or q.id), directory_urls) + "#" + routes.QUIZ_ANCHOR


def build_manifest(book: Handbook, *, directory_urls: bool = True, site_url: str = "") -> dict[str, Any]:
    """The manifest as plain data; every URL is relative to the site root."""

    def url(src: str) -> str:
        return page_url(src, directory_urls)

    qs = quizzes(book)
    quiz_entries = [
        {
            "id": q.id,
            "title": q.title,
            "module": q.module,
            "url": _quiz_url(q, directory_urls),
            "questions": q.questions,
            "question_ids": list(q.question_ids),
            "question_url": page_url(routes.module(q.module or q.id), directory_urls) + "#" + routes.question_anchor(q.id, "{id}"),
            "handout_url": url(routes.quiz_sheet(q.id, answers=False)),
            "answers_url": url(routes.quiz_sheet(q.id, answers=True)),
            "embed_url": url(routes.embed_quiz(q.id)),
        }
        for q in qs
    ]
    modules = []
    for m in book.modules:
        meta = m.meta
        mine = [q for q in qs if q.module == meta.id]
        modules.append(
            {
                "id": meta.id,
                "title": meta.title,
                "order": meta.order,
                "url": url(routes.module(meta.id)),
                "minutes": meta.minutes,
                "summary": meta.summary,
                "objectives": list(meta.objectives),
                "prerequisites": list(meta.prerequisites),
                "dialogues": list(meta.dialogues),
                "quizzes": [{"id": q.id, "questions": q.questions} for q in mine],
                "redirect_from": [url(routes.module(old)) for old in meta.redirect_from],
            }
        )
    dialogues = []
    for doc in book.dialogues:
        d = doc.model
        page = url(routes.dialogue(d.id))
        dialogues.append(
            {
                "id": d.id,
                "title": d.title,
                "url": page,
                "turns": len(d.turns),
                "turn_url": page + "#" + routes.turn_anchor("{n}"),
                "focus": {"alliance": list(d.focus.alliance), "alsi": list(d.focus.alsi)},
                "themes": list(d.themes),
                "diabetes": d.context.diabetes,
                "setting": d.context.setting,
                "hcp": d.context.hcp,
                "facilitator_url": url(routes.facilitator(d.id)),
                "embed_url": url(routes.embed_dialogue(d.id)),
                "redirect_from": [url(routes.dialogue(old)) for old in d.redirect_from],
            }
        )
    return {
        "version": VERSION,
        "site_url": site_url or None,
        "directory_urls": directory_urls,
        "modules": modules,
        "dialogues": dialogues,
        "quizzes": quiz_entries,
    }


def manifest_asset(book: Handbook, *, directory_urls: bool = True, site_url: str = "") -> GeneratedAsset:
    data = build_manifest(book, directory_urls=directory_urls, site_url=site_url)
    return GeneratedAsset(MANIFEST_PATH, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
