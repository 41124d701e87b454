"""Quiz options that quote a dialogue turn: fill them from the dialogue, so the turn's text and
coding live in one place (the dialogue) and a quiz can never disagree with it.

An option with ``quote: {dialogue, turn, better}`` takes its text (and, for next-response replies,
its effect, alliance parts and the person's next line) from that turn or from the better reply at
it. Giving one of those fields as well is an error: the copy could drift from the turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.errors import Finding, PathKey, Positions
from generator.model.book import Doc, Handbook
from generator.model.content import Dialogue, TurnRef
from generator.model.question import Option, Reply
from generator.model.quiz import Quiz
from generator.model.turns import hcp_turn

# Fields a quoted option takes from the dialogue, by option model.
FROM_TURN: dict[type, tuple[str, ...]] = {Option: Option.from_quote, Reply: Reply.from_quote}


def quoted_turn(ref: TurnRef, dialogues: Mapping[str, Dialogue]) -> tuple[dict[str, Any] | None, str | None]:
    """What the referenced turn says and how it is coded, or (None, why not)."""
    turn, problem = hcp_turn(dialogues, ref.dialogue, ref.turn)
    if turn is None:
        return None, problem
    d = dialogues[ref.dialogue]
    nxt = next((t.text for t in d.turns[ref.turn :] if t.speaker != "hcp"), None)
    if ref.better:
        if turn.alternative is None:
            return None, f"expected a strained turn with a better reply ('alternative'), found none at turn {ref.turn} of '{d.id}'"
        alt = turn.alternative
        return {"text": alt.text, "effect": "builds", "alliance": list(alt.alliance), "alsi": list(alt.alsi), "reply": alt.reply}, None
    return {"text": turn.text, "effect": turn.effect, "alliance": list(turn.alliance or []), "alsi": list(turn.alsi or []), "reply": nxt}, None


def _resolve_option(option: Option | Reply, loc: PathKey, pos: Positions, dialogues: dict[str, Dialogue], unreadable: set[str]) -> tuple[Option | Reply, list[Finding]]:
    fields = FROM_TURN[type(option)]
    if option.quote is None:
        missing = [name for name in fields if getattr(option, name) is None]
        found = [pos.finding(loc, f"missing required field '{name}' (or quote the dialogue turn with 'quote:')") for name in missing]
        return option, found
    given = [name for name in fields if getattr(option, name) is not None]
    findings = [
        pos.finding((*loc, name), f"'{name}' comes from the quoted turn; remove it here so the quiz cannot disagree with the dialogue", key=True, rule="quiz")
        for name in given
    ]
    if option.quote.dialogue in unreadable:
        return option, findings  # that dialogue has an error of its own
    data, problem = quoted_turn(option.quote, dialogues)
    if data is None:
        return option, [*findings, pos.finding((*loc, "quote"), problem or "", rule="quiz")]
    if data["reply"] is None and "reply" in fields:
        message = f"expected a turn the person answers, found nothing said after turn {option.quote.turn} of '{option.quote.dialogue}'"
        return option, [*findings, pos.finding((*loc, "quote"), message, rule="quiz")]
    return option.model_copy(update={name: data[name] for name in fields}), findings


def resolve_quotes(book: Handbook) -> list[Finding]:
    """Fill every quoting option from its dialogue (in place); findings for bad or doubled fields."""
    dialogues = book.dialogue_by_id
    unreadable = book.unreadable.get("dialogue", set())
    findings: list[Finding] = []
    for k, doc in enumerate(book.quizzes):
        questions = []
        for i, q in enumerate(doc.model.questions):
            options = q.choice_options()
            if not options:
                questions.append(q)
                continue
            resolved = []
            for j, option in enumerate(options):
                new, found = _resolve_option(option, ("questions", i, "options", j), doc.pos, dialogues, unreadable)
                resolved.append(new)
                findings += found
            questions.append(q.model_copy(update={"options": resolved}))
        quiz: Quiz = doc.model.model_copy(update={"questions": questions})
        book.quizzes[k] = Doc(quiz, doc.path, doc.pos)
    return findings

