"""Plain-words messages for YAML syntax errors: what is wrong, where, and what to write instead.

PyYAML reports the parser's view ("expected <block end>, but found '?'"), often on the line after
the mistake. Here the commonest mistakes are recognised from the error and the source lines around
it: a list item or a field at the wrong indentation, a missing space after a colon, a quote that is
never closed, a second ': ' inside a text, a tab, an unclosed [ or {. Each message names the line
and column to change and a change that makes the file parse (tests/test_yaml_messages.py applies
each one). Anything else keeps the parser's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# A line that starts a field: indentation, an optional list dash, the field name and its colon.
_FIELD = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\[\]{},-][^:#]*?):(?=\s|$)")
# A field whose value opens a quote: the quote and the rest of the line after it.
_QUOTED_VALUE = re.compile(r"^ *(?:- +)?(?:[^\s:#'\"][^:#]*?: +)?(?P<q>[\"'])(?P<rest>.*)$")
_NO_SPACE = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[A-Za-z_][\w-]*):(?P<after>\S.*)$")


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def field(self) -> re.Match[str] | None:
        return _FIELD.match(self.text)

    @property
    def field_column(self) -> int:
        """1-based column where the field name starts (after a list dash)."""
        m = self.field
        return len(m.group("indent")) + len(m.group("dash") or "") + 1 if m else self.indent + 1

    @property
    def is_item(self) -> bool:
        return self.text.lstrip(" ").startswith("- ") or self.text.strip() == "-"


def _content_lines(lines: list[str], before: int) -> list[_Line]:
    """The non-blank, non-comment lines before 0-based line ``before``, nearest first."""
    found = []
    for i in range(min(before, len(lines)) - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            found.append(_Line(i + 1, lines[i]))
    return found


def _unclosed(rest: str, q: str) -> bool:
    """Whether a quoted text that starts just before ``rest`` is still open at the end of the line."""
    if q == "'":
        return rest.replace("''", "").count("'") == 0
    return re.sub(r"\\.", "", rest).count('"') == 0


def _open_quote_above(lines: list[str], at: int) -> tuple[int, int, str] | None:
    """The nearest line at or before 0-based ``at`` whose value opens a quote it does not close."""
    for line in [_Line(at + 1, lines[at]), *_content_lines(lines, at)] if at < len(lines) else _content_lines(lines, at):
        m = _QUOTED_VALUE.match(line.text)
        if m and _unclosed(m.group("rest"), m.group("q")):
            return line.number, m.start("q") + 1, m.group("q")
    return None


def _quote_message(line: int, column: int, q: str) -> tuple[int, int, str]:
    other = "'" if q == '"' else '"'
    return line, column, (
        f"expected a closing {q} for the text that starts with {q} here, found none on this line, so the text runs on "
        f"into the lines below; end the text with {q} on this line (inside it, write {q} as "
        + ('\\"' if q == '"' else "''")
        + f", or quote the text with {other} instead)"
    )


def _tab(line: int, column: int) -> tuple[int, int, str]:
    return line, column, "expected spaces for indentation, found a tab; YAML does not allow tabs here"


def _missing_space(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    mark = exc.context_mark
    if mark is None or mark.line >= len(lines):
        return None
    text = lines[mark.line]
    m = _NO_SPACE.match(text)
    if m:
        return mark.line + 1, m.end("key") + 1, (
            f"expected a space after '{m.group('key')}:', found '{m.group('after')[0]}'; a field needs ': ' between name and value: "
            f"write '{m.group('key')}: {m.group('after')}'"
        )
    return None


def _second_colon(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """'mapping values are not allowed here': a ': ' inside a text, or a field indented deeper than the one above."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    line = _Line(mark.line + 1, lines[mark.line])
    field = line.field
    if field and field.end("key") < mark.column:
        # The field starts on this line and a later ': ' is inside its value.
        value = line.text[field.end() :].strip()
        quoted = "'" + value.replace("'", "''") + "'"
        return line.number, mark.column + 1, (
            f"expected one value after '{field.group('key').strip()}:', found a second ': ' inside it; put the whole text in quotes: "
            f"{field.group('key').strip()}: {quoted}"
        )
    above = _content_lines(lines, mark.line)
    if not above:
        return None
    prev = above[0]
    stripped = prev.text.lstrip(" ")
    if stripped.startswith("-") and len(stripped) > 1 and stripped[1] not in " -":
        return prev.number, prev.indent + 2, (
            f"expected a space after the '-' that starts a list item, found '{stripped[1]}'; write '- {stripped[1:].strip()}'"
        )
    if field and line.indent + 1 > prev.field_column:
        name, prev_name = field.group("key").strip(), prev.field.group("key").strip() if prev.field else "the line above"
        return line.number, line.indent + 1, (
            f"expected '{name}:' at column {prev.field_column} like '{prev_name}:' on line {prev.number}, found it at column "
            f"{line.indent + 1}, so YAML reads it as more of the text on line {prev.number}; start it at column {prev.field_column}"
        )
    return None


