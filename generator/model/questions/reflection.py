"""reflection: write a reply, then compare it with a model answer and rate it against a rubric."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import Field

from generator.model.content import HcpText, Text
from generator.model.question import Dialogues, QuestionBase
from generator.model.question_view import QuestionView


# (No docstring: it would become the schema's description of the type.)
class Reflection(QuestionBase):
    type: Literal["reflection"]
    model_answer: HcpText
    rubric: list[Text] = Field(min_length=2, max_length=6, description="Short criteria the learner rates their reply against.")

    instruction = "Write your reply, then compare it with a model answer."
    conversion = (
        "essay (manually graded); the model answer and rubric go into the general feedback, and in Moodle XML also into the "
        "information for graders (GIFT and QTI 1.2 have no place for it)"
    )
    bank = "essay"
    rank = 70
    hashed = (*QuestionBase.hashed, "type", "model_answer", "rubric")

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        return replace(self.base_view(quiz_id), model_answer=self.model_answer, rubric=tuple(self.rubric))
