"""Item-writing rules for quiz options, as assessment writers use them (NBME item-writing guide):
the right answer must not give itself away by being the longest option.

- A question whose key is *clearly* the longest option gets a warning at the key: the key has
  more than ``CLEARLY`` times the characters of the longest distractor. This applies to single,
  next-response and multiple questions (in a multiple question, to its longest correct option).
- Across the handbook, the key may be *strictly* the longest option in at most ``SHARE`` of the
  single and next-response questions with three or more options. Above that, always picking the
  longest option pays, so a score stops meaning what it says: that is an error, placed at the
  key that gives itself away most clearly.

- Across the handbook, no place in the shown order (first, second, ...) holds the key of more than
  ``PLACE_SHARE`` of those questions. The generator deals each question's options into an order of
  its own (``deal``, seeded by the question's id), the same on the page, in print, in SCORM and in
  the banks; a set of quizzes whose deal still favours one place is an error, so a learner who
  always ticks the same place cannot pass. It applies from ``PLACE_MIN`` counted questions: with
  fewer, chance decides too much (with two questions, one place always holds half the keys).

Lengths are what the learner reads: the option's text (for a quoted option, the quoted turn's
text, filled in by the loader) with Markdown markup left out and spaces collapsed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from generator.errors import Finding
from generator.model.book import Handbook
from generator.model.question import Option, Reply
from generator.model.question_view import deal
from generator.model.questions.multiple import Multiple
from generator.model.questions.next_response import NextResponse
from generator.model.questions.single import Single

CLEARLY = 1.2  # a key longer than this many times the longest distractor is clearly the longest
SHARE = Fraction(2, 5)  # the most of the counted questions in which the key may be strictly the longest
PLACE_SHARE = Fraction(9, 20)  # the most of the counted questions whose key may be shown in any one place
PLACE_MIN = 10  # counted questions from which the place rule applies
MIN_OPTIONS = 3  # with two options, the longer one is right half the time anyway

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`~]|\{[^}]*\}")


def visible_length(text: str) -> int:
    """Characters the learner reads: link text without its address, no emphasis marks or
    attribute lists, runs of spaces counted once."""
    shown = _MARKUP.sub("", _LINK.sub(r"\1", text))
    return len(" ".join(shown.split()))


@dataclass(frozen=True)
class Item:
    """One choice question as the rules see it: where its key is, and how long each option is."""

    path: str
    line: int
    column: int
    lengths: tuple[int, ...]
    keys: tuple[int, ...]  # indexes of the correct options
    place: int = 0  # where the (first) key is shown: its place in the dealt order, from 0

    @property
    def key_length(self) -> int:
        return max(self.lengths[k] for k in self.keys)

    @property
    def longest_distractor(self) -> int:
        return max((n for i, n in enumerate(self.lengths) if i not in self.keys), default=0)

    @property
    def ratio(self) -> float:
        return self.key_length / max(self.longest_distractor, 1)

    @property
    def clearly_longest(self) -> bool:
        return self.longest_distractor > 0 and self.key_length > CLEARLY * self.longest_distractor

    @property
    def strictly_longest(self) -> bool:
        return self.key_length > self.longest_distractor

    @property
    def counted(self) -> bool:
        """Counted for the handbook-wide share: one key among three or more options."""
        return len(self.keys) == 1 and len(self.lengths) >= MIN_OPTIONS


def choice_items(book: Handbook) -> Iterator[Item]:
    """Every single, next-response and multiple question whose options all have text."""
    for doc in book.quizzes:
        for i, q in enumerate(doc.model.questions):
            if not isinstance(q, Single | Multiple | NextResponse):
                continue
            options: list[Option | Reply] = list(q.options)
            if any(o.text is None for o in options):
                continue  # a quote that did not resolve has an error of its own
            keys = tuple(j for j, o in enumerate(options) if o.correct)
            if not keys or len(keys) == len(options):
                continue  # no key, or nothing to compare it with: the quiz check reports it
            lengths = tuple(visible_length(o.text or "") for o in options)
            key = max(keys, key=lambda j: lengths[j])
            line, column = doc.pos.of(("questions", i, "options", key))  # the option, quoted or written
            place = deal(len(options), f"{doc.model.id}/{q.id}").index(keys[0])
            yield Item(doc.path, line, column, lengths, keys, place)


def _clearly_longest(item: Item) -> Finding:
    message = (
        f"the key is clearly the longest option ({item.key_length} characters, more than {CLEARLY:g} times the "
        f"{item.longest_distractor} of the longest distractor), so a test-wise learner can pick it unread; "
        "shorten the key, or give a distractor the same detail"
    )
    return Finding(item.path, item.line, item.column, message, "warning", "items")


def _share(items: list[Item]) -> Iterator[Finding]:
    counted = [item for item in items if item.counted]
    longest = [item for item in counted if item.strictly_longest]
    allowed = math.floor(SHARE * len(counted))
    if len(longest) <= allowed:
        return
    worst = max(longest, key=lambda item: (item.ratio, item.path, item.line))
    over = len(longest) - allowed
    message = (
        f"the key is strictly the longest option in {len(longest)} of the {len(counted)} single and next-response "
        f"questions with {MIN_OPTIONS} or more options ({len(longest) / len(counted):.0%}); the handbook allows at most "
        f"{float(SHARE):.0%} ({allowed}), so that picking the longest option does not pay. This key is the "
        f"clearest case, {worst.ratio:.2f} times its longest distractor: make it no longer than a distractor, here "
        f"or elsewhere, in {over} question{'s' if over > 1 else ''}"
    )
    yield Finding(worst.path, worst.line, worst.column, message, "error", "items")


def _places(items: list[Item]) -> Iterator[Finding]:
    counted = [item for item in items if item.counted]
    if len(counted) < PLACE_MIN:
        return
    allowed = math.floor(PLACE_SHARE * len(counted))
    for place in sorted({item.place for item in counted}):
        there = [item for item in counted if item.place == place]
        if len(there) <= allowed:
            continue
        first = min(there, key=lambda item: (item.path, item.line))
        message = (
            f"the key is shown in place {place + 1} in {len(there)} of the {len(counted)} single and next-response questions "
            f"with {MIN_OPTIONS} or more options ({len(there) / len(counted):.0%}); the handbook allows at most "
            f"{float(PLACE_SHARE):.0%} ({allowed}), so that always ticking one place does not pay. The order is dealt from "
            "each question's quiz and id: give this question (or another with its key in that place) a new id"
        )
        yield Finding(first.path, first.line, first.column, message, "error", "items")


def check_items(book: Handbook) -> Iterator[Finding]:
    """Warnings for keys that are clearly the longest option; an error when too many keys are the
    longest, or shown in one place, across the handbook."""
    items = list(choice_items(book))
    for item in items:
        if item.clearly_longest:
            yield _clearly_longest(item)
    yield from _share(items)
    yield from _places(items)
