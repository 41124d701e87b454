"""Pages for trainers: a facilitator page per dialogue (at-a-glance coding, discussion prompts
derived from the coding, role-play cards, answer key) and chrome-free embed pages for LMS iframes.

Everything is derived from the dialogue YAML, so a changed dialogue changes its cards too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.model.book import Doc, QuizInfo, quizzes
from generator.model.content import ALLIANCE, ALSI, Dialogue, Turn
from generator.model.quiz import CONVERSIONS, Quiz
from generator.model.syntax import escape_raw_html
from generator.outputs import GeneratedPage
from generator.render import branching, routes
from generator.render.context import ALSI_VERBS, PageContext, front_matter
from generator.render.markdown import one_line, plain, text
from generator.render.pages import dialogue_widget, slip_name
from generator.render.question import question_data
from generator.render.quiz import quiz_widget
from generator.settings import OFFLINE_ZIP

# "Try to" lines on the provider's role-play card: one per guidance point the dialogue shows and per
# ALSI step in focus, addressed to this person by first name (no example borrowed from another dialogue).
TRY_POINT = {
    "step-into-their-shoes": "Find out how diabetes fits into {name}'s days, and say back what you understood.",
    "understand-not-repeat": "Reflect the meaning under {name}'s words, not the words themselves.",
    "warmth-beyond-words": "Show your attention before you speak: face {name}, and put the screen or the notes aside.",
    "check-dont-assume": "Offer your understanding as a guess, and check any plan in {name}'s own words.",
}
TRY_STEP = {
    "ask": "Ask an open question about {name}'s view before you give any advice.",
    "listen": "Reflect what {name} says or feels before you move on.",
    "summarise": "Draw together what {name} has told you, and check the picture.",
    "invite": "Ask permission before you offer information or options, and leave the choice with {name}.",
}


def try_lines(d: Dialogue) -> list[str]:
    name = (d.context.person or "the person").split(",")[0].strip()
    shown: list[str] = []
    for c in coded_turns(d):
        shown += [g for g in c.turn.guidance if g in TRY_POINT and g not in shown]
    lines = [TRY_STEP[s].format(name=name) for s in d.focus.alsi]
    lines += [TRY_POINT[g].format(name=name) for g in shown if TRY_POINT[g].format(name=name) not in lines]
    return lines


@dataclass(frozen=True)
class Coded:
    """An HCP turn with its number."""

    n: int
    turn: Turn


def coded_turns(d: Dialogue) -> list[Coded]:
    return [Coded(n, t) for n, t in enumerate(d.turns, start=1) if t.speaker == "hcp"]


def discussion_prompts(d: Dialogue, points: dict[str, str], slips: dict[str, str] | None = None) -> list[str]:
    """Questions for the room, derived from the coding (Markdown, one line each)."""
    coded = coded_turns(d)
    prompts: list[str] = []
    for c in coded:
        if c.turn.effect == "strains":
            parts = ", ".join(c.turn.alliance or [])
            named = ", ".join(f"*{(slips or {}).get(s, s).lower()}*" for s in c.turn.slips)
            slip = f" ({'slips' if len(c.turn.slips) > 1 else 'slip'}: {named})" if named else ""
            prompt = f"Turn {c.n} strains the alliance ({parts}){slip}. What did the provider assume there, and how might the person have felt?"
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


# Speaker labels that name a relationship or a role ("Daughter", "Support worker"), not a person.
RELATIONS = frozenset(
    {
        "dad", "mum", "mother", "father", "daughter", "son", "wife", "husband", "partner", "sister", "brother",
        "grandson", "granddaughter", "grandmother", "grandfather", "aunt", "uncle", "cousin", "niece", "nephew",
        "friend", "neighbour", "carer", "parent", "interpreter", "support worker",
    }
)


def who_they_are(name: str, person: str | None) -> str:
    """A role card's 'You are ...' for another speaker: "Winston's daughter", "Mai's interpreter",
    "the interpreter" when the person has no name, or the label itself when it is a name ("Michelle")."""
    if name.lower() not in RELATIONS:
        return name
    first = (person or "").split(",")[0].strip()
    return f"{first}'s {name.lower()}" if first else f"the {name.lower()}"


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


def facilitator_page(ctx: PageContext, doc: Doc[Dialogue]) -> GeneratedPage:
    """Facilitator notes for one dialogue, rendered with the site's PageContext (same templates and filters)."""
    d, doc_path = doc.model, doc.path
    src = routes.facilitator(d.id)
    points = {pid: p.title for pid, p in ctx.book.point_by_id.items()}
    codebook = ctx.book.codebook.model if ctx.book.codebook else None
    named = [s for t in [*d.turns, *d.nodes] for s in (*t.slips, *(x for r in t.defensible for x in r.slips or []))]
    slips: dict[str, str] = {s: slip_name(s, codebook) for s in named}
    speakers = ctx.speakers(d)
    others = [(name, who_they_are(name, d.context.person)) for name in sorted({t.name for t in d.turns if t.speaker == "other" and t.name})]
    person_lines = [t.text for t in d.turns if t.speaker == "pwd"]
    fm = front_matter(
        title=f"Facilitator notes: {d.title}",
        description=f"Discussion prompts, role-play cards and answer key: {d.title}.",
        hb_source=doc_path,
        hb_kind="facilitator",
    )
    md = ctx.page(
        "trainers_dialogue.md.j2",
        front_matter=Markup(fm),
        src=src,
        d=d,
        speakers=speakers,
        others=others,
        person_lines=person_lines,
        tally=tally(d),
        paths=branching.path_rows(d),
        coded=coded_turns(d),
        prompts=[Markup(escape_raw_html(p)) for p in discussion_prompts(d, points, slips)],
        slips=slips,
        codebook=codebook is not None,
        points=points,
        try_lines=try_lines(d),
        guidance_do={pid: p.do for pid, p in ctx.book.point_by_id.items()},
        cite=lambda text: one_line(ctx.cite_md(src, text)).replace("|", "\\|"),
    )
    return GeneratedPage(src, md, doc_path, f"Facilitator notes: {d.title}")


