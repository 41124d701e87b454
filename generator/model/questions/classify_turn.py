"""classify-turn: which alliance parts does the quoted HCP turn work on? The key is the dialogue's coding."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.content import ALLIANCE, Alliance
from generator.model.question import PartFeedback, QuotedTurn


# (No docstring: it would become the schema's description of the type.)
class ClassifyTurn(QuotedTurn):
    type: Literal["classify-turn"]
    answer: list[Alliance] = Field(min_length=1, description="The alliance parts the turn works on, as the dialogue codes it.")
    feedback: PartFeedback

    instruction = "Which part or parts of the alliance does this turn work on? Choose every one that applies."
    conversion = "multiple choice, several answers (bond, task, goal), the dialogue turn quoted in the question"
    bank = "multiple"
    rank = 30
    codes = ALLIANCE
    coded = "alliance"
    hashed = (*QuotedTurn.hashed, "type", "answer", "feedback")

    def mismatch(self, dialogue_id: str, coded: list[str]) -> str:
        return f"expected the answer the dialogue codes for turn {self.turn} of '{dialogue_id}' ({', '.join(coded)}), found {', '.join(self.answer)}"
