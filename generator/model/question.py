"""What every question type shares: the fields all questions have, the parts options and items are
made of, and what a type declares to be a unit.

A question type is one class in one file of generator/model/questions/ (the registry in
generator/model/quiz.py finds it there). The class is the type's model and declares everything
else about it: what the learner is asked to do (``instruction``), how the LMS question banks carry
it (``conversion``, ``bank``), its view (``view``: what the widget, the handouts and the banks
show), its rules (``check``), the dialogues it shows, and which fields its saved-answer hash covers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, get_args

from pydantic import BaseModel, Field

from generator.errors import Finding, PathKey, Positions
from generator.model.content import Alliance, Alsi, Dialogue, Effect, HcpText, Id, PersonText, Strict, Text, TurnRef
from generator.model.question_view import PART_NAMES, BankKind, ChoiceView, QuestionView, ReadingView, deal
from generator.model.turns import hcp_turn

Dialogues = Mapping[str, Dialogue]


class Hashed(Strict):
    """A model whose saved-answer hash covers an explicit list of fields.

    ``hashed`` are the fields the hash always covers, in the order they are declared (the hash is
    the JSON of these fields). A field added later is covered only where it is set to something
    other than its default: adding a defaulted field keeps every learner's saved answers, and an
    author who then sets it on a question changes only that question's hash. ``unhashed`` fields
    never count (a quoted option takes its text from the turn, and the text is hashed)."""

    hashed: ClassVar[tuple[str, ...]] = ()
    unhashed: ClassVar[tuple[str, ...]] = ()


def hash_data(value: Any) -> Any:
    """``value`` as the data its hash is made of (see Hashed)."""
    if isinstance(value, Hashed):
        cls = type(value)
        data = {name: hash_data(getattr(value, name)) for name in cls.hashed}
        for name, field in cls.model_fields.items():
            if name in cls.hashed or name in cls.unhashed:
                continue
            current = getattr(value, name)
            if current != field.get_default(call_default_factory=True):
                data[name] = hash_data(current)
        return data
    if isinstance(value, BaseModel):
        raise TypeError(f"{type(value).__name__} does not declare the fields its hash covers (derive it from Hashed)")
    if isinstance(value, list | tuple):
        return [hash_data(item) for item in value]
    return value


class Option(Hashed):
    """A choice in a single or multiple choice question."""

    text: Text | None = Field(None, description="The option as the learner sees it (Markdown); required unless the option has 'quote'.")
    correct: bool = Field(False, description="true for a right option.")
    feedback: Text = Field(description="Why this option is right or wrong; it should teach something.")
    quote: TurnRef | None = Field(None, description="A dialogue turn this option quotes: its text comes from the dialogue, never copied.")

    hashed = ("text", "correct", "feedback")
    unhashed = ("quote",)
    # Filled from the quoted turn when the option has 'quote' (load/quotes.py): checked in its dialogue.
    from_quote: ClassVar[tuple[str, ...]] = ("text",)


class OrderItem(Hashed):
    """One item of an order question, given in the correct order."""

    text: Text
    feedback: Text = Field(description="Why the item belongs at this place.")

    hashed = ("text", "feedback")


class PartFeedback(Hashed):
    """Feedback for choosing (or not choosing) each alliance part."""

    bond: Text
    task: Text
    goal: Text

    hashed = ("bond", "task", "goal")


class StepFeedback(Hashed):
    """Feedback for choosing (or not choosing) each ALSI step."""

    ask: Text
    listen: Text
    summarise: Text
    invite: Text

    hashed = ("ask", "listen", "summarise", "invite")


class Reply(Hashed):
    """A possible HCP reply in a next-response question, and how the person answers it."""

    text: HcpText | None = Field(None, description="What the provider could say next (Markdown); required unless the option has 'quote'.")
    correct: bool = Field(False, description="true for the reply that best builds the alliance.")
    effect: Effect | None = Field(None, description="builds or strains the alliance; required unless the option has 'quote'.")
    alliance: Annotated[list[Alliance], Field(min_length=1)] | None = Field(None, description="Alliance parts the reply builds or strains; required unless the option has 'quote'.")
    feedback: Text
    reply: PersonText | None = Field(None, description="What the person says next after this reply; required unless the option has 'quote'.")
    quote: TurnRef | None = Field(
        None, description="A dialogue turn this reply quotes: text, effect, alliance and the person's reply come from the dialogue, never copied."
    )

    hashed = ("text", "correct", "effect", "alliance", "feedback", "reply")
    unhashed = ("quote",)
    from_quote: ClassVar[tuple[str, ...]] = ("text", "effect", "alliance", "reply")


@dataclass(frozen=True)
class At:
    """Where a question sits in its quiz file, and what its checks may look up."""

    pos: Positions
    loc: PathKey
    dialogues: Dialogues
    unreadable: frozenset[str]  # dialogues that failed to load: they have errors of their own

    def finding(self, field: str, message: str) -> Finding:
        return self.pos.finding((*self.loc, field), message, rule="quiz")


class QuestionBase(Hashed):
    """The fields every question has, and what each question type declares (see the module docstring)."""

    id: Id = Field(description="Stable id within the quiz; saved answers are keyed by it.")
    prompt: Text = Field(description="The question (Markdown).")
    hints: list[Text] = Field(default_factory=list, description="Hints shown one at a time.")
    explanation: Text = Field(description="Shown after answering.")
    alliance: list[Alliance] = Field(default_factory=list, description="Alliance parts this question exercises (progress page).")
    alsi: list[Alsi] = Field(default_factory=list, description="ALSI steps this question exercises (progress page).")

    # What the learner is asked to do (the widget and the handouts show it under the prompt).
    instruction: ClassVar[str]
    # How the LMS question banks carry the type (the trainers' page and the banks' README say it).
    conversion: ClassVar[str]
    # What an LMS bank makes of it.
    bank: ClassVar[BankKind]
    # Where the type comes in lists: the quiz schema's list of types, the trainers' page.
    rank: ClassVar[int]
    hashed: ClassVar[tuple[str, ...]] = ("id", "prompt", "hints", "explanation", "alliance", "alsi")

    @classmethod
    def type_name(cls) -> str:
        """The value of the type's ``type`` field: what quiz files write."""
        return str(get_args(cls.model_fields["type"].annotation)[0])

    def base_view(self, quiz_id: str) -> QuestionView:
        """The fields every type's view has; ``view`` adds the type's own."""
        cls = type(self)
        return QuestionView(
            quiz=quiz_id, id=self.id, type=cls.type_name(), instruction=cls.instruction, bank=cls.bank,
            prompt=self.prompt, hints=tuple(self.hints), explanation=self.explanation,
        )

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        """What the widget, the handouts and the banks show of this question."""
        raise NotImplementedError(f"{type(self).__name__} has no view")

    def check(self, at: At) -> Iterator[Finding]:
        """The type's rules that span fields or files (the quiz check runs them for every question)."""
        return iter(())

    def choice_options(self) -> Sequence[Option | Reply]:
        """The options a learner chooses from, where they may quote a dialogue turn."""
        return ()

    def shown_turns(self) -> tuple[str, int] | None:
        """(dialogue id, turn): the question shows that dialogue's turns up to this one."""
        return None

    def dialogue_refs(self) -> set[str]:
        """Every dialogue the question shows something of (its excerpt, quoted options)."""
        shown = self.shown_turns()
        refs = {o.quote.dialogue for o in self.choice_options() if o.quote is not None}
        return refs | {shown[0]} if shown else refs

    def saved_answer_hash(self, dialogues: Dialogues) -> str:
        """A short hash of everything the learner sees: a changed question drops only its own saved
        answer (quiz.js compares it), and a new defaulted field drops none (see Hashed)."""
        parts = [json.dumps(hash_data(self), ensure_ascii=False, separators=(",", ":"))]
        shown = self.shown_turns()
        d = dialogues.get(shown[0]) if shown else None
        if shown and d is not None:  # questions on a dialogue: the turns up to the one asked about
            parts += [t.text for t in d.turns[: shown[1]]]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


