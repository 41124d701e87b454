"""Content rules that span fields or files: coding of turns, cross-references, links,
citations, statistics and language. Each returns findings; none raises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.errors import Finding, unknown_id
from generator.model.book import Handbook
from generator.model.content import CODING


def _ids(book: Handbook) -> dict[str, set[str]]:
    """Known ids by kind; files that failed to load count as known, so one error does not cascade."""
    ids = {
        "dialogue": {d.model.id for d in book.dialogues},
        "module": {m.meta.id for m in book.modules},
        "reference": {r.key for r in book.references.model.references} if book.references else set(),
        "guidance": {p.id for p in book.guidance.model.points} if book.guidance else set(),
        "figure": {f.model.id for f in book.figures},
    }
    for kind, stems in book.unreadable.items():
        ids[kind] = ids.get(kind, set()) | stems
    return ids


# The one message for an unknown id lives in errors.unknown_id; this name stays for check/text.py.
_unknown = unknown_id


def check_files(book: Handbook) -> Iterator[Finding]:
    """Ids equal file names and are unique."""
    seen: dict[tuple[str, str], str] = {}
    docs: list[tuple[str, str, str, tuple[int, int]]] = [("dialogue", d.model.id, d.path, d.pos.of(("id",))) for d in book.dialogues]
    docs += [("module", m.meta.id, m.path, m.pos.of(("id",))) for m in book.modules]
    docs += [("figure", f.model.id, f.path, f.pos.of(("id",))) for f in book.figures]
    for kind, ident, path, (line, col) in docs:
        stem = PurePosixPath(path).stem
        if ident != stem:
            yield Finding(path, line, col, f"expected id '{stem}' (the file name), found '{ident}'; rename the file or change the id", rule="ids")
        if (kind, ident) in seen:
            yield Finding(path, line, col, f"duplicate {kind} id '{ident}', already used in {seen[(kind, ident)]}", rule="ids")
        else:
            seen[(kind, ident)] = path


def check_dialogues(book: Handbook) -> Iterator[Finding]:
    """HCP turns are coded; other turns are not; references resolve."""
    ids = _ids(book)
    for doc in book.dialogues:
        d, pos = doc.model, doc.pos
        for i, turn in enumerate(d.turns):
            loc = ("turns", i)
            n = i + 1
            if turn.speaker == "hcp":
                for name in CODING:
                    if getattr(turn, name) is None:
                        yield pos.finding(loc, f"turn {n}: HCP turns must be coded: missing field '{name}'", rule="coding")
            else:
                for name in (*CODING, "alternative", "lint_exempt", "slips", "defensible"):
                    if getattr(turn, name) not in (None, []):
                        yield pos.finding((*loc, name), f"turn {n}: field '{name}' is only for hcp turns, found it on a {turn.speaker} turn", key=True, rule="coding")
                if turn.guidance:
                    yield pos.finding((*loc, "guidance"), f"turn {n}: field 'guidance' is only for hcp turns", key=True, rule="coding")
            if turn.speaker == "other" and not turn.name:
                yield pos.finding(loc, f"turn {n}: a turn by speaker 'other' needs 'name' (e.g. name: Daughter)", rule="coding")
            if turn.speaker != "other" and turn.name:
                yield pos.finding((*loc, "name"), f"turn {n}: 'name' is only for speaker 'other'; the {turn.speaker} label comes from context", key=True, rule="coding")
            if turn.speaker == "hcp" and turn.effect == "strains" and not turn.slips:
                yield pos.finding(loc, f"turn {n}: a strained turn needs 'slips' (every slip it shows, from the codebook, e.g. slips: [righting-reflex])", rule="coding")
            for j, slip in enumerate(turn.slips):
                if slip in turn.slips[:j]:
                    yield pos.finding((*loc, "slips", j), f"turn {n}: slip '{slip}' is listed twice; name each slip once", rule="coding")
            if turn.effect != "strains":
                for name in ("alternative", "lint_exempt", "slips"):
                    if getattr(turn, name) not in (None, []) and turn.speaker == "hcp":
                        yield pos.finding((*loc, name), f"turn {n}: '{name}' is only for turns with effect: strains, found effect: {turn.effect}", key=True, rule="coding")
            for j, gid in enumerate(turn.guidance):
                if gid not in ids["guidance"]:
                    yield pos.finding((*loc, "guidance", j), unknown_id("guidance point", gid, ids["guidance"]), rule="refs")
            if turn.alternative:
                for j, gid in enumerate(turn.alternative.guidance):
                    if gid not in ids["guidance"]:
                        yield pos.finding((*loc, "alternative", "guidance", j), unknown_id("guidance point", gid, ids["guidance"]), rule="refs")
        for j, rid in enumerate(d.related):
            if rid not in ids["dialogue"] or rid == d.id:
                yield pos.finding(("related", j), unknown_id("dialogue", rid, ids["dialogue"] - {d.id}), rule="refs")
        if d.source and d.source not in ids["reference"]:
            yield pos.finding(("source",), unknown_id("reference", d.source, ids["reference"]), rule="refs")


def check_modules(book: Handbook) -> Iterator[Finding]:
    ids = _ids(book)
    for m in book.modules:
        for j, pid in enumerate(m.meta.prerequisites):
            if pid not in ids["module"] or pid == m.meta.id:
                yield m.pos.finding(("prerequisites", j), unknown_id("module", pid, ids["module"] - {m.meta.id}), rule="refs")
        for j, did in enumerate(m.meta.dialogues):
            if did not in ids["dialogue"]:
                yield m.pos.finding(("dialogues", j), unknown_id("dialogue", did, ids["dialogue"]), rule="refs")
    for f in book.figures:
        if f.model.source and f.model.source not in ids["reference"]:
            yield f.pos.finding(("source",), unknown_id("reference", f.model.source, ids["reference"]), rule="refs")




def check_situations(book: Handbook) -> Iterator[Finding]:
    """The gallery's situations: unique ids, each naming known dialogues once."""
    if not book.situations:
        return
    ids = _ids(book)
    seen: set[str] = set()
    for i, situation in enumerate(book.situations.model.situations):
        pos = book.situations.pos
        if situation.id in seen:
            yield pos.finding(("situations", i, "id"), f"duplicate situation id '{situation.id}'; each situation is listed once", rule="ids")
        seen.add(situation.id)
        listed: set[str] = set()
        for j, did in enumerate(situation.dialogues):
            if did not in ids["dialogue"]:
                yield pos.finding(("situations", i, "dialogues", j), _unknown("dialogue", did, ids["dialogue"]), rule="refs")
            elif did in listed:
                yield pos.finding(("situations", i, "dialogues", j), f"dialogue '{did}' is listed twice for situation '{situation.id}'", rule="refs")
            listed.add(did)
