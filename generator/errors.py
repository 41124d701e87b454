"""The one error type for bad content: a source position plus a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "suggestion"]


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
        return f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "rule": self.rule,
            "message": self.message,
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
