"""Quiz rules that span fields or files: the quiz's module exists, question ids are unique, and each
question type's own rules (its ``check``: right answers exist, quoted turns exist and are HCP turns,
answers agree with the dialogue's coding); options that copy a dialogue line must quote it."""

from __future__ import annotations

import bisect
import difflib
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.errors import Finding, PathKey, unknown_id
from generator.model.book import Doc, Handbook
from generator.model.content import Dialogue
from generator.model.question import At, Reply
from generator.model.quiz import Quiz


def check_quiz(doc: Doc[Quiz], modules: set[str], dialogues: Mapping[str, Dialogue], unreadable: set[str]) -> Iterator[Finding]:
    """The quiz's own rules (its id, unique question ids), then each question's, by its type."""
    quiz, pos = doc.model, doc.pos
    stem = PurePosixPath(doc.path).stem
    if quiz.id != stem:
        yield pos.finding(("id",), f"expected id '{stem}' (the file name), found '{quiz.id}'; rename the file or change the id", rule="ids")
    if quiz.id not in modules:
        yield pos.finding(("id",), f"a quiz belongs to a module: {unknown_id('module', quiz.id, modules)}", rule="quiz")
    seen: dict[str, int] = {}
    for i, q in enumerate(quiz.questions):
        loc: PathKey = ("questions", i)
        if q.id in seen:
            message = f"duplicate question id '{q.id}' (first used at line {seen[q.id]}); ids keep saved answers apart"
            yield pos.finding((*loc, "id"), message, rule="quiz")
        else:
            seen[q.id] = pos.of((*loc, "id"))[0]
        yield from q.check(At(pos, loc, dialogues, frozenset(unreadable)))


def normalise(text: str) -> str:
    """Text as words only: case, Markdown emphasis, quotation marks and punctuation do not count."""
    return " ".join(re.sub(r"[^\w']+", " ", text.lower().replace("’", "'")).replace(" '", " ").replace("' ", " ").split()).strip("'")


@dataclass(frozen=True)
class SaidTurn:
    """An HCP line of a dialogue, as a quiz option might copy it: what was said, or the better reply."""

    dialogue: str
    turn: int
    better: bool
    words: str
    sentences: frozenset[str]
    effect: str
    alliance: frozenset[str]

    @property
    def label(self) -> str:
        return f"the better reply at turn {self.turn} of '{self.dialogue}'" if self.better else f"turn {self.turn} of '{self.dialogue}'"

    @property
    def quote(self) -> str:
        return f"quote: {{dialogue: {self.dialogue}, turn: {self.turn}{', better: true' if self.better else ''}}}"


class SaidTurns(list[SaidTurn]):
    """The lines, in order, with what copied_from looks them up by: each sentence's lines, and the
    lines by length (two lines whose lengths differ too much cannot be nearly the same)."""

    def __init__(self, turns: list[SaidTurn]) -> None:
        super().__init__(turns)
        self.by_words = {t.words: i for i, t in enumerate(turns)}
        self.by_sentence: dict[str, list[int]] = {}
        for i, t in enumerate(turns):
            for sentence in t.sentences:
                self.by_sentence.setdefault(sentence, []).append(i)
        self.lengths = sorted((len(t.words), i) for i, t in enumerate(turns))

    def same(self, words: str, mine: set[str]) -> SaidTurn | None:
        """The first line with these words, or sharing one of these sentences."""
        found = [self.by_words[words]] if words in self.by_words else []
        found += [i for sentence in mine for i in self.by_sentence.get(sentence, [])]
        return self[min(found)] if found else None

    def near(self, words: str) -> list[SaidTurn]:
        """The lines, in order, whose length allows difflib's ratio to reach NEAR against ``words``:
        2 * min(a, b) / (a + b) >= NEAR (difflib's real_quick_ratio, the bound of the others)."""
        n = len(words)
        low, high = n * NEAR / (2 - NEAR), n * (2 - NEAR) / NEAR
        start = bisect.bisect_left(self.lengths, (math.floor(low), -1))
        stop = bisect.bisect_right(self.lengths, (math.ceil(high), len(self)))
        return [self[i] for i in sorted(i for _, i in self.lengths[start:stop])]


