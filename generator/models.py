"""Content models: the contributors' interface, validated strictly (no silent coercion).

Field descriptions and examples feed the generated JSON Schema and the schema reference page.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Alliance = Literal["bond", "task", "goal"]
Alsi = Literal["ask", "listen", "summarise", "invite"]
Effect = Literal["builds", "strains"]
Speaker = Literal["pwd", "hcp", "other"]
DiabetesType = Literal["type 1", "type 2", "gestational", "other"]
Profession = Literal[
    "GP",
    "practice nurse",
    "diabetes specialist nurse",
    "paediatric diabetes nurse",
    "dietitian",
    "pharmacist",
    "diabetes specialist",
    "diabetes educator",
    "midwife",
]

ALLIANCE: tuple[str, ...] = ("bond", "task", "goal")
ALSI: tuple[str, ...] = ("ask", "listen", "summarise", "invite")

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PLAIN_PATTERN = r'^[^<>"\n]+$'

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
PlainLine = Annotated[str, StringConstraints(pattern=PLAIN_PATTERN, max_length=140)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Context(Strict):
    """Who is talking, where."""

    diabetes: DiabetesType = Field(description="Type of diabetes of the person.")
    setting: PlainLine = Field(description="Where the conversation happens, lower case (e.g. 'GP review').")
    hcp: Profession = Field(description="The health care provider's profession.")
    person: PlainLine | None = Field(None, description="Who the person with diabetes is: 'Name, age, detail'. Invented.")


class Focus(Strict):
    """What the dialogue mainly teaches."""

    alliance: list[Alliance] = Field(min_length=1, description="Alliance parts in focus.")
    alsi: list[Alsi] = Field(default_factory=list, description="ALSI steps in focus.")


class Alternative(Strict):
    """The better reply at a strained turn, and what the person says next in that version."""

    text: Text = Field(description="The better HCP reply (Markdown).")
    alliance: list[Alliance] = Field(min_length=1)
    alsi: list[Alsi] = Field(default_factory=list)
    note: Text = Field(description="Why this version works.")
    reply: Text = Field(description="What the person says next in this version.")
    guidance: list[Id] = Field(default_factory=list, description="Ids of Elliott's points this reply shows.")


class Turn(Strict):
    """One turn of a dialogue. HCP turns carry the coding; other speakers only speak."""

    speaker: Speaker = Field(description="pwd (person with diabetes), hcp, or other (relative, interpreter).")
    text: Text = Field(description="What is said (Markdown; raw HTML is shown as text).")
    name: PlainLine | None = Field(None, description="Label for an 'other' speaker, e.g. Daughter.")
    alliance: list[Alliance] | None = Field(None, description="HCP turns: alliance parts this turn works on.")
    alsi: list[Alsi] | None = Field(None, description="HCP turns: ALSI steps this turn performs ([] for none).")
    effect: Effect | None = Field(None, description="HCP turns: builds or strains the alliance.")
    note: Text | None = Field(None, description="HCP turns: why it works, or why it strains.")
    guidance: list[Id] = Field(default_factory=list, description="Ids of Elliott's points this turn shows.")
    lint_exempt: Text | None = Field(None, description="Reason a strained turn uses discouraged language on purpose.")
    alternative: Alternative | None = Field(None, description="Strained turns: the better reply.")


class Dialogue(Strict):
    """An annotated example dialogue: content/dialogues/<id>.yml."""

    id: Id = Field(description="Unique id, equal to the file name; becomes the URL.")
    title: PlainLine
    summary: Text
    context: Context
    focus: Focus
    themes: list[PlainLine] = Field(default_factory=list, description="Lower-case tags for browsing.")
    related: list[Id] = Field(default_factory=list, description="Ids of related dialogues.")
    source: Id | None = Field(None, description="Citation key when the dialogue retells a published example.")
    turns: list[Turn] = Field(min_length=2, description="The conversation, in order; numbered from 1.")
    redirect_from: list[Id] = Field(default_factory=list, description="Former ids: their old URLs redirect here.")


class ModuleMeta(Strict):
    """Front matter of a module: content/modules/<id>.md."""

    id: Id
    title: PlainLine
    order: int = Field(ge=1, description="Position in the handbook.")
    minutes: int = Field(ge=1, le=120, description="Estimated reading time.")
    summary: Text
    objectives: list[Text] = Field(min_length=1, description="What the reader can do afterwards.")
    prerequisites: list[Id] = Field(default_factory=list, description="Module ids to read first.")
    dialogues: list[Id] = Field(default_factory=list, description="Related dialogue ids.")
    redirect_from: list[Id] = Field(default_factory=list, description="Former ids: their old URLs redirect here.")


class Reference(Strict):
    key: Id
    authors: PlainLine
    year: int
    title: Text
    journal: PlainLine
    volume: PlainLine | None = None
    issue: PlainLine | None = None
    pages: PlainLine | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    note: Text | None = None


class References(Strict):
    """The bibliography: content/references.yml."""

    references: list[Reference] = Field(min_length=1)


class Term(Strict):
    term: PlainLine
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")] | None = None
    definition: Text


class Glossary(Strict):
    """Terms and abbreviations: content/glossary.yml."""

    terms: list[Term] = Field(min_length=1)


class Point(Strict):
    id: Id
    number: int = Field(ge=1)
    title: PlainLine
    explanation: Text
    do: Text
    dont: Text


class Guidance(Strict):
    """Elliott et al.'s points of guidance: content/guidance.yml."""

    points: list[Point] = Field(min_length=1)


class Factor(Strict):
    part: Alliance
    text: PlainLine


class FigurePath(Strict):
    label: PlainLine
    outcome: PlainLine
    factors: list[Factor] = Field(min_length=1)


class Figure(Strict):
    """A diagram as data: content/figures/<id>.yml."""

    id: Id
    title: PlainLine
    source: Id | None = None
    paths: list[FigurePath] = Field(min_length=1)
    description: Text = Field(description="Text equivalent of the whole diagram.")
