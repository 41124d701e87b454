"""Hostile content: the six ways Markdown let script into pages (issue 12), put into every field kind.

`poison(project)` writes, into a copy of the project, one dialogue, module, quiz and figure per
family, plus a glossary term, a reference and guidance points carrying the payloads, and returns
where each payload sits. Payloads call ``alert()``; the browser test replaces it with a flag.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.load.loader import split_front_matter

# Markdown payloads, one family each. The check must refuse every one at its file:line:column
# (a control character refuses the whole file at the first one, as any unreadable text does);
# rendered anyway (tests/browser/test_hostile.py builds them past the check), each must be inert.
FAMILIES: dict[str, str] = {
    "attr-list": "See ![x](https://invalid.invalid/a.png){: onerror=alert(1) } and [ok](https://example.org){: href=javascript:alert(2) }",
    "entity": "[more](javascript&#58;alert(3)) [b](jav&#x09;ascript:alert(3)) [c](&#x6A;avascript&#x3A;alert(3)) [d](javascript&colon;alert(3))",
    "control": "[this](\x01javascript:alert(4)) and ![img](\x02data:image/svg+xml,x)",
    "list-ref": "- [k]: javascript:alert(5)\n\nSee [click][k].",
}
# One-line fields are text: a Markdown link written into one must show as typed, never be a link.
ONE_LINE = "Fear](javascript:alert(6)) [of going low {: onclick=alert(7) }"


@dataclass(frozen=True)
class Placed:
    """A payload in a content file: its family, the file, and the line its field starts on."""

    family: str
    path: str
    line: int
    field: str


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


def _lines(text: str, path: str, locs: dict[str, tuple[Any, ...]], family: str, line_offset: int = 0) -> list[Placed]:
    return [Placed(family, path, _line(text, loc) + line_offset, name) for name, loc in locs.items()]


def _dialogue(root: Path, family: str, payload: str) -> list[Placed]:
    d = yaml.safe_load((root / "content/dialogues/teen-wants-independence.yml").read_text(encoding="utf-8"))
    d["id"] = f"hostile-{family}"
    d["title"] = ONE_LINE
    d["context"]["person"] = ONE_LINE
    d["context"]["setting"] = ONE_LINE
    d.pop("redirect_from", None)
    d["summary"] = payload
    locs: dict[str, tuple[Any, ...]] = {"summary": ("summary",)}
    for i, turn in enumerate(d["turns"]):
        if turn["speaker"] == "other":
            turn["name"] = ONE_LINE
        turn["text"] = payload
        locs[f"turns[{i}].text"] = ("turns", i, "text")
        if turn.get("note"):
            turn["note"] = payload
            locs[f"turns[{i}].note"] = ("turns", i, "note")
        if turn.get("alternative"):
            for name in ("text", "note", "reply"):
                turn["alternative"][name] = payload
                locs[f"turns[{i}].alternative.{name}"] = ("turns", i, "alternative", name)
    path = f"content/dialogues/hostile-{family}.yml"
    text = _dump(d)
    (root / path).write_text(text, encoding="utf-8")
    return _lines(text, path, locs, family)


def _module(root: Path, family: str, payload: str) -> list[Placed]:
    parts = split_front_matter((root / "content/modules/barriers.md").read_text(encoding="utf-8"))
    assert parts is not None
    front, body, _ = parts
    meta = yaml.safe_load(front)
    meta.update(id=f"hostile-{family}", title=ONE_LINE, summary=payload, objectives=[payload], order=99, dialogues=[f"hostile-{family}"])
    meta.pop("redirect_from", None)
    front_text = _dump(meta)
    path = f"content/modules/hostile-{family}.md"
    placed = _lines(front_text, path, {"summary": ("summary",), "objectives[0]": ("objectives", 0)}, family, line_offset=1)
    head = f"---\n{front_text}---\n"
    body_line = head.count("\n") + 1 + body.count("\n") + 2
    (root / path).write_text(f"{head}{body}\n\n{payload}\n", encoding="utf-8")
    return [*placed, Placed(family, path, body_line, "body")]


def _quiz(root: Path, family: str, payload: str) -> list[Placed]:
    quiz = yaml.safe_load((root / "content/quizzes/barriers.yml").read_text(encoding="utf-8"))
    reflection = next(q for q in yaml.safe_load((root / "content/quizzes/conceptual-model.yml").read_text(encoding="utf-8"))["questions"] if q["type"] == "reflection")
    quiz["id"] = f"hostile-{family}"
    quiz["questions"].append(copy.deepcopy(reflection))
    locs: dict[str, tuple[Any, ...]] = {}
    for i, q in enumerate(quiz["questions"]):
        q["prompt"] = q["explanation"] = payload
        q["hints"] = [payload]
        locs.update({f"q{i}.prompt": ("questions", i, "prompt"), f"q{i}.explanation": ("questions", i, "explanation"), f"q{i}.hints": ("questions", i, "hints", 0)})
        for j, option in enumerate(q.get("options", [])):
            for name in ("text", "feedback", "reply"):
                if name in option:
                    option[name] = payload
                    locs[f"q{i}.options[{j}].{name}"] = ("questions", i, "options", j, name)
        for j, item in enumerate(q.get("items", [])):
            item["text"] = item["feedback"] = payload
            locs.update({f"q{i}.items[{j}].text": ("questions", i, "items", j, "text"), f"q{i}.items[{j}].feedback": ("questions", i, "items", j, "feedback")})
        if isinstance(q.get("feedback"), dict):
            for part in q["feedback"]:
                q["feedback"][part] = payload
                locs[f"q{i}.feedback.{part}"] = ("questions", i, "feedback", part)
        if "model_answer" in q:
            q["model_answer"] = payload
            q["rubric"] = [payload, payload]
            locs.update({f"q{i}.model_answer": ("questions", i, "model_answer"), f"q{i}.rubric": ("questions", i, "rubric", 0)})
            locs[f"q{i}.rubric[1]"] = ("questions", i, "rubric", 1)
    path = f"content/quizzes/hostile-{family}.yml"
    text = _dump(quiz)
    (root / path).write_text(text, encoding="utf-8")
    return _lines(text, path, locs, family)


def _figure(root: Path, family: str, payload: str) -> list[Placed]:
    figure = yaml.safe_load((root / "content/figures/conceptual-model.yml").read_text(encoding="utf-8"))
    figure.update(id=f"hostile-{family}", title=ONE_LINE, description=payload)
    path = f"content/figures/hostile-{family}.yml"
    text = _dump(figure)
    (root / path).write_text(text, encoding="utf-8")
    # The figure is shown on the family's module page.
    module = root / f"content/modules/hostile-{family}.md"
    module.write_text(module.read_text(encoding="utf-8") + f"\n[[figure: hostile-{family}]]\n", encoding="utf-8")
    return _lines(text, path, {"description": ("description",)}, family)


def _singles(root: Path) -> list[Placed]:
    placed: list[Placed] = []
    glossary = yaml.safe_load((root / "content/glossary.yml").read_text(encoding="utf-8"))
    references = yaml.safe_load((root / "content/references.yml").read_text(encoding="utf-8"))
    guidance = yaml.safe_load((root / "content/guidance.yml").read_text(encoding="utf-8"))
    g_locs: dict[str, tuple[str, tuple[Any, ...]]] = {}
    r_locs: dict[str, tuple[str, tuple[Any, ...]]] = {}
    p_locs: dict[str, tuple[str, tuple[Any, ...]]] = {}
    # A control character refuses a whole file, so the files shared by all families leave it out.
    shared = [(family, payload) for family, payload in FAMILIES.items() if family != "control"]
    for k, (family, payload) in enumerate(shared):
        glossary["terms"].append({"term": f"{ONE_LINE} {k}", "definition": payload})
        g_locs[f"terms[{len(glossary['terms']) - 1}]"] = (family, ("terms", len(glossary["terms"]) - 1, "definition"))
        references["references"].append({"key": f"hostile{k}", "authors": "Doe J", "year": 2020, "title": ONE_LINE, "journal": ONE_LINE, "note": payload})
        r_locs[f"references[{len(references['references']) - 1}]"] = (family, ("references", len(references["references"]) - 1, "note"))
        point = guidance["points"][k % len(guidance["points"])]
        point["title"] = f"{ONE_LINE} {k}"
        for name in ("explanation", "do", "dont"):
            point[name] = payload
            p_locs[f"points[{k}].{name}"] = (family, ("points", k % len(guidance["points"]), name))
    for name, data, locs in (("glossary", glossary, g_locs), ("references", references, r_locs), ("guidance", guidance, p_locs)):
        path = f"content/{name}.yml"
        text = _dump(data)
        (root / path).write_text(text, encoding="utf-8")
        placed += [Placed(family, path, _line(text, loc), field) for field, (family, loc) in locs.items()]
    return placed


def poison(root: Path) -> list[Placed]:
    """Write every family into every field kind of the project at ``root``; returns each payload's place."""
    placed: list[Placed] = []
    for family, payload in FAMILIES.items():
        placed += _dialogue(root, family, payload)
        placed += _module(root, family, payload)
        placed += _quiz(root, family, payload)
        placed += _figure(root, family, payload)
    return placed + _singles(root)
