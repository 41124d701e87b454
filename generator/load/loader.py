"""Load every content file under ``content/`` into validated models, with positions kept."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Finding, Positions
from generator.load.quiz import validate_quiz
from generator.load.quotes import resolve_quotes
from generator.load.validate import validate
from generator.load.yaml import MAX_BYTES, decode, load_yaml
from generator.model.book import Doc, Handbook, ModuleDoc
from generator.model.content import ModuleMeta
from generator.model.kinds import KINDS, Kind


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _linked(path: Path, root: Path) -> str | None:
    """What makes ``path`` a link, if anything does: the file itself ("a file"), or a folder on its
    way below content/ or docs/ ("a folder: content/figures"). The top folder itself is not judged
    (a test copy of the project may link it whole)."""
    parts = path.relative_to(root).parts
    for depth in range(2, len(parts)):
        folder = root.joinpath(*parts[:depth])
        if folder.is_symlink():
            return f"a folder: {'/'.join(parts[:depth])}"
    return "a file" if path.is_symlink() else None


def links_under(root: Path, top: str, *, files: bool) -> list[Finding]:
    """Every link under ``root/top`` that no reading reports: each linked folder, and with ``files``
    each linked file but a page (docs/: MkDocs would follow them and publish what they point at;
    a linked content file or docs/ page is refused when it is read). Nothing is followed."""
    found = []
    for folder, folders, names in os.walk(root / top):  # a linked folder is listed, not entered
        for name in sorted(folders) + (sorted(names) if files else []):
            path = Path(folder) / name
            if path.is_symlink() and not (name.endswith(".md") and not path.is_dir()):
                what = "folder" if name in folders else "file"
                message = f"expected a {what}, found a link; links in content/ and docs/ are not followed: copy the {what} in instead"
                found.append(Finding(_rel(path, root), 1, 1, message, rule="files"))
    return found


def read_content(path: Path, root: Path) -> tuple[str | None, list[Finding]]:
    """A content file's text, or why it cannot be read. Nothing is read before it is known to be a
    regular file, reached through no link, under the size limit: a link (to /dev/zero, /etc/passwd,
    the project's .env, or a folder out of the project), or a folder named like a content file, is
    reported, never followed or echoed."""
    rel = _rel(path, root)

    def refuse(message: str) -> tuple[None, list[Finding]]:
        return None, [Finding(rel, 1, 1, message, rule="files")]

    try:
        link = _linked(path, root)
        if link is not None:
            return refuse(f"expected a file, found a link (to {link}); links in content/ and docs/ are not followed: copy the file in instead")
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return refuse("expected a file, found a folder with a content file's name; rename the folder")
        if not stat.S_ISREG(info.st_mode):
            return refuse("expected a regular file, found a device, pipe or socket")
        if info.st_size > MAX_BYTES:
            return refuse(f"expected a file under {MAX_BYTES // 1000} KB, found {info.st_size // 1000} KB")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return refuse(f"expected a readable file, found one that cannot be read ({getattr(exc, 'strerror', None) or 'a link loop'})")
    text, problem = decode(raw, rel)
    return text, [problem] if problem else []


@dataclass(frozen=True)
class Parsed:
    """A content file as parsed: its data (for a module, the front matter), where each value sits,
    and for a module its Markdown body and the line it starts on. Plain data (no model yet), so a
    build cache can keep it as JSON and validate it again instead of parsing the file again."""

    data: Any
    pos: Positions
    body: str = ""
    body_line: int = 0


@dataclass
class Loaded:
    """What a load cache keeps per file: its version, what it was parsed into (None when it could
    not be read or parsed) and its findings; the validated document is made again from ``parsed``
    when a cache read from disk has none (``doc`` None with no findings)."""

    version: str
    parsed: Parsed | None
    findings: list[Finding]
    doc: Doc[Any] | ModuleDoc | None = None


def parse_file(kind: Kind, text: str, rel: str) -> tuple[Parsed | None, list[Finding]]:
    """One content file's text, parsed (a module: its front matter)."""
    if not kind.front_matter:
        data, pos, findings = load_yaml(text, rel)
        return (Parsed(data, pos) if not findings else None), findings
    parts = split_front_matter(text)
    if parts is None:
        return None, [Finding(rel, 1, 1, "expected front matter between '---' lines at the top of the module, found none", rule="schema")]
    front, body, body_line = parts
    data, pos, findings = load_yaml(front, rel, line_offset=1)
    return (Parsed(data, pos, body, body_line) if not findings else None), findings


def make_doc(kind: Kind, parsed: Parsed, rel: str) -> tuple[Doc[Any] | ModuleDoc | None, list[Finding]]:
    """The validated document of one parsed file, or None and every finding."""
    if kind.front_matter:
        meta, findings = validate(ModuleMeta, parsed.data, parsed.pos)
        return (ModuleDoc(meta, parsed.body, parsed.body_line, rel, parsed.pos) if meta is not None else None), findings
    special = VALIDATORS.get(kind.name)
    obj, findings = special(parsed.data, parsed.pos) if special is not None else validate(kind.model, parsed.data, parsed.pos)
    return (Doc(obj, rel, parsed.pos) if obj is not None else None), findings


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter YAML, body, 1-based line where the body starts), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


