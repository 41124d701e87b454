"""The codebook's computable rule for ambiguous turns: an HCP turn that a reasonable coder could
code otherwise must list the `defensible` readings (CONTRIBUTING.md, "Coding the HCP turns").

A turn is ambiguous when
- it sets the agenda: a turn that builds, is coded task, and whose text or note speaks of the
  agenda (decision rule 1: agenda-setting is task, and goal or bond are arguable); or
- its note names an alliance part (bond, task, goal) the turn is not coded with: the note
  argues for a second reading, so the key must say why it codes the turn as it does.
Writers say in the note what a turn does, so the note is where a second reading shows.
"""

from __future__ import annotations

import re

from generator.model.content import Turn

AGENDA = re.compile(r"\bagenda\b", re.IGNORECASE)
PART_WORDS = {
    "bond": re.compile(r"\bbond\b", re.IGNORECASE),
    "task": re.compile(r"\btasks?\b", re.IGNORECASE),
    "goal": re.compile(r"\bgoals?\b", re.IGNORECASE),
}


def ambiguity(turn: Turn) -> str | None:
    """Why a coder could code this HCP turn otherwise (so it needs `defensible`), or None."""
    if turn.speaker != "hcp":
        return None
    note = turn.note or ""
    agenda = AGENDA.search(turn.text) or AGENDA.search(note)
    if agenda and turn.effect == "builds" and "task" in (turn.alliance or []):
        return "its text or note is about the agenda (decision rule 1: agenda-setting is task; goal or bond are arguable)"
    for part, words in PART_WORDS.items():
        if part not in (turn.alliance or []) and words.search(note):
            return f"its note names the {part}, which the turn is not coded with"
    return None
