"""Load one quiz file: the head first, then each question with the model its ``type`` names.

Validating question by question keeps pydantic's error locations free of union tags, so every
finding points at the exact line and column in the YAML file.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Finding, PathKey, Positions, did_you_mean, one_of
from generator.load.validate import describe, validate
from generator.model.quiz import QUESTION_TYPES, Question, Quiz, QuizHead


def sub_positions(pos: Positions, prefix: PathKey) -> Positions:
    """The positions under ``prefix``, with paths made relative to it."""
    n = len(prefix)
    sub = Positions(pos.path)
    sub.values = {k[n:]: v for k, v in pos.values.items() if k[:n] == prefix}
    sub.keys = {k[n:]: v for k, v in pos.keys.items() if k[:n] == prefix}
    return sub


def validate_quiz(data: Any, pos: Positions) -> tuple[Quiz | None, list[Finding]]:
    """A validated quiz, or None and every finding (all questions are checked, not just the first bad one)."""
    head, findings = validate(QuizHead, data, pos)
    if head is None:
        return None, findings
    questions: list[Question] = []
    for i, raw in enumerate(head.questions):
        loc: PathKey = ("questions", i)
        kind = raw.get("type")
        model = QUESTION_TYPES.get(kind) if isinstance(kind, str) else None
        if model is None:
            if kind is None:
                findings.append(pos.finding(loc, f"missing required field 'type' (expected one of {one_of(QUESTION_TYPES)})"))
            else:
                hint = did_you_mean(str(kind), QUESTION_TYPES)
                message = f"'type' expected one of {one_of(QUESTION_TYPES)}, found {describe(kind)};{hint}"
                findings.append(pos.finding((*loc, "type"), message.rstrip(";")))
            continue
        sub = sub_positions(pos, loc)
        question, found = validate(model, raw, sub)
        findings += found
        if question is not None:
            questions.append(question)
    if findings:
        return None, findings
    return Quiz(id=head.id, questions=questions), []
