"""How far the key and the independent second coding agree, computed from the content itself.

Two sets of figures, as coding schemes such as MITI report them:
- before adjudication: the second coder's codes against the key as it stood when they were
  compared (each turn's ``key_before``);
- now: the same codes against the key the dialogues carry today, after each disagreement was
  weighed (a key changed, a defensible reading added, a rule clarified, or the key kept).

Exact agreement is on the whole code of a turn (alliance parts, ALSI steps, effect and slips, each
as a set). Cohen's kappa is per label (each alliance part, each ALSI step, a strained effect, each
slip), the label judged present or absent on each turn. A disagreement is one part of one turn's
code (alliance, alsi, effect or slips) on which the two codings differ before adjudication.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.model.book import Handbook
from generator.model.content import ALLIANCE, ALSI, SLIPS, Spoken
from generator.model.kappa import cohen_kappa
from generator.model.second import PARTS, RESOLUTIONS, KeyBefore, SecondTurn, text_hash

AIM = 0.75  # kappa the coding aims at on every alliance part, before adjudication
AIM_LABELS: tuple[str, ...] = ALLIANCE

# (part of the code, label): every label kappa is computed for, in the order tables show them.
LABELS: tuple[tuple[str, str], ...] = (
    *(("alliance", a) for a in ALLIANCE),
    *(("alsi", s) for s in ALSI),
    ("effect", "strains"),
    *(("slips", s) for s in SLIPS),
)


@dataclass(frozen=True)
class Code:
    """A turn's whole code, each part as a set."""

    alliance: frozenset[str]
    alsi: frozenset[str]
    effect: str
    slips: frozenset[str]

    @staticmethod
    def of(alliance: Sequence[str] | None, alsi: Sequence[str] | None, effect: str | None, slips: Sequence[str] | None) -> Code:
        return Code(frozenset(alliance or ()), frozenset(alsi or ()), effect or "", frozenset(slips or ()))

    def part(self, name: str) -> frozenset[str]:
        """One part of the code as a set of labels (effect: {'strains'} or nothing)."""
        if name == "effect":
            return frozenset({"strains"}) if self.effect == "strains" else frozenset()
        value: frozenset[str] = getattr(self, name)
        return value

    def has(self, part: str, label: str) -> bool:
        return label in self.part(part)

    def differs(self, other: Code) -> list[str]:
        """The parts (alliance, alsi, effect, slips) on which two codes differ."""
        return [p for p in PARTS if (self.effect != other.effect if p == "effect" else self.part(p) != other.part(p))]


@dataclass(frozen=True)
class Pair:
    """One turn coded twice: the second coder's code, the key's, and the key's defensible readings."""

    second: Code
    key: Code
    readings: tuple[Code, ...] = ()

    @property
    def exact(self) -> bool:
        return self.second == self.key

    @property
    def defensible(self) -> bool:
        """The second code is the key's or one of its defensible readings."""
        return self.exact or self.second in self.readings


@dataclass(frozen=True)
class LabelAgreement:
    """One label's agreement: kappa (None when not defined), share of turns agreed, and how many
    turns each coding gave the label."""

    part: str
    label: str
    kappa: float | None
    agreed: float
    key: int
    second: int


@dataclass(frozen=True)
class Agreement:
    turns: int
    exact: int
    defensible: int  # exact, or the second code is one of the key's defensible readings
    parts: dict[str, int]  # turns agreed on each part of the code
    labels: tuple[LabelAgreement, ...]

    def share(self, count: int) -> float:
        return count / self.turns if self.turns else 0.0

    def kappa(self, label: str) -> float | None:
        return next((la.kappa for la in self.labels if la.label == label), None)


def agreement(pairs: Sequence[Pair]) -> Agreement:
    """Exact agreement and per-label kappa over ``pairs``."""
    labels = []
    for part, label in LABELS:
        key = [p.key.has(part, label) for p in pairs]
        second = [p.second.has(part, label) for p in pairs]
        agreed = sum(a == b for a, b in zip(key, second, strict=True)) / len(pairs) if pairs else 0.0
        labels.append(LabelAgreement(part, label, cohen_kappa(key, second), agreed, sum(key), sum(second)))
    parts = {name: sum(name not in p.second.differs(p.key) for p in pairs) for name in PARTS}
    return Agreement(len(pairs), sum(p.exact for p in pairs), sum(p.defensible for p in pairs), parts, tuple(labels))


def second_code(t: SecondTurn) -> Code:
    return Code.of(t.alliance, t.alsi, t.effect, t.slips)


def key_before(k: KeyBefore) -> tuple[Code, tuple[Code, ...]]:
    readings = tuple(Code.of(r.alliance, r.alsi, k.effect, r.slips) for r in k.defensible)
    return Code.of(k.alliance, k.alsi, k.effect, k.slips), readings


