"""The site's Contribute pages: the schema reference (generated from the JSON Schemas, which are
generated from the models, so it cannot drift) and CONTRIBUTING.md as a page.

Examples come from each kind's scaffold first, then from the real content files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from markupsafe import Markup

from generator.load.loader import split_front_matter
from generator.load.yaml import load_yaml
from generator.model.content import ID_PATTERN, PLAIN_PATTERN
from generator.model.kinds import KINDS, Kind
from generator.model.scaffold import example_text
from generator.model.schema import kind_schema
from generator.outputs import GeneratedPage
from generator.render import routes
from generator.render.context import PageContext, front_matter

MISSING = "—"
CONTRIBUTING = "CONTRIBUTING.md"

# What a field accepts, as parts the template writes: ("text", words), ("code", value) or
# ("link", model name, anchor). No HTML is built here (schema_reference.md.j2 writes it).
Part = tuple[str, str, str]
Allowed = list[Part]


def _text(words: str) -> Part:
    return ("text", words, "")


def _code(value: str) -> Part:
    return ("code", value, "")


def _joined(parts: list[Part], sep: str = ", ") -> Allowed:
    out: Allowed = []
    for n, part in enumerate(parts):
        if n:
            out.append(_text(sep))
        out.append(part)
    return out


@dataclass
class Row:
    name: str
    type: str
    allowed: Allowed
    required: str
    description: str
    example: str


@dataclass
class Table:
    anchor: str
    title: str
    description: str
    rows: list[Row] = field(default_factory=list)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _anchor(kind: Kind, name: str) -> str:
    return f"{kind.name}-{name.lower()}"


def _link(kind: Kind, name: str) -> Part:
    return ("link", name, _anchor(kind, name))


def _non_null(node: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    options = node.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        return (rest[0] if len(rest) == 1 else {"anyOf": rest}), True
    return node, False


def _describe(node: dict[str, Any], kind: Kind) -> tuple[str, Allowed]:
    """(type in words, allowed values) for a schema node."""
    node, _ = _non_null(node)
    if "$ref" in node:
        return "mapping", [_text("fields of "), _link(kind, _ref_name(node["$ref"]))]
    if "oneOf" in node or "anyOf" in node:
        names = [_ref_name(o["$ref"]) for o in node.get("oneOf", node.get("anyOf", [])) if "$ref" in o]
        key = node.get("discriminator", {}).get("propertyName")
        chosen = [_text(", chosen by "), _code(key)] if key else []
        return "mapping", [_text("one of "), *_joined([_link(kind, n) for n in names]), *chosen]
    if "const" in node:
        return "text", [_code(str(node["const"]))]
    if "enum" in node:
        return "text", [_text("one of "), *_joined([_code(str(v)) for v in node["enum"]])]
    kind_of = node.get("type")
    if kind_of == "array":
        inner_type, inner_allowed = _describe(node.get("items", {}), kind)
        counts = []
        if "minItems" in node:
            counts.append(f"at least {node['minItems']}")
        if "maxItems" in node:
            counts.append(f"at most {node['maxItems']}")
        count = f" ({', '.join(counts)})" if counts else ""
        return f"list of {inner_type}{count}", inner_allowed
    if kind_of == "integer":
        limits = []
        if "minimum" in node:
            limits.append(f"from {node['minimum']}")
        if "maximum" in node:
            limits.append(f"to {node['maximum']}")
        return "whole number", [_text(" ".join(limits) or "any")]
    if kind_of == "boolean":
        return "true or false", _joined([_code("true"), _code("false")])
    if kind_of == "string":
        pattern = node.get("pattern")
        if pattern == ID_PATTERN:
            return "id", [_text("lower-case letters, digits and single hyphens, like "), _code("fear-of-going-low")]
        if pattern == PLAIN_PATTERN:
            limit = f", at most {node['maxLength']} characters" if "maxLength" in node else ""
            return "plain text", [_text("one line, no "), _code("<"), _text(", "), _code(">"), _text(" or "), _code(chr(34)), _text(limit)]
        if pattern:
            return "text", [_text("matching "), _code(pattern)]
        return "text", [_text("any text, not empty" if node.get("minLength") else "any text")]
    return str(kind_of or "value"), []


def _example(value: Any) -> str:
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
        return ""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    text = text.removesuffix("...").strip()
    return text if len(text) <= 70 else text[:67] + "..."


def _collect(node: dict[str, Any], data: Any, defs: dict[str, Any], out: dict[tuple[str, str], str], name: str) -> None:
    """Walk example data along the schema; remember the first example of every (model, field)."""
    node, _ = _non_null(node)
    if "$ref" in node:
        ref = _ref_name(node["$ref"])
        _collect(defs[ref], data, defs, out, ref)
        return
    if "oneOf" in node and isinstance(data, dict):
        mapping = node.get("discriminator", {}).get("mapping", {})
        target = mapping.get(str(data.get(node.get("discriminator", {}).get("propertyName", ""))))
        if target:
            _collect({"$ref": target}, data, defs, out, name)
        return
    if node.get("type") == "array" and isinstance(data, list):
        for item in data:
            _collect(node.get("items", {}), item, defs, out, name)
        return
    if "properties" in node and isinstance(data, dict):
        for key, value in data.items():
            if key in node["properties"]:
                if (name, key) not in out:
                    example = _example(value)
                    if example:
                        out[(name, key)] = example
                _collect(node["properties"][key], value, defs, out, name)


@lru_cache(maxsize=64)
def _scaffold_data(kind: Kind) -> Any:
    """The data of the kind's scaffold (our own file, fixed for the life of the process)."""
    text = example_text(kind)
    if kind.front_matter:
        parts = split_front_matter(text)
        text = parts[0] if parts else ""
    # The content loader, not PyYAML's own: it never raises, and reads dates as text as content does.
    data, _, _ = load_yaml(text, kind.name)
    return data


