"""The independent second coding: every HCP turn of a dialogue coded a second time, blind, from a
transcript with speaker and text only and the codebook (content/coding/second/<dialogue-id>.yml).

Each coded turn keeps the second coder's codes, a hash of the turn's text (so a turn whose words
changed afterwards is found: its second coding no longer applies), the key as it stood when the
two were compared (``key_before``: the figures "before adjudication" come from it, whatever the
key says now), and, once the disagreement has been weighed, how it was resolved.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal, get_args

from pydantic import Field, StringConstraints

from generator.model.content import Alliance, Alsi, Effect, Id, PlainLine, Slip, Strict
from generator.model.fields import Plain, Token

Part = Literal["alliance", "alsi", "effect", "slips"]
ResolutionKind = Literal["key-changed", "defensible-added", "rule-clarified", "key-kept"]

PARTS: tuple[str, ...] = get_args(Part)
RESOLUTIONS: tuple[str, ...] = get_args(ResolutionKind)

HASH_LENGTH = 12
Hash = Annotated[str, StringConstraints(pattern=rf"^[0-9a-f]{{{HASH_LENGTH}}}$"), Token()]
# The coder's notes and the adjudicator's reasons: plain text for reviewers and trainers reading the
# file (and agreement.json's readers), never Markdown; no page shows them.
Remark = Annotated[str, StringConstraints(min_length=1), Plain()]


def text_hash(text: str) -> str:
    """The hash a second coding keeps of a turn's text: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


class Reading(Strict):
    """A defensible reading the key listed when the two codings were compared, in full."""

    alliance: list[Alliance] = Field(description="Alliance parts under this reading.")
    alsi: list[Alsi] = Field(description="ALSI steps under this reading ([] for none).")
    slips: list[Slip] = Field(default_factory=list, description="Slips under this reading (strained turns).")


class KeyBefore(Strict):
    """The key of the turn when the second coding was compared with it (before adjudication)."""

    alliance: list[Alliance] = Field(description="Alliance parts the key gave the turn.")
    alsi: list[Alsi] = Field(description="ALSI steps the key gave the turn ([] for none).")
    effect: Effect = Field(description="builds or strains, as the key had it.")
    slips: list[Slip] = Field(default_factory=list, description="Slips the key named (strained turns).")
    defensible: list[Reading] = Field(default_factory=list, description="The defensible readings the key listed then.")


class Resolution(Strict):
    """How one disagreement between the second coding and the key was settled."""

    parts: list[Part] = Field(min_length=1, description="The parts of the code this settles: alliance, alsi, effect, slips.")
    kind: ResolutionKind = Field(
        description="key-changed (the key broke the codebook and was recoded), defensible-added (both readings follow the codebook; "
        "the second one is now a defensible reading of the turn), rule-clarified (the codebook was unclear and now says which), "
        "key-kept (the key follows the codebook; the second coding does not)."
    )
    reason: Remark = Field(description="One or two sentences: why, citing the codebook (e.g. decision rule 5).")


def line_label(t: SecondTurn) -> str:
    """How messages name a coded line: 'turn 7' or "node 'ask-again'"."""
    return f"turn {t.turn}" if t.node is None else f"node '{t.node}'"


class SecondTurn(Strict):
    """One HCP line as the second coder coded it: a main-line turn (``turn``) or, in a branching
    dialogue, a node off the main line (``node``); exactly one of the two (the check says so)."""

    turn: int | None = Field(
        None,
        ge=1,
        description="A main-line turn: its number in the dialogue (turns are numbered from 1, every speaker counted). Give turn or node.",
    )
    node: Id | None = Field(None, description="Branching dialogues: the id of an HCP node off the main line. Give turn or node.")
    hash: Hash = Field(
        description="First 12 hex digits of the SHA-256 of the line's text when it was coded; a changed text no longer matches."
    )
    alliance: list[Alliance] = Field(description="Alliance parts the second coder gave the turn.")
    alsi: list[Alsi] = Field(description="ALSI steps the second coder gave the turn ([] for none).")
    effect: Effect = Field(description="builds or strains, as the second coder judged it.")
    slips: list[Slip] = Field(default_factory=list, description="Slips the second coder named.")
    note: Remark | None = Field(None, description="The second coder's note, as written.")
    key_before: KeyBefore = Field(description="The key as it stood when the two codings were compared.")
    resolution: list[Resolution] = Field(
        default_factory=list, description="After adjudication: how each disagreement on this turn was settled."
    )


class SecondCoding(Strict):
    """An independent, blind second coding of a dialogue's HCP turns: content/coding/second/<dialogue-id>.yml."""

    dialogue: Id = Field(description="Id of the dialogue coded, equal to the file name.")
    coder: PlainLine = Field(
        description="Who coded, and how: e.g. 'independent coder, blind to the key, from the transcript and the codebook'."
    )
    turns: list[SecondTurn] = Field(
        min_length=1, description="Every HCP turn, and every HCP node of a branching dialogue, as the second coder coded it."
    )
