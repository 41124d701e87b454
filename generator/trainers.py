"""Pages for trainers: a facilitator page per dialogue (at-a-glance coding, discussion prompts
derived from the coding, role-play cards, answer key) and chrome-free embed pages for LMS iframes.

Everything is derived from the dialogue YAML, so a changed dialogue changes its cards too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .manifest import manifest_asset
from .mdrender import escape_raw_html, plain
from .models import ALLIANCE, ALSI, Dialogue, Turn
from .outputs import GeneratedAsset
from .redirects import redirect_assets
from .render import EFFECTS, GeneratedPage, Renderer, front_matter

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
            prompts.append(f"Turn {c.n} shows the guidance point *{points.get(gid, gid)}*. What in the wording shows it?")
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
        fm = front_matter(title=d.title, description=plain(d.summary), hb_source=doc_path, hb_kind="embed", template="embed.html", search={"exclude": True})
        md = f"{fm}\n{self.r.cite_md(src, escape_raw_html(d.summary))}\n\n{widget}\n"
        return GeneratedPage(src, md, doc_path, d.title)

    def all_pages(self) -> list[GeneratedPage]:
        pages = [self.facilitator_page(doc.path, doc.model) for doc in self.r.book.dialogues]
        pages += [self.embed_page(doc.path, doc.model) for doc in self.r.book.dialogues]
        pages.append(self.facilitator_index())
        return pages


def trainer_outputs(renderer: Renderer, *, site_url: str = "") -> tuple[list[GeneratedPage], list[GeneratedAsset]]:
    """The trainers' pages and files: facilitator and embed pages, the course manifest, redirects."""
    book, urls = renderer.book, renderer.directory_urls
    assets = [manifest_asset(book, directory_urls=urls, site_url=site_url)]
    assets += redirect_assets(book, directory_urls=urls, site_url=site_url)
    return TrainerPages(renderer).all_pages(), sorted(assets, key=lambda a: a.path)
