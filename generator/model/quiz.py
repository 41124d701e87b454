"""Quiz content model: content/quizzes/<module-id>.yml, one self-check per module.

Each question type is its own strict model; the loader picks the model from ``type`` so that
an unknown type gets a "did you mean" and every other error keeps its exact source position.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from generator.model.content import Alliance, Alsi, Effect, Id, Strict, Text, TurnRef


class Option(Strict):
    """A choice in a single or multiple choice question."""

    text: Text | None = Field(None, description="The option as the learner sees it (Markdown); required unless the option has 'quote'.")
    correct: bool = Field(False, description="true for a right option.")
    feedback: Text = Field(description="Why this option is right or wrong; it should teach something.")
    quote: TurnRef | None = Field(None, description="A dialogue turn this option quotes: its text comes from the dialogue, never copied.")


class OrderItem(Strict):
    """One item of an order question, given in the correct order."""

    text: Text
    feedback: Text = Field(description="Why the item belongs at this place.")


class PartFeedback(Strict):
    """Feedback for choosing (or not choosing) each alliance part."""

    bond: Text
    task: Text
    goal: Text


class StepFeedback(Strict):
    """Feedback for choosing (or not choosing) each ALSI step."""

    ask: Text
    listen: Text
    summarise: Text
    invite: Text


class Reply(Strict):
    """A possible HCP reply in a next-response question, and how the person answers it."""

    text: Text | None = Field(None, description="What the provider could say next (Markdown); required unless the option has 'quote'.")
    correct: bool = Field(False, description="true for the reply that best builds the alliance.")
    effect: Effect | None = Field(None, description="builds or strains the alliance; required unless the option has 'quote'.")
    alliance: Annotated[list[Alliance], Field(min_length=1)] | None = Field(None, description="Alliance parts the reply builds or strains; required unless the option has 'quote'.")
    feedback: Text
    reply: Text | None = Field(None, description="What the person says next after this reply; required unless the option has 'quote'.")
    quote: TurnRef | None = Field(
        None, description="A dialogue turn this reply quotes: text, effect, alliance and the person's reply come from the dialogue, never copied."
    )


class QuestionBase(Strict):
    id: Id = Field(description="Stable id within the quiz; saved answers are keyed by it.")
    prompt: Text = Field(description="The question (Markdown).")
    hints: list[Text] = Field(default_factory=list, description="Hints shown one at a time.")
    explanation: Text = Field(description="Shown after answering.")
    alliance: list[Alliance] = Field(default_factory=list, description="Alliance parts this question exercises (progress page).")
    alsi: list[Alsi] = Field(default_factory=list, description="ALSI steps this question exercises (progress page).")


class Single(QuestionBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2)


class Multiple(QuestionBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)


class QuotedTurn(QuestionBase):
    """A question about one HCP turn of a dialogue, quoted on the page."""

    dialogue: Id
    turn: int = Field(ge=1, description="Number of an HCP turn in the dialogue.")


class ClassifyTurn(QuotedTurn):
    type: Literal["classify-turn"]
    answer: list[Alliance] = Field(min_length=1, description="The alliance parts the turn works on, as the dialogue codes it.")
    feedback: PartFeedback


class AlsiStep(QuotedTurn):
    type: Literal["alsi-step"]
    answer: list[Alsi] = Field(min_length=1, description="The ALSI steps of the turn, as the dialogue codes it.")
    feedback: StepFeedback


class Order(QuestionBase):
    type: Literal["order"]
    items: list[OrderItem] = Field(min_length=3, description="The items in the correct order; the page shuffles them.")


class NextResponse(QuestionBase):
    type: Literal["next-response"]
    dialogue: Id
    turn: int = Field(ge=2, description="The HCP turn the replies stand in for; the excerpt stops before it.")
    start: int = Field(1, ge=1, description="First turn of the excerpt.")
    options: list[Reply] = Field(min_length=2)


class Reflection(QuestionBase):
    type: Literal["reflection"]
    model_answer: Text
    rubric: list[Text] = Field(min_length=2, max_length=6, description="Short criteria the learner rates their reply against.")


Question = Single | Multiple | ClassifyTurn | AlsiStep | Order | NextResponse | Reflection
QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    "single": Single,
    "multiple": Multiple,
    "classify-turn": ClassifyTurn,
    "alsi-step": AlsiStep,
    "order": Order,
    "next-response": NextResponse,
    "reflection": Reflection,
}


# How each question type is converted for the LMS question banks (shown to trainers).
CONVERSIONS = {
    "single": "multiple choice, one answer",
    "multiple": "multiple choice, several answers (partial credit; wrong choices subtract)",
    "classify-turn": "multiple choice, several answers (bond, task, goal), the dialogue turn quoted in the question",
    "alsi-step": "multiple choice, several answers (ask, listen, summarise, invite), the dialogue turn quoted in the question",
    "next-response": "multiple choice, one answer; the excerpt is quoted and each option's feedback includes what the person says next",
    "order": "matching (each item matched to its position); the right order with the per-item explanations goes into the general feedback",
    "reflection": "essay (manually graded); the model answer and rubric go into the general feedback, and in Moodle XML also into the information for graders (GIFT and QTI 1.2 have no place for it)",
}


class QuizHead(Strict):
    """The quiz file before its questions are told apart by type."""

    id: Id = Field(description="The module id; equal to the file name.")
    questions: list[dict[str, Any]] = Field(min_length=1)


class Quiz(Strict):
    """A module's self-check: content/quizzes/<module-id>.yml."""

    id: Id = Field(description="The module id; equal to the file name.")
    questions: list[Annotated[Question, Field(discriminator="type")]] = Field(min_length=1)


def quiz_schema() -> dict[str, Any]:
    """JSON Schema for editors (schema/quiz.schema.json)."""
    schema: dict[str, Any] = Quiz.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema

