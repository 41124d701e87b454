"""Quiz rules that span fields or files: right answers exist, ids are unique, quoted turns
exist and are HCP turns, answers agree with the dialogue's coding, the quiz's module exists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.check.textfields import TextField
from generator.errors import Finding, PathKey, Positions, did_you_mean
from generator.model.book import Doc, Handbook
from generator.model.content import Dialogue
from generator.model.quiz import AlsiStep, ClassifyTurn, Multiple, NextResponse, Quiz, Reply, Single


def _unknown(kind: str, found: str, known: set[str]) -> str:
    hint = did_you_mean(found, sorted(known)) or " no such id exists"
    return f"expected a known {kind} id, found '{found}';{hint}"


def _turn(
    q: ClassifyTurn | AlsiStep | NextResponse, loc: PathKey, pos: Positions, dialogues: dict[str, Dialogue], unreadable: set[str]
) -> Iterator[Finding]:
    d = dialogues.get(q.dialogue)
    if d is None:
        if q.dialogue not in unreadable:  # a dialogue that failed to load has an error of its own
            yield pos.finding((*loc, "dialogue"), _unknown("dialogue", q.dialogue, set(dialogues)), rule="quiz")
        return
    if not 1 <= q.turn <= len(d.turns):
        yield pos.finding((*loc, "turn"), f"expected a turn of '{d.id}' (1 to {len(d.turns)}), found {q.turn}", rule="quiz")
        return
    turn = d.turns[q.turn - 1]
    if turn.speaker != "hcp":
        yield pos.finding((*loc, "turn"), f"expected an HCP turn, found turn {q.turn} of '{d.id}' spoken by {turn.speaker}", rule="quiz")
        return
    if isinstance(q, ClassifyTurn) and sorted(q.answer) != sorted(turn.alliance or []):
        coded = ", ".join(turn.alliance or [])
        message = f"expected the answer the dialogue codes for turn {q.turn} of '{d.id}' ({coded}), found {', '.join(q.answer)}"
        yield pos.finding((*loc, "answer"), message, rule="quiz")
    if isinstance(q, AlsiStep) and sorted(q.answer) != sorted(turn.alsi or []):
        coded = ", ".join(turn.alsi or []) or "none"
        message = f"expected the ALSI steps the dialogue codes for turn {q.turn} of '{d.id}' ({coded}), found {', '.join(q.answer)}"
        yield pos.finding((*loc, "answer"), message, rule="quiz")
    if isinstance(q, NextResponse) and not 1 <= q.start < q.turn:
        yield pos.finding((*loc, "start"), f"expected the excerpt to start before turn {q.turn}, found start: {q.start}", rule="quiz")


def _correct(q: Single | Multiple | NextResponse, loc: PathKey, pos: Positions) -> Iterator[Finding]:
    right = sum(o.correct for o in q.options)
    if right == 0:
        yield pos.finding((*loc, "options"), f"question '{q.id}' has no correct option; mark one with 'correct: true'", rule="quiz")
    elif right > 1 and not isinstance(q, Multiple):
        message = f"question '{q.id}' of type {q.type} expects one correct option, found {right}; use type: multiple for more"
        yield pos.finding((*loc, "options"), message, rule="quiz")


def check_quiz(doc: Doc[Quiz], modules: set[str], dialogues: dict[str, Dialogue], unreadable: set[str]) -> Iterator[Finding]:
    quiz, pos = doc.model, doc.pos
    stem = PurePosixPath(doc.path).stem
    if quiz.id != stem:
        yield pos.finding(("id",), f"expected id '{stem}' (the file name), found '{quiz.id}'; rename the file or change the id", rule="ids")
    if quiz.id not in modules:
        yield pos.finding(("id",), f"a quiz belongs to a module: {_unknown('module', quiz.id, modules)}", rule="quiz")
    seen: dict[str, int] = {}
    for i, q in enumerate(quiz.questions):
        loc: PathKey = ("questions", i)
        if q.id in seen:
            message = f"duplicate question id '{q.id}' (first used at line {seen[q.id]}); ids keep saved answers apart"
            yield pos.finding((*loc, "id"), message, rule="quiz")
        else:
            seen[q.id] = pos.of((*loc, "id"))[0]
        if isinstance(q, Single | Multiple | NextResponse):
            yield from _correct(q, loc, pos)
        if isinstance(q, ClassifyTurn | AlsiStep | NextResponse):
            yield from _turn(q, loc, pos, dialogues, unreadable)


def check_quizzes(book: Handbook) -> list[Finding]:
    """Every quiz's rules; one quiz per module at most (the file name is the module id)."""
    modules = {m.meta.id for m in book.modules} | book.unreadable.get("module", set())
    dialogues = {d.model.id: d.model for d in book.dialogues}
    unreadable = book.unreadable.get("dialogue", set())
    return [f for doc in book.quizzes for f in check_quiz(doc, modules, dialogues, unreadable)]


def _f(pos: Positions, loc: PathKey, text: str, voice: str = "prose") -> TextField:
    line, col = pos.of(loc)
    return TextField(text, pos.path, line, col, "hcp" if voice == "hcp" else "prose")


def quiz_text_fields(book: Handbook) -> Iterator[TextField]:
    """Every Markdown field of the quizzes, for the link, citation and language checks."""
    for doc in book.quizzes:
        pos = doc.pos
        for i, q in enumerate(doc.model.questions):
            loc: PathKey = ("questions", i)
            yield _f(pos, (*loc, "prompt"), q.prompt)
            yield _f(pos, (*loc, "explanation"), q.explanation)
            for j, hint in enumerate(q.hints):
                yield _f(pos, (*loc, "hints", j), hint)
            for name, value in q:
                if name == "options":
                    for j, o in enumerate(value):
                        voice = "hcp" if isinstance(q, NextResponse) else "prose"
                        yield _f(pos, (*loc, "options", j, "text"), o.text, voice)
                        yield _f(pos, (*loc, "options", j, "feedback"), o.feedback)
                        if isinstance(o, Reply):
                            yield _f(pos, (*loc, "options", j, "reply"), o.reply)
                elif name == "items":
                    for j, item in enumerate(value):
                        yield _f(pos, (*loc, "items", j, "text"), item.text)
                        yield _f(pos, (*loc, "items", j, "feedback"), item.feedback)
                elif name == "feedback":
                    for part, text in value:
                        yield _f(pos, (*loc, "feedback", part), text)
                elif name == "rubric":
                    for j, text in enumerate(value):
                        yield _f(pos, (*loc, "rubric", j), text)
                elif name == "model_answer":
                    yield _f(pos, (*loc, "model_answer"), value, "hcp")
