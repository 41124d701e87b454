"""next-response: an excerpt of a dialogue stops before an HCP turn; choose the reply to give there."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Literal

from pydantic import Field

from generator.errors import Finding
from generator.model.content import Id
from generator.model.question import At, Dialogues, Option, QuestionBase, Reply, check_correct, check_turn, dealt
from generator.model.question_view import ChoiceView, QuestionView


# (No docstring: it would become the schema's description of the type.)
class NextResponse(QuestionBase):
    type: Literal["next-response"]
    dialogue: Id
    turn: int = Field(ge=2, description="The HCP turn the replies stand in for; the excerpt stops before it.")
    start: int = Field(1, ge=1, description="First turn of the excerpt.")
    options: list[Reply] = Field(min_length=2)

    instruction = "Choose the reply you would give next."
    conversion = "multiple choice, one answer; the excerpt is quoted and each option's feedback includes what the person says next"
    bank = "single"
    rank = 60
    hashed = (*QuestionBase.hashed, "type", "dialogue", "turn", "start", "options")

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        choices = tuple(
            ChoiceView(o.text or "", o.correct, o.feedback, reply=o.reply or "", effect=o.effect, alliance=tuple(o.alliance or ()), i=i)
            for i, o in enumerate(self.options)
        )
        excerpt = tuple(range(self.start, self.turn))
        return replace(self.base_view(quiz_id), choices=dealt(choices, quiz_id, self.id), dialogue_id=self.dialogue, dialogue=dialogues.get(self.dialogue), excerpt=excerpt)

    def check(self, at: At) -> Iterator[Finding]:
        yield from check_correct(self, at, several=False)
        found = list(check_turn(self, at))
        yield from found
        if not found and self.dialogue in at.dialogues and not 1 <= self.start < self.turn:
            yield at.finding("start", f"expected the excerpt to start before turn {self.turn}, found start: {self.start}")

    def choice_options(self) -> Sequence[Option | Reply]:
        return self.options

    def shown_turns(self) -> tuple[str, int] | None:
        return self.dialogue, self.turn
