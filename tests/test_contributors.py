"""Contributor tooling: scaffolds that pass the check, no overwrites, the schema comment and
image alt-text rules, and `check --format json` carrying the same findings as the text output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.api import build, check
from generator.cli import main
from generator.errors import Finding
from generator.model.kinds import BY_NAME
from generator.model.scaffold import scaffold_kinds

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content, to add files to."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def _findings_for(root: Path, rel: str) -> list[Finding]:
    _, findings = check(root)
    return [f for f in findings if f.path == rel]


def _slug_for(kind: str, root: Path) -> str:
    if kind == "quiz":  # a quiz belongs to a module that has none yet
        modules = {p.stem for p in BY_NAME["module"].files(root)}
        taken = {p.stem for p in BY_NAME["quiz"].files(root)}
        return sorted(modules - taken)[0]
    return "a-new-" + kind


@pytest.mark.parametrize("kind", scaffold_kinds())
def test_scaffold_passes_the_check(kind: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slug = _slug_for(kind, project)
    assert main(["new", kind, slug, "--root", str(project)]) == 0
    rel = BY_NAME[kind].path_for(slug)
    assert capsys.readouterr().out.strip() == rel
    text = (project / rel).read_text(encoding="utf-8")
    assert "#" in text.split("\n", 3)[2], "the scaffold explains itself in comments"
    assert _findings_for(project, rel) == []  # no error, warning or suggestion
    build(project)  # and it renders


def test_scaffolded_dialogue_is_a_page_of_the_site(project: Path) -> None:
    assert main(["new", "dialogue", "late-for-clinic", "--root", str(project)]) == 0
    pages = {page.src: page for page in build(project).pages}
    assert "dialogues/late-for-clinic.md" in pages
    assert pages["dialogues/late-for-clinic.md"].source == "content/dialogues/late-for-clinic.yml"
    assert "late-for-clinic" in pages["dialogues/index.md"].markdown


def test_new_never_overwrites(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = project / "content/dialogues/fear-of-going-low.yml"
    before = existing.read_bytes()
    assert main(["new", "dialogue", "fear-of-going-low", "--root", str(project)]) == 1
    assert existing.read_bytes() == before
    err = capsys.readouterr().err
    assert "error: content/dialogues/fear-of-going-low.yml already exists" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("slug", ["Fear-Of-Going-Low", "fear_of_going_low", "double--hyphen", "trailing-", "a" * 81, "../escape"])
def test_new_rejects_bad_slugs(slug: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in (project / "content/dialogues").iterdir())
    assert main(["new", "dialogue", slug, "--root", str(project)]) == 1
    assert "expected a slug of lower-case letters, digits and single hyphens" in capsys.readouterr().err
    assert sorted(p.name for p in (project / "content/dialogues").iterdir()) == before


def test_new_module_takes_the_next_order(project: Path) -> None:
    assert main(["new", "module", "a-new-module", "--root", str(project)]) == 0
    book, _ = check(project)
    orders = {m.meta.id: m.meta.order for m in book.modules}
    assert orders["a-new-module"] == max(o for mid, o in orders.items() if mid != "a-new-module") + 1


# -- schema comment ----------------------------------------------------------------------------


def test_missing_schema_comment_is_reported(project: Path) -> None:
    path = project / "content/dialogues/fear-of-going-low.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "# yaml-language-server: $schema=../../schema/dialogue.schema.json"
    path.write_text("\n".join(lines[1:]), encoding="utf-8")
    [finding] = [f for f in _findings_for(project, "content/dialogues/fear-of-going-low.yml") if f.rule == "schema-comment"]
    assert (finding.line, finding.column, finding.level) == (1, 1, "warning")
    assert "expected the schema comment '# yaml-language-server: $schema=../../schema/dialogue.schema.json' as the first line (editors use it" in finding.message


def test_wrong_schema_comment_is_reported(project: Path) -> None:
    path = project / "content/glossary.yml"
    text = path.read_text(encoding="utf-8").replace("$schema=../schema/glossary.schema.json", "$schema=../schema/dialogue.schema.json", 1)
    path.write_text(text, encoding="utf-8")
    [finding] = [f for f in _findings_for(project, "content/glossary.yml") if f.rule == "schema-comment"]
    assert finding.message == (
        "expected the schema comment '# yaml-language-server: $schema=../schema/glossary.schema.json', "
        "found '# yaml-language-server: $schema=../schema/dialogue.schema.json'"
    )


def test_module_schema_comment_sits_inside_front_matter(project: Path) -> None:
    path = project / "content/modules/barriers.md"
    text = path.read_text(encoding="utf-8").replace("# yaml-language-server: $schema=../../schema/module.schema.json\n", "", 1)
    path.write_text(text, encoding="utf-8")
    [finding] = [f for f in _findings_for(project, "content/modules/barriers.md") if f.rule == "schema-comment"]
    assert finding.line == 2 and "as the first line inside the front matter" in finding.message


def test_real_content_has_every_schema_comment() -> None:
    _, findings = check(ROOT)
    assert [f.format() for f in findings if f.rule == "schema-comment"] == []


# -- images ------------------------------------------------------------------------------------


def test_image_without_alt_text_is_an_error(project: Path) -> None:
    path = project / "content/modules/barriers.md"
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    path.write_text(head + sep + "![ ](figure.png)\n\n![A nurse listening](ok.png)\n" + body, encoding="utf-8")
    body_line = head.count("\n") + 3
    findings = [f for f in _findings_for(project, "content/modules/barriers.md") if f.rule == "images"]
    assert [(f.line, f.column, f.level) for f in findings] == [(body_line, 1, "error")]
    assert "image without alt text" in findings[0].message


def test_image_alt_text_is_checked_in_dialogue_text(project: Path) -> None:
    path = project / "content/dialogues/fear-of-going-low.yml"
    text = path.read_text(encoding="utf-8").replace('summary: "', 'summary: "![](https://example.org/chart.png) ', 1)
    path.write_text(text, encoding="utf-8")
    # The missing alt text, and (issue 24) the image from another host, which no page may fetch.
    assert sorted(f.rule for f in _findings_for(project, "content/dialogues/fear-of-going-low.yml")) == ["images", "markup"]


# -- one check, two formats --------------------------------------------------------------------


def _break(project: Path) -> None:
    """Three kinds of problem at once: schema, cross-reference, language."""
    path = project / "content/dialogues/fear-of-going-low.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("effect: builds", "effect: build", 1)
    path.write_text(text, encoding="utf-8")
    other = project / "content/dialogues/after-a-low-while-driving.yml"
    text = other.read_text(encoding="utf-8").replace('summary: "', 'summary: "A conversation with a diabetic patient. ', 1)
    assert 'summary: "A conversation' in text
    other.write_text(text, encoding="utf-8")
    module = project / "content/modules/barriers.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nSee [@nosuchkey2020].\n", encoding="utf-8")


def test_json_output_has_the_same_findings_as_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _break(project)
    assert main(["check", str(project)]) == 1
    text = capsys.readouterr()
    assert main(["check", str(project), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    lines = [line for line in text.out.splitlines() if line]
    as_text = [f"{f['path']}:{f['line']}:{f['column']}: {f['level']}: {f['message']}" for f in data["findings"]]
    assert as_text == lines
    assert {f["rule"] for f in data["findings"]} >= {"schema", "citations", "language/diabetic-setting"}
    assert data["errors"] == sum(f["level"] == "error" for f in data["findings"]) >= 3
    assert set(data["findings"][0]) == {"path", "line", "column", "level", "rule", "message"}


def test_json_output_of_clean_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(ROOT), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 0
    assert all(f["level"] != "error" for f in data["findings"])


# -- content rules the check covers ------------------------------------------------------------


def test_an_uncoded_hcp_turn_is_reported_per_missing_code(project: Path) -> None:
    assert main(["new", "dialogue", "uncoded", "--root", str(project)]) == 0
    path = project / "content/dialogues/uncoded.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    effect: builds                   # builds | strains\n", "", 1)
    text = text.replace("    alsi: [ask, listen]              # zero or more of: ask, listen, summarise, invite ([] for none)\n", "", 1)
    path.write_text(text, encoding="utf-8")
    messages = [f.message for f in _findings_for(project, "content/dialogues/uncoded.yml")]
    assert messages == ["turn 2: HCP turns must be coded: missing field 'alsi'", "turn 2: HCP turns must be coded: missing field 'effect'"]


def test_an_unknown_citation_key_is_reported_with_a_suggestion(project: Path) -> None:
    module = project / "content/modules/barriers.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nAs Jones found [@jones2061].\n", encoding="utf-8")
    [finding] = [f for f in _findings_for(project, "content/modules/barriers.md") if f.rule == "citations"]
    assert finding.message == "citation expected a known reference id, found 'jones2061'; did you mean 'jones2016'?"
