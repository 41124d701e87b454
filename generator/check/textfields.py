"""Every Markdown text field of the content, with where it sits and whose voice it is."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from generator.errors import PathKey, Positions
from generator.model.book import Handbook
from generator.model.content import PartEntry, StepEntry

Voice = Literal["hcp", "person", "prose"]


@dataclass(frozen=True)
class TextField:
    """A Markdown text, its file and position; ``voice`` decides which language rules apply."""

    text: str
    path: str
    line: int
    column: int
    voice: Voice
    exempt: bool = False
    # Offsets inside the text map to positions only for texts that start at (line, column)
    # exactly, as module bodies do; YAML scalars point at the value's start.
    exact: bool = False

    @cached_property
    def _newlines(self) -> list[int]:
        """The offsets of the text's line breaks, found once: a text with many findings is not
        scanned again from its start for each (that made the check quadratic in such a text)."""
        return [i for i, char in enumerate(self.text) if char == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        if not self.exact:
            return self.line, self.column
        newlines = bisect_left(self._newlines, offset)
        if newlines == 0:
            return self.line, self.column + offset
        return self.line + newlines, offset - self._newlines[newlines - 1]


def _field(pos: Positions, loc: PathKey, text: str, voice: Voice, exempt: bool = False) -> TextField:
    line, col = pos.of(loc)
    return TextField(text, pos.path, line, col, voice, exempt)


def text_fields(book: Handbook) -> Iterator[TextField]:
    """Walk every Markdown field of every content file."""
    for doc in book.dialogues:
        d, pos = doc.model, doc.pos
        yield _field(pos, ("summary",), d.summary, "prose")
        for i, turn in enumerate(d.turns):
            loc: PathKey = ("turns", i)
            if turn.speaker == "hcp":
                exempt = turn.lint_exempt is not None
                yield _field(pos, (*loc, "text"), turn.text, "hcp", exempt)
            else:
                yield _field(pos, (*loc, "text"), turn.text, "person")
            if turn.note:
                yield _field(pos, (*loc, "note"), turn.note, "prose")
            if turn.alternative:
                alt = turn.alternative
                yield _field(pos, (*loc, "alternative", "text"), alt.text, "hcp")
                yield _field(pos, (*loc, "alternative", "note"), alt.note, "prose")
                yield _field(pos, (*loc, "alternative", "reply"), alt.reply, "person")
            for j, reading in enumerate(turn.defensible):
                yield _field(pos, (*loc, "defensible", j, "reason"), reading.reason, "prose")
        for i, node in enumerate(d.nodes):
            loc = ("nodes", i)
            yield _field(pos, (*loc, "text"), node.text, "hcp" if node.speaker == "hcp" else "person", node.lint_exempt is not None)
            if node.note:
                yield _field(pos, (*loc, "note"), node.note, "prose")
            for j, reading in enumerate(node.defensible):
                yield _field(pos, (*loc, "defensible", j, "reason"), reading.reason, "prose")
        for i, ending in enumerate(d.endings):
            yield _field(pos, ("endings", i, "debrief"), ending.debrief, "prose")
            if ending.discuss:
                yield _field(pos, ("endings", i, "discuss"), ending.discuss, "prose")
    for module in book.modules:
        yield _field(module.pos, ("summary",), module.meta.summary, "prose")
        for i, objective in enumerate(module.meta.objectives):
            yield _field(module.pos, ("objectives", i), objective, "prose")
        yield TextField(module.body, module.path, module.body_line, 1, "prose", exact=True)
    if book.guidance:
        pos = book.guidance.pos
        for i, point in enumerate(book.guidance.model.points):
            for name in ("explanation", "do", "dont"):
                yield _field(pos, ("points", i, name), getattr(point, name), "prose")
    if book.glossary:
        for i, term in enumerate(book.glossary.model.terms):
            yield _field(book.glossary.pos, ("terms", i, "definition"), term.definition, "prose")
    if book.references:
        for i, ref in enumerate(book.references.model.references):
            if ref.note:
                # A bibliographic note quotes others' wording: the language rules do not apply.
                yield _field(book.references.pos, ("references", i, "note"), ref.note, "prose", exempt=True)
    for figure in book.figures:
        yield _field(figure.pos, ("description",), figure.model.description, "prose")
    if book.codebook:
        cb, pos = book.codebook.model, book.codebook.pos
        yield _field(pos, ("intro",), cb.intro, "prose")
        entries: list[tuple[str, int, PartEntry | StepEntry]] = [("parts", i, e) for i, e in enumerate(cb.parts)]
        entries += [("steps", i, e) for i, e in enumerate(cb.steps)]
        for group, i, entry in entries:
            yield _field(pos, (group, i, "definition"), entry.definition, "prose")
            for name in ("counts", "does_not_count"):
                for j, text in enumerate(getattr(entry, name)):
                    yield _field(pos, (group, i, name, j), text, "prose")
            yield _field(pos, (group, i, "example", "why"), entry.example.why, "prose")
        for i, rule in enumerate(cb.rules):
            yield _field(pos, ("rules", i, "rule"), rule.rule, "prose")
            if rule.example:
                yield _field(pos, ("rules", i, "example", "why"), rule.example.why, "prose")
        for i, slip in enumerate(cb.slips):
            yield _field(pos, ("slips", i, "definition"), slip.definition, "prose")
            # An invented line that shows the slip on purpose: its wording is the point.
            yield _field(pos, ("slips", i, "sounds_like"), slip.sounds_like, "hcp", exempt=True)
            yield _field(pos, ("slips", i, "instead"), slip.instead, "prose")
