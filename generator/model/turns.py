"""Looking up a dialogue turn that other content points at (a quiz question, a quoted option, a
codebook example): the one place that says whether such a reference holds, and why not."""

from __future__ import annotations

from collections.abc import Mapping

from generator.errors import unknown_id
from generator.model.content import Dialogue, Turn


def hcp_turn(dialogues: Mapping[str, Dialogue], dialogue_id: str, n: int) -> tuple[Turn | None, str]:
    """HCP turn ``n`` (from 1) of the dialogue, or None and why not: an unknown dialogue, a turn
    it does not have, or a turn someone else speaks."""
    d = dialogues.get(dialogue_id)
    if d is None:
        return None, unknown_id("dialogue", dialogue_id, set(dialogues))
    if not 1 <= n <= len(d.turns):
        return None, f"expected a turn of '{d.id}' (1 to {len(d.turns)}), found {n}"
    turn = d.turns[n - 1]
    if turn.speaker != "hcp":
        return None, f"expected an HCP turn, found turn {n} of '{d.id}' spoken by {turn.speaker}"
    return turn, ""
