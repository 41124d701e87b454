"""Pages for trainers: a facilitator page per dialogue (at-a-glance coding, discussion prompts
derived from the coding, role-play cards, answer key) and chrome-free embed pages for LMS iframes.

Everything is derived from the dialogue YAML, so a changed dialogue changes its cards too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.model.book import Doc, Handbook, QuizInfo, quizzes
from generator.model.content import ALLIANCE, ALSI, Dialogue, Turn
from generator.model.quiz import CONVERSIONS, AlsiStep, ClassifyTurn, Multiple, NextResponse, Order, Question, Quiz, Reflection, Single
from generator.outputs import GeneratedPage
from generator.render.markdown import escape_raw_html, plain, text
from generator.render.pages import EFFECTS, Renderer, front_matter
from generator.render.quiz import TYPE_LABELS, display_order, quiz_widget
from generator.render.routes import QBANK_FILES as FILES
from generator.render.routes import QBANK_FOLDER as FOLDER
from generator.render.routes import page_url

ALSI_VERBS = {"ask": "asks", "listen": "listens and reflects", "summarise": "summarises", "invite": "invites"}
ALLIANCE_WATCH = {
    "bond": "warmth, respect, feeling understood: does the person open up or close down?",
    "task": "what each of you will actually do: is it agreed, or announced?",
    "goal": "what you are both working towards: is it the person's goal too?",
}


@dataclass(frozen=True)
class Coded:
    """An HCP turn with its number."""

    n: int
    turn: Turn


def _inline(text: str) -> Markup:
    """A Markdown field on one line (list items, table cells, quotes), raw HTML escaped."""
    return Markup(re.sub(r"\s*\n\s*", " ", escape_raw_html(text)).strip())


def coded_turns(d: Dialogue) -> list[Coded]:
    return [Coded(n, t) for n, t in enumerate(d.turns, start=1) if t.speaker == "hcp"]


def discussion_prompts(d: Dialogue, points: dict[str, str]) -> list[str]:
    """Questions for the room, derived from the coding (Markdown, one line each)."""
    coded = coded_turns(d)
    prompts: list[str] = []
    for c in coded:
        if c.turn.effect == "strains":
            parts = ", ".join(c.turn.alliance or [])
            prompt = f"Turn {c.n} strains the alliance ({parts}). What did the provider assume there, and how might the person have felt?"
            if c.turn.alternative:
                prompt += " Compare it with the better reply shown under that turn: what changed?"
            else:
                prompt += " What would you say instead?"
            prompts.append(prompt)
    for part in d.focus.alliance:
        turns = [str(c.n) for c in coded if part in (c.turn.alliance or [])]
        if turns:
            prompts.append(f"Which provider turns work on the **{part}**? (Key: turns {', '.join(turns)}.) Which one did most for it, and why?")
    for step in d.focus.alsi:
        turns = [str(c.n) for c in coded if step in (c.turn.alsi or [])]
        if turns:
            prompts.append(f"Find the turns where the provider {ALSI_VERBS[step]}. (Key: turns {', '.join(turns)}.) What did the person say next each time?")
    for c in coded:
        for gid in c.turn.guidance:
            prompts.append(f"Turn {c.n} shows the guidance point *{text(points.get(gid, gid))}*. What in the wording shows it?")
    prompts.append("If you had ten minutes with this person, what would you keep from this conversation, and what would you do differently?")
    return prompts


def tally(d: Dialogue) -> dict[str, Any]:
    coded = coded_turns(d)
    return {
        "turns": len(d.turns),
        "hcp": len(coded),
        "builds": [c.n for c in coded if c.turn.effect == "builds"],
        "strains": [c.n for c in coded if c.turn.effect == "strains"],
        "alliance": {p: [c.n for c in coded if p in (c.turn.alliance or [])] for p in ALLIANCE},
        "alsi": {s: [c.n for c in coded if s in (c.turn.alsi or [])] for s in ALSI},
    }


class TrainerPages:
    """Facilitator and embed pages, rendered with the site's Renderer (same templates and filters)."""

    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer
        self.r.env.filters["inline"] = _inline

    def facilitator_page(self, doc_path: str, d: Dialogue) -> GeneratedPage:
        src = f"trainers/dialogues/{d.id}.md"
        points = {pid: p.title for pid, p in self.r.points.items()}
        speakers = self.r.speakers(d)
        others = sorted({t.name for t in d.turns if t.speaker == "other" and t.name})
        person_lines = [t.text for t in d.turns if t.speaker == "pwd"]
        fm = front_matter(
            title=f"Facilitator notes: {d.title}",
            description=f"Discussion prompts, role-play cards and answer key: {d.title}.",
            hb_source=doc_path,
            hb_kind="facilitator",
        )
        md = self.r.page(
            "trainers_dialogue.md.j2",
            front_matter=Markup(fm),
            d=d,
            speakers=speakers,
            others=others,
            person_lines=person_lines,
            tally=tally(d),
            coded=coded_turns(d),
            prompts=[Markup(escape_raw_html(p)) for p in discussion_prompts(d, points)],
            points=points,
            guidance_do={pid: p.do for pid, p in self.r.points.items()},
            watch=ALLIANCE_WATCH,
            alsi_verbs=ALSI_VERBS,
            effects=EFFECTS,
            cite=lambda text: _inline(self.r.cite_md(src, text)).replace("|", "\\|"),
        )
        return GeneratedPage(src, md, doc_path, f"Facilitator notes: {d.title}")

    def facilitator_index(self) -> GeneratedPage:
        dialogues = [doc.model for doc in self.r.book.dialogues]
        fm = front_matter(title="Facilitator notes for every dialogue", description="Role-play cards and discussion prompts.", hb_kind="facilitator-index")
        md = self.r.page("trainers_index.md.j2", front_matter=Markup(fm), dialogues=dialogues)
        return GeneratedPage("trainers/dialogues/index.md", md, "content/dialogues", "Facilitator notes")

    def embed_page(self, doc_path: str, d: Dialogue) -> GeneratedPage:
        src = f"embed/dialogues/{d.id}.md"
        widget = self.r.dialogue_widget(d, src)
        home = page_url(f"dialogues/{d.id}.md", self.r.directory_urls)
        fm = front_matter(title=d.title, description=plain(d.summary), hb_source=doc_path, hb_kind="embed", hb_open=home, template="embed.html", search={"exclude": True})
        md = f"{fm}\n{self.r.cite_md(src, escape_raw_html(d.summary))}\n\n{widget}\n"
        return GeneratedPage(src, md, doc_path, d.title)

    def embed_quiz_page(self, doc: Doc[Quiz]) -> GeneratedPage:
        """One module's self-check alone, for an LMS iframe; answers save like on the module page."""
        src = f"embed/quizzes/{doc.model.id}.md"
        module = self.r.modules.get(doc.model.id)
        title = f"Self-check: {module.meta.title}" if module else f"Self-check: {doc.model.id}"
        home = page_url(f"modules/{doc.model.id}.md", self.r.directory_urls) + "#check-your-understanding"
        fm = front_matter(title=title, hb_source=doc.path, hb_kind="embed", hb_quiz=True, hb_open=home, template="embed.html", search={"exclude": True})
        return GeneratedPage(src, fm + "\n" + quiz_widget(self.r, doc, src) + "\n", doc.path, title)

    def all_pages(self) -> list[GeneratedPage]:
        pages = [self.facilitator_page(doc.path, doc.model) for doc in self.r.book.dialogues]
        pages += [self.embed_page(doc.path, doc.model) for doc in self.r.book.dialogues]
        pages += [self.embed_quiz_page(doc) for doc in self.r.book.quizzes]
        pages.append(self.facilitator_index())
        return pages


