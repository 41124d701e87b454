"""The second coding holds together with the dialogues it codes.

Each file names a dialogue that exists (and is named after it); each coded turn is an HCP turn of
that dialogue, coded once, whose text is still the text that was coded (the hash); each
resolution settles a part the two codings differed on, and says what happened truthfully: a key
said to be changed differs from the key before, a defensible reading said to be added is on the
turn. An HCP turn the file leaves out is a warning: the published figures leave it out too.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import PurePosixPath

from generator.errors import Finding, PathKey, one_of, unknown_id
from generator.model.book import Doc, Handbook
from generator.model.content import Dialogue, Spoken
from generator.model.reliability import key_before, key_now, second_code
from generator.model.second import SecondCoding, SecondTurn, line_label, text_hash

RULE = "second-coding"


def _resolutions(doc: Doc[SecondCoding], i: int, t: SecondTurn, line: Spoken) -> Iterator[Finding]:
    pos = doc.pos
    second = second_code(t)
    before, _ = key_before(t.key_before)
    now, readings = key_now(line)
    name = line_label(t)
    differed = second.differs(before)
    for j, res in enumerate(t.resolution):
        loc: PathKey = ("turns", i, "resolution", j)
        for k, part in enumerate(res.parts):
            if part not in differed:
                where = f"differed on {one_of(differed)}" if differed else "agreed on the whole code"
                yield pos.finding(
                    (*loc, "parts", k), f"{name}: expected a part the two codings differ on, found '{part}'; they {where}", rule=RULE
                )
            elif res.parts.index(part) != k or any(part in other.parts for other in t.resolution[:j]):
                yield pos.finding(
                    (*loc, "parts", k), f"{name}: '{part}' is settled twice; give each disagreement one resolution", rule=RULE
                )
        if res.kind == "key-changed":
            unchanged = [p for p in res.parts if p not in now.differs(before)]
            if unchanged:
                message = f"{name}: expected the key to differ from the key before on {one_of(unchanged)} (kind: key-changed), found it unchanged; recode the turn or choose another kind"
                yield pos.finding((*loc, "kind"), message, rule=RULE)
        if res.kind == "defensible-added":
            missing = list(dict.fromkeys(p for p in res.parts if not any(r.part(p) == second.part(p) for r in readings)))
            if missing:
                message = f"{name}: expected a defensible reading on the turn with the second coding's {one_of(missing)} (kind: defensible-added), found none; add it to the dialogue"
                yield pos.finding((*loc, "kind"), message, rule=RULE)


def _line(
    doc: Doc[SecondCoding], i: int, t: SecondTurn, d: Dialogue, seen: set[int], seen_nodes: set[str]
) -> Generator[Finding, None, Spoken | None]:
    """The HCP line an entry codes (a main-line turn or a node), or None after saying what is wrong."""
    pos = doc.pos
    if t.node is not None:
        loc: PathKey = ("turns", i, "node")
        if t.node in seen_nodes:
            yield pos.finding(loc, f"node '{t.node}' is coded twice; keep one entry per node", rule=RULE)
            return None
        seen_nodes.add(t.node)
        nodes = {n.id: n for n in d.nodes}
        node = nodes.get(t.node)
        if node is None:
            yield pos.finding(loc, unknown_id("node", t.node, nodes), rule=RULE)
            return None
        if node.speaker != "hcp":
            yield pos.finding(
                loc,
                f"expected an HCP node, found node '{t.node}' of '{d.id}' spoken by {node.speaker}; only HCP lines are coded",
                rule=RULE,
            )
            return None
        return node
    assert t.turn is not None
    loc = ("turns", i, "turn")
    if t.turn in seen:
        yield pos.finding(loc, f"turn {t.turn} is coded twice; keep one entry per turn", rule=RULE)
        return None
    seen.add(t.turn)
    if not 1 <= t.turn <= len(d.turns):
        yield pos.finding(loc, f"expected a turn of '{d.id}' (1 to {len(d.turns)}), found {t.turn}", rule=RULE)
        return None
    turn = d.turns[t.turn - 1]
    if turn.speaker != "hcp":
        yield pos.finding(
            loc, f"expected an HCP turn, found turn {t.turn} of '{d.id}' spoken by {turn.speaker}; only HCP turns are coded", rule=RULE
        )
        return None
    return turn


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
    seen_nodes: set[str] = set()
    for i, t in enumerate(sc.turns):
        loc: PathKey = ("turns", i)
        if (t.turn is None) == (t.node is None):
            found_what = "both" if t.turn is not None else "neither"
            yield pos.finding(loc, f"expected 'turn' (a main-line turn) or 'node' (a branching node's id), found {found_what}", rule=RULE)
            continue
        line = yield from _line(doc, i, t, d, seen, seen_nodes)
        if line is None:
            continue
        found = text_hash(line.text)
        if found != t.hash:
            message = (
                f"{line_label(t)} of '{d.id}' has changed since it was coded a second time (expected its text to hash to {t.hash}, found {found}); "
                "have it coded again, blind, and import it, or leave it out of the figures: python tools/second_coding.py --drop-stale"
            )
            yield pos.finding((*loc, "hash"), message, rule=RULE)
            continue
        if t.effect != "strains" and t.slips:
            yield pos.finding(
                (*loc, "slips"),
                f"{line_label(t)}: 'slips' are only for a turn coded effect: strains, found effect: {t.effect}",
                key=True,
                rule=RULE,
            )
        yield from _resolutions(doc, i, t, line)
    for n, turn in enumerate(d.turns, start=1):
        if turn.speaker == "hcp" and n not in seen:
            finding = pos.finding(
                ("turns",),
                f"HCP turn {n} of '{d.id}' is not coded a second time; the published agreement leaves it out",
                key=True,
                rule=RULE,
            )
            yield Finding(finding.path, finding.line, finding.column, finding.message, "warning", finding.rule)
    for node in d.nodes:
        if node.speaker == "hcp" and node.id not in seen_nodes:
            finding = pos.finding(
                ("turns",),
                f"HCP node '{node.id}' of '{d.id}' is not coded a second time; the published agreement leaves it out",
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
