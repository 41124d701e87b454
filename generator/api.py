"""The generator's entry points: check content, and build pages or fail with every finding.

A build runs the layers in order: load -> check -> render -> export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.check import run_checks
from generator.errors import ContentError, Finding
from generator.export import export_assets
from generator.load.loader import load_handbook
from generator.model.book import Handbook
from generator.outputs import GeneratedAsset, GeneratedPage
from generator.render.context import PageContext
from generator.render.contributing import contributor_pages
from generator.render.pages import site_pages
from generator.render.scorm_page import scorm_page
from generator.render.trainers import trainer_pages
from generator.settings import Settings


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


def build(root: Path, *, directory_urls: bool = True, site_url: str = "", package: bool = False) -> Build:
    """Generated pages for the whole handbook; raises ContentError if any content has an error.
    ``package``: the pages of the SCORM packages (mkdocs.scorm.yml), which get the LMS adapter too."""
    settings = Settings(root=root, directory_urls=directory_urls, site_url=site_url, package=package)
    book, findings = check(root)
    if any(f.level == "error" for f in findings):
        raise ContentError(findings)
    ctx = PageContext(book, settings)
    offline_available = settings.directory_urls and settings.offline_zip.is_file()
    pages = site_pages(ctx) + trainer_pages(ctx, offline_available=offline_available) + contributor_pages(ctx)
    pages.append(scorm_page(ctx, [z.stem for z in settings.scorm_zips]))
    return Build(sorted(pages, key=lambda p: p.src), findings, ctx.abbreviations(), export_assets(book, settings))
