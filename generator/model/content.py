"""Content models: the contributors' interface, validated strictly (no silent coercion).

Field descriptions and examples feed the generated JSON Schema and the schema reference page.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from generator.model.fields import Markdown, Note, Plain, Token

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

Slip = Literal[
    "righting-reflex",
    "lecture",
    "assumption",
    "parroting",
    "summary-into-advice",
    "invitation-in-name-only",
    "false-reassurance",
    "advice-as-question",
]

# Fields that were renamed: an old file gets a message saying what to write now, not only "unknown field".
RENAMED = {"slip": ("slips", "a list of every slip the turn shows, e.g. slips: [{value}]")}

# Fields every HCP turn must carry (the check reports a missing one).
CODING = ("alliance", "alsi", "effect", "note")

# The vocabularies as tuples, from the Literal types above (pages and templates read these; nothing retypes them).
ALLIANCE: tuple[str, ...] = get_args(Alliance)
ALSI: tuple[str, ...] = get_args(Alsi)
EFFECTS: tuple[str, ...] = get_args(Effect)
SLIPS: tuple[str, ...] = get_args(Slip)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PLAIN_PATTERN = r'^[^<>"\n]+$'

# Every string field's type says what it holds (generator/model/fields.py): the checks walk the
# models by these markers, so a field is checked the day it is declared.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80), Token()]
# Markdown in the voice of the text around it (prose: the handbook's own; hcp: what a provider says;
# person: what the person with diabetes or a relative says, to which no language rule applies).
Text = Annotated[str, StringConstraints(min_length=1), Markdown("prose")]
HcpText = Annotated[str, StringConstraints(min_length=1), Markdown("hcp")]
PersonText = Annotated[str, StringConstraints(min_length=1), Markdown("person")]
# What a turn's speaker says; an HCP turn with a lint_exempt reason is exempt from the language rules.
SpokenText = Annotated[str, StringConstraints(min_length=1), Markdown("speaker", exempt_if="lint_exempt")]
# Someone else's wording (a bibliographic note), shown as Markdown without the language rules.
QuotedText = Annotated[str, StringConstraints(min_length=1), Markdown("prose", quoted=True)]
# A line invented to show a slip on purpose: its wording is the point.
SlipLine = Annotated[str, StringConstraints(min_length=1), Markdown("hcp", quoted=True)]
# The safety note of a dialogue: Markdown prose, shown to learners and facilitators.
SafetyText = Annotated[str, StringConstraints(min_length=1), Markdown("prose", kind="safety")]
PlainLine = Annotated[str, StringConstraints(pattern=PLAIN_PATTERN, max_length=140), Plain()]
# A title in its own wording, shown as typed (never Markdown).
PlainTitle = Annotated[str, StringConstraints(min_length=1), Plain()]
NoteText = Annotated[str, StringConstraints(min_length=1), Note()]


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

    text: HcpText = Field(description="The better HCP reply (Markdown).")
    alliance: list[Alliance] = Field(min_length=1, description="Alliance parts the better reply works on: bond, task, goal.")
    alsi: list[Alsi] = Field(default_factory=list, description="ALSI steps the better reply performs ([] for none).")
    note: Text = Field(description="Why this version works.")
    reply: PersonText = Field(description="What the person says next in this version.")
    guidance: list[Id] = Field(default_factory=list, description="Ids of Elliott's points this reply shows.")


class Coding(Strict):
    """A defensible alternative coding of an HCP turn: what a reasonable coder could also say."""

    alliance: list[Alliance] | None = Field(None, description="Alliance parts under this reading (leave out if the same as the key).")
    alsi: list[Alsi] | None = Field(None, description="ALSI steps under this reading (leave out if the same as the key).")
    slips: list[Slip] | None = Field(None, description="Strained turns: the slips under this reading (leave out if the same as the key).")
    reason: Text = Field(description="One line: why a coder could read the turn this way, and why the key still codes it as it does.")


class Spoken(Strict):
    """What every turn has, on the main line or off it: who speaks, what they say and, for the HCP, the coding."""

    speaker: Speaker = Field(description="pwd (person with diabetes), hcp, or other (relative, interpreter).")
    text: SpokenText = Field(description="What is said (Markdown; raw HTML is shown as text).")
    name: PlainLine | None = Field(None, description="Label for an 'other' speaker, e.g. Daughter.")
    alliance: list[Alliance] | None = Field(None, description="HCP turns: alliance parts this turn works on.")
    alsi: list[Alsi] | None = Field(None, description="HCP turns: ALSI steps this turn performs ([] for none).")
    effect: Effect | None = Field(None, description="HCP turns: builds or strains the alliance.")
    note: Text | None = Field(None, description="HCP turns: why it works, or why it strains.")
    guidance: list[Id] = Field(default_factory=list, description="Ids of Elliott's points this turn shows.")
    lint_exempt: NoteText | None = Field(None, description="Reason a strained turn uses discouraged language on purpose.")
    slips: list[Slip] = Field(default_factory=list, description="Strained turns: every slip this turn clearly shows, the main one first (see the codebook), e.g. [lecture].")
    defensible: list[Coding] = Field(default_factory=list, description="HCP turns: other codings a reasonable coder could give, each with its reason.")


# Where a branching conversation goes next: a main-line turn number, or a node or ending id (the check
# says which ids exist; one plain type keeps a wrong value's message about the value, not the type).
Target = int | Annotated[str, StringConstraints(min_length=1, max_length=80), Token()]


class Turn(Spoken):
    """One turn of a dialogue. HCP turns carry the coding; other speakers only speak."""

    alternative: Alternative | None = Field(None, description="Strained turns: the better reply.")
    next: Target | None = Field(None, description="Branching dialogues: where the conversation goes after this turn, when not to the next turn; on the main line's last turn, the id of the ending it reaches.")


class Node(Spoken):
    """A turn off the main line of a branching dialogue, coded like a main-line turn when the HCP speaks."""

    id: Id = Field(description="Unique id among the dialogue's nodes and endings; the node's anchor on the page (#node-ID).")
    next: Target = Field(description="Where the conversation goes after this turn: a main-line turn number to rejoin, a node id, or an ending id.")
    loop: bool = Field(False, description="true when 'next' goes back to earlier in the conversation on purpose (the check refuses a loop nobody marked).")


class Choice(Strict):
    """One thing the learner can have the provider say at a choice point."""

    say: Id = Field(description="'said' for the turn as written, 'better' for its better reply (its 'alternative'), or the id of an HCP node.")
    next: Target | None = Field(None, description="Where the conversation goes after it: a main-line turn number, a node id or an ending id. Required after 'better' (after its 'reply'); after 'said' it defaults to where the turn goes anyway; a node goes to its own 'next'.")
    loop: bool = Field(False, description="true when 'next' goes back to earlier in the conversation on purpose.")


class Branch(Strict):
    """A choice point: the learner chooses what the provider says at one HCP turn."""

    at: Target = Field(description="The HCP turn where the learner chooses: a main-line turn number, or the id of an HCP node.")
    prompt: PlainLine | None = Field(None, description="The question put to the learner, e.g. 'Lorraine goes quiet. What do you say?'")
    choices: list[Choice] = Field(min_length=2, max_length=4, description="Two to four replies, in the order shown.")


class Ending(Strict):
    """Where a path through a branching dialogue ends, with what the learner should take from it."""

    id: Id = Field(description="Unique id among the dialogue's nodes and endings; the ending's anchor on the page (#ending-ID).")
    title: PlainLine = Field(description="What happened, in a few words, e.g. 'Lorraine hangs up'.")
    debrief: Text = Field(description="Two to four sentences: what this path did to the alliance and why, and any safety issue it left open (Markdown).")
    score: Annotated[float, Field(ge=0, le=1)] = Field(description="How well the path served the alliance, from 0 to 1.")
    discuss: Text | None = Field(None, description="For facilitators: one question to discuss with learners who reached this ending (Markdown).")


class Dialogue(Strict):
    """An annotated example dialogue: content/dialogues/<id>.yml."""

    id: Id = Field(description="Unique id, equal to the file name; becomes the URL.")
    title: PlainLine = Field(description="Shown as the page title and in the gallery.")
    summary: Text = Field(description="One or two sentences on the situation (Markdown).")
    safety: SafetyText | None = Field(None, description="Safety note, shown to learners above the transcript and to facilitators: the clinical or emotional risk in this dialogue and how it is handled (Markdown, one to three sentences).")
    context: Context = Field(description="Who is talking, and where.")
    focus: Focus = Field(description="What the dialogue mainly teaches.")
    themes: list[PlainLine] = Field(default_factory=list, description="Lower-case tags for browsing.")
    related: list[Id] = Field(default_factory=list, description="Ids of related dialogues.")
    source: Id | None = Field(None, description="Citation key when the dialogue retells a published example.")
    turns: list[Turn] = Field(min_length=2, description="The conversation, in order; numbered from 1. In a branching dialogue, the main line.")
    branches: list[Branch] = Field(default_factory=list, description="Choice points: where the learner chooses what the provider says (a branching dialogue).")
    nodes: list[Node] = Field(default_factory=list, description="Branching dialogues: the turns off the main line.")
    endings: list[Ending] = Field(default_factory=list, description="Branching dialogues: where the paths end; at least two.")
    scoring: Literal["ending", "choices"] = Field("ending", description="Branching dialogues: a path's score is its ending's score ('ending') or the share of choices that built the alliance ('choices').")
    redirect_from: list[Id] = Field(default_factory=list, description="Former ids: their old URLs redirect here.")


class ModuleMeta(Strict):
    """Front matter of a module: content/modules/<id>.md."""

    id: Id = Field(description="Unique id, equal to the file name; becomes the URL.")
    title: PlainLine = Field(description="Shown as the page title; do not repeat it as a heading in the body.")
    order: int = Field(ge=1, description="Position in the handbook.")
    minutes: int = Field(ge=1, le=120, description="Estimated reading time.")
    summary: Text = Field(description="One sentence for the home page and the module header (Markdown).")
    objectives: list[Text] = Field(min_length=1, description="What the reader can do afterwards.")
    prerequisites: list[Id] = Field(default_factory=list, description="Module ids to read first.")
    dialogues: list[Id] = Field(default_factory=list, description="Related dialogue ids.")
    redirect_from: list[Id] = Field(default_factory=list, description="Former ids: their old URLs redirect here.")


class Reference(Strict):
    key: Id = Field(description="Citation key, cited in text as [@key].")
    authors: PlainLine = Field(description="Authors as printed, e.g. 'Bordin ES' or 'Jones A, Vallis M, Pouwer F'.")
    year: int = Field(description="Year of publication.")
    title: PlainTitle = Field(description="Title of the work, in its own wording.")
    journal: PlainLine = Field(description="Journal or publisher.")
    volume: PlainLine | None = Field(None, description="Volume, as text (quote numbers).")
    issue: PlainLine | None = Field(None, description="Issue, as text (quote numbers).")
    pages: PlainLine | None = Field(None, description="Page range, e.g. 252–260.")
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$"), Token()] | None = Field(None, description="DOI without the https://doi.org/ prefix; leave it out until checked.")
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$"), Token()] | None = Field(None, description="An https link, when there is no DOI.")
    note: QuotedText | None = Field(None, description="Plain note shown with the reference, e.g. 'DOI not yet checked'.")


class References(Strict):
    """The bibliography: content/references.yml."""

    references: list[Reference] = Field(min_length=1, description="Every work the handbook cites.")


class Term(Strict):
    term: PlainLine = Field(description="The term, as written in the handbook.")
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$"), Token()] | None = Field(None, description="Abbreviation; it gets a tooltip wherever it appears on the site.")
    definition: Text = Field(description="Plain-language definition (Markdown).")


class Glossary(Strict):
    """Terms and abbreviations: content/glossary.yml."""

    terms: list[Term] = Field(min_length=1, description="The terms, in any order (the page sorts them).")


class Point(Strict):
    id: Id = Field(description="Fixed id of the point, used in turns' guidance lists.")
    number: int = Field(ge=1, description="Elliott's number for the point.")
    title: PlainLine = Field(description="Short title of the point.")
    explanation: Text = Field(description="Two to four sentences, with citations (Markdown).")
    do: Text = Field(description="One concrete thing to do (Markdown).")
    dont: Text = Field(description="One concrete thing to avoid (Markdown).")


class Guidance(Strict):
    """Elliott et al.'s points of guidance: content/guidance.yml."""

    points: list[Point] = Field(min_length=1, description="The points of guidance, in order.")


