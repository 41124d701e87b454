"""Hostile Markdown in every text field the models declare is refused by the check at the payload's
file:line:column.

The families are those of issues 12 and 24 (tests/hostile.py); the browser test renders the same
content past the check and shows that nothing runs and nothing is requested from another host
(tests/browser/test_hostile_browser.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import FAMILIES, ONE_LINE, UNLOADABLE, Placed, poison
from support import copy_project
from test_textfields import _models

from generator.api import check
from generator.errors import Finding
from generator.model.fields import Markdown, Note, marker

Hostile = tuple[Path, list[Placed], list[Finding]]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", writable=("content", "docs"))
    placed = poison(project)
    _, findings = check(project)
    return project, placed, findings


def _lines(p: Placed) -> range:
    """The lines a payload covers: a YAML value is reported where it starts; a module body or a
    docs/ page at the line inside the payload."""
    extra = FAMILIES[p.family].count("\n") if p.kind in ("body", "page") else 0
    return range(p.line, p.line + extra + 1)


def test_every_payload_in_every_field_is_an_error_at_its_line(hostile: Hostile) -> None:
    _, placed, findings = hostile
    errors = {(f.path, f.line) for f in findings if f.level == "error" and f.rule in ("links", "markup", "characters")}
    # A note is shown on no page: only characters no field may hold are refused there.
    judged = [p for p in placed if p.family not in UNLOADABLE and (p.kind != "note" or p.family == "characters")]
    missed = [p for p in judged if not any((p.path, line) in errors for line in _lines(p))]
    assert not missed, "payloads the check let through:\n" + "\n".join(f"{p.family}: {p.path}:{p.line} ({p.field})" for p in missed)
    # Every family in every kind of file and in a docs/ page; the single files carry them in turn.
    for family in FAMILIES:
        where = {"docs" if p.path.startswith("docs/") else p.path.split("/")[1] for p in placed if p.family == family}
        assert {"dialogues", "modules", "quizzes", "figures", "docs"} <= where, family
    singles = {p.path for p in placed if p.path.count("/") == 1 and p.path.startswith("content/")}
    assert singles == {"content/glossary.yml", "content/references.yml", "content/guidance.yml", "content/codebook.yml"}


def test_every_declared_text_field_is_attacked(hostile: Hostile) -> None:
    """Each Markdown or note field of each model (found by the walker, as the check finds them)
    carried a payload: a field added to a model is attacked without editing the suite."""
    _, placed, _ = hostile
    attacked = {p.field for p in placed}
    declared = {
        (cls, name)
        for cls in _models()
        for name, info in cls.model_fields.items()
        if isinstance(marker(info.annotation, info.metadata), Markdown | Note)
    }
    missing = sorted(
        f"{cls.__name__}.{name}" for cls, name in declared if not any(f"{sub.__name__}.{name}" in attacked for sub in _models() if issubclass(sub, cls))
    )
    assert missing == []
    assert {"Dialogue.safety", "Turn.lint_exempt", "ModuleDoc.body", "docs page"} <= attacked


def test_control_characters_refuse_the_file_at_a_payload(hostile: Hostile) -> None:
    _, placed, findings = hostile
    files = {p.path for p in placed if p.family == "control"}  # docs/ pages too: their reading problems are reported
    lines = {(p.path, p.line) for p in placed if p.family == "control"}
    refused = {f.path for f in findings if (f.path, f.line) in lines and "expected printable text, found the control character \\x0" in f.format()}
    assert refused == files


def test_each_family_is_named_for_what_it_does(hostile: Hostile) -> None:
    _, _, findings = hostile

    def messages(family: str) -> list[str]:
        return [f.message for f in findings if f.path == f"content/dialogues/hostile-{family}.yml"]

    assert any("which sets 'onerror'" in m for m in messages("attr-list"))
    assert any("which sets 'href'" in m for m in messages("attr-list"))
    entity = messages("entity")
    assert any("found 'javascript&#58;alert(3)' (a javascript: link, which the site removes)" in m for m in entity)
    assert any("jav&#x09;ascript" in m for m in entity) and any("javascript&colon;" in m for m in entity)
    assert any("found 'javascript:alert(5)'" in m for m in messages("list-ref"))
    assert any("found 'javascript:alert(9)'" in m for m in messages("next-line-ref"))
    assert any("found 'javascript:alert(10)'" in m for m in messages("quote-ref"))
    assert any("which sets 'onclick'" in m for m in messages("quoted-brace"))
    assert any("the raw HTML '<img src=x onerror=alert(11)>'" in m for m in messages("code-escape"))
    assert any("the raw HTML '<img src=x onerror=alert(12)>'" in m for m in messages("code-escape"))
    assert any("(a data: link" in m for m in messages("data-scheme")) and any("(a vbscript: link" in m for m in messages("data-scheme"))
    for name in ("data-md-component", "data-clipboard-text", "style"):
        assert any(f"which sets '{name}'" in m for m in messages("data-attr")), name
    for name in ("hbQuizReady", "hb-quiz", "turn-2", "md-typeset", "__drawer"):
        assert any(f"found '{name}', which the site's pages or scripts use" in m for m in messages("reserved")), name
    assert any("the noncharacter U+FFFE" in m for m in messages("characters"))
    body = [f.message for f in findings if f.path == "content/modules/hostile-characters.md"]
    assert any("the noncharacter U+FFFE" in m for m in body)


def test_one_line_fields_are_accepted_as_text(hostile: Hostile) -> None:
    """Titles, names, settings are never Markdown: the payload is plain text there, not an error."""
    _, placed, findings = hostile
    payload_lines = {(p.path, line) for p in placed for line in _lines(p)}
    title_errors = [
        f for f in findings if f.level == "error" and f.rule in ("links", "markup", "characters") and (f.path, f.line) not in payload_lines and "hostile" in f.path
    ]
    assert not title_errors, [f.format() for f in title_errors]
    assert "](javascript:" in ONE_LINE
