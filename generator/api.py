"""The generator's entry points: check content, and build pages or fail with every finding.

A build runs the layers in order: load -> check -> render -> export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.check import run_checks
from generator.errors import ContentError, Finding
from generator.export import export_assets
from generator.load.loader import Loaded, load_handbook
from generator.model.book import Handbook
from generator.outputs import GeneratedAsset, GeneratedPage
from generator.render import routes
from generator.render.context import PageContext, RenderCache
from generator.render.registry import Planned, plan
from generator.settings import Settings


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


def check(root: Path, cache: BuildCache | None = None) -> tuple[Handbook, list[Finding]]:
    """Load and check all content under ``root/content``; returns every finding, sorted."""
    book, findings = load_handbook(root, cache.documents if cache is not None else None)
    findings += run_checks(book)
    return book, sorted(set(findings))


@dataclass
class Checked:
    """A handbook whose content passed the check, ready to render: what the build will make is known
    (``plan``) before anything is rendered, so the pages can be made one at a time, in another
    process if need be (the MkDocs plugin does that), while the rest of the build goes on."""

    ctx: PageContext
    findings: list[Finding]  # below error level

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


def prepare(root: Path, *, directory_urls: bool = True, site_url: str = "", package: bool = False, cache: BuildCache | None = None) -> Checked:
    """Load and check the content; raises ContentError if any content has an error."""
    settings = Settings(root=root, directory_urls=directory_urls, site_url=site_url, package=package)
    book, findings = check(root, cache)
    if any(f.level == "error" for f in findings):
        raise ContentError(findings)
    return Checked(PageContext(book, settings, cache.render if cache is not None else None), findings)


def build(root: Path, *, directory_urls: bool = True, site_url: str = "", package: bool = False, cache: BuildCache | None = None) -> Build:
    """Generated pages for the whole handbook; raises ContentError if any content has an error.
    ``package``: the pages of the SCORM packages (mkdocs.scorm.yml), which get the LMS adapter too.
    With a ``cache`` from an earlier build (generator.incremental), only what changed is made again."""
    return prepare(root, directory_urls=directory_urls, site_url=site_url, package=package, cache=cache).build()
