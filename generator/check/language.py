"""People-first language rules (shared/reference/language.md) applied to the handbook's own voice.

What the person with diabetes (or another non-HCP speaker) says is exempt and never passed here.
Clinical terms and quoted words are carve-outs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import Level


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    suggestion: str
    level: Level
    hcp_only: bool = False


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_CLINICAL = r"(?!\s+(?:ketoacidosis|retinopathy|neuropathy|nephropathy|kidney\s+disease|foot|macular|coma|eye|emergenc))"
# "a diabetic diet / clinic / patient" is the diabetic-setting rule's finding; do not report it twice.
_SETTING = r"(?!\s+(?:education|clinic|diet|patients?)\b)"

RULES: tuple[Rule, ...] = (
    Rule("diabetic-setting", _r(r"\bdiabetic\s+(?:education|clinic|diet|patients?)\b"),
         "diabetes education / diabetes clinic / eating plan / person with diabetes", "error"),
    Rule("diabetic-noun", _r(r"\bdiabetics\b|\bdiabetic\s+(?:person|people|man|woman|child)\b|\bbeen\s+diabetic\b|\b(?:a|the|bad|good|every)\s+diabetic\b" + _CLINICAL + _SETTING),
         "person with diabetes, person living with diabetes", "error"),
    Rule("diabetes-patient", _r(r"\bdiabetes\s+patients?\b"), "people with diabetes", "warning"),
    Rule("compliance", _r(r"\b(?:non-?)?complian(?:t|ce)\b|\b(?:non-?)?adheren(?:t|ce)\b"),
         "describe the behaviour ('takes it most mornings'); engagement, taking medicines", "error"),
    Rule("control-judgement", _r(r"\b(?:poorly|well|un)[- ]?controlled\b|\b(?:good|bad|poor)\s+control\b"),
         "glucose or A1c above / in target; time in range; managing", "warning"),
    Rule("suffering", _r(r"\bsuffer(?:s|ing|ed)?\s+(?:from|with)\b|\bsufferers?\b|\bvictims?\b|\bafflicted\b"),
         "lives with, has", "error"),
    Rule("testing", _r(r"\b(?:blood\s+)?(?:glucose|sugar)\s+test(?:s|ing)?\b"), "check, monitor", "warning"),
    Rule("good-bad-numbers", _r(r"\b(?:good|bad)\s+(?:numbers|readings|sugars)\b"), "in range, above range, below range", "warning"),
    Rule("blame", _r(r"\bcheat(?:ing|ed|s)?\b|\bnaughty\b|\bbehav(?:ed|ing)\s+badly\b"),
         "a neutral description of the food or choice", "error"),
    Rule("labels", _r(r"\bin\s+denial\b|\bunmotivated\b|\blazy\b|\bdifficult\s+patients?\b|\brefuses\b"),
         "describe the concern ('has not started insulin yet; worried about ...')", "warning"),
    Rule("failure", _r(r"\bfail(?:ed|ure|ing)?\s+(?:on|of)\s+(?:diet|metformin|tablets|oral)"),
         "'the treatment no longer keeps glucose in target'", "warning"),
    Rule("brittle", _r(r"\bbrittle\s+diabetes\b"), "diabetes with large glucose swings", "warning"),
    Rule("outdated-type", _r(r"\bjuvenile\s+diabetes\b|\bborderline\s+diabetes\b|\bmild\s+diabetes\b|\ba\s+touch\s+of\s+sugar\b"),
         "type 1 diabetes, prediabetes, type 2 diabetes", "warning"),
    Rule("directive", _r(r"\bshould(?:n['’]t)?\b|\bmust(?:n['’]t)?\b|\bnot\s+allowed\b"), "could, might consider, one option is", "suggestion", hcp_only=True),
    Rule("royal-we", _r(r"\bwe(?:['’]ll|['’]ve)?\s+(?:need|have|ought|must|should|got)\s+to\s+(?:lose|eat|take|check|cut|start|stop|exercise|get|bring|try)\b"),
         "'you might ...'; keep 'we' for shared work", "suggestion", hcp_only=True),
)

# Quoted words keep their wording (titles, what people say of themselves). Only double quotes
# count: an apostrophe is too common in prose to mark a quotation.
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
# A citation key or a link target is not prose.
_CODE = re.compile(r"\[@[^\[\]]*\]|\]\([^()]*\)|`[^`]*`")  # no '[' or '(' inside: linear on runs of them


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    matched: str

    def message(self) -> str:
        return f"people-first language: found '{self.matched}'; say instead: {self.rule.suggestion}"


# Every rule's pattern in one alternation, per voice: it matches somewhere if and only if some rule does.
_ANY = {hcp: re.compile("|".join(f"(?:{r.pattern.pattern})" for r in RULES if hcp or not r.hcp_only), re.IGNORECASE) for hcp in (False, True)}


def lint(text: str, *, hcp: bool) -> list[Hit]:
    """Every rule that matches ``text``, outside quotations, citations and link targets."""
    return list(_lint(text, hcp))


# A pure function of its text, and the costliest check: a `mkdocs serve` rebuild re-lints only the
# fields that changed (the cache holds well over the handbook's few thousand fields).
@lru_cache(maxsize=1 << 16)
def _lint(text: str, hcp: bool) -> tuple[Hit, ...]:
    masked = _CODE.sub(lambda m: " " * len(m.group()), text)
    masked = _QUOTED.sub(lambda m: " " * len(m.group()), masked)
    if not _ANY[hcp].search(masked):  # most fields match no rule: one pass instead of one per rule
        return ()
    hits = []
    for rule in RULES:
        if rule.hcp_only and not hcp:
            continue
        for match in rule.pattern.finditer(masked):
            hits.append(Hit(rule, match.start(), text[match.start() : match.end()]))
    return tuple(sorted(hits, key=lambda h: h.start))