class Factor(Strict):
    part: Alliance = Field(description="The alliance part this factor belongs to.")
    text: PlainLine = Field(description="What the box in the diagram says.")


class FigurePath(Strict):
    label: PlainLine = Field(description="Heading of this path through the diagram.")
    outcome: PlainLine = Field(description="Where the path leads.")
    factors: list[Factor] = Field(min_length=1, description="The boxes on this path.")


class Figure(Strict):
    """A diagram as data: content/figures/<id>.yml."""

    id: Id = Field(description="Unique id, equal to the file name; used in [[figure: id]].")
    title: PlainLine = Field(description="Caption of the figure.")
    source: Id | None = Field(None, description="Citation key of the work the figure comes from.")
    start: PlainLine | None = Field(None, description="Where every path starts, shown above the paths.")
    paths: list[FigurePath] = Field(min_length=1, description="The paths through the diagram.")
    description: Text = Field(description="Text equivalent of the whole diagram.")


class TurnRef(Strict):
    """A link to one HCP turn of a dialogue, or to the better reply shown at a strained turn."""

    dialogue: Id = Field(description="Id of the dialogue.")
    turn: int = Field(ge=1, description="Number of an HCP turn in the dialogue (turns are numbered from 1).")
    better: bool = Field(False, description="true for the better reply (the turn's 'alternative') rather than what was said.")


