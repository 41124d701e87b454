"""Codebook rules: one entry for every alliance part, ALSI step and slip; every example turn
exists and is coded as its entry says; ambiguous turns list their defensible readings; a
defensible reading differs from the key."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.errors import Finding, PathKey, Positions
from generator.load.quotes import quoted_turn
from generator.model.book import Doc, Handbook
from generator.model.coding import ambiguity
from generator.model.content import ALLIANCE, ALSI, SLIPS, Alliance, Alsi, Codebook, Dialogue, TurnRef


def coding_of(ref: TurnRef, dialogues: dict[str, Dialogue]) -> tuple[tuple[list[Alliance], list[Alsi]] | None, str]:
    """(alliance, alsi) of the referenced HCP turn (or its better reply), or None and why not."""
    data, problem = quoted_turn(ref, dialogues)  # the one reader of turn references
    if data is None:
        return None, problem or ""
    return (data["alliance"], data["alsi"]), ""


def _label(ref: TurnRef) -> str:
    return f"{'the better reply at ' if ref.better else ''}turn {ref.turn} of '{ref.dialogue}'"


def _entries(pos: Positions, field: str, ids: Sequence[str], wanted: Sequence[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            yield pos.finding((field, i, "id"), f"duplicate {field[:-1]} entry '{ident}'; give each one entry", rule="codebook")
        seen.add(ident)
    missing = [w for w in wanted if w not in seen]
    if missing:
        yield pos.finding((field,), f"expected an entry for every one of {', '.join(wanted)}; missing: {', '.join(missing)}", key=True, rule="codebook")


def check_codebook_doc(doc: Doc[Codebook], dialogues: dict[str, Dialogue], unreadable: set[str]) -> Iterator[Finding]:
    cb, pos = doc.model, doc.pos
    yield from _entries(pos, "parts", [p.id for p in cb.parts], ALLIANCE)
    yield from _entries(pos, "steps", [s.id for s in cb.steps], ALSI)
    yield from _entries(pos, "slips", [s.id for s in cb.slips], SLIPS)
    examples: list[tuple[PathKey, TurnRef, str, str]] = [(("parts", i, "example"), p.example, "alliance", p.id) for i, p in enumerate(cb.parts)]
    examples += [(("steps", i, "example"), s.example, "alsi", s.id) for i, s in enumerate(cb.steps)]
    for loc, ref, field, code in examples:
        if ref.dialogue in unreadable:
            continue
        coding, problem = coding_of(ref, dialogues)
        if coding is None:
            yield pos.finding(loc, f"example: {problem}", rule="codebook")
            continue
        codes = coding[0] if field == "alliance" else coding[1]
        if code not in codes:
            shown = ", ".join(codes) or "none"
            yield pos.finding(loc, f"expected an example coded {code}, found {_label(ref)} coded {field}: {shown}; choose a turn that is, or recode it", rule="codebook")
    for i, rule in enumerate(cb.rules):
        ex = rule.example
        if ex is None or ex.dialogue in unreadable:
            continue
        loc = ("rules", i, "example")
        coding, problem = coding_of(ex, dialogues)
        if coding is None:
            yield pos.finding(loc, f"example: {problem}", rule="codebook")
            continue
        for field, given, found in (("alliance", ex.alliance, coding[0]), ("alsi", ex.alsi, coding[1])):
            if given is not None and sorted(given) != sorted(found):
                message = f"expected {_label(ex)} to be coded {field}: {', '.join(given) or 'none'} as the rule says, found {', '.join(found) or 'none'}"
                yield pos.finding((*loc, field), message, rule="codebook")


def check_defensible(book: Handbook) -> Iterator[Finding]:
    """Each defensible reading differs from the key; with a codebook, ambiguous turns list one."""
    for doc in book.dialogues:
        d, pos = doc.model, doc.pos
        for i, turn in enumerate(d.turns):
            n = i + 1
            for j, alt in enumerate(turn.defensible):
                loc: PathKey = ("turns", i, "defensible", j)
                given = [alt.alliance, alt.alsi, alt.slips]
                if all(g is None for g in given):
                    yield pos.finding(loc, f"turn {n}: a defensible reading gives 'alliance', 'alsi', 'slips' or more than one; found none", rule="coding")
                if alt.slips is not None and turn.effect != "strains":
                    yield pos.finding((*loc, "slips"), f"turn {n}: 'slips' in a defensible reading is only for turns with effect: strains, found effect: {turn.effect}", key=True, rule="coding")
                same = all(g is None or sorted(g) == sorted(k or []) for g, k in zip(given, (turn.alliance, turn.alsi, turn.slips), strict=True))
                if same and any(g is not None for g in given):
                    yield pos.finding(loc, f"turn {n}: this defensible reading is the key's own coding; leave out a field that is the same as the key", rule="coding")
            why = ambiguity(turn) if book.codebook is not None else None
            if why and not turn.defensible:
                message = f"turn {n}: the codebook marks this turn as ambiguous: {why}; add 'defensible' with the other reading and its reason"
                finding = pos.finding(("turns", i), message, rule="coding")
                yield Finding(finding.path, finding.line, finding.column, finding.message, "warning", finding.rule)


def check_codebook(book: Handbook) -> Iterator[Finding]:
    dialogues = book.dialogue_by_id
    if book.codebook is not None:
        yield from check_codebook_doc(book.codebook, dialogues, book.unreadable.get("dialogue", set()))
    yield from check_defensible(book)
