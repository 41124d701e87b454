"""Content rules that span fields or files. Each check returns findings; none raises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator.check.branching import check_branching
from generator.check.codebook import check_codebook
from generator.check.contrib import contributor_checks
from generator.check.items import check_items
from generator.check.keys import check_keys
from generator.check.links import Targets
from generator.check.quiz import check_quizzes
from generator.check.redirects import check_redirects
from generator.check.refs import check_dialogues, check_files, check_modules, check_situations
from generator.check.second import check_second
from generator.check.text import check_text
from generator.errors import Finding
from generator.model.book import Handbook

__all__ = ["Targets", "run_checks"]


def run_checks(book: Handbook, targets: Targets) -> list[Finding]:
    """All cross-field and cross-file rules; links are judged by ``targets``, what the build writes."""
    checks: Iterable[Iterator[Finding]] = (
        check_files(book), check_dialogues(book), check_modules(book), check_text(book, targets), contributor_checks(book), check_codebook(book),
        check_items(book),
        check_keys(book),
        check_situations(book),
        check_second(book),
        check_branching(book),
    )
    return [finding for check in checks for finding in check] + check_quizzes(book) + list(check_redirects(book))
