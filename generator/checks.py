"""Content rules that span fields or files: coding of turns, cross-references, links,
citations, statistics and language. Each returns findings; none raises."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from .checks_contrib import contributor_checks
from .checks_quiz import check_quizzes, quiz_text_fields
from .errors import Finding
from .language import lint
from .links import UNSAFE_SCHEME
from .loader import Handbook
from .redirects import check_redirects
from .suggest import did_you_mean
from .textfields import TextField, text_fields

CITATION = re.compile(r"\[@([^\]]*)\]")
DIRECTIVE = re.compile(r"^\[\[\s*([a-z]+)\s*(?::\s*([^\]\s]*)\s*)?\]\]\s*$", re.MULTILINE)
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>", re.MULTILINE)
STATISTIC = re.compile(
    r"\b\d+(?:\.\d+)?\s?%|\br\s*=\s*[-−]?0?\.\d+|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d{2,}\s+(?:people|patients|participants|adults|physicians|doctors|samples|clients|countries|studies)\b",
    re.IGNORECASE,
)
DIRECTIVES = {"figure": True, "dialogue": True, "guidance": False}
CODING = ("alliance", "alsi", "effect", "note")


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


def _unknown(kind: str, found: str, known: set[str]) -> str:
    hint = did_you_mean(found, sorted(known))
    if not hint:
        hint = f" known: {', '.join(sorted(known))}" if 0 < len(known) <= 6 else " no such id exists"
    return f"expected a known {kind} id, found '{found}';{hint}"


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
                for name in (*CODING, "alternative", "lint_exempt", "slip", "defensible"):
                    if getattr(turn, name) not in (None, []):
                        yield pos.finding((*loc, name), f"turn {n}: field '{name}' is only for hcp turns, found it on a {turn.speaker} turn", key=True, rule="coding")
                if turn.guidance:
                    yield pos.finding((*loc, "guidance"), f"turn {n}: field 'guidance' is only for hcp turns", key=True, rule="coding")
            if turn.speaker == "other" and not turn.name:
                yield pos.finding(loc, f"turn {n}: a turn by speaker 'other' needs 'name' (e.g. name: Daughter)", rule="coding")
            if turn.speaker != "other" and turn.name:
                yield pos.finding((*loc, "name"), f"turn {n}: 'name' is only for speaker 'other'; the {turn.speaker} label comes from context", key=True, rule="coding")
            if turn.speaker == "hcp" and turn.effect == "strains" and turn.slip is None:
                yield pos.finding(loc, f"turn {n}: a strained turn needs 'slip' (one of the codebook's slips, e.g. slip: righting-reflex)", rule="coding")
            if turn.effect != "strains":
                for name in ("alternative", "lint_exempt", "slip"):
                    if getattr(turn, name) is not None and turn.speaker == "hcp":
                        yield pos.finding((*loc, name), f"turn {n}: '{name}' is only for turns with effect: strains, found effect: {turn.effect}", key=True, rule="coding")
            for j, gid in enumerate(turn.guidance):
                if gid not in ids["guidance"]:
                    yield pos.finding((*loc, "guidance", j), _unknown("guidance point", gid, ids["guidance"]), rule="refs")
            if turn.alternative:
                for j, gid in enumerate(turn.alternative.guidance):
                    if gid not in ids["guidance"]:
                        yield pos.finding((*loc, "alternative", "guidance", j), _unknown("guidance point", gid, ids["guidance"]), rule="refs")
        for j, rid in enumerate(d.related):
            if rid not in ids["dialogue"] or rid == d.id:
                yield pos.finding(("related", j), _unknown("dialogue", rid, ids["dialogue"] - {d.id}), rule="refs")
        if d.source and d.source not in ids["reference"]:
            yield pos.finding(("source",), _unknown("reference", d.source, ids["reference"]), rule="refs")


def check_modules(book: Handbook) -> Iterator[Finding]:
    ids = _ids(book)
    for m in book.modules:
        for j, pid in enumerate(m.meta.prerequisites):
            if pid not in ids["module"] or pid == m.meta.id:
                yield m.pos.finding(("prerequisites", j), _unknown("module", pid, ids["module"] - {m.meta.id}), rule="refs")
        for j, did in enumerate(m.meta.dialogues):
            if did not in ids["dialogue"]:
                yield m.pos.finding(("dialogues", j), _unknown("dialogue", did, ids["dialogue"]), rule="refs")
    for f in book.figures:
        if f.model.source and f.model.source not in ids["reference"]:
            yield f.pos.finding(("source",), _unknown("reference", f.model.source, ids["reference"]), rule="refs")


def _turn_count(book: Handbook) -> dict[str, int]:
    counts = {d.model.id: len(d.model.turns) for d in book.dialogues}
    # A dialogue that failed to load has an error of its own; links into it are not checked.
    counts.update({stem: 10**6 for stem in book.unreadable.get("dialogue", set())})
    return counts


def _check_target(field: TextField, offset: int, target: str, book: Handbook, turns: dict[str, int]) -> Iterator[Finding]:
    line, col = field.position(offset)
    if UNSAFE_SCHEME.match(target):
        yield Finding(field.path, line, col, f"expected an http(s) or relative link, found '{target[:40]}'; javascript:, data: and file: links are not allowed", rule="links")
        return
    match = re.fullmatch(r"(?:\.\./)?dialogues/([a-z0-9-]+)\.md(?:#turn-(\d+))?", target)
    if match and match.group(1) != "index":
        did, num = match.group(1), match.group(2)
        if did not in turns:
            yield Finding(field.path, line, col, f"link to a missing dialogue: {_unknown('dialogue', did, set(turns))}", rule="links")
        elif num is not None and not 1 <= int(num) <= turns[did]:
            yield Finding(field.path, line, col, f"link to turn {num} of '{did}', which has turns 1 to {turns[did]}", rule="links")


def check_text(book: Handbook) -> Iterator[Finding]:
    """Links, citations, directives, statistics and language in every Markdown field."""
    ids = _ids(book)
    turns = _turn_count(book)
    for field in [*text_fields(book), *quiz_text_fields(book)]:
        text = field.text
        for match in LINK_TARGET.finditer(text):
            group = next(i for i in (1, 2, 3) if match.group(i) is not None)
            yield from _check_target(field, match.start(group), match.group(group), book, turns)
        for match in CITATION.finditer(text):
            for key in (k.strip().lstrip("@") for k in match.group(1).split(";")):
                if key not in ids["reference"]:
                    line, col = field.position(match.start())
                    yield Finding(field.path, line, col, f"citation {_unknown('reference', key, ids['reference'])}", rule="citations")
        if field.exact:
            yield from _check_directives(field, ids)
            yield from _check_statistics(field)
        if field.voice != "person" and not field.exempt:
            for hit in lint(text, hcp=field.voice == "hcp"):
                line, col = field.position(hit.start)
                yield Finding(field.path, line, col, hit.message(), level=hit.rule.level, rule=f"language/{hit.rule.id}")


def _check_directives(field: TextField, ids: dict[str, set[str]]) -> Iterator[Finding]:
    for match in re.finditer(r"\[\[[^\]\n]*\]\]", field.text):
        line, col = field.position(match.start())
        whole = DIRECTIVE.fullmatch(match.group()) if match.group() == match.group().strip() else None
        own_line = match.start() == 0 or field.text[match.start() - 1] == "\n"
        if not whole or not own_line:
            yield Finding(field.path, line, col, f"expected a directive alone on its line: [[figure: id]], [[dialogue: id]] or [[guidance]], found '{match.group()}'", rule="directives")
            continue
        name, arg = whole.group(1), whole.group(2)
        if name not in DIRECTIVES:
            yield Finding(field.path, line, col, f"expected a directive figure, dialogue or guidance, found '{name}';{did_you_mean(name, DIRECTIVES)}", rule="directives")
        elif DIRECTIVES[name] and not arg:
            yield Finding(field.path, line, col, f"directive '{name}' expects an id: [[{name}: some-id]]", rule="directives")
        elif DIRECTIVES[name] and arg not in ids[name]:
            yield Finding(field.path, line, col, f"[[{name}]] {_unknown(name, arg or '', ids[name])}", rule="directives")


def _check_statistics(field: TextField) -> Iterator[Finding]:
    offset = 0
    for paragraph in re.split(r"(\n\s*\n)", field.text):
        if not paragraph.strip():
            offset += len(paragraph)
            continue
        if not CITATION.search(paragraph):
            for match in STATISTIC.finditer(paragraph):
                line, col = field.position(offset + match.start())
                yield Finding(field.path, line, col, f"statistic '{match.group()}' has no citation; add [@key] in the same paragraph", rule="citations")
        offset += len(paragraph)


def run_checks(book: Handbook) -> list[Finding]:
    """All cross-field and cross-file rules."""
    checks: Iterable[Iterator[Finding]] = (
        check_files(book), check_dialogues(book), check_modules(book), check_text(book), contributor_checks(book)
    )
    return [finding for check in checks for finding in check] + check_quizzes(book) + list(check_redirects(book))