class CodeExample(TurnRef):
    """A real turn that shows the code; the check makes sure the turn exists and carries it."""

    why: Text = Field(description="One line: what in the wording earns the code.")


class RuleExample(TurnRef):
    """A real turn the rule decides; the check makes sure the turn is coded exactly as given."""

    alliance: list[Alliance] | None = Field(None, description="The alliance parts the rule gives this turn (the turn must carry exactly these).")
    alsi: list[Alsi] | None = Field(None, description="The ALSI steps the rule gives this turn (the turn must carry exactly these; [] for none).")
    why: Text = Field(description="One line: how the rule applies to this turn.")


class CodeEntry(Strict):
    """What a codebook entry for an alliance part or an ALSI step says, besides its id and example."""

    definition: Text = Field(description="Two or three sentences (Markdown).")
    counts: list[Text] = Field(min_length=1, description="What a coder codes as this part or step.")
    does_not_count: list[Text] = Field(min_length=1, description="What looks like it but is coded otherwise, and as what.")


class PartEntry(CodeEntry):
    """One alliance part: what it is, what counts, what does not, and an example turn."""

    id: Alliance = Field(description="The alliance part this entry defines.")
    example: CodeExample = Field(description="A turn coded with this part.")


class StepEntry(CodeEntry):
    """One ALSI step: what it is, what counts, what does not, and an example turn."""

    id: Alsi = Field(description="The ALSI step this entry defines.")
    example: CodeExample = Field(description="A turn coded with this step.")


