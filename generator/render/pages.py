"""Render the checked handbook into Markdown pages (with server-rendered HTML widgets).

Pages are plain data; the page registry (registry.py) lists them, with what each shows. Every page
function takes the one PageContext (context.py) and names pages and anchors through routes.py.
"""

from __future__ import annotations

import heapq
import json
import re
from typing import Any

from markupsafe import Markup

from generator.model.book import Doc, ModuleDoc
from generator.model.content import ALLIANCE, ALSI, Codebook, Dialogue, Glossary, References, Turn, TurnRef
from generator.model.syntax import DIRECTIVE, escape_raw_html
from generator.outputs import GeneratedPage
from generator.render import branching, routes
from generator.render.context import PageContext, cite_label, front_matter
from generator.render.markdown import plain, render, render_inline
from generator.render.quiz import progress_markdown, quiz_widget, turn_hash
from generator.render.reliability import reliability_view

FACETS = (
    ("alliance", "Alliance part"),
    ("alsi", "ALSI step"),
    ("diabetes", "Diabetes"),
    ("setting", "Setting"),
    ("hcp", "Profession"),
    ("theme", "Theme"),
    ("slip", "Slip"),
    ("format", "Format"),
)

ORDER = {v: i for i, v in enumerate((*ALLIANCE, *ALSI))}


def facet_values(d: Dialogue) -> dict[str, list[str]]:
    """The gallery's filter values for one dialogue."""
    c = d.context
    slips: list[str] = sorted({s for t in d.turns for s in t.slips})
    return {"alliance": list(d.focus.alliance), "alsi": list(d.focus.alsi), "diabetes": [c.diabetes], "setting": [c.setting],
            "hcp": [c.hcp], "theme": list(d.themes), "slip": slips, "format": ["branching"] if d.branches else []}


def slip_name(slip: str, codebook: Codebook | None) -> str:
    """A slip in words: the codebook's name, else the id with spaces ('False reassurance')."""
    entry = next((s for s in codebook.slips if s.id == slip), None) if codebook else None
    return entry.name if entry else slip.replace("-", " ").capitalize()


def codebook_of(ctx: PageContext) -> Codebook | None:
    return ctx.book.codebook.model if ctx.book.codebook else None


def defensible_data(turn: Turn) -> str:
    """The turn's defensible readings as JSON for practise mode (plain reasons; a field left out
    of a reading, null here, is the key's)."""
    readings = [{"alliance": r.alliance, "alsi": r.alsi, "reason": plain(r.reason)} for r in turn.defensible if r.alliance is not None or r.alsi is not None]
    return json.dumps(readings, ensure_ascii=False, separators=(",", ":"))


def related_dialogues(d: Dialogue, others: dict[str, Dialogue], limit: int = 4) -> list[tuple[Dialogue, list[str]]]:
    """Explicit `related` first, then the dialogues sharing most themes and focus, with what they share."""
    themes = set(d.themes)
    mine = themes | set(d.focus.alliance) | set(d.focus.alsi)
    out = [(others[r], ["chosen by the authors"]) for r in d.related if r in others and r != d.id]
    # Every pair is scored, so this runs n times over n dialogues: keep the inner loop to set sizes.
    scored = []
    for o in others.values():
        if o.id == d.id or o.id in d.related:
            continue
        common = len(themes.intersection(o.themes))
        focus = sum(1 for f in (*o.focus.alliance, *o.focus.alsi) if f in mine)
        if common or focus:
            scored.append((-(3 * common + focus), o.id, o))
    for _, _, o in heapq.nsmallest(max(limit, len(d.related)), scored):
        out.append((o, [t for t in o.themes if t in themes] + [f for f in [*o.focus.alliance, *o.focus.alsi] if f in mine]))
    return out[: max(limit, len(d.related))]


def guidance_examples(ctx: PageContext, from_src: str) -> dict[str, list[dict[str, Any]]]:
    """For each guidance point, the dialogue turns that show it."""
    examples: dict[str, list[dict[str, Any]]] = {pid: [] for pid in ctx.book.point_by_id}
    for d in ctx.dialogues.values():
        for n, turn in enumerate(d.turns, start=1):
            for gid in turn.guidance:
                examples.setdefault(gid, []).append(
                    {"title": d.title, "turn": n, "href": ctx.href(from_src, routes.dialogue(d.id), routes.turn_anchor(n))}
                )
    return examples


def dialogue_page(ctx: PageContext, doc: Doc[Dialogue]) -> GeneratedPage:
    d, doc_path = doc.model, doc.path
    src = routes.dialogue(d.id)
    widget = dialogue_widget(ctx, d, src)
    related = related_dialogues(d, ctx.dialogues)
    fm = front_matter(title=d.title, description=plain(d.summary), hb_source=doc_path, hb_kind="dialogue")
    md = ctx.page("dialogue.md.j2", src=src, d=d, summary=Markup(ctx.cite_md(src, escape_raw_html(d.summary))), front_matter=Markup(fm), widget=Markup(widget), related=related, codebook=ctx.book.codebook is not None)
    return GeneratedPage(src, md, doc_path, d.title)


