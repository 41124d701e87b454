"""Issue 20, quizzes: every dialogue is quoted by a question, and a written reply that strains is
coded the way the codebook codes a strained turn. Computed from the shipped YAML."""

from __future__ import annotations

import pytest
from support import ROOT

from generator.load.loader import load_handbook
from generator.model.book import Handbook
from generator.model.quiz import AlsiStep, ClassifyTurn, NextResponse


@pytest.fixture(scope="module")
def book() -> Handbook:
    loaded, findings = load_handbook(ROOT)
    assert findings == []
    return loaded


def quoted_dialogues(book: Handbook) -> set[str]:
    """Dialogues a question shows a turn of: the turn it asks about, or an option that quotes one."""
    found: set[str] = set()
    for doc in book.quizzes:
        for q in doc.model.questions:
            if isinstance(q, ClassifyTurn | AlsiStep | NextResponse):
                found.add(q.dialogue)
            for option in getattr(q, "options", []):
                if option.quote is not None:
                    found.add(option.quote.dialogue)
    return found


def test_every_dialogue_is_quoted_by_at_least_one_question(book: Handbook) -> None:
    dialogues = {doc.model.id for doc in book.dialogues}
    assert len(dialogues) >= 20
    assert sorted(dialogues - quoted_dialogues(book)) == []


def test_a_written_reply_that_strains_is_coded_bond_like_a_strained_turn(book: Handbook) -> None:
    """Every slip costs the person some of their sense of being heard, so a strained reply the quiz
    writes itself (not quoted from a dialogue) lists bond among the parts it strains."""
    written = [
        (doc.model.id, q.id, o)
        for doc in book.quizzes
        for q in doc.model.questions
        if isinstance(q, NextResponse)
        for o in q.options
        if o.quote is None and o.effect == "strains"
    ]
    assert len(written) >= 10
    assert [(quiz, qid, o.text) for quiz, qid, o in written if "bond" not in (o.alliance or [])] == []