def _item_column(lines: list[str], line: _Line) -> tuple[int, int, str]:
    """A list item ('- ...') at an indentation that belongs to no list above it."""
    above = _content_lines(lines, line.number - 1)
    prev = above[0] if above else None
    if prev and prev.field and prev.text.rstrip().endswith(":") and line.indent < prev.indent:
        key = prev.field.group("key").strip()
        return line.number, line.indent + 1, (
            f"expected the list under '{key}:' (line {prev.number}) to start at column {prev.indent + 1} or further right, found "
            f"'-' at column {line.indent + 1}; indent the list's items to column {prev.indent + 1}"
        )
    sibling = next((a for a in above if a.is_item and a.indent != line.indent), None)
    if sibling:
        found = (
            f"expected this list item's '-' at column {sibling.indent + 1}, like the item on line {sibling.number}, found it at "
            f"column {line.indent + 1}; line up the '-' of every item in a list"
        )
        # The item's own lines, when they sit where this '-' puts them: the whole item was moved.
        last = line.number
        while last < len(lines) and (not lines[last].strip() or _Line(last + 1, lines[last]).indent > line.indent):
            last += 1
        while last > line.number and not lines[last - 1].strip():
            last -= 1
        if last > line.number and _Line(line.number + 1, lines[line.number]).indent == line.indent + 2:
            shift = sibling.indent - line.indent
            side = "right" if shift > 0 else "left"
            return line.number, line.indent + 1, (
                f"{found}: move the item (lines {line.number} to {last}) {abs(shift)} column{'s' if abs(shift) > 1 else ''} to the {side}"
            )
        return line.number, line.indent + 1, f"{found} (start it at column {sibling.indent + 1})"
    return line.number, line.indent + 1, "expected a list item only under a field ending in ':', found '-' here; check the indentation of this line"


def _field_column(lines: list[str], line: _Line) -> tuple[int, int, str] | None:
    """A field, or a line of text, that lines up with no mapping above it."""
    above = _content_lines(lines, line.number - 1)
    columns: dict[int, _Line] = {}
    for a in above:
        if a.field and a.field_column not in columns:
            columns[a.field_column] = a
        if a.indent == 0 and not a.is_item:
            break
    if not columns:
        return None
    here = line.indent + 1
    # The nearest column, the deeper one on a tie (the item being written, not its parent).
    target = min(columns, key=lambda c: (abs(c - here), -c))
    sample = columns[target]
    name = sample.field.group("key").strip() if sample.field else ""
    if line.field:
        key = line.field.group("key").strip()
        return line.number, here, (
            f"expected '{key}:' at a column where the fields above start, found it at column {here}; "
            f"start it at column {target}, like '{name}:' on line {sample.number}"
        )
    prev = above[0] if above else None
    found = f"expected a field ('name: value') or a list item ('- ...') at column {here}, found text"
    if prev and prev.field:
        key = prev.field.group("key").strip()
        value = prev.text[prev.field.end() :].strip()
        if value[:1] in ("'", '"'):
            return line.number, here, f"{found}; if it belongs to the text of '{key}:' on line {prev.number}, move it inside that text's quotes"
        return line.number, here, (
            f"{found}; if it continues the text of '{key}:' on line {prev.number}, indent it to column {prev.field_column + 1} or more"
        )
    return line.number, here, f"{found}; give it a field name, or make it a list item"


