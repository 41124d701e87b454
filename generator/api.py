"""The generator's entry points: check content, and build pages or fail with every finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import run_checks
from .errors import ContentError, Finding
from .loader import Handbook, load_handbook
from .outputs import GeneratedAsset
from .render import GeneratedPage, Renderer
from .render_schema import contributor_pages
from .trainers import trainer_outputs


@dataclass(frozen=True)
class Build:
    """What one build produces: the pages, the findings below error level, and the
    abbreviation definitions that hand-written pages get appended."""

    pages: list[GeneratedPage]
    findings: list[Finding]
    abbreviations: str
    assets: list[GeneratedAsset] = field(default_factory=list)


def check(root: Path) -> tuple[Handbook, list[Finding]]:
    """Load and check all content under ``root/content``; returns every finding, sorted."""
    book, findings = load_handbook(root)
    findings += run_checks(book)
    return book, sorted(set(findings))


def build(root: Path, *, directory_urls: bool = True, site_url: str | None = None) -> Build:
    """Generated pages for the whole handbook; raises ContentError if any content has an error."""
    book, findings = check(root)
    if any(f.level == "error" for f in findings):
        raise ContentError(findings)
    renderer = Renderer(book, directory_urls=directory_urls, site_url=site_url)
    extra_pages, assets = trainer_outputs(renderer, site_url=site_url or "")
    pages = sorted(renderer.all_pages() + extra_pages + contributor_pages(root), key=lambda p: p.src)
    return Build(pages, findings, renderer.abbreviations(), assets)
