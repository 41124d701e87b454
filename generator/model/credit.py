"""The one partial-credit rule, as Moodle scores a multiple-answer question (the bank rule).

Written twice, once here and once in JavaScript (``hb.credit`` in generator/static/handbook.js);
tests/test_credit.py scores every question's every answer both ways, and as the exported banks
(Moodle XML, GIFT, QTI) and the SCORM packages score it, and requires the same number.

- A choice question: each chosen right option earns ``1 / rights``, each chosen wrong option
  loses ``1 / wrongs``; the sum, never below 0. A single-answer question is the same rule with
  one right option: 1 for the key, 0 for anything else.
- A coding question (classify-turn, alsi-step, a practised turn): the same rule against the key,
  except that an answer exactly equal to one of the quoted turn's defensible readings earns full
  credit. No bank format can express that exception: the banks explain the readings instead.
- An order question: the share of items in their right place (a matching question in the banks,
  one pair per item).
- A reflection is not scored (self-rating is not a score): a bank's essay is graded by a person.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence


def fractions(correct: Sequence[bool]) -> list[float]:
    """Each option's credit when chosen: ``1 / rights`` for a right one, ``-1 / wrongs`` for a
    wrong one (what Moodle XML, GIFT and QTI carry per option)."""
    rights = sum(correct)
    wrongs = len(correct) - rights
    return [1 / rights if c else -1 / wrongs for c in correct]


def choice_credit(chosen: Collection[int], key: Collection[int], size: int) -> float:
    """The score of choosing the option indexes ``chosen`` from ``size`` options whose right ones
    are ``key``. An empty key is right only when nothing is chosen."""
    if not key:
        return 0.0 if chosen else 1.0
    hits = sum(1 for c in chosen if c in key)
    misses = len(chosen) - hits
    wrongs = size - len(key)
    return max(0.0, hits / len(key) - (misses / wrongs if wrongs else 0.0))


def coding_credit(chosen: Collection[int], key: Collection[int], size: int, readings: Iterable[Collection[int]]) -> float:
    """A coding answer: the key's credit, or 1 for an answer that is exactly a defensible reading."""
    if any(set(chosen) == set(r) for r in readings):
        return 1.0
    return choice_credit(chosen, key, size)


def order_credit(positions: Sequence[int]) -> float:
    """An order answer, as the right position of each item in the order given: the share placed right."""
    return sum(1 for i, p in enumerate(positions) if i == p) / len(positions)
