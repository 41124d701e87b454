"""The course manifest: one JSON file (course.json at the site root) that course builders can
script against. Its format is documented in docs/trainers/manifest.md; bump VERSION on any
change that removes or renames a field."""

from __future__ import annotations

import json
from typing import Any

from generator.model.book import Handbook, QuizInfo, quizzes
from generator.outputs import GeneratedAsset
from generator.render.routes import QUIZ_ANCHOR, page_url

MANIFEST_PATH = "course.json"
VERSION = 1


def _quiz_url(q: QuizInfo, directory_urls: bool) -> str:
    return page_url(f"modules/{q.module or q.id}.md", directory_urls) + "#" + QUIZ_ANCHOR


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
            "question_url": page_url(f"modules/{q.module or q.id}.md", directory_urls) + f"#q-{q.id}-{{id}}",
            "handout_url": url(f"trainers/quizzes/{q.id}-handout.md"),
            "answers_url": url(f"trainers/quizzes/{q.id}.md"),
            "embed_url": url(f"embed/quizzes/{q.id}.md"),
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
                "url": url(f"modules/{meta.id}.md"),
                "minutes": meta.minutes,
                "summary": meta.summary,
                "objectives": list(meta.objectives),
                "prerequisites": list(meta.prerequisites),
                "dialogues": list(meta.dialogues),
                "quizzes": [{"id": q.id, "questions": q.questions} for q in mine],
                "redirect_from": [url(f"modules/{old}.md") for old in meta.redirect_from],
            }
        )
    dialogues = []
    for doc in book.dialogues:
        d = doc.model
        page = url(f"dialogues/{d.id}.md")
        dialogues.append(
            {
                "id": d.id,
                "title": d.title,
                "url": page,
                "turns": len(d.turns),
                "turn_url": page + "#turn-{n}",
                "focus": {"alliance": list(d.focus.alliance), "alsi": list(d.focus.alsi)},
                "themes": list(d.themes),
                "diabetes": d.context.diabetes,
                "setting": d.context.setting,
                "hcp": d.context.hcp,
                "facilitator_url": url(f"trainers/dialogues/{d.id}.md"),
                "embed_url": url(f"embed/dialogues/{d.id}.md"),
                "redirect_from": [url(f"dialogues/{old}.md") for old in d.redirect_from],
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
