"""A former id (redirect_from) must not be a current id or be claimed twice."""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Finding
from generator.model.book import Handbook


def check_redirects(book: Handbook) -> Iterator[Finding]:
    """A former id must not be a current id or be claimed twice: the old URL would be ambiguous."""
    current = {"dialogues": {d.model.id for d in book.dialogues}, "modules": {m.meta.id for m in book.modules}}
    claimed: dict[tuple[str, str], str] = {}
    items = [("dialogues", d.model.id, d.model.redirect_from, d.path, d.pos) for d in book.dialogues]
    items += [("modules", m.meta.id, m.meta.redirect_from, m.path, m.pos) for m in book.modules]
    for kind, ident, olds, path, pos in items:
        for i, old in enumerate(olds):
            line, col = pos.of(("redirect_from", i))
            if old in current[kind]:
                yield Finding(path, line, col, f"expected a former id that no {kind[:-1]} uses now, found '{old}', the id of a current {kind[:-1]}", rule="redirects")
            elif (kind, old) in claimed:
                yield Finding(path, line, col, f"former id '{old}' is already redirected to '{claimed[(kind, old)]}'; keep it in one file only", rule="redirects")
            else:
                claimed[(kind, old)] = ident