class QuizSheets:
    """Printable quiz pages: a handout without answers and a facilitator version with them."""

    def __init__(self, renderer: Renderer) -> None:
        self.r = renderer

    def text(self, src: str, value: str) -> Markup:
        return _inline(self.r.cite_md(src, value))

    def question(self, src: str, quiz: QuizInfo, q: Question) -> dict[str, Any]:
        view: dict[str, Any] = {"id": q.id, "prompt": self.text(src, q.prompt), "instruction": TYPE_LABELS.get(q.type, ""), "quote": None, "excerpt": [],
                                "choices": [], "order_items": [], "reflection": None, "explanation": self.text(src, q.explanation)}
        if isinstance(q, Single | Multiple):
            view["choices"] = [{"text": self.text(src, o.text), "correct": o.correct, "feedback": self.text(src, o.feedback), "reply": None} for o in q.options]
        elif isinstance(q, ClassifyTurn | AlsiStep):
            names = ALLIANCE if isinstance(q, ClassifyTurn) else ALSI
            view["choices"] = [
                {"text": n.capitalize(), "correct": n in q.answer, "feedback": self.text(src, getattr(q.feedback, n)), "reply": None} for n in names
            ]
        elif isinstance(q, NextResponse):
            view["choices"] = [
                {"text": self.text(src, o.text), "correct": o.correct, "feedback": self.text(src, o.feedback), "reply": self.text(src, o.reply)} for o in q.options
            ]
        elif isinstance(q, Order):
            items = [{"text": self.text(src, it.text), "feedback": self.text(src, it.feedback)} for it in q.items]
            view["order_items"] = [items[i] for i in display_order(len(items), f"{quiz.id}/{q.id}")]
            view["order_items_correct"] = items
        elif isinstance(q, Reflection):
            view["reflection"] = {"model": self.text(src, q.model_answer), "rubric": [self.text(src, x) for x in q.rubric]}
        if isinstance(q, ClassifyTurn | AlsiStep | NextResponse) and q.dialogue in self.r.dialogues:
            d = self.r.dialogues[q.dialogue]
            speakers = self.r.speakers(d)

            def line(n: int) -> dict[str, Any]:
                t = d.turns[n - 1]
                return {"n": n, "who": t.name if t.speaker == "other" else speakers[t.speaker], "text": self.text(src, t.text)}

            view["dialogue"] = d.title
            view["hcp"] = speakers["hcp"]
            if isinstance(q, NextResponse):
                view["excerpt"] = [line(n) for n in range(q.start, q.turn)]
            else:
                view["quote"] = line(q.turn)
        return view

    def page(self, quiz: QuizInfo, *, answers: bool) -> GeneratedPage:
        src = f"trainers/quizzes/{quiz.id}{'' if answers else '-handout'}.md"
        title = f"{'Answer key' if answers else 'Handout'}: {quiz.title}"
        fm = front_matter(title=title, description=f"Self-check questions for {quiz.title}{', with answers' if answers else ''}.", hb_source=quiz.path, hb_kind="quiz-sheet", search={"exclude": True} if answers else None)
        questions = [self.question(src, quiz, q) for q in quiz.model.questions]
        md = self.r.page("trainers_quiz.md.j2", front_matter=Markup(fm), quiz=quiz.model, title=quiz.title, questions=questions, answers=answers)
        return GeneratedPage(src, md, quiz.path, title)

    def index(self, qs: list[QuizInfo]) -> GeneratedPage:
        fm = front_matter(title="Quiz handouts and answer keys", description="Printable self-check questions for every module.", hb_kind="quiz-sheets")
        lines = [
            "Print a handout for learners and keep the answer key for yourself. For your LMS:",
            "[question banks in Moodle XML, GIFT and QTI 1.2](../question-banks.md).",
            "",
            "| Module | Questions | Handout | Answer key |",
            "|---|---|---|---|",
        ]
        lines += [f"| {text(q.title)} | {q.questions} | [handout]({q.id}-handout.md) | [answers]({q.id}.md) |" for q in qs]
        return GeneratedPage("trainers/quizzes/index.md", fm + "\n".join(lines) + "\n", "content/quizzes", "Quiz handouts and answer keys")

    def all_pages(self) -> list[GeneratedPage]:
        qs = quizzes(self.r.book)
        if not qs:
            return []
        pages = [self.page(q, answers=a) for q in qs for a in (False, True)]
        return [*pages, self.index(qs)]


