"""The one object every page renderer gets: the checked handbook, the build's settings, the routes
and the Jinja environment, with the links and citations that depend on which page is being written.

The Jinja filters and globals are registered here, once, when the environment is made; nothing
adds to the environment afterwards. The content vocabularies come from generator.model.content, so
templates loop over ``ALLIANCE``, ``ALSI`` or ``CODING`` instead of retyping them.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from generator.model.book import Handbook
from generator.model.content import ALLIANCE, ALSI, CODING, EFFECTS, SLIPS, Dialogue, Reference
from generator.outputs import GeneratedPage
from generator.render import routes
from generator.render.markdown import link_citations, one_line, plain, render, render_inline, text
from generator.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"

# How the vocabularies read on pages (the values themselves come from the content models).
EFFECT_LABELS = {"builds": "✔ Builds the alliance", "strains": "✘ Strains the alliance"}
SPEAKER_ROLES = {"pwd": "person with diabetes", "hcp": "health care provider", "other": "also present"}
ALSI_VERBS = {"ask": "asks", "listen": "listens and reflects", "summarise": "summarises", "invite": "invites"}
ALLIANCE_WATCH = {
    "bond": "warmth, respect, feeling understood: does the person open up or close down?",
    "task": "what each of you will actually do: is it agreed, or announced?",
    "goal": "what you are both working towards: is it the person's goal too?",
}


def make_environment() -> Environment:
    """Jinja for every generated page and file: autoescaped, an undefined variable is an error,
    and every filter and global the templates use, registered here."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # ``text``: one-line fields (titles, names, setting) in Markdown, shown as typed, never parsed.
    env.filters.update(md=render, mdi=render_inline, plain=plain, inline=one_line, text=text)
    env.globals.update(
        routes=routes,
        ALLIANCE=ALLIANCE,
        ALSI=ALSI,
        EFFECTS=EFFECTS,
        SLIPS=SLIPS,
        CODING=CODING,
        EFFECT_LABELS=EFFECT_LABELS,
        SPEAKER_ROLES=SPEAKER_ROLES,
        ALSI_VERBS=ALSI_VERBS,
        ALLIANCE_WATCH=ALLIANCE_WATCH,
    )
    return env


def squash(html: str) -> str:
    """Raw HTML blocks must not contain blank lines, or Markdown would end the block early."""
    return re.sub(r"\n\s*\n+", "\n", html).strip()


def tidy(text: str) -> str:
    """A rendered Markdown page: at most one blank line in a row, one final newline."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def front_matter(**meta: Any) -> str:
    """YAML front matter; JSON values are valid YAML and need no escaping rules of their own.

    Material writes ``description`` into a meta attribute without escaping, so it is escaped here.
    """
    if isinstance(meta.get("description"), str):
        meta["description"] = str(escape(meta["description"]))
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items() if v is not None] + ["---", ""]
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#])")


def with_title_heading(page: GeneratedPage) -> GeneratedPage:
    """The page with its title (``page.title``, the heading Material showed: the nav label where the
    nav names the page) as its first heading, with an explicit id (routes.TITLE_ANCHOR).

    Material shows a page's title as an <h1> without an id when the Markdown has none, and its
    "Skip to content" link then targets the first heading that has one, past the introduction (a
    module) or the whole transcript (a dialogue). Pages that start with their own heading keep it.
    """
    head, sep, body = page.markdown.partition("\n---\n")
    if not page.markdown.startswith("---\n") or not sep or body.lstrip().startswith("# "):
        return page
    title = _MARKDOWN_SPECIAL.sub(r"\\\1", page.title)
    heading = f"# {title} {{ #{routes.TITLE_ANCHOR} }}\n\n"
    return replace(page, markdown=f"{head}{sep}\n{heading}{body.lstrip(chr(10))}")


def cite_label(ref: Reference) -> str:
    """'Bordin, 1979', 'Horvath and Greenberg, 1989', 'Hojat et al., 2011'."""
    names = [a.strip() for a in ref.authors.split(",") if a.strip()]
    # The last word is the initials: 'Del Canale S' -> 'Del Canale'.
    surnames = [n.rsplit(" ", 1)[0] if " " in n else n for n in names]
    if not names:  # the check refuses blank authors; the label still never fails
        who = ref.key
    elif len(names) == 1 and "et al" not in ref.authors:
        who = surnames[0]
    elif len(names) == 2 and "et al" not in ref.authors:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who}, {ref.year}"


class PageContext:
    """One rendering pass: the handbook and its lookups, the settings, and the template environment."""

    def __init__(self, book: Handbook, settings: Settings) -> None:
        self.book = book
        self.settings = settings
        self.env = make_environment()

    # -- what the pages look up ------------------------------------------------------------------

    @property
    def directory_urls(self) -> bool:
        return self.settings.directory_urls

    @property
    def site_url(self) -> str:
        return self.settings.site_url

    @property
    def dialogues(self) -> dict[str, Dialogue]:
        return self.book.dialogue_by_id

    @property
    def refs(self) -> dict[str, Reference]:
        return self.book.reference_by_key

    def speakers(self, d: Dialogue) -> dict[str, str]:
        """How a dialogue names its two speakers."""
        person = d.context.person.split(",")[0].strip() if d.context.person else "Person with diabetes"
        hcp = d.context.hcp[:1].upper() + d.context.hcp[1:]
        return {"pwd": person, "hcp": hcp}

    # -- links and citations, relative to the page being written ----------------------------------

    def href(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """A final relative URL, for links inside raw HTML."""
        return routes.relative_url(from_src, to_src, self.directory_urls, anchor)

    def url(self, src: str, anchor: str = "") -> str:
        """A page's URL from the site root."""
        return routes.page_url(src, self.directory_urls) + (f"#{anchor}" if anchor else "")

    def cite_md(self, from_src: str, text: str) -> str:
        """Citations as Markdown links relative to a page (MkDocs resolves .md links)."""

        def cite(key: str) -> tuple[str, str]:
            ref = self.refs.get(key)
            return (cite_label(ref) if ref else key), routes.source_link(from_src, routes.REFERENCES, routes.ref_anchor(key))

        return link_citations(text, cite)

    def cite_html(self, from_src: str, text: str) -> str:
        """Citations as Markdown links with final URLs, for text rendered into raw HTML."""

        def cite(key: str) -> tuple[str, str]:
            ref = self.refs.get(key)
            return (cite_label(ref) if ref else key), self.href(from_src, routes.REFERENCES, routes.ref_anchor(key))

        return link_citations(text, cite)

    # -- templates --------------------------------------------------------------------------------

    def widget(self, template: str, **context: Any) -> str:
        """A raw HTML block for a Markdown page."""
        return squash(self.env.get_template(template).render(**context))

    def page(self, template: str, **context: Any) -> str:
        """A whole Markdown page."""
        return tidy(self.env.get_template(template).render(**context))

    def abbreviations(self) -> str:
        """The glossary's abbreviations as Markdown abbreviation definitions."""
        if not self.book.glossary:
            return ""
        lines = [f"*[{t.abbr}]: {plain(t.term)}" for t in self.book.glossary.model.terms if t.abbr]
        return "\n\n" + "\n".join(lines) + "\n" if lines else ""

