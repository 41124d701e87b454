"""The one object every page renderer gets: the checked handbook, the build's settings, the routes
and the Jinja environment, with the links and citations that depend on which page is being written.

The Jinja filters and globals are registered here, once, when the environment is made; nothing
adds to the environment afterwards, so one environment serves every build in a process
(``environment()``): each template is compiled once, and recompiled only when its file changes
(Jinja's auto_reload compares the file's modification time), which keeps `mkdocs serve` rebuilds
cheap. The content vocabularies come from generator.model.content, so templates loop over
``ALLIANCE``, ``ALSI`` or ``CODING`` instead of retyping them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import escape

from generator.model.book import Doc, Handbook
from generator.model.content import ALLIANCE, ALSI, CODING, EFFECTS, SLIPS, Dialogue, Reference
from generator.model.quiz import Quiz
from generator.outputs import GeneratedPage
from generator.render import routes
from generator.render.markdown import link_citations, one_line, plain, render, render_inline, text
from generator.render.question import EFFECT_LABELS, EFFECT_MARKS, speaker_names
from generator.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
T = TypeVar("T")

# How the vocabularies read on pages (the values themselves come from the content models; the
# effects' labels come from render/question.py, where quiz options use them too).
SPEAKER_ROLES = {"pwd": "person with diabetes", "hcp": "health care provider", "other": "also present"}
ALSI_VERBS = {"ask": "asks", "listen": "listens and reflects", "summarise": "summarises", "invite": "invites"}
ALLIANCE_WATCH = {
    "bond": "warmth, respect, feeling understood: does the person open up or close down?",
    "task": "what each of you will actually do: is it agreed, or announced?",
    "goal": "what you are both working towards: is it the person's goal too?",
}


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept on disk between processes, in the project's gitignored .cache/
    (Jinja checks each against its template's source, so an edited template is compiled again);
    none when the generator does not sit in a writable project folder."""
    project = TEMPLATES.parents[2]
    if not (project / "pyproject.toml").is_file():
        return None
    folder = project / ".cache" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def make_environment() -> Environment:
    """Jinja for every generated page and file: autoescaped, an undefined variable is an error,
    and every filter and global the templates use, registered here."""
    env = Environment(
        bytecode_cache=bytecode_cache(),
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
        EFFECT_MARKS=EFFECT_MARKS,
        SPEAKER_ROLES=SPEAKER_ROLES,
        ALSI_VERBS=ALSI_VERBS,
        ALLIANCE_WATCH=ALLIANCE_WATCH,
    )
    return env


_ENVIRONMENT: list[Environment] = []


def environment() -> Environment:
    """The process's one template environment (see the module docstring), made on first use."""
    if not _ENVIRONMENT:
        _ENVIRONMENT.append(make_environment())
    return _ENVIRONMENT[0]


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


def digest(*parts: object) -> str:
    """A short stable hash of ``parts`` (their reprs), for cache keys."""
    return hashlib.sha1(repr(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


class RenderCache:
    """Rendered outputs kept across rebuilds (under `mkdocs serve`), each under a name and the key of
    everything it was made from: a page is made again only when its key changes.

    Keys are computed from what each page declares it shows (render/registry.py): the content files'
    versions (Handbook.versions) and digests of the parts of other files a page shows (PageContext's
    ``*_token`` properties). Whoever keeps the cache drops it when the generator's own code or
    templates change (generator.incremental)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, Any]] = {}
        self.used: set[str] = set()
        self.made = 0
        self.reused = 0
        self.fresh: list[str] = []  # the names made (not reused), in order

    def get(self, name: str, key: str, make: Callable[[], T]) -> T:
        self.used.add(name)
        entry = self._entries.get(name)
        if entry is not None and entry[0] == key:
            self.reused += 1
            return entry[1]  # type: ignore[no-any-return]
        value = make()
        self._entries[name] = (key, value)
        self.made += 1
        self.fresh.append(name)
        return value

    @property
    def entries(self) -> dict[str, tuple[str, Any]]:
        return self._entries

    def keep_used(self) -> None:
        """Forget what the last build did not ask for (pages of deleted files), and the counts."""
        self._entries = {name: entry for name, entry in self._entries.items() if name in self.used}
        self.used, self.made, self.reused, self.fresh = set(), 0, 0, []


class PageContext:
    """One rendering pass: the handbook and its lookups, the settings, and the template environment."""

    def __init__(self, book: Handbook, settings: Settings, cache: RenderCache | None = None) -> None:
        self.book = book
        self.settings = settings
        self.env = environment()
        self.cache = cache

    def memo(self, name: str, key: str, make: Callable[[], T]) -> T:
        """``make()``, or what it made last time for ``name`` if ``key`` is unchanged (with a cache)."""
        return make() if self.cache is None else self.cache.get(name, key, make)

    # -- cache keys: what a page shows of files other than its own -----------------------------------

    def version(self, path: str | None) -> str:
        """A content file's version ("" for none)."""
        return self.book.versions.get(path, "") if path else ""

    def quiz_token(self, doc: Doc[Quiz] | None) -> str:
        """What a quiz's questions show: the quiz file and the dialogues it quotes (none: "")."""
        if doc is None:
            return ""
        quoted = sorted(set().union(*(q.dialogue_refs() for q in doc.model.questions)))
        paths = {d.model.id: d.path for d in self.book.dialogues}
        return digest(self.version(doc.path), [self.version(paths.get(did)) for did in quoted])

    @cached_property
    def content_token(self) -> str:
        """Every content file and the settings: what a page made from the whole handbook shows."""
        return digest(self.settings, sorted(self.book.versions.items()))

    def project_file(self, name: str) -> str | None:
        """A digest of a project file outside content/ (CONTRIBUTING.md), or None without one."""
        path = self.settings.root / name
        return digest(path.read_bytes()) if path.is_file() else None

    @cached_property
    def cards_token(self) -> str:
        """What one dialogue's page, card or gallery entry shows of the other dialogues."""
        return digest(
            [(d.id, d.title, d.summary, d.context, d.focus, d.themes, d.related, len(d.turns)) for d in self.dialogues.values()]
        )

    @cached_property
    def examples_token(self) -> str:
        """What the [[guidance]] examples show of every dialogue: titles and each turn's guidance."""
        return digest([(d.id, d.title, [t.guidance for t in d.turns]) for d in self.dialogues.values()])

    @cached_property
    def shared_token(self) -> str:
        """The files and settings every dialogue and module page depends on: every content file other
        than dialogues, modules and quizzes, the modules' ids and titles, and the dialogues' cards."""
        book = self.book
        own = ("content/dialogues/", "content/modules/", "content/quizzes/")
        return digest(
            self.settings,
            # Every other content file (guidance, references, figures, the codebook, the glossary, and
            # whatever kind comes next): a page may show any of them.
            sorted((path, version) for path, version in book.versions.items() if not path.startswith(own)),
            [(m.meta.id, m.meta.title) for m in book.modules],
            self.cards_token,
        )

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
        return speaker_names(d)

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

