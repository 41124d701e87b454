"""The one error type for bad content: a source position plus a message."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "suggestion"]

# Characters that must never reach a terminal or a log as themselves: control characters (ANSI
# escapes, newlines that would split a finding over two lines), format characters (bidi
# overrides), line separators and lone surrogates (which cannot even be encoded for printing).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]|[^\x00-\u00ff]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if len(char) == 1 and ord(char) > 0xFF and unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"):
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character that is not safe to print shown as an escape (\\x1b, \\n, \\ud800)."""
    return _UNPRINTABLE.sub(_escape_char, text)


@dataclass(frozen=True, order=True)
class Finding:
    """A problem in a content file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    level: Level = "error"
    rule: str = ""

    def format(self) -> str:
        """`path:line:column: level: message`, the form editors and CI annotations understand."""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": printable(self.path),
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "rule": self.rule,
            "message": printable(self.message),
        }


class ContentError(Exception):
    """Raised when content has errors; carries every finding so all are reported together."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__(self.report())

    def report(self) -> str:
        errors = [f for f in self.findings if f.level == "error"]
        lines = [f.format() for f in self.findings if f.level != "suggestion"]
        lines.append(f"{len(errors)} error(s) in content; nothing was built.")
        return "\n".join(lines)


def did_you_mean(found: str, allowed: Iterable[str]) -> str:
    """Return " did you mean 'x'?" when one allowed value is close to what was found, else ""."""
    options = list(allowed)
    lowered = {o.lower(): o for o in options}
    key = found.strip().lower()
    # Prefix matches catch 'bonding' -> 'bond' and 'summ' -> 'summarise', which ratios can miss.
    prefixed = [o for lo, o in lowered.items() if len(lo) >= 3 and (key.startswith(lo) or (lo.startswith(key) and len(key) >= 3))]
    close = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    best = close[0] if close else None
    if best is None and len(prefixed) == 1:
        return f" did you mean '{prefixed[0]}'?"
    if best is not None and lowered[best] != found:
        return f" did you mean '{lowered[best]}'?"
    return ""


def unknown_id(kind: str, found: str, known: Iterable[str]) -> str:
    """The one message for a reference to an id that does not exist: what was expected, what was
    found, and a close match, or the known ids when there are a few, or that none exists."""
    ids = sorted(known)
    hint = did_you_mean(found, ids)
    if not hint:
        hint = f" known: {', '.join(ids)}" if 0 < len(ids) <= 6 else " no such id exists"
    return f"expected a known {kind} id, found '{found}';{hint}"


def one_of(options: Iterable[str]) -> str:
    """Human list of allowed values: 'a', 'b' or 'c'."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value and mapping key starts (1-based line, column), by path."""

    path: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def of(self, loc: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at ``loc`` (or of its key); falls back to the nearest parent."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        for cut in range(len(loc) - 1, -1, -1):
            if loc[:cut] in self.values:
                return self.values[loc[:cut]]
        return (1, 1)

    def finding(self, loc: PathKey, message: str, *, key: bool = False, rule: str = "schema") -> Finding:
        line, col = self.of(loc, key=key)
        return Finding(self.path, line, col, message, rule=rule)
