"""single: choose the one right option."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Literal

from pydantic import Field

from generator.errors import Finding
from generator.model.question import At, Dialogues, Option, QuestionBase, Reply, check_correct, dealt, option_choices
from generator.model.question_view import QuestionView


# (No docstring: it would become the schema's description of the type.)
class Single(QuestionBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2)

    instruction = "Choose one answer."
    conversion = "multiple choice, one answer"
    bank = "single"
    rank = 10
    hashed = (*QuestionBase.hashed, "type", "options")

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        return replace(self.base_view(quiz_id), multi=False, choices=dealt(option_choices(self.options), quiz_id, self.id))

    def check(self, at: At) -> Iterator[Finding]:
        return check_correct(self, at, several=False)

    def choice_options(self) -> Sequence[Option | Reply]:
        return self.options