# Kinds whose files need more than one model's validation (a quiz is checked question by question).
VALIDATORS: dict[str, Callable[[Any, Positions], tuple[Any, list[Finding]]]] = {"quiz": validate_quiz}


def load_file(kind: Kind, path: Path, root: Path) -> tuple[Doc[Any] | ModuleDoc | None, list[Finding]]:
    """One content file of ``kind``: read, parse and validate it."""
    rel = _rel(path, root)
    text, findings = read_content(path, root)
    if text is None:
        return None, findings
    parsed, findings = parse_file(kind, text, rel)
    return make_doc(kind, parsed, rel) if parsed is not None else (None, findings)


def _load(kind: Kind, path: Path, root: Path, hit: Loaded | None) -> Loaded:
    """One file, loaded; from ``hit`` (a cache's entry for it) when the file's bytes are unchanged."""
    rel = _rel(path, root)
    text, problems = read_content(path, root)
    version = hashlib.sha1((text if text is not None else repr(problems)).encode("utf-8"), usedforsecurity=False).hexdigest()
    if hit is not None and hit.version == version:
        if hit.doc is None and hit.parsed is not None and not hit.findings:  # read from disk: validate it again
            hit.doc, hit.findings = make_doc(kind, hit.parsed, rel)
        return hit
    if text is None:
        return Loaded(version, None, problems)
    parsed, findings = parse_file(kind, text, rel)
    if parsed is None:
        return Loaded(version, None, findings)
    doc, findings = make_doc(kind, parsed, rel)
    return Loaded(version, parsed, findings, doc)


def load_handbook(root: Path, cache: MutableMapping[str, Loaded] | None = None) -> tuple[Handbook, list[Finding]]:
    """Load everything under ``root/content``, one kind after another (model/kinds.py); returns the
    handbook and every finding.

    With a ``cache`` (kept by the caller across rebuilds, e.g. under `mkdocs serve`), a file whose
    bytes are unchanged is not parsed or validated again: its document and findings are reused (the
    same objects, so later stages can key on them too). Each file is read once."""
    book = Handbook(root=root)
    findings: list[Finding] = []
    for kind in KINDS:
        for path in kind.files(root):
            rel = _rel(path, root)
            key = f"{kind.name}:{rel}"
            loaded = _load(kind, path, root, cache.get(key) if cache is not None else None)
            if cache is not None:
                cache[key] = loaded
            book.versions[rel] = loaded.version
            if loaded.parsed is not None:
                book.data[rel] = loaded.parsed.data
            doc = loaded.doc
            findings += loaded.findings
            if kind.folder is None:
                setattr(book, kind.attr, doc)
            elif doc is not None:
                getattr(book, kind.attr).append(doc)
            else:  # references to it must not cascade into more errors
                book.unreadable.setdefault(kind.name, set()).add(path.stem)
    book.modules.sort(key=lambda m: (m.meta.order, m.meta.id))  # modules read in their `order`
    findings += links_under(root, "content", files=False)
    findings += resolve_quotes(book)  # quiz options that quote a dialogue turn take it from the dialogue
    for path in sorted((root / "content").rglob("*")):
        if path.suffix in (".yaml",):
            findings.append(Finding(_rel(path, root), 1, 1, "expected the extension .yml, found .yaml; rename the file", rule="schema"))
    return book, findings
