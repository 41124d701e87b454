"""The second coding holds together with the dialogues it codes.

Each file names a dialogue that exists (and is named after it); each coded turn is an HCP turn of
that dialogue, coded once, whose text is still the text that was coded (the hash); each
resolution settles a part the two codings differed on, and says what happened truthfully: a key
said to be changed differs from the key before, a defensible reading said to be added is on the
turn. An HCP turn the file leaves out is a warning: the published figures leave it out too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.errors import Finding, PathKey, one_of, unknown_id
from generator.model.book import Doc, Handbook
from generator.model.content import Dialogue
from generator.model.reliability import key_before, key_now, second_code
from generator.model.second import SecondCoding, SecondTurn, text_hash

RULE = "second-coding"


def _resolutions(doc: Doc[SecondCoding], i: int, t: SecondTurn, d: Dialogue) -> Iterator[Finding]:
    pos = doc.pos
    second = second_code(t)
    before, _ = key_before(t.key_before)
    now, readings = key_now(d.turns[t.turn - 1])
    differed = second.differs(before)
    for j, res in enumerate(t.resolution):
        loc: PathKey = ("turns", i, "resolution", j)
        for k, part in enumerate(res.parts):
            if part not in differed:
                where = f"differed on {one_of(differed)}" if differed else "agreed on the whole code"
                yield pos.finding(
                    (*loc, "parts", k), f"turn {t.turn}: expected a part the two codings differ on, found '{part}'; they {where}", rule=RULE
                )
            elif res.parts.index(part) != k or any(part in other.parts for other in t.resolution[:j]):
                yield pos.finding(
                    (*loc, "parts", k), f"turn {t.turn}: '{part}' is settled twice; give each disagreement one resolution", rule=RULE
                )
        if res.kind == "key-changed":
            unchanged = [p for p in res.parts if p not in now.differs(before)]
            if unchanged:
                message = f"turn {t.turn}: expected the key to differ from the key before on {one_of(unchanged)} (kind: key-changed), found it unchanged; recode the turn or choose another kind"
                yield pos.finding((*loc, "kind"), message, rule=RULE)
        if res.kind == "defensible-added":
            missing = list(dict.fromkeys(p for p in res.parts if not any(r.part(p) == second.part(p) for r in readings)))
            if missing:
                message = f"turn {t.turn}: expected a defensible reading on the turn with the second coding's {one_of(missing)} (kind: defensible-added), found none; add it to the dialogue"
                yield pos.finding((*loc, "kind"), message, rule=RULE)


def check_second_doc(doc: Doc[SecondCoding], dialogues: dict[str, Dialogue], unreadable: set[str]) -> Iterator[Finding]:
    sc, pos = doc.model, doc.pos
    stem = PurePosixPath(doc.path).stem
    if sc.dialogue != stem:
        yield pos.finding(
            ("dialogue",),
            f"expected dialogue '{stem}' (the file name), found '{sc.dialogue}'; rename the file or change the dialogue",
            rule=RULE,
        )
    if sc.dialogue in unreadable:
        return
    d = dialogues.get(sc.dialogue)
    if d is None:
        yield pos.finding(("dialogue",), unknown_id("dialogue", sc.dialogue, dialogues), rule=RULE)
        return
    seen: set[int] = set()
    for i, t in enumerate(sc.turns):
        loc: PathKey = ("turns", i)
        if t.turn in seen:
            yield pos.finding((*loc, "turn"), f"turn {t.turn} is coded twice; keep one entry per turn", rule=RULE)
            continue
        seen.add(t.turn)
        if not 1 <= t.turn <= len(d.turns):
            yield pos.finding((*loc, "turn"), f"expected a turn of '{d.id}' (1 to {len(d.turns)}), found {t.turn}", rule=RULE)
            continue
        turn = d.turns[t.turn - 1]
        if turn.speaker != "hcp":
            yield pos.finding(
                (*loc, "turn"),
                f"expected an HCP turn, found turn {t.turn} of '{d.id}' spoken by {turn.speaker}; only HCP turns are coded",
                rule=RULE,
            )
            continue
        found = text_hash(turn.text)
        if found != t.hash:
            message = (
                f"turn {t.turn} of '{d.id}' has changed since it was coded a second time (expected its text to hash to {t.hash}, found {found}); "
                "have it coded again, blind, and import it, or leave it out of the figures: python tools/second_coding.py --drop-stale"
            )
            yield pos.finding((*loc, "hash"), message, rule=RULE)
            continue
        if t.effect != "strains" and t.slips:
            yield pos.finding(
                (*loc, "slips"),
                f"turn {t.turn}: 'slips' are only for a turn coded effect: strains, found effect: {t.effect}",
                key=True,
                rule=RULE,
            )
        yield from _resolutions(doc, i, t, d)
    for n, turn in enumerate(d.turns, start=1):
        if turn.speaker == "hcp" and n not in seen:
            finding = pos.finding(
                ("turns",),
                f"HCP turn {n} of '{d.id}' is not coded a second time; the published agreement leaves it out",
                key=True,
                rule=RULE,
            )
            yield Finding(finding.path, finding.line, finding.column, finding.message, "warning", finding.rule)


def check_second(book: Handbook) -> Iterator[Finding]:
    dialogues = book.dialogue_by_id
    unreadable = book.unreadable.get("dialogue", set())
    seen: dict[str, str] = {}
    for doc in book.second_codings:
        yield from check_second_doc(doc, dialogues, unreadable)
        first = seen.setdefault(doc.model.dialogue, doc.path)
        if first != doc.path:
            yield doc.pos.finding(
                ("dialogue",), f"'{doc.model.dialogue}' is coded a second time in {first} already; keep one file per dialogue", rule=RULE
            )