def dialogue_widget(ctx: PageContext, d: Dialogue, src: str) -> str:
    """The transcript widget with links relative to ``src`` (the dialogue page, or its embed page)."""
    guidance_module = ctx.settings.guidance_module
    points = ctx.book.point_by_id

    def guidance_href(gid: str) -> str:
        return ctx.href(src, routes.module(guidance_module), gid) if guidance_module in ctx.book.module_by_id else "#"

    base = routes.absolute(ctx.url(routes.dialogue(d.id)), ctx.site_url)
    replies: dict[int, tuple[int, Turn]] = {}
    for n, turn in enumerate(d.turns, start=1):
        if turn.alternative:
            nxt = next(((m, t) for m, t in enumerate(d.turns[n:], start=n + 1) if t.speaker != "hcp"), None)
            if nxt:
                replies[n] = nxt
    codebook = codebook_of(ctx)

    def codebook_href(anchor: str) -> str | None:
        return ctx.href(src, routes.CODEBOOK, anchor) if codebook else None

    return ctx.widget(
        "dialogue.html.j2",
        d=d,
        turn_hash=turn_hash,
        codebook_href=codebook_href,
        slip_name=lambda slip: slip_name(slip, codebook),
        defensible=defensible_data,
        turn_url=lambda anchor: f"{base}#{anchor}",
        replies=replies,
        speakers=ctx.speakers(d),
        guidance_href=guidance_href,
        guidance_title=lambda gid: points[gid].title if gid in points else gid,
        cited=lambda text: render(ctx.cite_html(src, text)),
        cited_inline=lambda text: render_inline(ctx.cite_html(src, text)),
        root=ctx.href(src, routes.HOME),
        branch=branching.view(d),
        package=ctx.settings.package,
    )


def gallery_page(ctx: PageContext, _: None) -> GeneratedPage:
    src = routes.GALLERY
    dialogues = [doc.model for doc in ctx.book.dialogues]
    strained = {d.id: any(t.alternative for t in d.turns) for d in dialogues}
    values = {d.id: facet_values(d) for d in dialogues}
    counts: dict[str, dict[str, int]] = {key: {} for key, _ in FACETS}
    for v in values.values():
        for key, vals in v.items():
            for val in vals:
                counts[key][val] = counts[key].get(val, 0) + 1
    labels = {slip: slip_name(slip, codebook_of(ctx)).lower() for v in values.values() for slip in v["slip"]}
    by_id = ctx.dialogues
    situations = [
        (s, [by_id[did] for did in s.dialogues if did in by_id]) for s in (ctx.book.situations.model.situations if ctx.book.situations else [])
    ]
    widget = ctx.widget(
        "gallery.html.j2",
        dialogues=dialogues,
        strained=strained,
        labels=labels,
        facets=[(key, label, sorted(counts[key].items(), key=lambda kv: (ORDER.get(kv[0], 9), kv[0]))) for key, label in FACETS],
        values=values,
        situations=[(s, shown) for s, shown in situations if shown],
        situation_anchor=routes.situation_anchor,
        href=lambda did: ctx.href(src, routes.dialogue(did)),
    )
    fm = front_matter(title="Practice gallery", description="Annotated example dialogues to learn from.", hb_kind="gallery")
    md = ctx.page("gallery.md.j2", front_matter=Markup(fm), widget=Markup(widget))
    return GeneratedPage(src, md, "content/dialogues", "Practice gallery")


def directive(ctx: PageContext, src: str, name: str, arg: str | None) -> str:
    """The HTML block for a ``[[figure: id]]``, ``[[dialogue: id]]`` or ``[[guidance]]`` line."""
    if name == "figure":
        figure = next(f.model for f in ctx.book.figures if f.model.id == arg)
        ref = ctx.refs.get(figure.source) if figure.source else None
        source = Markup(f'<a href="{ctx.href(src, routes.REFERENCES, routes.ref_anchor(ref.key))}">{cite_label(ref)}</a>') if ref else None
        return ctx.widget("figure.html.j2", f=figure, source=source)
    if name == "dialogue":
        d = ctx.dialogues[arg or ""]
        return ctx.widget("dialogue_card.html.j2", d=d, href=ctx.href(src, routes.dialogue(d.id)))
    points = [p.model_copy(update={"explanation": ctx.cite_html(src, p.explanation)}) for p in ctx.book.point_by_id.values()]
    return ctx.widget("guidance.html.j2", points=points, examples=guidance_examples(ctx, src))


def module_body(ctx: PageContext, module: ModuleDoc, src: str) -> str:
    body = ctx.cite_md(src, escape_raw_html(module.body))

    def replace(match: re.Match[str]) -> str:
        return "\n" + directive(ctx, src, match.group(1), match.group(2)) + "\n"

    return DIRECTIVE.sub(replace, body)