def question_bank_page(book: Handbook) -> list[GeneratedPage]:
    """trainers/question-banks.md: the downloads, and which question types were converted how."""
    qs = quizzes(book)
    if not qs:
        return []
    fm = front_matter(title="Question banks for your LMS", description="Every quiz as Moodle XML, GIFT and QTI 1.2 (Canvas).", hb_kind="question-banks")
    base = f"../{FOLDER}/"
    lines = [
        "All quizzes, with feedback for every option, ready to import into a learning management system.",
        "The build produces them from the same YAML as the pages.",
        "",
        f"- [Moodle XML]({base}{FILES['moodle']}): Moodle, Question bank > Import > Moodle XML format.",
        f"- [GIFT]({base}{FILES['gift']}): Moodle, Question bank > Import > GIFT format.",
        f"- [QTI 1.2 package (.zip)]({base}{FILES['qti']}): Canvas, Settings > Import course content > QTI .zip file.",
        f"- [README]({base}{FILES['readme']}): these notes as text.",
        "",
        "## Converted question types",
        "",
        "The handbook's own question types are converted to the nearest type every format supports; none is left out.",
        "",
        "| Handbook type | In the question banks |",
        "|---|---|",
    ]
    lines += [f"| {t} | {how} |" for t, how in CONVERSIONS.items()]
    lines += ["", "## Questions per quiz", "", "| Quiz | Questions |", "|---|---|"]
    lines += [f"| [{q.title}](../modules/{q.id}.md#check-your-understanding) | {q.questions} |" for q in qs]
    return [GeneratedPage("trainers/question-banks.md", fm + "\n".join(lines) + "\n", "content/quizzes", "Question banks")]


def offline_page(available: bool) -> GeneratedPage:
    """trainers/offline.md: the download link when `make publish` built the zip first, else how to get it."""
    fm = front_matter(title="Offline copy", description="The whole handbook as a zip that opens from disk, search included.", hb_kind="offline")
    body = [
        "The whole handbook as one zip, for rooms without internet: unzip it and open `handbook/index.html`",
        "in a browser. Navigation and search work from disk, with no server and no network.",
        "",
    ]
    if available:
        body.append("[Download the offline copy (handbook-offline.zip)](../downloads/handbook-offline.zip)")
    else:
        body += [
            "This build does not include the zip. The published site has it at `downloads/handbook-offline.zip`;",
            "to make it yourself, run `make offline` (it writes `dist/handbook-offline.zip`), or `make publish`",
            "to build the site with the zip linked here.",
        ]
    return GeneratedPage("trainers/offline.md", fm + "\n".join(body) + "\n", "mkdocs.offline.yml", "Offline copy")


def trainer_pages(renderer: Renderer, *, offline_available: bool) -> list[GeneratedPage]:
    """Facilitator and embed pages, quiz sheets, the question-bank page and the offline page."""
    pages = TrainerPages(renderer).all_pages() + QuizSheets(renderer).all_pages() + question_bank_page(renderer.book)
    return [*pages, offline_page(offline_available)]
