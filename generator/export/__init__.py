"""Files other systems read: the course manifest, redirect pages, question banks, the offline zip,
SCORM packages; and the site's own minified JS and CSS.

Like pages (render/registry.py), each kind of file declares its inputs, and its cache key is
computed from them: under `mkdocs serve` and in `make build` a file is made again only when
something it shows changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.export.agreement import agreement_assets
from generator.export.manifest import manifest_asset
from generator.export.qbank import question_bank_assets
from generator.export.redirects import redirect_assets
from generator.export.scorm import published
from generator.export.static import package_assets, static_assets
from generator.outputs import GeneratedAsset
from generator.render import routes
from generator.render.context import PageContext, digest
from generator.render.registry import CONTENT, MODULE_TITLES, QUIZZES, REFERENCES, SETTINGS, Input


@dataclass(frozen=True)
class FileKind:
    """A kind of generated file: its inputs (besides the generator's own code) and its maker."""

    name: str
    inputs: tuple[Input[Any], ...]
    make: Callable[[PageContext], list[GeneratedAsset]]

    def files(self, ctx: PageContext) -> list[GeneratedAsset]:
        key = digest(*(i.token(ctx, None) for i in self.inputs))
        return ctx.memo(f"files:{self.name}", key, lambda: self.make(ctx))


def _manifest(ctx: PageContext) -> list[GeneratedAsset]:
    return [manifest_asset(ctx.book, directory_urls=ctx.directory_urls, site_url=ctx.site_url)]


def _redirects(ctx: PageContext) -> list[GeneratedAsset]:
    return redirect_assets(ctx.book, directory_urls=ctx.directory_urls, site_url=ctx.site_url)


def _package(ctx: PageContext) -> list[GeneratedAsset]:
    return package_assets() if ctx.settings.package else []


FILES: tuple[FileKind, ...] = (
    FileKind("manifest", (CONTENT,), _manifest),
    FileKind("agreement", (CONTENT,), lambda ctx: agreement_assets(ctx.book, directory_urls=ctx.directory_urls)),
    FileKind("redirects", (CONTENT,), _redirects),
    FileKind("question-banks", (QUIZZES, MODULE_TITLES, REFERENCES), lambda ctx: question_bank_assets(ctx.book)),
    FileKind("static", (), lambda ctx: static_assets()),  # generator/static/ is the generator's own code
    FileKind("package", (SETTINGS,), _package),
)


def export_assets(ctx: PageContext) -> list[GeneratedAsset]:
    """Every non-page output of a build, in path order; the offline zip and the SCORM packages
    that `make offline` and `make scorm` wrote are published as they are."""
    assets = [asset for kind in FILES for asset in kind.files(ctx)]
    offline = ctx.settings.offline_zip
    if ctx.settings.offline_available:  # never inside the offline copy itself
        assets.append(GeneratedAsset(f"{routes.DOWNLOADS}/{offline.name}", offline.read_bytes()))
    assets += published(ctx.settings.scorm_zips)
    return sorted(assets, key=lambda a: a.path)
