"""Writing the generated files to a folder that may already exist, never touching what the generator
did not write (`.venv/bin/python -m generator build --out DIR [--clean]`).

A folder the generator writes to carries a manifest, ``.handbook-build.json``: every file it wrote
there. The folder must be new, empty, or hold nothing but those files (a checkout, a docs folder, a
home directory are refused whole, before anything is written or removed). ``clean`` removes exactly
the listed files, and then the folders they leave empty. Symbolic links are never followed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST = ".handbook-build.json"
_FORMAT = "handbook-build/1"
_SHOWN = 5


class OutDirError(Exception):
    """The folder cannot be written to safely; the message says why and what to do."""


@dataclass(frozen=True)
class Written:
    """What one write did: files written and stale files removed."""

    written: int
    removed: int


def _safe_relative(name: object) -> str | None:
    """A manifest entry as a plain relative POSIX path inside the folder, or None."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in path.parts) or name != path.as_posix():
        return None
    return name


def read_manifest(out: Path) -> set[str] | None:
    """The files the generator wrote in ``out`` (None when there is no readable manifest)."""
    path = out / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("files"), list):
        return None
    names = [_safe_relative(name) for name in data["files"]]
    return None if any(name is None for name in names) else {name for name in names if name}


def _contents(out: Path) -> tuple[list[str], list[str]]:
    """Every file (or link, or other non-folder) and every folder under ``out``, relative, links not followed."""
    files: list[str] = []
    folders: list[str] = []
    for top, dirs, names in os.walk(out, followlinks=False):
        base = Path(top)
        for name in dirs:
            rel = (base / name).relative_to(out).as_posix()
            (files if (base / name).is_symlink() else folders).append(rel)
        files += [(base / name).relative_to(out).as_posix() for name in names]
    return sorted(files), sorted(folders)


def _foreign(out: Path, ours: set[str]) -> list[str]:
    """What ``out`` holds that the generator did not write there."""
    files, _ = _contents(out)
    return [f for f in files if f != MANIFEST and (f not in ours or (out / f).is_symlink() or not (out / f).is_file())]


def _refusal(out: Path, foreign: list[str], has_manifest: bool) -> OutDirError:
    shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
    why = "files the generator did not write" if has_manifest else "files, and no record that the generator wrote them"
    return OutDirError(
        f"{out}: refusing to write here: the folder holds {why} ({shown}). Nothing was written or removed. "
        "Give --out a new or empty folder, or one an earlier build wrote."
    )


def write_files(out: Path, files: dict[str, bytes], *, clean: bool) -> Written:
    """Write ``files`` (relative POSIX path -> bytes) into ``out``; with ``clean``, first remove
    the generator's earlier files there. Raises OutDirError, having changed nothing, when ``out``
    holds anything the generator did not write."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutDirError(f"{out}: expected a folder, found {'a link' if out.is_symlink() else 'a file'}; nothing was written")
    for name in files:
        if _safe_relative(name) is None:
            raise ValueError(f"not a relative path inside the output folder: {name!r}")
    ours: set[str] = set()
    if out.exists():
        manifest = read_manifest(out)
        ours = manifest or set()
        foreign = _foreign(out, ours)
        if foreign or ((out / MANIFEST).exists() and manifest is None):
            raise _refusal(out, foreign or [MANIFEST], manifest is not None)
    removed = 0
    if clean:
        for name in sorted(ours - set(files)):
            target = out / name
            if target.is_file() and not target.is_symlink():
                target.unlink()
                removed += 1
        _, folders = _contents(out) if out.exists() else ([], [])
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            path = out / folder
            if not any(path.iterdir()):
                path.rmdir()
        ours &= set(files)
    else:
        ours = {name for name in ours if (out / name).is_file()}
    out.mkdir(parents=True, exist_ok=True)
    record = sorted(ours | set(files))
    # The record is written first, so a build that stops half way still owns what it wrote.
    (out / MANIFEST).write_text(json.dumps({"format": _FORMAT, "files": record}, indent=1) + "\n", encoding="utf-8")
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Written(len(files), removed)
