"""Quiz content model: content/quizzes/<module-id>.yml, one self-check per module.

The question types are the registry below: every class in generator/model/questions/ (one file
per type, see generator/model/question.py for what a type declares). The loader picks the model
from ``type`` so that an unknown type gets a "did you mean" and every other error keeps its exact
source position.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field

from generator.model import questions
from generator.model.content import Id, Strict
from generator.model.question import Option, OrderItem, PartFeedback, QuestionBase, QuotedTurn, Reply, StepFeedback

__all__ = ["CONVERSIONS", "QUESTION_TYPES", "Option", "OrderItem", "PartFeedback", "Question", "QuestionBase", "Quiz", "QuizHead", "QuotedTurn", "Reply", "StepFeedback"]


def _discover() -> dict[str, type[QuestionBase]]:
    """Every question type in generator/model/questions/, by its ``type`` value, in rank order."""
    found: list[type[QuestionBase]] = []
    for info in sorted(pkgutil.iter_modules(questions.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{questions.__name__}.{info.name}")
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, QuestionBase) and v.__module__ == module.__name__ and "type" in v.model_fields]
    ranks = [cls.rank for cls in found]
    if len(set(ranks)) != len(ranks):
        raise RuntimeError(f"two question types share a rank: {sorted((cls.rank, cls.__name__) for cls in found)}")
    return {cls.type_name(): cls for cls in sorted(found, key=lambda cls: cls.rank)}


QUESTION_TYPES: dict[str, type[QuestionBase]] = _discover()
# The types by class name too (tests and scripts import them from here: `from generator.model.quiz import Single`).
globals().update({cls.__name__: cls for cls in QUESTION_TYPES.values()})
# How each question type is converted for the LMS question banks (shown to trainers).
CONVERSIONS = {name: cls.conversion for name, cls in QUESTION_TYPES.items()}

# Any question: one of the registered types, told apart by ``type``.
Question = QuestionBase
if TYPE_CHECKING:
    AnyQuestion = QuestionBase
else:
    AnyQuestion = Annotated[Union[tuple(QUESTION_TYPES.values())], Field(discriminator="type")]  # noqa: UP007 (built from the registry)


class QuizHead(Strict):
    """The quiz file before its questions are told apart by type."""

    id: Id = Field(description="The module id; equal to the file name.")
    questions: list[dict[str, Any]] = Field(min_length=1)


class Quiz(Strict):
    """A module's self-check: content/quizzes/<module-id>.yml."""

    id: Id = Field(description="The module id; equal to the file name.")
    questions: list[AnyQuestion] = Field(min_length=1)


def quiz_schema() -> dict[str, Any]:
    """JSON Schema for editors (schema/quiz.schema.json)."""
    schema: dict[str, Any] = Quiz.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
