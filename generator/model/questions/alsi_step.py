"""alsi-step: which ALSI steps does the quoted HCP turn take? The key is the dialogue's coding."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.content import ALSI, Alsi
from generator.model.question import QuotedTurn, StepFeedback


# (No docstring: it would become the schema's description of the type.)
class AlsiStep(QuotedTurn):
    type: Literal["alsi-step"]
    answer: list[Alsi] = Field(min_length=1, description="The ALSI steps of the turn, as the dialogue codes it.")
    feedback: StepFeedback

    instruction = "Which ALSI step or steps does this turn take? Choose every one that applies."
    conversion = "multiple choice, several answers (ask, listen, summarise, invite), the dialogue turn quoted in the question"
    bank = "multiple"
    rank = 40
    codes = ALSI
    coded = "alsi"
    hashed = (*QuotedTurn.hashed, "type", "answer", "feedback")

    def mismatch(self, dialogue_id: str, coded: list[str]) -> str:
        shown = ", ".join(coded) or "none"
        return f"expected the ALSI steps the dialogue codes for turn {self.turn} of '{dialogue_id}' ({shown}), found {', '.join(self.answer)}"
