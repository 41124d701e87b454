"""JSON Schema for every registered content kind, generated from the pydantic models.

`.venv/bin/python -m generator schema --out schema/` writes them; editors with the YAML language server
read them through the `# yaml-language-server: $schema=...` comment at the top of each file.
tests/test_schema.py fails when the committed files are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.model.kinds import KINDS, Kind

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def kind_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of one kind, with a title and the place its files live."""
    body: dict[str, Any] = kind.model.model_json_schema(mode="validation")
    described = body.pop("description", "")
    head: dict[str, Any] = {
        "$schema": DRAFT,
        "title": f"Handbook {kind.title.lower()}",
        "description": f"{described} Generated from {kind.model.__module__.replace('.', '/')}.py "
        "by `.venv/bin/python -m generator schema --out schema/`; do not edit by hand.".strip(),
    }
    return {**head, **{k: v for k, v in body.items() if k != "title"}}


def render_schemas() -> dict[str, str]:
    """File name -> JSON text for every kind, in a fixed form so regenerating is a no-op."""
    return {kind.schema_file: json.dumps(kind_schema(kind), indent=2, ensure_ascii=False) + "\n" for kind in KINDS}


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into ``out``; returns the files whose content changed."""
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas().items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(out: Path) -> list[str]:
    """Names of schema files in ``out`` that are missing or differ from the models."""
    return [name for name, text in render_schemas().items() if not (out / name).exists() or (out / name).read_text(encoding="utf-8") != text]