def facilitator_index(ctx: PageContext, _: None) -> GeneratedPage:
    dialogues = [doc.model for doc in ctx.book.dialogues]
    fm = front_matter(title="Facilitator notes for every dialogue", description="Role-play cards and discussion prompts.", hb_kind="facilitator-index")
    md = ctx.page("trainers_index.md.j2", front_matter=Markup(fm), src=routes.FACILITATOR_INDEX, dialogues=dialogues)
    return GeneratedPage(routes.FACILITATOR_INDEX, md, "content/dialogues", "Facilitator notes")


def embed_page(ctx: PageContext, doc: Doc[Dialogue]) -> GeneratedPage:
    """One dialogue without the site's chrome, for an LMS iframe."""
    d, doc_path = doc.model, doc.path
    src = routes.embed_dialogue(d.id)
    widget = dialogue_widget(ctx, d, src)
    home = ctx.url(routes.dialogue(d.id))
    fm = front_matter(title=d.title, description=plain(d.summary), hb_source=doc_path, hb_kind="embed", hb_open=home, template="embed.html", search={"exclude": True})
    md = ctx.page("embed_dialogue.md.j2", front_matter=Markup(fm), summary=Markup(ctx.cite_md(src, escape_raw_html(d.summary))), widget=Markup(widget))
    return GeneratedPage(src, md, doc_path, d.title)


def embed_quiz_page(ctx: PageContext, doc: Doc[Quiz]) -> GeneratedPage:
    """One module's self-check alone, for an LMS iframe; answers save like on the module page."""
    src = routes.embed_quiz(doc.model.id)
    module = ctx.book.module_by_id.get(doc.model.id)
    title = f"Self-check: {module.meta.title}" if module else f"Self-check: {doc.model.id}"
    home = ctx.url(routes.module(doc.model.id), routes.QUIZ_ANCHOR)
    fm = front_matter(title=title, hb_source=doc.path, hb_kind="embed", hb_quiz=True, hb_open=home, template="embed.html", search={"exclude": True})
    md = ctx.page("widget_page.md.j2", front_matter=Markup(fm), widget=Markup(quiz_widget(ctx, doc, src)))
    return GeneratedPage(src, md, doc.path, title)


