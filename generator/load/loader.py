"""Load every content file under ``content/`` into validated models, with positions kept."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from generator.errors import Finding, Positions
from generator.load.quiz import validate_quiz
from generator.load.quotes import resolve_quotes
from generator.load.validate import validate
from generator.load.yaml import MAX_BYTES, decode, load_yaml
from generator.model.book import Doc, Handbook, ModuleDoc
from generator.model.content import ModuleMeta
from generator.model.kinds import KINDS, Kind
from generator.model.quiz import Quiz

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T", bound=BaseModel)


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def read_content(path: Path, root: Path) -> tuple[str | None, list[Finding]]:
    """A content file's text, or why it cannot be read. Nothing is read before it is known to be a
    regular file inside the project and under the size limit: a link to /dev/zero or /etc/passwd,
    or a folder named like a content file, is reported, never followed or echoed."""
    rel = _rel(path, root)

    def refuse(message: str) -> tuple[None, list[Finding]]:
        return None, [Finding(rel, 1, 1, message, rule="files")]

    try:
        if path.is_symlink():
            target = path.resolve()
            inside = (root.resolve(), (root / "content").resolve())
            if not any(target.is_relative_to(base) for base in inside):
                return refuse("expected a file inside the project, found a link to a place outside it; copy the file in instead")
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


def _load_doc(path: Path, root: Path, check: Callable[[Any, Positions], tuple[T | None, list[Finding]]]) -> tuple[Doc[T] | None, list[Finding]]:
    """Read and parse one YAML file, then validate it with ``check``."""
    text, findings = read_content(path, root)
    if text is None:
        return None, findings
    data, pos, findings = load_yaml(text, _rel(path, root))
    if findings:
        return None, findings
    obj, findings = check(data, pos)
    return (Doc(obj, pos.path, pos) if obj is not None else None), findings


def load_model(model: type[M], path: Path, root: Path) -> tuple[Doc[M] | None, list[Finding]]:
    """Read, parse and validate one YAML file."""
    return _load_doc(path, root, lambda data, pos: validate(model, data, pos))


def load_quiz(path: Path, root: Path) -> tuple[Doc[Quiz] | None, list[Finding]]:
    """Read, parse and validate one quiz file (question by question, see quizload)."""
    return _load_doc(path, root, validate_quiz)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter YAML, body, 1-based line where the body starts), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def load_module(path: Path, root: Path) -> tuple[ModuleDoc | None, list[Finding]]:
    """Read a module's Markdown, validate its front matter."""
    rel = _rel(path, root)
    text, findings = read_content(path, root)
    if text is None:
        return None, findings
    parts = split_front_matter(text)
    if parts is None:
        return None, [Finding(rel, 1, 1, "expected front matter between '---' lines at the top of the module, found none", rule="schema")]
    front, body, body_line = parts
    data, pos, findings = load_yaml(front, rel, line_offset=1)
    if findings:
        return None, findings
    meta, findings = validate(ModuleMeta, data, pos)
    if meta is None:
        return None, findings
    return ModuleDoc(meta, body, body_line, rel, pos), []


# Kinds whose files need more than one model's validation (a quiz is checked question by question).
VALIDATORS: dict[str, Callable[[Any, Positions], tuple[Any, list[Finding]]]] = {"quiz": validate_quiz}


def load_file(kind: Kind, path: Path, root: Path) -> tuple[Doc[Any] | ModuleDoc | None, list[Finding]]:
    """One content file of ``kind``: read, parse and validate it."""
    if kind.front_matter:
        return load_module(path, root)
    special = VALIDATORS.get(kind.name)
    if special is not None:
        return _load_doc(path, root, special)
    return load_model(kind.model, path, root)


def _version(path: Path, root: Path) -> str:
    """A hash of the file's text, read with read_content's guards (or of why it cannot be read)."""
    text, problems = read_content(path, root)
    return hashlib.sha1((text if text is not None else repr(problems)).encode("utf-8"), usedforsecurity=False).hexdigest()


# What a load cache keeps per file: (version, the loaded document or None, its findings).
Cached = tuple[str, Any, list[Finding]]


def load_handbook(root: Path, cache: MutableMapping[str, Cached] | None = None) -> tuple[Handbook, list[Finding]]:
    """Load everything under ``root/content``, one kind after another (model/kinds.py); returns the
    handbook and every finding.

    With a ``cache`` (kept by the caller across rebuilds, e.g. under `mkdocs serve`), a file whose
    bytes are unchanged is not parsed or validated again: its document and findings are reused (the
    same objects, so later stages can key on them too)."""
    book = Handbook(root=root)
    findings: list[Finding] = []
    for kind in KINDS:
        for path in kind.files(root):
            rel = _rel(path, root)
            version = _version(path, root)
            book.versions[rel] = version
            key = f"{kind.name}:{rel}"
            hit = cache.get(key) if cache is not None else None
            if hit is not None and hit[0] == version:
                doc, found = hit[1], hit[2]
            else:
                doc, found = load_file(kind, path, root)
                if cache is not None:
                    cache[key] = (version, doc, found)
            findings += found
            if kind.folder is None:
                setattr(book, kind.attr, doc)
            elif doc is not None:
                getattr(book, kind.attr).append(doc)
            else:  # references to it must not cascade into more errors
                book.unreadable.setdefault(kind.name, set()).add(path.stem)
    book.modules.sort(key=lambda m: (m.meta.order, m.meta.id))  # modules read in their `order`
    findings += resolve_quotes(book)  # quiz options that quote a dialogue turn take it from the dialogue
    for path in sorted((root / "content").rglob("*")):
        if path.suffix in (".yaml",):
            findings.append(Finding(_rel(path, root), 1, 1, "expected the extension .yml, found .yaml; rename the file", rule="schema"))
    return book, findings