# -- what several types share ---------------------------------------------------------------------


def option_choices(options: Sequence[Option]) -> tuple[ChoiceView, ...]:
    return tuple(ChoiceView(o.text or "", o.correct, o.feedback, i=i) for i, o in enumerate(options))


def dealt(choices: Sequence[ChoiceView], quiz_id: str, question_id: str) -> tuple[ChoiceView, ...]:
    """The choices in the order they are shown (``deal``): the key's place is not the author's."""
    return tuple(choices[j] for j in deal(len(choices), f"{quiz_id}/{question_id}"))


def check_correct(q: QuestionBase, at: At, *, several: bool) -> Iterator[Finding]:
    """A choice question has a right option; one only, unless ``several`` may be right."""
    right = sum(o.correct for o in q.choice_options())
    if right == 0:
        yield at.finding("options", f"question '{q.id}' has no correct option; mark one with 'correct: true'")
    elif right > 1 and not several:
        yield at.finding("options", f"question '{q.id}' of type {q.type_name()} expects one correct option, found {right}; use type: multiple for more")


def check_turn(q: QuestionBase, at: At) -> Iterator[Finding]:
    """The dialogue turn the question is about exists and is an HCP turn."""
    shown = q.shown_turns()
    if shown is None:
        return
    did, n = shown
    if did in at.unreadable:
        return
    turn, problem = hcp_turn(at.dialogues, did, n)
    if turn is None:
        yield at.finding("dialogue" if did not in at.dialogues else "turn", problem)


