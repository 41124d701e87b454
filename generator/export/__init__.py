"""Files other systems read: the course manifest, redirect pages, question banks, the offline zip,
SCORM packages; and the site's own minified JS and CSS."""

from __future__ import annotations

from generator.export.manifest import manifest_asset
from generator.export.qbank import question_bank_assets
from generator.export.redirects import redirect_assets
from generator.export.scorm import published
from generator.export.static import package_assets, static_assets
from generator.model.book import Handbook
from generator.outputs import GeneratedAsset
from generator.render import routes
from generator.render.context import RenderCache, digest, quiz_key
from generator.settings import Settings


def export_assets(book: Handbook, settings: Settings, cache: RenderCache | None = None) -> list[GeneratedAsset]:
    """Every non-page output of a build, in path order. With a ``cache`` (under `mkdocs serve`) the
    question banks are made again only when a quiz, a dialogue one quotes, or a module title changed."""
    urls, site_url = settings.directory_urls, settings.site_url
    assets = [manifest_asset(book, directory_urls=urls, site_url=site_url)]
    assets += redirect_assets(book, directory_urls=urls, site_url=site_url)
    if cache is None:
        assets += question_bank_assets(book)
    else:
        key = digest(
            [(q.path, quiz_key(book, q.path, q.model.questions)) for q in book.quizzes],
            [(m.meta.id, m.meta.title) for m in book.modules],
            book.versions.get(book.references.path, "") if book.references else "",
        )
        assets += cache.get("question-banks", key, lambda: question_bank_assets(book))
    assets += static_assets()
    if settings.package:
        assets += package_assets()
    offline = settings.offline_zip
    if urls and offline.is_file():  # never inside the offline copy itself
        assets.append(GeneratedAsset(f"{routes.DOWNLOADS}/{offline.name}", offline.read_bytes()))
    assets += published(settings.scorm_zips)
    return sorted(assets, key=lambda a: a.path)