def said_turns(dialogues: Mapping[str, Dialogue]) -> SaidTurns:
    """Every HCP line a quiz could copy, once per wording (the first dialogue that says it)."""
    out: dict[str, SaidTurn] = {}
    for d in dialogues.values():
        for n, t in enumerate(d.turns, start=1):
            if t.speaker != "hcp":
                continue
            lines = [(False, t.text, t.effect or "", t.alliance or [])]
            if t.alternative:
                lines.append((True, t.alternative.text, "builds", t.alternative.alliance))
            for better, text, effect, alliance in lines:
                words = normalise(text)
                out.setdefault(words, SaidTurn(d.id, n, better, words, frozenset(sentences(text)), effect, frozenset(alliance)))
    return SaidTurns(list(out.values()))


NEAR = 0.9  # difflib ratio from which two lines count as the same line with a slip or an edit


SENTENCE_WORDS = 8  # a shared sentence this long is a copy, not a coincidence


def sentences(text: str) -> set[str]:
    """The text's longer sentences, normalised."""
    found = (normalise(s) for s in re.split(r"(?<=[.!?])\s+", text))
    return {s for s in found if len(s.split()) >= SENTENCE_WORDS}


def copied_from(text: str, turns: SaidTurns, *, partial: bool = True) -> SaidTurn | None:
    """The dialogue line ``text`` copies, if any: the same words, nearly the same words, or (with
    ``partial``) one of its sentences of eight words or more word for word."""
    words = normalise(text)
    if len(words) < 12:
        return None
    same = turns.same(words, sentences(text) if partial else set())
    if same is not None:
        return same
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(words)
    for t in turns.near(words):
        matcher.set_seq1(t.words)
        if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
            return t
    return None


def check_copied_turns(doc: Doc[Quiz], turns: SaidTurns) -> Iterator[Finding]:
    """A quiz option that copies a dialogue line must quote it instead: an error when its coding
    differs from the turn's, a warning when it agrees (the two could still drift apart)."""
    for i, q in enumerate(doc.model.questions):
        for j, o in enumerate(q.choice_options()):
            if o.quote is not None or o.text is None:
                continue
            # A coded reply that reuses a sentence of a turn passes as that turn; a plain option
            # may quote a sentence to discuss its wording, so only a whole copy counts there.
            t = copied_from(o.text, turns, partial=isinstance(o, Reply))
            if t is None:
                continue
            loc: PathKey = ("questions", i, "options", j, "text")
            if isinstance(o, Reply) and (o.effect != t.effect or frozenset(o.alliance or []) != t.alliance):
                mine = f"{o.effect}, {', '.join(o.alliance or [])}"
                theirs = f"{t.effect}, {', '.join(sorted(t.alliance))}"
                message = f"this option copies {t.label}, coded ({theirs}) there, but codes it ({mine}); replace the copy with {t.quote}"
                yield doc.pos.finding(loc, message, rule="quiz")
            else:
                message = f"this option copies {t.label}; replace the copy with {t.quote} so the two cannot drift apart"
                finding = doc.pos.finding(loc, message, rule="quiz")
                yield Finding(finding.path, finding.line, finding.column, finding.message, "warning", finding.rule)


def check_quizzes(book: Handbook) -> list[Finding]:
    """Every quiz's rules; one quiz per module at most (the file name is the module id)."""
    modules = {m.meta.id for m in book.modules} | book.unreadable.get("module", set())
    dialogues = book.dialogue_by_id
    unreadable = book.unreadable.get("dialogue", set())
    turns = said_turns(dialogues)
    found = [f for doc in book.quizzes for f in check_quiz(doc, modules, dialogues, unreadable)]
    return found + [f for doc in book.quizzes for f in check_copied_turns(doc, turns)]