def key_now(turn: Spoken) -> tuple[Code, tuple[Code, ...]]:
    key = Code.of(turn.alliance, turn.alsi, turn.effect, turn.slips)
    readings = tuple(
        Code.of(
            r.alliance if r.alliance is not None else turn.alliance,
            r.alsi if r.alsi is not None else turn.alsi,
            turn.effect,
            r.slips if r.slips is not None else turn.slips,
        )
        for r in turn.defensible
    )
    return key, readings


@dataclass(frozen=True)
class Reliability:
    """Everything the codebook page and agreement.json publish about the second coding."""

    hcp_turns: int  # HCP turns on the dialogues' main lines
    coded: int  # of those, coded a second time (and still current)
    dialogues: int  # dialogues with a second coding
    before: Agreement
    after: Agreement
    disagreements: int  # parts of turns' codes the two codings differed on, before adjudication
    settled: dict[str, int] = field(default_factory=dict)  # disagreements by how they were settled
    turns_disagreed: int = 0
    hcp_nodes: int = 0  # HCP lines on branching paths (nodes off the main line)
    coded_nodes: int = 0  # of those, coded a second time (and still current)

    @property
    def branch_lines(self) -> int:
        """HCP lines on branching paths not coded a second time (not in the figures)."""
        return self.hcp_nodes - self.coded_nodes

    @property
    def lines(self) -> int:
        """Every HCP line: main-line turns and branching nodes."""
        return self.hcp_turns + self.hcp_nodes

    @property
    def coded_lines(self) -> int:
        """Every HCP line coded a second time (and still current): what the figures cover."""
        return self.coded + self.coded_nodes

    @property
    def unsettled(self) -> int:
        return self.disagreements - sum(self.settled.values())

    @property
    def aim_met(self) -> bool:
        """Kappa before adjudication at least AIM on every alliance part (a kappa that is not defined does not meet it)."""
        return all((k := self.before.kappa(label)) is not None and k >= AIM for label in AIM_LABELS)


def current_turns(book: Handbook) -> list[tuple[SecondTurn, Spoken]]:
    """Every second-coded line that still matches its dialogue (an HCP turn or HCP node with the
    same text), main-line turns and nodes alike."""
    found: list[tuple[SecondTurn, Spoken]] = []
    dialogues = book.dialogue_by_id
    for doc in book.second_codings:
        d = dialogues.get(doc.model.dialogue)
        if d is None:
            continue
        nodes = {n.id: n for n in d.nodes}
        seen: set[int | str] = set()
        for t in doc.model.turns:
            line: Spoken | None = None
            if t.turn is not None and t.node is None and 1 <= t.turn <= len(d.turns) and t.turn not in seen:
                seen.add(t.turn)
                line = d.turns[t.turn - 1]
            elif t.node is not None and t.turn is None and t.node not in seen:
                seen.add(t.node)
                line = nodes.get(t.node)
            if line is not None and line.speaker == "hcp" and text_hash(line.text) == t.hash:
                found.append((t, line))
    return found


def reliability(book: Handbook) -> Reliability | None:
    """The agreement between the key and the second coding, or None without a second coding."""
    turns = current_turns(book)
    if not turns:
        return None
    before = [Pair(second_code(t), *key_before(t.key_before)) for t, _ in turns]
    after = [Pair(second_code(t), *key_now(turn)) for t, turn in turns]
    disagreements = 0
    turns_disagreed = 0
    settled: Counter[str] = Counter()
    for (t, _), pair in zip(turns, before, strict=True):
        parts = pair.second.differs(pair.key)
        disagreements += len(parts)
        turns_disagreed += bool(parts)
        for part in parts:
            kind = next((r.kind for r in t.resolution if part in r.parts), None)
            if kind is not None:
                settled[kind] += 1
    hcp = sum(1 for d in book.dialogues for turn in d.model.turns if turn.speaker == "hcp")
    hcp_nodes = sum(1 for d in book.dialogues for node in d.model.nodes if node.speaker == "hcp")
    coded_nodes = sum(1 for t, _ in turns if t.node is not None)
    coded_dialogues = len({doc.model.dialogue for doc in book.second_codings if doc.model.dialogue in book.dialogue_by_id})
    return Reliability(
        hcp_turns=hcp,
        coded=len(turns) - coded_nodes,
        dialogues=coded_dialogues,
        before=agreement(before),
        after=agreement(after),
        disagreements=disagreements,
        settled={kind: settled[kind] for kind in RESOLUTIONS},
        turns_disagreed=turns_disagreed,
        hcp_nodes=hcp_nodes,
        coded_nodes=coded_nodes,
    )
