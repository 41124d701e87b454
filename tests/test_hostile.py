"""Hostile Markdown in every field kind is refused by the check at the payload's file:line:column.

The families are those of issue 12 (tests/hostile.py); the browser test renders the same content
past the check and shows that nothing runs (tests/browser/test_hostile.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import FAMILIES, ONE_LINE, poison
from support import copy_project

from generator.api import check


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:  # type: ignore[type-arg]
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    placed = poison(project)
    _, findings = check(project)
    return project, [placed, findings]


def test_every_payload_in_every_markdown_field_is_an_error_at_its_line(hostile: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    _, (placed, findings) = hostile
    errors = {(f.path, f.line) for f in findings if f.level == "error" and f.rule in ("links", "markup")}
    missed = [p for p in placed if p.family != "control" and (p.path, p.line) not in errors]
    assert not missed, "payloads the check let through:\n" + "\n".join(f"{p.family}: {p.path}:{p.line} ({p.field})" for p in missed)
    # Every family, every kind of file.
    kinds = {(p.family, p.path.split("/")[1].removesuffix(".yml")) for p in placed}
    assert len(kinds) == len(FAMILIES) * 4 + 3 * (len(FAMILIES) - 1)


def test_control_characters_refuse_the_file_at_a_payload(hostile: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    _, (placed, findings) = hostile
    files = {p.path for p in placed if p.family == "control"}
    lines = {(p.path, p.line) for p in placed if p.family == "control"}
    refused = {f.path for f in findings if (f.path, f.line) in lines and "expected printable text, found the control character \\x0" in f.format()}
    assert refused == files


def test_each_family_is_named_for_what_it_does(hostile: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    _, (_, findings) = hostile
    messages = [f.message for f in findings if f.path == "content/dialogues/hostile-attr-list.yml"]
    assert any("which sets 'onerror'" in m for m in messages)
    assert any("which sets 'href'" in m for m in messages)
    entity = [f.message for f in findings if f.path == "content/dialogues/hostile-entity.yml"]
    assert any("found 'javascript&#58;alert(3' (a javascript: link, which the site removes)" in m for m in entity)
    assert any("jav&#x09;ascript" in m for m in entity) and any("javascript&colon;" in m for m in entity)
    listed = [f.message for f in findings if f.path == "content/dialogues/hostile-list-ref.yml"]
    assert any("found 'javascript:alert(5)'" in m for m in listed)


def test_one_line_fields_are_accepted_as_text(hostile: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    """Titles, names, settings are never Markdown: the payload is plain text there, not an error."""
    _, (placed, findings) = hostile
    payload_lines = {(p.path, p.line) for p in placed}
    title_errors = [f for f in findings if f.level == "error" and (f.path, f.line) not in payload_lines and "hostile" in f.path]
    assert not title_errors, [f.format() for f in title_errors]
    assert "](javascript:" in ONE_LINE