class _SheetFormat:
    """A question on a printable sheet: every field on one line of Markdown, citations as links."""

    def __init__(self, ctx: PageContext, src: str) -> None:
        self.r, self.src = ctx, src

    def inline(self, text: str) -> str:
        return one_line(self.r.cite_md(self.src, text))

    block = inline

    def href(self, dialogue_id: str, turn: int | None = None) -> str:
        return routes.source_link(self.src, routes.dialogue(dialogue_id), routes.turn_anchor(turn) if turn else "")


Sheet = tuple[QuizInfo, bool]


def quiz_sheets(ctx: PageContext) -> list[Sheet]:
    """Every quiz's printable pages: a handout without answers and a facilitator version with them."""
    return [(q, answers) for q in quizzes(ctx.book) for answers in (False, True)]


def quiz_sheet(ctx: PageContext, sheet: Sheet) -> GeneratedPage:
    quiz, answers = sheet
    src = routes.quiz_sheet(quiz.id, answers=answers)
    title = f"{'Answer key' if answers else 'Handout'}: {quiz.title}"
    fm = front_matter(title=title, description=f"Self-check questions for {quiz.title}{', with answers' if answers else ''}.", hb_source=quiz.path, hb_kind="quiz-sheet", search={"exclude": True} if answers else None)
    questions = [question_data(q, quiz.id, ctx.dialogues, _SheetFormat(ctx, src)) for q in quiz.model.questions]
    md = ctx.page("trainers_quiz.md.j2", front_matter=Markup(fm), src=src, quiz=quiz.model, title=quiz.title, questions=questions, answers=answers)
    return GeneratedPage(src, md, quiz.path, title)


def quiz_sheets_index(ctx: PageContext, _: None) -> GeneratedPage:
    src = routes.QUIZ_SHEETS_INDEX
    fm = front_matter(title="Quiz handouts and answer keys", description="Printable self-check questions for every module.", hb_kind="quiz-sheets")
    md = ctx.page("quiz_sheets_index.md.j2", front_matter=Markup(fm), src=src, quizzes=quizzes(ctx.book))
    return GeneratedPage(src, md, "content/quizzes", "Quiz handouts")  # its nav label, shown as its heading


def question_bank_page(ctx: PageContext, _: None) -> GeneratedPage:
    """trainers/question-banks.md: the downloads, how to import them into Moodle, Canvas and
    Blackboard, what is tested, and which question types were converted how."""
    src = routes.QUESTION_BANKS
    fm = front_matter(title="Question banks for your LMS", description="Every quiz as Moodle XML, GIFT and QTI 1.2 (Canvas).", hb_kind="question-banks")
    md = ctx.page("question_banks.md.j2", front_matter=Markup(fm), src=src, conversions=CONVERSIONS, quizzes=quizzes(ctx.book))
    return GeneratedPage(src, md, "content/quizzes", "Question banks")


def offline_page(ctx: PageContext, _: None) -> GeneratedPage:
    """trainers/offline.md: the download link when `make publish` built the zip first, else how to get it."""
    src = routes.OFFLINE
    fm = front_matter(title="Offline copy", description="The whole handbook as a zip that opens from disk, search included.", hb_kind="offline")
    zip_name = OFFLINE_ZIP.rsplit("/", 1)[-1]
    md = ctx.page("offline.md.j2", front_matter=Markup(fm), src=src, available=ctx.settings.offline_available, zip_name=zip_name, zip_path=OFFLINE_ZIP)
    return GeneratedPage(src, md, "mkdocs.offline.yml", "Offline copy")
