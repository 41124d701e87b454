"""Render the checked handbook into Markdown pages (with server-rendered HTML widgets).

Pages are plain data; the MkDocs hook and the command line both take them from here.
"""

from __future__ import annotations

import heapq
import json
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator.model.book import Handbook, ModuleDoc
from generator.model.content import ALLIANCE, ALSI, Dialogue, Reference, Turn
from generator.outputs import GeneratedPage
from generator.render.markdown import escape_raw_html, link_citations, plain, render, render_inline, text
from generator.render.quiz import progress_markdown, quiz_widget, turn_hash
from generator.render.routes import page_url, relative_url

TEMPLATES = Path(__file__).parent / "templates"
GUIDANCE_MODULE = "four-points-of-guidance"
SPEAKER_ROLES = {"pwd": "person with diabetes", "hcp": "health care provider", "other": "also present"}
EFFECTS = {"builds": "✔ Builds the alliance", "strains": "✘ Strains the alliance"}
FACETS = (("alliance", "Alliance part"), ("alsi", "ALSI step"), ("diabetes", "Diabetes"), ("setting", "Setting"), ("hcp", "Profession"), ("theme", "Theme"))

ORDER = {v: i for i, v in enumerate((*ALLIANCE, *ALSI))}


def facet_values(d: Dialogue) -> dict[str, list[str]]:
    """The gallery's filter values for one dialogue."""
    c = d.context
    return {"alliance": list(d.focus.alliance), "alsi": list(d.focus.alsi), "diabetes": [c.diabetes], "setting": [c.setting],
            "hcp": [c.hcp], "theme": list(d.themes)}


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


