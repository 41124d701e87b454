"""One view of a question for everything that shows it: the quiz widget on module pages, the
printable handouts and answer keys, and the LMS question banks.

Each question type builds its view once (its ``view`` method, generator/model/questions/); the
consumers format the Markdown fields their own way (site HTML, handout Markdown, bank HTML) and
never ask which type a question is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from generator.model.content import Dialogue

# What an LMS question bank makes of a question type.
BankKind = Literal["single", "multiple", "matching", "essay"]
# How the fixed choices of classify-turn and ALSI-step questions read.
PART_NAMES = {"bond": "Bond", "task": "Task", "goal": "Goal", "ask": "Ask", "listen": "Listen", "summarise": "Summarise", "invite": "Invite"}


def display_order(n: int, seed: str) -> list[int]:
    """A fixed shuffle of range(n) that never equals the correct order (builds repeat)."""
    keyed = sorted(range(n), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    if keyed == list(range(n)):
        keyed = keyed[1:] + keyed[:1]
    return keyed


def deal(n: int, seed: str) -> list[int]:
    """The order ``n`` options are shown in: a fixed shuffle of range(n) seeded by the question's
    "quiz/id", the same in every build, on the page, in print, in SCORM and in the banks. Options
    keep their written index (``ChoiceView.i``), so saved answers keep their meaning."""
    return sorted(range(n), key=lambda i: hashlib.sha256(f"deal:{seed}:{i}".encode()).hexdigest())


@dataclass(frozen=True)
class ChoiceView:
    """One option. ``text`` is Markdown, or a fixed name (an alliance part, an ALSI step) when
    ``label`` is true. Next-response options also carry the person's reply and the effect. ``i`` is
    the option's place in the question as written: what saved answers and the page's data-i name,
    whatever order the options are shown in."""

    text: str
    correct: bool
    feedback: str
    label: bool = False
    i: int = 0
    reply: str | None = None
    effect: str | None = None
    alliance: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadingView:
    """A defensible reading of the quoted turn, for a classify-turn or ALSI-step question: the
    choices (indexes) it picks and why the key differs. From the dialogue, never the quiz."""

    choices: tuple[int, ...]
    label: str
    reason: str


@dataclass(frozen=True)
class OrderItemView:
    text: str
    feedback: str


@dataclass(frozen=True)
class QuestionView:
    """A question, type-neutral: Markdown fields and structure, no formatting.

    At most one of ``choices``, ``order`` and ``model_answer`` is set. ``quoted`` is the one
    dialogue turn the question is about; ``excerpt`` the turns shown before a next response.
    """

    quiz: str
    id: str
    type: str
    instruction: str
    bank: BankKind
    prompt: str
    hints: tuple[str, ...]
    explanation: str
    choices: tuple[ChoiceView, ...] = ()
    multi: bool = False
    order: tuple[OrderItemView, ...] = ()
    shuffled: tuple[int, ...] = ()
    model_answer: str | None = None
    rubric: tuple[str, ...] = ()
    dialogue_id: str | None = None
    dialogue: Dialogue | None = None
    quoted: int | None = None
    excerpt: tuple[int, ...] = ()
    defensible: tuple[ReadingView, ...] = ()

    @property
    def shown_turns(self) -> tuple[int, ...]:
        """The dialogue turns the question quotes, in order (those that exist)."""
        turns = self.excerpt or ((self.quoted,) if self.quoted else ())
        count = len(self.dialogue.turns) if self.dialogue else 0
        return tuple(n for n in turns if 0 < n <= count)