def module_page(ctx: PageContext, module: ModuleDoc) -> GeneratedPage:
    m = module.meta
    src = routes.module(m.id)
    modules = ctx.book.module_by_id
    prerequisites = [{"title": modules[p].meta.title, "href": ctx.href(src, routes.module(p))} for p in m.prerequisites if p in modules]
    dialogues = [ctx.dialogues[d] for d in m.dialogues if d in ctx.dialogues]
    quiz = ctx.book.quiz_by_id.get(m.id)
    fm = front_matter(
        title=m.title, description=plain(m.summary), hb_source=module.path, hb_kind="module", hb_module=m.id, hb_quiz=True if quiz else None
    )
    md = ctx.page(
        "module.md.j2",
        src=src,
        quiz=Markup(quiz_widget(ctx, quiz, src)) if quiz else None,
        quiz_meta={"id": quiz.model.id, "questions": len(quiz.model.questions)} if quiz else None,
        front_matter=Markup(fm),
        m=m,
        prerequisites=prerequisites,
        body=Markup(module_body(ctx, module, src)),
        dialogues=dialogues,
        abbreviations=Markup(ctx.abbreviations()),
    )
    return GeneratedPage(src, md, module.path, m.title)


def references_page(ctx: PageContext, doc: Doc[References]) -> GeneratedPage:
    refs = sorted(ctx.refs.values(), key=lambda r: (r.authors.lower(), r.year))
    source = ctx.refs.get(ctx.settings.source_key)
    fm = front_matter(title="References", description="Sources cited in the handbook.", hb_source=doc.path, hb_kind="references")
    md = ctx.page("references.md.j2", front_matter=Markup(fm), refs=refs, source_label=cite_label(source) if source else "its source article")
    return GeneratedPage(routes.REFERENCES, md, doc.path, "References")


def glossary_page(ctx: PageContext, doc: Doc[Glossary]) -> GeneratedPage:
    terms = [
        {"term": t.term, "abbr": t.abbr, "definition": ctx.cite_html(routes.GLOSSARY, t.definition), "anchor": re.sub(r"[^a-z0-9]+", "-", t.term.lower()).strip("-")}
        for t in sorted(doc.model.terms, key=lambda t: t.term.lower())
    ]
    fm = front_matter(title="Glossary", description="Terms and abbreviations used in the handbook.", hb_source=doc.path, hb_kind="glossary")
    md = ctx.page("glossary.md.j2", front_matter=Markup(fm), terms=terms)
    return GeneratedPage(routes.GLOSSARY, md, doc.path, "Glossary")


def progress_page(ctx: PageContext, _: None) -> GeneratedPage:
    fm = front_matter(title="Your progress", description="Self-check completion and scores, saved in this browser.", hb_kind="progress", hb_quiz=True)
    md = ctx.page("widget_page.md.j2", front_matter=Markup(fm), widget=Markup(progress_markdown(ctx)))
    return GeneratedPage(routes.PROGRESS, md, "content/quizzes", "Your progress")


def turn_example(ctx: PageContext, from_src: str, ref: TurnRef) -> dict[str, Any] | None:
    """A quoted turn for the codebook: who says it, the text, its coding and a deep link."""
    d = ctx.dialogues.get(ref.dialogue)
    if d is None or not 1 <= ref.turn <= len(d.turns):
        return None
    turn = d.turns[ref.turn - 1]
    said: Any = turn.alternative if ref.better and turn.alternative else turn
    return {
        "title": d.title,
        "n": ref.turn,
        "better": ref.better,
        "who": ctx.speakers(d)["hcp"],
        "text": said.text,
        "alliance": ", ".join(said.alliance or []),
        "alsi": ", ".join(said.alsi or []) or "none",
        "href": routes.source_link(from_src, routes.dialogue(d.id), routes.turn_anchor(ref.turn, better=ref.better)),
    }


def codebook_page(ctx: PageContext, doc: Doc[Codebook]) -> GeneratedPage:
    """codebook.md: every alliance part, ALSI step, decision rule and slip, each with real turns;
    the turns under each slip come from the dialogues, so a new dialogue appears by itself."""
    src = routes.CODEBOOK
    cb = doc.model
    slipped: dict[str, list[dict[str, Any]]] = {s.id: [] for s in cb.slips}
    for d in ctx.dialogues.values():
        for n, turn in enumerate(d.turns, start=1):
            example = turn_example(ctx, src, TurnRef(dialogue=d.id, turn=n)) if turn.slips else None
            for slip in turn.slips:
                if example is not None:
                    slipped.setdefault(slip, []).append(example)
    for found in slipped.values():
        found.sort(key=lambda e: (e["title"].lower(), e["n"]))
    fm = front_matter(
        title="Codebook",
        description="How every turn in the handbook is coded: alliance parts, ALSI steps, decision rules and slips.",
        hb_source=doc.path,
        hb_kind="codebook",
    )
    md = ctx.page(
        "codebook.md.j2",
        front_matter=Markup(fm),
        cb=cb,
        example=lambda ref: turn_example(ctx, src, ref),
        slipped=slipped,
        reliability=reliability_view(ctx.book, cb),
        prose=lambda text: Markup(ctx.cite_md(src, escape_raw_html(text))),
        line=lambda text: Markup(re.sub(r"\s*\n\s*", " ", ctx.cite_md(src, escape_raw_html(text))).strip()),
    )
    return GeneratedPage(src, md, doc.path, "Codebook")
