"""multiple: choose every right option (partial credit; wrong choices subtract)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Literal

from pydantic import Field

from generator.errors import Finding
from generator.model.question import At, Dialogues, Option, QuestionBase, Reply, check_correct, dealt, option_choices
from generator.model.question_view import QuestionView


# (No docstring: it would become the schema's description of the type.)
class Multiple(QuestionBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)

    instruction = "Choose every answer that applies."
    conversion = "multiple choice, several answers (partial credit; wrong choices subtract)"
    bank = "multiple"
    rank = 20
    hashed = (*QuestionBase.hashed, "type", "options")

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        return replace(self.base_view(quiz_id), multi=True, choices=dealt(option_choices(self.options), quiz_id, self.id))

    def check(self, at: At) -> Iterator[Finding]:
        return check_correct(self, at, several=True)

    def choice_options(self) -> Sequence[Option | Reply]:
        return self.options
