"""The generator's entry points: check content, and build pages or fail with every finding.

A build runs the layers in order: load -> check -> render -> export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ContentError, Finding
from generator.export import export_assets
from generator.load.loader import Loaded, load_handbook, read_content, split_front_matter
from generator.model.book import Handbook
from generator.outputs import GeneratedAsset, GeneratedPage
from generator.render import routes
from generator.render.context import PageContext, RenderCache
from generator.render.registry import Planned, plan
from generator.settings import Settings

if TYPE_CHECKING:
    from generator.check import Targets


@dataclass(frozen=True)
class Build:
    """What one build produces: the pages, the findings below error level, the abbreviation
    definitions that hand-written pages get appended, the files, and the module pages in reading
    order (the navigation's module section)."""

    pages: list[GeneratedPage]
    findings: list[Finding]
    abbreviations: str
    assets: list[GeneratedAsset] = field(default_factory=list)
    module_pages: list[str] = field(default_factory=list)


@dataclass
class BuildCache:
    """What one process keeps between builds of the same project (`mkdocs serve` rebuilds): loaded
    documents by file version, and rendered pages and exports by their inputs' key. Every reuse is
    keyed on what the output was made from, so nothing is ever stale; generator.incremental drops
    the whole cache when the generator's code or templates change."""

    documents: dict[str, Loaded] = field(default_factory=dict)
    render: RenderCache = field(default_factory=RenderCache)


class _BuildTargets:
    """What a build of ``book`` writes, for the check's links (check/links.py): the pages of the page
    registry and the hand-written docs/ pages, each page's anchors from its Markdown as MkDocs
    converts it (made only for a page a link points into), and the files the exports and docs/
    give. A page that cannot be made while the content has errors is not judged (``failures``)."""

    def __init__(self, book: Handbook) -> None:
        self.ctx = PageContext(book, Settings(root=book.root))  # no render cache: the build's settings may differ
        self.docs = Path(book.root) / "docs"
        self.planned = {p.src: p for p in plan(self.ctx)}
        self.hand_written = {p.relative_to(self.docs).as_posix(): p for p in sorted(self.docs.rglob("*"))} if self.docs.is_dir() else {}
        unreadable = {f"{kind}s/{stem}.md" for kind in ("module", "dialogue") for stem in book.unreadable.get(kind, set())}
        self.pages = set(self.planned) | {p for p in self.hand_written if p.endswith(".md")} | unreadable
        self.made: dict[str, set[str] | None] = {}
        self.failures: list[Exception] = []
        self.made_files: dict[str, set[str] | None] = {}

    def targets(self) -> Targets:
        from generator.check import Targets  # here, as in cross_checks

        return Targets(self.pages, self.anchors, self.files)

    def anchors(self, page: str) -> set[str] | None:
        if page not in self.made:
            self.made[page] = self._anchors(page)
        return self.made[page]

    def _anchors(self, page: str) -> set[str] | None:
        if page in self.planned:
            try:
                text = self.planned[page].make(self.ctx).markdown
            except Exception as exc:  # content with errors may not render; see check()
                self.failures.append(exc)
                return None
        elif page in self.hand_written:
            read, _ = read_content(self.hand_written[page], Path(self.ctx.book.root))
            if read is None:
                return None
            text = read
        else:
            return None  # a page whose file could not be read
        from generator.check.markup import anchor_ids  # here, as in cross_checks

        parts = split_front_matter(text)
        return anchor_ids(parts[1] if parts else text)

    def files(self) -> set[str] | None:
        if "files" not in self.made_files:
            try:
                made = {asset.path for asset in export_assets(self.ctx)}
                self.made_files["files"] = made | {p for p, path in self.hand_written.items() if not p.endswith(".md") and path.is_file()}
            except Exception as exc:  # as for pages
                self.failures.append(exc)
                self.made_files["files"] = None
        return self.made_files["files"]


def load(root: Path, cache: BuildCache | None = None) -> tuple[Handbook, list[Finding]]:
    """Load all content under ``root/content``: what the loader finds (each file's syntax and
    schema, the quoted turns) and the handbook."""
    return load_handbook(root, cache.documents if cache is not None else None)


def cross_checks(book: Handbook, loaded: list[Finding]) -> list[Finding]:
    """The rules that span fields or files (generator.check) on a loaded handbook, links judged by
    what a build of this content writes (pages, their anchors, files). ``loaded``: what the loader
    found; when neither found an error, a page that cannot be made is the generator's bug, not the
    author's, and is raised."""
    from generator.check import run_checks  # here: a build lists its pages before it needs the checks (generator/mkdocs/worker.py)

    targets = _BuildTargets(book)
    findings = run_checks(book, targets.targets())
    if targets.failures and not any(f.level == "error" for f in [*loaded, *findings]):
        raise targets.failures[0]  # clean content that cannot be built: the generator's bug, not the author's
    return findings


def check(root: Path, cache: BuildCache | None = None) -> tuple[Handbook, list[Finding]]:
    """Load and check all content under ``root/content``; returns every finding, sorted. Links are
    judged by what a build of this content writes (pages, their anchors, files)."""
    book, findings = load(root, cache)
    findings = findings + cross_checks(book, findings)
    return book, sorted(set(findings))


def _raise_on_errors(findings: list[Finding]) -> None:
    if any(f.level == "error" for f in findings):
        raise ContentError(findings)


@dataclass
class Checked:
    """A handbook whose content passed the check, ready to render: what the build will make is known
    (``plan``) before anything is rendered, so the pages can be made one at a time, in another
    process if need be (the MkDocs plugin does that), while the rest of the build goes on."""

    ctx: PageContext
    findings: list[Finding]  # below error level
    checked: bool = True  # False: loaded, the cross-file checks not yet run (see ``finish_checks``)

    @cached_property
    def plan(self) -> list[Planned]:
        """Every page to make, by path."""
        return plan(self.ctx)

    @property
    def module_pages(self) -> list[str]:
        """The module pages in reading order (the loader sorts modules by `order`)."""
        return [routes.module(m.meta.id) for m in self.ctx.book.modules]

    def pages(self) -> Iterator[GeneratedPage]:
        """Every page, made one at a time, in the plan's order."""
        return (planned.make(self.ctx) for planned in self.plan)

    def assets(self) -> list[GeneratedAsset]:
        return export_assets(self.ctx)

    def build(self) -> Build:
        return Build(list(self.pages()), self.findings, self.ctx.abbreviations(), self.assets(), self.module_pages)

    def finish_checks(self) -> list[Finding]:
        """The cross-file checks, if ``prepare`` left them for later (``defer_checks``); raises
        ContentError with every finding, the loader's included, as ``prepare`` would have. Returns
        the findings below error level, as ``findings`` then holds them."""
        if not self.checked:
            findings = sorted(set(self.findings + cross_checks(self.ctx.book, self.findings)))
            _raise_on_errors(findings)
            self.findings, self.checked = findings, True
        return self.findings


def prepare(
    root: Path, *, directory_urls: bool = True, site_url: str = "", package: bool = False, cache: BuildCache | None = None, defer_checks: bool = False
) -> Checked:
    """Load and check the content; raises ContentError if any content has an error. With
    ``defer_checks``, only what the loader finds (each file's syntax and schema, quoted turns) is
    checked here: the pages can be planned and made, and ``finish_checks`` runs the cross-file checks
    (the MkDocs plugin runs them while MkDocs builds, and publishes nothing until they pass)."""
    settings = Settings(root=root, directory_urls=directory_urls, site_url=site_url, package=package)
    if defer_checks:
        book, loaded = load(root, cache)
        findings = sorted(set(loaded))
    else:
        book, findings = check(root, cache)
    _raise_on_errors(findings)
    return Checked(PageContext(book, settings, cache.render if cache is not None else None), findings, checked=not defer_checks)


def build(root: Path, *, directory_urls: bool = True, site_url: str = "", package: bool = False, cache: BuildCache | None = None) -> Build:
    """Generated pages for the whole handbook; raises ContentError if any content has an error.
    ``package``: the pages of the SCORM packages (mkdocs.scorm.yml), which get the LMS adapter too.
    With a ``cache`` from an earlier build (generator.incremental), only what changed is made again."""
    return prepare(root, directory_urls=directory_urls, site_url=site_url, package=package, cache=cache).build()