def template_environment() -> Environment:
    """Jinja for every generated page: autoescaped, and an undefined variable is an error; one-line
    fields in Markdown go through ``| text``, so they are never read as Markdown."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = text
    return env


def _squash(html: str) -> str:
    """Raw HTML blocks must not contain blank lines, or Markdown would end the block early."""
    return re.sub(r"\n\s*\n+", "\n", html).strip()


def front_matter(**meta: Any) -> str:
    """YAML front matter; JSON values are valid YAML and need no escaping rules of their own.

    Material writes ``description`` into a meta attribute without escaping, so it is escaped here.
    """
    if isinstance(meta.get("description"), str):
        meta["description"] = str(escape(meta["description"]))
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items() if v is not None] + ["---", ""]
    return "\n".join(lines)


def cite_label(ref: Reference) -> str:
    """'Bordin, 1979', 'Horvath and Greenberg, 1989', 'Hojat et al., 2011'."""
    names = [a.strip() for a in ref.authors.split(",") if a.strip()]
    surnames = [n.split(" ")[0] if " " in n else n for n in names]
    if not names:  # the check refuses blank authors; the label still never fails
        who = ref.key
    elif len(names) == 1 and "et al" not in ref.authors:
        who = surnames[0]
    elif len(names) == 2 and "et al" not in ref.authors:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who}, {ref.year}"


class Renderer:
    """Holds the Jinja environment and the handbook's lookups for one rendering pass."""

    def __init__(self, book: Handbook, *, directory_urls: bool = True, site_url: str | None = None) -> None:
        self.book = book
        self.directory_urls = directory_urls
        self.site_url = site_url
        self.refs = {r.key: r for r in book.references.model.references} if book.references else {}
        self.points = {p.id: p for p in book.guidance.model.points} if book.guidance else {}
        self.dialogues = {d.model.id: d.model for d in book.dialogues}
        self.modules = {m.meta.id: m for m in book.modules}
        self.env = template_environment()
        self.env.filters["md"] = render
        self.env.filters["mdi"] = render_inline
        self.env.filters["plain"] = plain

    # -- helpers -------------------------------------------------------------------------------

    def href(self, from_src: str, to_src: str, anchor: str = "") -> str:
        return relative_url(from_src, to_src, self.directory_urls, anchor)

    def cite_md(self, from_src: str, text: str) -> str:
        """Citations as Markdown links relative to a page (MkDocs resolves .md links)."""
        depth = from_src.count("/")
        refs_path = "../" * depth + "references.md"

        def cite(key: str) -> tuple[str, str]:
            ref = self.refs.get(key)
            return (cite_label(ref) if ref else key), f"{refs_path}#ref-{key}"

        return link_citations(text, cite)

    def cite_html(self, from_src: str, text: str) -> str:
        """Citations as Markdown links with final URLs, for text rendered into raw HTML."""

        def cite(key: str) -> tuple[str, str]:
            ref = self.refs.get(key)
            return (cite_label(ref) if ref else key), self.href(from_src, "references.md", f"ref-{key}")

        return link_citations(text, cite)

    def widget(self, template: str, **context: Any) -> str:
        return _squash(self.env.get_template(template).render(**context))

    def page(self, template: str, **context: Any) -> str:
        text = self.env.get_template(template).render(**context)
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    def speakers(self, d: Dialogue) -> dict[str, str]:
        person = d.context.person.split(",")[0].strip() if d.context.person else "Person with diabetes"
        hcp = d.context.hcp[:1].upper() + d.context.hcp[1:]
        return {"pwd": person, "hcp": hcp}

    def guidance_examples(self, from_src: str) -> dict[str, list[dict[str, Any]]]:
        examples: dict[str, list[dict[str, Any]]] = {pid: [] for pid in self.points}
        for d in self.dialogues.values():
            for n, turn in enumerate(d.turns, start=1):
                for gid in turn.guidance:
                    examples.setdefault(gid, []).append(
                        {"title": d.title, "turn": n, "href": self.href(from_src, f"dialogues/{d.id}.md", f"turn-{n}")}
                    )
        return examples

    # -- pages ---------------------------------------------------------------------------------

    def dialogue_page(self, doc_path: str, d: Dialogue) -> GeneratedPage:
        src = f"dialogues/{d.id}.md"
        widget = self.dialogue_widget(d, src)
        related = related_dialogues(d, self.dialogues)
        fm = front_matter(title=d.title, description=plain(d.summary), hb_source=doc_path, hb_kind="dialogue")
        md = self.page("dialogue.md.j2", d=d, summary=Markup(self.cite_md(src, escape_raw_html(d.summary))), front_matter=Markup(fm), widget=Markup(widget), related=related)
        return GeneratedPage(src, md, doc_path, d.title)

    def dialogue_widget(self, d: Dialogue, src: str) -> str:
        """The transcript widget with links relative to ``src`` (the dialogue page, or its embed page)."""
        guidance_src = f"modules/{GUIDANCE_MODULE}.md"

        def guidance_href(gid: str) -> str:
            return self.href(src, guidance_src, gid) if GUIDANCE_MODULE in self.modules else "#"

        base = page_url(f"dialogues/{d.id}.md", self.directory_urls)
        if self.site_url:
            base = self.site_url.rstrip("/") + "/" + base
        replies: dict[int, tuple[int, Turn]] = {}
        for n, turn in enumerate(d.turns, start=1):
            if turn.alternative:
                nxt = next(((m, t) for m, t in enumerate(d.turns[n:], start=n + 1) if t.speaker != "hcp"), None)
                if nxt:
                    replies[n] = nxt
        widget = self.widget(
            "dialogue.html.j2",
            d=d,
            turn_hash=turn_hash,
            turn_url=lambda anchor: f"{base}#{anchor}",
            replies=replies,
            speakers=self.speakers(d),
            roles=SPEAKER_ROLES,
            effects=EFFECTS,
            guidance_href=guidance_href,
            guidance_title=lambda gid: self.points[gid].title if gid in self.points else gid,
            cited=lambda text: render(self.cite_html(src, text)),
            root=self.href(src, "index.md"),
        )
        return widget

    def gallery_page(self) -> GeneratedPage:
        src = "dialogues/index.md"
        dialogues = [doc.model for doc in self.book.dialogues]
        strained = {d.id: any(t.alternative for t in d.turns) for d in dialogues}
        values = {d.id: facet_values(d) for d in dialogues}
        counts: dict[str, dict[str, int]] = {key: {} for key, _ in FACETS}
        for v in values.values():
            for key, vals in v.items():
                for val in vals:
                    counts[key][val] = counts[key].get(val, 0) + 1
        widget = self.widget(
            "gallery.html.j2",
            dialogues=dialogues,
            strained=strained,
            facets=[(key, label, sorted(counts[key].items(), key=lambda kv: (ORDER.get(kv[0], 9), kv[0]))) for key, label in FACETS],
            values=values,
            href=lambda did: self.href(src, f"dialogues/{did}.md"),
        )
        fm = front_matter(title="Practice gallery", description="Annotated example dialogues to learn from.", hb_kind="gallery")
        md = self.page("gallery.md.j2", front_matter=Markup(fm), widget=Markup(widget))
        return GeneratedPage(src, md, "content/dialogues", "Practice gallery")

    def directive(self, src: str, name: str, arg: str | None) -> str:
        if name == "figure":
            figure = next(f.model for f in self.book.figures if f.model.id == arg)
            ref = self.refs.get(figure.source) if figure.source else None
            source = Markup(f'<a href="{self.href(src, "references.md", "ref-" + ref.key)}">{cite_label(ref)}</a>') if ref else None
            return self.widget("figure.html.j2", f=figure, source=source)
        if name == "dialogue":
            d = self.dialogues[arg or ""]
            return self.widget("dialogue_card.html.j2", d=d, href=self.href(src, f"dialogues/{d.id}.md"))
        points = [p.model_copy(update={"explanation": self.cite_html(src, p.explanation)}) for p in self.points.values()]
        return self.widget("guidance.html.j2", points=points, examples=self.guidance_examples(src))

    def module_body(self, module: ModuleDoc, src: str) -> str:
        body = self.cite_md(src, escape_raw_html(module.body))

        def replace(match: re.Match[str]) -> str:
            return "\n" + self.directive(src, match.group(1), match.group(2)) + "\n"

        return re.sub(r"^\[\[\s*([a-z]+)\s*(?::\s*([^\]\s]*)\s*)?\]\]\s*$", replace, body, flags=re.MULTILINE)

    def abbreviations(self) -> str:
        if not self.book.glossary:
            return ""
        lines = [f"*[{t.abbr}]: {plain(t.term)}" for t in self.book.glossary.model.terms if t.abbr]
        return "\n\n" + "\n".join(lines) + "\n" if lines else ""

    def module_page(self, module: ModuleDoc) -> GeneratedPage:
        m = module.meta
        src = f"modules/{m.id}.md"
        prerequisites = [
            {"title": self.modules[p].meta.title, "href": self.href(src, f"modules/{p}.md")} for p in m.prerequisites if p in self.modules
        ]
        dialogues = [self.dialogues[d] for d in m.dialogues if d in self.dialogues]
        quiz = next((q for q in self.book.quizzes if q.model.id == m.id), None)
        fm = front_matter(
            title=m.title, description=plain(m.summary), hb_source=module.path, hb_kind="module", hb_module=m.id, hb_quiz=True if quiz else None
        )
        md = self.page(
            "module.md.j2",
            quiz=Markup(quiz_widget(self, quiz, src)) if quiz else None,
            quiz_meta={"id": quiz.model.id, "questions": len(quiz.model.questions)} if quiz else None,
            front_matter=Markup(fm),
            m=m,
            prerequisites=prerequisites,
            body=Markup(self.module_body(module, src)),
            dialogues=dialogues,
            abbreviations=Markup(self.abbreviations()),
        )
        return GeneratedPage(src, md, module.path, m.title)

    def references_page(self) -> GeneratedPage | None:
        if not self.book.references:
            return None
        refs = sorted(self.refs.values(), key=lambda r: (r.authors.lower(), r.year))
        source = self.refs.get("jones2016")
        fm = front_matter(title="References", description="Sources cited in the handbook.", hb_source=self.book.references.path, hb_kind="references")
        md = self.page(
            "references.md.j2", front_matter=Markup(fm), refs=refs, source_label=cite_label(source) if source else "its source article"
        )
        return GeneratedPage("references.md", md, self.book.references.path, "References")

    def glossary_page(self) -> GeneratedPage | None:
        if not self.book.glossary:
            return None
        terms = [
            {"term": t.term, "abbr": t.abbr, "definition": self.cite_html("glossary.md", t.definition), "anchor": re.sub(r"[^a-z0-9]+", "-", t.term.lower()).strip("-")}
            for t in sorted(self.book.glossary.model.terms, key=lambda t: t.term.lower())
        ]
        fm = front_matter(title="Glossary", description="Terms and abbreviations used in the handbook.", hb_source=self.book.glossary.path, hb_kind="glossary")
        md = self.page("glossary.md.j2", front_matter=Markup(fm), terms=terms)
        return GeneratedPage("glossary.md", md, self.book.glossary.path, "Glossary")

    def progress_page(self) -> GeneratedPage | None:
        if not self.book.quizzes:
            return None
        fm = front_matter(title="Your progress", description="Self-check completion and scores, saved in this browser.", hb_kind="progress", hb_quiz=True)
        return GeneratedPage("progress.md", fm + "\n" + progress_markdown(self) + "\n", "content/quizzes", "Your progress")

    def all_pages(self) -> list[GeneratedPage]:
        pages = [self.dialogue_page(doc.path, doc.model) for doc in self.book.dialogues]
        pages.append(self.gallery_page())
        pages += [self.module_page(m) for m in self.book.modules]
        pages += [p for p in (self.references_page(), self.glossary_page(), self.progress_page()) if p is not None]
        return sorted(pages, key=lambda p: p.src)


def render_site(book: Handbook, *, directory_urls: bool = True) -> list[GeneratedPage]:
    """Every generated page, in a fixed order so that builds repeat."""
    return Renderer(book, directory_urls=directory_urls).all_pages()
