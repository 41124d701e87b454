"""The codebook's machine-checkable rules, applied to every coded turn and every better reply.

Most of coding is judgement, and the check leaves judgement alone. What it refuses is a key that
contradicts a rule a program can see from the words and the other codes: parroting keyed listen,
a strained turn that leaves out the bond, a turn keyed invite that asks nothing, a question that
only asks the person to choose keyed ask, a question to a relative keyed ask, a risk question
without task. Each finding names the decision rule (by its number in content/codebook.yml) and
what to write instead. Citations of decision rules in the text must name a rule that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.check.textfields import text_fields
from generator.errors import Finding, PathKey, Positions
from generator.model.book import Handbook
from generator.model.content import Dialogue

# Stage directions are written *(...)*; what they say is done, not said.
STAGE = re.compile(r"\*\(([^)]*)\)\*")
SENTENCE = re.compile(r"[^.?!]+[.?!]*")
# A direction that turns the provider to someone: "(To Dad.)", "(Turns to the support worker, ...)".
TURNS_TO = re.compile(r"^(?:turns |turning )?to (?:the )?([a-z][a-z ]*?)(?:[.,]|$)", re.IGNORECASE)
VOCATIVE = re.compile(r"^(?:[a-z]+ )?([A-Z][a-z]+(?: [a-z]+)?),\s")

# The check that ends a reflection or a summary (decision rule 5), as the whole question.
CHECK = re.compile(
    r"^(?:so,? )?(?:have i (?:got|understood) (?:that|it|this|you) right|is that (?:right|close|fair|it|about right)"
    r"|have i missed anything|anything you'd change|did i get that right)\W*$"
)
# Questions that only ask the person to choose among what is offered (decision rule 9).
CHOICE = re.compile(r"\bwhich (?:of (?:those|these|them)|one)\b|\bwhat would suit you\b|\bdo any of (?:those|these)\b|\bwork better (?:than|for you)\b")
# Asking permission (decision rule 7): "Would it be all right if...", "Can I explain...".
PERMISSION = re.compile(
    r"^(?:would it be (?:all right|ok|okay)|would you like (?:to hear|me to|to look|to go)|would it help (?:to hear|if i)"
    r"|(?:can|could|may|shall) i (?:give|add|explain|show|go through|tell)|is (?:now|this) (?:ok|a good time)|are you happy for)\b"
)
# A question word heading the question's last clause: "So I know I've shown it, what would make you ring?"
# asks for the person's view; a yes-or-no question ("Shall I go through them, one at a time?") can
# offer something. "How does that sound?" asks about an offer, so it is not counted here.
WH = re.compile(r"^(?:and |so |but )?(?:what|how(?! about| does that sound)|where|when|why|who)\b")
# "What would help most?" can close a list of options (an invitation) or open a new topic (a
# question), so it never makes a key wrong: it only counts as a question that can invite.
PICK = re.compile(r"\bwhat would (?:help|suit|work)\b")
# Advice phrased as a question (decision rule 3).
ADVICE = re.compile(r"^(?:have you (?:thought about|tried|considered)|why don't you|why not)\b")
# A direct question about a risk to the person's safety (decision rule 12).
RISK = re.compile(r"\b(?:harm(?:ing)? yourself|self-harm|not wanting to be here|(?:life|it) (?:itself )?(?:isn't|is not) worth|worth living|your mood)\b")
# A request or an indirect question that asks without a question mark: "Talk me through a night",
# "Tell me back...", "I wondered how things are going".
REQUEST = re.compile(r"\b(?:tell me|talk me through|walk me through|take me through|i wondered|i was wondering|i'd like to hear)\b", re.IGNORECASE)
# Words that hand over a decision without a question: "Your call", "you choose", "the offer's still there".
HANDOVER = re.compile(
    r"\b(?:your (?:call|choice|decision)|you choose|choose nothing|if you want (?:them|it|to)|the offer's still there"
    r"|whenever you're ready|up to you|either, both,? or neither)\b",
    re.IGNORECASE,
)
# Markdown links and attribute lists are never speech: a turn that carries them is left to the link
# and markup checks, and the rules below that read the words do not guess at it.
NOT_SPEECH = re.compile(r"\]\(|\]\s*:|\]\[|\{:")
CITED = re.compile(r"\b(decision rule|edge case)s? (\d+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    text: str  # lower case, without stage directions
    to_person: bool
    to: str  # who it is addressed to, for messages


@dataclass(frozen=True)
class Coded:
    """A coded turn or better reply: where its fields are, what it says and how it is keyed."""

    pos: Positions
    loc: PathKey
    label: str
    text: str
    alliance: Sequence[str]
    alsi: Sequence[str]
    strains: bool
    slips: Sequence[str]


TITLES = {
    "advice-as-question": "advice phrased as a question",
    "reflection-or-summary": "reflection or summary",
    "safety-netting": "permission and information",
    "strained-turns": "strained turns",
    "choice-questions": "choice questions",
    "echoes": "echoes, parroting and acceptance",
    "third-parties": "relatives, support workers and interpreters",
    "risk-questions": "questions about risk",
}


class Rules:
    """Names each rule as the codebook numbers it ("decision rule 8"), or by its title without one."""

    def __init__(self, book: Handbook) -> None:
        rules = book.codebook.model.rules if book.codebook else []
        self.numbers = {r.id: n for n, r in enumerate(rules, start=1)}
        self.count = len(rules)

    def __call__(self, rule_id: str) -> str:
        if rule_id in self.numbers:
            return f"decision rule {self.numbers[rule_id]}"
        return f"the codebook's rule on {TITLES.get(rule_id, rule_id)}"


def questions(text: str, person: str, others: set[str]) -> list[Question]:
    """The questions a turn asks, each with whether it is addressed to the person with diabetes."""
    to_person, to = True, person or "the person"
    found: list[Question] = []
    pieces = STAGE.split(text)  # even: spoken text; odd: stage directions
    for i, piece in enumerate(pieces):
        if i % 2:
            m = TURNS_TO.match(piece.strip())
            if m and m.group(1).lower() in others:
                to_person, to = False, m.group(1)
            continue
        for sentence in SENTENCE.findall(piece):
            s = sentence.strip()
            m = VOCATIVE.match(s)
            if m and (m.group(1) == person or m.group(1).lower() in others):
                to_person, to = m.group(1) == person, m.group(1)
            if s.endswith("?"):
                found.append(Question(s.lower().replace("’", "'"), to_person, to))
    return found


def _can_invite(question: str) -> bool:
    """Whether a question can hand the person a say: a choice, a permission, or a yes-or-no offer;
    not the check that ends a summary, and not an open question about their view."""
    if CHECK.match(question):
        return False
    if CHOICE.search(question) or PERMISSION.match(question) or PICK.search(question):
        return True
    return not WH.match(question.rsplit(",", 1)[-1].strip())


def check_coded(c: Coded, person: str, others: set[str], rule: Rules) -> Iterator[Finding]:
    """Every machine-checkable rule, on one coded turn or better reply."""
    alsi_at: PathKey = (*c.loc, "alsi")
    found_alsi = f"found alsi: [{', '.join(c.alsi)}]"
    qs = questions(c.text, person, others)
    mine = [q for q in qs if q.to_person]
    open_qs = [q for q in mine if not CHECK.match(q.text)]

    if "parroting" in c.slips and "listen" in c.alsi:
        yield c.pos.finding(alsi_at, f"{c.label}: an echo that strains is the slip parroting, which takes no ALSI step ({rule('echoes')}); {found_alsi}. Leave listen out, or drop the slip if the echo shows understanding", rule="keys")
    if "advice-as-question" in c.slips and "ask" in c.alsi:
        yield c.pos.finding(alsi_at, f"{c.label}: advice phrased as a question is not ask ({rule('advice-as-question')}); {found_alsi}. Leave ask out", rule="keys")
    if "invitation-in-name-only" in c.slips and "invite" in c.alsi:
        yield c.pos.finding(alsi_at, f"{c.label}: an invitation in name only takes no invite step ({rule('strained-turns')}); {found_alsi}. Leave invite out", rule="keys")
    if "summary-into-advice" in c.slips and "summarise" not in c.alsi:
        yield c.pos.finding(alsi_at, f"{c.label}: a summary into advice is still a summary ({rule('strained-turns')}); {found_alsi}. Add summarise", rule="keys")
    if c.strains and "bond" not in c.alliance:
        wanted = ", ".join([*c.alliance, "bond"])
        yield c.pos.finding((*c.loc, "alliance"), f"{c.label}: a strained turn always strains the bond ({rule('strained-turns')}); found alliance: [{', '.join(c.alliance)}]. Write alliance: [{wanted}]", rule="keys")

    if NOT_SPEECH.search(c.text):
        return
    if "invite" in c.alsi and not HANDOVER.search(c.text) and not any(_can_invite(q.text) for q in mine):
        yield c.pos.finding(alsi_at, f"{c.label}: coded invite, but nothing in it asks permission, offers a choice or hands over a decision (its questions, if any, ask for the person's view or check a summary); information given after permission takes no ALSI step ({rule('safety-netting')}). Leave invite out, or write the question that gives the person a say", rule="keys")
    if "ask" in c.alsi:
        if not qs and not REQUEST.search(c.text):
            yield c.pos.finding(alsi_at, f"{c.label}: coded ask, but it asks nothing: no question, and no request such as 'tell me' or 'I wondered'. Leave ask out", rule="keys")
        elif qs and not mine:
            yield c.pos.finding(alsi_at, f"{c.label}: its questions go to {qs[0].to}, not to the person with diabetes; a question to someone else takes no ALSI step ({rule('third-parties')}). Leave ask out", rule="keys")
        elif mine and not open_qs and not REQUEST.search(c.text):
            yield c.pos.finding(alsi_at, f"{c.label}: its only question, “{mine[0].text}”, checks a reflection or a summary; the check belongs to listen or summarise, not ask ({rule('reflection-or-summary')}). Leave ask out", rule="keys")
        elif open_qs and all(CHOICE.search(q.text) for q in open_qs) and not REQUEST.search(c.text) and "invite" in c.alsi:
            yield c.pos.finding(alsi_at, f"{c.label}: its only question, “{open_qs[0].text}”, asks the person to choose, which is invite, not ask ({rule('choice-questions')}); {found_alsi}. Leave ask out", rule="keys")
        elif open_qs and all(PERMISSION.match(q.text) for q in open_qs) and not REQUEST.search(c.text):
            yield c.pos.finding(alsi_at, f"{c.label}: its only question, “{open_qs[0].text}”, asks permission, which is invite, not ask ({rule('safety-netting')}). Write invite instead of ask", rule="keys")
        elif open_qs and all(ADVICE.match(q.text) for q in open_qs) and not REQUEST.search(c.text):
            yield c.pos.finding(alsi_at, f"{c.label}: its only question, “{open_qs[0].text}”, is advice phrased as a question, which takes no ALSI step ({rule('advice-as-question')}). Leave ask out", rule="keys")
    if any(CHOICE.search(q.text) for q in open_qs) and "invite" not in c.alsi:
        choice = next(q.text for q in open_qs if CHOICE.search(q.text))
        only = all(CHOICE.search(q.text) for q in open_qs) and "ask" in c.alsi and not REQUEST.search(c.text)
        todo = "Write invite instead of ask" if only else "Add invite"
        yield c.pos.finding(alsi_at, f"{c.label}: “{choice}” asks the person to choose, which is invite, not ask ({rule('choice-questions')}); {found_alsi}. {todo}", rule="keys")
    if not c.strains and open_qs and RISK.search(c.text.lower()):
        missing = [name for name, codes, code in (("alliance", c.alliance, "task"), ("alsi", c.alsi, "ask")) if code not in codes]
        for name in missing:
            code = "task" if name == "alliance" else "ask"
            codes = c.alliance if name == "alliance" else c.alsi
            yield c.pos.finding((*c.loc, name), f"{c.label}: a direct question about risk is ask and task ({rule('risk-questions')}); found {name}: [{', '.join(codes)}]. Add {code}", rule="keys")


def _coded(doc_pos: Positions, d: Dialogue) -> Iterator[Coded]:
    for i, turn in enumerate(d.turns):
        if turn.speaker != "hcp" or turn.alliance is None or turn.alsi is None:
            continue
        loc: PathKey = ("turns", i)
        yield Coded(doc_pos, loc, f"turn {i + 1}", turn.text, turn.alliance, turn.alsi, turn.effect == "strains", turn.slips)
        if turn.alternative:
            alt = turn.alternative
            yield Coded(doc_pos, (*loc, "alternative"), f"turn {i + 1}, the better reply", alt.text, alt.alliance, alt.alsi, False, [])
    for i, node in enumerate(d.nodes):
        if node.speaker == "hcp" and node.alliance is not None and node.alsi is not None:
            yield Coded(doc_pos, ("nodes", i), f"node '{node.id}'", node.text, node.alliance, node.alsi, node.effect == "strains", node.slips)


def check_citations(book: Handbook, rule: Rules) -> Iterator[Finding]:
    """'decision rule N' names a rule the codebook has; the old 'edge case N' is refused."""
    if book.codebook is None:
        return
    for field in list(text_fields(book)):
        for m in CITED.finditer(field.text):
            line, col = field.position(m.start())
            n = int(m.group(2))
            if m.group(1).lower() == "edge case":
                yield Finding(field.path, line, col, f"expected 'decision rule {n}', found '{m.group(0)}'; the codebook numbers its decision rules", rule="keys")
            elif not 1 <= n <= rule.count:
                yield Finding(field.path, line, col, f"'{m.group(0)}' names no rule: the codebook has decision rules 1 to {rule.count}", rule="keys")


def check_keys(book: Handbook) -> Iterator[Finding]:
    rule = Rules(book)
    for doc in book.dialogues:
        d = doc.model
        person = (d.context.person or "").split(",")[0].strip()
        others = {t.name.lower() for t in [*d.turns, *d.nodes] if t.speaker == "other" and t.name}
        for coded in _coded(doc.pos, d):
            yield from check_coded(coded, person, others, rule)
    yield from check_citations(book, rule)