class DecisionRule(Strict):
    """An edge case coders disagreed on, settled as one rule with a turn it decides."""

    id: Id = Field(description="Stable id; the rule's anchor on the codebook page (codebook/#rule-ID).")
    title: PlainLine = Field(description="The edge case in a few words, e.g. 'Teach-back'.")
    rule: Text = Field(description="The decision, stated so two coders reach the same code (Markdown).")
    example: RuleExample | None = Field(None, description="A turn the rule decides, with the coding the rule gives it.")


class SlipEntry(Strict):
    """One of the common slips a strained turn shows."""

    id: Slip = Field(description="The slip, as written in a strained turn's 'slip' field.")
    name: PlainLine = Field(description="The slip in words, e.g. 'False reassurance'.")
    definition: Text = Field(description="One or two sentences: what the slip is (Markdown).")
    sounds_like: SlipLine = Field(description="An invented line that shows the slip (not from a dialogue).")
    instead: Text = Field(description="What to do instead, in one line.")


class Codebook(Strict):
    """The codebook every coding follows: content/codebook.yml."""

    intro: Text = Field(description="Who the codebook is for and how to use it (Markdown).")
    parts: list[PartEntry] = Field(min_length=1, description="One entry for each alliance part: bond, task, goal.")
    steps: list[StepEntry] = Field(min_length=1, description="One entry for each ALSI step: ask, listen, summarise, invite.")
    rules: list[DecisionRule] = Field(default_factory=list, description="Edge cases as decision rules.")
    slips: list[SlipEntry] = Field(min_length=1, description="One entry for each slip a strained turn can show.")


class Situation(Strict):
    """A consultation situation and the dialogues that show it: a way into the practice gallery."""

    id: Id = Field(description="Stable id; the situation's anchor on the gallery page (dialogues/#situation-ID).")
    title: PlainLine = Field(description="The situation as a provider would name it, in a few words, e.g. 'Missed appointments'.")
    dialogues: list[Id] = Field(min_length=1, description="Ids of the dialogues that show this situation, the most useful first.")


class Situations(Strict):
    """Ways into the practice gallery by situation: content/situations.yml."""

    situations: list[Situation] = Field(min_length=1, max_length=12, description="A short list: each is a link at the top of the gallery.")
