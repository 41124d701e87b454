"""Safe YAML loading that keeps every value's source position.

PyYAML's ``compose()`` gives nodes with marks; we turn them into plain Python values and record
where each value (and each mapping key) starts, keyed by its path from the document root.
Everything PyYAML would accept silently but a content author would not mean is rejected:
duplicate keys, aliases (and so alias bombs), tags that construct objects, tabs, non-UTF-8 bytes.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Finding, PathKey, Positions
from generator.load.yaml_messages import explain

MAX_BYTES = 1_000_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _RejectError(Exception):
    def __init__(self, node_or_mark: Any, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.line = mark.line + 1
        self.column = mark.column + 1
        self.message = message
        super().__init__(message)


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses aliases, so shared or exponential structures never form."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _RejectError(
                event.start_mark,
                f"expected a plain value, found the alias '*{event.anchor}'; "
                "anchors and aliases are not supported in content: write the value out in full",
            )
        return Composer.compose_node(self, parent, index)


_constructor = SafeConstructor()
# Control characters (other than tab and newline) and lone surrogates: never meant in content, and
# a lone surrogate cannot even be written to a page. Written as YAML escapes ("\x01", "\ud800").
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def _unprintable(char: str) -> str:
    kind = "lone surrogate" if 0xD800 <= ord(char) <= 0xDFFF else "control character"
    return f"the {kind} {char.encode('unicode_escape', 'backslashreplace').decode('ascii')}"


def _scalar(node: ScalarNode) -> Any:
    bad = _UNPRINTABLE.search(node.value)
    if bad:
        raise _RejectError(node, f"expected printable text, found {_unprintable(bad.group())}; remove it")
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # a date stays text: content never needs datetime objects
    try:
        return _constructor.construct_object(node, deep=True)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, yaml.YAMLError):
        tag = node.tag.rsplit(":", 1)[-1]
        article = "an" if tag[:1] in ("a", "e", "i", "o", "u") else "a"
        raise _RejectError(node, f"expected {article} {tag} after the tag '!!{tag}', found '{node.value[:40]}'; leave the tag out") from None
    finally:  # PyYAML's constructor remembers each node it made until told to forget: forget it now,
        _constructor.constructed_objects.clear()  # or the process keeps every node of every check
        _constructor.recursive_objects.clear()  # (and the file's text with it) for as long as it runs


def _convert(node: Node, loc: PathKey, pos: Positions, line_offset: int) -> Any:
    if node.tag not in _PLAIN_TAGS:
        raise _RejectError(node, f"expected plain YAML, found the tag '{node.tag}'; tags are not allowed in content")
    pos.values[loc] = (node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        value = _scalar(node)
        if isinstance(value, str) and value and not value.strip():
            raise _RejectError(node, "expected text, found only spaces; write the text or leave the field out")
        return value
    if isinstance(node, SequenceNode):
        return [_convert(item, (*loc, i), pos, line_offset) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _RejectError(key_node, "expected a field name, found the merge key '<<'; write the fields out in full")
            if not isinstance(key_node, ScalarNode):
                raise _RejectError(key_node, "expected a field name, found a list or mapping used as a key")
            key = str(_scalar(key_node))
            if key in result:
                first = pos.keys[(*loc, key)]
                raise _RejectError(
                    key_node,
                    f"duplicate field '{key}' (first given at line {first[0]}); each field may appear once",
                )
            pos.keys[(*loc, key)] = (key_node.start_mark.line + 1 + line_offset, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, (*loc, key), pos, line_offset)
        return result
    raise _RejectError(node, "expected a mapping, list or value")  # pragma: no cover - PyYAML has no other node kinds


def decode(raw: bytes, path: str) -> tuple[str | None, Finding | None]:
    """Bytes to text, or a finding that points at the first byte that is not UTF-8."""
    if len(raw) > MAX_BYTES:
        return None, Finding(path, 1, 1, f"expected a file under {MAX_BYTES // 1000} KB, found {len(raw) // 1000} KB", rule="yaml")
    try:
        text = raw.decode("utf-8-sig")
        bad = _UNPRINTABLE.search(text)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Finding(
            path, line, column, f"expected UTF-8 text, found the byte 0x{raw[exc.start]:02x}; save the file as UTF-8", rule="yaml"
        )
    if bad:
        prefix = text[: bad.start()]
        line, column = prefix.count("\n") + 1, bad.start() - (prefix.rfind("\n") + 1) + 1
        return None, Finding(path, line, column, f"expected printable text, found {_unprintable(bad.group())}; remove it", rule="yaml")
    return text, None


class _SharedNodeError(Exception):
    """A node reached twice: libyaml resolved an alias. The slow path reports where."""


def _check_unshared(node: Node, seen: set[int]) -> None:
    if id(node) in seen:
        raise _SharedNodeError
    seen.add(id(node))
    if isinstance(node, SequenceNode):
        for item in node.value:
            _check_unshared(item, seen)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            _check_unshared(key, seen)
            _check_unshared(value, seen)


_CLoader: Any = getattr(yaml, "CSafeLoader", None)


def _compose(loader_class: Any, text: str) -> Node | None:
    loader = loader_class(text)
    try:
        node: Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _load_fast(text: str, path: str, line_offset: int) -> tuple[Any, Positions] | None:
    """Compose with libyaml (several times faster); None whenever anything is off, so that the
    pure-Python path, whose messages the golden tests pin, produces the report."""
    if _CLoader is None or "\t" in text:  # libyaml accepts tabs the pure-Python parser reports
        return None
    pos = Positions(path)
    try:
        node = _compose(_CLoader, text)
        if node is None:
            return None
        _check_unshared(node, set())
        return _convert(node, (), pos, line_offset), pos
    except (yaml.YAMLError, _RejectError, _SharedNodeError, RecursionError):
        return None


def load_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[Any, Positions, list[Finding]]:
    """Parse one YAML document. Returns (data, positions, findings); data is None on failure."""
    fast = _load_fast(text, path, line_offset)
    if fast is not None:
        return fast[0], fast[1], []
    pos = Positions(path)
    try:
        node = _compose(_NoAliasLoader, text)
        if node is None:
            return None, pos, [Finding(path, 1 + line_offset, 1, "expected content, found an empty file", rule="yaml")]
        return _convert(node, (), pos, line_offset), pos, []
    except _RejectError as exc:
        return None, pos, [Finding(path, exc.line + line_offset, exc.column, exc.message, rule="yaml")]
    except yaml.YAMLError as exc:
        line, col, message = explain(exc, text)
        return None, pos, [Finding(path, line + line_offset, col, message, rule="yaml")]
    except RecursionError:
        return None, pos, [Finding(path, 1 + line_offset, 1, "expected reasonably nested YAML, found nesting too deep to read", rule="yaml")]
