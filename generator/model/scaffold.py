"""`.venv/bin/python -m generator new KIND SLUG`: a commented starting file that already passes the check."""

from __future__ import annotations

import re
from pathlib import Path

from generator.model.content import ID_PATTERN
from generator.model.kinds import BY_NAME, KINDS, Kind

SCAFFOLDS = Path(__file__).parent / "scaffolds"
MAX_SLUG = 80


class ScaffoldError(Exception):
    """A slug or kind we cannot scaffold, or a file that already exists; the message says which."""


def scaffold_kinds() -> list[str]:
    return [kind.name for kind in KINDS if kind.scaffold]


def example_text(kind: Kind) -> str:
    """The kind's example file as stored (placeholders filled for an item called 'example-id')."""
    return fill(kind, "example-id", next_order=1)


def title_for(slug: str) -> str:
    words = slug.replace("-", " ")
    return words[:1].upper() + words[1:]


def fill(kind: Kind, slug: str, *, next_order: int) -> str:
    path = kind.path_for(slug)
    text = (SCAFFOLDS / f"{kind.name}{kind.suffix}").read_text(encoding="utf-8")
    for placeholder, value in (
        ("__SCHEMA__", kind.schema_comment(path)),
        ("__PATH__", path),
        ("__ID__", slug),
        ("__TITLE__", title_for(slug)),
        ("__ORDER__", str(next_order)),
    ):
        text = text.replace(placeholder, value)
    return text


def _next_order(root: Path) -> int:
    orders = []
    for path in BY_NAME["module"].files(root):
        match = re.search(r"^order:\s*(\d+)", path.read_text(encoding="utf-8", errors="replace"), re.MULTILINE)
        if match:
            orders.append(int(match.group(1)))
    return max(orders, default=0) + 1


def new(root: Path, kind_name: str, slug: str) -> Path:
    """Write the scaffold for ``slug``; never overwrites. Returns the new file's path."""
    kind = BY_NAME.get(kind_name)
    if kind is None or not kind.scaffold:
        raise ScaffoldError(f"expected one of {', '.join(scaffold_kinds())}, found '{kind_name}'")
    if not re.fullmatch(ID_PATTERN, slug) or len(slug) > MAX_SLUG:
        raise ScaffoldError(
            f"expected a slug of lower-case letters, digits and single hyphens, at most {MAX_SLUG} characters "
            f"(like fear-of-going-low), found '{slug}'"
        )
    target = root / kind.path_for(slug)
    if target.exists():
        raise ScaffoldError(f"{kind.path_for(slug)} already exists; choose another slug, or edit that file")
    text = fill(kind, slug, next_order=_next_order(root))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # 'x': fail rather than overwrite, even in a race
        out.write(text)
    return target