# Examples need a few files, not all: a handbook with a thousand dialogues reads twenty.
EXAMPLE_FILES = 20


def example_sources(ctx: PageContext, kind: Kind) -> list[str]:
    """The content files the schema reference takes a kind's examples from (after its scaffold)."""
    root = ctx.settings.root
    return [path.relative_to(root).as_posix() for path in kind.files(root)[:EXAMPLE_FILES]]


def _tables(kind: Kind, schema: dict[str, Any], examples: dict[tuple[str, str], str]) -> list[Table]:
    defs: dict[str, Any] = schema.get("$defs", {})
    root_name = kind.model.__name__
    nodes = {root_name: schema, **defs}
    order = [root_name]
    queue = [root_name]
    while queue:  # models in the order a reader meets them
        current = nodes[queue.pop(0)]
        for refs in re.findall(r"'\$ref': '#/\$defs/(\w+)'", str(current.get("properties", {}))):
            if refs not in order:
                order.append(refs)
                queue.append(refs)
    tables = []
    for name in order:
        node = nodes[name]
        table = Table(_anchor(kind, name), name, node.get("description", "") if name != root_name else "")
        required = set(node.get("required", []))
        for prop, sub in node.get("properties", {}).items():
            type_, allowed = _describe(sub, kind)
            default = sub.get("default", None)
            need = "required" if prop in required else ("optional" if default in (None, [], {}) else f"optional (default {_example(default)})")
            example = examples.get((name, prop), "")
            if not example and "const" in sub:
                example = str(sub["const"])
            table.rows.append(Row(prop, type_, allowed, need, sub.get("description", ""), example or MISSING))
        tables.append(table)
    return tables




def _kind_examples(ctx: PageContext, kind: Kind) -> dict[tuple[str, str], str]:
    """The first example of every (model, field): from the kind's scaffold, then its files (as the
    loader parsed them: nothing is read or parsed again)."""
    schema = _schema(kind)
    out: dict[tuple[str, str], str] = {}
    for data in (_scaffold_data(kind), *(ctx.book.data.get(rel) for rel in example_sources(ctx, kind))):
        _collect(schema, data, schema.get("$defs", {}), out, kind.model.__name__)
    return out


@lru_cache(maxsize=64)
def _schema(kind: Kind) -> dict[str, Any]:
    """A kind's JSON Schema: generated from the models, so fixed for the life of the process."""
    return kind_schema(kind)


def schema_reference(ctx: PageContext, _: None) -> GeneratedPage:
    """Every field of every kind: type, allowed values, required or optional, description, example."""
    kinds = []
    for kind in KINDS:
        schema = _schema(kind)
        examples = _kind_examples(ctx, kind)
        sample = example_text(kind)
        kinds.append(
            {
                "kind": kind,
                "description": schema.get("description", "").split(" Generated from ")[0],
                "tables": _tables(kind, schema, examples),
                "example": Markup(sample),  # our own scaffold, shown in a fence
                "fence": "```" + ("markdown" if kind.front_matter else "yaml"),
            }
        )
    fm = front_matter(
        title="Schema reference",
        description="Every field of every kind of content: type, allowed values, required or optional, and an example.",
        hb_source="generator/model/content.py",
        hb_kind="schema",
    )
    text = ctx.page("schema_reference.md.j2", front_matter=Markup(fm), kinds=kinds, codebook=ctx.book.codebook is not None)
    return GeneratedPage(routes.SCHEMA, text, "generator/model/content.py", "Schema reference")


def contributing_page(ctx: PageContext, _: None) -> GeneratedPage:
    """CONTRIBUTING.md on the site, unchanged, so the two cannot disagree."""
    path = ctx.settings.root / CONTRIBUTING
    fm = front_matter(title="Contribute", description="Add a dialogue in ten minutes, write it well, and review one.", hb_source="CONTRIBUTING.md", hb_kind="contributing")
    return GeneratedPage(routes.CONTRIBUTING, fm + path.read_text(encoding="utf-8"), "CONTRIBUTING.md", "Contribute")
