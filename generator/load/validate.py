"""Turn pydantic's validation errors into findings at source positions, in plain words."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.errors import Finding, PathKey, Positions, did_you_mean, one_of
from generator.model.content import ID_PATTERN, PLAIN_PATTERN, RENAMED

M = TypeVar("M", bound=BaseModel)


def describe(value: Any) -> str:
    """How a found value reads in a message: its kind and, for short values, the value."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()}); put it in quotes if you meant text"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}...'"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return "a mapping of fields"
    return type(value).__name__


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, list[...] and Annotated down to the model or literal type inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_name(loc: PathKey) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "document"


def _message(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, bool]:
    """The message for one error, and whether it points at the key rather than the value."""
    kind = error["type"]
    loc: PathKey = tuple(error["loc"])
    found = error.get("input")
    ctx = error.get("ctx") or {}
    field = _field_name(loc)
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        if field in RENAMED and RENAMED[field][0] in allowed:
            new, what = RENAMED[field]
            value = ", ".join(map(str, found)) if isinstance(found, list) else str(found)
            return f"field '{field}' is now '{new}', {what.format(value=value)}", True
        hint = did_you_mean(field, allowed)
        return f"unknown field '{field}';{hint or ' expected one of ' + one_of(allowed)}", True
    if kind == "missing":
        example = ""
        parent = _model_at(model, loc[:-1])
        if parent is not None and field in parent.model_fields:
            example = f" (expected: {parent.model_fields[field].description})" if parent.model_fields[field].description else ""
        return f"missing required field '{field}'{example}", False
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(found), allowed)
        return f"'{field}' expected one of {one_of(allowed)}, found {describe(found)};{hint}".rstrip(";"), False
    if kind == "union_members":
        return f"'{field}' expected a turn number or an id (like 8 or ask-again), found {describe(found)}", False
    if kind == "string_type":
        return f"'{field}' expected text, found {describe(found)}", False
    if kind == "list_type":
        return f"'{field}' expected a list (like [a, b]), found {describe(found)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{field}' expected a mapping of fields, found {describe(found)}", False
    if kind in ("int_type", "int_parsing"):
        return f"'{field}' expected a whole number, found {describe(found)}", False
    if kind == "string_too_short":
        return f"'{field}' expected text, found an empty text", False
    if kind == "string_too_long":
        return f"'{field}' expected at most {ctx.get('max_length')} characters, found {len(str(found))}", False
    if kind == "too_short":
        return f"'{field}' expected at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length', 0)}", False
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"'{field}' expected a number {error['msg'].lower().removeprefix('input should be ')}, found {describe(found)}", False
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern == ID_PATTERN:
            return f"'{field}' expected an id of lower-case letters, digits and hyphens (like fear-of-going-low), found {describe(found)}", False
        if pattern == PLAIN_PATTERN:
            return f"'{field}' expected plain text on one line without <, > or \" (use curly quotes “ ”), found {describe(found)}", False
        return f"'{field}' expected text matching {pattern}, found {describe(found)}", False
    return f"'{field}': {error['msg']}, found {describe(found)}", False


# The names pydantic gives the members of a union in an error's location ('next', 'int').
UNION_MEMBERS = frozenset({"int", "str", "constrained-str", "float", "bool"})


def _merge_unions(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """One error per value that fits no member of a union (a turn number or an id): the message
    says what the value may be, not what each member of the union wanted."""
    merged: list[ErrorDetails] = []
    seen: set[tuple[Any, ...]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if len(loc) > 1 and loc[-1] in UNION_MEMBERS:
            if loc[:-1] in seen:
                continue
            seen.add(loc[:-1])
            error = {**error, "loc": loc[:-1], "type": "union_members"}
        merged.append(error)
    return merged


def validate(model: type[M], data: Any, pos: Positions) -> tuple[M | None, list[Finding]]:
    """Validate loaded YAML against a model; every problem becomes a positioned finding."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = _merge_unions(exc.errors(include_url=False))
        # A misspelt field ('titel') also shows up as a missing one ('title'): report it once.
        renamed = set()
        for error in errors:
            if error["type"] == "extra_forbidden":
                parent = _model_at(model, tuple(error["loc"][:-1]))
                hint = did_you_mean(str(error["loc"][-1]), list(parent.model_fields) if parent else [])
                if hint:
                    renamed.add((*error["loc"][:-1], hint.split("'")[1]))
        findings = []
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in renamed:
                continue
            message, at_key = _message(error, model)
            findings.append(pos.finding(tuple(error["loc"]), message, key=at_key))
        return None, findings