def _block_end(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """'expected <block end>, but found ...': a line at an indentation its neighbours do not have."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    line = _Line(mark.line + 1, lines[mark.line])
    if line.indent != mark.column:
        # The unexpected token is inside the line, just after a quote. An odd number of quotes up to
        # it: that quote closed a text opened on a line above and never closed there. An even number:
        # the text after a quoted value that ended on this line.
        before = line.text[: mark.column].rstrip()
        q = before[-1:] if before.endswith(("'", '"')) else ""
        if q and before.count(q) % 2 == 1 and mark.line > 0:
            quote = _open_quote_above(lines, mark.line - 1)
            return _quote_message(*quote) if quote else None
        if q and line.field:
            key = line.field.group("key").strip()
            value = line.text[line.field.end() :].strip()
            return line.number, mark.column + 1, (
                f"expected the end of the value after its closing quote, found '{line.text[mark.column:].strip()[:30]}'; a quoted text "
                f"must be the whole value: put all of it in single quotes, each ' inside written twice: {key}: '"
                + value.replace("'", "''")
                + "'"
            )
        return None
    if line.is_item:
        return _item_column(lines, line)
    return _field_column(lines, line)


def _flow(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    mark = exc.context_mark
    if mark is None or mark.line >= len(lines):
        return None
    opened = lines[mark.line][mark.column : mark.column + 1]
    closing = {"[": "]", "{": "}"}.get(opened)
    if closing is None or lines[mark.line].count(opened) <= lines[mark.line].count(closing):
        return None
    return mark.line + 1, mark.column + 1, (
        f"expected '{closing}' to close the '{opened}' that starts here, found the end of the line; close it on this line"
    )


def explain(exc: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a YAML error in ``text``: plain words where the mistake is one
    of the common ones, else the parser's words."""
    if isinstance(exc, yaml.reader.ReaderError):
        return 1, 1, f"expected printable text, found the control character {exc.character!r}"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if "'\\t'" in problem or "\t" in problem:
        return _tab(line, col)
    lines = text.splitlines()
    try:
        explained = _plain(exc, lines, problem, context)
    except (IndexError, ValueError, AttributeError):  # a shape no rule foresaw: the parser's words, never a traceback
        explained = None
    if explained:
        return explained
    return line, col, f"invalid YAML: {problem}" + (f" ({context})" if context else "")


def _plain(exc: yaml.YAMLError, lines: list[str], problem: str, context: str) -> tuple[int, int, str] | None:
    """The plain-words explanation of a common mistake, or None."""
    explained: tuple[int, int, str] | None = None
    if isinstance(exc, yaml.MarkedYAMLError):
        if "quoted scalar" in context and exc.context_mark is not None:
            m = exc.context_mark
            opened = lines[m.line][m.column : m.column + 1] if m.line < len(lines) else ""
            explained = _quote_message(m.line + 1, m.column + 1, opened) if opened in ("'", '"') else None
        elif "could not find expected ':'" in problem:
            explained = _missing_space(lines, exc)
        elif "mapping values are not allowed" in problem:
            explained = _second_colon(lines, exc)
        elif problem.startswith("expected <block end>"):
            explained = _block_end(lines, exc)
        elif "flow" in context:
            explained = _flow(lines, exc)
    return explained