class QuotedTurn(QuestionBase):
    """A question about one HCP turn of a dialogue, quoted on the page: which codes does it carry?"""

    dialogue: Id
    turn: int = Field(ge=1, description="Number of an HCP turn in the dialogue.")

    # The codes the learner chooses from, and the turn's (and its readings') field that holds them.
    codes: ClassVar[tuple[str, ...]]
    coded: ClassVar[str]
    hashed: ClassVar[tuple[str, ...]] = (*QuestionBase.hashed, "dialogue", "turn")
    if TYPE_CHECKING:  # each type declares them, with its own vocabulary and feedback model
        answer: Sequence[str]
        feedback: BaseModel

    def shown_turns(self) -> tuple[str, int] | None:
        return self.dialogue, self.turn

    def view(self, quiz_id: str, dialogues: Dialogues) -> QuestionView:
        names = type(self).codes
        choices = tuple(ChoiceView(PART_NAMES[n], n in self.answer, str(getattr(self.feedback, n)), label=True, i=i) for i, n in enumerate(names))
        d = dialogues.get(self.dialogue)
        turn = d.turns[self.turn - 1] if d and 0 < self.turn <= len(d.turns) else None
        # The quoted turn's readings of this question's codes; an empty one (no step) cannot be answered here.
        readings = [(getattr(r, type(self).coded), r.reason) for r in (turn.defensible if turn else [])]
        defensible = tuple(
            ReadingView(tuple(names.index(c) for c in codes), ", ".join(PART_NAMES[c] for c in codes), reason) for codes, reason in readings if codes
        )
        return replace(
            self.base_view(quiz_id), multi=True, choices=choices, defensible=defensible, dialogue_id=self.dialogue, dialogue=d, quoted=self.turn
        )

    def check(self, at: At) -> Iterator[Finding]:
        found = list(check_turn(self, at))
        yield from found
        d = at.dialogues.get(self.dialogue)
        if found or d is None or self.dialogue in at.unreadable:
            return
        coded = getattr(d.turns[self.turn - 1], type(self).coded) or []
        if sorted(self.answer) != sorted(coded):
            yield at.finding("answer", self.mismatch(d.id, coded))

    def mismatch(self, dialogue_id: str, coded: list[str]) -> str:
        """The message when the key disagrees with the dialogue's coding of the turn."""
        raise NotImplementedError
