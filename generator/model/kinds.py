"""The one registry of content kinds: which model validates which files, where they are kept in
the loaded Handbook, and where its schema lives.

The loader (load/loader.py, one loop over KINDS), the JSON Schemas (model/schema.py), the schema
comment check, the scaffolds (`new`) and the schema reference page all read this list, so a new
kind of content is one entry here (plus its field on Handbook and the page that shows it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from generator.model.content import Codebook, Dialogue, Figure, Glossary, Guidance, ModuleMeta, References, Situations
from generator.model.quiz import Quiz
from generator.model.second import SecondCoding

SCHEMA_DIR = "schema"
SCHEMA_COMMENT = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class Kind:
    """A kind of content file: ``folder`` holds one file per item; ``file`` is a single file."""

    name: str
    model: type[BaseModel]
    title: str
    attr: str  # the Handbook field that holds it: a list for folder kinds, one Doc or None for a file
    folder: str | None = None
    file: str | None = None
    suffix: str = ".yml"
    front_matter: bool = False  # Markdown with YAML front matter (modules)
    scaffold: bool = False  # `.venv/bin/python -m generator new <name> SLUG` can create one

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def location(self) -> str:
        """Where the files live, for people: content/dialogues/<id>.yml."""
        if self.folder:
            return f"content/{self.folder}/<id>{self.suffix}"
        return f"content/{self.file}"

    def path_for(self, slug: str) -> str:
        """Project-relative path of the item ``slug`` (folder kinds) or of the single file."""
        if self.folder:
            return f"content/{self.folder}/{slug}{self.suffix}"
        return f"content/{self.file}"

    def files(self, root: Path) -> list[Path]:
        if self.folder:
            base = root / "content" / self.folder
            return sorted(base.glob(f"*{self.suffix}")) if base.is_dir() else []
        path = root / "content" / (self.file or "")
        return [path] if path.exists() or path.is_symlink() else []  # read_content refuses what is not a plain file

    def schema_comment(self, rel_path: str) -> str:
        """The first line a file at ``rel_path`` (relative to the project) must carry."""
        folder = PurePosixPath(rel_path).parent
        target = os.path.relpath(f"{SCHEMA_DIR}/{self.schema_file}", folder.as_posix() or ".")
        return SCHEMA_COMMENT + PurePosixPath(Path(target).as_posix()).as_posix()


KINDS: tuple[Kind, ...] = (
    Kind("dialogue", Dialogue, "Dialogue", "dialogues", folder="dialogues", scaffold=True),
    Kind("module", ModuleMeta, "Module (front matter)", "modules", folder="modules", suffix=".md", front_matter=True, scaffold=True),
    Kind("figure", Figure, "Figure", "figures", folder="figures", scaffold=True),
    Kind("quiz", Quiz, "Quiz", "quizzes", folder="quizzes", scaffold=True),
    Kind("references", References, "References", "references", file="references.yml"),
    Kind("glossary", Glossary, "Glossary", "glossary", file="glossary.yml"),
    Kind("guidance", Guidance, "Guidance", "guidance", file="guidance.yml"),
    Kind("codebook", Codebook, "Codebook", "codebook", file="codebook.yml"),
    Kind("situations", Situations, "Situations", "situations", file="situations.yml"),
    Kind("second-coding", SecondCoding, "Second coding", "second_codings", folder="coding/second"),
)

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}


def content_files(root: Path) -> list[tuple[Kind, Path]]:
    """Every content file of every registered kind, in a fixed order."""
    return [(kind, path) for kind in KINDS for path in kind.files(root)]
