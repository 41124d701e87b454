"""The committed JSON Schemas match the models, cover every registered kind, and catch typos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.model.kinds import KINDS, content_files
from generator.model.schema import render_schemas, stale_schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema"


def test_committed_schemas_are_current() -> None:
    stale = stale_schemas(SCHEMA)
    assert stale == [], f"schema/ is out of date for {stale}; run: python -m generator schema --out schema/ and commit"


def test_schema_folder_holds_exactly_the_registered_kinds() -> None:
    assert sorted(p.name for p in SCHEMA.glob("*.json")) == sorted(kind.schema_file for kind in KINDS)
    assert {"dialogue", "module", "references", "glossary", "guidance", "figure", "quiz"} <= {kind.name for kind in KINDS}


def _objects(node: object) -> list[dict[str, object]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value)
    return found


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_every_object_forbids_unknown_keys(name: str) -> None:
    """Editors flag a misspelt key (titel:) only if the schema forbids unknown ones."""
    schema = json.loads((SCHEMA / name).read_text(encoding="utf-8"))
    objects = _objects(schema)
    assert objects
    assert all(obj.get("additionalProperties") is False for obj in objects)


def test_dialogue_schema_lists_allowed_values_and_required_fields() -> None:
    schema = json.loads((SCHEMA / "dialogue.schema.json").read_text(encoding="utf-8"))
    turn = schema["$defs"]["Turn"]
    assert turn["properties"]["speaker"]["enum"] == ["pwd", "hcp", "other"]
    assert turn["required"] == ["speaker", "text"]
    assert set(schema["required"]) == {"id", "title", "summary", "context", "focus", "turns"}
    hcp = schema["$defs"]["Context"]["properties"]["hcp"]
    assert "diabetes specialist nurse" in hcp["enum"]


def test_every_content_file_points_at_an_existing_schema() -> None:
    for kind, path in content_files(ROOT):
        comment = kind.schema_comment(path.relative_to(ROOT).as_posix())
        target = (path.parent / comment.split("$schema=", 1)[1]).resolve()
        assert target == SCHEMA / kind.schema_file and target.is_file()


def test_schema_command_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schema"
    assert main(["schema", "--out", str(out)]) == 0
    assert main(["schema", "--out", str(out), "--check"]) == 0
    (out / "dialogue.schema.json").write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["schema", "--out", str(out), "--check"]) == 1
    assert "dialogue.schema.json: error: out of date" in capsys.readouterr().err
    assert main(["schema", "--out", str(out)]) == 0
    assert stale_schemas(out) == []
