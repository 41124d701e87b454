"""Contributor rules: the editor schema comment at the top of each file, and alt text on images."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.textfields import text_fields
from generator.errors import Finding
from generator.model.book import Handbook
from generator.model.kinds import SCHEMA_COMMENT, content_files

IMAGE = re.compile(r"!\[([^\]]*)\]\(")


def _loaded_paths(book: Handbook) -> set[str]:
    paths = set()
    for value in vars(book).values():
        for doc in value if isinstance(value, list) else [value]:
            path = getattr(doc, "path", None)
            if isinstance(path, str):
                paths.add(path)
    return paths


def check_schema_comments(book: Handbook) -> Iterator[Finding]:
    """Every content file starts with the yaml-language-server comment for its kind (modules:
    first line inside the front matter), so editors complete keys and flag errors as people type.
    Files that did not load are skipped: their errors come first."""
    loaded = _loaded_paths(book)
    for kind, path in content_files(book.root):
        rel = path.relative_to(book.root).as_posix()
        if rel not in loaded:
            continue
        expected = kind.schema_comment(rel)
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        index = 1 if kind.front_matter else 0
        if kind.front_matter and (not lines or lines[0].strip() != "---"):
            continue  # the loader already reports missing front matter
        found = lines[index].rstrip() if len(lines) > index else ""
        if found == expected:
            continue
        where = "as the first line inside the front matter" if kind.front_matter else "as the first line"
        if found.startswith(SCHEMA_COMMENT):
            message = f"expected the schema comment '{expected}', found '{found}'"
        else:
            message = f"expected the schema comment '{expected}' {where} (editors use it to check as you type)"
        yield Finding(rel, index + 1, 1, message, level="warning", rule="schema-comment")


def check_images(book: Handbook) -> Iterator[Finding]:
    """Markdown images need alt text: a screen reader otherwise announces only the file name."""
    for field in text_fields(book):
        for match in IMAGE.finditer(field.text):
            if not match.group(1).strip():
                line, col = field.position(match.start())
                yield Finding(
                    field.path,
                    line,
                    col,
                    "image without alt text: expected ![what the image shows](file), found ![](...); "
                    "describe the image in a few words, as you would to someone who cannot see it",
                    rule="images",
                )


def contributor_checks(book: Handbook) -> Iterator[Finding]:
    yield from check_schema_comments(book)
    yield from check_images(book)
